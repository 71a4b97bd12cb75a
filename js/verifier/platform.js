// What the platform adds to the verifier: synchronous RS256 for verifySync() and for verify()
// once the JWKS is cached (Node's node:crypto; browsers have none). Set by the Node entry; not
// part of the public API.
let syncRs256 = null;

/**
 * `{ importKey(jwk) => key, verify(key, signingInput: Uint8Array, signature: Uint8Array) => boolean }`;
 * `jwk` is `{ kty: 'RSA', n, e }`.
 */
export function setSyncRs256(rs256) {
  syncRs256 = rs256;
}

export function getSyncRs256() {
  return syncRs256;
}
