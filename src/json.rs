//! JSON text <-> serde values, without putting `serde_json` into the wasm binary.
//!
//! Natively this is `serde_json`. In wasm, writing is [`crate::json_write`]; reading has no
//! serde path there: the modules read [`crate::json_read::Value`]s by hand (both tested
//! natively against `serde_json`). `from_str` is for native callers.

#[cfg(not(target_arch = "wasm32"))]
use serde::de::DeserializeOwned;
use serde::Serialize;

/// Why a value could not be turned into JSON text or read back from it. The message
/// describes the failure only; it never echoes the text being parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    /// A short description of the failure.
    pub message: String,
}

impl std::fmt::Display for JsonError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for JsonError {}

/// Result alias for this module.
pub type Result<T> = std::result::Result<T, JsonError>;

/// Serializes `value` to compact JSON text (`JSON.stringify` semantics).
#[cfg(not(target_arch = "wasm32"))]
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(|e| JsonError { message: format!("cannot serialize JSON: {}", e.classify_name()) })
}

/// Parses JSON text into `T` (`JSON.parse` semantics).
#[cfg(not(target_arch = "wasm32"))]
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T> {
    serde_json::from_str(text).map_err(|e| JsonError { message: format!("invalid JSON ({}) at line {} column {}", e.classify_name(), e.line(), e.column()) })
}

#[cfg(not(target_arch = "wasm32"))]
trait ClassifyName {
    fn classify_name(&self) -> &'static str;
}

#[cfg(not(target_arch = "wasm32"))]
impl ClassifyName for serde_json::Error {
    fn classify_name(&self) -> &'static str {
        match self.classify() {
            serde_json::error::Category::Io => "io",
            serde_json::error::Category::Syntax => "syntax",
            serde_json::error::Category::Data => "unexpected shape",
            serde_json::error::Category::Eof => "truncated",
        }
    }
}

/// Serializes `value` to compact JSON text ([`crate::json_write`]: no JS object built per
/// value, no float formatting in the module).
#[cfg(target_arch = "wasm32")]
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> Result<String> {
    crate::json_write::to_string(value).map_err(|_| JsonError { message: "cannot serialize JSON".to_string() })
}

/// True when `text` starts, after JSON whitespace, with `{`: the only JSON whose
/// properties JavaScript reads. Structs are parsed from such text only, as serde would
/// otherwise also fill a struct from an array (`["X#Y"]` read as `{"__type": "X#Y"}`).
pub fn looks_like_object(text: &str) -> bool {
    text.trim_start_matches([' ', '\t', '\n', '\r']).starts_with('{')
}

/// True when `text` is syntactically valid JSON (of any shape): [`crate::json_read::parse`],
/// the modules' one JSON reader (tested against `serde_json`).
pub fn is_valid(text: &str) -> bool {
    crate::json_read::parse(text).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::messages::ParameterMap;

    #[derive(serde::Serialize, serde::Deserialize, Debug, PartialEq)]
    #[serde(rename_all = "PascalCase")]
    struct Sample {
        client_id: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        session: Option<String>,
        auth_parameters: ParameterMap,
    }

    #[test]
    fn round_trips_and_drops_absent_fields() {
        let mut params = ParameterMap::new();
        params.insert("USERNAME".to_string(), Some("alice".to_string()));
        params.insert("DEVICE_KEY".to_string(), None);
        let s = Sample { client_id: "c".into(), session: None, auth_parameters: params };
        let text = to_string(&s).unwrap();
        // Map entries in insertion order, natively and through the host's JSON in wasm.
        assert_eq!(text, r#"{"ClientId":"c","AuthParameters":{"USERNAME":"alice","DEVICE_KEY":null}}"#);
        #[cfg(not(target_arch = "wasm32"))]
        assert_eq!(from_str::<Sample>(&text).unwrap(), s);
    }

    #[test]
    fn errors_do_not_echo_input() {
        #[cfg(not(target_arch = "wasm32"))]
        assert!(!from_str::<Sample>("{\"secret-password\"").unwrap_err().message.contains("secret"));
        assert!(is_valid("[1,2]"));
        assert!(!is_valid("<html>"));
        assert!(!is_valid(""));
        assert!(looks_like_object(" \n{") && !looks_like_object("[{}]") && !looks_like_object("\u{feff}{}"));
    }
}
