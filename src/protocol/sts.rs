//! STS `AssumeRoleWithWebIdentity`, the second step of the identity pools' basic flow: the
//! OpenID token of `GetOpenIdToken` and a role become credentials. AWS's query protocol: a
//! form-encoded `POST` (`Action`, `Version`, the parameters), an XML answer. The SDK writes
//! the request and reads the answer; the emulator does the opposite. Only the fields the
//! flow uses are modelled.

use crate::sigv4::{percent_decode, uri_encode};

/// The `Action` of the request.
pub const ACTION: &str = "AssumeRoleWithWebIdentity";
/// The API version every request names.
pub const VERSION: &str = "2011-06-15";
/// The request's `Content-Type`.
pub const CONTENT_TYPE: &str = "application/x-www-form-urlencoded; charset=utf-8";

/// The request. `web_identity_token` is a token: never shown in `Debug`.
#[derive(Clone, PartialEq, Eq)]
pub struct AssumeRoleWithWebIdentityRequest {
    pub role_arn: String,
    pub role_session_name: String,
    pub web_identity_token: String,
    pub duration_seconds: Option<u32>,
}

impl std::fmt::Debug for AssumeRoleWithWebIdentityRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AssumeRoleWithWebIdentityRequest").field("role_arn", &self.role_arn).field("role_session_name", &self.role_session_name).finish_non_exhaustive()
    }
}

/// `application/x-www-form-urlencoded` pairs (`+` is a space).
pub fn form_decode(body: &str) -> Vec<(String, String)> {
    let decode = |s: &str| String::from_utf8_lossy(&percent_decode(&s.replace('+', " "))).into_owned();
    body.split('&').filter(|kv| !kv.is_empty()).map(|kv| kv.split_once('=').unwrap_or((kv, ""))).map(|(k, v)| (decode(k), decode(v))).collect()
}

impl AssumeRoleWithWebIdentityRequest {
    /// The form body, `Action` and `Version` first.
    pub fn to_form(&self) -> String {
        let mut pairs = vec![
            ("Action", ACTION.to_string()),
            ("Version", VERSION.to_string()),
            ("RoleArn", self.role_arn.clone()),
            ("RoleSessionName", self.role_session_name.clone()),
            ("WebIdentityToken", self.web_identity_token.clone()),
        ];
        if let Some(d) = self.duration_seconds {
            pairs.push(("DurationSeconds", d.to_string()));
        }
        pairs.iter().map(|(k, v)| format!("{k}={}", uri_encode(v.as_bytes(), false))).collect::<Vec<_>>().join("&")
    }

    /// The request of a decoded form; `Err(name)` for the first required parameter missing.
    pub fn from_form(pairs: &[(String, String)]) -> Result<Self, &'static str> {
        let get = |name: &'static str| pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()).filter(|v| !v.is_empty()).ok_or(name);
        Ok(AssumeRoleWithWebIdentityRequest {
            role_arn: get("RoleArn")?,
            role_session_name: get("RoleSessionName")?,
            web_identity_token: get("WebIdentityToken")?,
            duration_seconds: get("DurationSeconds").ok().and_then(|d| d.parse().ok()),
        })
    }
}

/// The credentials of the answer (`expiration` as STS writes it: RFC 3339 UTC).
#[derive(Clone, PartialEq, Eq)]
pub struct StsCredentials {
    pub access_key_id: String,
    pub secret_access_key: String,
    pub session_token: String,
    pub expiration: String,
}

impl std::fmt::Debug for StsCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StsCredentials").field("access_key_id", &self.access_key_id).field("expiration", &self.expiration).finish_non_exhaustive()
    }
}

/// The successful answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssumeRoleWithWebIdentityResponse {
    pub credentials: StsCredentials,
    pub subject: String,
    pub audience: String,
    pub assumed_role_arn: String,
    pub assumed_role_id: String,
    pub provider: String,
    pub request_id: String,
}

/// Text with `&`, `<`, `>`, `"` and `'` escaped for XML.
pub fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&apos;")
}

fn xml_unescape(s: &str) -> String {
    s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'").replace("&amp;", "&")
}

/// The text of the first `<tag>…</tag>` element of `xml` (no attributes, no nesting read).
pub fn xml_text(xml: &str, tag: &str) -> Option<String> {
    let start = xml.find(&format!("<{tag}>"))? + tag.len() + 2;
    let len = xml[start..].find(&format!("</{tag}>"))?;
    Some(xml_unescape(&xml[start..start + len]))
}

