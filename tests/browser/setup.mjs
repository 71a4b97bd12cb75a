// The setup browser test files share: a static server over the repository and one headless
// Chromium (withBrowser), and for emulator-backed files the emulator too (tests/js/sdk-support.mjs;
// withEmulatorAndBrowser), started before the file's tests and stopped after them.
import { before, after } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startStaticServer } from '../../scripts/static-server.mjs';
import { launchChromium } from '../support/browser.mjs';
import { startEmulator, stopEmulator } from '../js/sdk-support.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));

/**
 * A static server over the repository and one headless Chromium, started before the file's tests
 * and stopped after them: sets `env.server` and `env.browser` once `before` has run.
 */
export function withBrowser(env = {}) {
  before(async () => {
    env.server = await startStaticServer(root);
    env.browser = await launchChromium();
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.close();
  });
  return env;
}

/** `withBrowser`, with the emulator started first (`env.emulatorUrl`) and stopped last. */
export function withEmulatorAndBrowser() {
  const env = { server: null, browser: null, emulatorUrl: null };
  before(async () => {
    env.emulatorUrl = await startEmulator();
  });
  withBrowser(env);
  after(() => stopEmulator());
  return env;
}
