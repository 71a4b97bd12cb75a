// Application code written against amazon-cognito-identity-js's typings. The test compiles
// it twice with `tsc --strict`: importing 'amazon-cognito-identity-js' (proving it is
// written against the reference) and importing 'cognito-wasm' (only the import changes).
import {
  AuthenticationDetails,
  CognitoAccessToken,
  CognitoIdToken,
  CognitoRefreshToken,
  CognitoUser,
  CognitoUserAttribute,
  CognitoUserPool,
  CognitoUserSession,
  CookieStorage,
  ICognitoUserPoolData,
  ISignUpResult,
  IAuthenticationCallback,
  ChallengeName,
  CodeDeliveryDetails,
  ICognitoStorage,
  NodeCallback,
  UserData,
  MFAOption,
  appendToCognitoUserAgent,
  WordArray,
  UserAgent,
  ICognitoUserData,
  ICognitoUserSessionData,
  IAuthenticationDetailsData,
  ICookieStorageData,
  IMfaSettings,
  ICognitoUserAttributeData,
  UpdateAttributesNodeCallback,
  ClientMetadata,
  GetSessionOptions,
} from 'cognito-wasm';

const poolData: ICognitoUserPoolData = { UserPoolId: 'us-east-1_Example1', ClientId: 'exampleclientid' };
const userPool = new CognitoUserPool(poolData);
const attributeList: CognitoUserAttribute[] = [new CognitoUserAttribute({ Name: 'email', Value: 'a@example.com' })];

userPool.signUp('alice', 'Passw0rd!', attributeList, [], (err?: Error, result?: ISignUpResult) => {
  if (err || !result) return console.error(err?.message);
  const user: CognitoUser = result.user;
  const delivery: CodeDeliveryDetails = result.codeDeliveryDetails;
  console.log(user.getUsername(), result.userConfirmed, result.userSub, delivery.Destination);
});

const cognitoUser = new CognitoUser({ Username: 'alice', Pool: userPool });
cognitoUser.confirmRegistration('123456', true, (err, result) => console.log(err, result));
cognitoUser.resendConfirmationCode((err, result) => console.log(err, result));

const details = new AuthenticationDetails({ Username: 'alice', Password: 'Passw0rd!', ValidationData: { a: 'b' } });
const name: string = details.getUsername();
const callbacks: IAuthenticationCallback = {
  onSuccess(session: CognitoUserSession, userConfirmationNecessary?: boolean) {
    const id: CognitoIdToken = session.getIdToken();
    const access: CognitoAccessToken = session.getAccessToken();
    const refresh: CognitoRefreshToken = session.getRefreshToken();
    const exp: number = id.getExpiration() + access.getIssuedAt();
    console.log(id.payload['email'], id.getJwtToken(), refresh.getToken(), exp, session.isValid(), userConfirmationNecessary, name);
  },
  onFailure(err: any) {
    console.error(err.code, err.message);
  },
  newPasswordRequired(userAttributes: any, requiredAttributes: any) {
    delete userAttributes.email_verified;
    cognitoUser.completeNewPasswordChallenge('N3w-Passw0rd!', userAttributes, callbacks);
    console.log(requiredAttributes);
  },
  mfaRequired(challengeName: ChallengeName, params: any) {
    cognitoUser.sendMFACode('123456', { onSuccess: () => undefined, onFailure: () => undefined });
    console.log(challengeName, params);
  },
  totpRequired(challengeName: ChallengeName) {
    cognitoUser.sendMFACode('123456', { onSuccess: () => undefined, onFailure: () => undefined }, 'SOFTWARE_TOKEN_MFA');
    console.log(challengeName);
  },
  customChallenge(params: any) {
    cognitoUser.sendCustomChallengeAnswer('answer', callbacks);
    console.log(params);
  },
};
cognitoUser.setAuthenticationFlowType('USER_PASSWORD_AUTH');
cognitoUser.authenticateUser(details, callbacks);

const current: CognitoUser | null = userPool.getCurrentUser();
current?.getSession((err: Error | null, session: CognitoUserSession | null) => {
  if (err || !session) return;
  current.getUserAttributes((err2?: Error, attributes?: CognitoUserAttribute[]) => {
    attributes?.forEach((a) => console.log(a.getName(), a.getValue(), err2));
  });
  current.updateAttributes([new CognitoUserAttribute({ Name: 'nickname', Value: 'al' })], (e, r, d) => console.log(e, r, d));
  current.deleteAttributes(['nickname'], (e, r) => console.log(e, r));
  current.getUserData((e?: Error, data?: UserData) => console.log(e, data?.Username), { bypassCache: true });
  current.getMFAOptions((e?: Error, options?: MFAOption[]) => console.log(e, options));
  current.setUserMfaPreference(null, { PreferredMfa: true, Enabled: true }, (e, r) => console.log(e, r));
  current.changePassword('old', 'new', (e, r) => console.log(e, r));
  current.listDevices(10, null, { onSuccess: (data) => console.log(data), onFailure: (e) => console.log(e) });
  current.getCachedDeviceKeyAndPassword();
  current.setDeviceStatusRemembered({ onSuccess: (s) => console.log(s), onFailure: (e) => console.log(e) });
  current.globalSignOut({ onSuccess: (m) => console.log(m), onFailure: (e) => console.log(e) });
  current.signOut();
});

