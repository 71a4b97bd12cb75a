//! `WordArray`: random bytes as 32-bit words, printed as hex.

use wasm_bindgen::prelude::*;

use crate::encoding::to_hex;
use crate::random::random_bytes;

/// The reference's `WordArray`.
#[wasm_bindgen]
pub struct WordArray {
    words: Vec<u32>,
    sig_bytes: usize,
}

#[wasm_bindgen]
impl WordArray {
    /// `new WordArray(words?, sigBytes?)`; `sigBytes` defaults to `4 * words.length`.
    #[wasm_bindgen(constructor)]
    pub fn new(words: Option<Vec<u32>>, sig_bytes: Option<usize>) -> WordArray {
        let words = words.unwrap_or_default();
        let sig_bytes = sig_bytes.unwrap_or(words.len() * 4).min(words.len() * 4);
        WordArray { words, sig_bytes }
    }

    /// `new WordArray().random(nBytes)`: `nBytes` random bytes from the platform CSPRNG.
    /// An instance method, as in the reference; the package entries also attach it to the
    /// class itself (`WordArray.random(nBytes)`).
    pub fn random(&self, n_bytes: usize) -> Result<WordArray, JsValue> {
        random_words(n_bytes)
    }

    #[wasm_bindgen(getter)]
    pub fn words(&self) -> Vec<u32> {
        self.words.clone()
    }

    #[wasm_bindgen(getter, js_name = sigBytes)]
    pub fn sig_bytes(&self) -> usize {
        self.sig_bytes
    }

    /// The significant bytes as lowercase hex.
    #[wasm_bindgen(js_name = toString)]
    pub fn to_hex_string(&self) -> String {
        let bytes: Vec<u8> = self.words.iter().flat_map(|w| w.to_be_bytes()).take(self.sig_bytes).collect();
        to_hex(&bytes)
    }
}

fn random_words(n_bytes: usize) -> Result<WordArray, JsValue> {
    let bytes = random_bytes(n_bytes.div_ceil(4) * 4)?;
    let words = bytes.chunks_exact(4).map(|c| u32::from_be_bytes([c[0], c[1], c[2], c[3]])).collect();
    Ok(WordArray { words, sig_bytes: n_bytes })
}
