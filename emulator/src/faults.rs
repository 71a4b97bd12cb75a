//! Fault injection (emulator extension): make the next N API requests that match a target
//! fail in a chosen way, and shift the emulator's clock. Driven by the admin endpoint
//! `/_emulator/faults` (see README.md, "Fault injection"):
//!
//! - `POST {"target": "InitiateAuth", "count": 2, "kind": "error-json", "status": 503}` adds
//!   a rule; `{"clockSkewSeconds": -3600}` sets the clock skew;
//!   `{"credentialsValiditySeconds": 5}` sets the lifetime of identity-pool credentials
//!   (all may be in one body);
//! - `GET` lists the rules, the skew, the credentials lifetime when one was set here, and
//!   how many faults of each kind were injected;
//! - `DELETE` removes every rule, resets the skew to 0 and the credentials lifetime to the
//!   start value, and releases held (`hang`) connections.
//!
//! Every request to `/_emulator/faults` must be SigV4-signed with the emulator's
//! credentials, like the administrative API: a web page cannot inject faults.
//!
//! Rules apply to `POST /` (the Cognito API) only; never to `OPTIONS` preflights, the
//! `.well-known` documents or `/_emulator/*`, so a test can always clear them.

use crate::errors::ApiError;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};

/// Longest a `hang` fault holds a connection (seconds).
pub const MAX_HOLD_SECONDS: u64 = 60;
/// Largest `count` of one rule.
pub const MAX_COUNT: u64 = 1_000_000;
/// Largest clock skew either way (ten years).
pub const MAX_SKEW_SECONDS: i64 = 10 * 366 * 86_400;
/// At most this many rules at once.
pub const MAX_RULES: usize = 1000;

/// How a matching request fails.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `status` (default 500) with a Cognito JSON error body and `x-amzn-ErrorType`.
    ErrorJson,
    /// `status` (default 502) with an HTML page (a proxy's error page), no error-type header.
    ErrorHtml,
    /// `status` (default 503) with an empty body, no error-type header.
    ErrorEmpty,
    /// `status` 200 (default): the operation runs and its body is cut in half; any other
    /// status: the first half of a Cognito error document, without the operation running.
    TruncatedJson,
    /// The operation runs; the status line, the headers (with the full `Content-Length`)
    /// and half of the body are sent, then the socket is shut down.
    Close,
    /// No answer at all: the connection is held open for `holdSeconds` (default and cap
    /// 60), or until the rules are cleared, then closed without a response.
    Hang,
    /// HTTP 400 `TooManyRequestsException`.
    TooManyRequests,
    /// HTTP 400 `ThrottlingException`.
    Throttling,
    /// For tests of the emulator itself: the operation panics after running, before its
    /// changes are saved; the client gets HTTP 500 `InternalErrorException` and the
    /// emulator keeps serving.
    Panic,
}

impl Kind {
    pub const ALL: [Kind; 9] = [
        Kind::ErrorJson,
        Kind::ErrorHtml,
        Kind::ErrorEmpty,
        Kind::TruncatedJson,
        Kind::Close,
        Kind::Hang,
        Kind::TooManyRequests,
        Kind::Throttling,
        Kind::Panic,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Kind::ErrorJson => "error-json",
            Kind::ErrorHtml => "error-html",
            Kind::ErrorEmpty => "error-empty",
            Kind::TruncatedJson => "truncated-json",
            Kind::Close => "close",
            Kind::Hang => "hang",
            Kind::TooManyRequests => "TooManyRequestsException",
            Kind::Throttling => "ThrottlingException",
            Kind::Panic => "panic",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name().eq_ignore_ascii_case(s))
    }

    fn default_status(self) -> u16 {
        match self {
            Kind::ErrorJson | Kind::Panic => 500,
            Kind::ErrorHtml => 502,
            Kind::ErrorEmpty => 503,
            Kind::TruncatedJson | Kind::Close => 200,
            Kind::Hang => 0,
            Kind::TooManyRequests | Kind::Throttling => 400,
        }
    }
}

