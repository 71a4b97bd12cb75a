//! The flows module's exports (js/FACE.md): SRP sign-in and every challenge, registration,
//! passwords, attributes, MFA and devices, each a function over a `UserState` and an `Env`
//! that resolves with `{ state, outcome }`.
