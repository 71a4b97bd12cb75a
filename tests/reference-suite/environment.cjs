// The reference's test environment, jest-environment-jsdom, plus what every current browser
// has but jsdom's window lacks. Used for both targets.
//   - TextEncoder, TextDecoder (Node's): without them wasm-bindgen's glue cannot even load.
//   - fetch: the tests either replace it (`jest.spyOn(window, 'fetch')`) or replace what calls
//     it; a request that is not replaced fails at once, as a browser offline does, with a
//     TypeError from the test's own realm. (The reference never notices a missing fetch:
//     importing it installs a polyfill, isomorphic-unfetch, which keeps this one.) Node's own
//     fetch is not used: it would reach the network, and its promises and errors belong to
//     another realm than the test's (see tests/reference-suite/README.md for what that does to ours).
const { TextEncoder, TextDecoder } = require('node:util');
const { TestEnvironment } = require('jest-environment-jsdom');

class BrowserLikeEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    const window = this.global;
    if (typeof window.TextEncoder === 'undefined') window.TextEncoder = TextEncoder;
    if (typeof window.TextDecoder === 'undefined') window.TextDecoder = TextDecoder;
    if (typeof window.fetch === 'undefined') {
      // Built by the window's own Function, so its Promise and TypeError are the test's.
      window.fetch = new window.Function(
        "return function fetch() { return Promise.reject(new TypeError('Failed to fetch (the reference suite runs offline)')); };",
      )();
    }
  }
}

module.exports = BrowserLikeEnvironment;
