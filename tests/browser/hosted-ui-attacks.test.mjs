// The hosted UI under attack, in Chromium against the emulator: CognitoAuth (the script tag of
// amazon-cognito-auth-js's build) on an app page, a signed-in user (alice), and every forged or
// replayed way back refused with the error Cognito (or the SDK's own check) gives, while the
// stored session stays byte for byte as it was and keeps working. Then refresh through the token
// endpoint (CognitoAuth's, and the user pool's getSession on the hosted-UI tokens once they have
// expired on the page's clock), and sign-out through /oauth2/revoke and /logout. Both APIs:
// the Promise one (signInWithRedirect / handleRedirect / refresh / signOutRedirect) and the
// amazon-cognito-auth-js callbacks (userhandler with parseCognitoWebResponse / getSession /
// refreshSession / signOut).
//
// One emulator, one browser and one page serve every case; only the expired code needs an
// emulator of its own (its clock is moved five minutes on, which the shared one must not see).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { withEmulatorAndBrowser } from './setup.mjs';
import { api, advanceEmulatorClock } from '../support/cognito-api.mjs';
import { PageBrowser, hostedUiPool } from '../support/hosted-ui.mjs';
import { withOwnEmulator } from '../js/sdk-support.mjs';

const env = withEmulatorAndBrowser();
const PASSWORD = 'Correct-Horse-9';
// Never reached: a request to it fails the test that sees it.
const ATTACKER = 'https://attacker.example';

const appUrl = () => `${env.server.url}/tests/browser/pages/hosted-ui-app.html`;

/** What the page gets on every load: a CognitoAuth maker and plain-data views of its results. */
function pageHelpers() {
  window.makeAuth = (config, capture) => {
    const extra = capture ? { LaunchUri: (url) => { window.launched = url; } } : {};
    const auth = new AmazonCognitoIdentity.CognitoAuth({ ...config, ...extra });
    if (config.implicit) auth.useImplicitFlow();
    else auth.useCodeGrantFlow();
    return auth;
  };
  const plainError = (e) => ({ ok: false, code: e.code, name: e.name, message: e.message, isError: e instanceof Error });
  window.outcome = (promise) => promise.then((r) => ({ ok: true, username: r.username }), plainError);
  /** The callback API: userhandler.onSuccess / onFailure of `run(auth)`. */
  window.callbackOutcome = (config, run) =>
    new Promise((resolve) => {
      const auth = window.makeAuth(config, true);
      auth.userhandler = {
        onSuccess: (s) => resolve({ ok: true, username: s.getAccessToken().decodePayload().username, accessToken: s.getAccessToken().getJwtToken() }),
        onFailure: (e) => resolve(plainError(e)),
      };
      run(auth);
    });
  /** Every stored key but the pending sign-in (which a callback uses up, accepted or not). */
  window.sessionEntries = () =>
    Object.keys(localStorage)
      .filter((k) => !k.endsWith('.oauthPendingSignIn'))
      .sort()
      .map((k) => [k, localStorage.getItem(k)]);
}

let page;
let pool;
let config;
const tokenRequests = [];
const attackerRequests = [];

// Set up by the first test (the root `before` of setup.mjs may not have finished when another
// root `before` runs).
async function setUp() {
  pool = await hostedUiPool(env.emulatorUrl, { callback: appUrl(), signOut: appUrl(), username: 'alice', password: PASSWORD, flows: ['code', 'implicit'] });
  await api(env.emulatorUrl, 'AdminCreateUser', { UserPoolId: pool.poolId, Username: 'mallory', MessageAction: 'SUPPRESS' });
  await api(env.emulatorUrl, 'AdminSetUserPassword', { UserPoolId: pool.poolId, Username: 'mallory', Password: PASSWORD, Permanent: true });
  config = { ClientId: pool.clientId, AppWebDomain: env.emulatorUrl, TokenScopesArray: ['openid', 'email'], RedirectUriSignIn: appUrl(), RedirectUriSignOut: appUrl() };
  const context = await env.browser.newContext();
  await context.addInitScript(pageHelpers);
  await context.route(`${ATTACKER}/**`, (route) => {
    attackerRequests.push(route.request().url());
    return route.fulfill({ status: 200, contentType: 'text/html', body: '<title>attacker</title>' });
  });
  page = await context.newPage();
  page.on('request', (r) => {
    if (r.url().startsWith(`${env.emulatorUrl}/oauth2/token`)) tokenRequests.push(r.url());
  });
  await page.goto(appUrl());
}

