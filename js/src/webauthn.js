// The browser half of passkeys: WebAuthn options from their JSON form (what Cognito sends) to
// what `navigator.credentials` takes, and the credential it returns back to JSON (what
// Cognito takes). `PublicKeyCredential.parse...FromJSON` and `credential.toJSON()` when the
// browser has them, base64url by hand otherwise.

/** A typed error for a page without WebAuthn (Node, an old browser, an insecure origin). */
function unsupported() {
  const error = new Error('Passkeys need navigator.credentials (WebAuthn) in a secure context.');
  error.name = 'WebAuthnNotSupportedException';
  error.code = 'WebAuthnNotSupportedException';
  return error;
}

function credentialsApi() {
  const nav = globalThis.navigator;
  if (!nav || !nav.credentials) throw unsupported();
  return nav.credentials;
}

function fromBase64url(text) {
  const b64 = String(text).replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes.buffer;
}

function toBase64url(buffer) {
  const bytes = new Uint8Array(buffer);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 1) binary += String.fromCharCode(bytes[i]);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

const withIds = (list) => (Array.isArray(list) ? list.map((c) => ({ ...c, id: fromBase64url(c.id) })) : undefined);

function publicKeyOptions(json, parserName) {
  const PKC = globalThis.PublicKeyCredential;
  if (PKC && typeof PKC[parserName] === 'function') return PKC[parserName](json);
  const options = { ...json, challenge: fromBase64url(json.challenge) };
  if (json.user) options.user = { ...json.user, id: fromBase64url(json.user.id) };
  if (json.allowCredentials) options.allowCredentials = withIds(json.allowCredentials);
  if (json.excludeCredentials) options.excludeCredentials = withIds(json.excludeCredentials);
  return options;
}

// The binary members of an attestation or assertion response, in their JSON names.
const RESPONSE_FIELDS = ['clientDataJSON', 'attestationObject', 'authenticatorData', 'signature', 'userHandle'];

/** `credential.toJSON()`, or the same shape built by hand. */
function credentialJson(credential) {
  if (typeof credential.toJSON === 'function') return credential.toJSON();
  const response = {};
  for (const field of RESPONSE_FIELDS) {
    const value = credential.response[field];
    if (value) response[field] = toBase64url(value);
  }
  if (typeof credential.response.getTransports === 'function') response.transports = credential.response.getTransports();
  return {
    id: credential.id,
    rawId: toBase64url(credential.rawId),
    type: credential.type,
    authenticatorAttachment: credential.authenticatorAttachment || undefined,
    clientExtensionResults: typeof credential.getClientExtensionResults === 'function' ? credential.getClientExtensionResults() : {},
    response,
  };
}

/** A passkey assertion for Cognito's `CREDENTIAL_REQUEST_OPTIONS`: resolves the credential's JSON text. */
export function getAssertion(requestOptionsJson) {
  return Promise.resolve()
    .then(() => credentialsApi().get({ publicKey: publicKeyOptions(requestOptionsJson, 'parseRequestOptionsFromJSON') }))
    .then((credential) => JSON.stringify(credentialJson(credential)));
}

/** A new passkey for `StartWebAuthnRegistration`'s options: resolves the credential's JSON text. */
export function createCredential(creationOptionsJson) {
  return Promise.resolve()
    .then(() => credentialsApi().create({ publicKey: publicKeyOptions(creationOptionsJson, 'parseCreationOptionsFromJSON') }))
    .then((credential) => JSON.stringify(credentialJson(credential)));
}
