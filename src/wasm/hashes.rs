//! The hashes of `AuthenticationHelper` (session module: the page has them synchronously,
//! before the flows module loads; the module already carries SHA-256 and HMAC for
//! SECRET_HASH). The SRP integer math is the flows module's (`flows/math.rs`).

use wasm_bindgen::prelude::*;

use super::interop::error_to_js;
use crate::crypto::{compute_hkdf, hash, hex_hash};
use crate::wire::SdkError;

/// SHA-256 of bytes, as 64 hex characters (`AuthenticationHelper.hash`).
#[wasm_bindgen(js_name = sha256Hex)]
pub fn sha256_hex(data: &[u8]) -> String {
    hash(data)
}

/// SHA-256 of the bytes a hex string denotes (`hexHash`); throws on a string that is not hex.
#[wasm_bindgen(js_name = hexHash)]
pub fn hex_hash_of(hex: &str) -> Result<String, JsValue> {
    hex_hash(hex).map_err(|e| error_to_js(&SdkError::from(e)))
}

/// The 16-byte HKDF of `ikm` with `salt` and the info `Caldera Derived Key` (`computehkdf`).
#[wasm_bindgen(js_name = hkdf)]
pub fn hkdf(ikm: &[u8], salt: &[u8]) -> Vec<u8> {
    compute_hkdf(ikm, salt).to_vec()
}
