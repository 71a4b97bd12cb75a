//! The outbox: every code the emulator "sends" (by SMS or e-mail) is recorded here and
//! logged to stderr. Read with `GET /_emulator/messages?poolId=<id>&username=<name>`.

use crate::state::{Message, Pool};
use crate::util;
use serde_json::{json, Value};

/// Message kinds.
pub const SIGN_UP: &str = "SignUp";
pub const RESEND: &str = "ResendConfirmationCode";
pub const FORGOT_PASSWORD: &str = "ForgotPassword";
pub const VERIFY_ATTRIBUTE: &str = "VerifyUserAttribute";
pub const SMS_MFA: &str = "SMS_MFA";
pub const EMAIL_OTP: &str = "EMAIL_OTP";
/// A `USER_AUTH` sign-in code sent by SMS.
pub const SMS_OTP: &str = "SMS_OTP";
pub const INVITATION: &str = "AdminCreateUser";

/// Keep at most this many messages per pool.
const MAX_PER_POOL: usize = 1000;

/// Record a message. `log_code` is false for temporary passwords (never logged).
pub fn send(pool: &mut Pool, username: &str, kind: &str, code: &str, destination: &str, log_code: bool) {
    let at = util::now();
    if log_code {
        eprintln!(
            "cognito-emulator: [{}] {kind} code {code} for {username} in {} -> {destination}",
            util::rfc3339(at),
            pool.id
        );
    } else {
        eprintln!(
            "cognito-emulator: [{}] {kind} message for {username} in {} -> {destination} (readable in the outbox)",
            util::rfc3339(at),
            pool.id
        );
    }
    pool.outbox.push(Message {
        username: username.into(),
        kind: kind.into(),
        code: code.into(),
        destination: destination.into(),
        at,
    });
    if pool.outbox.len() > MAX_PER_POOL {
        let extra = pool.outbox.len() - MAX_PER_POOL;
        pool.outbox.drain(0..extra);
    }
}

/// Messages for `username` (the real username, an alias or the destination), newest last.
pub fn list(pool: &Pool, username: Option<&str>) -> Value {
    let real = username.and_then(|u| crate::users::find_for_sign_in(pool, u).map(|x| x.username.clone()));
    let items: Vec<Value> = pool
        .outbox
        .iter()
        .filter(|m| match username {
            None => true,
            Some(u) => {
                Some(&m.username) == real.as_ref()
                    || m.username == u
                    || m.destination.eq_ignore_ascii_case(u)
            }
        })
        .map(|m| {
            json!({
                "kind": m.kind,
                "code": m.code,
                "destination": m.destination,
                "username": m.username,
                "at": util::rfc3339(m.at),
            })
        })
        .collect();
    Value::Array(items)
}
