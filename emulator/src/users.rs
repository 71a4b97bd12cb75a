//! Users inside a pool: lookup by username / alias / sign-in attribute, attribute
//! validation, password policy, and the attribute list shapes of the API.

use crate::errors::{ApiError, ApiResult};
use crate::state::{Pool, User};
use cognito_wasm::protocol::account::{CodeDeliveryDetails, UserAttribute};
use serde_json::{json, Value};

/// Standard attributes of a Cognito user pool.
pub const STANDARD_ATTRIBUTES: &[&str] = &[
    "sub", "name", "given_name", "family_name", "middle_name", "nickname", "preferred_username", "profile",
    "picture", "website", "email", "email_verified", "gender", "birthdate", "zoneinfo", "locale", "phone_number",
    "phone_number_verified", "address", "updated_at",
];

fn same(pool: &Pool, a: &str, b: &str) -> bool {
    if pool.username_case_sensitive {
        a == b
    } else {
        a.to_lowercase() == b.to_lowercase()
    }
}

/// The key (real username) of the user whose username is `name`.
pub fn find_key(pool: &Pool, name: &str) -> Option<String> {
    if pool.users.contains_key(name) {
        return Some(name.to_string());
    }
    if !pool.username_case_sensitive {
        let lower = name.to_lowercase();
        return pool.users.with_name_ignoring_case(name).find(|u| u.username.to_lowercase() == lower).map(|u| u.username.clone());
    }
    None
}

/// The user a sign-in name denotes: the username itself, the e-mail / phone of a pool with
/// UsernameAttributes, or a verified alias (AliasAttributes). Indexed: no scan of the pool.
pub fn find_key_for_sign_in(pool: &Pool, name: &str) -> Option<String> {
    if let Some(k) = find_key(pool, name) {
        return Some(k);
    }
    for attr in &pool.username_attributes {
        if let Some(u) = pool.users.with_attr(attr, name).find(|u| u.attr(attr).is_some_and(|v| attr_eq(pool, attr, v, name))) {
            return Some(u.username.clone());
        }
    }
    for attr in &pool.alias_attributes {
        let verified_flag = match attr.as_str() {
            "email" => Some("email_verified"),
            "phone_number" => Some("phone_number_verified"),
            _ => None,
        };
        if let Some(u) = pool.users.with_attr(attr, name).find(|u| {
            u.attr(attr).is_some_and(|v| attr_eq(pool, attr, v, name))
                && verified_flag.is_none_or(|f| u.attr_true(f))
                && u.status != "UNCONFIRMED"
        }) {
            return Some(u.username.clone());
        }
    }
    None
}

fn attr_eq(pool: &Pool, attr: &str, stored: &str, given: &str) -> bool {
    if attr == "email" {
        stored.eq_ignore_ascii_case(given)
    } else {
        same(pool, stored, given)
    }
}

pub fn find_for_sign_in<'a>(pool: &'a Pool, name: &str) -> Option<&'a User> {
    find_key_for_sign_in(pool, name).and_then(|k| pool.users.get(&k))
}

/// Another user already uses `value` for the unique attribute `attr` (sign-in attribute or alias).
pub fn attribute_taken(pool: &Pool, attr: &str, value: &str, except: &str) -> bool {
    let unique = pool.username_attributes.iter().any(|a| a == attr) || pool.alias_attributes.iter().any(|a| a == attr);
    if !unique {
        return false;
    }
    let verified_only = pool.alias_attributes.iter().any(|a| a == attr);
    pool.users.with_attr(attr, value).any(|u| {
        u.username != except
            && u.attr(attr).is_some_and(|v| attr_eq(pool, attr, v, value))
            && (!verified_only || match attr {
                "email" => u.attr_true("email_verified"),
                "phone_number" => u.attr_true("phone_number_verified"),
                _ => true,
            })
    })
}

/// The user holding the refresh token with this SHA-256 hash: (real username, record index).
pub fn find_refresh_token(pool: &Pool, hash: &str) -> Option<(String, usize)> {
    pool.users.with_refresh_hash(hash).find_map(|u| u.refresh_tokens.iter().position(|r| r.hash == hash).map(|i| (u.username.clone(), i)))
}

pub fn valid_email(v: &str) -> bool {
    let Some((l, d)) = v.split_once('@') else { return false };
    !l.is_empty() && d.contains('.') && !d.starts_with('.') && !d.ends_with('.') && !v.contains(char::is_whitespace) && !d.contains('@')
}

pub fn valid_phone(v: &str) -> bool {
    v.len() >= 8 && v.len() <= 16 && v.starts_with('+') && v[1..].chars().all(|c| c.is_ascii_digit())
}

