//! `AuthenticationHelper`: the reference's SRP helper object, over [`crate::srp`].

use num_bigint::BigUint;
use wasm_bindgen::prelude::*;

use super::bigint::{from_js_signed, from_js_unsigned, to_js_bigint};
use super::errors::plain_error;
use crate::crypto::{compute_hkdf, hash, hex_hash};
use crate::encoding::to_base64;
use crate::random::random_bytes;
use crate::srp::client::SMALL_A_BYTES;
use crate::srp::device::{generate_device_verifier, DeviceVerifier, DEVICE_PASSWORD_BYTES};
use crate::srp::{compute_u, pad_hex_signed, SrpClient};

/// The prefix of required attributes in a `NEW_PASSWORD_REQUIRED` challenge.
pub const NEW_PASSWORD_REQUIRED_ATTRIBUTE_PREFIX: &str = "userAttributes.";

/// The reference's `AuthenticationHelper(poolName)`.
#[wasm_bindgen]
pub struct AuthenticationHelper {
    client: SrpClient,
    u_value: Option<BigUint>,
    device: Option<DeviceVerifier>,
}

fn call_back(callback: &js_sys::Function, err: &JsValue, value: &JsValue) -> Result<(), JsValue> {
    callback.call2(&JsValue::NULL, err, value).map(|_| ())
}

fn bytes_of(value: &JsValue, what: &str) -> Result<Vec<u8>, JsValue> {
    if let Some(s) = value.as_string() {
        return Ok(s.into_bytes());
    }
    // By internal slots and tags, not `instanceof`: a Node Buffer or an ArrayBuffer from
    // another realm (jest's environments) is still bytes.
    if js_sys::ArrayBuffer::is_view(value) {
        let get = |name: &str| js_sys::Reflect::get(value, &JsValue::from_str(name)).ok();
        if let (Some(buffer), Some(offset), Some(length)) =
            (get("buffer"), get("byteOffset").and_then(|v| v.as_f64()), get("byteLength").and_then(|v| v.as_f64()))
        {
            return Ok(js_sys::Uint8Array::new_with_byte_offset_and_length(&buffer, offset as u32, length as u32).to_vec());
        }
    }
    let tag = js_sys::Reflect::get(value, &js_sys::Symbol::to_string_tag()).ok().and_then(|t| t.as_string());
    if value.is_object() && tag.as_deref() == Some("ArrayBuffer") {
        return Ok(js_sys::Uint8Array::new(value).to_vec());
    }
    Err(plain_error(&format!("{what} must be a string, a Uint8Array or an ArrayBuffer")))
}

#[wasm_bindgen]
impl AuthenticationHelper {
    /// A helper for `poolName` (the part of the pool id after `_`, or a device group key),
    /// with a fresh random `a` and its `A`.
    #[wasm_bindgen(constructor)]
    pub fn new(pool_name: Option<String>) -> Result<AuthenticationHelper, JsValue> {
        let client = SrpClient::new(pool_name.as_deref().unwrap_or(""))?;
        Ok(AuthenticationHelper { client, u_value: None, device: None })
    }

    /// The pool name given to the constructor.
    #[wasm_bindgen(getter, js_name = poolName)]
    pub fn pool_name(&self) -> String {
        self.client.pool_name().to_string()
    }

    /// `A = g^a mod N`, passed to `callback(null, A)` as a `BigInt`.
    #[wasm_bindgen(js_name = getLargeAValue)]
    pub fn get_large_a_value(&self, callback: &js_sys::Function) -> Result<(), JsValue> {
        call_back(callback, &JsValue::NULL, &to_js_bigint(self.client.large_a()))
    }

    /// A new random `a` (`SMALL_A_BYTES` = 32 bytes, RFC 5054's 256 bits; the reference draws
    /// 128) as a `BigInt`; the helper keeps its own.
    #[wasm_bindgen(js_name = generateRandomSmallA)]
    pub fn generate_random_small_a(&self) -> Result<JsValue, JsValue> {
        Ok(to_js_bigint(&BigUint::from_bytes_be(&random_bytes(SMALL_A_BYTES)?)))
    }

    /// `A` for a given `a`, passed to `callback(null, A)`.
    #[wasm_bindgen(js_name = calculateA)]
    pub fn calculate_a(&self, a: JsValue, callback: &js_sys::Function) -> Result<(), JsValue> {
        let a = from_js_unsigned(&a, "a")?;
        match SrpClient::with_small_a(self.client.pool_name(), a) {
            Ok(c) => call_back(callback, &JsValue::NULL, &to_js_bigint(c.large_a())),
            Err(e) => call_back(callback, &e.into(), &JsValue::NULL),
        }
    }

    /// base64 of 40 random bytes.
    #[wasm_bindgen(js_name = generateRandomString)]
    pub fn generate_random_string(&self) -> Result<String, JsValue> {
        Ok(to_base64(&random_bytes(DEVICE_PASSWORD_BYTES)?))
    }

