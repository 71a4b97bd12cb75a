// `AuthenticationDetails`: what a sign-in sends. Plain writable fields with the reference's
// names; the object-valued ones default to a fresh `{}` and are kept as given (the sign-in
// reads them through the getters, so a subclass or a stub on a getter is honoured).
export class AuthenticationDetails {
  constructor(data) {
    const given = data || {};
    this.validationData = given.ValidationData || {};
    this.authParameters = given.AuthParameters || {};
    this.clientMetadata = given.ClientMetadata || {};
    this.username = given.Username;
    this.password = given.Password;
  }

  getUsername() {
    return this.username;
  }

  getPassword() {
    return this.password;
  }

  getValidationData() {
    return this.validationData;
  }

  getAuthParameters() {
    return this.authParameters;
  }

  getClientMetadata() {
    return this.clientMetadata;
  }
}

export default AuthenticationDetails;