/// One injection rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    /// An operation name (`InitiateAuth`) or `*`.
    pub target: String,
    /// Only requests whose `AuthFlow` is this (e.g. `REFRESH_TOKEN_AUTH`).
    pub auth_flow: Option<String>,
    pub kind: Kind,
    pub status: u16,
    /// Error code of `error-json` / `truncated-json` (default by status).
    pub code: Option<String>,
    pub message: Option<String>,
    pub hold_seconds: u64,
    pub remaining: u64,
}

impl Rule {
    /// The error code sent for this rule.
    pub fn error_code(&self) -> String {
        if let Some(c) = &self.code {
            return c.clone();
        }
        match self.kind {
            Kind::TooManyRequests => "TooManyRequestsException".into(),
            Kind::Throttling => "ThrottlingException".into(),
            _ if self.status == 503 => "ServiceUnavailableException".into(),
            _ => "InternalErrorException".into(),
        }
    }

    pub fn error_message(&self) -> String {
        if let Some(m) = &self.message {
            return m.clone();
        }
        match self.kind {
            Kind::TooManyRequests => "Too many requests.".into(),
            Kind::Throttling => "Rate exceeded".into(),
            _ => "An internal error occurred (injected by the emulator).".into(),
        }
    }

    fn matches(&self, op: &str, auth_flow: Option<&str>) -> bool {
        self.remaining > 0
            && (self.target == "*" || self.target == op)
            && self.auth_flow.as_deref().is_none_or(|f| auth_flow.is_some_and(|a| a.eq_ignore_ascii_case(f)))
    }

    fn to_json(&self) -> Value {
        let mut v = json!({ "target": self.target, "kind": self.kind.name(), "remaining": self.remaining });
        if let Some(f) = &self.auth_flow {
            v["authFlow"] = json!(f);
        }
        match self.kind {
            Kind::Hang => v["holdSeconds"] = json!(self.hold_seconds),
            _ => v["status"] = json!(self.status),
        }
        if matches!(self.kind, Kind::ErrorJson | Kind::TruncatedJson | Kind::TooManyRequests | Kind::Throttling) {
            v["code"] = json!(self.error_code());
        }
        v
    }
}

/// The rules and the counters (behind the app's fault lock).
#[derive(Debug, Default)]
pub struct Faults {
    rules: Vec<Rule>,
    injected: BTreeMap<&'static str, u64>,
    /// Lifetime of identity-pool credentials set at run time (overrides
    /// `--credentials-validity` until `DELETE`).
    pub credentials_validity: Option<i64>,
}

/// Bumped by `DELETE /_emulator/faults`: held connections of older generations are released.
static GENERATION: AtomicU64 = AtomicU64::new(0);

pub fn generation() -> u64 {
    GENERATION.load(Ordering::SeqCst)
}

fn bad(msg: impl Into<String>) -> ApiError {
    ApiError::invalid_parameter(msg)
}

