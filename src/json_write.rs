//! A small serde serializer to compact JSON text, the wasm modules' writer of JSON
//! ([`crate::json::to_string`] in wasm). Why not `serde_wasm_bindgen` and the host's
//! `JSON.stringify`: that builds a JS object with one boundary crossing per field, then
//! stringifies it, and its code is in every module. Numbers other than integers are written
//! by the host's `Number.prototype.toString` in wasm, so no Rust float formatting is linked
//! in. Output is `JSON.stringify`'s for the same data (maps and structs in serialization
//! order; `None`, unit and non-finite numbers as `null`). Compiled natively too, where the
//! tests check it against `serde_json`.

use serde::ser::{self, Serialize};

/// A value could not be written as JSON (a map key that is not a string). Deliberately
/// without a message: values may be secrets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WriteError;

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("cannot serialize JSON")
    }
}

impl std::error::Error for WriteError {}

impl ser::Error for WriteError {
    fn custom<T: std::fmt::Display>(_message: T) -> Self {
        WriteError
    }
}

type Result<T = ()> = std::result::Result<T, WriteError>;

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
    fn string(&mut self, s: &str) {
        self.out.push('"');
        let mut start = 0;
        for (i, c) in s.char_indices() {
            let escape = match c {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '\u{8}' => "\\b",
                '\u{c}' => "\\f",
                c if (c as u32) < 0x20 => "",
                _ => continue,
            };
            self.out.push_str(&s[start..i]);
            if escape.is_empty() {
                self.out.push_str("\\u00");
                let code = c as u8;
                self.out.push(char::from(HEX[usize::from(code >> 4)]));
                self.out.push(char::from(HEX[usize::from(code & 0xf)]));
            } else {
                self.out.push_str(escape);
            }
            start = i + c.len_utf8();
        }
        self.out.push_str(&s[start..]);
        self.out.push('"');
    }

    fn integer(&mut self, negative: bool, mut magnitude: u128) {
        if negative {
            self.out.push('-');
        }
        let mut digits = [0u8; 40];
        let mut at = digits.len();
        loop {
            at -= 1;
            digits[at] = b'0' + (magnitude % 10) as u8;
            magnitude /= 10;
            if magnitude == 0 {
                break;
            }
        }
        for &d in &digits[at..] {
            self.out.push(char::from(d));
        }
    }

    fn float(&mut self, v: f64) {
        if !v.is_finite() {
            self.out.push_str("null");
        } else if v == v.trunc() && v.abs() < 1e15 {
            // Integral: JavaScript writes no fraction (and -0 as 0).
            self.integer(v < 0.0 && v != 0.0, v.abs() as u128);
        } else {
            self.out.push_str(&fraction_text(v));
        }
    }
}

const HEX: &[u8; 16] = b"0123456789abcdef";

/// A finite, non-integral number as JavaScript writes it.
#[cfg(target_arch = "wasm32")]
fn fraction_text(v: f64) -> String {
    js_sys::Number::from(v).to_string_with_radix(10).map(String::from).unwrap_or_else(|_| "null".to_string())
}

/// A finite, non-integral number (natively: Rust's shortest round-trip form, the same digits).
#[cfg(not(target_arch = "wasm32"))]
fn fraction_text(v: f64) -> String {
    format!("{v}")
}

/// A list or an object being written: whether a comma goes before the next item.
pub struct Compound<'a> {
    writer: &'a mut Writer,
    first: bool,
    close: &'static str,
}

impl Compound<'_> {
    fn comma(&mut self) {
        if !self.first {
            self.writer.out.push(',');
        }
        self.first = false;
    }

    fn key(&mut self, key: &str) {
        self.comma();
        self.writer.string(key);
        self.writer.out.push(':');
    }
}

impl<'a> ser::Serializer for &'a mut Writer {
    type Ok = ();
    type Error = WriteError;
    type SerializeSeq = Compound<'a>;
    type SerializeTuple = Compound<'a>;
    type SerializeTupleStruct = Compound<'a>;
    type SerializeTupleVariant = Compound<'a>;
    type SerializeMap = Compound<'a>;
    type SerializeStruct = Compound<'a>;
    type SerializeStructVariant = Compound<'a>;

