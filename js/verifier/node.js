// cognito-wasm/verifier for Node: the same verifier, plus synchronous RS256 from node:crypto
// for verifySync() (WebCrypto has no synchronous API).
import { createPublicKey, verify } from 'node:crypto';
import { setSyncRs256 } from './platform.js';

export * from './verifier.js';

setSyncRs256((keys, n, e, data, signature) => {
  const id = `${n}.${e}`;
  let key = keys.get(id);
  if (!key) {
    key = createPublicKey({ key: { kty: 'RSA', n, e }, format: 'jwk' });
    keys.set(id, key);
  }
  return verify('RSA-SHA256', data, key, signature);
});
