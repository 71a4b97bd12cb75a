//! Remembered devices: the verifier a client registers with `ConfirmDevice`
//! (the reference's `generateHashDevice(deviceGroupKey, deviceKey)`).

use zeroize::Zeroizing;

use super::math::{compute_x, verifier_for};
use super::pad_hex::{pad_hex, pad_hex_str};
use crate::encoding::{from_hex, to_base64, to_hex};
use crate::error::{Error, Result};
use crate::random::random_bytes;

/// Random bytes behind the device password (base64 of 40 bytes: 56 characters).
pub const DEVICE_PASSWORD_BYTES: usize = 40;
/// Random bytes behind the device salt.
pub const DEVICE_SALT_BYTES: usize = 16;

/// What `ConfirmDevice` registers, and what the client keeps to sign in as the device.
#[derive(Clone, PartialEq, Eq)]
pub struct DeviceVerifier {
    /// The device's random password (kept in storage as `randomPasswordKey`).
    pub random_password: String,
    /// padHex of the salt (the reference's `getSaltDevices()`).
    pub salt_hex: String,
    /// padHex of `g^x mod N` (the reference's `getVerifierDevices()`).
    pub verifier_hex: String,
}

impl std::fmt::Debug for DeviceVerifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DeviceVerifier").field("salt_hex", &self.salt_hex).field("verifier_hex", &self.verifier_hex).finish_non_exhaustive()
    }
}

impl DeviceVerifier {
    /// `DeviceSecretVerifierConfig.Salt`: base64 of the salt's bytes.
    pub fn salt_base64(&self) -> String {
        to_base64(&from_hex(&self.salt_hex, "salt").expect("padHex output is hex"))
    }

    /// `DeviceSecretVerifierConfig.PasswordVerifier`: base64 of the verifier's bytes.
    pub fn verifier_base64(&self) -> String {
        to_base64(&from_hex(&self.verifier_hex, "verifier").expect("padHex output is hex"))
    }
}

/// A new device verifier with fresh randomness.
pub fn generate_device_verifier(device_group_key: &str, device_key: &str) -> Result<DeviceVerifier> {
    let password = Zeroizing::new(random_bytes(DEVICE_PASSWORD_BYTES)?);
    let salt = random_bytes(DEVICE_SALT_BYTES)?;
    device_verifier_from_random(device_group_key, device_key, &password, &salt)
}

/// The device verifier for given random bytes (the vectors fix them).
pub fn device_verifier_from_random(device_group_key: &str, device_key: &str, password_bytes: &[u8], salt_bytes: &[u8]) -> Result<DeviceVerifier> {
    super::client::check_text(device_group_key, "DeviceGroupKey")?;
    super::client::check_text(device_key, "DeviceKey")?;
    if password_bytes.is_empty() || salt_bytes.is_empty() {
        return Err(Error::Missing("random bytes"));
    }
    let random_password = to_base64(password_bytes);
    let salt_hex = pad_hex_str(&to_hex(salt_bytes));
    let x = compute_x(device_group_key, device_key, &random_password, &salt_hex);
    Ok(DeviceVerifier { random_password, salt_hex, verifier_hex: pad_hex(&verifier_for(&x)) })
}
