//! Managing remembered devices when signed in: `getDevice`, `listDevices`,
//! `setDeviceStatusRemembered` / `NotRemembered`, `forgetDevice` and
//! `forgetSpecificDevice`. (Registering a device and device SRP are in `device.rs`.)
//!
//! Like the reference, the methods about "this" device use the user's in-memory device
//! key, filled by sign-in or [`CognitoUser::get_cached_device_key_and_password`]; without
//! one, `DeviceKey` is left out and Cognito answers with its error.

use super::account_types::RawJson;
use super::{CognitoUser, DeviceSecrets};
use crate::protocol::account::{DeviceKeyRequest, ListDevicesRequest, UpdateDeviceStatusRequest};
use crate::protocol::messages::EmptyResponse;
use crate::wire::{Operation, SdkResult, Transport};

/// `DeviceRememberedStatus` values.
pub mod remembered_status {
    /// `remembered`.
    pub const REMEMBERED: &str = "remembered";
    /// `not_remembered`.
    pub const NOT_REMEMBERED: &str = "not_remembered";
}

impl<T: Transport> CognitoUser<T> {
    /// `getDevice(cb)`: `GetDevice` with `{AccessToken, DeviceKey}`; the raw response
    /// (`{Device}`).
    pub async fn get_device(&self) -> SdkResult<RawJson> {
        let access_token = self.require_access_token()?;
        let request = DeviceKeyRequest { access_token, device_key: self.device_key() };
        Ok(RawJson::new(self.pool.client().request_raw(Operation::GetDevice, &request).await?))
    }

    /// `listDevices(limit, paginationToken, cb)`: `ListDevices` with `{AccessToken, Limit,
    /// PaginationToken?}` (the token only when not empty); the raw response (`{Devices,
    /// PaginationToken?}`).
    pub async fn list_devices(&self, limit: Option<u32>, pagination_token: Option<&str>) -> SdkResult<RawJson> {
        let access_token = self.require_access_token()?;
        let request = ListDevicesRequest {
            access_token,
            limit,
            pagination_token: pagination_token.filter(|t| !t.is_empty()).map(str::to_string),
        };
        Ok(RawJson::new(self.pool.client().request_raw(Operation::ListDevices, &request).await?))
    }

    /// `setDeviceStatusRemembered(cb)`: `UpdateDeviceStatus` of this device to
    /// `remembered`.
    pub async fn set_device_status_remembered(&self) -> SdkResult<()> {
        self.update_device_status(remembered_status::REMEMBERED).await
    }

    /// `setDeviceStatusNotRemembered(cb)`: `UpdateDeviceStatus` of this device to
    /// `not_remembered`.
    pub async fn set_device_status_not_remembered(&self) -> SdkResult<()> {
        self.update_device_status(remembered_status::NOT_REMEMBERED).await
    }

    async fn update_device_status(&self, status: &str) -> SdkResult<()> {
        let access_token = self.require_access_token()?;
        let request = UpdateDeviceStatusRequest { access_token, device_key: self.device_key(), device_remembered_status: status.to_string() };
        let _ = self.pool.client().request(Operation::UpdateDeviceStatus, &request, EmptyResponse::from_value).await?;
        Ok(())
    }

    /// `forgetSpecificDevice(key, cb)`: `ForgetDevice` with `{AccessToken, DeviceKey}`.
    pub async fn forget_specific_device(&self, device_key: &str) -> SdkResult<()> {
        self.forget(Some(device_key.to_string())).await
    }

    /// `forgetDevice(cb)`: forgets this device, then drops its keys from memory and
    /// storage.
    pub async fn forget_device(&self) -> SdkResult<()> {
        self.forget(self.device_key()).await?;
        self.set_device(DeviceSecrets::default());
        self.clear_cached_device_key_and_password()
    }

    async fn forget(&self, device_key: Option<String>) -> SdkResult<()> {
        let access_token = self.require_access_token()?;
        let request = DeviceKeyRequest { access_token, device_key };
        let _ = self.pool.client().request(Operation::ForgetDevice, &request, EmptyResponse::from_value).await?;
        Ok(())
    }
}
