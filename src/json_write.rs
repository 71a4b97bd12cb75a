//! A small serde serializer to compact JSON text, the wasm modules' writer of JSON
//! ([`crate::json::to_string`] in wasm). Why not `serde_wasm_bindgen` + `JSON.stringify`:
//! that builds a JS object per value through a boundary crossing per field, and its
//! generic code per type is several times the size of this. Numbers are written without
//! Rust's float formatting (an `f64` goes through `write_f64`: the host's `String(n)` in
//! wasm). The output is serde_json's (`serde_json::to_string`), which the native tests
//! check. Errors carry no text.

use serde::ser::{self, Serialize};

/// A value that JSON cannot hold (a map key that is not a string), or a type's own
/// serialization error. Deliberately without a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WriteError;

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("cannot write JSON")
    }
}

impl std::error::Error for WriteError {}

impl ser::Error for WriteError {
    fn custom<T: std::fmt::Display>(_message: T) -> Self {
        WriteError
    }
}

type Result<T> = std::result::Result<T, WriteError>;

/// `value` as compact JSON text.
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> Result<String> {
    let mut writer = Writer { out: String::new() };
    value.serialize(&mut writer)?;
    Ok(writer.out)
}

struct Writer {
    out: String,
}

impl Writer {
    /// A JSON string literal (the escapes serde_json writes).
    fn string(&mut self, text: &str) {
        self.out.push('"');
        for c in text.chars() {
            match c {
                '"' => self.out.push_str("\\\""),
                '\\' => self.out.push_str("\\\\"),
                '\n' => self.out.push_str("\\n"),
                '\r' => self.out.push_str("\\r"),
                '\t' => self.out.push_str("\\t"),
                '\u{8}' => self.out.push_str("\\b"),
                '\u{c}' => self.out.push_str("\\f"),
                c if (c as u32) < 0x20 => {
                    const HEX: &[u8; 16] = b"0123456789abcdef";
                    self.out.push_str("\\u00");
                    self.out.push(HEX[(c as usize) >> 4] as char);
                    self.out.push(HEX[(c as usize) & 0xf] as char);
                }
                c => self.out.push(c),
            }
        }
        self.out.push('"');
    }

    fn unsigned(&mut self, mut n: u64) {
        let mut digits = [0u8; 20];
        let mut at = digits.len();
        loop {
            at -= 1;
            digits[at] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        for d in &digits[at..] {
            self.out.push(*d as char);
        }
    }

    fn signed(&mut self, n: i64) {
        if n < 0 {
            self.out.push('-');
        }
        self.unsigned(n.unsigned_abs());
    }
}

/// An `f64` as JSON: `null` when not finite (as serde_json and `JSON.stringify`), else the
/// host's `String(n)` in wasm, Rust's shortest form natively.
fn write_f64(out: &mut String, n: f64) {
    if !n.is_finite() {
        out.push_str("null");
        return;
    }
    #[cfg(target_arch = "wasm32")]
    out.push_str(&String::from(js_sys::Number::from(n).to_string_with_radix(10).unwrap_or_else(|_| js_sys::JsString::from("null"))));
    #[cfg(not(target_arch = "wasm32"))]
    out.push_str(&format!("{n:?}"));
}

/// The members of an array or object being written.
struct Compound<'w> {
    writer: &'w mut Writer,
    first: bool,
    /// Closing text: `]`, `}`, or `}}` for a variant's wrapper object.
    close: &'static str,
}

impl Compound<'_> {
    fn comma(&mut self) {
        if !self.first {
            self.writer.out.push(',');
        }
        self.first = false;
    }

    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        self.comma();
        value.serialize(&mut *self.writer)
    }

    fn field<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) -> Result<()> {
        self.comma();
        self.writer.string(key);
        self.writer.out.push(':');
        value.serialize(&mut *self.writer)
    }

    fn finish(self) -> Result<()> {
        self.writer.out.push_str(self.close);
        Ok(())
    }
}

