// cognito-wasm/verifier for Node: the same verifier, plus synchronous RS256 from node:crypto
// for verifySync(), and for verify() once the JWKS is cached (WebCrypto has no synchronous
// API, and its thread-pool round trip per token costs more than the check itself).
import { createPublicKey, verify } from 'node:crypto';
import { setSyncRs256 } from './platform.js';

export * from './verifier.js';

setSyncRs256({
  importKey: (jwk) => createPublicKey({ key: jwk, format: 'jwk' }),
  verify: (key, signingInput, signature) => verify('RSA-SHA256', signingInput, key, signature),
});
