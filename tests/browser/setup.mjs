// The setup every emulator-backed browser test file shares: the emulator (tests/js/sdk-support.mjs),
// a static server over the repository and one headless Chromium, started before the file's
// tests and stopped after them.
import { before, after } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startStaticServer } from '../../scripts/static-server.mjs';
import { launchChromium } from '../support/browser.mjs';
import { startEmulator, stopEmulator } from '../js/sdk-support.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Registers the before/after hooks; the returned object's fields are set once `before` has run. */
export function withEmulatorAndBrowser() {
  const env = { server: null, browser: null, emulatorUrl: null };
  before(async () => {
    env.emulatorUrl = await startEmulator();
    env.server = await startStaticServer(root);
    env.browser = await launchChromium();
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.close();
    await stopEmulator();
  });
  return env;
}