    fn serialize_bool(self, v: bool) -> Result {
        self.out.push_str(if v { "true" } else { "false" });
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i16(self, v: i16) -> Result {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i32(self, v: i32) -> Result {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i64(self, v: i64) -> Result {
        self.integer(v < 0, u128::from(v.unsigned_abs()));
        Ok(())
    }
    fn serialize_u8(self, v: u8) -> Result {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u16(self, v: u16) -> Result {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u32(self, v: u32) -> Result {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u64(self, v: u64) -> Result {
        self.integer(false, u128::from(v));
        Ok(())
    }
    fn serialize_f32(self, v: f32) -> Result {
        self.serialize_f64(f64::from(v))
    }
    fn serialize_f64(self, v: f64) -> Result {
        self.float(v);
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result {
        self.string(v.encode_utf8(&mut [0; 4]));
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result {
        self.string(v);
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result {
        use ser::SerializeSeq;
        let mut seq = self.serialize_seq(Some(v.len()))?;
        for b in v {
            seq.serialize_element(b)?;
        }
        seq.end()
    }
    fn serialize_none(self) -> Result {
        self.serialize_unit()
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result {
        self.out.push_str("null");
        Ok(())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result {
        self.serialize_unit()
    }
    fn serialize_unit_variant(self, _name: &'static str, _index: u32, variant: &'static str) -> Result {
        self.string(variant);
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _name: &'static str, value: &T) -> Result {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(self, _name: &'static str, _index: u32, variant: &'static str, value: &T) -> Result {
        self.out.push('{');
        self.string(variant);
        self.out.push(':');
        value.serialize(&mut *self)?;
        self.out.push('}');
        Ok(())
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Compound<'a>> {
        self.out.push('[');
        Ok(Compound { writer: self, first: true, close: "]" })
    }
    fn serialize_tuple(self, len: usize) -> Result<Compound<'a>> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<Compound<'a>> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(self, _name: &'static str, _index: u32, variant: &'static str, _len: usize) -> Result<Compound<'a>> {
        self.out.push('{');
        self.string(variant);
        self.out.push_str(":[");
        Ok(Compound { writer: self, first: true, close: "]}" })
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Compound<'a>> {
        self.out.push('{');
        Ok(Compound { writer: self, first: true, close: "}" })
    }
    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Compound<'a>> {
        self.serialize_map(None)
    }
    fn serialize_struct_variant(self, _name: &'static str, _index: u32, variant: &'static str, _len: usize) -> Result<Compound<'a>> {
        self.out.push('{');
        self.string(variant);
        self.out.push_str(":{");
        Ok(Compound { writer: self, first: true, close: "}}" })
    }
}

impl Compound<'_> {
    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        self.comma();
        value.serialize(&mut *self.writer)
    }

    fn field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result {
        self.key(key);
        value.serialize(&mut *self.writer)
    }

    fn finish(self) -> Result {
        self.writer.out.push_str(self.close);
        Ok(())
    }
}

impl ser::SerializeSeq for Compound<'_> {
    type Ok = ();
    type Error = WriteError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        self.element(value)
    }
    fn end(self) -> Result {
        self.finish()
    }
}

impl ser::SerializeTuple for Compound<'_> {
    type Ok = ();
    type Error = WriteError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        self.element(value)
    }
    fn end(self) -> Result {
        self.finish()
    }
}

impl ser::SerializeTupleStruct for Compound<'_> {
    type Ok = ();
    type Error = WriteError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        self.element(value)
    }
    fn end(self) -> Result {
        self.finish()
    }
}

impl ser::SerializeTupleVariant for Compound<'_> {
    type Ok = ();
    type Error = WriteError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        self.element(value)
    }
    fn end(self) -> Result {
        self.finish()
    }
}

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = WriteError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result {
        self.comma();
        key.serialize(KeyWriter(&mut *self.writer))?;
        self.writer.out.push(':');
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        value.serialize(&mut *self.writer)
    }
    fn end(self) -> Result {
        self.finish()
    }
}

impl ser::SerializeStruct for Compound<'_> {
    type Ok = ();
    type Error = WriteError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result {
        self.field(key, value)
    }
    fn end(self) -> Result {
        self.finish()
    }
}

impl ser::SerializeStructVariant for Compound<'_> {
    type Ok = ();
    type Error = WriteError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result {
        self.field(key, value)
    }
    fn end(self) -> Result {
        self.finish()
    }
}

/// A map key: strings only (as in every map the SDK writes); anything else is an error.
struct KeyWriter<'a>(&'a mut Writer);