cognitoUser.forgotPassword({
  onSuccess: (data) => console.log(data),
  onFailure: (err) => console.error(err),
  inputVerificationCode: () => cognitoUser.confirmPassword('123', 'N3w!', { onSuccess: () => undefined, onFailure: () => undefined }),
});
cognitoUser.associateSoftwareToken({ associateSecretCode: (secret: string) => console.log(secret), onFailure: (e) => console.log(e) });
cognitoUser.verifySoftwareToken('123456', 'phone', { onSuccess: (s) => console.log(s), onFailure: (e) => console.log(e) });
cognitoUser.deleteUser((e, r) => console.log(e, r));

const storage: ICognitoStorage = new CookieStorage({ domain: 'example.com', secure: true, sameSite: 'lax' });
const withStorage = new CognitoUserPool({ ...poolData, Storage: storage, endpoint: 'http://127.0.0.1:9229' });
const callback: NodeCallback<Error, string> = (e, r) => console.log(e, r);
callback(undefined, withStorage.getUserPoolId() + withStorage.getClientId());
appendToCognitoUserAgent('framework/test');
console.log(new WordArray().random(16).toString());

// Declarations where the reference's typings differ from what the runtime does: code that
// follows the typings still compiles.
const flowType: string = cognitoUser.setAuthenticationFlowType('CUSTOM_AUTH');
const device: any = cognitoUser.getDevice({
  onSuccess: (success: string) => console.log(success),
  onFailure: (err: Error) => console.log(err.message),
});
cognitoUser.getUserData((e, data) => console.log(e, data?.PreferredMfaSetting), { bypassCache: true, unknownOption: 1 });
const words = new WordArray(['00010203'], 4);
console.log(flowType, device, words.toString(), WordArray.prototype.random.call(words, 8).toString());
new UserAgent();

// Objects typed with the reference's interfaces and classes, passed where the API takes them.
const fakeSession: CognitoUserSession = {
  getIdToken: () => new CognitoIdToken({ IdToken: 'a.b.c' }),
  getAccessToken: () => new CognitoAccessToken({ AccessToken: 'a.b.c' }),
  getRefreshToken: () => new CognitoRefreshToken({ RefreshToken: 'r' }),
  isValid: () => true,
};
cognitoUser.setSignInUserSession(fakeSession);
const fakePool: CognitoUserPool = {
  getUserPoolId: () => 'us-east-1_Example1',
  getUserPoolName: () => 'Example1',
  getClientId: () => 'exampleclientid',
  signUp: () => undefined,
  getCurrentUser: () => null,
};
const userData: ICognitoUserData = { Username: 'bob', Pool: fakePool, Storage: storage };
const sessionData: ICognitoUserSessionData = {
  IdToken: fakeSession.getIdToken(),
  AccessToken: fakeSession.getAccessToken(),
  RefreshToken: fakeSession.getRefreshToken(),
};
const detailsData: IAuthenticationDetailsData = { Username: 'bob', Password: 'pw', ClientMetadata: { k: 'v' } };
const cookieData: ICookieStorageData = { domain: 'example.com', expires: 365, path: '/', sameSite: 'strict' };
const settings: IMfaSettings = { PreferredMfa: false, Enabled: true };
const attributeData: ICognitoUserAttributeData = { Name: 'email', Value: 'b@example.com' };
const any: NodeCallback.Any = (err, result) => console.log(err, result);
const update: UpdateAttributesNodeCallback<Error, string, any> = (e, r, d) => console.log(e, r, d);
const metadata: ClientMetadata = { source: 'test' };
const options: GetSessionOptions = { clientMetadata: { source: 'test' } };
new CognitoUser(userData).getSession(() => undefined, options);
new CognitoUserSession(sessionData);
new AuthenticationDetails(detailsData);
new CookieStorage(cookieData);
new CognitoUserAttribute(attributeData).setValue('c@example.com');
new CognitoUserPool(poolData, (target) => target);
cognitoUser.setUserMfaPreference(settings, null, any);
cognitoUser.updateAttributes([attributeData], update, metadata);
