// `pool.client`: sends any Cognito operation. `request` is the seam every flow goes through
// (js/FACE.md's Env), so a stub on `Client.prototype.request` or `pool.client.request` answers
// them all. The default sends through the session module's fetch (redirects refused, bodies
// capped, the pool's time limit); `requestWithRetry` retries `this.request` with the core's policy.
import { session } from './core.js';
import { later } from './callbacks.js';
import { CognitoError, toError } from './errors.js';

export default class Client {
  constructor(region, endpoint, fetchOptions) {
    this.endpoint = session().clientEndpoint(region, endpoint);
    const { credentials } = fetchOptions || {};
    this.fetchOptions = credentials ? { credentials } : {};
  }

  promisifyRequest(operation, params) {
    return new Promise((resolve, reject) => {
      this.request(operation, params, (err, data) => {
        if (err) reject(new CognitoError(err.message, err.code, err.name, err.statusCode));
        else resolve(data);
      });
    });
  }

  /** `promisifyRequest` under this package's Promise-twin name. */
  requestAsync(operation, params) {
    return this.promisifyRequest(operation, params);
  }

  requestWithRetry(operation, params, callback) {
    const viaRequest = { request: (op, p, cb) => this.request(op, p, cb) };
    session()
      .requestWithRetry(viaRequest, String(operation), params)
      .then(
        (data) => later(callback, null, data),
        (err) => later(callback, toError(err)),
      );
  }

  request(operation, params, callback) {
    const timeout = this.requestTimeoutMs === undefined ? 30000 : this.requestTimeoutMs;
    session()
      .fetchRequest(String(this.endpoint), this.fetchOptions && this.fetchOptions.credentials, timeout > 0 ? timeout : undefined, String(operation), params)
      .then(
        (data) => later(callback, null, data),
        (err) => later(callback, toError(err)),
      );
  }
}
