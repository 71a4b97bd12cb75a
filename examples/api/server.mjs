// A small HTTP API that trusts only Cognito access tokens of its app clients that carry its
// scope, verified with cognito-wasm/verifier. The user is read from the verified token,
// never from anything else the client sends.
//
//   GET /orders   Authorization: Bearer <access token>   → 200 {user, sub, orders}
//   GET /health                                          → 200
//
// Refusals (RFC 6750): no or unusable token → 401 `invalid_token` / `invalid_request`
// (an ID token, a token of another pool or client, expired, tampered, ...), a valid access
// token without the scope → 403 `insufficient_scope`; the body names the failed check.
//
// Settings (environment): COGNITO_USER_POOL_ID, COGNITO_CLIENT_IDS (comma-separated),
// API_SCOPE, COGNITO_ISSUER (the emulator's `http://127.0.0.1:9229/<pool id>`; leave unset
// for real Cognito), API_PORT (default 8081). `make demo` starts it against the emulator.
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { CognitoJwtVerifier } from 'cognito-wasm/verifier';

function send(res, status, body, headers = {}) {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
}

/**
 * The API as a `node:http` server (not listening yet). `settings`: `{ userPoolId, clientIds,
 * scope, issuer? }`.
 */
export function createApi({ userPoolId, clientIds, scope, issuer }) {
  // Who the caller is: an access token of one of our clients (any failure: 401). The scope
  // is checked after, on the verified claims (a failure there alone: 403): the verifier's
  // own `scope` setting comes before token_use in aws-jwt-verify's order, so it would answer
  // an ID token (which has no scope) 403 rather than 401.
  const verifier = CognitoJwtVerifier.create({ userPoolId, tokenUse: 'access', clientId: clientIds, ...(issuer ? { issuer } : {}) });
  const realm = `Bearer realm="demo-api", scope="${scope}"`;
  return createServer(async (req, res) => {
    const { pathname } = new URL(req.url, 'http://localhost');
    if (req.method === 'GET' && pathname === '/health') return send(res, 200, { status: 'ok' });
    if (req.method !== 'GET' || pathname !== '/orders') return send(res, 404, { error: 'not_found' });
    const match = /^Bearer ([^\s]+)$/.exec(req.headers.authorization || '');
    if (!match) {
      return send(res, 401, { error: 'invalid_request', reason: 'Send Authorization: Bearer <access token>' }, { 'WWW-Authenticate': realm });
    }
    const refuse = (status, error, e) => send(res, status, { error, check: e.check, reason: `${e.name}: ${e.message}` }, { 'WWW-Authenticate': `${realm}, error="${error}"` });
    let claims;
    try {
      claims = await verifier.verify(match[1]);
    } catch (e) {
      if (e.check === 'fetch' || e.check === 'jwks') return send(res, 503, { error: 'temporarily_unavailable', reason: `${e.name}: ${e.message}` });
      return refuse(401, 'invalid_token', e);
    }
    if (!String(claims.scope || '').split(' ').includes(scope)) {
      return refuse(403, 'insufficient_scope', { check: 'scope', name: 'JwtInvalidScopeError', message: `the access token lacks the scope ${scope}` });
    }
    send(res, 200, { user: claims.username, sub: claims.sub, orders: [{ id: 'order-1', item: 'book' }, { id: 'order-2', item: 'lamp' }] });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const env = process.env;
  const settings = {
    userPoolId: env.COGNITO_USER_POOL_ID || 'us-east-1_Demo0001',
    clientIds: (env.COGNITO_CLIENT_IDS || 'demo0client0000000000000001,demo0client0000000000000002').split(','),
    scope: env.API_SCOPE || 'demo-api/orders.read',
    issuer: env.COGNITO_ISSUER,
  };
  const port = Number(env.API_PORT || 8081);
  createApi(settings).listen(port, '127.0.0.1', () => {
    console.log(`example API on http://127.0.0.1:${port}/orders (pool ${settings.userPoolId}, scope ${settings.scope}${settings.issuer ? `, issuer ${settings.issuer}` : ''})`);
  });
}