after(async () => {
  await page?.context().close();
});

/** Starts a sign-in in the page (the URL captured, not opened); resolves with the authorize URL. */
async function startSignIn(cfg = config) {
  return page.evaluate(async (c) => {
    await window.makeAuth(c, true).signInWithRedirect();
    return window.launched;
  }, cfg);
}

/** Opens `authorizeUrl` in the page; the browser's hosted-UI sign-in (its cookie) sends it straight back. */
async function codeCallback(authorizeUrl) {
  await Promise.all([page.waitForURL((u) => u.href.startsWith(appUrl()) && u.searchParams.has('code')), page.goto(authorizeUrl)]);
  return page.url();
}

/** handleRedirect(url) in the page, as plain data. */
function handleRedirect(url, cfg = config) {
  return page.evaluate(([c, u]) => window.outcome(window.makeAuth(c).handleRedirect(u)), [cfg, url]);
}

/** parseCognitoWebResponse(url) with a userhandler: what reached onSuccess / onFailure. */
function parseWithCallbacks(url, cfg = config) {
  return page.evaluate(([c, u]) => window.callbackOutcome(c, (auth) => auth.parseCognitoWebResponse(u)), [cfg, url]);
}

const sessionEntries = () => page.evaluate(() => window.sessionEntries());

/**
 * The stored session as the user pool reads it (getCurrentUser().getSession(), no network while
 * valid), and its access token accepted by /oauth2/userInfo.
 */
function sessionWorks(cfg = config, poolId = pool.poolId) {
  return page.evaluate(
    ([c, poolId]) =>
      new Promise((resolve) => {
        const userPool = new AmazonCognitoIdentity.CognitoUserPool({ UserPoolId: poolId, ClientId: c.ClientId, endpoint: `${c.AppWebDomain}/` });
        const user = userPool.getCurrentUser();
        if (!user) return resolve({ signedIn: false });
        user.getSession(async (err, s) => {
          if (err) return resolve({ signedIn: false, error: err.code || err.message });
          const access = s.getAccessToken().getJwtToken();
          const info = await fetch(`${c.AppWebDomain}/oauth2/userInfo`, { headers: { Authorization: `Bearer ${access}` } });
          resolve({ signedIn: true, valid: s.isValid(), username: user.getUsername(), userInfo: info.status, email: (await info.json()).email, access });
        });
      }),
    [cfg, poolId],
  );
}

/** Runs `attack`, then checks the stored session is what it was and still works; no token was exchanged unless `exchanges`. */
async function leavesSessionAlone(attack, { exchanges = 0 } = {}) {
  const before = await sessionEntries();
  const requestsBefore = tokenRequests.length;
  const result = await attack();
  assert.deepEqual(await sessionEntries(), before, 'the stored session is untouched');
  assert.equal(tokenRequests.length - requestsBefore, exchanges, 'token requests sent');
  const pending = await page.evaluate((id) => localStorage.getItem(`CognitoIdentityServiceProvider.${id}.oauthPendingSignIn`), config.ClientId);
  assert.equal(pending, null, 'the pending sign-in is used up');
  const s = await sessionWorks();
  assert.deepEqual([s.signedIn, s.valid, s.username, s.userInfo, s.email], [true, true, 'alice', 200, 'alice@example.com']);
  return result;
}

