// How the outcome of a sign-in step reaches the caller: the member of an
// `IAuthenticationCallback` object it names, or, for the `...Async` twins, an
// `AuthenticationStep` (index.d.ts).
import { callMember } from './flows-support.js';

/** `IAuthenticationCallback`: the member the outcome names, the session first when it has one. */
export function toAuthCallbacks(user, callbacks, outcome) {
  if (!outcome.callback) return;
  const args = outcome.withSession ? [user.signInUserSession, ...outcome.args] : outcome.args;
  callMember(callbacks, outcome.callback, args);
}

/** What the sign-in `...Async` twins resolve to (index.d.ts `AuthenticationStep`). */
export function toStep(user, outcome) {
  const [first, second] = outcome.args;
  switch (outcome.callback) {
    case null:
      return null;
    case 'onSuccess':
      return { type: 'SUCCESS', session: user.signInUserSession, userConfirmationNecessary: first === true };
    case 'newPasswordRequired':
      return { type: 'NEW_PASSWORD_REQUIRED', userAttributes: first, requiredAttributes: second };
    case 'selectChallenge':
      return { type: 'SELECT_CHALLENGE', challengeName: 'SELECT_CHALLENGE', availableChallenges: first, parameters: {} };
    case 'customChallenge':
      return { type: 'CUSTOM_CHALLENGE', challengeName: 'CUSTOM_CHALLENGE', parameters: first };
    default:
      return { type: first, challengeName: first, parameters: second };
  }
}

// Every member an authentication step can end with (the reference's, then USER_AUTH's).
const STEP_MEMBERS = [
  'onSuccess',
  'newPasswordRequired',
  'mfaRequired',
  'totpRequired',
  'customChallenge',
  'mfaSetup',
  'selectMFAType',
  'selectChallenge',
  'emailOtpRequired',
  'smsOtpRequired',
  'webAuthnRequired',
];

/**
 * The `...Async` twin of the sign-in method `name` (looked up on `this` at call time, so a
 * stub applies), whose callback object is its argument at `index`: resolves the
 * `AuthenticationStep` the step ended with, rejects its `onFailure` error.
 */
export function authTwin(name, index) {
  return function twin(...values) {
    return new Promise((resolve, reject) => {
      const callbacks = { onFailure: reject };
      for (const member of STEP_MEMBERS) {
        callbacks[member] = (...args) =>
          resolve(toStep(this, { callback: member, args: member === 'onSuccess' ? args.slice(1) : args }));
      }
      const full = values.slice(0, index);
      while (full.length < index) full.push(undefined);
      this[name](...full, callbacks, ...values.slice(index));
    });
  };
}