impl<'w> ser::Serializer for &'w mut Writer {
    type Ok = ();
    type Error = WriteError;
    type SerializeSeq = Compound<'w>;
    type SerializeTuple = Compound<'w>;
    type SerializeTupleStruct = Compound<'w>;
    type SerializeTupleVariant = Compound<'w>;
    type SerializeMap = Compound<'w>;
    type SerializeStruct = Compound<'w>;
    type SerializeStructVariant = Compound<'w>;

    fn serialize_bool(self, v: bool) -> Result<()> {
        self.out.push_str(if v { "true" } else { "false" });
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result<()> {
        self.signed(v.into());
        Ok(())
    }
    fn serialize_i16(self, v: i16) -> Result<()> {
        self.signed(v.into());
        Ok(())
    }
    fn serialize_i32(self, v: i32) -> Result<()> {
        self.signed(v.into());
        Ok(())
    }
    fn serialize_i64(self, v: i64) -> Result<()> {
        self.signed(v);
        Ok(())
    }
    fn serialize_u8(self, v: u8) -> Result<()> {
        self.unsigned(v.into());
        Ok(())
    }
    fn serialize_u16(self, v: u16) -> Result<()> {
        self.unsigned(v.into());
        Ok(())
    }
    fn serialize_u32(self, v: u32) -> Result<()> {
        self.unsigned(v.into());
        Ok(())
    }
    fn serialize_u64(self, v: u64) -> Result<()> {
        self.unsigned(v);
        Ok(())
    }
    fn serialize_f32(self, v: f32) -> Result<()> {
        write_f64(&mut self.out, v.into());
        Ok(())
    }
    fn serialize_f64(self, v: f64) -> Result<()> {
        write_f64(&mut self.out, v);
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result<()> {
        self.string(v.encode_utf8(&mut [0; 4]));
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result<()> {
        self.string(v);
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<()> {
        let mut seq = ser::Serializer::serialize_seq(self, Some(v.len()))?;
        for b in v {
            ser::SerializeSeq::serialize_element(&mut seq, b)?;
        }
        ser::SerializeSeq::end(seq)
    }
    fn serialize_none(self) -> Result<()> {
        self.serialize_unit()
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<()> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<()> {
        self.out.push_str("null");
        Ok(())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<()> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(self, _name: &'static str, _index: u32, variant: &'static str) -> Result<()> {
        self.string(variant);
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _name: &'static str, value: &T) -> Result<()> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(self, _name: &'static str, _index: u32, variant: &'static str, value: &T) -> Result<()> {
        self.out.push('{');
        self.string(variant);
        self.out.push(':');
        value.serialize(&mut *self)?;
        self.out.push('}');
        Ok(())
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Compound<'w>> {
        self.out.push('[');
        Ok(Compound { writer: self, first: true, close: "]" })
    }
    fn serialize_tuple(self, len: usize) -> Result<Compound<'w>> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<Compound<'w>> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(self, _name: &'static str, _index: u32, variant: &'static str, _len: usize) -> Result<Compound<'w>> {
        self.out.push('{');
        self.string(variant);
        self.out.push_str(":[");
        Ok(Compound { writer: self, first: true, close: "]}" })
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Compound<'w>> {
        self.out.push('{');
        Ok(Compound { writer: self, first: true, close: "}" })
    }
    fn serialize_struct(self, _name: &'static str, len: usize) -> Result<Compound<'w>> {
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(self, _name: &'static str, _index: u32, variant: &'static str, _len: usize) -> Result<Compound<'w>> {
        self.out.push('{');
        self.string(variant);
        self.out.push_str(":{");
        Ok(Compound { writer: self, first: true, close: "}}" })
    }
}

/// The sequence-like compounds (arrays, tuples, tuple structs and variants): each value is
/// one element of a JSON array.
macro_rules! array_compound {
    ($($trait:ident :: $method:ident),*) => {$(
        impl ser::$trait for Compound<'_> {
            type Ok = ();
            type Error = WriteError;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
                self.element(value)
            }
            fn end(self) -> Result<()> {
                self.finish()
            }
        }
    )*};
}
array_compound!(SerializeSeq::serialize_element, SerializeTuple::serialize_element, SerializeTupleStruct::serialize_field, SerializeTupleVariant::serialize_field);

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = WriteError;
    /// Keys must be strings (every map the SDK writes has string keys).
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<()> {
        self.comma();
        let start = self.writer.out.len();
        key.serialize(&mut *self.writer)?;
        if self.writer.out.as_bytes().get(start) != Some(&b'"') {
            return Err(WriteError);
        }
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        self.writer.out.push(':');
        value.serialize(&mut *self.writer)
    }
    fn end(self) -> Result<()> {
        self.finish()
    }
}

impl ser::SerializeStruct for Compound<'_> {
    type Ok = ();
    type Error = WriteError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<()> {
        self.field(key, value)
    }
    fn end(self) -> Result<()> {
        self.finish()
    }
}

impl ser::SerializeStructVariant for Compound<'_> {
    type Ok = ();
    type Error = WriteError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<()> {
        self.field(key, value)
    }
    fn end(self) -> Result<()> {
        self.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[derive(serde::Serialize)]
    enum Shape {
        Unit,
        New(u8),
        Pair(i32, String),
        Named { x: i64, ok: bool },
    }

    #[derive(serde::Serialize)]
    #[serde(rename_all = "PascalCase")]
    struct Sample {
        client_id: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        session: Option<String>,
        device_key: Option<String>,
        parameters: crate::protocol::messages::ParameterMap,
        shapes: Vec<Shape>,
        counts: BTreeMap<String, u64>,
        bytes: serde_bytes_like::Bytes,
        tuple: (u8, char),
        nothing: (),
    }

    mod serde_bytes_like {
        /// Serialized with `serialize_bytes`.
        pub struct Bytes(pub Vec<u8>);
        impl serde::Serialize for Bytes {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_bytes(&self.0)
            }
        }
    }

    fn same_as_serde_json<T: Serialize>(value: &T) {
        assert_eq!(to_string(value).unwrap(), serde_json::to_string(value).unwrap());
    }

    #[test]
    fn writes_what_serde_json_writes() {
        let mut parameters = crate::protocol::messages::ParameterMap::new();
        parameters.insert("USERNAME".into(), Some("al\"i\\ce\n\u{1}\u{1f}é😀".into()));
        parameters.insert("DEVICE_KEY".into(), None);
        let sample = Sample {
            client_id: "c\t\r\u{8}\u{c}/".into(),
            session: None,
            device_key: None,
            parameters,
            shapes: vec![Shape::Unit, Shape::New(7), Shape::Pair(-3, "x".into()), Shape::Named { x: i64::MIN, ok: true }],
            counts: [("a".to_string(), u64::MAX), ("b".to_string(), 0)].into_iter().collect(),
            bytes: serde_bytes_like::Bytes(vec![0, 255]),
            tuple: (1, 'q'),
            nothing: (),
        };
        same_as_serde_json(&sample);
        same_as_serde_json(&Vec::<u8>::new());
        same_as_serde_json(&BTreeMap::<String, u8>::new());
        same_as_serde_json(&Some(-1i8));
    }

    #[test]
    fn numbers_and_refused_keys() {
        assert_eq!(to_string(&[0.5f64, -2.0, 1234.25]).unwrap(), serde_json::to_string(&[0.5f64, -2.0, 1234.25]).unwrap());
        assert_eq!(to_string(&[f64::NAN, f64::INFINITY]).unwrap(), "[null,null]");
        let map: BTreeMap<u8, u8> = [(1, 2)].into_iter().collect();
        assert_eq!(to_string(&map), Err(WriteError));
    }
}
