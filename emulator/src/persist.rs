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

/// Write `bytes` to `path` atomically.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_else(|| "state.json".into());
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // The file holds the signing key and verifiers: owner only.
        let _ = std::fs::set_permissions(&tmp, std::fs::Permissions::from_mode(0o600));
    }
    std::fs::rename(&tmp, path)
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
