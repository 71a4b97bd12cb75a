//! The store behind the in-memory state: SQLite (WAL mode), a file with `--state FILE`, an
//! in-memory database without. One row per pool (settings, clients, revocations; no users,
//! no outbox), one per user, one per outbox message, and the signing key. An operation's
//! changes are written in one transaction, committed before the operation is answered;
//! SQLite's journal makes a `kill -9` at any moment keep exactly the committed ones.
//!
//! A `--state` file in the JSON format of earlier versions is converted at start: the JSON
//! is kept as `FILE.json.bak` and FILE becomes the SQLite database.

use crate::state::identity::{Identity, IdentityPool, IdentityState};
use crate::state::{Message, Outbox, Pool, State, TrackedMap, User, UserMap};
use serde::{de::DeserializeOwned, Serialize};
use rusqlite::{params, Connection, OptionalExtension};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS pools (id TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS users (pool_id TEXT NOT NULL, username TEXT NOT NULL, data TEXT NOT NULL,
                                  PRIMARY KEY (pool_id, username));
CREATE TABLE IF NOT EXISTS messages (pool_id TEXT NOT NULL, seq INTEGER NOT NULL, data TEXT NOT NULL,
                                     PRIMARY KEY (pool_id, seq));
CREATE TABLE IF NOT EXISTS identity_pools (id TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS identities (id TEXT PRIMARY KEY, pool_id TEXT NOT NULL, data TEXT NOT NULL);
";
/// 2 added the identity-pool tables. A version-1 file is upgraded in place when opened: the
/// schema above creates the missing tables (empty), and the version is rewritten.
const SCHEMA_VERSION: &str = "2";
const UPGRADABLE_VERSIONS: [&str; 1] = ["1"];
const SQLITE_HEADER: &[u8] = b"SQLite format 3\0";

fn db_err(what: &str) -> impl Fn(rusqlite::Error) -> String + '_ {
    move |e| format!("state store: {what}: {e}")
}

fn json_err(what: &str) -> impl Fn(serde_json::Error) -> String + '_ {
    move |e| format!("state store: {what}: {e}")
}

/// The SQLite connection and what it last wrote.
pub struct Store {
    conn: Connection,
    /// Pool rows as last written (to skip rewriting an unchanged pool).
    saved_pools: HashMap<String, String>,
    saved_signing_key: Option<String>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Store { .. }")
    }
}

impl Store {
    /// An empty in-memory database (no `--state`).
    pub fn in_memory() -> Store {
        let conn = Connection::open_in_memory().expect("SQLite cannot open an in-memory database");
        let store = Store { conn, saved_pools: HashMap::new(), saved_signing_key: None };
        store.conn.execute_batch(SCHEMA).expect("SQLite cannot create the schema in memory");
        store
    }

    /// Open (or create) the database file at `path`, locked for this process.
    fn open_file(path: &Path) -> Result<Store, String> {
        create_private(path)?;
        let conn = Connection::open(path).map_err(|e| format!("cannot open state file {}: {e}", path.display()))?;
        let store = Store { conn, saved_pools: HashMap::new(), saved_signing_key: None };
        // EXCLUSIVE: a second emulator on the same file fails at start instead of both
        // serving diverging copies. FULL: a commit is on disk (WAL fsynced) before the
        // answer, as the JSON file was (rename + fsync).
        store
            .conn
            .execute_batch("PRAGMA locking_mode = EXCLUSIVE; PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;")
            .and_then(|_| store.conn.execute_batch(&format!("BEGIN IMMEDIATE; {SCHEMA} COMMIT;")))
            .map_err(|e| match e.sqlite_error_code() {
                Some(rusqlite::ErrorCode::DatabaseBusy) | Some(rusqlite::ErrorCode::DatabaseLocked) => {
                    format!("state file {} is in use by another emulator", path.display())
                }
                _ => format!("cannot use state file {}: {e}", path.display()),
            })?;
        let version: Option<String> =
            store.conn.query_row("SELECT value FROM meta WHERE key = 'schema'", [], |r| r.get(0)).optional().map_err(db_err("read schema"))?;
        match version.as_deref() {
            None => {
                store.conn.execute("INSERT INTO meta (key, value) VALUES ('schema', ?1)", [SCHEMA_VERSION]).map_err(db_err("write schema"))?;
            }
            Some(SCHEMA_VERSION) => {}
            Some(v) if UPGRADABLE_VERSIONS.contains(&v) => {
                store.conn.execute("UPDATE meta SET value = ?1 WHERE key = 'schema'", [SCHEMA_VERSION]).map_err(db_err("write schema"))?;
            }
            Some(v) => return Err(format!("state file {} has schema version {v}; this emulator knows {SCHEMA_VERSION}", path.display())),
        }
        Ok(store)
    }

