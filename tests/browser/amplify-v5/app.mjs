// The page of tests/browser/amplify-v5.test.mjs: Amplify v5's Auth category, bundled by
// esbuild with `amazon-cognito-identity-js` aliased to the SDK under test. The test drives
// it through `window.amplifyTest`; the CognitoUser Amplify hands back between steps stays here.
import { Auth } from '@aws-amplify/auth';

let pending = null;

const summary = (user) => ({ challengeName: user.challengeName ?? null, username: user.getUsername() });

window.amplifyTest = {
  configure({ userPoolId, clientId, endpoint }) {
    Auth.configure({ userPoolId, userPoolWebClientId: clientId, endpoint, authenticationFlowType: 'USER_SRP_AUTH' });
  },
  async signIn(username, password) {
    pending = await Auth.signIn(username, password);
    return summary(pending);
  },
  async confirmSignIn(code, mfaType) {
    pending = await Auth.confirmSignIn(pending, code, mfaType);
    return summary(pending);
  },
  async completeNewPassword(password) {
    pending = await Auth.completeNewPassword(pending, password);
    return summary(pending);
  },
  async currentSession() {
    const session = await Auth.currentSession();
    return {
      valid: session.isValid(),
      username: session.getIdToken().decodePayload()['cognito:username'],
      tokenUse: session.getAccessToken().decodePayload().token_use,
    };
  },
  /** Signs out; returns the SDK's localStorage keys left behind. */
  async signOut() {
    await Auth.signOut();
    return Object.keys(localStorage).filter((key) => key.startsWith('CognitoIdentityServiceProvider.'));
  },
};
