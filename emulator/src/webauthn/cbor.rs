//! A small CBOR (RFC 8949) reader for what WebAuthn sends: the attestation object and
//! COSE keys. Definite lengths only (CTAP2's canonical form), no tags, no floats; nesting
//! is bounded and every length is checked against the bytes left, so hostile input ends in
//! an error, never a panic or a huge allocation.

/// A decoded CBOR item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cbor {
    /// Major types 0 and 1 (`-1 - n` for negative integers).
    Int(i128),
    Bytes(Vec<u8>),
    Text(String),
    Array(Vec<Cbor>),
    /// Entries in the order given.
    Map(Vec<(Cbor, Cbor)>),
    Bool(bool),
    Null,
}

/// Why bytes are not the CBOR this reader accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CborError {
    Truncated,
    Unsupported,
    TooDeep,
    BadText,
}

const MAX_DEPTH: usize = 16;

impl Cbor {
    /// Reads one item from the start of `input`: the item and the number of bytes it took.
    pub fn read(input: &[u8]) -> Result<(Cbor, usize), CborError> {
        let mut reader = Reader { input, at: 0 };
        let item = reader.item(0)?;
        Ok((item, reader.at))
    }

    /// The value of `key` in a map (integer or text keys).
    pub fn get(&self, key: &Cbor) -> Option<&Cbor> {
        match self {
            Cbor::Map(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn get_int(&self, key: i128) -> Option<&Cbor> {
        self.get(&Cbor::Int(key))
    }

    pub fn get_text(&self, key: &str) -> Option<&Cbor> {
        self.get(&Cbor::Text(key.to_string()))
    }

    pub fn as_int(&self) -> Option<i128> {
        match self {
            Cbor::Int(n) => Some(*n),
            _ => None,
        }
    }

    pub fn as_bytes(&self) -> Option<&[u8]> {
        match self {
            Cbor::Bytes(b) => Some(b),
            _ => None,
        }
    }

    pub fn as_text(&self) -> Option<&str> {
        match self {
            Cbor::Text(t) => Some(t),
            _ => None,
        }
    }
}

struct Reader<'a> {
    input: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], CborError> {
        let end = self.at.checked_add(n).filter(|end| *end <= self.input.len()).ok_or(CborError::Truncated)?;
        let bytes = &self.input[self.at..end];
        self.at = end;
        Ok(bytes)
    }

    /// The argument of a head whose additional information is `info`.
    fn argument(&mut self, info: u8) -> Result<u64, CborError> {
        Ok(match info {
            0..=23 => u64::from(info),
            24 => u64::from(self.take(1)?[0]),
            25 => u64::from(u16::from_be_bytes(self.take(2)?.try_into().map_err(|_| CborError::Truncated)?)),
            26 => u64::from(u32::from_be_bytes(self.take(4)?.try_into().map_err(|_| CborError::Truncated)?)),
            27 => u64::from_be_bytes(self.take(8)?.try_into().map_err(|_| CborError::Truncated)?),
            _ => return Err(CborError::Unsupported),
        })
    }

    /// A count of items or bytes, which can never exceed the bytes left.
    fn length(&mut self, info: u8) -> Result<usize, CborError> {
        let n = self.argument(info)?;
        let left = (self.input.len() - self.at) as u64;
        if n > left {
            return Err(CborError::Truncated);
        }
        Ok(n as usize)
    }

    fn item(&mut self, depth: usize) -> Result<Cbor, CborError> {
        if depth > MAX_DEPTH {
            return Err(CborError::TooDeep);
        }
        let head = self.take(1)?[0];
        let (major, info) = (head >> 5, head & 0x1f);
        Ok(match major {
            0 => Cbor::Int(i128::from(self.argument(info)?)),
            1 => Cbor::Int(-1 - i128::from(self.argument(info)?)),
            2 => {
                let n = self.length(info)?;
                Cbor::Bytes(self.take(n)?.to_vec())
            }
            3 => {
                let n = self.length(info)?;
                Cbor::Text(String::from_utf8(self.take(n)?.to_vec()).map_err(|_| CborError::BadText)?)
            }
            4 => {
                let n = self.length(info)?;
                let mut items = Vec::with_capacity(n);
                for _ in 0..n {
                    items.push(self.item(depth + 1)?);
                }
                Cbor::Array(items)
            }
            5 => {
                let n = self.length(info)?;
                let mut entries = Vec::with_capacity(n);
                for _ in 0..n {
                    let key = self.item(depth + 1)?;
                    let value = self.item(depth + 1)?;
                    entries.push((key, value));
                }
                Cbor::Map(entries)
            }
            7 => match info {
                20 => Cbor::Bool(false),
                21 => Cbor::Bool(true),
                22 => Cbor::Null,
                _ => return Err(CborError::Unsupported),
            },
            _ => return Err(CborError::Unsupported),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_shapes_webauthn_uses() {
        // {"fmt": "none", "attStmt": {}, "authData": h'0102'}
        let bytes = [
            0xa3, 0x63, b'f', b'm', b't', 0x64, b'n', b'o', b'n', b'e', 0x67, b'a', b't', b't', b'S', b't', b'm', b't', 0xa0, 0x68, b'a', b'u',
            b't', b'h', b'D', b'a', b't', b'a', 0x42, 1, 2,
        ];
        let (map, used) = Cbor::read(&bytes).unwrap();
        assert_eq!(used, bytes.len());
        assert_eq!(map.get_text("fmt").and_then(Cbor::as_text), Some("none"));
        assert_eq!(map.get_text("attStmt"), Some(&Cbor::Map(vec![])));
        assert_eq!(map.get_text("authData").and_then(Cbor::as_bytes), Some(&[1u8, 2][..]));
        // COSE-style integer keys, negative values, and trailing bytes left unread.
        let (key, used) = Cbor::read(&[0xa2, 0x01, 0x02, 0x03, 0x26, 0xff]).unwrap();
        assert_eq!(used, 5);
        assert_eq!(key.get_int(1).and_then(Cbor::as_int), Some(2));
        assert_eq!(key.get_int(3).and_then(Cbor::as_int), Some(-7));
        assert_eq!(Cbor::read(&[0x39, 0x01, 0x00]).unwrap().0, Cbor::Int(-257));
        assert_eq!(Cbor::read(&[0xf5]).unwrap().0, Cbor::Bool(true));
    }

    #[test]
    fn hostile_input_is_an_error() {
        assert_eq!(Cbor::read(&[]), Err(CborError::Truncated));
        // A byte string claiming 2^32 bytes, an array claiming 2^63 items.
        assert_eq!(Cbor::read(&[0x5a, 0xff, 0xff, 0xff, 0xff, 0]), Err(CborError::Truncated));
        assert_eq!(Cbor::read(&[0x9b, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]), Err(CborError::Truncated));
        // Indefinite lengths, tags and floats are not WebAuthn's canonical CBOR.
        assert_eq!(Cbor::read(&[0x5f]), Err(CborError::Unsupported));
        assert_eq!(Cbor::read(&[0xc0, 0x00]), Err(CborError::Unsupported));
        assert_eq!(Cbor::read(&[0xfb, 0, 0, 0, 0, 0, 0, 0, 0]), Err(CborError::Unsupported));
        assert_eq!(Cbor::read(&[0x62, 0xff, 0xfe]), Err(CborError::BadText));
        let deep = vec![0x81; 100];
        assert_eq!(Cbor::read(&deep), Err(CborError::TooDeep));
    }
}
