//! Round trips through the shared message types: every request, serialized as the SDK
//! sends it, reads back (as the emulator reads it) to the same request, and the SDK's
//! optional fields stay out of the JSON when absent.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};

use super::account::*;
use super::admin::*;
use super::messages::*;

/// Serializes `request` as the SDK does, reads it back, and checks that serializing the
/// result gives the same text (so every field written is read, under the same name).
/// Returns the JSON.
fn round_trip<T: Serialize + DeserializeOwned>(request: &T) -> Value {
    let text = crate::json::to_string(request).unwrap();
    let back: T = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{text} does not read back: {e}"));
    assert_eq!(crate::json::to_string(&back).unwrap(), text);
    serde_json::from_str(&text).unwrap()
}

fn s(text: &str) -> String {
    text.to_string()
}

fn params(entries: &[(&str, Option<&str>)]) -> ParameterMap {
    entries.iter().map(|(k, v)| (s(k), v.map(s))).collect()
}

fn metadata() -> Option<StringMap> {
    Some([(s("b"), s("2")), (s("a"), s("1"))].into_iter().collect())
}

fn context() -> Option<UserContextData> {
    Some(UserContextData { encoded_data: s("ctx") })
}

fn attributes() -> Vec<UserAttribute> {
    vec![UserAttribute::new("email", "a@example.com"), UserAttribute { name: s("nickname"), value: None }]
}

#[test]
fn sign_in_requests() {
    let start = InitiateAuthRequest {
        auth_flow: s("USER_SRP_AUTH"),
        client_id: s("client"),
        auth_parameters: params(&[("USERNAME", Some("alice")), ("SRP_A", Some("abc")), ("DEVICE_KEY", None)]),
        client_metadata: metadata(),
        user_context_data: context(),
    };
    round_trip(&start);
    // The reference's field and parameter order, and its `null`s.
    assert_eq!(
        crate::json::to_string(&start).unwrap(),
        r#"{"AuthFlow":"USER_SRP_AUTH","ClientId":"client","AuthParameters":{"USERNAME":"alice","SRP_A":"abc","DEVICE_KEY":null},"ClientMetadata":{"b":"2","a":"1"},"UserContextData":{"EncodedData":"ctx"}}"#
    );
    let bare = round_trip(&InitiateAuthRequest {
        auth_flow: s("REFRESH_TOKEN_AUTH"),
        client_id: s("client"),
        auth_parameters: ParameterMap::new(),
        client_metadata: None,
        user_context_data: None,
    });
    assert_eq!(bare, json!({"AuthFlow": "REFRESH_TOKEN_AUTH", "ClientId": "client", "AuthParameters": {}}));
    let answer = round_trip(&RespondToAuthChallengeRequest {
        challenge_name: s("PASSWORD_VERIFIER"),
        client_id: s("client"),
        challenge_responses: params(&[("USERNAME", Some("alice")), ("TIMESTAMP", Some("Mon Jan 2 03:04:05 UTC 2006"))]),
        session: Some(s("session")),
        client_metadata: metadata(),
        user_context_data: context(),
    });
    assert_eq!(answer["Session"], "session");
    round_trip(&RespondToAuthChallengeRequest {
        challenge_name: s("SMS_MFA"),
        client_id: s("client"),
        challenge_responses: ParameterMap::new(),
        session: None,
        client_metadata: None,
        user_context_data: None,
    });
    let confirm = round_trip(&ConfirmDeviceRequest {
        device_key: s("us-east-1_dk"),
        access_token: s("token"),
        device_secret_verifier_config: DeviceSecretVerifierConfig { salt: s("c2FsdA=="), password_verifier: s("dmVyaWZpZXI=") },
        device_name: s("nodejs"),
    });
    assert_eq!(confirm["DeviceSecretVerifierConfig"], json!({"Salt": "c2FsdA==", "PasswordVerifier": "dmVyaWZpZXI="}));
    round_trip(&RevokeTokenRequest { token: s("refresh"), client_id: s("client"), client_secret: Some(s("secret")) });
    round_trip(&RevokeTokenRequest { token: s("refresh"), client_id: s("client"), client_secret: None });
    round_trip(&AccessTokenRequest { access_token: s("token") });
    assert_eq!(round_trip(&AssociateSoftwareTokenRequest { access_token: None, session: Some(s("s1")) }), json!({"Session": "s1"}));
    round_trip(&AssociateSoftwareTokenRequest { access_token: Some(s("token")), session: None });
    round_trip(&VerifySoftwareTokenRequest {
        access_token: None,
        session: Some(s("s2")),
        user_code: s("123456"),
        friendly_device_name: Some(s("phone")),
    });
}

