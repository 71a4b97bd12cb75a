// A user pool: its ids, its `client` (the seam requests go through), its storage and the
// advanced-security flag, with the reference's fields. `signUp` is added to the prototype by
// CognitoUserPool.flows.js.
import Client from './Client.js';
import CognitoUser from './CognitoUser.js';
import StorageHelper from './StorageHelper.js';
import { session } from './core.js';
import { call } from './errors.js';
import { setPoolExtras } from './state.js';

/** Default of the `requestTimeoutMs` option: how long one request may go unanswered. */
const DEFAULT_REQUEST_TIMEOUT_MS = 30000;

export default class CognitoUserPool {
  constructor(data, wrapRefreshSessionCallback) {
    const { UserPoolId, ClientId, endpoint, fetchOptions, AdvancedSecurityDataCollectionFlag, ClientSecret, requestTimeoutMs } = data || {};
    const { region } = call(() => session().poolSettings(UserPoolId, ClientId, endpoint));
    this.userPoolId = UserPoolId;
    this.clientId = ClientId;
    this.client = new Client(region, endpoint, fetchOptions);
    const timeout = requestTimeoutMs === undefined ? DEFAULT_REQUEST_TIMEOUT_MS : Math.max(0, Number(requestTimeoutMs) || 0);
    // The time limit travels with the client (its `request` applies it), out of enumeration.
    Object.defineProperty(this.client, 'requestTimeoutMs', { value: timeout, writable: true, configurable: true });
    Object.defineProperty(this, 'requestTimeoutMs', { value: timeout, enumerable: false });
    this.advancedSecurityDataCollectionFlag = AdvancedSecurityDataCollectionFlag !== false;
    this.storage = data.Storage || new StorageHelper().getStorage();
    if (wrapRefreshSessionCallback) {
      this.wrapRefreshSessionCallback = wrapRefreshSessionCallback;
    }
    setPoolExtras(this, { clientSecret: ClientSecret ? String(ClientSecret) : undefined });
  }

  getUserPoolId() {
    return this.userPoolId;
  }

  getUserPoolName() {
    return this.getUserPoolId().split('_')[1];
  }

  getClientId() {
    return this.clientId;
  }

  /** The user named by `LastAuthUser`, over this pool's storage, or `null`. No tokens are read. */
  getCurrentUser() {
    const lastAuthUser = this.storage.getItem(session().lastAuthUserKey(this.clientId));
    if (lastAuthUser) {
      return new CognitoUser({ Username: lastAuthUser, Pool: this, Storage: this.storage });
    }
    return null;
  }

  /** `{ EncodedData }` from the page's `AmazonCognitoAdvancedSecurityData` script when the flag is
   *  on and it gives data; `{}` when it does not; `undefined` without the script (as the reference). */
  getUserContextData(username) {
    if (typeof AmazonCognitoAdvancedSecurityData === 'undefined') return undefined;
    if (this.advancedSecurityDataCollectionFlag) {
      // eslint-disable-next-line no-undef
      const data = AmazonCognitoAdvancedSecurityData.getData(username, this.userPoolId, this.clientId);
      if (data) return { EncodedData: data };
    }
    return {};
  }
}
