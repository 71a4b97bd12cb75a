// Where the examples sign in. By default: the local emulator started by `make demo`
// (seeded from emulator/seed/demo.json). For a real user pool, put your pool id and app
// client id here and delete `endpoint` (the SDK then talks to cognito-idp.<region>.amazonaws.com).
window.COGNITO_CONFIG = {
  UserPoolId: 'us-east-1_Demo0001',
  ClientId: 'demo0client0000000000000001',
  endpoint: 'http://127.0.0.1:9229',
  // Optional: an identity pool for temporary AWS credentials (the demo seed has this one).
  IdentityPoolId: 'us-east-1:00000000-0000-4000-8000-00000000de00',
};