    /// Everything in the database: the pools (with users and outboxes), the identity pools
    /// and identities, and the signing key.
    fn load_all(&mut self) -> Result<(TrackedMap<Pool>, IdentityState, Option<String>), String> {
        let mut pools: BTreeMap<String, Pool> = BTreeMap::new();
        {
            let mut q = self.conn.prepare("SELECT id, data FROM pools").map_err(db_err("read pools"))?;
            let rows = q.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))).map_err(db_err("read pools"))?;
            for row in rows {
                let (id, data) = row.map_err(db_err("read pools"))?;
                let pool: Pool = serde_json::from_str(&data).map_err(json_err("parse a pool"))?;
                self.saved_pools.insert(id.clone(), data);
                pools.insert(id, pool);
            }
        }
        {
            let mut q = self.conn.prepare("SELECT pool_id, username, data FROM users").map_err(db_err("read users"))?;
            let rows = q
                .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)))
                .map_err(db_err("read users"))?;
            for row in rows {
                let (pool_id, username, data) = row.map_err(db_err("read users"))?;
                let user: User = serde_json::from_str(&data).map_err(json_err("parse a user"))?;
                if let Some(p) = pools.get_mut(&pool_id) {
                    p.users.set_untracked(username, Some(user));
                }
            }
        }
        for (id, pool) in pools.iter_mut() {
            pool.outbox = self.load_outbox(id)?;
        }
        let key: Option<String> = self
            .conn
            .query_row("SELECT value FROM meta WHERE key = 'signing_key_pem'", [], |r| r.get(0))
            .optional()
            .map_err(db_err("read the signing key"))?;
        self.saved_signing_key = key.clone();
        let identity = IdentityState { pools: self.load_rows("identity_pools")?, identities: self.load_rows("identities")? };
        Ok((pools.into_iter().collect(), identity, key))
    }

    /// Every row of a table of `(id, data)` rows.
    fn load_rows<V: DeserializeOwned>(&self, table: &str) -> Result<TrackedMap<V>, String> {
        let mut q = self.conn.prepare(&format!("SELECT id, data FROM {table}")).map_err(db_err("read rows"))?;
        let rows = q.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))).map_err(db_err("read rows"))?;
        let mut map = TrackedMap::default();
        for row in rows {
            let (id, data) = row.map_err(db_err("read rows"))?;
            map.set_untracked(id, Some(serde_json::from_str(&data).map_err(json_err("parse a row"))?));
        }
        Ok(map)
    }

    /// One row of a table of `(id, data)` rows.
    fn load_row<V: DeserializeOwned>(&self, table: &str, id: &str) -> Result<Option<V>, String> {
        let data: Option<String> =
            self.conn.query_row(&format!("SELECT data FROM {table} WHERE id = ?1"), [id], |r| r.get(0)).optional().map_err(db_err("read a row"))?;
        data.map(|d| serde_json::from_str(&d).map_err(json_err("parse a row"))).transpose()
    }

    /// Reads the identity pools and identities the current operation touched back from the
    /// store (a rollback).
    pub fn reload_identity(&self, identity: &mut IdentityState) -> Result<(), String> {
        for id in identity.pools.touched().clone() {
            let row = self.load_row::<IdentityPool>("identity_pools", &id)?;
            identity.pools.set_untracked(id, row);
        }
        for id in identity.identities.touched().clone() {
            let row = self.load_row::<Identity>("identities", &id)?;
            identity.identities.set_untracked(id, row);
        }
        Ok(())
    }

    /// A pool's row (settings, clients, revocations), without users and outbox.
    pub fn load_pool(&self, id: &str) -> Result<Option<Pool>, String> {
        let data: Option<String> =
            self.conn.query_row("SELECT data FROM pools WHERE id = ?1", [id], |r| r.get(0)).optional().map_err(db_err("read a pool"))?;
        data.map(|d| serde_json::from_str(&d).map_err(json_err("parse a pool"))).transpose()
    }

    pub fn load_user(&self, pool_id: &str, username: &str) -> Result<Option<User>, String> {
        let data: Option<String> = self
            .conn
            .query_row("SELECT data FROM users WHERE pool_id = ?1 AND username = ?2", [pool_id, username], |r| r.get(0))
            .optional()
            .map_err(db_err("read a user"))?;
        data.map(|d| serde_json::from_str(&d).map_err(json_err("parse a user"))).transpose()
    }

    pub fn load_users(&self, pool_id: &str) -> Result<UserMap, String> {
        let mut q = self.conn.prepare_cached("SELECT username, data FROM users WHERE pool_id = ?1").map_err(db_err("read users"))?;
        let rows = q.query_map([pool_id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))).map_err(db_err("read users"))?;
        let mut users = UserMap::default();
        for row in rows {
            let (name, data) = row.map_err(db_err("read users"))?;
            users.set_untracked(name, Some(serde_json::from_str(&data).map_err(json_err("parse a user"))?));
        }
        Ok(users)
    }

    pub fn load_outbox(&self, pool_id: &str) -> Result<Outbox, String> {
        let mut q =
            self.conn.prepare_cached("SELECT seq, data FROM messages WHERE pool_id = ?1 ORDER BY seq").map_err(db_err("read messages"))?;
        let rows = q.query_map([pool_id], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))).map_err(db_err("read messages"))?;
        let mut first = None;
        let mut items = vec![];
        for row in rows {
            let (seq, data) = row.map_err(db_err("read messages"))?;
            first.get_or_insert(seq);
            items.push(serde_json::from_str::<Message>(&data).map_err(json_err("parse a message"))?);
        }
        Ok(Outbox::from_saved(items, first.unwrap_or(0)))
    }

    /// Write the touched pools (and in them the touched users and the outbox changes) and
    /// the signing key in one transaction. Nothing is written on error.
    pub fn write_changes(&mut self, pools: &TrackedMap<Pool>, identity: &IdentityState, signing_key_pem: Option<&str>) -> Result<(), String> {
        let key_changed = signing_key_pem.is_some() && signing_key_pem != self.saved_signing_key.as_deref();
        if pools.touched().is_empty() && identity.pools.touched().is_empty() && identity.identities.touched().is_empty() && !key_changed {
            return Ok(());
        }
        let tx = self.conn.transaction().map_err(db_err("begin"))?;
        let mut rows_written: Vec<(String, Option<String>)> = vec![];
        for id in pools.touched() {
            let Some(pool) = pools.get(id) else {
                for sql in ["DELETE FROM pools WHERE id = ?1", "DELETE FROM users WHERE pool_id = ?1", "DELETE FROM messages WHERE pool_id = ?1"] {
                    tx.execute(sql, [id]).map_err(db_err("delete a pool"))?;
                }
                rows_written.push((id.clone(), None));
                continue;
            };
            let row = serde_json::to_string(pool).map_err(json_err("serialize a pool"))?;
            let whole = pools.was_replaced(id);
            if whole || self.saved_pools.get(id) != Some(&row) {
                tx.execute("INSERT OR REPLACE INTO pools (id, data) VALUES (?1, ?2)", params![id, row]).map_err(db_err("write a pool"))?;
            }
            if whole {
                tx.execute("DELETE FROM users WHERE pool_id = ?1", [id]).map_err(db_err("write users"))?;
                tx.execute("DELETE FROM messages WHERE pool_id = ?1", [id]).map_err(db_err("write messages"))?;
            }
            {
                let mut put = tx.prepare_cached("INSERT OR REPLACE INTO users (pool_id, username, data) VALUES (?1, ?2, ?3)").map_err(db_err("write a user"))?;
                let mut del = tx.prepare_cached("DELETE FROM users WHERE pool_id = ?1 AND username = ?2").map_err(db_err("delete a user"))?;
                let keys: Box<dyn Iterator<Item = &String>> = if whole { Box::new(pool.users.keys()) } else { Box::new(pool.users.touched().iter()) };
                for key in keys {
                    match pool.users.get(key) {
                        Some(u) => put.execute(params![id, key, serde_json::to_string(u).map_err(json_err("serialize a user"))?]),
                        None => del.execute(params![id, key]),
                    }
                    .map_err(db_err("write a user"))?;
                }
                let mut add = tx.prepare_cached("INSERT OR REPLACE INTO messages (pool_id, seq, data) VALUES (?1, ?2, ?3)").map_err(db_err("write a message"))?;
                let messages: Box<dyn Iterator<Item = (i64, &Message)>> = if whole { Box::new(pool.outbox.numbered()) } else { Box::new(pool.outbox.unsaved()) };
                for (seq, m) in messages {
                    add.execute(params![id, seq, serde_json::to_string(m).map_err(json_err("serialize a message"))?]).map_err(db_err("write a message"))?;
                }
            }
            tx.execute("DELETE FROM messages WHERE pool_id = ?1 AND seq < ?2", params![id, pool.outbox.first_seq()]).map_err(db_err("drop old messages"))?;
            rows_written.push((id.clone(), Some(row)));
        }
        write_rows(&tx, "identity_pools", &identity.pools, |_: &IdentityPool| None)?;
        write_rows(&tx, "identities", &identity.identities, |i: &Identity| Some(i.pool_id.as_str()))?;
        if key_changed {
            tx.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('signing_key_pem', ?1)", [signing_key_pem]).map_err(db_err("write the signing key"))?;
        }
        tx.commit().map_err(db_err("commit"))?;
        for (id, row) in rows_written {
            match row {
                Some(r) => self.saved_pools.insert(id, r),
                None => self.saved_pools.remove(&id),
            };
        }
        if key_changed {
            self.saved_signing_key = signing_key_pem.map(str::to_string);
        }
        Ok(())
    }
}

