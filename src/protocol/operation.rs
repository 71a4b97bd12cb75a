//! Cognito Identity Provider operations: their names (as in `X-Amz-Target`), which ones
//! need IAM credentials, and which ones only read.

/// The service prefix of every `X-Amz-Target`.
pub const TARGET_PREFIX: &str = "AWSCognitoIdentityProviderService.";

/// Every Cognito Identity Provider operation the SDK or the emulator knows: the ones the
/// SDK calls (public: no credentials, or the user's own access token in the body), then
/// the administration operations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Operation {
    SignUp,
    ConfirmSignUp,
    ResendConfirmationCode,
    InitiateAuth,
    RespondToAuthChallenge,
    ConfirmDevice,
    ChangePassword,
    SetUserSettings,
    SetUserMFAPreference,
    DeleteUser,
    UpdateUserAttributes,
    GetUser,
    DeleteUserAttributes,
    ForgotPassword,
    ConfirmForgotPassword,
    GetUserAttributeVerificationCode,
    VerifyUserAttribute,
    GetDevice,
    ForgetDevice,
    UpdateDeviceStatus,
    ListDevices,
    GlobalSignOut,
    RevokeToken,
    AssociateSoftwareToken,
    VerifySoftwareToken,
    GetTokensFromRefreshToken,
    StartWebAuthnRegistration,
    CompleteWebAuthnRegistration,
    ListWebAuthnCredentials,
    DeleteWebAuthnCredential,
    // Administration (IAM credentials, SigV4): what the emulator serves for pool setup.
    AdminInitiateAuth,
    AdminRespondToAuthChallenge,
    AdminUserGlobalSignOut,
    AdminSetUserMFAPreference,
    CreateUserPool,
    DescribeUserPool,
    ListUserPools,
    DeleteUserPool,
    CreateUserPoolClient,
    DescribeUserPoolClient,
    ListUserPoolClients,
    DeleteUserPoolClient,
    AdminCreateUser,
    AdminConfirmSignUp,
    AdminSetUserPassword,
    AdminGetUser,
    AdminDeleteUser,
    AdminDisableUser,
    AdminEnableUser,
    AdminUpdateUserAttributes,
    AdminDeleteUserAttributes,
    AdminResetUserPassword,
    ListUsers,
    UpdateUserPool,
    UpdateUserPoolClient,
    SetUserPoolMfaConfig,
    GetUserPoolMfaConfig,
    // Groups (IAM credentials): the `cognito:groups` claim of the tokens.
    CreateGroup,
    GetGroup,
    ListGroups,
    DeleteGroup,
    AdminAddUserToGroup,
    AdminRemoveUserFromGroup,
    AdminListGroupsForUser,
    // Hosted UI and federation (IAM credentials): the pool's domain and identity providers.
    CreateUserPoolDomain,
    DescribeUserPoolDomain,
    DeleteUserPoolDomain,
    CreateIdentityProvider,
    DescribeIdentityProvider,
    ListIdentityProviders,
    DeleteIdentityProvider,
}

