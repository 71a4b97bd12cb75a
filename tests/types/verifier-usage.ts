// verifier.d.ts: the documented use of cognito-wasm/verifier type-checks with --strict.
import {
  CognitoJwtVerifier,
  CognitoJwtPayload,
  JwtBaseError,
  JwtExpiredError,
  JwtInvalidClaimError,
} from 'cognito-wasm/verifier';

async function handle(authorization: string): Promise<string> {
  const verifier = CognitoJwtVerifier.create({
    userPoolId: 'eu-west-1_AbC123',
    tokenUse: 'access',
    clientId: ['a', 'b'],
    scope: 'orders/read',
    groups: 'admins',
    graceSeconds: 5,
    issuer: 'http://127.0.0.1:9229/eu-west-1_AbC123',
  });
  await verifier.hydrate();
  verifier.cacheJwks({ keys: [{ kid: 'k', kty: 'RSA', n: 'AQAB', e: 'AQAB' }] });
  verifier.cacheJwks('{"keys": []}');
  const uri: string = verifier.jwksUri;
  try {
    const payload: CognitoJwtPayload = await verifier.verify(authorization.replace(/^Bearer /, ''));
    const sync = verifier.verifySync(authorization);
    const groups: string[] | undefined = payload['cognito:groups'];
    return `${uri} ${payload.sub} ${payload.token_use} ${sync.exp} ${groups?.length ?? 0}`;
  } catch (e) {
    if (e instanceof JwtExpiredError && e instanceof JwtInvalidClaimError) return 'expired';
    if (e instanceof JwtBaseError) return `${e.name} ${e.check ?? ''}`;
    throw e;
  }
}

const anyUse = CognitoJwtVerifier.create({ userPoolId: 'eu-west-1_AbC123', tokenUse: null, clientId: null });
void anyUse;
void handle;