/// Writes the touched entries of `map` to `table` (rows `(id, data)`, or `(id, pool_id,
/// data)` when `pool_of` names a pool), deleting the removed ones.
fn write_rows<V: Serialize>(tx: &rusqlite::Transaction, table: &str, map: &TrackedMap<V>, pool_of: impl Fn(&V) -> Option<&str>) -> Result<(), String> {
    for id in map.touched() {
        match map.get(id) {
            Some(v) => {
                let data = serde_json::to_string(v).map_err(json_err("serialize a row"))?;
                match pool_of(v) {
                    Some(pool) => tx.execute(&format!("INSERT OR REPLACE INTO {table} (id, pool_id, data) VALUES (?1, ?2, ?3)"), params![id, pool, data]),
                    None => tx.execute(&format!("INSERT OR REPLACE INTO {table} (id, data) VALUES (?1, ?2)"), params![id, data]),
                }
            }
            None => tx.execute(&format!("DELETE FROM {table} WHERE id = ?1"), [id]),
        }
        .map_err(db_err("write a row"))?;
    }
    Ok(())
}

impl Store {
    /// Fold the write-ahead log into the database file and empty it, so that FILE alone
    /// holds everything (for a shutdown: the process may exit without closing the store).
    pub fn checkpoint(&self) -> Result<(), String> {
        self.conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(())).map_err(db_err("checkpoint"))
    }
}