/// Parses a rule from a POST body (`None` when the body has no `kind`).
pub fn parse_rule(body: &Value) -> Result<Option<Rule>, ApiError> {
    let Some(kind_v) = body.get("kind") else {
        for f in ["target", "count", "status", "holdSeconds", "authFlow", "code", "message"] {
            if body.get(f).is_some() {
                return Err(bad(format!("'{f}' needs a 'kind'")));
            }
        }
        return Ok(None);
    };
    let names: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
    let kind = kind_v
        .as_str()
        .and_then(Kind::parse)
        .ok_or_else(|| bad(format!("Unknown fault kind {kind_v}; one of {}", names.join(", "))))?;
    let target = match body.get("target") {
        None | Some(Value::Null) => "*".to_string(),
        Some(Value::String(s)) => {
            let s = s.strip_prefix(cognito_wasm::protocol::operation::TARGET_PREFIX).unwrap_or(s);
            if s.is_empty() || s.len() > 100 || !(s == "*" || s.chars().all(|c| c.is_ascii_alphanumeric())) {
                return Err(bad("'target' is an operation name or '*'"));
            }
            s.to_string()
        }
        Some(_) => return Err(bad("'target' must be a string")),
    };
    let count = match body.get("count") {
        None | Some(Value::Null) => 1,
        Some(v) => v.as_u64().filter(|n| (1..=MAX_COUNT).contains(n)).ok_or_else(|| bad(format!("'count' is a whole number from 1 to {MAX_COUNT}")))?,
    };
    let status = match body.get("status") {
        None | Some(Value::Null) => kind.default_status(),
        Some(v) => {
            let s = v.as_u64().filter(|s| (200..=599).contains(s)).ok_or_else(|| bad("'status' is an HTTP status from 200 to 599"))? as u16;
            match kind {
                Kind::ErrorJson | Kind::ErrorHtml | Kind::ErrorEmpty if s < 400 => return Err(bad("error kinds need a status from 400 to 599")),
                Kind::TruncatedJson if s != 200 && s < 400 => return Err(bad("'truncated-json' takes status 200 or 400..599")),
                Kind::Close if s != 200 => return Err(bad("'close' sends the operation's own status; omit 'status'")),
                Kind::Hang => return Err(bad("'hang' sends no status; use 'holdSeconds'")),
                Kind::Panic => return Err(bad("'panic' always answers 500; omit 'status'")),
                Kind::TooManyRequests | Kind::Throttling if s != 400 => return Err(bad("throttling kinds are HTTP 400, as Cognito sends them")),
                _ => s,
            }
        }
    };
    let hold_seconds = match body.get("holdSeconds") {
        None | Some(Value::Null) => MAX_HOLD_SECONDS,
        Some(_) if kind != Kind::Hang => return Err(bad("'holdSeconds' is for 'hang' only")),
        Some(v) => v.as_u64().filter(|n| *n <= MAX_HOLD_SECONDS).ok_or_else(|| bad(format!("'holdSeconds' is from 0 to {MAX_HOLD_SECONDS}")))?,
    };
    let opt_str = |f: &str| -> Result<Option<String>, ApiError> {
        match body.get(f) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) if !s.is_empty() && s.len() <= 1000 => Ok(Some(s.clone())),
            Some(_) => Err(bad(format!("'{f}' must be a non-empty string"))),
        }
    };
    let code = opt_str("code")?;
    if code.as_ref().is_some_and(|c| !c.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '.' || ch == '#')) {
        return Err(bad("'code' is an exception name"));
    }
    Ok(Some(Rule { target, auth_flow: opt_str("authFlow")?, kind, status, code, message: opt_str("message")?, hold_seconds, remaining: count }))
}

/// Parses `clockSkewSeconds` (`None` when absent).
pub fn parse_skew(body: &Value) -> Result<Option<i64>, ApiError> {
    match body.get("clockSkewSeconds") {
        None | Some(Value::Null) => Ok(None),
        Some(v) => v
            .as_i64()
            .filter(|s| s.abs() <= MAX_SKEW_SECONDS)
            .map(Some)
            .ok_or_else(|| bad(format!("'clockSkewSeconds' is a whole number of seconds, at most {MAX_SKEW_SECONDS} either way"))),
    }
}

/// Longest identity-pool credentials lifetime that can be set (12 hours, as Cognito's).
pub const MAX_CREDENTIALS_VALIDITY: i64 = 43_200;

/// `credentialsValiditySeconds` of a `POST` body: 1 to [`MAX_CREDENTIALS_VALIDITY`].
pub fn parse_credentials_validity(body: &Value) -> Result<Option<i64>, ApiError> {
    match body.get("credentialsValiditySeconds") {
        None | Some(Value::Null) => Ok(None),
        Some(v) => v
            .as_i64()
            .filter(|s| (1..=MAX_CREDENTIALS_VALIDITY).contains(s))
            .map(Some)
            .ok_or_else(|| bad(format!("'credentialsValiditySeconds' is a whole number of seconds from 1 to {MAX_CREDENTIALS_VALIDITY}"))),
    }
}

