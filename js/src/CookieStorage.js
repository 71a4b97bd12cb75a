// Storage in `document.cookie` with the reference's names, encodings and attributes. The fields are
// the reference's (writable); the cookie codec is the session module's (src/wasm/cookies.rs). A
// cookie too large to keep, or refused by the browser, throws `QuotaExceededError` instead of
// being lost.
import { session } from './core.js';
import { call } from './errors.js';

const has = (data, key) => Object.prototype.hasOwnProperty.call(data, key);

export default class CookieStorage {
  constructor(data = {}) {
    if (data.domain) this.domain = data.domain;
    this.path = data.path ? data.path : '/';
    this.expires = has(data, 'expires') ? data.expires : 365;
    this.secure = has(data, 'secure') ? data.secure : true;
    if (has(data, 'sameSite')) {
      call(() => session().checkCookieSameSite(data.sameSite, this.secure));
      this.sameSite = data.sameSite;
    } else {
      this.sameSite = null;
    }
  }

  setItem(key, value) {
    return call(() => session().cookieSetItem(this, key, value));
  }

  getItem(key) {
    return session().cookieGetItem(key);
  }

  removeItem(key) {
    session().cookieRemoveItem(this, key);
  }

  clear() {
    session().cookieClear(this);
    return {};
  }
}
