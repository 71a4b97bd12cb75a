// What the platform adds to the verifier: synchronous RS256 for verifySync() (Node's
// node:crypto; browsers have none). Set by the Node entry; not part of the public API.
let syncRs256 = null;

/** `(keyCache, n, e, data, signature) => boolean`. */
export function setSyncRs256(check) {
  syncRs256 = check;
}

export function getSyncRs256() {
  return syncRs256;
}
