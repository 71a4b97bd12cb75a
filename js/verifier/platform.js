// What the platform adds to the verifier: RS256 outside WebCrypto, for verifySync() and for
// verify() once the JWKS is cached (Node's node:crypto; browsers have none). Set by the Node
// entry; not part of the public API.
let syncRs256 = null;

/**
 * `{ importKey(jwk) => key, verify(key, signingInput, signature) => boolean,
 * verifyInBackground(key, signingInput, signature) => Promise<boolean> }` (the same check on
 * another thread; null when there is no core to spare); `jwk` is `{ kty: 'RSA', n, e }`, the bytes are Uint8Arrays.
 */
export function setSyncRs256(rs256) {
  syncRs256 = rs256;
}

export function getSyncRs256() {
  return syncRs256;
}
