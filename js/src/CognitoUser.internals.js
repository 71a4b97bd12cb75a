// The reference's internal CognitoUser methods, on the prototype with the reference's
// signatures, and the public sign-in methods going through them as the reference's do, so
// that a stub on `CognitoUser.prototype.<method>` (or on the user) changes what the public
// method does:
//
//   authenticateUser ── USER_PASSWORD_AUTH ─> authenticateUserPlainUsernamePassword ─┐
//                    └─ USER_SRP_AUTH, CUSTOM_AUTH ─> authenticateUserDefaultAuth ───┤
//   sendCustomChallengeAnswer, completeNewPasswordChallenge ─────────────────────────┤
//                                                                                    v
//   authenticateUserInternal(response, helper, callback) ─> getDeviceResponse (DEVICE_SRP_AUTH)
//                                                       └─> getCognitoUserSession, cacheTokens
//
// Each is one flows operation (src/wasm/flows/internal_ops.rs): the first factors and the
// challenge answers end with the service's answer, which goes on to
// `this.authenticateUserInternal`; that one continues the sign-in in the core (challenge,
// tokens, device confirmation) and hands device SRP to `this.getDeviceResponse`. Other flow
// types (USER_AUTH, or an invalid one) keep the plain `authenticateUser` row of
// CognitoUser.flows.js.
import CognitoUser from './CognitoUser.js';
import AuthenticationHelper from './AuthenticationHelper.js';
import CognitoAccessToken from './CognitoAccessToken.js';
import CognitoIdToken from './CognitoIdToken.js';
import CognitoRefreshToken from './CognitoRefreshToken.js';
import CognitoUserSession from './CognitoUserSession.js';
import { addMethods } from './callbacks.js';
import { localError, runFlow, deliverFailure } from './flows-support.js';
import { detailsOf, stringMap } from './flows-args.js';
import { authTwin, toAuthCallbacks } from './auth-callbacks.js';

/** The internal method each first-factor flow type goes through. */
const FIRST_FACTOR = {
  USER_PASSWORD_AUTH: 'authenticateUserPlainUsernamePassword',
  USER_SRP_AUTH: 'authenticateUserDefaultAuth',
  CUSTOM_AUTH: 'authenticateUserDefaultAuth',
};

// The `authenticationHelper` argument of `authenticateUserInternal`: the reference hands on
// the helper that did the SRP; ours does the SRP in the core, so the argument is only passed
// along (for a page's stub). One per pool name, made when first needed: constructing one
// computes an SRP public value, which a sign-in should not pay for twice.
const helpers = new Map();
function helperFor(user) {
  const name = user.pool.getUserPoolName();
  if (!helpers.has(name)) helpers.set(name, new AuthenticationHelper(name));
  return helpers.get(name);
}

function reportUndelivered(error) {
  console.error('cognito-wasm: a result could not be delivered:', error);
}

/**
 * Where an answer-producing step goes once the service answered: its answer to
 * `user.authenticateUserInternal(response, helper, callback)` (the method looked up now), any
 * other outcome to the callback object.
 */
export function continueSignIn(user, outcome, callback) {
  if (outcome.error) return deliverFailure('auth', callback, outcome.error);
  if (outcome.callback === 'authenticateUserInternal') return user.authenticateUserInternal(outcome.args[0], helperFor(user), callback);
  return toAuthCallbacks(user, callback, outcome);
}

/** Runs the answer-producing operation `op`, then `continueSignIn`. */
function runThenContinue(user, op, args, callback) {
  runFlow(user, op, args)
    .then(
      (outcome) => continueSignIn(user, outcome, callback),
      (error) => deliverFailure('auth', callback, error),
    )
    .catch(reportUndelivered);
  return undefined;
}

// A response's `Session` is a string; a page-made response may hold any other value, which
// the core cannot keep. It crosses as this marker, and the user gets the very value back
// wherever the core stored the marker (as the reference stores whatever it was given).
const PAGE_SESSION = 'cognito-wasm:page-session';

/**
 * The JSON text of the fields of a sign-in answer the core reads (a page-made answer may be
 * any object, even a cyclic one); `undefined` when it cannot be written as JSON (the core
 * then reports that there is no answer).
 */
function answerText(data) {
  let fields = data;
  if (data != null && typeof data === 'object') {
    const session = data.Session;
    fields = {
      ChallengeName: data.ChallengeName,
      ChallengeParameters: data.ChallengeParameters,
      Session: session == null || typeof session === 'string' ? session : PAGE_SESSION,
      AuthenticationResult: data.AuthenticationResult,
      AvailableChallenges: data.AvailableChallenges,
    };
  }
  try {
    return JSON.stringify(fields);
  } catch {
    return undefined;
  }
}

