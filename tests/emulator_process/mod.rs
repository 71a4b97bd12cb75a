//! The one launcher of the emulator binary for the native tests (the root crate's and
//! the emulator's): started on a free port, ready when it prints its URL, killed on drop.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// A running `cognito-emulator`.
pub struct EmulatorProcess {
    child: Child,
    /// `127.0.0.1:PORT`.
    pub addr: String,
}

impl EmulatorProcess {
    /// Starts `binary --port 0 <args>` and waits for its ready line
    /// (`cognito-emulator listening on http://127.0.0.1:PORT`).
    pub fn spawn(binary: &Path, args: &[&str]) -> EmulatorProcess {
        let mut child = Command::new(binary)
            .args(["--port", "0"])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start the emulator {}: {e}", binary.display()));
        let mut line = String::new();
        let read = BufReader::new(child.stdout.take().expect("piped stdout")).read_line(&mut line);
        let addr = line
            .trim()
            .strip_prefix("cognito-emulator listening on http://")
            .map(str::to_string)
            .unwrap_or_else(|| {
                let _ = child.kill();
                panic!("the emulator {} did not print its ready line ({read:?}): {line:?}", binary.display())
            });
        EmulatorProcess { child, addr }
    }

    /// `http://127.0.0.1:PORT` (no trailing slash).
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// CPU time (user + system) the emulator has used so far, where /proc tells it.
    pub fn cpu_time(&self) -> Option<Duration> {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.child.id())).ok()?;
        let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
        let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
        Some(Duration::from_millis(ticks * 10))
    }

    /// Kills it at once (SIGKILL: no shutdown work).
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for EmulatorProcess {
    fn drop(&mut self) {
        self.kill();
    }
}
