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