#[test]
fn account_requests() {
    let sign_up = round_trip(&SignUpRequest {
        client_id: s("client"),
        username: s("alice"),
        password: s("pw"),
        user_attributes: Some(attributes()),
        validation_data: Some(vec![UserAttribute::new("k", "v")]),
        client_metadata: metadata(),
        user_context_data: context(),
        secret_hash: Some(s("hash")),
    });
    assert_eq!(sign_up["UserAttributes"], json!([{"Name": "email", "Value": "a@example.com"}, {"Name": "nickname"}]));
    round_trip(&ConfirmSignUpRequest {
        client_id: s("client"),
        confirmation_code: s("123456"),
        username: s("alice"),
        force_alias_creation: Some(true),
        client_metadata: metadata(),
        user_context_data: context(),
        secret_hash: Some(s("hash")),
    });
    round_trip(&UsernameRequest { client_id: s("client"), username: s("alice"), client_metadata: None, user_context_data: None, secret_hash: None });
    round_trip(&ConfirmForgotPasswordRequest {
        client_id: s("client"),
        username: s("alice"),
        confirmation_code: s("123456"),
        password: s("new"),
        client_metadata: metadata(),
        user_context_data: context(),
        secret_hash: Some(s("hash")),
    });
    round_trip(&ChangePasswordRequest { previous_password: s("old"), proposed_password: s("new"), access_token: s("token"), client_metadata: metadata() });
    let settings = round_trip(&SetUserSettingsRequest { mfa_options: vec![MfaOption::sms_phone_number()], access_token: s("token") });
    assert_eq!(settings["MFAOptions"], json!([{"DeliveryMedium": "SMS", "AttributeName": "phone_number"}]));
    let on = MfaSettings { preferred_mfa: Some(true), enabled: Some(true) };
    let preference = round_trip(&SetUserMfaPreferenceRequest {
        sms_mfa_settings: Some(MfaSettings { preferred_mfa: None, enabled: Some(false) }),
        software_token_mfa_settings: Some(on),
        email_mfa_settings: Some(on),
        access_token: s("token"),
    });
    assert_eq!(preference["SMSMfaSettings"], json!({"Enabled": false}));
    assert_eq!(preference["EmailMfaSettings"], json!({"PreferredMfa": true, "Enabled": true}));
    round_trip(&DeleteUserRequest { access_token: s("token"), client_metadata: None });
    round_trip(&UpdateUserAttributesRequest { access_token: s("token"), user_attributes: attributes(), client_metadata: metadata() });
    round_trip(&DeleteUserAttributesRequest { user_attribute_names: vec![s("nickname"), s("email")], access_token: s("token") });
    round_trip(&GetUserAttributeVerificationCodeRequest { attribute_name: s("email"), access_token: s("token"), client_metadata: metadata() });
    round_trip(&VerifyUserAttributeRequest { attribute_name: s("email"), code: s("123456"), access_token: s("token") });
    assert_eq!(round_trip(&DeviceKeyRequest { access_token: s("token"), device_key: None }), json!({"AccessToken": "token"}));
    round_trip(&DeviceKeyRequest { access_token: s("token"), device_key: Some(s("dk")) });
    round_trip(&UpdateDeviceStatusRequest { access_token: s("token"), device_key: Some(s("dk")), device_remembered_status: s("remembered") });
    round_trip(&ListDevicesRequest { access_token: s("token"), limit: Some(10), pagination_token: Some(s("2")) });
}

