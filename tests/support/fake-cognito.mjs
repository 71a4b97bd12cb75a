// A fake Cognito for tests that stub the SDK's `client.request` seam (no network): real
// RS256 JWTs, an SRP server side that checks PASSWORD_CLAIM_SIGNATURE, and canned answers
// for every operation, each request recorded. Works for any SDK with the reference's
// `request(operation, params, callback)` shape.
import { createHash, createHmac, generateKeyPairSync, randomBytes, sign, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';

const vectors = JSON.parse(readFileSync(new URL('../vectors/srp-public.json', import.meta.url), 'utf8'));
const N = BigInt(`0x${vectors.constants.N_hex}`);
const g = BigInt(`0x${vectors.constants.g_hex}`);
const k = BigInt(`0x${vectors.constants.k_hex}`);

// ---- JWTs ----

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const b64url = (value) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const nowSeconds = () => Math.floor(Date.now() / 1000);

/** An RS256-signed JWT with `claims` (a random jti; iat = now, exp = now + 3600 unless given). */
export function mintJwt(claims = {}) {
  const header = b64url({ alg: 'RS256', kid: 'fake-cognito', typ: 'JWT' });
  const payload = b64url({ jti: randomBytes(8).toString('hex'), iat: nowSeconds(), exp: nowSeconds() + 3600, ...claims });
  const signature = sign('RSA-SHA256', Buffer.from(`${header}.${payload}`), privateKey).toString('base64url');
  return `${header}.${payload}.${signature}`;
}

/** An AuthenticationResult as InitiateAuth / RespondToAuthChallenge return it. */
export function authenticationResult(username, { refresh = true, lifetime = 3600 } = {}) {
  const exp = nowSeconds() + lifetime;
  return {
    IdToken: mintJwt({ sub: `sub-${username}`, 'cognito:username': username, token_use: 'id', exp }),
    AccessToken: mintJwt({ sub: `sub-${username}`, username, token_use: 'access', exp }),
    ...(refresh ? { RefreshToken: `refresh-${randomBytes(8).toString('hex')}` } : {}),
    ExpiresIn: lifetime,
    TokenType: 'Bearer',
  };
}

// ---- SRP, the server's half (formulas as in tests/vectors/srp-public.json) ----

function modPow(base, exponent) {
  let result = 1n;
  let b = ((base % N) + N) % N;
  let e = exponent;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % N;
    b = (b * b) % N;
    e >>= 1n;
  }
  return result;
}

/** The reference's padHex: even length, and a leading 00 when the top bit is set. */
export function padHex(value) {
  let hex = value.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  return /^[89a-f]/.test(hex) ? `00${hex}` : hex;
}

const sha256 = (data) => createHash('sha256').update(data).digest();
const hexHash = (hex) => BigInt(`0x${sha256(Buffer.from(hex, 'hex')).toString('hex')}`);
const hmac = (key, data) => createHmac('sha256', key).update(data).digest();

/**
 * The server side of one USER_SRP_AUTH for a user: the salt, B, the secret block, and the
 * check of the client's PASSWORD_CLAIM_SIGNATURE.
 */
export class SrpServer {
  constructor({ poolName, userIdForSrp, password }) {
    this.poolName = poolName;
    this.userIdForSrp = userIdForSrp;
    this.salt = BigInt(`0x${randomBytes(16).toString('hex')}`);
    const inner = sha256(`${poolName}${userIdForSrp}:${password}`).toString('hex');
    this.verifier = modPow(g, hexHash(padHex(this.salt) + inner));
    this.b = BigInt(`0x${randomBytes(32).toString('hex')}`);
    this.B = (k * this.verifier + modPow(g, this.b)) % N;
    this.secretBlock = randomBytes(64).toString('base64');
  }

  /** PASSWORD_VERIFIER's ChallengeParameters. */
  challengeParameters() {
    return {
      USER_ID_FOR_SRP: this.userIdForSrp,
      SRP_B: this.B.toString(16),
      SALT: this.salt.toString(16),
      SECRET_BLOCK: this.secretBlock,
    };
  }

