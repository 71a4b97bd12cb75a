//! Who may talk to the emulator over HTTP: the `Host` a request names and the `Origin` of
//! the page that sent it (checked before anything else runs).
//!
//! - `Host` must be a loopback name (`localhost`, `127.x.x.x`, `[::1]`, any port) or one
//!   given with `--allow-host`: a page that rebinds its own DNS name to 127.0.0.1 sends its
//!   own name and is refused.
//! - A request with an `Origin` is served only when that origin is allowed: loopback pages
//!   (`http://127.0.0.1:*`, `http://localhost:*`, `http://[::1]:*`) by default, more with
//!   `--allow-origin`. Requests without an `Origin` (curl, Node, boto3) pass. CORS answers
//!   name the allowed origin and never allow credentials.

/// One allowed origin: `scheme://host[:port]`, where the port may be `*` (any port, or none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OriginPattern {
    scheme: String,
    host: String,
    /// `None`: any port.
    port: Option<Option<u16>>,
}

/// The loopback origins every emulator allows.
pub const DEFAULT_ORIGINS: [&str; 3] = ["http://127.0.0.1:*", "http://localhost:*", "http://[::1]:*"];

/// `host[:port]` (IPv6 in brackets), lower-cased; `None` when malformed.
fn split_host_port(s: &str) -> Option<(String, Option<&str>)> {
    let s = s.trim();
    let (host, port) = if let Some(rest) = s.strip_prefix('[') {
        let (inner, after) = rest.split_once(']')?;
        let port = match after {
            "" => None,
            p => Some(p.strip_prefix(':')?),
        };
        (format!("[{inner}]"), port)
    } else {
        match s.split_once(':') {
            Some((h, p)) => (h.to_string(), Some(p)),
            None => (s.to_string(), None),
        }
    };
    let host_ok = !host.is_empty() && host.bytes().all(|c| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'-' | b'_' | b'[' | b']' | b':'));
    host_ok.then(|| (host.to_ascii_lowercase(), port))
}

fn parse_port(p: &str) -> Option<u16> {
    (!p.is_empty() && p.bytes().all(|c| c.is_ascii_digit())).then(|| p.parse().ok())?
}

impl OriginPattern {
    /// Parses `scheme://host[:port|:*]`.
    pub fn parse(s: &str) -> Result<OriginPattern, String> {
        let bad = || format!("{s}: an origin is scheme://host[:port], the port may be '*'");
        let (scheme, rest) = s.split_once("://").ok_or_else(bad)?;
        if scheme.is_empty() || !scheme.bytes().all(|c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'-' | b'.')) {
            return Err(bad());
        }
        let (host, port) = split_host_port(rest).ok_or_else(bad)?;
        let port = match port {
            Some("*") => None,
            Some(p) => Some(Some(parse_port(p).ok_or_else(bad)?)),
            None => Some(None),
        };
        Ok(OriginPattern { scheme: scheme.to_ascii_lowercase(), host, port })
    }

    fn matches(&self, origin: &str) -> bool {
        let Some((scheme, rest)) = origin.split_once("://") else { return false };
        let Some((host, port)) = split_host_port(rest) else { return false };
        let port = match port {
            Some(p) => match parse_port(p) {
                Some(n) => Some(n),
                None => return false,
            },
            None => None,
        };
        scheme.eq_ignore_ascii_case(&self.scheme) && host == self.host && self.port.is_none_or(|want| want == port)
    }
}

/// A name accepted in the `Host` header: `name` (any port) or `name:port`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostPattern {
    host: String,
    port: Option<u16>,
}

impl HostPattern {
    pub fn parse(s: &str) -> Result<HostPattern, String> {
        let bad = || format!("{s}: a host is a name, an address or [IPv6], with an optional :port");
        let (host, port) = split_host_port(s).ok_or_else(bad)?;
        let port = match port {
            Some(p) => Some(parse_port(p).ok_or_else(bad)?),
            None => None,
        };
        Ok(HostPattern { host, port })
    }
}

