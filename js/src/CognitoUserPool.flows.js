// `CognitoUserPool.prototype.signUp` and its `signUpAsync` twin, over the flows module's
// `run('signUp', ...)`. No local checks (the reference has none): the result or error
// arrives synchronously when the client answered synchronously, else asynchronously.
import CognitoUserPool from './CognitoUserPool.js';
import CognitoUser from './CognitoUser.js';
import { readState, env } from './state.js';
import { runFlowOver, callNode } from './flows-support.js';
import { text, stringMap, attributeList } from './flows-args.js';
import { addMethods } from './callbacks.js';

/** Runs SignUp; resolves the reference's `{user, userConfirmed, userSub, codeDeliveryDetails}`. */
function signUp(pool, username, password, userAttributes, validationData, clientMetadata) {
  let state;
  let callEnv;
  try {
    // A pool call is a user call without a user: the pool's fields (and the context data for
    // the new username), requests through pool.client, the pool's storage.
    state = readState({ username, pool, authenticationFlowType: '', keyPrefix: '', userDataKey: '', signInUserSession: null });
    callEnv = env({ client: pool.client, storage: pool.storage });
  } catch (error) {
    return Promise.reject(error);
  }
  const args = {
    username: text(username) ?? '',
    password: text(password) ?? '',
    userAttributes: attributeList(userAttributes),
    validationData: attributeList(validationData),
    clientMetadata: stringMap(clientMetadata),
  };
  return runFlowOver(state, callEnv, 'signUp', args).then(({ outcome }) => {
    if (outcome.error) throw outcome.error;
    const [result] = outcome.args;
    return {
      user: new CognitoUser({ Username: username, Pool: pool, Storage: pool.storage }),
      userConfirmed: result.userConfirmed,
      userSub: result.userSub,
      codeDeliveryDetails: result.codeDeliveryDetails,
    };
  });
}

addMethods(CognitoUserPool.prototype, {
  signUp(username, password, userAttributes, validationData, callback, clientMetadata) {
    signUp(this, username, password, userAttributes, validationData, clientMetadata).then(
      (result) => callNode(callback, [null, result]),
      (error) => callNode(callback, [error, null]),
    );
  },
  signUpAsync(username, password, userAttributes, validationData, clientMetadata) {
    return Promise.resolve(signUp(this, username, password, userAttributes, validationData, clientMetadata));
  },
});