/// `[{Name, Value}]` as (name, value) pairs (a missing Value means empty); `field` names
/// the list in the error for an entry without a Name.
pub fn attribute_pairs(list: Vec<UserAttribute>, field: &str) -> ApiResult<Vec<(String, String)>> {
    list.into_iter()
        .map(|a| match a.name.is_empty() {
            true => Err(ApiError::missing(&format!("{field}.member.Name"))),
            false => Ok((a.name, a.value.unwrap_or_default())),
        })
        .collect()
}

/// Validate attributes a caller wants to set. `admin` may set the `*_verified` flags.
pub fn validate_attributes(attrs: &[(String, String)], admin: bool) -> ApiResult<()> {
    for (name, value) in attrs {
        if name == "sub" {
            return Err(ApiError::invalid_parameter("Cannot modify an already provided sub attribute"));
        }
        let known = STANDARD_ATTRIBUTES.contains(&name.as_str()) || name.starts_with("custom:") || name.starts_with("dev:");
        if !known {
            return Err(ApiError::invalid_parameter(format!(
                "Attributes did not conform to the schema: Type for attribute {{{name}}} could not be determined"
            )));
        }
        if !admin && (name == "email_verified" || name == "phone_number_verified") {
            // Cognito silently ignores these from users in some calls; reject clearly.
            return Err(ApiError::not_authorized(format!("A client attempted to write unauthorized attribute {name}")));
        }
        if name == "email" && !valid_email(value) {
            return Err(ApiError::invalid_parameter("Invalid email address format."));
        }
        if name == "phone_number" && !valid_phone(value) {
            return Err(ApiError::invalid_parameter("Invalid phone number format."));
        }
        if value.len() > 2048 {
            return Err(ApiError::invalid_parameter(format!("Attribute {name} is too long")));
        }
    }
    Ok(())
}

/// Password policy check with Cognito's messages.
pub fn check_password(pool: &Pool, password: &str) -> ApiResult<()> {
    let p = &pool.password_policy;
    let fail = |why: &str| Err(ApiError::invalid_password(format!("Password did not conform with policy: {why}")));
    if password.chars().count() < p.minimum_length as usize {
        return fail("Password not long enough");
    }
    if password.len() > 256 {
        return Err(ApiError::invalid_parameter("Password is too long"));
    }
    if p.require_uppercase && !password.chars().any(|c| c.is_uppercase()) {
        return fail("Password must have uppercase characters");
    }
    if p.require_lowercase && !password.chars().any(|c| c.is_lowercase()) {
        return fail("Password must have lowercase characters");
    }
    if p.require_numbers && !password.chars().any(|c| c.is_ascii_digit()) {
        return fail("Password must have numeric characters");
    }
    const SYMBOLS: &str = "^$*.[]{}()?\"!@#%&/\\,><':;|_~`=+- ";
    if p.require_symbols && !password.chars().any(|c| SYMBOLS.contains(c)) {
        return fail("Password must have symbol characters");
    }
    Ok(())
}

/// `[{"Name":..,"Value":..}]` of a user (GetUser, AdminGetUser, ListUsers).
pub fn attribute_list(u: &User) -> Value {
    Value::Array(u.attributes.iter().map(|(k, v)| json!({"Name": k, "Value": v})).collect())
}

/// Where a code for `user` goes: (medium, attribute, real destination).
pub fn delivery_target(pool: &Pool, u: &User, prefer_phone: bool) -> Option<(&'static str, &'static str, String)> {
    let phone = u.attr("phone_number").map(|p| ("SMS", "phone_number", p.to_string()));
    let email = u.attr("email").map(|e| ("EMAIL", "email", e.to_string()));
    let _ = pool;
    if prefer_phone {
        phone.or(email)
    } else {
        email.or(phone)
    }
}

/// CodeDeliveryDetails with a masked destination.
pub fn delivery_details(medium: &str, attr: &str, dest: &str) -> CodeDeliveryDetails {
    let masked = if medium == "SMS" { crate::util::mask_phone(dest) } else { crate::util::mask_email(dest) };
    CodeDeliveryDetails { destination: Some(masked), delivery_medium: Some(medium.to_string()), attribute_name: Some(attr.to_string()) }
}

/// Which attribute the pool auto-verifies for this user, if any: (medium, attr, destination).
pub fn auto_verify_target(pool: &Pool, u: &User) -> Option<(&'static str, &'static str, String)> {
    let phone = pool.auto_verified_attributes.iter().any(|a| a == "phone_number");
    let email = pool.auto_verified_attributes.iter().any(|a| a == "email");
    if phone {
        if let Some(p) = u.attr("phone_number") {
            return Some(("SMS", "phone_number", p.to_string()));
        }
    }
    if email {
        if let Some(e) = u.attr("email") {
            return Some(("EMAIL", "email", e.to_string()));
        }
    }
    None
}