#[test]
fn admin_requests() {
    round_trip(&AdminInitiateAuthRequest {
        user_pool_id: s("us-east-1_P"),
        client_id: s("client"),
        auth_flow: s("ADMIN_USER_PASSWORD_AUTH"),
        auth_parameters: params(&[("USERNAME", Some("alice")), ("PASSWORD", Some("pw"))]),
        client_metadata: metadata(),
    });
    round_trip(&AdminRespondToAuthChallengeRequest {
        user_pool_id: s("us-east-1_P"),
        client_id: s("client"),
        challenge_name: s("NEW_PASSWORD_REQUIRED"),
        challenge_responses: params(&[("NEW_PASSWORD", Some("pw2"))]),
        session: Some(s("s")),
        client_metadata: None,
    });
    round_trip(&PoolUserRequest { user_pool_id: s("us-east-1_P"), username: s("alice"), client_metadata: None });
    round_trip(&AdminSetUserPasswordRequest { user_pool_id: s("us-east-1_P"), username: s("alice"), password: s("pw"), permanent: Some(true) });
    round_trip(&AdminSetUserMfaPreferenceRequest {
        sms_mfa_settings: None,
        software_token_mfa_settings: Some(MfaSettings { preferred_mfa: Some(true), enabled: Some(true) }),
        email_mfa_settings: None,
        username: s("alice"),
        user_pool_id: s("us-east-1_P"),
    });
    round_trip(&AdminCreateUserRequest {
        user_pool_id: s("us-east-1_P"),
        username: s("alice"),
        user_attributes: Some(attributes()),
        temporary_password: Some(s("Temp-1234")),
        message_action: Some(s("SUPPRESS")),
    });
    round_trip(&AdminUpdateUserAttributesRequest { user_pool_id: s("us-east-1_P"), username: s("alice"), user_attributes: attributes(), client_metadata: None });
    round_trip(&AdminDeleteUserAttributesRequest { user_pool_id: s("us-east-1_P"), username: s("alice"), user_attribute_names: vec![s("nickname")] });
    round_trip(&ListUsersRequest {
        user_pool_id: s("us-east-1_P"),
        filter: Some(s("email ^= \"a\"")),
        limit: Some(5),
        pagination_token: Some(s("5")),
        attributes_to_get: Some(vec![s("email")]),
    });
    round_trip(&UserPoolIdRequest { user_pool_id: s("us-east-1_P") });
    round_trip(&PoolClientRequest { user_pool_id: s("us-east-1_P"), client_id: s("client") });
    round_trip(&ListUserPoolsRequest { max_results: Some(10), next_token: None });
}

#[test]
fn pool_and_client_settings_keep_what_is_not_modeled() {
    let pool = json!({
        "PoolName": "demo",
        "Policies": {"PasswordPolicy": {"MinimumLength": 10, "RequireSymbols": true}},
        "UsernameAttributes": ["email"],
        "MfaConfiguration": "OPTIONAL",
        "DeviceConfiguration": {"DeviceOnlyRememberedOnUserPrompt": true},
        "UsernameConfiguration": {"CaseSensitive": false},
        "EmulatorCustomAuth": {"Answer": "42", "ChallengeParameters": {"question": "6 x 7?", "n": 1}},
        "LambdaConfig": {"PreSignUp": "arn:aws:lambda:us-east-1:0:function:f"},
        "UserPoolTags": {"team": "a"},
    });
    let req: CreateUserPoolRequest = serde_json::from_value(pool.clone()).unwrap();
    assert_eq!(req.pool_name, "demo");
    assert_eq!(req.policies.as_ref().unwrap().password_policy.as_ref().unwrap().minimum_length, Some(10));
    assert_eq!(req.device_configuration.unwrap().device_only_remembered_on_user_prompt, Some(true));
    assert_eq!(req.emulator_custom_auth.as_ref().unwrap().answer, "42");
    let other: Vec<&String> = req.other.keys().collect();
    assert_eq!(other, ["LambdaConfig", "UserPoolTags"]);
    assert_eq!(serde_json::to_value(&req).unwrap(), pool);

    let client = json!({
        "UserPoolId": "us-east-1_P",
        "ClientName": "web",
        "GenerateSecret": true,
        "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH"],
        "AccessTokenValidity": 5,
        "TokenValidityUnits": {"AccessToken": "minutes"},
        "EnableTokenRevocation": false,
        "CallbackURLs": ["https://example.com/cb"],
    });
    let req: CreateUserPoolClientRequest = serde_json::from_value(client.clone()).unwrap();
    assert_eq!(req.token_validity_units.as_ref().unwrap().access_token.as_deref(), Some("minutes"));
    assert_eq!(req.other.keys().collect::<Vec<_>>(), ["CallbackURLs"]);
    assert_eq!(serde_json::to_value(&req).unwrap(), client);
}

