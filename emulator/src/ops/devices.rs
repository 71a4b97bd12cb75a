//! Remembered devices: ConfirmDevice, GetDevice, ListDevices, UpdateDeviceStatus, ForgetDevice.

use super::{date, reply, required, Ctx};
use crate::errors::{ApiError, ApiResult};
use crate::state::Device;
use crate::util;
use cognito_wasm::protocol::account::{DeviceKeyRequest, ListDevicesRequest, UpdateDeviceStatusRequest};
use cognito_wasm::protocol::messages::{ConfirmDeviceRequest, ConfirmDeviceResponse};
use serde_json::{json, Value};

fn not_found() -> ApiError {
    ApiError::resource_not_found("Device does not exist.")
}

fn device_json(d: &Device) -> Value {
    let mut attrs = vec![json!({"Name": "device_status", "Value": "valid"})];
    if let Some(n) = &d.name {
        attrs.push(json!({"Name": "device_name", "Value": n}));
    }
    attrs.push(json!({"Name": "last_ip_used", "Value": "127.0.0.1"}));
    if let Some(r) = &d.remembered_status {
        attrs.push(json!({"Name": "dev:device_remembered_status", "Value": r}));
    }
    json!({
        "DeviceKey": d.key,
        "DeviceAttributes": attrs,
        "DeviceCreateDate": date(d.created),
        "DeviceLastModifiedDate": date(d.last_modified),
        "DeviceLastAuthenticatedDate": date(d.last_authenticated),
    })
}

fn decode_b64_hex(v: &str, field: &str) -> ApiResult<String> {
    let bytes = cognito_wasm::encoding::from_base64_lenient(v);
    if bytes.is_empty() || bytes.len() > 1024 {
        return Err(ApiError::invalid_parameter(format!("Invalid {field}")));
    }
    Ok(util::hex(&bytes))
}

pub fn confirm_device(ctx: &mut Ctx, req: ConfirmDeviceRequest) -> ApiResult<Value> {
    let (pool_id, username) = ctx.authenticate(&req.access_token)?;
    let dk = req.device_key;
    let cfg = &req.device_secret_verifier_config;
    let verifier = decode_b64_hex(&cfg.password_verifier, "PasswordVerifier")?;
    let salt = decode_b64_hex(&cfg.salt, "Salt")?;
    let name = Some(req.device_name).filter(|n| !n.is_empty());
    let opt_in = ctx
        .pool(&pool_id)?
        .device_configuration
        .as_ref()
        .map(|c| c.device_only_remembered_on_user_prompt)
        .unwrap_or(false);
    let u = ctx.user_mut(&pool_id, &username)?;
    let d = u.devices.get_mut(&dk).ok_or_else(not_found)?;
    if d.confirmed {
        return Err(ApiError::invalid_parameter("Device has already been confirmed."));
    }
    d.salt_hex = Some(salt);
    d.verifier_hex = Some(verifier);
    d.name = name;
    d.confirmed = true;
    d.remembered_status = Some(if opt_in { "not_remembered" } else { "remembered" }.to_string());
    d.last_modified = util::now_f64();
    reply(&ConfirmDeviceResponse { user_confirmation_necessary: Some(opt_in) })
}

pub fn get_device(ctx: &mut Ctx, req: DeviceKeyRequest) -> ApiResult<Value> {
    let (pool_id, username) = ctx.authenticate(&req.access_token)?;
    let dk = required(req.device_key.as_deref(), "DeviceKey")?;
    let d = ctx.user(&pool_id, &username)?.devices.get(dk).filter(|d| d.confirmed).ok_or_else(not_found)?;
    Ok(json!({ "Device": device_json(d) }))
}

pub fn list_devices(ctx: &mut Ctx, req: ListDevicesRequest) -> ApiResult<Value> {
    let (pool_id, username) = ctx.authenticate(&req.access_token)?;
    let limit = req.limit.unwrap_or(60).clamp(1, 60) as usize;
    let start: usize = match req.pagination_token.as_deref() {
        Some(t) => t.parse().map_err(|_| ApiError::invalid_parameter("Invalid pagination token"))?,
        None => 0,
    };
    let all: Vec<&Device> = ctx.user(&pool_id, &username)?.devices.values().filter(|d| d.confirmed).collect();
    let page: Vec<Value> = all.iter().skip(start).take(limit).map(|d| device_json(d)).collect();
    let mut out = json!({ "Devices": page });
    if start + limit < all.len() {
        out["PaginationToken"] = json!((start + limit).to_string());
    }
    Ok(out)
}

pub fn update_device_status(ctx: &mut Ctx, req: UpdateDeviceStatusRequest) -> ApiResult<Value> {
    let (pool_id, username) = ctx.authenticate(&req.access_token)?;
    let dk = required(req.device_key.as_deref(), "DeviceKey")?.to_string();
    let status = Some(req.device_remembered_status).filter(|s| !s.is_empty()).unwrap_or_else(|| "not_remembered".to_string());
    if status != "remembered" && status != "not_remembered" {
        return Err(ApiError::invalid_parameter(format!(
            "1 validation error detected: Value '{status}' at 'deviceRememberedStatus' failed to satisfy constraint: Member must satisfy enum value set: [remembered, not_remembered]"
        )));
    }
    let d = ctx.user_mut(&pool_id, &username)?.devices.get_mut(&dk).filter(|d| d.confirmed).ok_or_else(not_found)?;
    d.remembered_status = Some(status);
    d.last_modified = util::now_f64();
    Ok(json!({}))
}

pub fn forget_device(ctx: &mut Ctx, req: DeviceKeyRequest) -> ApiResult<Value> {
    let (pool_id, username) = ctx.authenticate(&req.access_token)?;
    let dk = required(req.device_key.as_deref(), "DeviceKey")?.to_string();
    let u = ctx.user_mut(&pool_id, &username)?;
    u.devices.remove(&dk).ok_or_else(not_found)?;
    Ok(json!({}))
}
