//! The session module's exports (js/FACE.md): what a returning visitor needs.