#[test]
fn what_the_sdk_leaves_out_reads_as_absent() {
    let device: ConfirmDeviceRequest =
        serde_json::from_value(json!({"DeviceKey": "dk", "AccessToken": "t", "DeviceSecretVerifierConfig": {"Salt": "s", "PasswordVerifier": "v"}})).unwrap();
    assert_eq!(device.device_name, "");
    let status: UpdateDeviceStatusRequest = serde_json::from_value(json!({"AccessToken": "t"})).unwrap();
    assert_eq!((status.device_key, status.device_remembered_status.as_str()), (None, ""));
    let start: InitiateAuthRequest = serde_json::from_value(json!({"AuthFlow": "USER_SRP_AUTH", "ClientId": "c"})).unwrap();
    assert!(start.auth_parameters.is_empty());
    let missing = serde_json::from_value::<InitiateAuthRequest>(json!({"AuthFlow": "USER_SRP_AUTH"})).err().unwrap();
    assert_eq!(missing.to_string(), "missing field `ClientId`");
}

/// Serializes `response` as the emulator does and reads it back as the SDK does.
fn response_round_trip<T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug>(response: T) -> Value {
    let text = serde_json::to_string(&response).unwrap();
    let back: T = crate::json::from_str(&text).unwrap_or_else(|e| panic!("{text} does not read back: {e}"));
    assert_eq!(back, response);
    serde_json::from_str(&text).unwrap()
}

#[test]
fn responses_read_back_and_leave_absent_fields_out() {
    let delivery = CodeDeliveryDetails { destination: Some(s("a***@e***")), delivery_medium: Some(s("EMAIL")), attribute_name: Some(s("email")) };
    let signed_up = response_round_trip(SignUpResponse { user_confirmed: Some(false), user_sub: Some(s("sub")), code_delivery_details: Some(delivery) });
    assert_eq!(signed_up["CodeDeliveryDetails"]["DeliveryMedium"], "EMAIL");
    assert_eq!(response_round_trip(SignUpResponse { user_confirmed: Some(true), user_sub: None, code_delivery_details: None }), json!({"UserConfirmed": true}));
    assert_eq!(response_round_trip(ConfirmDeviceResponse { user_confirmation_necessary: Some(false) }), json!({"UserConfirmationNecessary": false}));
    assert_eq!(response_round_trip(AssociateSoftwareTokenResponse { secret_code: Some(s("ABC")), session: None }), json!({"SecretCode": "ABC"}));
    response_round_trip(VerifySoftwareTokenResponse { status: Some(s("SUCCESS")), session: Some(s("s")) });
    let challenge = response_round_trip(AuthResponse {
        challenge_name: Some(s("SMS_MFA")),
        challenge_parameters: Some([(s("CODE_DELIVERY_DESTINATION"), s("+*******0100"))].into_iter().collect()),
        session: Some(s("s")),
        authentication_result: None,
        available_challenges: None,
    });
    assert!(challenge.get("AuthenticationResult").is_none());
    let select = response_round_trip(AuthResponse {
        challenge_name: Some(s("SELECT_CHALLENGE")),
        session: Some(s("s")),
        available_challenges: Some(vec![s("PASSWORD"), s("EMAIL_OTP")]),
        ..AuthResponse::default()
    });
    assert_eq!(select["AvailableChallenges"], json!(["PASSWORD", "EMAIL_OTP"]));
    let tokens = response_round_trip(AuthResponse {
        authentication_result: Some(AuthenticationResult {
            access_token: Some(s("a")),
            id_token: Some(s("i")),
            refresh_token: None,
            expires_in: Some(3600.0),
            token_type: Some(s("Bearer")),
            new_device_metadata: Some(NewDeviceMetadata { device_key: Some(s("dk")), device_group_key: Some(s("-g")) }),
        }),
        ..AuthResponse::default()
    });
    assert!(tokens["AuthenticationResult"].get("RefreshToken").is_none());
    response_round_trip(GetUserResponse {
        username: Some(s("alice")),
        user_attributes: attributes(),
        mfa_options: Some(vec![MfaOption::sms_phone_number()]),
        preferred_mfa_setting: Some(s("SOFTWARE_TOKEN_MFA")),
        user_mfa_setting_list: Some(vec![s("SOFTWARE_TOKEN_MFA")]),
    });
}

