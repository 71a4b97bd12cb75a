//! Property/fuzz tests of the wire layer (`wire/`): the error mapping of any HTTP
//! response (random statuses, bodies, `x-amzn-errortype` headers), the JSON parsing of
//! every operation's response type, and the client (with retry) over a transport that
//! answers at random. Typed results only, never a panic. See tests/FUZZING.md.
#![cfg(not(target_arch = "wasm32"))]

mod prop_support;

use std::cell::RefCell;
use std::collections::VecDeque;

use cognito_wasm::protocol::account::{CodeDeliveryDetails, GetUserResponse, MfaOption, SignUpResponse, UserAttribute};
use cognito_wasm::wire::client::{backoff_delay_ms, is_retryable, parse_success_body};
use cognito_wasm::wire::errors::{codes, error_from_response};
use cognito_wasm::protocol::messages::{
    AssociateSoftwareTokenResponse, AuthResponse, ConfirmDeviceResponse, EmptyResponse, VerifySoftwareTokenResponse,
};
use cognito_wasm::wire::{CognitoClient, HttpRequest, HttpResponse, Operation, SdkError, Transport, TransportError};
use futures::executor::block_on;
use prop_support::*;
use proptest::prelude::*;
use serde_json::{json, Value};

fn status() -> impl Strategy<Value = u16> {
    prop_oneof![
        3 => prop::sample::select(vec![200u16, 204, 299, 300, 400, 403, 404, 429, 500, 502, 503, 504]),
        1 => any::<u16>(),
    ]
}

/// Error documents: `__type`/`code` of any type, with `#` prefixes, and messages.
fn error_body() -> impl Strategy<Value = String> {
    let type_value = prop_oneof![
        prop::sample::select(vec![
            "NotAuthorizedException", "com.amazonaws.cognito#UserNotFoundException", "a#b#c", "#", "x#", "#x", "", "TooManyRequestsException",
            "InternalErrorException", "ResourceNotFoundException",
        ])
        .prop_map(|s| Value::String(s.to_string())),
        interesting_string(30).prop_map(Value::String),
        json_value(),
    ];
    (prop::option::of(type_value.clone()), prop::option::of(type_value), prop::option::of(json_value()), prop::option::of(json_value())).prop_map(
        |(t, c, m, mu)| {
            let mut o = serde_json::Map::new();
            if let Some(t) = t {
                o.insert("__type".into(), t);
            }
            if let Some(c) = c {
                o.insert("code".into(), c);
            }
            if let Some(m) = m {
                o.insert("message".into(), m);
            }
            if let Some(m) = mu {
                o.insert("Message".into(), m);
            }
            Value::Object(o).to_string()
        },
    )
}

fn any_body() -> impl Strategy<Value = String> {
    prop_oneof![2 => body_text(), 1 => error_body()]
}

fn header() -> impl Strategy<Value = Option<String>> {
    prop::option::of(prop_oneof![
        prop::sample::select(vec!["InternalErrorException:http://internal.amazon.com/", "X", ":", "", "A:B:C", "NotAuthorizedException"])
            .prop_map(str::to_string),
        interesting_string(40),
    ])
}

/// The mapping rules, restated: a non-empty string `__type` or `code` gives the text after
/// the last `#`; else a non-empty header gives the text before the first `:` with the
/// status; else `UnknownError` with the status.
fn model_error(status: u16, body: &str, header: Option<&str>) -> SdkError {
    let doc: Value = serde_json::from_str(body).unwrap_or(Value::Null);
    let text = |k: &str| doc.get(k).and_then(Value::as_str).filter(|s| !s.is_empty()).map(str::to_string);
    let fields_ok = doc.is_object() && ["__type", "code", "message", "Message"].iter().all(|k| matches!(doc.get(*k), None | Some(Value::Null) | Some(Value::String(_))));
    if fields_ok {
        if let Some(raw) = text("__type").or_else(|| text("code")) {
            let code = raw.rsplit('#').next().unwrap().to_string();
            let message = text("message").or_else(|| text("Message")).unwrap_or_else(|| "null".into());
            return SdkError::service(code, message, None);
        }
    }
    if let Some(h) = header.filter(|h| !h.is_empty()) {
        return SdkError::service(h.split(':').next().unwrap(), status.to_string(), Some(status));
    }
    SdkError::service(codes::UNKNOWN_ERROR, format!("Unknown error (HTTP status {status})"), Some(status))
}

#[test]
fn error_mapping_of_any_response() {
    check("wire/error_mapping", cases(3000), (status(), any_body(), header()), |(status, body, header)| {
        let e = error_from_response(status, &body, header.as_deref());
        prop_assert_eq!(&e, &model_error(status, &body, header.as_deref()));
        prop_assert_eq!(e.name.as_str(), e.code.as_deref().unwrap());
        // Display/Debug work and the retry decision is total.
        let _ = (e.to_string(), format!("{e:?}"), is_retryable(&e));
        Ok(())
    });
}

