//! User attributes and user data (all signed in): `getUserAttributes`,
//! `updateAttributes`, `deleteAttributes`, `getAttributeVerificationCode`,
//! `verifyAttribute`, `getUserData` (with its `userData` cache) and `getMFAOptions`.

use super::account_types::{GetUserDataOptions, RawJson};
use super::CognitoUser;
use crate::protocol::account::{
    DeleteUserAttributesRequest, GetUserAttributeVerificationCodeRequest, GetUserResponse, MfaOption, UpdateUserAttributesRequest, UserAttribute,
    VerifyUserAttributeRequest,
};
use crate::wire::errors::messages;
use crate::protocol::messages::{AccessTokenRequest, EmptyResponse, StringMap};
use crate::wire::{Operation, SdkError, SdkResult, Transport};

impl<T: Transport> CognitoUser<T> {
    /// `getUserAttributes(cb)`: `GetUser`; the attributes as `{Name, Value}` (a missing
    /// value reads as `""`, as `CognitoUserAttribute` does).
    pub async fn get_user_attributes(&self) -> SdkResult<Vec<UserAttribute>> {
        let response = self.get_user().await?;
        Ok(response.user_attributes.into_iter().map(|a| UserAttribute { value: Some(a.value.unwrap_or_default()), name: a.name }).collect())
    }

    /// `getMFAOptions(cb)` (deprecated): `GetUser`, then its `MFAOptions` (`None` when
    /// absent: JavaScript `undefined`).
    pub async fn get_mfa_options(&self) -> SdkResult<Option<Vec<MfaOption>>> {
        Ok(self.get_user().await?.mfa_options)
    }

    async fn get_user(&self) -> SdkResult<GetUserResponse> {
        let access_token = self.require_access_token()?;
        let text = self.pool.client().request_read(Operation::GetUser, &AccessTokenRequest { access_token }).await?;
        crate::wire::client::read_success_body(Operation::GetUser, &text, GetUserResponse::from_value)
    }

    /// `updateAttributes(attributes, cb, clientMetadata)`: [`Self::update_user_attributes`],
    /// then `getUserData({bypassCache: true})`, whose outcome is ignored (as the
    /// reference). Returns the `UpdateUserAttributes` response (`{CodeDeliveryDetailsList?}`),
    /// the callback's third argument.
    pub async fn update_attributes(&self, attributes: Vec<UserAttribute>, client_metadata: Option<StringMap>) -> SdkResult<RawJson> {
        let details = self.update_user_attributes(attributes, client_metadata).await?;
        let _ = self.get_user_data(GetUserDataOptions::bypass_cache()).await;
        Ok(details)
    }

    /// `UpdateUserAttributes` with `{AccessToken, UserAttributes, ClientMetadata}` alone (the
    /// JS face follows it with its own `getUserData({bypassCache: true})`, as the reference
    /// does, so a stub on `getUserData` or `refreshSession` sees it).
    pub async fn update_user_attributes(&self, attributes: Vec<UserAttribute>, client_metadata: Option<StringMap>) -> SdkResult<RawJson> {
        let access_token = self.require_access_token()?;
        let request = UpdateUserAttributesRequest { access_token, user_attributes: attributes, client_metadata };
        Ok(RawJson::new(self.pool.client().request_raw(Operation::UpdateUserAttributes, &request).await?))
    }

    /// `deleteAttributes(names, cb)`: [`Self::delete_user_attributes`], then
    /// `getUserData({bypassCache: true})`, outcome ignored.
    pub async fn delete_attributes(&self, names: Vec<String>) -> SdkResult<()> {
        self.delete_user_attributes(names).await?;
        let _ = self.get_user_data(GetUserDataOptions::bypass_cache()).await;
        Ok(())
    }

    /// `DeleteUserAttributes` with `{UserAttributeNames, AccessToken}` alone.
    pub async fn delete_user_attributes(&self, names: Vec<String>) -> SdkResult<()> {
        let access_token = self.require_access_token()?;
        let request = DeleteUserAttributesRequest { user_attribute_names: names, access_token };
        let _ = self.pool.client().request(Operation::DeleteUserAttributes, &request, EmptyResponse::from_value).await?;
        Ok(())
    }