impl Operation {
    /// Every operation of the enum.
    pub const ALL: [Operation; 71] = [
        Operation::SignUp,
        Operation::ConfirmSignUp,
        Operation::ResendConfirmationCode,
        Operation::InitiateAuth,
        Operation::RespondToAuthChallenge,
        Operation::ConfirmDevice,
        Operation::ChangePassword,
        Operation::SetUserSettings,
        Operation::SetUserMFAPreference,
        Operation::DeleteUser,
        Operation::UpdateUserAttributes,
        Operation::GetUser,
        Operation::DeleteUserAttributes,
        Operation::ForgotPassword,
        Operation::ConfirmForgotPassword,
        Operation::GetUserAttributeVerificationCode,
        Operation::VerifyUserAttribute,
        Operation::GetDevice,
        Operation::ForgetDevice,
        Operation::UpdateDeviceStatus,
        Operation::ListDevices,
        Operation::GlobalSignOut,
        Operation::RevokeToken,
        Operation::AssociateSoftwareToken,
        Operation::VerifySoftwareToken,
        Operation::GetTokensFromRefreshToken,
        Operation::StartWebAuthnRegistration,
        Operation::CompleteWebAuthnRegistration,
        Operation::ListWebAuthnCredentials,
        Operation::DeleteWebAuthnCredential,
        Operation::AdminInitiateAuth,
        Operation::AdminRespondToAuthChallenge,
        Operation::AdminUserGlobalSignOut,
        Operation::AdminSetUserMFAPreference,
        Operation::CreateUserPool,
        Operation::DescribeUserPool,
        Operation::ListUserPools,
        Operation::DeleteUserPool,
        Operation::CreateUserPoolClient,
        Operation::DescribeUserPoolClient,
        Operation::ListUserPoolClients,
        Operation::DeleteUserPoolClient,
        Operation::AdminCreateUser,
        Operation::AdminConfirmSignUp,
        Operation::AdminSetUserPassword,
        Operation::AdminGetUser,
        Operation::AdminDeleteUser,
        Operation::AdminDisableUser,
        Operation::AdminEnableUser,
        Operation::AdminUpdateUserAttributes,
        Operation::AdminDeleteUserAttributes,
        Operation::AdminResetUserPassword,
        Operation::ListUsers,
        Operation::UpdateUserPool,
        Operation::UpdateUserPoolClient,
        Operation::SetUserPoolMfaConfig,
        Operation::GetUserPoolMfaConfig,
        Operation::CreateGroup,
        Operation::GetGroup,
        Operation::ListGroups,
        Operation::DeleteGroup,
        Operation::AdminAddUserToGroup,
        Operation::AdminRemoveUserFromGroup,
        Operation::AdminListGroupsForUser,
        Operation::CreateUserPoolDomain,
        Operation::DescribeUserPoolDomain,
        Operation::DeleteUserPoolDomain,
        Operation::CreateIdentityProvider,
        Operation::DescribeIdentityProvider,
        Operation::ListIdentityProviders,
        Operation::DeleteIdentityProvider,
    ];

