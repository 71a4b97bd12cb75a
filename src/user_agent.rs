//! The `X-Amz-User-Agent` value and `appendToCognitoUserAgent`.

use std::sync::Mutex;

/// The reference SDK's (stale) constant user agent.
pub const BASE_USER_AGENT: &str = "aws-amplify/5.0.4";

static USER_AGENT: Mutex<String> = Mutex::new(String::new());

/// The current user agent string sent as `X-Amz-User-Agent`.
pub fn user_agent() -> String {
    let ua = USER_AGENT.lock().unwrap_or_else(|p| p.into_inner());
    if ua.is_empty() {
        BASE_USER_AGENT.to_string()
    } else {
        ua.clone()
    }
}

/// Appends `" " + content` once; empty content and repeats are ignored.
pub fn append_to_user_agent(content: &str) {
    if content.is_empty() {
        return;
    }
    let mut ua = USER_AGENT.lock().unwrap_or_else(|p| p.into_inner());
    if ua.is_empty() {
        *ua = BASE_USER_AGENT.to_string();
    }
    if !ua.contains(content) {
        ua.push(' ');
        ua.push_str(content);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn appends_once() {
        append_to_user_agent("");
        append_to_user_agent("framework/1");
        append_to_user_agent("framework/1");
        assert_eq!(user_agent(), "aws-amplify/5.0.4 framework/1");
    }
}
