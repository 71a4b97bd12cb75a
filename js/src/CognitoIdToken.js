import CognitoJwtToken from './CognitoJwtToken.js';

export default class CognitoIdToken extends CognitoJwtToken {
  constructor({ IdToken } = {}) {
    super(IdToken || '');
  }
}