impl Faults {
    pub fn add(&mut self, rule: Rule) -> Result<(), ApiError> {
        self.rules.retain(|r| r.remaining > 0);
        if self.rules.len() >= MAX_RULES {
            return Err(ApiError::new("LimitExceededException", format!("At most {MAX_RULES} fault rules; DELETE /_emulator/faults first.")));
        }
        self.rules.push(rule);
        Ok(())
    }

    /// Removes every rule and releases held connections (the counters stay).
    pub fn clear(&mut self) {
        self.rules.clear();
        self.credentials_validity = None;
        GENERATION.fetch_add(1, Ordering::SeqCst);
    }

    /// The first rule matching this request, with one use taken from it.
    pub fn take(&mut self, op: &str, auth_flow: Option<&str>) -> Option<Rule> {
        let rule = self.rules.iter_mut().find(|r| r.matches(op, auth_flow))?;
        rule.remaining -= 1;
        let taken = rule.clone();
        self.rules.retain(|r| r.remaining > 0);
        *self.injected.entry(taken.kind.name()).or_insert(0) += 1;
        Some(taken)
    }

    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    pub fn to_json(&self) -> Value {
        let mut state = json!({
            "rules": self.rules.iter().map(Rule::to_json).collect::<Vec<_>>(),
            "clockSkewSeconds": crate::util::clock_skew(),
            "injected": self.injected,
        });
        if let Some(seconds) = self.credentials_validity {
            state["credentialsValiditySeconds"] = json!(seconds);
        }
        state
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_parse_match_and_count_down() {
        let r = parse_rule(&json!({"target": "InitiateAuth", "count": 2, "kind": "error-json", "status": 503, "authFlow": "REFRESH_TOKEN_AUTH"}))
            .unwrap()
            .unwrap();
        assert_eq!((r.kind, r.status, r.remaining), (Kind::ErrorJson, 503, 2));
        assert_eq!(r.error_code(), "ServiceUnavailableException");
        let mut f = Faults::default();
        f.add(r).unwrap();
        f.add(parse_rule(&json!({"kind": "ThrottlingException"})).unwrap().unwrap()).unwrap();
        assert!(f.take("InitiateAuth", Some("USER_SRP_AUTH")).is_some_and(|r| r.kind == Kind::Throttling));
        assert_eq!(f.take("InitiateAuth", Some("REFRESH_TOKEN_AUTH")).unwrap().kind, Kind::ErrorJson);
        assert_eq!(f.take("InitiateAuth", Some("refresh_token_auth")).unwrap().kind, Kind::ErrorJson);
        assert!(f.take("InitiateAuth", Some("REFRESH_TOKEN_AUTH")).is_none());
        assert!(f.is_empty());
        assert_eq!(f.to_json()["injected"]["error-json"], 2);
        assert_eq!(parse_rule(&json!({"kind": "hang"})).unwrap().unwrap().hold_seconds, 60);
        assert_eq!(parse_rule(&json!({"kind": "truncated-json", "status": 400})).unwrap().unwrap().status, 400);
        assert_eq!(parse_rule(&json!({})).unwrap(), None);
        assert_eq!(parse_rule(&json!({"kind": "panic"})).unwrap().unwrap().status, 500);
    }

    #[test]
    fn bad_rules_are_refused() {
        for body in [
            json!({"kind": "nope"}),
            json!({"kind": "hang", "holdSeconds": 61}),
            json!({"kind": "hang", "status": 500}),
            json!({"kind": "error-json", "status": 200}),
            json!({"kind": "close", "status": 500}),
            json!({"kind": "truncated-json", "status": 302}),
            json!({"kind": "ThrottlingException", "status": 429}),
            json!({"kind": "error-json", "count": 0}),
            json!({"kind": "error-json", "target": "a b"}),
            json!({"target": "GetUser"}),
            json!({"kind": "error-json", "code": "x y"}),
            json!({"kind": "panic", "status": 500}),
        ] {
            assert!(parse_rule(&body).is_err(), "{body}");
        }
        assert!(parse_skew(&json!({"clockSkewSeconds": 1e12})).is_err());
        assert_eq!(parse_skew(&json!({"clockSkewSeconds": -3600})).unwrap(), Some(-3600));
    }
}