    /// The operation's name, as in `X-Amz-Target`.
    pub fn name(self) -> &'static str {
        match self {
            Operation::SignUp => "SignUp",
            Operation::ConfirmSignUp => "ConfirmSignUp",
            Operation::ResendConfirmationCode => "ResendConfirmationCode",
            Operation::InitiateAuth => "InitiateAuth",
            Operation::RespondToAuthChallenge => "RespondToAuthChallenge",
            Operation::ConfirmDevice => "ConfirmDevice",
            Operation::ChangePassword => "ChangePassword",
            Operation::SetUserSettings => "SetUserSettings",
            Operation::SetUserMFAPreference => "SetUserMFAPreference",
            Operation::DeleteUser => "DeleteUser",
            Operation::UpdateUserAttributes => "UpdateUserAttributes",
            Operation::GetUser => "GetUser",
            Operation::DeleteUserAttributes => "DeleteUserAttributes",
            Operation::ForgotPassword => "ForgotPassword",
            Operation::ConfirmForgotPassword => "ConfirmForgotPassword",
            Operation::GetUserAttributeVerificationCode => "GetUserAttributeVerificationCode",
            Operation::VerifyUserAttribute => "VerifyUserAttribute",
            Operation::GetDevice => "GetDevice",
            Operation::ForgetDevice => "ForgetDevice",
            Operation::UpdateDeviceStatus => "UpdateDeviceStatus",
            Operation::ListDevices => "ListDevices",
            Operation::GlobalSignOut => "GlobalSignOut",
            Operation::RevokeToken => "RevokeToken",
            Operation::AssociateSoftwareToken => "AssociateSoftwareToken",
            Operation::VerifySoftwareToken => "VerifySoftwareToken",
            Operation::GetTokensFromRefreshToken => "GetTokensFromRefreshToken",
            Operation::StartWebAuthnRegistration => "StartWebAuthnRegistration",
            Operation::CompleteWebAuthnRegistration => "CompleteWebAuthnRegistration",
            Operation::ListWebAuthnCredentials => "ListWebAuthnCredentials",
            Operation::DeleteWebAuthnCredential => "DeleteWebAuthnCredential",
            Operation::AdminInitiateAuth => "AdminInitiateAuth",
            Operation::AdminRespondToAuthChallenge => "AdminRespondToAuthChallenge",
            Operation::AdminUserGlobalSignOut => "AdminUserGlobalSignOut",
            Operation::AdminSetUserMFAPreference => "AdminSetUserMFAPreference",
            Operation::CreateUserPool => "CreateUserPool",
            Operation::DescribeUserPool => "DescribeUserPool",
            Operation::ListUserPools => "ListUserPools",
            Operation::DeleteUserPool => "DeleteUserPool",
            Operation::CreateUserPoolClient => "CreateUserPoolClient",
            Operation::DescribeUserPoolClient => "DescribeUserPoolClient",
            Operation::ListUserPoolClients => "ListUserPoolClients",
            Operation::DeleteUserPoolClient => "DeleteUserPoolClient",
            Operation::AdminCreateUser => "AdminCreateUser",
            Operation::AdminConfirmSignUp => "AdminConfirmSignUp",
            Operation::AdminSetUserPassword => "AdminSetUserPassword",
            Operation::AdminGetUser => "AdminGetUser",
            Operation::AdminDeleteUser => "AdminDeleteUser",
            Operation::AdminDisableUser => "AdminDisableUser",
            Operation::AdminEnableUser => "AdminEnableUser",
            Operation::AdminUpdateUserAttributes => "AdminUpdateUserAttributes",
            Operation::AdminDeleteUserAttributes => "AdminDeleteUserAttributes",
            Operation::AdminResetUserPassword => "AdminResetUserPassword",
            Operation::ListUsers => "ListUsers",
            Operation::UpdateUserPool => "UpdateUserPool",
            Operation::UpdateUserPoolClient => "UpdateUserPoolClient",
            Operation::SetUserPoolMfaConfig => "SetUserPoolMfaConfig",
            Operation::GetUserPoolMfaConfig => "GetUserPoolMfaConfig",
            Operation::CreateGroup => "CreateGroup",
            Operation::GetGroup => "GetGroup",
            Operation::ListGroups => "ListGroups",
            Operation::DeleteGroup => "DeleteGroup",
            Operation::AdminAddUserToGroup => "AdminAddUserToGroup",
            Operation::AdminRemoveUserFromGroup => "AdminRemoveUserFromGroup",
            Operation::AdminListGroupsForUser => "AdminListGroupsForUser",
            Operation::CreateUserPoolDomain => "CreateUserPoolDomain",
            Operation::DescribeUserPoolDomain => "DescribeUserPoolDomain",
            Operation::DeleteUserPoolDomain => "DeleteUserPoolDomain",
            Operation::CreateIdentityProvider => "CreateIdentityProvider",
            Operation::DescribeIdentityProvider => "DescribeIdentityProvider",
            Operation::ListIdentityProviders => "ListIdentityProviders",
            Operation::DeleteIdentityProvider => "DeleteIdentityProvider",
        }
    }

    /// `X-Amz-Target` value: `AWSCognitoIdentityProviderService.<Op>`.
    pub fn target(self) -> String {
        target_for(self.name())
    }

    /// The operation whose [`Operation::name`] is `name` (exact spelling), if the enum has it.
    pub fn from_name(name: &str) -> Option<Operation> {
        Operation::ALL.into_iter().find(|op| op.name() == name)
    }

    /// The operation of an `X-Amz-Target` value (`AWSCognitoIdentityProviderService.<Op>`).
    pub fn from_target(target: &str) -> Option<Operation> {
        Operation::from_name(target.strip_prefix(TARGET_PREFIX)?)
    }

    /// True for the operations Cognito only serves to callers with IAM credentials (a
    /// SigV4-signed request): pool and app-client administration and every `Admin*`
    /// operation. The others are public: they carry no credentials, or the user's own
    /// access token in the body.
    pub fn requires_iam(self) -> bool {
        matches!(
            self,
            Operation::AdminInitiateAuth
                | Operation::AdminRespondToAuthChallenge
                | Operation::AdminUserGlobalSignOut
                | Operation::AdminSetUserMFAPreference
                | Operation::CreateUserPool
                | Operation::DescribeUserPool
                | Operation::ListUserPools
                | Operation::DeleteUserPool
                | Operation::CreateUserPoolClient
                | Operation::DescribeUserPoolClient
                | Operation::ListUserPoolClients
                | Operation::DeleteUserPoolClient
                | Operation::AdminCreateUser
                | Operation::AdminConfirmSignUp
                | Operation::AdminSetUserPassword
                | Operation::AdminGetUser
                | Operation::AdminDeleteUser
                | Operation::AdminDisableUser
                | Operation::AdminEnableUser
                | Operation::AdminUpdateUserAttributes
                | Operation::AdminDeleteUserAttributes
                | Operation::AdminResetUserPassword
                | Operation::ListUsers
                | Operation::UpdateUserPool
                | Operation::UpdateUserPoolClient
                | Operation::SetUserPoolMfaConfig
                | Operation::GetUserPoolMfaConfig
                | Operation::CreateGroup
                | Operation::GetGroup
                | Operation::ListGroups
                | Operation::DeleteGroup
                | Operation::AdminAddUserToGroup
                | Operation::AdminRemoveUserFromGroup
                | Operation::AdminListGroupsForUser
                | Operation::CreateUserPoolDomain
                | Operation::DescribeUserPoolDomain
                | Operation::DeleteUserPoolDomain
                | Operation::CreateIdentityProvider
                | Operation::DescribeIdentityProvider
                | Operation::ListIdentityProviders
                | Operation::DeleteIdentityProvider
        )
    }
}