    /// The device password made by the last `generateHashDevice`.
    #[wasm_bindgen(js_name = getRandomPassword)]
    pub fn get_random_password(&self) -> Option<String> {
        self.device.as_ref().map(|d| d.random_password.clone())
    }

    /// padHex of the device salt made by the last `generateHashDevice`.
    #[wasm_bindgen(js_name = getSaltDevices)]
    pub fn get_salt_devices(&self) -> Option<String> {
        self.device.as_ref().map(|d| d.salt_hex.clone())
    }

    /// padHex of the device verifier made by the last `generateHashDevice`.
    #[wasm_bindgen(js_name = getVerifierDevices)]
    pub fn get_verifier_devices(&self) -> Option<String> {
        self.device.as_ref().map(|d| d.verifier_hex.clone())
    }

    /// Makes a device password, salt and verifier, then calls `callback(null, null)`.
    #[wasm_bindgen(js_name = generateHashDevice)]
    pub fn generate_hash_device(&mut self, device_group_key: &str, username: &str, callback: &js_sys::Function) -> Result<(), JsValue> {
        match generate_device_verifier(device_group_key, username) {
            Ok(v) => {
                self.device = Some(v);
                call_back(callback, &JsValue::NULL, &JsValue::NULL)
            }
            Err(e) => call_back(callback, &e.into(), &JsValue::NULL),
        }
    }

    /// `u = H(padHex(A) || padHex(B))` as a `BigInt`; also kept for `calculateS`.
    #[wasm_bindgen(js_name = calculateU)]
    pub fn calculate_u(&mut self, a: JsValue, b: JsValue) -> Result<JsValue, JsValue> {
        let u = compute_u(&from_js_unsigned(&a, "A")?, &from_js_unsigned(&b, "B")?).unwrap_or_default();
        let out = to_js_bigint(&u);
        self.u_value = Some(u);
        Ok(out)
    }

    /// SHA-256 of a UTF-8 string or of bytes, as 64 hex characters.
    pub fn hash(&self, data: JsValue) -> Result<String, JsValue> {
        Ok(hash(&bytes_of(&data, "hash input")?))
    }

    /// SHA-256 of the bytes a hex string denotes.
    #[wasm_bindgen(js_name = hexHash)]
    pub fn hex_hash(&self, hex: &str) -> Result<String, JsValue> {
        Ok(hex_hash(hex)?)
    }

    /// The 16-byte HKDF of `ikm` with `salt` (both bytes).
    pub fn computehkdf(&self, ikm: JsValue, salt: JsValue) -> Result<Vec<u8>, JsValue> {
        Ok(compute_hkdf(&bytes_of(&ikm, "ikm")?, &bytes_of(&salt, "salt")?).to_vec())
    }

    /// The derived key for the server's `B` and `salt` (BigInts or hex strings), passed to
    /// `callback(null, key)` as a 16-byte `Uint8Array`. Throws when B or u is zero.
    #[wasm_bindgen(js_name = getPasswordAuthenticationKey)]
    pub fn get_password_authentication_key(
        &mut self,
        username: &str,
        password: &str,
        server_b_value: JsValue,
        salt: JsValue,
        callback: &js_sys::Function,
    ) -> Result<(), JsValue> {
        let b = from_js_unsigned(&server_b_value, "serverBValue")?;
        let salt = from_js_unsigned(&salt, "salt")?;
        let key = self.client.key_from_integers(username, password, &b, &salt)?;
        self.u_value = compute_u(self.client.large_a(), &b).ok();
        call_back(callback, &JsValue::NULL, &js_sys::Uint8Array::from(&key[..]).into())
    }

    /// `S = (B − k·g^x)^(a + u·x) mod N` with the `u` of the last `calculateU` or
    /// `getPasswordAuthenticationKey`, passed to `callback(null, S)`.
    #[wasm_bindgen(js_name = calculateS)]
    pub fn calculate_s(&self, x_value: JsValue, server_b_value: JsValue, callback: &js_sys::Function) -> Result<(), JsValue> {
        let x = from_js_unsigned(&x_value, "xValue")?;
        let b = from_js_unsigned(&server_b_value, "serverBValue")?;
        match &self.u_value {
            Some(u) => call_back(callback, &JsValue::NULL, &to_js_bigint(&self.client.premaster_secret(u, &x, &b))),
            None => call_back(callback, &plain_error("calculateU must run before calculateS."), &JsValue::NULL),
        }
    }

    /// `'userAttributes.'`.
    #[wasm_bindgen(js_name = getNewPasswordRequiredChallengeUserAttributePrefix)]
    pub fn get_new_password_required_challenge_user_attribute_prefix(&self) -> String {
        NEW_PASSWORD_REQUIRED_ATTRIBUTE_PREFIX.to_string()
    }

    /// The reference's `padHex` of a `BigInt` (or hex string, or jsbn value).
    #[wasm_bindgen(js_name = padHex)]
    pub fn pad_hex(&self, value: JsValue) -> Result<String, JsValue> {
        Ok(pad_hex_signed(&from_js_signed(&value, "value")?))
    }
}
