//! `--seed FILE`: pools, app clients and users created at start. Idempotent: what already
//! exists (e.g. loaded from `--state`) is kept as it is.
//!
//! ```json
//! { "UserPools": [ { "Id": "us-east-1_Demo0001", "PoolName": "demo", ...CreateUserPool fields...,
//!     "Clients": [ { "ClientId": "...", "ClientName": "...", ...CreateUserPoolClient fields... } ],
//!     "Users": [ { "Username": "demo", "Password": "...", "Status": "CONFIRMED",
//!                  "Attributes": { "email": "demo@example.com", "email_verified": "true" } } ],
//!     "Domain": "demo", "IdentityProviders": [ { ...CreateIdentityProvider fields... } ] } ],
//!   "IdentityPools": [ { "IdentityPoolId": "us-east-1:<uuid>", ...CreateIdentityPool fields... } ] }
//! ```

use crate::ops::admin::{build_client, build_pool, create_user_admin, new_client_id, new_pool_id};
use crate::ops::pool_settings::checked_web_authn;
use crate::ops::read;
use cognito_wasm::protocol::admin::{CreateUserPoolClientRequest, CreateUserPoolRequest};
use cognito_wasm::protocol::identity::IdentityPoolDescription;
use crate::state::{Pool, State};
use crate::users;
use serde_json::Value;

fn valid_pool_id(id: &str) -> bool {
    let Some((region, name)) = id.split_once('_') else { return false };
    id.len() <= 55
        && !region.is_empty()
        && region.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        && !name.is_empty()
        && name.chars().all(|c| c.is_ascii_alphanumeric())
}

fn attributes(v: Option<&Value>) -> Result<Vec<(String, String)>, String> {
    match v {
        None | Some(Value::Null) => Ok(vec![]),
        Some(Value::Object(m)) => Ok(m.iter().map(|(k, v)| (k.clone(), v.as_str().map(str::to_string).unwrap_or_else(|| v.to_string()))).collect()),
        Some(list @ Value::Array(_)) => {
            let list = serde_json::from_value(list.clone()).map_err(|_| "Attributes must be a list of {Name, Value}".to_string())?;
            users::attribute_pairs(list, "Attributes").map_err(|e| e.message)
        }
        Some(_) => Err("Attributes must be an object or a list".into()),
    }
}

/// Apply a seed document. Returns a short summary for the log.
pub fn apply(state: &mut State, doc: &Value, region: &str) -> Result<String, String> {
    let pools = doc.get("UserPools").and_then(|v| v.as_array()).ok_or("seed: \"UserPools\" must be a list")?;
    let (mut np, mut nc, mut nu) = (0, 0, 0);
    for p in pools {
        let id = match p.get("Id").and_then(|v| v.as_str()) {
            Some(id) if valid_pool_id(id) => id.to_string(),
            Some(id) => return Err(format!("seed: invalid pool id {id:?} (want <region>_<alphanumerics>)")),
            None => new_pool_id(region),
        };
        if !state.pools.contains_key(&id) {
            let pool = read::<CreateUserPoolRequest>(p)
                .and_then(|mut req| {
                    for seed_field in ["Id", "Clients", "Users", "Domain", "IdentityProviders"] {
                        req.other.remove(seed_field);
                    }
                    // SetUserPoolMfaConfig's passkey relying party, given with the pool.
                    let web_authn = match req.other.remove("WebAuthnConfiguration") {
                        Some(w) => Some(checked_web_authn(read(&w)?, None)?),
                        None => None,
                    };
                    let mut pool = build_pool(req, id.clone())?;
                    pool.web_authn = web_authn;
                    Ok(pool)
                })
                .map_err(|e| format!("seed pool {id}: {}", e.message))?;
            state.pools.insert(id.clone(), pool);
            np += 1;
        }
        for c in p.get("Clients").and_then(|v| v.as_array()).map(|v| v.as_slice()).unwrap_or(&[]) {
            let cid = c.get("ClientId").and_then(|v| v.as_str()).map(str::to_string).unwrap_or_else(new_client_id);
            if cid.is_empty() || cid.len() > 128 || !cid.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '_' || ch == '-') {
                return Err(format!("seed: invalid client id {cid:?}"));
            }
            if state.pools.values().any(|pp| pp.clients.contains_key(&cid)) {
                continue;
            }
            let client = read::<CreateUserPoolClientRequest>(c)
                .and_then(|mut req| {
                    req.other.remove("ClientId");
                    build_client(req, cid.clone())
                })
                .map_err(|e| format!("seed client {cid}: {}", e.message))?;
            state.pools.get_mut(&id).unwrap().clients.insert(cid, client);
            nc += 1;
        }
        crate::oauth::admin_ops::seed(state, &id, p.get("Domain"), p.get("IdentityProviders"))?;
        let users = p.get("Users").and_then(|v| v.as_array()).map(|v| v.as_slice()).unwrap_or(&[]);
        nu += add_users(state.pools.get_mut(&id).unwrap(), users)?;
    }
    let ni = add_identity_pools(state, doc.get("IdentityPools"), region)?;
    Ok(format!("{np} pool(s), {nc} client(s), {nu} user(s), {ni} identity pool(s)"))
}

