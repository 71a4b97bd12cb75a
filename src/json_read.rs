//! The wasm modules' JSON reader: text to one [`Value`] ([`parse`]), which each type reads
//! by hand (`from_value`, with the typed reads below). Why not serde: a serde deserializer
//! instantiates a visitor per type read (the modules carried ~30 KB of them), and
//! `serde_wasm_bindgen`'s errors format serde's `Unexpected` values, which pulls Rust's float
//! formatting (~14 KB) into every module. Errors here carry no text (the caller names what
//! failed), so nothing formats. Compiled natively too, where the tests check it against
//! `serde_json`.

use serde::de::{self, MapAccess, SeqAccess, Visitor};

/// The text is not JSON, or not of the expected shape. Deliberately without a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadError;

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("invalid JSON")
    }
}

impl std::error::Error for ReadError {}

type Result<T> = std::result::Result<T, ReadError>;

/// Parses the whole of `text` (JSON whitespace around one value) into a [`Value`]: one copy
/// of the code whatever is read from the value afterwards (unlike a serde visitor per type).
pub fn parse(text: &str) -> Result<Value> {
    let mut reader = Reader { text: text.as_bytes(), at: 0, depth: 0 };
    let value = reader.value()?;
    reader.skip_space();
    if reader.at == reader.text.len() {
        Ok(value)
    } else {
        Err(ReadError)
    }
}

/// A JSON value as [`parse`] reads it: numbers as `f64` (as `JSON.parse` reads them), an
/// object's entries in text order (a repeated key: the last one counts, as in JavaScript).
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `null`.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// A number.
    Number(f64),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Value>),
    /// An object's entries.
    Object(Vec<(String, Value)>),
}

impl Value {
    /// `self[key]` of an object (the last entry of that key), `None` for a missing key or a
    /// value that is not an object.
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Object(entries) => entries.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// JavaScript's truthiness (`!!value`).
    pub fn is_truthy(&self) -> bool {
        match self {
            Value::Null => false,
            Value::Bool(b) => *b,
            Value::Number(n) => *n != 0.0 && !n.is_nan(),
            Value::String(s) => !s.is_empty(),
            Value::Array(_) | Value::Object(_) => true,
        }
    }
}

/// A JSON number that is an integer of `i64`'s range (a fraction, or a number beyond it, is an
/// error; `1e3` is 1000, as `JSON.parse` reads it).
pub fn integer(n: f64) -> Result<i64> {
    if n.fract() == 0.0 && (-9.223_372_036_854_776e18..9.223_372_036_854_776e18).contains(&n) {
        Ok(n as i64)
    } else {
        Err(ReadError)
    }
}

