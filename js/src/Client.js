// `pool.client`: sends any Cognito operation. `request` is the seam every flow goes through
// (js/FACE.md's Env), so a stub on `Client.prototype.request` or `pool.client.request` answers
// them all. The default POSTs through `fetch` (js/src/fetch.js: redirects refused, bodies
// capped, the pool's time limit); `requestWithRetry` retries `this.request` with the session
// module's policy (`retryDelay`).
import { session } from './core.js';
import { later } from './callbacks.js';
import { CognitoError, toError } from './errors.js';
import { post } from './fetch.js';

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

  /** `this.request`, sent again after the policy's backoff while it says so. Calls back once:
   *  synchronously when `this.request` answered the first attempt synchronously. */
  requestWithRetry(operation, params, callback) {
    let attempt = 1;
    let answered = false;
    const send = () => {
      let called = false;
      const answer = (err, data) => {
        if (answered || called) return;
        called = true;
        if (err) {
          const delay = session().retryDelay(attempt, err);
          if (delay >= 0) {
            attempt += 1;
            setTimeout(send, delay);
            return;
          }
        }
        answered = true;
        if (err) later(callback, toError(err));
        else later(callback, null, data);
      };
      try {
        this.request(operation, params, answer);
      } catch (thrown) {
        answer(thrown || new Error(String(thrown)));
      }
    };
    send();
  }

  request(operation, params, callback) {
    const timeout = this.requestTimeoutMs === undefined ? 30000 : this.requestTimeoutMs;
    post(this.endpoint, this.fetchOptions && this.fetchOptions.credentials, timeout > 0 ? timeout : 0, String(operation), params).then(
      (data) => later(callback, null, data),
      (err) => later(callback, toError(err)),
    );
  }
}
