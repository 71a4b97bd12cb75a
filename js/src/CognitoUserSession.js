// The three tokens and the clock drift. `ClockDrift` is kept as given (`null` and '5' too, as the
// reference keeps them); only `undefined` means "compute it from the tokens".
import { session } from './core.js';
import CognitoRefreshToken from './CognitoRefreshToken.js';
import { toError } from './errors.js';

export default class CognitoUserSession {
  constructor({ IdToken, RefreshToken, AccessToken, ClockDrift } = {}) {
    if (AccessToken == null || IdToken == null) {
      throw toError({ name: 'Error', message: 'Id token and Access Token must be present.' });
    }
    this.idToken = IdToken;
    // An empty refresh token when none is given (the reference leaves `undefined`, and then
    // `getRefreshToken().getToken()` throws).
    this.refreshToken = RefreshToken || new CognitoRefreshToken();
    this.accessToken = AccessToken;
    this.clockDrift = ClockDrift === undefined ? this.calculateClockDrift() : ClockDrift;
  }

  getIdToken() {
    return this.idToken;
  }

  getRefreshToken() {
    return this.refreshToken;
  }

  getAccessToken() {
    return this.accessToken;
  }

  getClockDrift() {
    return this.clockDrift;
  }

  /** Seconds the local clock is ahead of the issuer's: now − the earlier `iat`. */
  calculateClockDrift() {
    return session().clockDrift(this.accessToken.getIssuedAt(), this.idToken.getIssuedAt());
  }

  /** Both tokens unexpired at now − drift. */
  isValid() {
    return session().isValidSession(this.accessToken.getExpiration(), this.idToken.getExpiration(), this.clockDrift);
  }
}
