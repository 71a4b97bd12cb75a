//! `--state FILE`: the whole state as JSON, loaded at start and written atomically
//! (temporary file in the same folder, then rename) after every change.

use crate::state::State;
use std::io::Write;
use std::path::Path;

/// Load the state file; a missing file is an empty state.
pub fn load(path: &Path) -> Result<State, String> {
    match std::fs::read(path) {
        Ok(bytes) if bytes.iter().all(|b| b.is_ascii_whitespace()) => Ok(State::default()),
        Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| format!("cannot parse state file {}: {e}", path.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(State::default()),
        Err(e) => Err(format!("cannot read state file {}: {e}", path.display())),
    }
}

/// Serialize the state (with the signing key) to bytes.
pub fn serialize(state: &State) -> Vec<u8> {
    serde_json::to_vec_pretty(state).unwrap_or_default()
}

/// Write `bytes` to `path` atomically: a temporary file in the same folder (mode 0600
/// from the start: it holds the signing key and verifiers), written and fsynced, renamed
/// over `path`, then the folder fsynced. A crash (even `kill -9`) at any point leaves
/// either the old or the new file, never a mix.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_else(|| "state.json".into());
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    {
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create(true).truncate(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let mut f = options.open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // In case the temporary file already existed with wider permissions.
        let _ = std::fs::set_permissions(&tmp, std::fs::Permissions::from_mode(0o600));
    }
    std::fs::rename(&tmp, path)?;
    #[cfg(unix)]
    if let Ok(d) = std::fs::File::open(dir) {
        // Make the rename itself durable (power loss); best effort.
        let _ = d.sync_all();
    }
    Ok(())
}

/// Removes temporary files left next to `path` by emulators that were killed mid-write
/// (`.<name>.tmp-<pid>` of another pid). They never hold anything the state file lacks.
pub fn remove_stale_temp_files(path: &Path) {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let Some(name) = path.file_name().map(|n| n.to_string_lossy().to_string()) else { return };
    let prefix = format!(".{name}.tmp-");
    let own = format!("{prefix}{}", std::process::id());
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let file = e.file_name().to_string_lossy().to_string();
        if file.starts_with(&prefix) && file != own && file[prefix.len()..].chars().all(|c| c.is_ascii_digit()) {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_file_is_empty_and_round_trip_works() {
        let dir = std::env::temp_dir().join(format!("cogemu-persist-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("s.json");
        let _ = std::fs::remove_file(&p);
        assert!(load(&p).unwrap().pools.is_empty());
        let st = State { signing_key_pem: Some("pem".into()), ..Default::default() };
        write_atomic(&p, &serialize(&st)).unwrap();
        assert_eq!(load(&p).unwrap().signing_key_pem.as_deref(), Some("pem"));
        std::fs::write(&p, b"{not json").unwrap();
        assert!(load(&p).is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