impl ser::Serializer for KeyWriter<'_> {
    type Ok = ();
    type Error = WriteError;
    type SerializeSeq = ser::Impossible<(), WriteError>;
    type SerializeTuple = ser::Impossible<(), WriteError>;
    type SerializeTupleStruct = ser::Impossible<(), WriteError>;
    type SerializeTupleVariant = ser::Impossible<(), WriteError>;
    type SerializeMap = ser::Impossible<(), WriteError>;
    type SerializeStruct = ser::Impossible<(), WriteError>;
    type SerializeStructVariant = ser::Impossible<(), WriteError>;

    fn serialize_str(self, v: &str) -> Result {
        self.0.string(v);
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result {
        self.0.string(v.encode_utf8(&mut [0; 4]));
        Ok(())
    }
    fn serialize_unit_variant(self, _name: &'static str, _index: u32, variant: &'static str) -> Result {
        self.0.string(variant);
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _name: &'static str, value: &T) -> Result {
        value.serialize(self)
    }
    fn serialize_bool(self, _v: bool) -> Result {
        Err(WriteError)
    }
    fn serialize_i8(self, _v: i8) -> Result {
        Err(WriteError)
    }
    fn serialize_i16(self, _v: i16) -> Result {
        Err(WriteError)
    }
    fn serialize_i32(self, _v: i32) -> Result {
        Err(WriteError)
    }
    fn serialize_i64(self, _v: i64) -> Result {
        Err(WriteError)
    }
    fn serialize_u8(self, _v: u8) -> Result {
        Err(WriteError)
    }
    fn serialize_u16(self, _v: u16) -> Result {
        Err(WriteError)
    }
    fn serialize_u32(self, _v: u32) -> Result {
        Err(WriteError)
    }
    fn serialize_u64(self, _v: u64) -> Result {
        Err(WriteError)
    }
    fn serialize_f32(self, _v: f32) -> Result {
        Err(WriteError)
    }
    fn serialize_f64(self, _v: f64) -> Result {
        Err(WriteError)
    }
    fn serialize_bytes(self, _v: &[u8]) -> Result {
        Err(WriteError)
    }
    fn serialize_none(self) -> Result {
        Err(WriteError)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, _value: &T) -> Result {
        Err(WriteError)
    }
    fn serialize_unit(self) -> Result {
        Err(WriteError)
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result {
        Err(WriteError)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(self, _name: &'static str, _index: u32, _variant: &'static str, _value: &T) -> Result {
        Err(WriteError)
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq> {
        Err(WriteError)
    }
    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple> {
        Err(WriteError)
    }
    fn serialize_tuple_struct(self, _name: &'static str, _len: usize) -> Result<Self::SerializeTupleStruct> {
        Err(WriteError)
    }
    fn serialize_tuple_variant(self, _name: &'static str, _index: u32, _variant: &'static str, _len: usize) -> Result<Self::SerializeTupleVariant> {
        Err(WriteError)
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap> {
        Err(WriteError)
    }
    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Self::SerializeStruct> {
        Err(WriteError)
    }
    fn serialize_struct_variant(self, _name: &'static str, _index: u32, _variant: &'static str, _len: usize) -> Result<Self::SerializeStructVariant> {
        Err(WriteError)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::messages::ParameterMap;
    use std::collections::BTreeMap;

    #[derive(serde::Serialize)]
    #[serde(rename_all = "PascalCase")]
    struct Sample {
        client_id: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        session: Option<String>,
        absent: Option<String>,
        count: u32,
        delta: i64,
        flag: bool,
        auth_parameters: ParameterMap,
        list: Vec<u8>,
        names: BTreeMap<String, Vec<String>>,
        kind: Kind,
        unit: (),
    }

    #[derive(serde::Serialize)]
    enum Kind {
        Plain,
        Wrapped(String),
        Pair(u8, u8),
        Named { a: bool },
    }

    #[test]
    fn writes_as_serde_json_does() {
        let mut params = ParameterMap::new();
        params.insert("USERNAME".to_string(), Some("al\"ice\\ \u{1}\u{8}\u{c}\n\r\t\u{1f} é 😀 \u{7f}".to_string()));
        params.insert("DEVICE_KEY".to_string(), None);
        let mut names = BTreeMap::new();
        names.insert("b".to_string(), vec!["x".to_string()]);
        names.insert("a".to_string(), Vec::new());
        for kind in [Kind::Plain, Kind::Wrapped("w".into()), Kind::Pair(1, 2), Kind::Named { a: true }] {
            let sample = Sample {
                client_id: "c".into(),
                session: None,
                absent: None,
                count: u32::MAX,
                delta: i64::MIN,
                flag: false,
                auth_parameters: params.clone(),
                list: vec![0, 255],
                names: names.clone(),
                kind,
                unit: (),
            };
            assert_eq!(to_string(&sample).unwrap(), serde_json::to_string(&sample).unwrap());
        }
        assert_eq!(to_string(&u64::MAX).unwrap(), "18446744073709551615");
        assert_eq!(to_string(&0i32).unwrap(), "0");
        assert_eq!(to_string("").unwrap(), "\"\"");
    }

    #[test]
    fn writes_numbers_as_javascript_does() {
        // JSON.stringify: integral numbers without a fraction, -0 as 0, non-finite as null.
        assert_eq!(to_string(&[1.0f64, -2.0, -0.0, 1_700_000_000.0]).unwrap(), "[1,-2,0,1700000000]");
        assert_eq!(to_string(&[f64::NAN, f64::INFINITY, f64::NEG_INFINITY]).unwrap(), "[null,null,null]");
        let text = to_string(&[0.25f64, -1.5, 1234.5678]).unwrap();
        assert_eq!(serde_json::from_str::<Vec<f64>>(&text).unwrap(), vec![0.25, -1.5, 1234.5678]);
    }

    #[test]
    fn refuses_keys_that_are_not_strings() {
        let mut map = BTreeMap::new();
        map.insert(1u8, "x");
        assert_eq!(to_string(&map), Err(WriteError));
    }
}
