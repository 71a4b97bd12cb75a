// cognito-wasm/verifier for Node: the same verifier, plus RS256 from node:crypto for
// verifySync(), and for verify() once the JWKS is cached (WebCrypto has no synchronous API,
// and a thread hop per token costs more than the check itself when tokens come one at a time).
import { createPublicKey, verify } from 'node:crypto';
import os from 'node:os';
import { setSyncRs256 } from './platform.js';

export * from './verifier.js';

const ALGORITHM = 'RSA-SHA256';
const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;

setSyncRs256({
  importKey: (jwk) => createPublicKey({ key: jwk, format: 'jwk' }),
  verify: (key, signingInput, signature) => verify(ALGORITHM, signingInput, key, signature),
  // With a callback, node:crypto checks on the libuv thread pool; worth it only with a core
  // to spare for it.
  verifyInBackground:
    cores > 1
      ? (key, signingInput, signature) =>
          new Promise((resolve, reject) => {
            verify(ALGORITHM, signingInput, key, signature, (error, valid) => (error ? reject(error) : resolve(valid)));
          })
      : null,
});