/// Create `path` readable by its owner only (it holds the signing key and verifiers);
/// SQLite gives its journal the same permissions.
fn create_private(path: &Path) -> Result<(), String> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path).map(|_| ()).map_err(|e| format!("cannot create state file {}: {e}", path.display()))
}

/// Open the `--state` file (converting a JSON file of earlier versions first) and load it.
pub fn load(path: &Path) -> Result<State, String> {
    match std::fs::read(path) {
        Ok(bytes) if !bytes.is_empty() && !bytes.starts_with(SQLITE_HEADER) => convert_json(path, &bytes)?,
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(format!("cannot read state file {}: {e}", path.display())),
    }
    let mut store = Store::open_file(path)?;
    let (pools, identity, key) = store.load_all()?;
    Ok(State::from_store(store, pools, identity, key))
}

/// The JSON state file of earlier versions.
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct JsonState {
    #[serde(default)]
    pools: BTreeMap<String, Pool>,
    #[serde(default)]
    signing_key_pem: Option<String>,
}

/// Where the JSON state file is kept when it is converted.
pub fn json_backup_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".json.bak");
    path.with_file_name(name)
}

fn temp_path(path: &Path) -> PathBuf {
    let name = path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_else(|| "state".into());
    path.with_file_name(format!(".{name}.tmp-{}", std::process::id()))
}