/** A typed error: `code`, `name` and a message, as an Error. */
function assertRefused(result, code, message) {
  assert.equal(result.ok, false, `expected ${code}, got ${JSON.stringify(result)}`);
  assert.deepEqual([result.code, result.name, result.isError], [code, code, true], JSON.stringify(result));
  if (message) assert.match(result.message, message);
}

let firstCallback;

test('sign-in on the hosted page, then the Promise API reads the way back', async () => {
  await setUp();
  const authorize = await startSignIn();
  await Promise.all([page.waitForURL(/\/login\?/), page.goto(authorize)]);
  await page.fill('#username', 'alice');
  await page.fill('#password', PASSWORD);
  await Promise.all([page.waitForURL((u) => u.href.startsWith(appUrl()) && u.searchParams.has('code')), page.click('button[type=submit]')]);
  firstCallback = page.url();
  const result = await handleRedirect(firstCallback);
  assert.deepEqual(result, { ok: true, username: 'alice' });
  const s = await sessionWorks();
  assert.deepEqual([s.valid, s.username, s.userInfo], [true, 'alice', 200]);
});

test('state tampering: a state other than the stored one is refused before any exchange', async () => {
  // Promise API.
  const callback = await codeCallback(await startSignIn());
  const forged = new URL(callback);
  forged.searchParams.set('state', 'forged-state-forged-state-forged-state-0000');
  const result = await leavesSessionAlone(() => handleRedirect(forged.href));
  assertRefused(result, 'StateMismatchError', /state/);
  // Callback API, the state left out.
  const again = new URL(await codeCallback(await startSignIn()));
  again.searchParams.delete('state');
  assertRefused(await leavesSessionAlone(() => parseWithCallbacks(again.href)), 'StateMismatchError');
});

test('a callback replayed: its state was used once (no pending sign-in, or another one)', async () => {
  // Nothing pending any more: the first sign-in's callback read a second time.
  assertRefused(await leavesSessionAlone(() => handleRedirect(firstCallback)), 'NoPendingSignInError');
  // Another sign-in pending: the old state does not match it.
  await startSignIn();
  assertRefused(await leavesSessionAlone(() => parseWithCallbacks(firstCallback)), 'StateMismatchError');
});

test('a replayed authorization code: the token endpoint answers invalid_grant', async () => {
  // The first sign-in's code (exchanged then), with the state of a new sign-in.
  const authorize = await startSignIn();
  const replay = new URL(firstCallback);
  replay.searchParams.set('state', new URL(authorize).searchParams.get('state'));
  assertRefused(await leavesSessionAlone(() => handleRedirect(replay.href), { exchanges: 1 }), 'invalid_grant');
});