    /// `getAttributeVerificationCode(name, cb, clientMetadata)`:
    /// `GetUserAttributeVerificationCode` with `{AttributeName, AccessToken,
    /// ClientMetadata}`. Returns the raw response (`{CodeDeliveryDetails}`): the binding
    /// passes it to `inputVerificationCode` when present, else calls
    /// `onSuccess('SUCCESS')`.
    pub async fn get_attribute_verification_code(&self, attribute_name: &str, client_metadata: Option<StringMap>) -> SdkResult<RawJson> {
        let access_token = self.require_access_token()?;
        let request = GetUserAttributeVerificationCodeRequest { attribute_name: attribute_name.to_string(), access_token, client_metadata };
        let text = self.pool.client().request_raw(Operation::GetUserAttributeVerificationCode, &request).await?;
        Ok(RawJson::new(text))
    }

    /// `verifyAttribute(name, code, cb)`: `VerifyUserAttribute` with `{AttributeName, Code,
    /// AccessToken}`.
    pub async fn verify_attribute(&self, attribute_name: &str, code: &str) -> SdkResult<()> {
        let access_token = self.require_access_token()?;
        let request = VerifyUserAttributeRequest { attribute_name: attribute_name.to_string(), code: code.to_string(), access_token };
        let _ = self.pool.client().request(Operation::VerifyUserAttribute, &request, EmptyResponse::from_value).await?;
        Ok(())
    }

    /// `getUserData(cb, {bypassCache, clientMetadata})`, as the reference:
    /// - no valid session: the cached user data is removed, `User is not authenticated`;
    /// - nothing cached: `GetUser`, whose response is cached (`userDataKey`) and returned
    ///   (no refresh, even with `bypass_cache`);
    /// - cached and `bypass_cache`: `GetUser` (cached), then a best-effort refresh with
    ///   the in-memory refresh token (its result goes to the pool's refresh observer
    ///   only), then the `GetUser` response;
    /// - cached: the cached JSON (unparseable: removed, and a `SyntaxError`).
    pub async fn get_user_data(&self, options: GetUserDataOptions) -> SdkResult<RawJson> {
        let Some(access_token) = self.signed_in_access_token() else {
            let _ = self.clear_cached_user_data();
            return Err(SdkError::local(messages::USER_NOT_AUTHENTICATED));
        };
        let Some(cached) = self.storage.get_item(&self.user_data_key()).filter(|c| !c.is_empty()) else {
            return self.fetch_user_data(access_token).await;
        };
        if options.bypass_cache {
            let data = self.fetch_user_data(access_token).await?;
            self.refresh_session_if_possible(options.client_metadata).await;
            return Ok(data);
        }
        if crate::json::is_valid(&cached) {
            return Ok(RawJson::new(cached));
        }
        self.clear_cached_user_data()?;
        Err(SdkError { code: None, name: "SyntaxError".to_string(), message: "The cached user data is not valid JSON".to_string(), status_code: None })
    }

    /// The reference's `fetchUserData()` (signed in): `GetUser`, its response cached under
    /// `userDataKey` and returned. The JS face decides around it when to use the cache and
    /// when to refresh, as the reference's `getUserData` does.
    pub async fn fetch_signed_in_user_data(&self) -> SdkResult<RawJson> {
        let access_token = self.require_access_token()?;
        self.fetch_user_data(access_token).await
    }

    /// `GetUser`, and its response cached under `userDataKey` (`cacheUserData`).
    async fn fetch_user_data(&self, access_token: String) -> SdkResult<RawJson> {
        // A read: retried on throttling and server errors (`CognitoClient::request_read`).
        let text = self.pool.client().request_read(Operation::GetUser, &AccessTokenRequest { access_token }).await?;
        self.storage.set_item(&self.user_data_key(), &text)?;
        Ok(RawJson::new(text))
    }

    /// The reference's `refreshSessionIfPossible`: refreshes with the in-memory refresh
    /// token when there is one; the result goes to the pool's refresh observer.
    async fn refresh_session_if_possible(&self, client_metadata: Option<StringMap>) {
        let Some(session) = self.sign_in_user_session() else { return };
        let refresh_token = session.refresh_token().clone();
        if refresh_token.token().is_empty() {
            return;
        }
        let result = self.refresh_session(&refresh_token, client_metadata).await;
        self.pool.report_internal_refresh(&result);
    }
}
