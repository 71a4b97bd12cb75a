// Temporary AWS credentials from a Cognito identity pool, for a guest or for the signed-in user of
// a user pool: the names a page knows from the AWS SDK v2's `AWS.CognitoIdentityCredentials`
// (`get(callback)`, `getPromise()`, `identityId`, `accessKeyId`, `secretAccessKey`,
// `sessionToken`, `expireTime`, `clearCachedId()`), plus an AWS SDK v3 credential provider
// (`provider()`, `fromCognitoIdentityPool`). Every decision (the Logins key from the ID token's
// issuer, the identity id cache, refresh before expiry shared by concurrent callers, linking a
// guest on sign-in) is the Rust core's, reached through the extras module's `IdentityCredentials`.
import StorageHelper from './StorageHelper.js';
import { extras } from './core.js';
import { toError } from './errors.js';
import { watchSignOut } from './identity-signout.js';

export default class CognitoIdentityCredentials {
  /**
   * @param params `{ IdentityPoolId, Logins?, session?, pool?, region?, endpoint?,
   *   refreshMarginSeconds?, requestTimeoutMs?, RoleArn?, RoleSessionName?, stsEndpoint? }`;
   *   `useBasicFlow` needs `RoleArn` (the basic flow runs whenever `RoleArn` is set).
   * @param storage where the identity id is cached (default: the pool's, else localStorage).
   */
  constructor(params, storage) {
    this.params = { ...(params || {}) };
    forgetCredentials(this);
    const { pool } = this.params;
    const store = storage || this.params.storage || (pool && pool.storage) || new StorageHelper().getStorage();
    const options = {
      identityPoolId: this.params.IdentityPoolId,
      endpoint: this.params.endpoint,
      region: this.params.region,
      refreshMarginSeconds: this.params.refreshMarginSeconds,
      requestTimeoutMs: this.params.requestTimeoutMs,
      roleArn: this.params.useBasicFlow === false ? undefined : this.params.RoleArn,
      roleSessionName: this.params.RoleSessionName,
      stsEndpoint: this.params.stsEndpoint,
    };
    // One core per object, created when the extras module is loaded; every call is chained on it,
    // so a sign-out clears before a later `get` runs.
    this.core = extras().then((exports) => {
      const core = new exports.IdentityCredentials(options, store);
      if (this.identityId === null) this.identityId = core.identityId() || null;
      return core;
    });
    this.core.catch(() => {});
    if (pool) watchSignOut(pool, this);
  }

  /** Resolves the credentials `{ accessKeyId, secretAccessKey, sessionToken, expiration: Date }`
   *  (fresh ones when those held are within the refresh margin of their expiry). */
  getPromise() {
    return this.core
      .then(async (core) => {
        setLogins(core, await this.currentLogins());
        const plain = await core.getCredentials();
        this.identityId = core.identityId() || null;
        const credentials = {
          accessKeyId: plain.accessKeyId,
          secretAccessKey: plain.secretAccessKey,
          sessionToken: plain.sessionToken,
          expiration: new Date(plain.expiration * 1000),
        };
        this.accessKeyId = credentials.accessKeyId;
        this.secretAccessKey = credentials.secretAccessKey;
        this.sessionToken = credentials.sessionToken;
        this.expireTime = credentials.expiration;
        this.expired = false;
        return credentials;
      })
      .catch((plain) => {
        throw toError(plain);
      });
  }

  /** AWS SDK v2's form: `callback(error)` once the fields are set (or could not be). */
  get(callback) {
    this.getPromise().then(
      () => callback && callback(null),
      (error) => callback && callback(error),
    );
  }

  /** Same as `get`, as AWS SDK v2 names the refresh. */
  refresh(callback) {
    this.get(callback);
  }

  /** An AWS SDK v3 credential provider: `new S3Client({ credentials: c.provider() })`. */
  provider() {
    return () => this.getPromise();
  }

  /** Sign-out: forgets the identity id (in storage too), the logins and the credentials. */
  clearCachedId() {
    forgetCredentials(this);
    return this.core.then((core) => core.clear()).catch((plain) => {
      throw toError(plain);
    });
  }

  /** The logins to send: `Logins` when given, else the ID token of `session`, else that of the
   *  pool's current user (a guest when no one is signed in). */
  async currentLogins() {
    const { Logins, session, pool } = this.params;
    if (Logins) return { logins: Logins };
    if (session) return { idToken: session.getIdToken().getJwtToken() };
    if (!pool) return { logins: {} };
    const user = pool.getCurrentUser();
    if (!user) return { logins: {} };
    const current = await new Promise((resolve) => {
      user.getSession((error, s) => resolve(error ? null : s));
    });
    return current && current.isValid() ? { idToken: current.getIdToken().getJwtToken() } : { logins: {} };
  }
}

/** The fields of credentials not yet obtained (or forgotten at sign-out): no identity id, no keys, expired. */
function forgetCredentials(credentials) {
  credentials.identityId = null;
  credentials.accessKeyId = undefined;
  credentials.secretAccessKey = undefined;
  credentials.sessionToken = undefined;
  credentials.expireTime = null;
  credentials.expired = true;
}

function setLogins(core, { logins, idToken }) {
  if (idToken !== undefined) core.setIdToken(idToken);
  else core.setLogins(logins);
}

/** An AWS SDK v3 credential provider for an identity pool (`params` as the class's). */
export function fromCognitoIdentityPool(params, storage) {
  return new CognitoIdentityCredentials(params, storage).provider();
}
