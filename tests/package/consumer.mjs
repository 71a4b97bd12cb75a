// Shared by the tests of the package as people install it: `npm pack`, the tarball installed
// into an empty project, and one small app (SIGN_IN_APP) that a bundler builds there and that
// runs in headless Chromium, signing in against the emulator started with the demo seed.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { startStaticServer } from '../../scripts/static-server.mjs';
import { launchChromium } from '../support/browser.mjs';
import { startEmulator } from '../support/emulator.mjs';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const SEED = fileURLToPath(new URL('../../emulator/seed/demo.json', import.meta.url));
const DEMO = { UserPoolId: 'us-east-1_Demo0001', ClientId: 'demo0client0000000000000001', Username: 'demo', Password: 'Demo-Passw0rd!' };

/**
 * Packs the repository and installs the tarball, offline, into a new empty project.
 * Resolves to {project, files (the packed paths), remove()}.
 */
export function installPackedPackage() {
  const work = mkdtempSync(path.join(tmpdir(), 'cognito-wasm-pack-'));
  const out = execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: repoRoot, encoding: 'utf8' });
  const [info] = JSON.parse(out);
  const project = path.join(work, 'consumer');
  mkdirSync(project);
  writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, version: '1.0.0' }));
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--offline', path.join(work, info.filename)], { cwd: project, stdio: 'pipe' });
  return { project, files: info.files.map((f) => f.path), remove: () => rmSync(work, { recursive: true, force: true }) };
}

/**
 * The app a bundler builds: imports the package the way its README says, signs the demo user
 * in with SRP through the reference's callbacks, and leaves what it saw in window.result.
 * The emulator's address comes in window.TEST_CONFIG (set before the page's scripts run).
 * SIGN_IN_APP is an ES module (import); SIGN_IN_APP_CJS the same app in CommonJS (require).
 */
const SIGN_IN_NAMES = 'CognitoUserPool, CognitoUser, AuthenticationDetails, AuthenticationHelper, CognitoUserAttribute';
const SIGN_IN_BODY = `
const { UserPoolId, ClientId, endpoint, Username, Password } = window.TEST_CONFIG;
const pool = new CognitoUserPool({ UserPoolId, ClientId, endpoint });
const user = new CognitoUser({ Username, Pool: pool });
const report = (outcome) => {
  window.result = {
    pool: pool.getUserPoolName(),
    padHex: new AuthenticationHelper('p').padHex(255n),
    attribute: new CognitoUserAttribute({ Name: 'email', Value: 'a@b.c' }).toString(),
    ...outcome,
  };
};
user.authenticateUser(new AuthenticationDetails({ Username, Password }), {
  onSuccess: (session) => report({
    valid: session.isValid(),
    name: session.getIdToken().decodePayload().name,
    currentUser: pool.getCurrentUser()?.getUsername() ?? null,
  }),
  onFailure: (err) => report({ error: err.code + ': ' + err.message }),
});
`;
export const SIGN_IN_APP = `import { ${SIGN_IN_NAMES} } from 'cognito-wasm';\n${SIGN_IN_BODY}`;
export const SIGN_IN_APP_CJS = `const { ${SIGN_IN_NAMES} } = require('cognito-wasm');\n${SIGN_IN_BODY}`;

/** What SIGN_IN_APP leaves in window.result when everything works. */
export const SIGNED_IN = {
  pool: 'Demo0001',
  padHex: '00ff',
  attribute: '{"Name":"email","Value":"a@b.c"}',
  valid: true,
  name: 'Demo User',
  currentUser: 'demo',
};

/**
 * Serves a bundler's output directory, opens it in headless Chromium with an emulator behind
 * it, and resolves to {result, errors}: window.result and the page's uncaught errors.
 */
export async function runInChromium(outDir) {
  const emulator = await startEmulator(['--seed', SEED]);
  const server = await startStaticServer(outDir);
  let browser;
  try {
    browser = await launchChromium();
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.addInitScript((config) => { window.TEST_CONFIG = config; }, { ...DEMO, endpoint: emulator.url });
    await page.goto(server.url + '/');
    await page.waitForFunction(() => window.result, null, { timeout: 20000 }).catch((e) => {
      throw new Error(`${e.message}\npage errors: ${errors.join('\n') || 'none'}`);
    });
    return { result: await page.evaluate(() => window.result), errors };
  } finally {
    await browser?.close();
    await server.close();
    await emulator.stop();
  }
}
