//! `DateHelper`: the Cognito timestamp of now.

use wasm_bindgen::prelude::*;

/// The reference's `DateHelper`.
#[wasm_bindgen]
pub struct DateHelper;

#[wasm_bindgen]
impl DateHelper {
    #[wasm_bindgen(constructor)]
    pub fn new() -> DateHelper {
        DateHelper
    }

    /// `"<Ddd> <Mmm> <D> <HH>:<mm>:<ss> UTC <YYYY>"` for the current time.
    #[wasm_bindgen(js_name = getNowString)]
    pub fn get_now_string(&self) -> String {
        crate::date::now_string()
    }
}

impl Default for DateHelper {
    fn default() -> Self {
        DateHelper
    }
}