/// Convert a JSON state file into a SQLite database in place: the database is built in a
/// temporary file, the JSON is copied to `FILE.json.bak`, and the database is renamed over
/// FILE. A crash at any point leaves FILE as either the JSON or the complete database.
fn convert_json(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let doc: JsonState = if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        JsonState { pools: BTreeMap::new(), signing_key_pem: None }
    } else {
        serde_json::from_slice(bytes).map_err(|e| format!("cannot parse state file {} (neither SQLite nor JSON): {e}", path.display()))?
    };
    let backup = json_backup_path(path);
    match std::fs::read(&backup) {
        Ok(old) if old != bytes => {
            return Err(format!("cannot convert the JSON state file {}: {} exists; move it away first", path.display(), backup.display()))
        }
        _ => {}
    }
    let tmp = temp_path(path);
    remove_with_journal(&tmp);
    {
        let mut store = Store::open_file(&tmp)?;
        let mut pools = TrackedMap::default();
        for (id, pool) in doc.pools {
            pools.insert(id, pool);
        }
        store.write_changes(&pools, &IdentityState::default(), doc.signing_key_pem.as_deref())?;
        // Dropping the connection checkpoints the WAL into the file and removes it.
    }
    std::fs::copy(path, &backup).and_then(|_| std::fs::File::open(&backup)?.sync_all()).map_err(|e| format!("cannot write {}: {e}", backup.display()))?;
    std::fs::rename(&tmp, path).map_err(|e| format!("cannot replace {}: {e}", path.display()))?;
    sync_dir(path);
    eprintln!("cognito-emulator: converted the JSON state file {} to SQLite (the JSON is kept as {})", path.display(), backup.display());
    Ok(())
}

fn remove_with_journal(p: &Path) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut s = p.as_os_str().to_os_string();
        s.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(s));
    }
}

fn sync_dir(path: &Path) {
    #[cfg(unix)]
    if let Ok(d) = std::fs::File::open(path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."))) {
        let _ = d.sync_all();
    }
}

/// Removes temporary files left next to `path` by emulators killed while converting a JSON
/// state file, or while writing one in earlier versions (`.<name>.tmp-<pid>`, with SQLite's
/// journal suffixes, of another pid). They never hold anything the state file lacks.
pub fn remove_stale_temp_files(path: &Path) {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let Some(name) = path.file_name().map(|n| n.to_string_lossy().to_string()) else { return };
    let prefix = format!(".{name}.tmp-");
    let own = std::process::id().to_string();
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let file = e.file_name().to_string_lossy().to_string();
        let Some(rest) = file.strip_prefix(&prefix) else { continue };
        let pid = ["-wal", "-shm", "-journal"].iter().find_map(|s| rest.strip_suffix(s)).unwrap_or(rest);
        if pid != own && !pid.is_empty() && pid.chars().all(|c| c.is_ascii_digit()) {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(tag: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("cogemu-persist-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn missing_file_is_empty_and_round_trip_works() {
        let dir = temp_dir("round");
        let p = dir.join("s.db");
        let mut st = load(&p).unwrap();
        assert!(st.pools.is_empty());
        st.signing_key_pem = Some("pem".into());
        st.commit().unwrap();
        drop(st);
        assert_eq!(load(&p).unwrap().signing_key_pem.as_deref(), Some("pem"));
        std::fs::write(&p, b"{not json").unwrap();
        assert!(load(&p).unwrap_err().contains("neither SQLite nor JSON"));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_checkpoint_leaves_everything_in_the_file() {
        let dir = temp_dir("checkpoint");
        let p = dir.join("s.db");
        let wal = dir.join("s.db-wal");
        let mut st = load(&p).unwrap();
        st.signing_key_pem = Some("pem".into());
        st.commit().unwrap();
        assert!(std::fs::metadata(&wal).unwrap().len() > 0);
        st.checkpoint().unwrap();
        assert_eq!(std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0), 0);
        // As after a process exit without closing: only the file is read.
        std::mem::forget(st);
        let copy = dir.join("copy.db");
        std::fs::copy(&p, &copy).unwrap();
        assert_eq!(load(&copy).unwrap().signing_key_pem.as_deref(), Some("pem"));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_second_process_on_the_same_file_is_refused() {
        let dir = temp_dir("lock");
        let p = dir.join("s.db");
        let mut st = load(&p).unwrap();
        st.commit().unwrap();
        let err = load(&p).unwrap_err();
        assert!(err.contains("in use by another emulator"), "{err}");
        drop(st);
        load(&p).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn stale_temp_files_of_other_processes_are_removed() {
        let dir = temp_dir("stale");
        let p = dir.join("s.db");
        let own = format!(".s.db.tmp-{}", std::process::id());
        for f in [".s.db.tmp-1", ".s.db.tmp-1-wal", own.as_str(), ".s.db.tmp-x", "other"] {
            std::fs::write(dir.join(f), b"").unwrap();
        }
        remove_stale_temp_files(&p);
        let mut left: Vec<String> = std::fs::read_dir(&dir).unwrap().flatten().map(|e| e.file_name().to_string_lossy().to_string()).collect();
        left.sort();
        let mut want = vec![".s.db.tmp-x".to_string(), own, "other".to_string()];
        want.sort();
        assert_eq!(left, want);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