/// Whether `host` (lower-case, IPv6 in brackets) is a loopback name.
fn is_loopback(host: &str) -> bool {
    host == "localhost" || host == "[::1]" || host.parse::<std::net::Ipv4Addr>().is_ok_and(|a| a.is_loopback())
}

/// The allowed origins and hosts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessPolicy {
    origins: Vec<OriginPattern>,
    hosts: Vec<HostPattern>,
}

impl AccessPolicy {
    /// The loopback defaults plus the given patterns.
    pub fn new(extra_origins: &[OriginPattern], extra_hosts: &[HostPattern]) -> AccessPolicy {
        let mut origins: Vec<OriginPattern> = DEFAULT_ORIGINS.iter().map(|o| OriginPattern::parse(o).expect("valid default origin")).collect();
        origins.extend_from_slice(extra_origins);
        AccessPolicy { origins, hosts: extra_hosts.to_vec() }
    }

    /// Whether a `Host` header value is acceptable (a missing one is not).
    pub fn host_allowed(&self, host: Option<&str>) -> bool {
        let Some((name, port)) = host.and_then(split_host_port) else { return false };
        let port = match port {
            Some(p) => match parse_port(p) {
                Some(n) => Some(n),
                None => return false,
            },
            None => None,
        };
        is_loopback(&name) || self.hosts.iter().any(|h| h.host == name && h.port.is_none_or(|want| Some(want) == port))
    }

    /// Whether a request carrying this `Origin` may be served.
    pub fn origin_allowed(&self, origin: &str) -> bool {
        self.origins.iter().any(|o| o.matches(origin.trim()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_origins_by_default_and_others_when_given() {
        let p = AccessPolicy::new(&[], &[]);
        for ok in ["http://127.0.0.1:8080", "http://localhost:3000", "http://LOCALHOST", "http://[::1]:9", "http://127.0.0.1"] {
            assert!(p.origin_allowed(ok), "{ok}");
        }
        for refused in [
            "http://evil.test:8080",
            "https://localhost:3000",
            "http://127.0.0.2:80",
            "null",
            "",
            "http://localhost.evil.test",
            "http://localhost:80x",
            "http://127.0.0.1:8080/path",
            "http://[::2]:1",
        ] {
            assert!(!p.origin_allowed(refused), "{refused}");
        }
        let p = AccessPolicy::new(&[OriginPattern::parse("https://app.example.test").unwrap(), OriginPattern::parse("http://x.test:*").unwrap()], &[]);
        assert!(p.origin_allowed("https://app.example.test"));
        assert!(!p.origin_allowed("https://app.example.test:8443"));
        assert!(p.origin_allowed("http://x.test:1234"));
        for bad in ["app.example.test", "http://", "http://a b", "http://x:port", "://x"] {
            assert!(OriginPattern::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn loopback_hosts_by_default_and_others_when_given() {
        let p = AccessPolicy::new(&[], &[]);
        for ok in ["127.0.0.1:9229", "localhost", "LocalHost:1", "[::1]:9229", "127.1.2.3"] {
            assert!(p.host_allowed(Some(ok)), "{ok}");
        }
        for refused in [None, Some(""), Some("evil.test:9229"), Some("localhost.evil.test"), Some("10.0.0.1"), Some("[::2]"), Some("localhost:x")] {
            assert!(!p.host_allowed(refused), "{refused:?}");
        }
        let p = AccessPolicy::new(&[], &[HostPattern::parse("emulator.internal").unwrap(), HostPattern::parse("box.test:9229").unwrap()]);
        assert!(p.host_allowed(Some("emulator.internal:1")));
        assert!(p.host_allowed(Some("box.test:9229")));
        assert!(!p.host_allowed(Some("box.test:9230")));
    }
}
