// The emulator's hosted pages driven from Node as a browser without JavaScript would: a cookie
// jar, redirects returned (not followed), forms posted with the CSRF token of their page.
// Setup of a hosted-UI pool through the API (as boto3 does) is here too.
import { api } from './cognito-api.mjs';

export class PageBrowser {
  constructor(baseUrl) {
    this.base = baseUrl.replace(/\/+$/, '');
    this.cookies = new Map();
  }

  async send(method, pathOrUrl, form) {
    const url = pathOrUrl.startsWith('http') ? pathOrUrl : `${this.base}${pathOrUrl}`;
    const headers = { Cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') };
    let body;
    if (form) {
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(form).toString();
    }
    const response = await fetch(url, { method, headers, body, redirect: 'manual' });
    for (const c of response.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const at = pair.indexOf('=');
      const [k, v] = [pair.slice(0, at), pair.slice(at + 1)];
      if (!v || /Max-Age=0/.test(c)) this.cookies.delete(k);
      else this.cookies.set(k, v);
    }
    return { status: response.status, location: response.headers.get('location'), text: await response.text() };
  }

  get(pathOrUrl) {
    return this.send('GET', pathOrUrl);
  }

  /** Posts the form of the page at `pagePath` with `fields` (and the page's CSRF token). */
  async submit(pagePath, fields) {
    const page = await this.get(pagePath);
    if (page.status !== 200) throw new Error(`${pagePath}: HTTP ${page.status} ${page.text}`);
    const csrf = page.text.match(/name="_csrf" value="([^"]+)"/)[1];
    const action = page.text.match(/<form method="post" action="([^"]+)"/)[1].replace(/&amp;/g, '&');
    return this.send('POST', action, { _csrf: csrf, ...fields });
  }

  /** Follows `url` to the sign-in page and signs in; resolves with the redirect back to the app. */
  async signIn(authorizeUrl, username, password) {
    const toLogin = await this.get(authorizeUrl);
    if (toLogin.status !== 302) throw new Error(`authorize: HTTP ${toLogin.status} ${toLogin.text}`);
    if (!toLogin.location.startsWith('/login')) return toLogin.location;
    const back = await this.submit(toLogin.location, { username, password });
    if (back.status !== 302) throw new Error(`login: HTTP ${back.status} ${back.text}`);
    return back.location;
  }
}

/**
 * A pool with a domain, an app client set up for the hosted UI and a confirmed user, on the
 * emulator at `url`; returns `{ poolId, clientId }`.
 */
export async function hostedUiPool(url, { callback, signOut, username, password, email, flows = ['code', 'implicit'], providers = ['COGNITO'] }) {
  const { UserPool } = await api(url, 'CreateUserPool', { PoolName: 'hosted-ui', AutoVerifiedAttributes: ['email'] });
  const { UserPoolClient } = await api(url, 'CreateUserPoolClient', {
    UserPoolId: UserPool.Id,
    ClientName: 'web',
    ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    AllowedOAuthFlowsUserPoolClient: true,
    AllowedOAuthFlows: flows,
    AllowedOAuthScopes: ['openid', 'email', 'profile'],
    CallbackURLs: [callback],
    LogoutURLs: [signOut],
    SupportedIdentityProviders: providers,
  });
  await api(url, 'CreateUserPoolDomain', { UserPoolId: UserPool.Id, Domain: `d${Date.now().toString(36)}${Math.floor(Math.random() * 1e6)}` });
  if (username) {
    await api(url, 'AdminCreateUser', { UserPoolId: UserPool.Id, Username: username, MessageAction: 'SUPPRESS', UserAttributes: [{ Name: 'email', Value: email || `${username}@example.com` }, { Name: 'email_verified', Value: 'true' }] });
    await api(url, 'AdminSetUserPassword', { UserPoolId: UserPool.Id, Username: username, Password: password, Permanent: true });
  }
  return { poolId: UserPool.Id, clientId: UserPoolClient.ClientId };
}
