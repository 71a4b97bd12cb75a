// CognitoAuth: amazon-cognito-auth-js 1.3.3's class (the hosted UI: sign-in and sign-out through
// Cognito's managed login), with its constructor options, fields, methods, `userhandler` callbacks
// and storage keys, plus a Promise API (signInWithRedirect, handleRedirect, signOutRedirect,
// refresh). The OAuth logic is the Rust core's (src/oauth, through the extras module's oauth*
// exports and the session module's oauthCachedSession); this file opens URLs and sends requests.
//
// Deliberate differences from amazon-cognito-auth-js: `state` is random, stored and checked once;
// the code flow always uses PKCE S256; `error` in the callback reaches onFailure as an Error whose
// `code` is the OAuth error; the base URL may be a full URL (http allowed for loopback). The
// implicit flow (the default, as in amazon-cognito-auth-js) is kept for migration only: call
// useCodeGrantFlow().
import { extras, loadedExtras, session } from './core.js';
import CognitoAccessToken from './CognitoAccessToken.js';
import CognitoIdToken from './CognitoIdToken.js';
import CognitoRefreshToken from './CognitoRefreshToken.js';
import CognitoUserSession from './CognitoUserSession.js';
import StorageHelper from './StorageHelper.js';
import { later } from './callbacks.js';
import { call, toError } from './errors.js';

const PARAMETERERROR =
  'The parameters: App client Id, App web domain, the redirect URL when you are signed in and the redirect URL when you are signed out are required.';
const SCOPETYPEERROR = 'Scopes have to be array type. ';

/** amazon-cognito-auth-js's CognitoTokenScopes. */
export class CognitoTokenScopes {
  constructor(TokenScopesArray) {
    this.tokenScopes = TokenScopesArray || [];
  }

  getScopes() {
    return this.tokenScopes;
  }

  setTokenScopes(tokenScopes) {
    this.tokenScopes = tokenScopes;
  }
}

/** amazon-cognito-auth-js's CognitoAuthSession: the user-pool session plus its scopes and state. */
export class CognitoAuthSession extends CognitoUserSession {
  constructor({ IdToken, AccessToken, RefreshToken, TokenScopes, State, ClockDrift } = {}) {
    super({ IdToken: IdToken || new CognitoIdToken(), AccessToken: AccessToken || new CognitoAccessToken(), RefreshToken, ClockDrift });
    this.tokenScopes = TokenScopes || new CognitoTokenScopes();
    this.state = State || null;
  }

  setIdToken(IdToken) {
    this.idToken = IdToken;
  }

  setAccessToken(AccessToken) {
    this.accessToken = AccessToken;
  }

  setRefreshToken(RefreshToken) {
    this.refreshToken = RefreshToken;
  }

  getTokenScopes() {
    return this.tokenScopes;
  }

  setTokenScopes(tokenScopes) {
    this.tokenScopes = tokenScopes;
  }

  getState() {
    return this.state;
  }

  setState(State) {
    this.state = State;
  }

  /** Valid when both tokens are present and unexpired. */
  isValid() {
    if (!this.idToken.getJwtToken() || !this.accessToken.getJwtToken()) return false;
    return super.isValid();
  }
}

function defaultLaunchUri(url) {
  if (typeof window === 'undefined') throw new Error('CognitoAuth: give LaunchUri to open URLs outside a browser');
  window.location.assign(url);
}

function nowSeconds() {
  return Math.floor(Date.now() / 1000);
}

export default class CognitoAuth {
  constructor(data) {
    const { ClientId, AppWebDomain, TokenScopesArray, RedirectUriSignIn, RedirectUriSignOut, IdentityProvider, UserPoolId, AdvancedSecurityDataCollectionFlag, Storage, LaunchUri } =
      data || {};
    if (data == null || !ClientId || !AppWebDomain || !RedirectUriSignIn || !RedirectUriSignOut) {
      throw new Error(PARAMETERERROR);
    }
    this.clientId = ClientId;
    this.appWebDomain = AppWebDomain;
    this.TokenScopesArray = TokenScopesArray || [];
    if (!Array.isArray(this.TokenScopesArray)) throw new Error(SCOPETYPEERROR);
    this.RedirectUriSignIn = RedirectUriSignIn;
    this.RedirectUriSignOut = RedirectUriSignOut;
    this.IdentityProvider = IdentityProvider;
    this.responseType = 'token';
    this.storage = Storage || new StorageHelper().getStorage();
    this.userPoolId = UserPoolId;
    this.username = this.getLastUser();
    this.signInUserSession = this.getCachedSession();
    this.signInUserSession.setTokenScopes(new CognitoTokenScopes(this.TokenScopesArray));
    this.launchUri = typeof LaunchUri === 'function' ? LaunchUri : defaultLaunchUri;
    this.advancedSecurityDataCollectionFlag = AdvancedSecurityDataCollectionFlag !== false;
    this.userhandler = { onSuccess() {}, onFailure() {} };
  }

