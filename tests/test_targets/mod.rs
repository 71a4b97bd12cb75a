//! With `autotests = false` (Cargo.toml), a file in `tests/` runs only if a `[[test]]` target
//! is that file or names it in a `#[path = "..."]` module: this check makes a file that is
//! neither fail the suite instead of being skipped without a word. Shared by the root crate
//! (tests/offline.rs) and the emulator (emulator/tests/http.rs).

use std::fs;
use std::path::Path;

/// Every `tests/*.rs` of the crate at `manifest_dir` is a test target of its Cargo.toml or a
/// `#[path]` module of one.
pub fn assert_every_test_file_runs(manifest_dir: &str) {
    let root = Path::new(manifest_dir);
    let manifest = fs::read_to_string(root.join("Cargo.toml")).expect("read Cargo.toml");
    let targets: Vec<String> = manifest
        .lines()
        .filter_map(|line| line.trim().strip_prefix("path = \"tests/")?.strip_suffix('"').map(str::to_string))
        .collect();
    assert!(!targets.is_empty(), "no [[test]] target in {}", root.join("Cargo.toml").display());
    let mut included = targets.clone();
    for target in &targets {
        let source = fs::read_to_string(root.join("tests").join(target)).unwrap_or_else(|e| panic!("read tests/{target}: {e}"));
        included.extend(source.lines().filter_map(|line| line.trim().strip_prefix("#[path = \"")?.strip_suffix("\"]").map(str::to_string)));
    }
    let mut missing = Vec::new();
    for entry in fs::read_dir(root.join("tests")).expect("read tests/") {
        let name = entry.expect("tests/ entry").file_name().to_string_lossy().into_owned();
        if name.ends_with(".rs") && !included.contains(&name) {
            missing.push(name);
        }
    }
    assert!(missing.is_empty(), "tests/{missing:?} belong to no [[test]] target: add each to one (Cargo.toml, or a #[path] module of a target's file)");
}
