//! The hosted UI's HTML: plain forms that work without JavaScript. Every value written
//! into a page is escaped; each form carries the CSRF token of its cookie.

use super::web::escape;

fn page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\"><title>{t}</title>\
<style>body{{font-family:sans-serif;max-width:24rem;margin:2rem auto;padding:0 1rem}}label,input,button{{display:block;width:100%;margin:.3rem 0}}input,button{{padding:.5rem;box-sizing:border-box}}.error{{color:#b00020}}.info{{color:#205020}}</style>\
</head><body><h1>{t}</h1>{body}</body></html>\n",
        t = escape(title)
    )
}

fn message(error: Option<&str>, info: Option<&str>) -> String {
    let mut out = String::new();
    if let Some(e) = error {
        out.push_str(&format!("<p class=\"error\" id=\"error\" role=\"alert\">{}</p>", escape(e)));
    }
    if let Some(i) = info {
        out.push_str(&format!("<p class=\"info\" id=\"info\">{}</p>", escape(i)));
    }
    out
}

/// A form posting to `action` (path and query), with the CSRF token.
fn form(action: &str, csrf: &str, fields: &str, submit: &str) -> String {
    format!(
        "<form method=\"post\" action=\"{}\"><input type=\"hidden\" name=\"_csrf\" value=\"{}\">{fields}<button type=\"submit\" name=\"submit\">{}</button></form>",
        escape(action),
        escape(csrf),
        escape(submit)
    )
}

fn input(name: &str, label: &str, kind: &str, value: &str) -> String {
    format!(
        "<label for=\"{n}\">{l}</label><input id=\"{n}\" name=\"{n}\" type=\"{kind}\" value=\"{v}\" autocomplete=\"off\">",
        n = escape(name),
        l = escape(label),
        v = escape(value)
    )
}

fn hidden(name: &str, value: &str) -> String {
    format!("<input type=\"hidden\" name=\"{}\" value=\"{}\">", escape(name), escape(value))
}

fn link(href: &str, id: &str, text: &str) -> String {
    format!("<p><a id=\"{}\" href=\"{}\">{}</a></p>", escape(id), escape(href), escape(text))
}

/// What every page of one authorization request shares.
pub struct PageContext<'a> {
    /// The authorization request's parameters, encoded (`client_id=..&redirect_uri=..`).
    pub query: &'a str,
    pub csrf: &'a str,
    pub error: Option<&'a str>,
    pub info: Option<&'a str>,
}

impl PageContext<'_> {
    fn at(&self, path: &str) -> String {
        format!("{path}?{}", self.query)
    }
}

/// `/login`: user name and password, the identity providers of the client, and the links to
/// sign up and to reset a password.
pub fn login(c: &PageContext, username: &str, providers: &[String]) -> String {
    let mut body = message(c.error, c.info);
    body.push_str(&form(&c.at("/login"), c.csrf, &(input("username", "Username", "text", username) + &input("password", "Password", "password", "")), "Sign in"));
    for p in providers {
        let href = format!("/oauth2/authorize?{}&identity_provider={}", c.query, cognito_wasm::oauth::form::encode(p));
        body.push_str(&link(&href, &format!("idp-{p}"), &format!("Sign in with {p}")));
    }
    body.push_str(&link(&c.at("/forgotPassword"), "forgot-password", "Forgot your password?"));
    body.push_str(&link(&c.at("/signup"), "sign-up", "Need an account? Sign up"));
    page("Sign in", &body)
}

/// `/newPassword`: the password that replaces a temporary one (NEW_PASSWORD_REQUIRED).
pub fn new_password(c: &PageContext) -> String {
    let fields = input("password", "New password", "password", "") + &input("password2", "Enter the new password again", "password", "");
    let mut body = message(c.error, c.info);
    body.push_str(&form(&c.at("/newPassword"), c.csrf, &fields, "Change password"));
    page("Change your password", &body)
}

/// `/mfa`: the second factor's code.
pub fn mfa(c: &PageContext) -> String {
    let mut body = message(c.error, c.info);
    body.push_str(&form(&c.at("/mfa"), c.csrf, &input("code", "Code", "text", ""), "Sign in"));
    page("Multi-factor authentication", &body)
}

/// `/signup`: user name, e-mail address and password.
pub fn signup(c: &PageContext, username: &str, email: &str) -> String {
    let fields = input("username", "Username", "text", username) + &input("email", "Email", "email", email) + &input("password", "Password", "password", "");
    let mut body = message(c.error, c.info);
    body.push_str(&form(&c.at("/signup"), c.csrf, &fields, "Sign up"));
    body.push_str(&link(&c.at("/login"), "sign-in", "Already have an account? Sign in"));
    page("Sign up", &body)
}

/// `/confirmUser`: the code sent at sign-up.
pub fn confirm_user(c: &PageContext, username: &str) -> String {
    let fields = hidden("username", username) + &input("code", "Verification code", "text", "");
    let mut body = message(c.error, c.info);
    body.push_str(&format!("<p>We sent a code to the contact details of <b id=\"username\">{}</b>.</p>", escape(username)));
    body.push_str(&form(&c.at("/confirmUser"), c.csrf, &fields, "Confirm account"));
    page("Confirm your account", &body)
}

/// `/forgotPassword`: the user name to send a reset code to.
pub fn forgot_password(c: &PageContext, username: &str) -> String {
    let mut body = message(c.error, c.info);
    body.push_str(&form(&c.at("/forgotPassword"), c.csrf, &input("username", "Username", "text", username), "Reset my password"));
    body.push_str(&link(&c.at("/login"), "sign-in", "Back to sign in"));
    page("Forgot your password?", &body)
}

/// `/confirmForgotPassword`: the reset code and the new password.
pub fn confirm_forgot_password(c: &PageContext, username: &str) -> String {
    let fields = hidden("username", username) + &input("code", "Code", "text", "") + &input("password", "New password", "password", "");
    let mut body = message(c.error, c.info);
    body.push_str(&form(&c.at("/confirmForgotPassword"), c.csrf, &fields, "Change password"));
    page("Reset your password", &body)
}

/// An error the browser stays on (no redirect: the redirect URI is not trusted).
pub fn error(code: &str, description: &str) -> String {
    page("An error was encountered with the requested page.", &format!("<p class=\"error\" id=\"error\"><code>{}</code>: {}</p>", escape(code), escape(description)))
}

/// The mock IdP's sign-in page.
pub fn mock_idp_login(action: &str, csrf: &str, login_hint: &str) -> String {
    let fields = input("email", "Email", "email", login_hint) + &input("name", "Name", "text", "");
    page("Mock IdP sign-in", &form(action, csrf, &fields, "Continue"))
}
