// Stands in for a React Native module that the reference's tests replace with
// `jest.mock(name, factory)`: jest resolves a name before mocking it, and React Native is not
// installed here. Its contents are never used.
module.exports = {};
