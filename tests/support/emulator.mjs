// Starts the emulator binary for a test: one launcher for every JS test suite.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The emulator binary: $COGNITO_EMULATOR_BIN, else target/debug/cognito-emulator. */
export function emulatorBin() {
  const bin = process.env.COGNITO_EMULATOR_BIN || path.join(repoRoot, 'target', 'debug', 'cognito-emulator');
  if (!existsSync(bin)) {
    throw new Error(`emulator binary not found at ${bin}: run "cargo build -p cognito-wasm-emulator" or set COGNITO_EMULATOR_BIN`);
  }
  return bin;
}

/** Starts the emulator on a free port; resolves with {url, proc, stop(), stderr()}. */
export function startEmulator(args = []) {
  const proc = spawn(emulatorBin(), ['--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  proc.stderr.on('data', (d) => { err += d; });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => { proc.kill('SIGKILL'); reject(new Error(`emulator did not start in time:\n${err}`)); }, 30000);
    proc.on('exit', (code) => { clearTimeout(timer); reject(new Error(`emulator exited with ${code}:\n${err}`)); });
    proc.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/cognito-emulator listening on (http:\/\/127\.0\.0\.1:\d+)/);
      if (m) {
        clearTimeout(timer);
        proc.removeAllListeners('exit');
        resolve({
          url: m[1],
          proc,
          stderr: () => err,
          stop: () => new Promise((res) => {
            if (proc.exitCode !== null || proc.signalCode !== null) return res(proc.exitCode);
            proc.once('exit', (c) => res(c));
            proc.kill('SIGINT');
          }),
        });
      }
    });
  });
}
