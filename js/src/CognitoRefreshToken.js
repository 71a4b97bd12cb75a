// The opaque refresh token.
export default class CognitoRefreshToken {
  constructor({ RefreshToken } = {}) {
    this.token = RefreshToken || '';
  }

  getToken() {
    return this.token;
  }
}