fn parse_all(op: Operation, body: &str) {
    let _ = parse_success_body::<AuthResponse>(op, body);
    let _ = parse_success_body::<SignUpResponse>(op, body);
    let _ = parse_success_body::<GetUserResponse>(op, body);
    let _ = parse_success_body::<ConfirmDeviceResponse>(op, body);
    let _ = parse_success_body::<AssociateSoftwareTokenResponse>(op, body);
    let _ = parse_success_body::<VerifySoftwareTokenResponse>(op, body);
    let _ = parse_success_body::<CodeDeliveryDetails>(op, body);
    let _ = parse_success_body::<Vec<UserAttribute>>(op, body);
    let _ = parse_success_body::<Vec<MfaOption>>(op, body);
    let e = parse_success_body::<EmptyResponse>(op, body);
    // `{}`-typed responses accept any JSON object (and empty bodies).
    if body.trim().is_empty() || serde_json::from_str::<Value>(body).is_ok_and(|v| v.is_object()) {
        assert!(e.is_ok(), "EmptyResponse rejected {body:?}");
    }
}

/// Response-shaped objects whose fields have random types.
fn response_shaped() -> impl Strategy<Value = String> {
    let field = prop_oneof![json_value(), interesting_string(20).prop_map(Value::String), Just(Value::Null)];
    (
        prop::collection::vec((json_key(), field.clone()), 0..8),
        prop::collection::vec((json_key(), field), 0..6),
        prop::sample::select(vec!["AuthenticationResult", "ChallengeParameters", "CodeDeliveryDetails", "NewDeviceMetadata", "UserAttributes"]),
        any::<bool>(),
    )
        .prop_map(|(outer, inner, nest_under, as_array)| {
            let inner: serde_json::Map<String, Value> = inner.into_iter().collect();
            let mut o: serde_json::Map<String, Value> = outer.into_iter().collect();
            o.insert(nest_under.to_string(), if as_array { json!([inner]) } else { Value::Object(inner) });
            Value::Object(o).to_string()
        })
}

#[test]
fn every_response_type_parses_any_body() {
    let strategy = (prop::sample::select(Operation::ALL.to_vec()), prop_oneof![body_text(), response_shaped()]);
    check("wire/response_parsing", cases(1500), strategy, |(op, body)| {
        parse_all(op, &body);
        if let Err(e) = parse_success_body::<AuthResponse>(op, &body) {
            prop_assert_eq!(e.code.as_deref(), Some(codes::INVALID_RESPONSE));
            let prefix = format!("Invalid {} response from Cognito", op.name());
            prop_assert!(e.message.starts_with(&prefix), "message {:?}", e.message);
        }
        Ok(())
    });
}

/// A transport replaying scripted answers, then failing (no response).
struct Scripted {
    answers: RefCell<VecDeque<Result<HttpResponse, TransportError>>>,
    sent: RefCell<Vec<HttpRequest>>,
}

impl Transport for Scripted {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        self.sent.borrow_mut().push(request);
        self.answers.borrow_mut().pop_front().unwrap_or_else(|| Err(TransportError { detail: "script over".into() }))
    }
    async fn sleep(&self, _millis: u32) {}
    fn now_millis(&self) -> i64 {
        1_767_225_600_000
    }
}

fn answer() -> impl Strategy<Value = Result<HttpResponse, TransportError>> {
    prop_oneof![
        8 => (status(), prop_oneof![any_body(), response_shaped()], header())
            .prop_map(|(status, body, error_type)| Ok(HttpResponse { status, body, error_type })),
        1 => Just(Err(TransportError { detail: "offline".into() })),
    ]
}

#[test]
fn the_client_maps_any_answer() {
    let strategy = (prop::sample::select(Operation::ALL.to_vec()), prop::collection::vec(answer(), 0..8), 0u8..5, interesting_string(20));
    check("wire/client", cases(1500), strategy, |(op, answers, call, name)| {
        let first = answers.first().cloned();
        let client = CognitoClient::new("http://mock.invalid/", Scripted { answers: RefCell::new(answers.into()), sent: RefCell::new(Vec::new()) });
        let request = json!({"AccessToken": "t"});
        let result: Result<String, SdkError> = block_on(async {
            match call {
                0 => client.request::<_, AuthResponse>(op, &request).await.map(|r| format!("{r:?}")),
                1 => client.request_with_retry::<_, EmptyResponse>(op, &request).await.map(|_| String::new()),
                2 => client.request_raw(op, &request).await,
                3 => client.request_text(&name, "{}".into()).await,
                _ => client.request_text_with_retry(&name, "{}".into()).await,
            }
        });
        let sent = client.transport().sent.borrow().len();
        // Retries stop: at most 6 attempts (the reference's backoff schedule).
        prop_assert!(sent <= 6, "{} attempts", sent);
        if call != 1 && call != 4 {
            prop_assert_eq!(sent, 1);
        }
        match (&result, first) {
            (Ok(text), _) if call >= 2 => {
                prop_assert!(serde_json::from_str::<serde::de::IgnoredAny>(text).is_ok(), "raw text is not JSON");
            }
            (Err(e), Some(Err(_))) if sent == 1 => prop_assert_eq!(e, &SdkError::network()),
            (Err(e), Some(Ok(r))) if sent == 1 && !r.is_ok() => prop_assert_eq!(e, &error_from_response(r.status, &r.body, r.error_type.as_deref())),
            _ => {}
        }
        Ok(())
    });
}

#[test]
fn backoff_is_bounded() {
    check("wire/backoff", cases(3000), (any::<u32>(), 0.0f64..1.0), |(attempt, jitter)| {
        if let Some(d) = backoff_delay_ms(attempt, jitter) {
            prop_assert!((0.0..=5_000.0).contains(&d));
        }
        Ok(())
    });
}