  /** Whether `signature` is the one a client knowing the password computes from A, B, the block and `timestamp`. */
  verify({ srpA, secretBlock, timestamp, signature }) {
    const A = BigInt(`0x${srpA}`);
    if (A % N === 0n || secretBlock !== this.secretBlock) return false;
    const u = hexHash(padHex(A) + padHex(this.B));
    const S = modPow(A * modPow(this.verifier, u), this.b);
    const prk = hmac(Buffer.from(padHex(u), 'hex'), Buffer.from(padHex(S), 'hex'));
    const key = hmac(prk, Buffer.concat([Buffer.from('Caldera Derived Key'), Buffer.from([1])])).subarray(0, 16);
    const expected = hmac(key, Buffer.concat([Buffer.from(this.poolName), Buffer.from(this.userIdForSrp), Buffer.from(secretBlock, 'base64'), Buffer.from(timestamp)]));
    const given = Buffer.from(String(signature), 'base64');
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}

// ---- the fake service ----

/** An Error shaped as the SDKs report a service error. */
export function serviceError(code, message) {
  return Object.assign(new Error(message), { code, name: code, statusCode: 400 });
}

/**
 * A fake Cognito user pool with one user. `handle(operation, params)` answers like the
 * service (throws a service error where Cognito would); `requests` records every call.
 * Options: `afterPassword` = the challenge after PASSWORD_VERIFIER (null: tokens),
 * `userIdForSrp` (the user's real name when signing in by an alias), `attributes`.
 */
export class FakeCognito {
  constructor({ userPoolId, clientId, username, password, userIdForSrp = username, afterPassword = null, attributes = [] }) {
    Object.assign(this, { userPoolId, clientId, username, password, userIdForSrp, afterPassword, attributes });
    this.poolName = userPoolId.split('_')[1];
    this.requests = [];
    this.srp = null;
    this.problems = [];
  }

  /** Records a wrong request (checked by the test through `problems`) and refuses it. */
  refuse(message) {
    this.problems.push(message);
    throw serviceError('InvalidParameterException', message);
  }

  handle(operation, params) {
    this.requests.push({ operation, params: JSON.parse(JSON.stringify(params ?? {})) });
    if (params?.ClientId !== undefined && params.ClientId !== this.clientId) this.refuse(`${operation}: ClientId ${params.ClientId}`);
    switch (operation) {
      case 'InitiateAuth':
        return this.initiateAuth(params);
      case 'RespondToAuthChallenge':
        return this.respond(params);
      case 'GetUser':
        return {
          Username: this.userIdForSrp,
          UserAttributes: [{ Name: 'sub', Value: `sub-${this.userIdForSrp}` }, ...this.attributes],
          MFAOptions: [],
          PreferredMfaSetting: 'SOFTWARE_TOKEN_MFA',
          UserMFASettingList: ['SOFTWARE_TOKEN_MFA'],
        };
      case 'AssociateSoftwareToken':
        return { SecretCode: 'JBSWY3DPEHPK3PXP', Session: 'associate-session' };
      case 'ListDevices':
        return { Devices: [] };
      case 'GetDevice':
        return { Device: { DeviceKey: params.DeviceKey, DeviceAttributes: [] } };
      case 'SignUp':
        return { UserConfirmed: false, UserSub: 'sub-new' };
      default:
        return {};
    }
  }

  initiateAuth(params) {
    const auth = params.AuthParameters || {};
    // CUSTOM_AUTH that starts with SRP (CHALLENGE_NAME SRP_A) gets PASSWORD_VERIFIER, as from Cognito.
    if (params.AuthFlow === 'USER_SRP_AUTH' || (params.AuthFlow === 'CUSTOM_AUTH' && auth.CHALLENGE_NAME === 'SRP_A')) {
      if (auth.USERNAME !== this.username && auth.USERNAME !== this.userIdForSrp) throw serviceError('UserNotFoundException', 'User does not exist.');
      if (!/^[0-9a-f]+$/.test(auth.SRP_A || '')) this.refuse('InitiateAuth: SRP_A is not lowercase hex');
      this.srp = new SrpServer({ poolName: this.poolName, userIdForSrp: this.userIdForSrp, password: this.password });
      this.srpA = auth.SRP_A;
      return { ChallengeName: 'PASSWORD_VERIFIER', ChallengeParameters: this.srp.challengeParameters(), Session: 'PASSWORD_VERIFIER-session' };
    }
    if (params.AuthFlow === 'USER_PASSWORD_AUTH') {
      if (auth.PASSWORD !== this.password) throw serviceError('NotAuthorizedException', 'Incorrect username or password.');
      return this.next('USER_PASSWORD_AUTH');
    }
    if (params.AuthFlow === 'CUSTOM_AUTH') {
      return { ChallengeName: 'CUSTOM_CHALLENGE', ChallengeParameters: { question: 'colour?' }, Session: 'custom-session' };
    }
    if (params.AuthFlow === 'REFRESH_TOKEN_AUTH') {
      if (!auth.REFRESH_TOKEN) this.refuse('REFRESH_TOKEN_AUTH without REFRESH_TOKEN');
      return { ChallengeParameters: {}, AuthenticationResult: authenticationResult(this.userIdForSrp, { refresh: false }) };
    }
    return this.refuse(`InitiateAuth: AuthFlow ${params.AuthFlow}`);
  }