/// Typed reads of an object's fields, for the hand-written readers of the types the session
/// module reads (`UserState`): a missing field (or `null` where `null` is allowed) is the
/// default; a field of another type is an error.
impl Value {
    /// A string field that may be missing or `null`.
    pub fn opt_string(&self, key: &str) -> Result<Option<String>> {
        match self.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(ReadError),
        }
    }

    /// A string field that may be missing (then `""`), not `null`.
    pub fn string_or_empty(&self, key: &str) -> Result<String> {
        match self.get(key) {
            None => Ok(String::new()),
            Some(Value::String(s)) => Ok(s.clone()),
            Some(_) => Err(ReadError),
        }
    }

    /// A string field that must be there.
    pub fn required_string(&self, key: &str) -> Result<String> {
        match self.get(key) {
            Some(Value::String(s)) => Ok(s.clone()),
            _ => Err(ReadError),
        }
    }

    /// A boolean field that may be missing (then `false`), not `null`.
    pub fn bool_or_false(&self, key: &str) -> Result<bool> {
        match self.get(key) {
            None => Ok(false),
            Some(Value::Bool(b)) => Ok(*b),
            Some(_) => Err(ReadError),
        }
    }

    /// A number field that may be missing or `null`.
    pub fn opt_number(&self, key: &str) -> Result<Option<f64>> {
        match self.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Number(n)) => Ok(Some(*n)),
            Some(_) => Err(ReadError),
        }
    }

    /// A boolean field that may be missing or `null`.
    pub fn opt_bool(&self, key: &str) -> Result<Option<bool>> {
        match self.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(_) => Err(ReadError),
        }
    }

    /// An array field that may be missing or `null`, each item read by `read`.
    pub fn opt_list<T>(&self, key: &str, read: fn(&Value) -> Result<T>) -> Result<Option<Vec<T>>> {
        self.opt_array(key)?.map(|items| items.iter().map(read).collect()).transpose()
    }

    /// An array field that must be there, each item read by `read`.
    pub fn required_list<T>(&self, key: &str, read: fn(&Value) -> Result<T>) -> Result<Vec<T>> {
        match self.get(key) {
            Some(Value::Array(items)) => items.iter().map(read).collect(),
            _ => Err(ReadError),
        }
    }

    /// An array field that may be missing (then empty), not `null`, each item read by `read`.
    pub fn list_or_empty<T>(&self, key: &str, read: fn(&Value) -> Result<T>) -> Result<Vec<T>> {
        match self.get(key) {
            None => Ok(Vec::new()),
            Some(_) => self.required_list(key, read),
        }
    }

    /// A number field that must be there.
    pub fn required_number(&self, key: &str) -> Result<f64> {
        match self.get(key) {
            Some(Value::Number(n)) => Ok(*n),
            _ => Err(ReadError),
        }
    }

    /// An object field that must be there, read by `read`.
    pub fn required_object<T>(&self, key: &str, read: fn(&Value) -> Result<T>) -> Result<T> {
        match self.get(key) {
            Some(v @ Value::Object(_)) => read(v),
            _ => Err(ReadError),
        }
    }

    /// An object field that may be missing or `null`.
    pub fn opt_object(&self, key: &str) -> Result<Option<&Value>> {
        match self.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(v @ Value::Object(_)) => Ok(Some(v)),
            Some(_) => Err(ReadError),
        }
    }

    /// An array field that may be missing or `null`.
    pub fn opt_array(&self, key: &str) -> Result<Option<&[Value]>> {
        match self.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Array(items)) => Ok(Some(items)),
            Some(_) => Err(ReadError),
        }
    }

    /// The object's entries; an error for any other value.
    pub fn entries(&self) -> Result<&[(String, Value)]> {
        match self {
            Value::Object(entries) => Ok(entries),
            _ => Err(ReadError),
        }
    }

    /// The string; an error for any other value.
    pub fn as_string(&self) -> Result<String> {
        match self {
            Value::String(s) => Ok(s.clone()),
            _ => Err(ReadError),
        }
    }
}

/// A [`Value`] from any serde deserializer: how the types read by hand (with a
/// `from_value`) are still read where a generic caller asks for `Deserialize` (one visitor
/// per deserializer, not one per type).
impl<'de> de::Deserialize<'de> for Value {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        struct ValueVisitor;

        impl<'de> Visitor<'de> for ValueVisitor {
            type Value = Value;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("JSON")
            }

            fn visit_unit<E>(self) -> std::result::Result<Value, E> {
                Ok(Value::Null)
            }

            fn visit_none<E>(self) -> std::result::Result<Value, E> {
                Ok(Value::Null)
            }

