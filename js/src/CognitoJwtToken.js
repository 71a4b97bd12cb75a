// A JWT and its decoded payload (decoded, never verified, as the reference does).
import { session } from './core.js';

export default class CognitoJwtToken {
  constructor(token) {
    this.jwtToken = token || '';
    this.payload = this.decodePayload();
  }

  getJwtToken() {
    return this.jwtToken;
  }

  getExpiration() {
    return this.payload.exp;
  }

  getIssuedAt() {
    return this.payload.iat;
  }

  /** The payload as a value (`{}` when the token cannot be decoded). */
  decodePayload() {
    return session().decodeJwtPayload(this.jwtToken);
  }
}