/// The refresh answer's types are read by hand (`from_value`): `null` or a missing field is
/// `None`, unknown fields are ignored, a field of another type is an error, whether read
/// through `parse_success_value` (the session module) or a generic `Deserialize` caller.
#[test]
fn hand_read_answers_keep_the_derives_rules() {
    use crate::wire::client::read_success_body;
    use crate::wire::Operation;
    let read = |text: &str| read_success_body(Operation::InitiateAuth, text, AuthResponse::from_value);
    let full = r#"{"ChallengeName":"SMS_MFA","ChallengeParameters":{"A":"1","B":"2","A":"3"},"Session":"s","Other":[1,{}],
        "AvailableChallenges":["PASSWORD","EMAIL_OTP"],
        "AuthenticationResult":{"AccessToken":"a","IdToken":"i","RefreshToken":"r","ExpiresIn":3600,"TokenType":"Bearer",
        "NewDeviceMetadata":{"DeviceKey":"dk","DeviceGroupKey":"g","X":null}}}"#;
    let response = read(full).unwrap();
    assert_eq!(response, serde_json::from_str::<AuthResponse>(full).unwrap());
    let parameters = response.challenge_parameters.as_ref().unwrap();
    assert_eq!(parameters.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>(), ["A=3", "B=2"]);
    assert_eq!(response.available_challenges.as_deref(), Some(&[s("PASSWORD"), s("EMAIL_OTP")][..]));
    let result = response.authentication_result.as_ref().unwrap();
    assert_eq!(result.expires_in, Some(3600.0));
    assert_eq!(result.new_device_metadata, Some(NewDeviceMetadata { device_key: Some(s("dk")), device_group_key: Some(s("g")) }));
    let nulls = r#"{"ChallengeName":null,"ChallengeParameters":null,"Session":null,"AvailableChallenges":null,
        "AuthenticationResult":{"AccessToken":null,"ExpiresIn":null,"NewDeviceMetadata":null}}"#;
    let expected = AuthResponse { authentication_result: Some(AuthenticationResult::default()), ..AuthResponse::default() };
    assert_eq!(read(nulls).unwrap(), expected);
    assert_eq!(serde_json::from_str::<AuthResponse>(nulls).unwrap(), expected);
    for body in ["", "  ", "[1]", "\"x\"", "null", "{}"] {
        assert_eq!(read(body).unwrap(), AuthResponse::default(), "{body:?}");
    }
    for body in [
        r#"{"ChallengeName":1}"#,
        r#"{"ChallengeParameters":{"A":null}}"#,
        r#"{"ChallengeParameters":[]}"#,
        r#"{"AvailableChallenges":["A",null]}"#,
        r#"{"AvailableChallenges":"A"}"#,
        r#"{"AuthenticationResult":[]}"#,
        r#"{"AuthenticationResult":{"ExpiresIn":"3600"}}"#,
        r#"{"AuthenticationResult":{"IdToken":true}}"#,
        r#"{"AuthenticationResult":{"NewDeviceMetadata":{"DeviceKey":1}}}"#,
        r#"{"AuthenticationResult":{"NewDeviceMetadata":"dk"}}"#,
    ] {
        let error = read(body).unwrap_err();
        assert_eq!(error.message, "Invalid InitiateAuth response from Cognito: invalid JSON", "{body}");
        assert!(serde_json::from_str::<AuthResponse>(body).is_err(), "{body}");
    }
    assert!(read("{").is_err());
    let rotated = r#"{"AuthenticationResult":{"AccessToken":"a"},"ChallengeName":"X"}"#;
    let read_rotated = read_success_body(Operation::GetTokensFromRefreshToken, rotated, GetTokensFromRefreshTokenResponse::from_value).unwrap();
    assert_eq!(read_rotated.authentication_result.and_then(|r| r.access_token).as_deref(), Some("a"));
}

/// `ClientMetadata` as the session module reads it: an object of strings, in order.
#[test]
fn string_maps_read_by_hand() {
    let read = |text: &str| StringMap::from_value(&crate::json_read::parse(text).unwrap());
    let map = read(r#"{"b":"1","a":"2","b":"3"}"#).unwrap();
    assert_eq!(map, serde_json::from_str::<StringMap>(r#"{"b":"1","a":"2","b":"3"}"#).unwrap());
    assert_eq!(map.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>(), ["b=3", "a=2"]);
    for text in [r#"{"a":1}"#, r#"{"a":null}"#, "[]", "\"x\"", "null"] {
        assert!(read(text).is_err(), "{text}");
        assert!(serde_json::from_str::<StringMap>(text).is_err(), "{text}");
    }
}