            fn visit_some<D: de::Deserializer<'de>>(self, deserializer: D) -> std::result::Result<Value, D::Error> {
                de::Deserialize::deserialize(deserializer)
            }

            fn visit_bool<E>(self, b: bool) -> std::result::Result<Value, E> {
                Ok(Value::Bool(b))
            }

            fn visit_i64<E>(self, n: i64) -> std::result::Result<Value, E> {
                Ok(Value::Number(n as f64))
            }

            fn visit_u64<E>(self, n: u64) -> std::result::Result<Value, E> {
                Ok(Value::Number(n as f64))
            }

            fn visit_f64<E>(self, n: f64) -> std::result::Result<Value, E> {
                Ok(Value::Number(n))
            }

            fn visit_str<E>(self, s: &str) -> std::result::Result<Value, E> {
                Ok(Value::String(s.to_string()))
            }

            fn visit_string<E>(self, s: String) -> std::result::Result<Value, E> {
                Ok(Value::String(s))
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut access: A) -> std::result::Result<Value, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = access.next_element()? {
                    items.push(item);
                }
                Ok(Value::Array(items))
            }

            fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> std::result::Result<Value, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = access.next_entry()? {
                    entries.push(entry);
                }
                Ok(Value::Object(entries))
            }
        }

        deserializer.deserialize_any(ValueVisitor)
    }
}

/// A JSON value's start, as [`Reader::token`] reads it.
enum Token {
    Null,
    Bool(bool),
    String(String),
    Number(f64),
    /// `[` read.
    Seq,
    /// `{` read.
    Map,
}

/// Nesting deeper than this is refused (no stack overflow on hostile input).
const MAX_DEPTH: usize = 128;

struct Reader<'t> {
    text: &'t [u8],
    at: usize,
    depth: usize,
}