test('PKCE: a code obtained with another verifier (injected into this sign-in) is refused', async () => {
  // The attacker signs in as themselves with their own PKCE pair and the app's redirect URI...
  const authorize = await startSignIn();
  const mine = new URL(authorize);
  mine.searchParams.set('code_challenge', 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  mine.searchParams.set('state', 'attacker');
  const attackerBack = await new PageBrowser(env.emulatorUrl).signIn(mine.href, 'mallory', PASSWORD);
  const code = new URL(attackerBack).searchParams.get('code');
  assert.ok(code, attackerBack);
  // ...and puts their code into the victim's callback (even with the victim's state).
  const injected = `${appUrl()}?code=${encodeURIComponent(code)}&state=${encodeURIComponent(new URL(authorize).searchParams.get('state'))}`;
  const result = await leavesSessionAlone(() => parseWithCallbacks(injected), { exchanges: 1 });
  assertRefused(result, 'invalid_grant', /code_verifier/);
});

test('implicit flow: tokens of another sign-in in a forged fragment (state or nonce), or a code, are refused and nothing is stored', async () => {
  // Mallory's own tokens from the implicit flow...
  const implicit = { ...config, implicit: true };
  const theirs = new URL(await startSignIn(implicit));
  theirs.searchParams.set('state', 'attacker');
  const back = await new PageBrowser(env.emulatorUrl).signIn(theirs.href, 'mallory', PASSWORD);
  const fragment = new URLSearchParams(new URL(back).hash.slice(1));
  assert.ok(fragment.get('access_token'), back);
  // ...handed to alice's page with a state of their own: refused, alice's session kept.
  await startSignIn(implicit);
  const forged = `${appUrl()}#${fragment}`;
  assertRefused(await leavesSessionAlone(() => handleRedirect(forged, implicit)), 'StateMismatchError');
  // Even with alice's state (leaked), tokens minted for another sign-in are refused: their
  // nonce is not the one alice's sign-in sent.
  fragment.set('state', new URL(await startSignIn(implicit)).searchParams.get('state'));
  assertRefused(await leavesSessionAlone(() => handleRedirect(`${appUrl()}#${fragment}`, implicit)), 'NonceMismatchError', /nonce/);
  // A code coming back to an implicit sign-in (with its state): refused before any exchange.
  const state = new URL(await startSignIn(implicit)).searchParams.get('state');
  const code = `${appUrl()}?code=abc&state=${encodeURIComponent(state)}`;
  assertRefused(await leavesSessionAlone(() => parseWithCallbacks(code, implicit)), 'ResponseTypeMismatchError');
});

test('redirect_uri not registered at /oauth2/authorize: an error page, no redirect', async () => {
  const before = await sessionEntries();
  const authorize = new URL(await startSignIn());
  authorize.searchParams.set('redirect_uri', `${ATTACKER}/callback`);
  const response = await page.goto(authorize.href);
  assert.equal(response.status(), 400);
  assert.ok(page.url().startsWith(`${env.emulatorUrl}/oauth2/authorize`), page.url());
  assert.match(await page.textContent('body'), /redirect_mismatch/);
  // The same through the SDK: CognitoAuth set up with a callback the client does not have.
  await page.goto(appUrl());
  await page.evaluate(([c, evil]) => window.makeAuth({ ...c, RedirectUriSignIn: `${evil}/cb` }).signInWithRedirect(), [config, ATTACKER]).catch(() => undefined);
  await page.waitForURL(/\/oauth2\/authorize\?/);
  assert.match(await page.textContent('body'), /redirect_mismatch/);
  assert.deepEqual(attackerRequests, []);
  await page.goto(appUrl());
  assert.deepEqual(await sessionEntries(), before);
  await page.evaluate((id) => localStorage.removeItem(`CognitoIdentityServiceProvider.${id}.oauthPendingSignIn`), config.ClientId);
  assert.equal((await sessionWorks()).userInfo, 200);
});

test('redirect_uri of the code exchange differs from the authorization request: refused', async () => {
  const callback = await codeCallback(await startSignIn());
  // The pending sign-in says where the code was sent; another registered-looking URI is sent to
  // the token endpoint instead.
  await page.evaluate((id) => {
    const key = `CognitoIdentityServiceProvider.${id}.oauthPendingSignIn`;
    const pending = JSON.parse(localStorage.getItem(key));
    pending.redirect_uri = `${location.origin}/elsewhere`;
    localStorage.setItem(key, JSON.stringify(pending));
  }, config.ClientId);
  const result = await leavesSessionAlone(() => handleRedirect(callback), { exchanges: 1 });
  assertRefused(result, 'unauthorized_client', /redirect_uri/);
});

test('logout_uri not registered: an error page, the browser never reaches it, still signed in', async () => {
  const before = await sessionEntries();
  const logout = `${env.emulatorUrl}/logout?client_id=${pool.clientId}&logout_uri=${encodeURIComponent(`${ATTACKER}/phish`)}`;
  const response = await page.goto(logout);
  assert.equal(response.status(), 400);
  assert.ok(page.url().startsWith(`${env.emulatorUrl}/logout`), page.url());
  assert.match(await page.textContent('body'), /Required String parameter 'redirect_uri' is not present \(logout_uri is not one of the client's LogoutURLs\)/);
  assert.deepEqual(attackerRequests, []);
  await page.goto(appUrl());
  assert.deepEqual(await sessionEntries(), before);
  assert.equal((await sessionWorks()).userInfo, 200);
  // The hosted-UI sign-in survived too: a new authorization comes straight back with a code.
  assert.ok(new URL(await codeCallback(await startSignIn())).searchParams.get('code'));
  await page.evaluate((id) => localStorage.removeItem(`CognitoIdentityServiceProvider.${id}.oauthPendingSignIn`), config.ClientId);
});

test('malformed callbacks become typed errors (Promise rejection and onFailure)', async () => {
  const cases = [
    [appUrl(), 'MalformedCallbackError'],
    [`${appUrl()}?code=&state=x`, 'MalformedCallbackError'],
    [`${appUrl()}?code=a&code=b&state=x`, 'MalformedCallbackError'],
    [`${appUrl()}?%zz=%%&code`, 'MalformedCallbackError'],
    [`${appUrl()}#garbage`, 'MalformedCallbackError'],
  ];
  for (const [url, code] of cases) {
    await startSignIn();
    assertRefused(await leavesSessionAlone(() => handleRedirect(url)), code, /malformed/);
    await startSignIn();
    assertRefused(await leavesSessionAlone(() => parseWithCallbacks(url)), code);
  }
  // The user (or the provider) said no: access_denied with its description.
  const denied = `${appUrl()}?error=access_denied&error_description=${encodeURIComponent('User cancelled the sign-in')}&state=x`;
  await startSignIn();
  assertRefused(await leavesSessionAlone(() => handleRedirect(denied)), 'access_denied', /User cancelled the sign-in/);
  await startSignIn();
  assertRefused(await leavesSessionAlone(() => parseWithCallbacks(denied)), 'access_denied', /User cancelled the sign-in/);
});

test('a confidential client with a wrong secret: invalid_client (Basic and post), the code kept for the right one', async () => {
  const { UserPoolClient } = await api(env.emulatorUrl, 'CreateUserPoolClient', {
    UserPoolId: pool.poolId,
    ClientName: 'backend',
    GenerateSecret: true,
    AllowedOAuthFlowsUserPoolClient: true,
    AllowedOAuthFlows: ['code'],
    AllowedOAuthScopes: ['openid', 'email'],
    CallbackURLs: [appUrl()],
    LogoutURLs: [appUrl()],
    SupportedIdentityProviders: ['COGNITO'],
  });
  const { ClientId: id, ClientSecret: secret } = UserPoolClient;
  const authorize = `${env.emulatorUrl}/oauth2/authorize?${new URLSearchParams({ client_id: id, response_type: 'code', redirect_uri: appUrl(), scope: 'openid email' })}`;
  const code = new URL(await codeCallback(authorize)).searchParams.get('code');
  // The page posts to the token endpoint as a backend would.
  const answers = await page.evaluate(
    async ([domain, id, secret, code, redirect]) => {
      const post = async (fields, basic) => {
        const headers = { 'Content-Type': 'application/x-www-form-urlencoded' };
        if (basic) headers.Authorization = `Basic ${btoa(basic)}`;
        const r = await fetch(`${domain}/oauth2/token`, { method: 'POST', headers, body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirect, ...fields }) });
        return { status: r.status, body: await r.json() };
      };
      return {
        basic: await post({}, `${id}:wrong-secret`),
        post: await post({ client_id: id, client_secret: 'wrong-secret' }),
        none: await post({ client_id: id }),
        right: await post({}, `${id}:${secret}`),
      };
    },
    [env.emulatorUrl, id, secret, code, appUrl()],
  );
  for (const how of ['basic', 'post', 'none']) {
    assert.deepEqual([answers[how].status, answers[how].body.error], [401, 'invalid_client'], how);
  }
  assert.equal(answers.right.status, 200, JSON.stringify(answers.right.body));
  assert.ok(answers.right.body.refresh_token);
  await page.goto(appUrl());
  assert.equal((await sessionWorks()).userInfo, 200);
});

test('an expired authorization code (five minutes on): invalid_grant, the session of another client untouched', async () => {
  const before = await sessionEntries();
  await withOwnEmulator(async (own) => {
    const other = await hostedUiPool(own, { callback: appUrl(), signOut: appUrl(), username: 'erin', password: PASSWORD, flows: ['code'] });
    // By the name localhost: cookies do not tell ports apart, and this emulator's hosted-UI
    // cookie must not replace the shared one's.
    const ownByName = own.replace('127.0.0.1', 'localhost');
    const cfg = { ...config, ClientId: other.clientId, AppWebDomain: ownByName };
    const authorize = await startSignIn(cfg);
    await Promise.all([page.waitForURL(/\/login\?/), page.goto(authorize)]);
    await page.fill('#username', 'erin');
    await page.fill('#password', PASSWORD);
    await Promise.all([page.waitForURL((u) => u.href.startsWith(appUrl()) && u.searchParams.has('code')), page.click('button[type=submit]')]);
    const callback = page.url();
    await advanceEmulatorClock(own, 301);
    assertRefused(await handleRedirect(callback, cfg), 'invalid_grant');
    assert.equal(await page.evaluate((id) => localStorage.getItem(`CognitoIdentityServiceProvider.${id}.LastAuthUser`), other.clientId), null);
  });
  assert.deepEqual(await sessionEntries(), before);
  assert.equal((await sessionWorks()).userInfo, 200);
});

test('refresh through the token endpoint: Promise and callback APIs, and getSession once the tokens expired', async () => {
  const stored = async () => page.evaluate((id) => {
    const user = localStorage.getItem(`CognitoIdentityServiceProvider.${id}.LastAuthUser`);
    const get = (k) => localStorage.getItem(`CognitoIdentityServiceProvider.${id}.${user}.${k}`);
    return { access: get('accessToken'), id: get('idToken'), refresh: get('refreshToken'), scopes: get('tokenScopesString') };
  }, config.ClientId);
  const start = await stored();
  const payload = (jwt) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString());

  // Promise API.
  const refreshed = await page.evaluate((c) => window.makeAuth(c).refresh().then((s) => s.getAccessToken().getJwtToken()), config);
  const afterPromise = await stored();
  assert.notEqual(afterPromise.access, start.access);
  assert.equal(afterPromise.access, refreshed);
  assert.equal(afterPromise.refresh, start.refresh, 'the refresh token is kept');
  assert.equal(afterPromise.scopes, 'openid email');
  assert.equal(payload(afterPromise.access).scope, 'openid email');

  // Callback API: refreshSession.
  const viaCallback = await page.evaluate((c) => window.callbackOutcome(c, (auth) => auth.refreshSession()), config);
  assert.equal(viaCallback.ok, true, JSON.stringify(viaCallback));
  assert.equal((await stored()).access, viaCallback.accessToken);
  assert.notEqual(viaCallback.accessToken, afterPromise.access);

  // Two hours later on the page's clock: the stored tokens have expired; CognitoAuth's getSession
  // refreshes (userhandler.onSuccess with new tokens)...
  await page.clock.install();
  await page.goto(appUrl());
  await page.clock.setSystemTime(Date.now() + 2 * 3600 * 1000);
  const expired = await stored();
  assert.equal(await page.evaluate((c) => window.makeAuth(c).isUserSignedIn(), config), false, 'the page sees the tokens expired');
  const viaGetSession = await page.evaluate((c) => window.callbackOutcome(c, (auth) => auth.getSession()), config);
  assert.equal(viaGetSession.ok, true, JSON.stringify(viaGetSession));
  assert.notEqual(viaGetSession.accessToken, expired.access);
  assert.equal(await page.evaluate((c) => window.makeAuth(c).isUserSignedIn(), config), true);

  // ...and so does the user pool's getSession (REFRESH_TOKEN_AUTH with the hosted-UI refresh token),
  // two more hours on.
  await page.clock.setSystemTime(Date.now() + 4 * 3600 * 1000);
  const beforePool = await stored();
  const s = await sessionWorks();
  assert.deepEqual([s.signedIn, s.valid, s.username, s.userInfo], [true, true, 'alice', 200]);
  assert.notEqual(s.access, beforePool.access);
  assert.equal((await stored()).access, s.access);
  assert.equal((await stored()).refresh, start.refresh);
});