/// `AWSCognitoIdentityProviderService.<name>`.
pub fn target_for(name: &str) -> String {
    format!("{TARGET_PREFIX}{name}")
}

/// The operation a request is for: one of the [`Operation`]s, or any other name a caller
/// passed to `pool.client.request(name, ...)` (`GetUserAuthFactors`, ...). Sent as
/// is in `X-Amz-Target`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum OperationName {
    /// An operation of the enum.
    Known(Operation),
    /// Any other operation name.
    Other(String),
}

impl OperationName {
    /// The name, as in `X-Amz-Target`.
    pub fn name(&self) -> &str {
        match self {
            OperationName::Known(op) => op.name(),
            OperationName::Other(name) => name,
        }
    }

    /// `name` as a known [`Operation`] when the enum has it, else [`OperationName::Other`].
    pub fn from_name(name: &str) -> Self {
        Operation::from_name(name).map_or_else(|| OperationName::Other(name.to_string()), OperationName::Known)
    }

    /// The known operation, if any.
    pub fn known(&self) -> Option<Operation> {
        match self {
            OperationName::Known(op) => Some(*op),
            OperationName::Other(_) => None,
        }
    }
}

impl From<Operation> for OperationName {
    fn from(op: Operation) -> Self {
        OperationName::Known(op)
    }
}

impl PartialEq<Operation> for OperationName {
    fn eq(&self, other: &Operation) -> bool {
        self.known() == Some(*other)
    }
}

impl std::fmt::Display for OperationName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_targets_round_trip() {
        for op in Operation::ALL {
            assert_eq!(Operation::from_name(op.name()), Some(op));
            assert_eq!(Operation::from_target(&op.target()), Some(op));
        }
        let mut names: Vec<&str> = Operation::ALL.iter().map(|op| op.name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Operation::ALL.len(), "every name once");
        assert_eq!(Operation::SetUserMFAPreference.target(), "AWSCognitoIdentityProviderService.SetUserMFAPreference");
        assert_eq!(Operation::from_name("revoketoken"), None);
        assert_eq!(Operation::from_target("RevokeToken"), None);
        assert_eq!(Operation::from_target("AWSCognitoIdentityService.RevokeToken"), None);
        assert_eq!(Operation::from_target("AWSCognitoIdentityProviderService.Nope"), None);
    }

    #[test]
    fn iam_operations_are_the_administration_ones() {
        for op in Operation::ALL {
            let admin_name = op.name().starts_with("Admin")
                || op.name().contains("UserPool")
                || op.name() == "ListUsers"
                || op.name().ends_with("Group")
                || op.name() == "ListGroups"
                || op.name().contains("IdentityProvider");
            assert_eq!(op.requires_iam(), admin_name, "{op:?}");
        }
        assert!(!Operation::InitiateAuth.requires_iam());
        assert!(!Operation::GetUser.requires_iam());
        assert!(Operation::AdminInitiateAuth.requires_iam());
        assert!(Operation::CreateUserPoolClient.requires_iam());
    }

    #[test]
    fn any_operation_name() {
        let other = OperationName::from_name("GetUserAuthFactors");
        assert_eq!(other, OperationName::Other("GetUserAuthFactors".into()));
        assert_eq!(other.name(), "GetUserAuthFactors");
        assert_eq!(OperationName::from_name("GetTokensFromRefreshToken"), Operation::GetTokensFromRefreshToken);
        assert_eq!(other.known(), None);
        assert_eq!(OperationName::from_name("RevokeToken"), Operation::RevokeToken);
        assert_eq!(OperationName::from(Operation::GetUser).to_string(), "GetUser");
    }
}
