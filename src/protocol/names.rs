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

    /// Every challenge name above.
    pub const ALL: [&str; 10] = [
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
    ];
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

    /// Every flow above, in the order Cognito lists them in its validation message.
    pub const ALL: [&str; 7] = [USER_SRP_AUTH, REFRESH_TOKEN_AUTH, REFRESH_TOKEN, CUSTOM_AUTH, ADMIN_NO_SRP_AUTH, USER_PASSWORD_AUTH, ADMIN_USER_PASSWORD_AUTH];

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
        for list in [&challenge::ALL[..], &flow::ALL[..]] {
            let mut names = list.to_vec();
            names.sort_unstable();
            names.dedup();
            assert_eq!(names.len(), list.len());
            assert!(list.iter().all(|n| n.bytes().all(|c| c.is_ascii_uppercase() || c == b'_')));
        }
        assert!(flow::is_admin_only(flow::ADMIN_NO_SRP_AUTH));
        assert!(!flow::is_admin_only(flow::USER_PASSWORD_AUTH));
    }
}