  getCognitoConstants() {
    return { PARAMETERERROR, SCOPETYPEERROR, TOKEN: 'token', CODE: 'code', STATE: 'state', SCOPE: 'scope', SPACE: ' ' };
  }

  getClientId() {
    return this.clientId;
  }

  getAppWebDomain() {
    return this.appWebDomain;
  }

  /** The user of the last sign-in (amazon-cognito-auth-js: the `LastAuthUser` entry). */
  getCurrentUser() {
    return this.getLastUser();
  }

  setUser(Username) {
    this.username = Username;
  }

  getUsername() {
    return this.username;
  }

  setUsername(Username) {
    this.username = Username;
  }

  getState() {
    return this.state;
  }

  setState(State) {
    this.state = State;
  }

  useCodeGrantFlow() {
    this.responseType = 'code';
  }

  /** The implicit flow (no refresh token): for migration only. */
  useImplicitFlow() {
    this.responseType = 'token';
  }

  getSignInUserSession() {
    return this.signInUserSession;
  }

  getSpaceSeperatedScopeString() {
    return this.TokenScopesArray.join(' ');
  }

  /** The plain settings the Rust core reads. */
  oauthConfig() {
    return {
      baseUrl: String(this.appWebDomain),
      clientId: String(this.clientId),
      scopes: this.TokenScopesArray.map(String),
      redirectSignIn: String(this.RedirectUriSignIn),
      redirectSignOut: String(this.RedirectUriSignOut),
      identityProvider: this.IdentityProvider ? String(this.IdentityProvider) : null,
      responseType: this.responseType,
    };
  }

  getLastUser() {
    const cached = call(() => session().oauthCachedSession(String(this.clientId), this.storage));
    return cached ? cached.username : undefined;
  }

  /** The stored session of the last user (empty tokens when there is none). */
  getCachedSession() {
    const cached = call(() => session().oauthCachedSession(String(this.clientId), this.storage));
    if (!cached) return new CognitoAuthSession();
    this.username = cached.username;
    const drift = cached.clockDrift == null ? undefined : Number(cached.clockDrift);
    return new CognitoAuthSession({
      IdToken: new CognitoIdToken({ IdToken: cached.idToken }),
      AccessToken: new CognitoAccessToken({ AccessToken: cached.accessToken }),
      RefreshToken: new CognitoRefreshToken({ RefreshToken: cached.refreshToken }),
      TokenScopes: new CognitoTokenScopes(cached.scopes),
      ClockDrift: drift !== undefined && Number.isFinite(drift) ? drift : undefined,
    });
  }

  isUserSignedIn() {
    return (this.signInUserSession != null && this.signInUserSession.isValid()) || this.getCachedSession().isValid();
  }

  /**
   * amazon-cognito-auth-js's getSession: the valid session (userhandler.onSuccess), else a refresh
   * when a refresh token is stored, else the hosted UI is opened.
   */
  getSession() {
    if (this.signInUserSession != null && this.signInUserSession.isValid()) {
      return this.userhandler.onSuccess(this.signInUserSession);
    }
    this.signInUserSession = this.getCachedSession();
    const wanted = new Set(this.TokenScopesArray);
    const cached = new Set(this.signInUserSession.getTokenScopes().getScopes());
    const sameScopes = wanted.size === cached.size && [...wanted].every((s) => cached.has(s));
    if (sameScopes && this.signInUserSession.isValid()) {
      return this.userhandler.onSuccess(this.signInUserSession);
    }
    const refreshToken = this.signInUserSession.getRefreshToken().getToken();
    if (sameScopes && refreshToken) {
      this.refreshSession(refreshToken);
      return undefined;
    }
    this.signInWithRedirect().catch((error) => later(this.userhandler.onFailure, error));
    return undefined;
  }

  /** The authorize URL (amazon-cognito-auth-js builds it synchronously; here the extras module must be loaded). */
  getFQDNSignIn(options) {
    const f = loadedExtras();
    if (!f) throw new Error("CognitoAuth: the extras module is not loaded yet; use signInWithRedirect() or await prefetch('extras') first");
    return call(() => f.oauthStart(this.oauthConfig(), options || null, this.storage));
  }