/** `authenticateUser` of the rows (USER_AUTH, and the invalid-flow error). */
let authenticateUserRow;
let authenticateUserRowTwin;

addMethods(CognitoUser.prototype, {
  authenticateUser(authDetails, callback) {
    const internal = FIRST_FACTOR[this.authenticationFlowType];
    if (!internal) return authenticateUserRow.call(this, authDetails, callback);
    return this[internal](authDetails, callback);
  },

  authenticateUserAsync(authDetails) {
    if (!FIRST_FACTOR[this.authenticationFlowType]) return authenticateUserRowTwin.call(this, authDetails);
    return authTwin('authenticateUser', 1).call(this, authDetails);
  },

  /** SRP (`USER_SRP_AUTH`, `CUSTOM_AUTH` with `SRP_A`): `InitiateAuth`, `PASSWORD_VERIFIER`, then `authenticateUserInternal`. */
  authenticateUserDefaultAuth(authDetails, callback) {
    return runThenContinue(this, 'authenticateUserDefaultAuth', { details: detailsOf(authDetails) }, callback);
  },

  /** `USER_PASSWORD_AUTH`: one `InitiateAuth` (the cached device key loaded first), then `authenticateUserInternal`. */
  authenticateUserPlainUsernamePassword(authDetails, callback) {
    // A missing password is reported at once (the core reports it too, when called with
    // another flow type set).
    const local = localError(this, 'authenticateUser', [authDetails]);
    if (local) return deliverFailure('auth', callback, local);
    this.getCachedDeviceKeyAndPassword();
    return runThenContinue(this, 'authenticateUserPlainUsernamePassword', { details: detailsOf(authDetails) }, callback);
  },

  /**
   * Continues a sign-in from the service's answer `dataAuthenticate` (of `InitiateAuth` or
   * `RespondToAuthChallenge`): a challenge keeps its `Session` and calls its callback,
   * `DEVICE_SRP_AUTH` goes to `this.getDeviceResponse(callback)`, tokens become the session
   * (`this.getCognitoUserSession`, `this.cacheTokens`) and a new device is confirmed.
   * `authenticationHelper` is accepted for the reference's signature (see helperFor).
   */
  authenticateUserInternal(dataAuthenticate, authenticationHelper, callback) {
    const deviceKeyBefore = this.deviceKey;
    runFlow(this, 'authenticateUserInternal', { response: answerText(dataAuthenticate) })
      .then(
        (outcome) => {
          if (this.Session === PAGE_SESSION) this.Session = dataAuthenticate.Session;
          if (outcome.error) return deliverFailure('auth', callback, outcome.error);
          if (outcome.callback === 'getDeviceResponse') return this.getDeviceResponse(callback);
          if (outcome.withSession) {
            this.signInUserSession = this.getCognitoUserSession(dataAuthenticate.AuthenticationResult);
            this.cacheTokens();
            if (this.deviceKey && this.deviceKey !== deviceKeyBefore) this.cacheDeviceKeyAndPassword();
          }
          return toAuthCallbacks(this, callback, outcome);
        },
        (error) => deliverFailure('auth', callback, error),
      )
      .catch(reportUndelivered);
    return undefined;
  },

  /** Device SRP (`DEVICE_SRP_AUTH`, `DEVICE_PASSWORD_VERIFIER`) with the cached device secrets; signed in, `this.cacheTokens()`. */
  getDeviceResponse(callback, clientMetadata) {
    runFlow(this, 'getDeviceResponse', { clientMetadata: stringMap(clientMetadata) })
      .then(
        (outcome) => {
          if (outcome.error) return deliverFailure('auth', callback, outcome.error);
          if (outcome.withSession) this.cacheTokens();
          return toAuthCallbacks(this, callback, outcome);
        },
        (error) => deliverFailure('auth', callback, error),
      )
      .catch(reportUndelivered);
    return undefined;
  },

  /** A new session of the tokens of an `AuthenticationResult` (missing tokens are empty, as in the reference). */
  getCognitoUserSession(authResult) {
    const result = authResult || {};
    return new CognitoUserSession({
      IdToken: new CognitoIdToken(result),
      AccessToken: new CognitoAccessToken(result),
      RefreshToken: new CognitoRefreshToken(result),
    });
  },
});

/** Called by CognitoUser.flows.js once its rows are on the prototype: keeps the `authenticateUser` row for the flow types above do not take. */
export function takeAuthenticateUserRow(callbackForm, twin) {
  authenticateUserRow = callbackForm;
  authenticateUserRowTwin = twin;
}
