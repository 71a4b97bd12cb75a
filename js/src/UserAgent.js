// The X-Amz-User-Agent every request carries (kept in the session module, so the flows module and
// `cognito-wasm/internals` change the same value).
import { session } from './core.js';

/** Adds `content` to the user agent (`appendToCognitoUserAgent`). */
export function appendToCognitoUserAgent(content) {
  session().appendToCognitoUserAgent(content);
}

/** The user agent requests carry now. */
export function getCognitoUserAgent() {
  return session().getCognitoUserAgent();
}

/** `cognito-wasm/internals`: marks requests as Amplify Auth's. */
export function addAuthCategoryToCognitoUserAgent() {
  session().addAuthCategoryToCognitoUserAgent();
}

/** `cognito-wasm/internals`: names the framework in the user agent. */
export function addFrameworkToCognitoUserAgent(framework) {
  session().addFrameworkToCognitoUserAgent(framework);
}