impl Reader<'_> {
    fn skip_space(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.text.get(self.at) {
            self.at += 1;
        }
    }

    fn peek(&mut self) -> Option<u8> {
        self.skip_space();
        self.text.get(self.at).copied()
    }

    fn expect(&mut self, byte: u8) -> Result<()> {
        if self.peek() == Some(byte) {
            self.at += 1;
            Ok(())
        } else {
            Err(ReadError)
        }
    }

    fn literal(&mut self, word: &[u8]) -> Result<()> {
        if self.text[self.at..].starts_with(word) {
            self.at += word.len();
            Ok(())
        } else {
            Err(ReadError)
        }
    }

    fn hex4(&mut self) -> Result<u32> {
        let digits = self.text.get(self.at..self.at + 4).ok_or(ReadError)?;
        let digits = std::str::from_utf8(digits).map_err(|_| ReadError)?;
        if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(ReadError);
        }
        self.at += 4;
        u32::from_str_radix(digits, 16).map_err(|_| ReadError)
    }

    /// A string's content after its opening quote, escapes resolved; a lone surrogate
    /// (which `JSON.stringify` writes as `\udXXX`) reads as U+FFFD, as JavaScript's
    /// conversion to UTF-8 does.
    fn string(&mut self) -> Result<String> {
        self.expect(b'"')?;
        let mut out = Vec::new();
        loop {
            let byte = *self.text.get(self.at).ok_or(ReadError)?;
            self.at += 1;
            match byte {
                b'"' => return String::from_utf8(out).map_err(|_| ReadError),
                b'\\' => {
                    let escape = *self.text.get(self.at).ok_or(ReadError)?;
                    self.at += 1;
                    let c = match escape {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => self.unicode_escape()?,
                        _ => return Err(ReadError),
                    };
                    let mut buffer = [0; 4];
                    out.extend_from_slice(c.encode_utf8(&mut buffer).as_bytes());
                }
                0..=0x1f => return Err(ReadError),
                _ => out.push(byte),
            }
        }
    }

    fn unicode_escape(&mut self) -> Result<char> {
        let first = self.hex4()?;
        if (0xd800..0xdc00).contains(&first) && self.text[self.at..].starts_with(b"\\u") {
            let mark = self.at;
            self.at += 2;
            let second = self.hex4()?;
            if (0xdc00..0xe000).contains(&second) {
                return Ok(char::from_u32(0x10000 + ((first - 0xd800) << 10) + (second - 0xdc00)).unwrap_or('\u{fffd}'));
            }
            self.at = mark;
        }
        Ok(char::from_u32(first).unwrap_or('\u{fffd}'))
    }

    /// A number.
    fn number(&mut self) -> Result<f64> {
        let start = self.at;
        if self.text.get(self.at) == Some(&b'-') {
            self.at += 1;
        }
        let int_start = self.at;
        self.digits()?;
        if self.text[int_start] == b'0' && self.at - int_start > 1 {
            return Err(ReadError);
        }
        if self.text.get(self.at) == Some(&b'.') {
            self.at += 1;
            self.digits()?;
        }
        if let Some(b'e' | b'E') = self.text.get(self.at) {
            self.at += 1;
            if let Some(b'+' | b'-') = self.text.get(self.at) {
                self.at += 1;
            }
            self.digits()?;
        }
        let text = std::str::from_utf8(&self.text[start..self.at]).map_err(|_| ReadError)?;
        parse_f64(text)
    }

    /// The next value's kind, its scalar read (a container's opening bracket consumed and
    /// its depth counted).
    fn token(&mut self) -> Result<Token> {
        Ok(match self.peek().ok_or(ReadError)? {
            b'n' => {
                self.literal(b"null")?;
                Token::Null
            }
            b't' => {
                self.literal(b"true")?;
                Token::Bool(true)
            }
            b'f' => {
                self.literal(b"false")?;
                Token::Bool(false)
            }
            b'"' => Token::String(self.string()?),
            open @ (b'[' | b'{') => {
                self.at += 1;
                self.enter()?;
                if open == b'[' {
                    Token::Seq
                } else {
                    Token::Map
                }
            }
            b'-' | b'0'..=b'9' => Token::Number(self.number()?),
            _ => return Err(ReadError),
        })
    }

    /// The next value, whole ([`parse`]).
    fn value(&mut self) -> Result<Value> {
        Ok(match self.token()? {
            Token::Null => Value::Null,
            Token::Bool(b) => Value::Bool(b),
            Token::String(s) => Value::String(s),
            Token::Number(n) => Value::Number(n),
            Token::Seq => {
                let mut items = Vec::new();
                let mut list = Items { reader: &mut *self, first: true };
                while list.more(b']')? {
                    items.push(list.reader.value()?);
                }
                self.close(b']')?;
                Value::Array(items)
            }
            Token::Map => {
                let mut entries = Vec::new();
                let mut list = Items { reader: &mut *self, first: true };
                while list.more(b'}')? {
                    let key = list.reader.string()?;
                    list.reader.expect(b':')?;
                    entries.push((key, list.reader.value()?));
                }
                self.close(b'}')?;
                Value::Object(entries)
            }
        })
    }

    /// The closing bracket of a container [`Reader::token`] opened.
    fn close(&mut self, byte: u8) -> Result<()> {
        self.expect(byte)?;
        self.depth -= 1;
        Ok(())
    }

    fn digits(&mut self) -> Result<()> {
        let start = self.at;
        while self.text.get(self.at).is_some_and(u8::is_ascii_digit) {
            self.at += 1;
        }
        if self.at == start {
            Err(ReadError)
        } else {
            Ok(())
        }
    }

    fn enter(&mut self) -> Result<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            Err(ReadError)
        } else {
            Ok(())
        }
    }
}

