//! The names Cognito's sign-in messages use: challenges, authentication flows, and the keys
//! of `AuthParameters`, `ChallengeParameters` and `ChallengeResponses`.

/// Challenge names (`ChallengeName`).
pub mod challenge {
    pub const PASSWORD_VERIFIER: &str = "PASSWORD_VERIFIER";
    pub const NEW_PASSWORD_REQUIRED: &str = "NEW_PASSWORD_REQUIRED";
    pub const SMS_MFA: &str = "SMS_MFA";
    pub const EMAIL_OTP: &str = "EMAIL_OTP";
    pub const SOFTWARE_TOKEN_MFA: &str = "SOFTWARE_TOKEN_MFA";
    pub const SELECT_MFA_TYPE: &str = "SELECT_MFA_TYPE";
    pub const MFA_SETUP: &str = "MFA_SETUP";
    pub const CUSTOM_CHALLENGE: &str = "CUSTOM_CHALLENGE";
    pub const DEVICE_SRP_AUTH: &str = "DEVICE_SRP_AUTH";
    pub const DEVICE_PASSWORD_VERIFIER: &str = "DEVICE_PASSWORD_VERIFIER";
    /// `USER_AUTH`: choose one of `AvailableChallenges` (answer `ANSWER`).
    pub const SELECT_CHALLENGE: &str = "SELECT_CHALLENGE";
    /// `USER_AUTH`: a one-time code sent by SMS as the first factor (answer `SMS_OTP_CODE`).
    /// (By e-mail, first factor or MFA, it is [`EMAIL_OTP`], answered with `EMAIL_OTP_CODE`.)
    pub const SMS_OTP: &str = "SMS_OTP";
    /// `USER_AUTH`: a passkey assertion (parameter `CREDENTIAL_REQUEST_OPTIONS`, answer
    /// `CREDENTIAL`).
    pub const WEB_AUTHN: &str = "WEB_AUTHN";
    /// `USER_AUTH`: the password itself (answer `PASSWORD`).
    pub const PASSWORD: &str = "PASSWORD";
    /// `USER_AUTH`: SRP with the password (answer `SRP_A`, then [`PASSWORD_VERIFIER`]).
    pub const PASSWORD_SRP: &str = "PASSWORD_SRP";

    /// Every challenge name above.
    pub const ALL: [&str; 15] = [
        PASSWORD_VERIFIER,
        NEW_PASSWORD_REQUIRED,
        SMS_MFA,
        EMAIL_OTP,
        SOFTWARE_TOKEN_MFA,
        SELECT_MFA_TYPE,
        MFA_SETUP,
        CUSTOM_CHALLENGE,
        DEVICE_SRP_AUTH,
        DEVICE_PASSWORD_VERIFIER,
        SELECT_CHALLENGE,
        SMS_OTP,
        WEB_AUTHN,
        PASSWORD,
        PASSWORD_SRP,
    ];

    /// The challenges a `USER_AUTH` sign-in may start with (`PREFERRED_CHALLENGE`,
    /// `AvailableChallenges`, the `ANSWER` to [`SELECT_CHALLENGE`]).
    pub const FIRST_FACTOR: [&str; 5] = [PASSWORD, PASSWORD_SRP, EMAIL_OTP, SMS_OTP, WEB_AUTHN];
}

/// A pool's first authentication factors (`Policies.SignInPolicy.AllowedFirstAuthFactors`).
/// `PASSWORD` allows both the [`challenge::PASSWORD`] and [`challenge::PASSWORD_SRP`]
/// challenges; the others are the challenge of the same name.
pub mod auth_factor {
    pub const PASSWORD: &str = "PASSWORD";
    pub const EMAIL_OTP: &str = "EMAIL_OTP";
    pub const SMS_OTP: &str = "SMS_OTP";
    pub const WEB_AUTHN: &str = "WEB_AUTHN";

    /// Every factor above.
    pub const ALL: [&str; 4] = [PASSWORD, EMAIL_OTP, SMS_OTP, WEB_AUTHN];

    /// The factor a first-factor challenge belongs to.
    pub fn of_challenge(challenge: &str) -> Option<&'static str> {
        match challenge {
            super::challenge::PASSWORD | super::challenge::PASSWORD_SRP => Some(PASSWORD),
            super::challenge::EMAIL_OTP => Some(EMAIL_OTP),
            super::challenge::SMS_OTP => Some(SMS_OTP),
            super::challenge::WEB_AUTHN => Some(WEB_AUTHN),
            _ => None,
        }
    }
}

