// The page of `make bench`'s page-level figures (bench/page-level.mjs): an app bundled with
// `amazon-cognito-identity-js` aliased to the SDK measured. Its config comes in the URL's hash;
// it sets `window.benchResult = { ms, valid | error }`, `ms` counted from the navigation's start.
//   mode 'signin':    a cold USER_SRP_AUTH sign-in against the emulator (localStorage, the default)
//   mode 'returning': tokens already in localStorage; getCurrentUser().getSession()
import { AuthenticationDetails, CognitoUser, CognitoUserPool } from 'amazon-cognito-identity-js';

const config = JSON.parse(decodeURIComponent(location.hash.slice(1)));
const done = (result) => {
  window.benchResult = { ms: performance.now(), ...result };
};
const pool = new CognitoUserPool({ UserPoolId: config.UserPoolId, ClientId: config.ClientId, endpoint: config.endpoint });

if (config.mode === 'returning') {
  const user = pool.getCurrentUser();
  if (!user) done({ error: 'no current user in localStorage' });
  else user.getSession((error, session) => done(error ? { error: error.message } : { valid: session.isValid() }));
} else {
  const unexpected = (name) => () => done({ error: `unexpected ${name}` });
  new CognitoUser({ Username: config.Username, Pool: pool }).authenticateUser(
    new AuthenticationDetails({ Username: config.Username, Password: config.Password }),
    {
      onSuccess: (session) => done({ valid: session.isValid() }),
      onFailure: (error) => done({ error: error.message }),
      newPasswordRequired: unexpected('newPasswordRequired'),
      mfaRequired: unexpected('mfaRequired'),
      totpRequired: unexpected('totpRequired'),
    },
  );
}