/// A JSON number's text as an f64: the host's `parseFloat` in wasm (no float parser in the
/// module), Rust's parser natively.
#[cfg(target_arch = "wasm32")]
fn parse_f64(text: &str) -> Result<f64> {
    let n = js_sys::parse_float(text);
    if n.is_nan() {
        Err(ReadError)
    } else {
        Ok(n)
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn parse_f64(text: &str) -> Result<f64> {
    text.parse().map_err(|_| ReadError)
}

/// The items of an array or the entries of an object, comma-separated.
struct Items<'r, 't> {
    reader: &'r mut Reader<'t>,
    first: bool,
}

impl Items<'_, '_> {
    /// True when another item follows (its comma consumed).
    fn more(&mut self, close: u8) -> Result<bool> {
        let next = self.reader.peek().ok_or(ReadError)?;
        if next == close {
            return Ok(false);
        }
        if !self.first {
            self.reader.expect(b',')?;
        }
        self.first = false;
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`Value`] as `serde_json` would read the same text (numbers as f64).
    fn to_serde(value: &Value) -> serde_json::Value {
        match value {
            Value::Null => serde_json::Value::Null,
            Value::Bool(b) => (*b).into(),
            Value::Number(n) => serde_json::Number::from_f64(*n).map_or(serde_json::Value::Null, Into::into),
            Value::String(s) => s.clone().into(),
            Value::Array(items) => items.iter().map(to_serde).collect(),
            // Inserting in text order keeps the last of a repeated key, as serde_json does.
            Value::Object(entries) => entries.iter().map(|(k, v)| (k.clone(), to_serde(v))).collect::<serde_json::Map<_, _>>().into(),
        }
    }

    #[test]
    fn parse_reads_as_serde_json_does() {
        let texts = [
            r#"{"a":[1,2.5,"x\u00e9\ud83d\ude00",{"b":null}],"c":true,"d":-0.5e2,"e":{}}"#,
            r#" [ ] "#,
            r#"{"exp":1,"exp":"2"}"#,
            "18446744073709551616",
            r#""\t\"""#,
        ];
        for text in texts {
            let ours = parse(text).unwrap();
            let theirs: serde_json::Value = serde_json::from_str(text).unwrap();
            let theirs_f64 = serde_json::from_str::<serde_json::Value>(&theirs.to_string()).unwrap();
            assert_eq!(to_serde(&ours), normalise(&theirs_f64), "{text}");
        }
        let v = parse(r#"{"k":"1","k":"2","n":null,"b":false}"#).unwrap();
        assert_eq!(v.opt_string("k"), Ok(Some("2".to_string())));
        assert_eq!(v.opt_string("n"), Ok(None));
        assert_eq!(v.opt_string("missing"), Ok(None));
        assert_eq!(v.opt_string("b"), Err(ReadError));
        assert_eq!(v.string_or_empty("n"), Err(ReadError));
        assert_eq!(v.required_string("missing"), Err(ReadError));
        assert_eq!(v.bool_or_false("b"), Ok(false));
        assert_eq!(v.opt_number("k"), Err(ReadError));
        for bad in ["", "{", "[1,]", "{\"a\":1,}", "01", "1.", "{} x", "nul", "\"abc"] {
            assert!(parse(bad).is_err(), "{bad}");
        }
        assert!(parse(&"[".repeat(MAX_DEPTH + 1)).is_err());
    }

    /// serde_json's numbers as f64, as [`parse`] holds them.
    fn normalise(value: &serde_json::Value) -> serde_json::Value {
        match value {
            serde_json::Value::Number(n) => serde_json::Number::from_f64(n.as_f64().unwrap()).map_or(serde_json::Value::Null, Into::into),
            serde_json::Value::Array(items) => items.iter().map(normalise).collect(),
            serde_json::Value::Object(map) => map.iter().map(|(k, v)| (k.clone(), normalise(v))).collect::<serde_json::Map<_, _>>().into(),
            other => other.clone(),
        }
    }

    #[test]
    fn refuses_what_is_not_json() {
        for text in ["", "{", "[1,]", "{\"a\":1,}", "01", "1.", "\"\\x\"", "\"a\nb\"", "{} x", "nul", "\"abc", "{1:2}", "[1 2]"] {
            assert!(parse(text).is_err(), "{text}");
            assert!(serde_json::from_str::<serde_json::Value>(text).is_err(), "{text}");
        }
        assert!(parse(&"[".repeat(MAX_DEPTH + 1)).is_err());
        assert!(parse("[[1],{\"a\":[]}]").is_ok());
        assert_eq!(parse("\"\\ud800x\"").unwrap(), Value::String("\u{fffd}x".to_string()));
    }
}