/// Create the identity pools that do not exist yet (`IdentityPools`, optional).
fn add_identity_pools(state: &mut State, list: Option<&Value>, region: &str) -> Result<usize, String> {
    let list = match list {
        None | Some(Value::Null) => return Ok(0),
        Some(Value::Array(list)) => list,
        Some(_) => return Err("seed: \"IdentityPools\" must be a list".into()),
    };
    let mut added = 0;
    for p in list {
        let id = match p.get("IdentityPoolId").and_then(|v| v.as_str()) {
            Some(id) => {
                crate::identity::check_id("IdentityPoolId", id).map_err(|_| format!("seed: invalid identity pool id {id:?} (want <region>:<lowercase hex and ->)"))?;
                id.to_string()
            }
            None => crate::identity::new_id(region),
        };
        if state.identity.pools.contains_key(&id) {
            continue;
        }
        let pool = read::<IdentityPoolDescription>(p)
            .and_then(|req| crate::identity::pools::build_identity_pool(req, id.clone()))
            .map_err(|e| format!("seed identity pool {id}: {}", e.message))?;
        state.identity.pools.insert(id, pool);
        added += 1;
    }
    Ok(added)
}

/// Create the users of one pool that do not exist yet. Their SRP verifiers (one modular
/// exponentiation each) are computed first, on every core; then the users are added.
fn add_users(pool: &mut Pool, list: &[Value]) -> Result<usize, String> {
    let mut wanted = vec![];
    for u in list {
        let name = u.get("Username").and_then(|v| v.as_str()).ok_or("seed: a user lacks Username")?;
        let password = u.get("Password").and_then(|v| v.as_str()).ok_or_else(|| format!("seed: user {name} lacks Password"))?;
        // Pools with UsernameAttributes choose the username when the user is created.
        if pool.username_attributes.is_empty() && users::find_key_for_sign_in(pool, name).is_none() {
            wanted.push((pool.id.clone(), name.to_string(), password.to_string()));
        }
    }
    crate::srp_auth::with_prepared(crate::srp_auth::prepare_verifiers(wanted), || {
        let mut added = 0;
        for u in list {
            let name = u.get("Username").and_then(|v| v.as_str()).unwrap_or_default();
            if users::find_key_for_sign_in(pool, name).is_some() {
                continue;
            }
            let password = u.get("Password").and_then(|v| v.as_str()).unwrap_or_default();
            let status = u.get("Status").and_then(|v| v.as_str()).unwrap_or("CONFIRMED");
            if !["CONFIRMED", "UNCONFIRMED", "FORCE_CHANGE_PASSWORD", "RESET_REQUIRED"].contains(&status) {
                return Err(format!("seed: user {name}: invalid Status {status}"));
            }
            let attrs = attributes(u.get("Attributes")).map_err(|e| format!("seed user {name}: {e}"))?;
            let (key, _) = create_user_admin(pool, name, attrs, Some(password), status).map_err(|e| format!("seed user {name}: {}", e.message))?;
            if u.get("Enabled").and_then(|v| v.as_bool()) == Some(false) {
                pool.users.get_mut(&key).unwrap().enabled = false;
            }
            added += 1;
        }
        Ok(added)
    })
}
