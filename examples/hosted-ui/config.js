// Where the hosted-UI examples sign in: the emulator started by `make demo` (a pool with a
// domain; see README "Setting it up with boto3 (as on AWS)" for your own). For a real user pool, put
// your Cognito domain (<prefix>.auth.<region>.amazoncognito.com) and app client id here.
window.HOSTED_UI_CONFIG = {
  AppWebDomain: 'http://127.0.0.1:9229',
  ClientId: 'demo0hostedui0000000000001',
  IdentityProvider: 'MockIdP',
};