  respond(params) {
    const answers = params.ChallengeResponses || {};
    if (params.ChallengeName === 'PASSWORD_VERIFIER') {
      if (!this.srp) this.refuse('PASSWORD_VERIFIER before InitiateAuth');
      if (answers.USERNAME !== this.userIdForSrp) this.refuse(`PASSWORD_VERIFIER: USERNAME ${answers.USERNAME}`);
      const ok = this.srp.verify({
        srpA: this.srpA,
        secretBlock: answers.PASSWORD_CLAIM_SECRET_BLOCK,
        timestamp: answers.TIMESTAMP,
        signature: answers.PASSWORD_CLAIM_SIGNATURE,
      });
      this.srp = null;
      if (!ok) throw serviceError('NotAuthorizedException', 'Incorrect username or password.');
      return this.next('PASSWORD_VERIFIER');
    }
    if (['SMS_MFA', 'SOFTWARE_TOKEN_MFA'].includes(params.ChallengeName)) {
      const field = `${params.ChallengeName}_CODE`;
      if (params.Session !== `${params.ChallengeName}-session`) this.refuse(`${params.ChallengeName}: Session ${params.Session}`);
      if (answers[field] !== '123456') throw serviceError('CodeMismatchException', 'Invalid code received for user');
      return { ChallengeParameters: {}, AuthenticationResult: authenticationResult(this.userIdForSrp) };
    }
    if (['NEW_PASSWORD_REQUIRED', 'CUSTOM_CHALLENGE', 'SELECT_MFA_TYPE'].includes(params.ChallengeName)) {
      return { ChallengeParameters: {}, AuthenticationResult: authenticationResult(this.userIdForSrp) };
    }
    return this.refuse(`RespondToAuthChallenge: ${params.ChallengeName}`);
  }

  /** What follows a correct password: the configured challenge, or tokens. */
  next() {
    const challenge = this.afterPassword;
    const session = `${challenge}-session`;
    switch (challenge) {
      case null:
        return { ChallengeParameters: {}, AuthenticationResult: authenticationResult(this.userIdForSrp) };
      case 'SMS_MFA':
        return { ChallengeName: challenge, Session: session, ChallengeParameters: { CODE_DELIVERY_DELIVERY_MEDIUM: 'SMS', CODE_DELIVERY_DESTINATION: '+*******0100' } };
      case 'SOFTWARE_TOKEN_MFA':
        return { ChallengeName: challenge, Session: session, ChallengeParameters: {} };
      case 'NEW_PASSWORD_REQUIRED':
        return { ChallengeName: challenge, Session: session, ChallengeParameters: { userAttributes: '{"email":"a@example.com"}', requiredAttributes: '[]' } };
      case 'CUSTOM_CHALLENGE':
        return { ChallengeName: challenge, Session: session, ChallengeParameters: { question: 'colour?' } };
      default:
        return this.refuse(`no canned answer after the password for ${challenge}`);
    }
  }

  /**
   * A `request(operation, params, callback)` function answering through this fake,
   * asynchronously as a network would.
   */
  requestFunction() {
    const fake = this;
    return function request(operation, params, callback) {
      let outcome;
      try {
        outcome = [null, fake.handle(operation, params)];
      } catch (error) {
        outcome = [error, null];
      }
      setImmediate(() => callback(...outcome));
    };
  }

  /** The operations requested so far, in order ("InitiateAuth:USER_SRP_AUTH", "RespondToAuthChallenge:PASSWORD_VERIFIER", ...). */
  operations() {
    return this.requests.map(({ operation, params }) => [operation, params.AuthFlow || params.ChallengeName].filter(Boolean).join(':'));
  }
}

/** A Storage backed by a Map (the SDKs' Storage interface). */
export function mapStorage() {
  const items = new Map();
  return {
    items,
    setItem: (key, value) => void items.set(key, String(value)),
    getItem: (key) => (items.has(key) ? items.get(key) : null),
    removeItem: (key) => void items.delete(key),
    clear: () => items.clear(),
  };
}
