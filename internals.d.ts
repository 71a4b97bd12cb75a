// Type declarations for `cognito-wasm/internals`: the user-agent functions of
// `amazon-cognito-identity-js/internals`, which Amplify calls.

/** Adds ` auth` to the `X-Amz-User-Agent` sent with every request (after appended content). */
export const addAuthCategoryToCognitoUserAgent: () => void;
/** Sets ` framework/<content>` at the end of the `X-Amz-User-Agent`, replacing an earlier one; an empty value removes it. */
export const addFrameworkToCognitoUserAgent: (content: string) => void;
