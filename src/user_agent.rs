//! The `X-Amz-User-Agent` value: the reference's base string, what
//! `appendToCognitoUserAgent` added, then the category and framework that Amplify sets
//! through `cognito-wasm/internals` (`addAuthCategoryToCognitoUserAgent`,
//! `addFrameworkToCognitoUserAgent`), composed in the reference's order.

use std::sync::Mutex;

/// The reference SDK's (stale) constant user agent.
pub const BASE_USER_AGENT: &str = "aws-amplify/5.0.4";

/// The category `addAuthCategoryToCognitoUserAgent` sets.
pub const AUTH_CATEGORY: &str = "auth";

/// The parts of the user agent string.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UserAgent {
    /// Base plus appended content; empty means the base alone.
    appended: String,
    category: Option<&'static str>,
    framework: Option<String>,
}

impl UserAgent {
    /// A user agent with nothing added: `BASE_USER_AGENT`.
    pub const fn new() -> Self {
        UserAgent { appended: String::new(), category: None, framework: None }
    }

    /// Appends `" " + content` once; empty content and content already present are ignored.
    pub fn append(&mut self, content: &str) {
        if content.is_empty() {
            return;
        }
        if self.appended.is_empty() {
            self.appended = BASE_USER_AGENT.to_string();
        }
        // A byte search, not `str::contains`: a `&str` pattern links core's substring searcher
        // (~2 KB) into the session module. `content` is not empty, so `windows` cannot panic.
        if !self.appended.as_bytes().windows(content.len()).any(|w| w == content.as_bytes()) {
            self.appended.push(' ');
            self.appended.push_str(content);
        }
    }

    /// Adds the `auth` category (after the appended content).
    pub fn add_auth_category(&mut self) {
        self.category = Some(AUTH_CATEGORY);
    }

    /// Sets (replacing any earlier one) or, with `None` or `""`, clears the `framework/<id>` part.
    pub fn set_framework(&mut self, framework: Option<&str>) {
        self.framework = framework.filter(|f| !f.is_empty()).map(str::to_string);
    }

    /// `<base and appended content>[ <category>][ framework/<id>]`.
    pub fn value(&self) -> String {
        let mut value = if self.appended.is_empty() { BASE_USER_AGENT.to_string() } else { self.appended.clone() };
        if let Some(category) = self.category {
            value.push(' ');
            value.push_str(category);
        }
        if let Some(framework) = &self.framework {
            value.push_str(" framework/");
            value.push_str(framework);
        }
        value
    }
}

static USER_AGENT: Mutex<UserAgent> = Mutex::new(UserAgent::new());

fn with_user_agent<T>(f: impl FnOnce(&mut UserAgent) -> T) -> T {
    f(&mut USER_AGENT.lock().unwrap_or_else(|p| p.into_inner()))
}

/// The current user agent string sent as `X-Amz-User-Agent`.
pub fn user_agent() -> String {
    with_user_agent(|ua| ua.value())
}

/// [`UserAgent::append`] on the SDK's user agent.
pub fn append_to_user_agent(content: &str) {
    with_user_agent(|ua| ua.append(content))
}

/// [`UserAgent::add_auth_category`] on the SDK's user agent.
pub fn add_auth_category() {
    with_user_agent(UserAgent::add_auth_category)
}

/// [`UserAgent::set_framework`] on the SDK's user agent.
pub fn set_framework(framework: Option<&str>) {
    with_user_agent(|ua| ua.set_framework(framework))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn appends_once() {
        let mut ua = UserAgent::new();
        ua.append("");
        assert_eq!(ua.value(), BASE_USER_AGENT);
        ua.append("framework/1");
        ua.append("framework/1");
        assert_eq!(ua.value(), "aws-amplify/5.0.4 framework/1");
    }

    #[test]
    fn category_and_framework_follow_appended_content() {
        let mut ua = UserAgent::new();
        ua.set_framework(Some("0"));
        ua.add_auth_category();
        assert_eq!(ua.value(), "aws-amplify/5.0.4 auth framework/0");
        ua.append("my-app/2");
        assert_eq!(ua.value(), "aws-amplify/5.0.4 my-app/2 auth framework/0");
        ua.set_framework(Some("7"));
        assert_eq!(ua.value(), "aws-amplify/5.0.4 my-app/2 auth framework/7");
        ua.set_framework(Some(""));
        assert_eq!(ua.value(), "aws-amplify/5.0.4 my-app/2 auth");
    }
}
