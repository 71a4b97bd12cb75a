// Sign-out of a user pool's user reaches the identity-pool credentials built over that pool
// (`new CognitoIdentityCredentials({ pool })`): their identity id and credentials are cleared.
const watchers = new WeakMap();

/** Registers `credentials` (an object with `clearCachedId()`) to be cleared when a user of `pool` signs out. */
export function watchSignOut(pool, credentials) {
  let set = watchers.get(pool);
  if (!set) watchers.set(pool, (set = new Set()));
  set.add(credentials);
}

/** Called by `CognitoUser` when its user signs out. */
export function signedOut(pool) {
  const set = pool && watchers.get(pool);
  if (!set) return;
  for (const credentials of set) credentials.clearCachedId().catch(() => {});
}
