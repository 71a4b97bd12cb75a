// cognito-wasm/internals: after the same calls of appendToCognitoUserAgent and of the two
// internals (as Amplify makes them), every request of ours carries the X-Amz-User-Agent that
// amazon-cognito-identity-js sends. Both SDKs post to one local server that records the header.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const ours = { ...require('cognito-wasm'), ...require('cognito-wasm/internals') };
const reference = { ...require('amazon-cognito-identity-js'), ...require('amazon-cognito-identity-js/internals') };

let server;
let endpoint;
const received = [];

before(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received.push(req.headers['x-amz-user-agent']);
      res.writeHead(200, { 'Content-Type': 'application/x-amz-json-1.1' });
      res.end('{}');
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${server.address().port}/`;
});

after(() => new Promise((resolve) => server.close(resolve)));

/** The X-Amz-User-Agent one request of `sdk` carries. */
async function userAgentSentBy(sdk) {
  const pool = new sdk.CognitoUserPool({ UserPoolId: 'us-east-1_Example1', ClientId: 'exampleclientid', endpoint });
  const before = received.length;
  await new Promise((resolve, reject) => pool.client.request('GetUser', { AccessToken: 'token' }, (err) => (err ? reject(err) : resolve())));
  assert.equal(received.length, before + 1, 'one request reached the server');
  return received[received.length - 1];
}

// Each step is applied to both SDKs, then each sends a request.
const steps = [
  ['nothing called yet', () => {}],
  ['addAuthCategoryToCognitoUserAgent()', (sdk) => sdk.addAuthCategoryToCognitoUserAgent()],
  ["addFrameworkToCognitoUserAgent('0')", (sdk) => sdk.addFrameworkToCognitoUserAgent('0')],
  ["appendToCognitoUserAgent('my-app/1.0'), which goes before the category", (sdk) => sdk.appendToCognitoUserAgent('my-app/1.0')],
  ["addFrameworkToCognitoUserAgent('1') replaces the framework", (sdk) => sdk.addFrameworkToCognitoUserAgent('1')],
  ['appending the same content again changes nothing', (sdk) => sdk.appendToCognitoUserAgent('my-app/1.0')],
  ['a number as the framework', (sdk) => sdk.addFrameworkToCognitoUserAgent(2)],
  ["addFrameworkToCognitoUserAgent('') removes the framework", (sdk) => sdk.addFrameworkToCognitoUserAgent('')],
];

test('the X-Amz-User-Agent of ours matches the reference after each call', async () => {
  const seen = [];
  for (const [what, call] of steps) {
    call(reference);
    call(ours);
    const expected = await userAgentSentBy(reference);
    const actual = await userAgentSentBy(ours);
    assert.equal(actual, expected, `after ${what}`);
    assert.equal(ours.getCognitoUserAgent(), expected, `getCognitoUserAgent() after ${what}`);
    seen.push(actual);
  }
  // The sequence really exercised the category and framework parts (literal values).
  assert.deepEqual(seen.slice(0, 5), [
    'aws-amplify/5.0.4',
    'aws-amplify/5.0.4 auth',
    'aws-amplify/5.0.4 auth framework/0',
    'aws-amplify/5.0.4 my-app/1.0 auth framework/0',
    'aws-amplify/5.0.4 my-app/1.0 auth framework/1',
  ]);
});

test('cognito-wasm/internals exports what amazon-cognito-identity-js/internals exports', () => {
  const names = (module) => Object.keys(module).filter((k) => k !== '__esModule').sort();
  assert.deepEqual(names(require('cognito-wasm/internals')), names(require('amazon-cognito-identity-js/internals')));
});

test('the main entry does not export the internals (as in the reference)', () => {
  const main = require('cognito-wasm');
  assert.equal(main.addAuthCategoryToCognitoUserAgent, undefined);
  assert.equal(main.addFrameworkToCognitoUserAgent, undefined);
});
