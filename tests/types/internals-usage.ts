// Code using amazon-cognito-identity-js/internals (as Amplify does). Compiled twice like
// reference-usage.ts: importing the reference's `/internals`, and cognito-wasm's.
import { addAuthCategoryToCognitoUserAgent, addFrameworkToCognitoUserAgent } from 'cognito-wasm/internals';

addAuthCategoryToCognitoUserAgent();
addFrameworkToCognitoUserAgent('1');
const calls: Array<() => void> = [addAuthCategoryToCognitoUserAgent, () => addFrameworkToCognitoUserAgent('0')];
calls.forEach((call) => call());