impl AssumeRoleWithWebIdentityResponse {
    /// The XML document STS answers.
    pub fn to_xml(&self) -> String {
        let e = xml_escape;
        let c = &self.credentials;
        format!(
            "<AssumeRoleWithWebIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/{VERSION}/\">\n  <AssumeRoleWithWebIdentityResult>\n    \
             <SubjectFromWebIdentityToken>{}</SubjectFromWebIdentityToken>\n    <Audience>{}</Audience>\n    <AssumedRoleUser>\n      \
             <Arn>{}</Arn>\n      <AssumedRoleId>{}</AssumedRoleId>\n    </AssumedRoleUser>\n    <Credentials>\n      \
             <SessionToken>{}</SessionToken>\n      <SecretAccessKey>{}</SecretAccessKey>\n      <Expiration>{}</Expiration>\n      \
             <AccessKeyId>{}</AccessKeyId>\n    </Credentials>\n    <Provider>{}</Provider>\n  </AssumeRoleWithWebIdentityResult>\n  \
             <ResponseMetadata>\n    <RequestId>{}</RequestId>\n  </ResponseMetadata>\n</AssumeRoleWithWebIdentityResponse>\n",
            e(&self.subject),
            e(&self.audience),
            e(&self.assumed_role_arn),
            e(&self.assumed_role_id),
            e(&c.session_token),
            e(&c.secret_access_key),
            e(&c.expiration),
            e(&c.access_key_id),
            e(&self.provider),
            e(&self.request_id),
        )
    }

    /// The credentials of an answer; `None` unless all four are there.
    pub fn credentials_from_xml(xml: &str) -> Option<StsCredentials> {
        Some(StsCredentials {
            access_key_id: xml_text(xml, "AccessKeyId").filter(|v| !v.is_empty())?,
            secret_access_key: xml_text(xml, "SecretAccessKey").filter(|v| !v.is_empty())?,
            session_token: xml_text(xml, "SessionToken")?,
            expiration: xml_text(xml, "Expiration")?,
        })
    }
}

/// An STS error document: `<ErrorResponse><Error><Type>Sender</Type><Code>…</Code><Message>…`.
pub fn error_xml(code: &str, message: &str, request_id: &str) -> String {
    format!(
        "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/{VERSION}/\">\n  <Error>\n    <Type>Sender</Type>\n    <Code>{}</Code>\n    \
         <Message>{}</Message>\n  </Error>\n  <RequestId>{}</RequestId>\n</ErrorResponse>\n",
        xml_escape(code),
        xml_escape(message),
        xml_escape(request_id)
    )
}

/// The code and message of an STS error document.
pub fn error_from_xml(xml: &str) -> Option<(String, String)> {
    Some((xml_text(xml, "Code")?, xml_text(xml, "Message").unwrap_or_default()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_round_trip() {
        let r = AssumeRoleWithWebIdentityRequest {
            role_arn: "arn:aws:iam::123456789012:role/web".into(),
            role_session_name: "a+b c".into(),
            web_identity_token: "eyJ.x-y_z.sig".into(),
            duration_seconds: Some(900),
        };
        let form = r.to_form();
        assert!(form.starts_with("Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fweb"), "{form}");
        assert_eq!(AssumeRoleWithWebIdentityRequest::from_form(&form_decode(&form)).unwrap(), r);
        assert_eq!(AssumeRoleWithWebIdentityRequest::from_form(&form_decode("Action=x&RoleArn=a")), Err("RoleSessionName"));
        assert!(!format!("{r:?}").contains("eyJ"));
        assert_eq!(form_decode("a=1+2&b=%41"), [("a".to_string(), "1 2".to_string()), ("b".to_string(), "A".to_string())]);
    }

    #[test]
    fn response_and_error_round_trip() {
        let credentials = StsCredentials {
            access_key_id: "ASIAX".into(),
            secret_access_key: "s<&>".into(),
            session_token: "t".into(),
            expiration: "2026-01-02T03:04:05Z".into(),
        };
        let r = AssumeRoleWithWebIdentityResponse {
            credentials: credentials.clone(),
            subject: "us-east-1:1".into(),
            audience: "us-east-1:2".into(),
            assumed_role_arn: "arn".into(),
            assumed_role_id: "id".into(),
            provider: "cognito-identity.amazonaws.com".into(),
            request_id: "r".into(),
        };
        assert_eq!(AssumeRoleWithWebIdentityResponse::credentials_from_xml(&r.to_xml()), Some(credentials));
        assert_eq!(AssumeRoleWithWebIdentityResponse::credentials_from_xml("<x/>"), None);
        assert_eq!(error_from_xml(&error_xml("InvalidIdentityToken", "bad <token>", "r")), Some(("InvalidIdentityToken".into(), "bad <token>".into())));
    }
}
