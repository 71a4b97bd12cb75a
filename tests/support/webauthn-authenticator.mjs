// A software passkey authenticator for Node tests: what `navigator.credentials` does in a
// browser, with ES256 keys from node:crypto, "none" attestation and a signature counter.
// It takes the binary options a page passes (`{publicKey}`) and returns credentials with
// binary fields and no `toJSON` (so the SDK's own JSON conversion is what runs). Knobs
// for the refusals a relying party must make: the origin it reports, the relying party id
// it signs for, and `clone()` (a copy whose counter no longer moves forward).
import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';

const sha256 = (data) => createHash('sha256').update(data).digest();
const b64url = (bytes) => Buffer.from(bytes).toString('base64url');
const toArrayBuffer = (buf) => buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.length);
const bytesOf = (value) => Buffer.from(value instanceof ArrayBuffer ? new Uint8Array(value) : value);

// ---- the CBOR the attestation object needs (RFC 8949: definite lengths only) ----

function head(major, n) {
  if (n < 24) return Buffer.from([(major << 5) | n]);
  if (n < 0x100) return Buffer.from([(major << 5) | 24, n]);
  if (n < 0x10000) return Buffer.from([(major << 5) | 25, n >> 8, n & 0xff]);
  const b = Buffer.alloc(5);
  b[0] = (major << 5) | 26;
  b.writeUInt32BE(n, 1);
  return b;
}

function cbor(value) {
  if (typeof value === 'number') return value >= 0 ? head(0, value) : head(1, -1 - value);
  if (typeof value === 'string') return Buffer.concat([head(3, Buffer.byteLength(value)), Buffer.from(value)]);
  if (Buffer.isBuffer(value)) return Buffer.concat([head(2, value.length), value]);
  if (value instanceof Map) return Buffer.concat([head(5, value.size), ...[...value].flatMap(([k, v]) => [cbor(k), cbor(v)])]);
  throw new Error(`no CBOR for ${typeof value}`);
}

function counterBytes(n) {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}

export class SoftwareAuthenticator {
  /** `origin`: the page origin it reports; `signRpId`: sign for this id instead of the one asked. */
  constructor({ origin = 'http://localhost:3000', signRpId = null } = {}) {
    this.origin = origin;
    this.signRpId = signRpId;
    this.passkeys = [];
  }

  /** A copy sharing the keys and the counter as they are now (a cloned authenticator). */
  clone() {
    const copy = new SoftwareAuthenticator({ origin: this.origin, signRpId: this.signRpId });
    copy.passkeys = this.passkeys.map((p) => ({ ...p }));
    return copy;
  }

  clientData(type, challenge) {
    return Buffer.from(JSON.stringify({ type, challenge: b64url(bytesOf(challenge)), origin: this.origin, crossOrigin: false }));
  }

  /** `navigator.credentials.create({publicKey})`. */
  async create({ publicKey }) {
    const { privateKey, publicKey: key } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = key.export({ format: 'jwk' });
    const id = randomBytes(16);
    const rpId = this.signRpId || publicKey.rp.id;
    const cose = cbor(new Map([[1, 2], [3, -7], [-1, 1], [-2, Buffer.from(jwk.x, 'base64url')], [-3, Buffer.from(jwk.y, 'base64url')]]));
    const idLength = Buffer.from([id.length >> 8, id.length & 0xff]);
    const authData = Buffer.concat([sha256(rpId), Buffer.from([0x45]), counterBytes(0), Buffer.alloc(16), idLength, id, cose]);
    this.passkeys.push({ id, privateKey, rpId: publicKey.rp.id, userHandle: bytesOf(publicKey.user.id), counter: 0 });
    const attestationObject = cbor(new Map([['fmt', 'none'], ['attStmt', new Map()], ['authData', authData]]));
    return this.credential(id, {
      clientDataJSON: toArrayBuffer(this.clientData('webauthn.create', publicKey.challenge)),
      attestationObject: toArrayBuffer(attestationObject),
      getTransports: () => ['internal'],
    });
  }

  /** `navigator.credentials.get({publicKey})`: an assertion by the first passkey of the relying party. */
  async get({ publicKey }) {
    const allowed = (publicKey.allowCredentials || []).map((c) => bytesOf(c.id).toString('hex'));
    const passkey = this.passkeys.find((p) => p.rpId === publicKey.rpId && (!allowed.length || allowed.includes(p.id.toString('hex'))));
    if (!passkey) {
      const error = new Error('No passkey for this relying party.');
      error.name = 'NotAllowedError';
      throw error;
    }
    passkey.counter += 1;
    const authData = Buffer.concat([sha256(this.signRpId || passkey.rpId), Buffer.from([0x05]), counterBytes(passkey.counter)]);
    const clientDataJSON = this.clientData('webauthn.get', publicKey.challenge);
    const signature = sign('sha256', Buffer.concat([authData, sha256(clientDataJSON)]), passkey.privateKey);
    return this.credential(passkey.id, {
      clientDataJSON: toArrayBuffer(clientDataJSON),
      authenticatorData: toArrayBuffer(authData),
      signature: toArrayBuffer(signature),
      userHandle: toArrayBuffer(passkey.userHandle),
    });
  }

  credential(id, response) {
    return {
      id: b64url(id),
      rawId: toArrayBuffer(id),
      type: 'public-key',
      authenticatorAttachment: 'platform',
      response,
      getClientExtensionResults: () => ({}),
    };
  }
}

/** Makes `authenticator` the process's `navigator.credentials` (Node has none). */
export function installAuthenticator(authenticator) {
  Object.defineProperty(globalThis, 'navigator', { value: { credentials: authenticator }, configurable: true, writable: true });
}
