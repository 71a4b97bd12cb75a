// Choice-based sign-in (`AuthFlow: USER_AUTH`) and passkey management: the rows that
// CognitoUser.flows.js adds to the prototype (same row format as its FLOWS; `module: 'extras'`:
// run by the extras module, which a sign-in does not load), and the passkey step of a sign-in,
// answered in the face through `navigator.credentials.get`.
import { lift } from './callbacks.js';
import { runFlow } from './flows-support.js';
import { text, limit } from './flows-args.js';
import { getAssertion } from './webauthn.js';

export const USER_AUTH_FLOWS = [
  // `selectChallenge(availableChallenges)` -> the chosen first factor; PASSWORD and
  // PASSWORD_SRP need the password.
  {
    op: 'sendChallengeSelectionAnswer',
    params: ['answer', 'callback', 'password'],
    kind: 'auth',
    args: (answer, password) => ({ answer: text(answer), password: text(password) }),
    afterSignIn: true,
  },
  // `emailOtpRequired` / `smsOtpRequired` -> the code (challengeName: the one the user is at).
  {
    op: 'sendOTPCode',
    params: ['code', 'callback', 'challengeName'],
    kind: 'auth',
    args: (code, challengeName) => ({ code: text(code), challengeName: text(challengeName) }),
    afterSignIn: true,
  },
  // ----- passkeys of the signed-in user -----
  { op: 'startWebAuthnRegistration', params: ['callback'], kind: 'node', check: 'signedIn', module: 'extras', args: () => ({}) },
  {
    op: 'completeWebAuthnRegistration',
    params: ['credential', 'callback'],
    kind: 'node',
    check: 'signedIn',
    module: 'extras',
    args: (credential) => ({ credential: typeof credential === 'string' ? credential : JSON.stringify(credential) }),
  },
  {
    op: 'listWebAuthnCredentials',
    params: ['callback', 'maxResults', 'nextToken'],
    kind: 'node',
    check: 'signedIn',
    module: 'extras',
    args: (maxResults, nextToken) => ({ limit: limit(maxResults), paginationToken: nextToken ? text(nextToken) : undefined }),
  },
  { op: 'deleteWebAuthnCredential', params: ['credentialId', 'callback'], kind: 'node', check: 'signedIn', module: 'extras', args: (credentialId) => ({ credentialId: text(credentialId) }) },
];

/**
 * A sign-in step that asked for a passkey (`webAuthnRequired`): gets the assertion from the
 * browser and sends it, until the sign-in moves on; any other outcome as it is. A browser
 * refusal (the user cancelled, no passkey) is the step's error.
 */
export function answerPasskeyChallenge(user, outcome) {
  // Anything but a passkey challenge continues at once (synchronously when the flow was).
  if (outcome.error || outcome.callback !== 'webAuthnRequired') return lift(outcome);
  return getAssertion(outcome.args[1]).then(
    (credential) => runFlow(user, 'sendWebAuthnCredential', { credential }).then((next) => answerPasskeyChallenge(user, next)),
    (error) => ({ error }),
  );
}
