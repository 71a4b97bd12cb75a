// Sign in from Node with cognito-wasm, the way scripts use amazon-cognito-identity-js.
// Defaults to the demo user on the local emulator (`make demo`); for a real pool set
// COGNITO_USER_POOL_ID and COGNITO_CLIENT_ID and leave COGNITO_ENDPOINT unset.
//   node examples/node/index.mjs [username] [password]
import { CognitoUserPool, CognitoUser, AuthenticationDetails } from 'cognito-wasm';

const poolData = {
  UserPoolId: process.env.COGNITO_USER_POOL_ID || 'us-east-1_Demo0001',
  ClientId: process.env.COGNITO_CLIENT_ID || 'demo0client0000000000000001',
};
const endpoint = process.env.COGNITO_ENDPOINT ?? (process.env.COGNITO_USER_POOL_ID ? '' : 'http://127.0.0.1:9229');
if (endpoint) poolData.endpoint = endpoint;

const [username = 'demo', password = 'Demo-Passw0rd!'] = process.argv.slice(2);
const pool = new CognitoUserPool(poolData);
const user = new CognitoUser({ Username: username, Pool: pool });
const details = new AuthenticationDetails({ Username: username, Password: password });

user.authenticateUser(details, {
  onSuccess(session) {
    const id = session.getIdToken();
    console.log(`signed in as ${id.payload['cognito:username']} (sub ${id.payload.sub})`);
    console.log(`id token expires at ${new Date(id.getExpiration() * 1000).toISOString()}`);
    user.getSession((err, again) => {
      if (err) throw err;
      console.log(`session valid: ${again.isValid()}`);
      user.signOut();
      console.log('signed out');
    });
  },
  onFailure(err) {
    console.error(`sign-in failed: ${err.code}: ${err.message}`);
    process.exitCode = 1;
  },
  newPasswordRequired() {
    console.error('this user must set a new password first');
    process.exitCode = 1;
  },
});