/// Keys of `AuthParameters`, `ChallengeParameters` and `ChallengeResponses` used by the
/// `USER_AUTH` flow.
pub mod parameter {
    /// `AuthParameters` of `USER_AUTH`: the challenge to start with.
    pub const PREFERRED_CHALLENGE: &str = "PREFERRED_CHALLENGE";
    /// The chosen challenge (`SELECT_CHALLENGE`, `SELECT_MFA_TYPE`, `CUSTOM_CHALLENGE`).
    pub const ANSWER: &str = "ANSWER";
    pub const USERNAME: &str = "USERNAME";
    pub const PASSWORD: &str = "PASSWORD";
    pub const SRP_A: &str = "SRP_A";
    /// The code of an `EMAIL_OTP` challenge (first factor or MFA).
    pub const EMAIL_OTP_CODE: &str = "EMAIL_OTP_CODE";
    /// The code of an `SMS_OTP` challenge.
    pub const SMS_OTP_CODE: &str = "SMS_OTP_CODE";
    /// `ChallengeParameters` of `WEB_AUTHN`: `PublicKeyCredentialRequestOptions` as JSON text.
    pub const CREDENTIAL_REQUEST_OPTIONS: &str = "CREDENTIAL_REQUEST_OPTIONS";
    /// `ChallengeResponses` of `WEB_AUTHN`: the assertion (`PublicKeyCredential.toJSON()`) as
    /// JSON text.
    pub const CREDENTIAL: &str = "CREDENTIAL";
    pub const CODE_DELIVERY_DELIVERY_MEDIUM: &str = "CODE_DELIVERY_DELIVERY_MEDIUM";
    pub const CODE_DELIVERY_DESTINATION: &str = "CODE_DELIVERY_DESTINATION";
}

/// Authentication flows (`AuthFlow`).
pub mod flow {
    pub const USER_SRP_AUTH: &str = "USER_SRP_AUTH";
    pub const USER_PASSWORD_AUTH: &str = "USER_PASSWORD_AUTH";
    pub const CUSTOM_AUTH: &str = "CUSTOM_AUTH";
    pub const REFRESH_TOKEN_AUTH: &str = "REFRESH_TOKEN_AUTH";
    /// The older spelling of [`REFRESH_TOKEN_AUTH`], still accepted.
    pub const REFRESH_TOKEN: &str = "REFRESH_TOKEN";
    /// `AdminInitiateAuth` only.
    pub const ADMIN_NO_SRP_AUTH: &str = "ADMIN_NO_SRP_AUTH";
    /// `AdminInitiateAuth` only.
    pub const ADMIN_USER_PASSWORD_AUTH: &str = "ADMIN_USER_PASSWORD_AUTH";
    /// Choice-based sign-in: password, SRP, e-mail or SMS code, or passkey.
    pub const USER_AUTH: &str = "USER_AUTH";

    /// Every flow above, in the order Cognito lists them in its validation message.
    pub const ALL: [&str; 8] =
        [USER_SRP_AUTH, REFRESH_TOKEN_AUTH, REFRESH_TOKEN, CUSTOM_AUTH, ADMIN_NO_SRP_AUTH, USER_PASSWORD_AUTH, ADMIN_USER_PASSWORD_AUTH, USER_AUTH];

    /// True for the flows only `AdminInitiateAuth` accepts.
    pub fn is_admin_only(flow: &str) -> bool {
        flow == ADMIN_NO_SRP_AUTH || flow == ADMIN_USER_PASSWORD_AUTH
    }
}

/// The prefix of attribute names in `NEW_PASSWORD_REQUIRED` challenges and their answers
/// (`userAttributes.email`).
pub const USER_ATTRIBUTES_PREFIX: &str = "userAttributes.";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_once_and_upper_snake_case() {
        for list in [&challenge::ALL[..], &flow::ALL[..], &auth_factor::ALL[..]] {
            let mut names = list.to_vec();
            names.sort_unstable();
            names.dedup();
            assert_eq!(names.len(), list.len());
            assert!(list.iter().all(|n| n.bytes().all(|c| c.is_ascii_uppercase() || c == b'_')));
        }
        assert!(flow::is_admin_only(flow::ADMIN_NO_SRP_AUTH));
        assert!(!flow::is_admin_only(flow::USER_PASSWORD_AUTH));
        for c in challenge::FIRST_FACTOR {
            assert!(challenge::ALL.contains(&c));
            assert!(auth_factor::ALL.contains(&auth_factor::of_challenge(c).unwrap()), "{c}");
        }
        assert_eq!(auth_factor::of_challenge(challenge::PASSWORD_SRP), Some(auth_factor::PASSWORD));
        assert_eq!(auth_factor::of_challenge(challenge::SMS_MFA), None);
    }
}
