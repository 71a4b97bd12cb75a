// What cognito-wasm adds to the reference's API, type-checked with `tsc --strict`.
import { AuthenticationDetails, CognitoUser, CognitoUserPool, ready, AuthenticationStep } from 'cognito-wasm';

async function signIn(): Promise<string> {
  await ready;
  const pool = new CognitoUserPool({ UserPoolId: 'us-east-1_Example1', ClientId: 'id', ClientSecret: 'secret', fetchOptions: { credentials: 'include' } });
  const user = new CognitoUser({ Username: 'alice', Pool: pool });
  user.setAuthenticationFlowType('USER_SRP_AUTH'); // returns void (the reference's typings said string)
  const step: AuthenticationStep = await user.authenticateUserAsync(new AuthenticationDetails({ Username: 'alice', Password: 'pw', AuthParameters: {} }));
  switch (step.type) {
    case 'SUCCESS':
      return step.session.getIdToken().getJwtToken();
    case 'NEW_PASSWORD_REQUIRED':
      return step.requiredAttributes.join(',');
    default:
      return `${step.challengeName}:${Object.keys(step.parameters).length}`;
  }
}
void signIn();

// Choice-based sign-in, passkeys, e-mail MFA and refresh-token rotation.
async function passwordless(): Promise<string> {
  const pool = new CognitoUserPool({ UserPoolId: 'us-east-1_Example1', ClientId: 'id', RefreshTokenRotation: true });
  const user = new CognitoUser({ Username: 'alice', Pool: pool });
  user.setAuthenticationFlowType('USER_AUTH');
  let step = await user.authenticateUserAsync(new AuthenticationDetails({ Username: 'alice', AuthParameters: { PREFERRED_CHALLENGE: 'EMAIL_OTP' } }));
  if (step.type === 'SELECT_CHALLENGE') step = await user.sendChallengeSelectionAnswerAsync(step.availableChallenges[0], 'pw');
  if (step.type === 'EMAIL_OTP' || step.type === 'SMS_OTP') step = await user.sendOTPCodeAsync('123456');
  user.sendOTPCode('123456', { onSuccess: () => undefined, onFailure: () => undefined, emailOtpRequired: (name, p) => p.CODE_DELIVERY_DESTINATION }, 'EMAIL_OTP');
  await user.registerPasskeyAsync();
  const list = await user.listWebAuthnCredentialsAsync(10);
  await user.deleteWebAuthnCredentialAsync(list.Credentials[0].CredentialId);
  await user.setUserMfaPreferenceAsync(null, null, { Enabled: true, PreferredMfa: true });
  return step.type;
}
void passwordless();
