// Jest configuration for running amazon-cognito-identity-js's own unit suite (the `__tests__`
// folder of the devDependency's npm tarball, read in place: no test code is copied) either
// against the reference itself or against cognito-wasm.
//
// Everything except what must change is the reference's own jest.config.js (its ts-jest
// transform, its `jsdom` environment, its ignore list). What changes:
//   - rootDir/roots point at the installed package, and nothing under node_modules is ignored
//     (jest skips node_modules by default, and the tests, their mocks and the reference's src
//     all live there);
//   - `../src/<Module>` (what the tests import) is mapped by `moduleNameMapper`: for `reference`
//     to the package's own src (the harness proof), for `ours` to the shims in ./ours/, which
//     re-export cognito-wasm's built Node entries (and, as in the reference's own bare import,
//     `amazon-cognito-identity-js` to cognito-wasm); modules that only provide test inputs
//     stay the reference's (see below);
//   - React Native modules the tests replace with `jest.mock(name, factory)` resolve to an empty
//     placeholder (jest must resolve a name before it can mock it; they are not installed);
//   - the environment is the reference's (jsdom) plus the browser globals jsdom lacks
//     (environment.cjs), and count-assertions.cjs records how many assertions each test made;
//   - no coverage (the reference collects it; it only slows the run down).
const path = require('node:path');

const repo = path.resolve(__dirname, '../..');
const reference = path.dirname(require.resolve('amazon-cognito-identity-js/package.json', { paths: [repo] }));
const referenceJestConfig = require(path.join(reference, 'jest.config.js'));

const TARGETS = ['ours', 'reference'];

/** The jest config for `target` ('ours' or 'reference'). */
function configFor(target) {
  if (!TARGETS.includes(target)) throw new Error(`unknown target ${target}: expected one of ${TARGETS.join(', ')}`);
  const sourceMapping =
    target === 'reference'
      ? { '^\\.\\./src/(.*)$': path.join(reference, 'src/$1') }
      : {
          // Test inputs, not code under test, stay the reference's: the Platform modules hold only
          // the constants expected values are computed from (version, base user agent, 'auth'),
          // and BigInteger (jsbn) builds the big-integer arguments that our AuthenticationHelper
          // accepts as it accepts BigInts (anything with toString(16)).
          '^\\.\\./src/(Platform(?:/.*)?|BigInteger)$': path.join(reference, 'src/$1'),
          '^\\.\\./src/(.*?)(\\.js)?$': path.join(__dirname, 'ours/$1.cjs'),
          '^amazon-cognito-identity-js$': path.join(repo, 'dist/node/index.cjs'),
        };
  // The suites that test BigInteger itself would, with the mapping above, test the reference's
  // code: they are not run against ours (the runner counts their tests as failed).
  const notRunAgainstOurs = target === 'ours' ? ['/__tests__/BigInteger\\.test\\.js$', '/__tests__/enhance-rn\\.test\\.js$'] : [];
  const placeholder = path.join(__dirname, 'not-installed.cjs');
  return {
    ...referenceJestConfig,
    rootDir: reference,
    roots: ['<rootDir>/__tests__'],
    testPathIgnorePatterns: [
      ...referenceJestConfig.testPathIgnorePatterns.filter((p) => !p.includes('node_modules')),
      ...notRunAgainstOurs,
    ],
    transformIgnorePatterns: ['/node_modules/(?!amazon-cognito-identity-js/)', '/dist/'],
    haste: { retainAllFiles: true },
    testEnvironment: path.join(__dirname, 'environment.cjs'),
    setupFilesAfterEnv: [path.join(__dirname, 'count-assertions.cjs')],
    collectCoverage: false,
    moduleNameMapper: {
      ...sourceMapping,
      '^react-native$': placeholder,
      '^@react-native-async-storage/async-storage$': placeholder,
    },
    // ts-jest's cache and jest's own, kept out of the package folder.
    cacheDirectory: path.join(repo, 'node_modules/.cache/reference-suite', target),
  };
}

module.exports = { configFor, reference, TARGETS };
