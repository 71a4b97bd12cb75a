import CognitoJwtToken from './CognitoJwtToken.js';

export default class CognitoAccessToken extends CognitoJwtToken {
  constructor({ AccessToken } = {}) {
    super(AccessToken || '');
  }
}
