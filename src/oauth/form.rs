//! `application/x-www-form-urlencoded`: the encoding of OAuth query strings, callback
//! fragments and token-endpoint bodies (RFC 6749 appendix B). The SDK builds its URLs and
//! bodies with it, the emulator reads them with it.

/// Percent-encodes everything but the unreserved characters (`A-Z a-z 0-9 - . _ ~`), a
/// space as `%20` (accepted in both query strings and form bodies).
pub fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Decodes `+` as a space and `%XX`; a `%` not followed by two hex digits stays as it is,
/// bytes that are not UTF-8 become U+FFFD. Never fails.
pub fn decode(value: &str) -> String {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                    (Some(h), Some(l)) => {
                        out.push(h << 4 | l);
                        i += 2;
                    }
                    _ => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex(c: u8) -> Option<u8> {
    (c as char).to_digit(16).map(|d| d as u8)
}

/// The pairs of a query string or form body, decoded, in order (empty pieces skipped; a
/// piece without `=` has an empty value).
pub fn parse(text: &str) -> Vec<(String, String)> {
    text.split('&')
        .filter(|piece| !piece.is_empty())
        .map(|piece| {
            let (k, v) = piece.split_once('=').unwrap_or((piece, ""));
            (decode(k), decode(v))
        })
        .collect()
}

/// `k1=v1&k2=v2`, each encoded.
pub fn build<K: AsRef<str>, V: AsRef<str>>(pairs: &[(K, V)]) -> String {
    pairs.iter().map(|(k, v)| format!("{}={}", encode(k.as_ref()), encode(v.as_ref()))).collect::<Vec<_>>().join("&")
}

/// The pairs of a form, looked up by name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Form(pub Vec<(String, String)>);

impl Form {
    pub fn parse(text: &str) -> Form {
        Form(parse(text))
    }

    /// The first value of `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// The first value of `name`, when it is not empty.
    pub fn non_empty(&self, name: &str) -> Option<&str> {
        self.get(name).filter(|v| !v.is_empty())
    }

    /// How many times `name` occurs (OAuth refuses a parameter given twice).
    pub fn count(&self, name: &str) -> usize {
        self.0.iter().filter(|(k, _)| k == name).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_and_decodes() {
        assert_eq!(encode("a b&c=d/é~"), "a%20b%26c%3Dd%2F%C3%A9~");
        assert_eq!(decode("a%20b+c%26%zz%4"), "a b c&%zz%4");
        assert_eq!(decode("%"), "%");
        assert_eq!(decode("%4"), "%4");
        assert_eq!(decode("%41"), "A");
        assert_eq!(decode("%FF"), "\u{FFFD}");
        for s in ["", "x", "http://localhost:3000/cb?x=1#y", "é ü +%"] {
            assert_eq!(decode(&encode(s)), s);
        }
    }

    #[test]
    fn parses_and_builds() {
        let q = build(&[("redirect_uri", "http://l/cb?a=1"), ("scope", "openid email")]);
        assert_eq!(q, "redirect_uri=http%3A%2F%2Fl%2Fcb%3Fa%3D1&scope=openid%20email");
        let form = Form::parse(&format!("{q}&&flag&scope=again"));
        assert_eq!(form.get("redirect_uri"), Some("http://l/cb?a=1"));
        assert_eq!(form.get("flag"), Some(""));
        assert_eq!(form.non_empty("flag"), None);
        assert_eq!(form.count("scope"), 2);
        assert_eq!(form.get("scope"), Some("openid email"));
    }
}