test('sign-out: /oauth2/revoke then /logout to the registered URI; the refresh token is dead, the hosted-UI sign-in ended', async () => {
  const { refresh } = await page.evaluate((id) => {
    const user = localStorage.getItem(`CognitoIdentityServiceProvider.${id}.LastAuthUser`);
    return { refresh: localStorage.getItem(`CognitoIdentityServiceProvider.${id}.${user}.refreshToken`) };
  }, config.ClientId);
  assert.ok(refresh);
  const revokes = [];
  const onRequest = (r) => {
    if (r.url() === `${env.emulatorUrl}/oauth2/revoke`) revokes.push(r.url());
  };
  page.on('request', onRequest);
  // The Promise API; the browser goes to /logout and back to the app.
  const logoutDone = page.waitForResponse((r) => r.url().startsWith(`${env.emulatorUrl}/logout?`));
  const backHome = page.waitForEvent('load');
  await page.evaluate((c) => { window.makeAuth(c).signOutRedirect(); }, config);
  assert.equal((await logoutDone).status(), 302);
  await backHome;
  assert.equal(page.url(), appUrl());
  page.off('request', onRequest);
  assert.equal(revokes.length, 1, 'the refresh token was revoked');
  assert.deepEqual(await sessionEntries(), [], 'nothing of the session is left in storage');
  assert.deepEqual(await sessionWorks(), { signedIn: false });

  const answer = await page.evaluate(async ([domain, id, token]) => {
    const r = await fetch(`${domain}/oauth2/token`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ grant_type: 'refresh_token', client_id: id, refresh_token: token }) });
    return { status: r.status, body: await r.json() };
  }, [env.emulatorUrl, config.ClientId, refresh]);
  assert.deepEqual([answer.status, answer.body.error], [400, 'invalid_grant']);

  // The hosted pages ask for the password again.
  const authorize = await startSignIn();
  await Promise.all([page.waitForURL(/\/login\?/), page.goto(authorize)]);

  // The callback API's signOut() does the same for a new sign-in.
  await page.fill('#username', 'alice');
  await page.fill('#password', PASSWORD);
  await Promise.all([page.waitForURL((u) => u.href.startsWith(appUrl()) && u.searchParams.has('code')), page.click('button[type=submit]')]);
  assert.deepEqual(await handleRedirect(page.url()), { ok: true, username: 'alice' });
  const failures = [];
  await page.exposeFunction('reportFailure', (e) => failures.push(e));
  const back = page.waitForResponse((r) => r.url().startsWith(`${env.emulatorUrl}/logout?`));
  const home = page.waitForEvent('load');
  await page.evaluate((c) => {
    const auth = window.makeAuth(c);
    auth.userhandler = { onSuccess() {}, onFailure: (e) => window.reportFailure(String(e && e.code)) };
    auth.signOut();
  }, config);
  assert.equal((await back).status(), 302);
  await home;
  assert.equal(page.url(), appUrl());
  assert.deepEqual(failures, []);
  assert.deepEqual(await sessionEntries(), []);
  assert.deepEqual(attackerRequests, []);
});