  /** The /logout URL. */
  getFQDNSignOut() {
    const domain = String(this.appWebDomain).replace(/\/+$/, '');
    const base = domain.includes('://') ? domain : `https://${domain}`;
    return `${base}/logout?client_id=${encodeURIComponent(this.clientId)}&logout_uri=${encodeURIComponent(this.RedirectUriSignOut)}`;
  }

  /**
   * Reads the redirect back to the app (`location.href`): the code is exchanged (code flow) or the
   * tokens read (implicit flow), after the state is checked; then userhandler.onSuccess(session)
   * or userhandler.onFailure(error).
   */
  parseCognitoWebResponse(httpRequestResponse) {
    this.handleRedirect(httpRequestResponse).then(
      ({ session: s }) => later(this.userhandler.onSuccess, s),
      (error) => later(this.userhandler.onFailure, error),
    );
  }

  /** Refreshes through the token endpoint; userhandler.onSuccess / onFailure. */
  refreshSession() {
    this.refresh().then(
      (s) => later(this.userhandler.onSuccess, s),
      (error) => later(this.userhandler.onFailure, error),
    );
  }

  cacheTokensScopes() {
    // The core stores tokens and scopes as it receives them (handleRedirect, refresh).
  }

  clearCachedTokensScopes() {
    this.signInUserSession = new CognitoAuthSession();
  }

  /** Signs out: the refresh token is revoked, storage cleared, and the browser sent to /logout. */
  signOut() {
    this.signOutRedirect().catch((error) => later(this.userhandler.onFailure, error));
  }

  getUserContextData() {
    return undefined;
  }

  /** Opens a URL (replaced by the constructor's `LaunchUri`, or the browser's navigation). */
  launchUri(url) {
    defaultLaunchUri(url);
  }

  // ----- the Promise API -----

  /** Opens the hosted UI: `{ provider, idpIdentifier, loginHint, scopes, customState, lang, prompt }`. */
  async signInWithRedirect(options = {}) {
    const f = await extras();
    const url = call(() => f.oauthStart(this.oauthConfig(), options, this.storage));
    this.launchUri(url);
  }

  /** Reads the redirect back (default `location.href`); resolves `{ session, username, customState }`. */
  async handleRedirect(url) {
    const href = url === undefined && typeof window !== 'undefined' ? window.location.href : String(url);
    const f = await extras();
    const config = this.oauthConfig();
    const next = call(() => f.oauthCallback(config, href, this.storage, nowSeconds()));
    let username = next.username;
    if (next.exchange) {
      const answer = await this.post(next.exchange);
      username = call(() => f.oauthFinish(config, next.pending, answer.status, answer.body, this.storage, nowSeconds()));
    }
    this.username = username;
    this.signInUserSession = this.getCachedSession();
    return { session: this.signInUserSession, username, customState: next.customState };
  }

  /** New tokens through /oauth2/token with the stored refresh token. */
  async refresh() {
    const f = await extras();
    const config = this.oauthConfig();
    const request = call(() => f.oauthRefreshRequest(config, this.storage));
    if (!request) throw toError({ name: 'NoRefreshTokenError', code: 'NoRefreshTokenError', message: 'No refresh token is stored: sign in again.' });
    const answer = await this.post(request);
    call(() => f.oauthFinishRefresh(config, answer.status, answer.body, this.storage, nowSeconds()));
    this.signInUserSession = this.getCachedSession();
    return this.signInUserSession;
  }

  /** Revokes the refresh token, clears storage and opens /logout. */
  async signOutRedirect() {
    const f = await extras();
    const out = call(() => f.oauthSignOut(this.oauthConfig(), this.storage));
    this.signInUserSession = new CognitoAuthSession();
    if (out.revoke) {
      // Revocation failing (offline) does not keep the user signed in.
      await this.post(out.revoke).catch(() => undefined);
    }
    this.launchUri(out.logoutUrl);
  }

  /** POSTs a form request of the core; `{ status, body }`. */
  async post(request) {
    let response;
    try {
      response = await fetch(request.url, { method: 'POST', headers: { 'Content-Type': request.contentType }, body: request.body, redirect: 'error', credentials: 'omit' });
    } catch (error) {
      throw toError({ name: 'NetworkError', code: 'NetworkError', message: `Network error: ${error && error.message}` });
    }
    return { status: response.status, body: await response.text() };
  }
}
