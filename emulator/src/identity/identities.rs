//! Identities and the credential flows: `GetId`, `GetCredentialsForIdentity`,
//! `GetOpenIdToken`, `UnlinkIdentity` (unsigned, as a page calls them), `ListIdentities`
//! and `DescribeIdentity` (signed).
//!
//! Linking, as Cognito does it: a guest identity presented with a login that no identity
//! has yet becomes that login's identity (same id); a guest presented with a login that
//! another identity already has is merged into it (the guest is deleted and the answer
//! names the other identity). An authenticated identity must be presented with one of its
//! own logins ("Logins don't match"); further logins are linked to it.

use super::logins::{self, Login};
use super::{check_id, check_max_results, credentials, identity_not_found, identity_pool_not_found, new_id};
use crate::errors::{ApiError, ApiResult};
use crate::ops::{date, Ctx};
use crate::state::identity::{Identity, IdentityPool};
use crate::util;
use cognito_wasm::protocol::identity::{
    GetIdRequest, IdentityDescription, IdentityIdRequest, IdentityLoginsRequest, ListIdentitiesRequest, Logins, UnlinkIdentityRequest,
};
use serde_json::{json, Value};

fn unauthenticated_not_supported() -> ApiError {
    ApiError::not_authorized("Unauthenticated access is not supported for this identity pool.")
}

fn logins_do_not_match() -> ApiError {
    ApiError::not_authorized("Logins don't match. Please include at least one valid login for this identity or identity pool.")
}

fn already_linked() -> ApiError {
    ApiError::new("ResourceConflictException", "A login in the request is already linked to another identity.")
}

fn pool<'a>(ctx: &'a Ctx, id: &str) -> ApiResult<&'a IdentityPool> {
    ctx.st.identity.pools.get(id).ok_or_else(|| identity_pool_not_found(id))
}

fn present(logins: &Option<Logins>) -> Option<&Logins> {
    logins.as_ref().filter(|l| !l.is_empty())
}

fn new_identity(ctx: &mut Ctx, pool_id: &str, logins: &[Login]) -> String {
    let now = util::now_f64();
    let id = new_id(pool_id.split(':').next().unwrap_or(ctx.region));
    let identity = Identity {
        id: id.clone(),
        pool_id: pool_id.to_string(),
        logins: logins.iter().map(|l| (l.provider.clone(), l.subject.clone())).collect(),
        created: now,
        last_modified: now,
    };
    ctx.st.identity.identities.insert(id.clone(), identity);
    id
}

/// `GetId`: the identity of the first login that has one, else a new identity; without
/// logins a new guest identity (when the pool allows guests).
pub fn get_id(ctx: &mut Ctx, req: GetIdRequest) -> ApiResult<Value> {
    check_id("IdentityPoolId", &req.identity_pool_id)?;
    let pool = pool(ctx, &req.identity_pool_id)?;
    let Some(given) = present(&req.logins) else {
        if !pool.allow_unauthenticated {
            return Err(unauthenticated_not_supported());
        }
        return Ok(json!({ "IdentityId": new_identity(ctx, &req.identity_pool_id, &[]) }));
    };
    let verified = logins::verify(ctx, pool, given)?;
    let existing = verified.iter().find_map(|l| ctx.st.identity.find_by_login(&req.identity_pool_id, &l.provider, &l.subject)).map(|i| i.id.clone());
    let id = match existing {
        Some(id) => id,
        None => new_identity(ctx, &req.identity_pool_id, &verified),
    };
    Ok(json!({ "IdentityId": id }))
}

/// What a request with an identity and logins comes to: the identity to answer for, the
/// logins to link to it, and a guest identity merged into it (deleted).
struct Resolution {
    identity_id: String,
    link: Vec<Login>,
    merged_guest: Option<String>,
    /// Provider names of the identity's logins after the change.
    providers: Vec<String>,
}

/// Checks an identity and its logins (nothing changes).
fn resolve(ctx: &Ctx, identity_id: &str, given: Option<&Logins>) -> ApiResult<Resolution> {
    check_id("IdentityId", identity_id)?;
    let identity = ctx.st.identity.identities.get(identity_id).ok_or_else(|| identity_not_found(identity_id))?;
    let pool = pool(ctx, &identity.pool_id)?;
    let Some(given) = given else {
        if !identity.logins.is_empty() {
            return Err(logins_do_not_match());
        }
        if !pool.allow_unauthenticated {
            return Err(unauthenticated_not_supported());
        }
        return Ok(Resolution { identity_id: identity_id.to_string(), link: vec![], merged_guest: None, providers: vec![] });
    };
    let verified = logins::verify(ctx, pool, given)?;
    let owner = |l: &Login| ctx.st.identity.find_by_login(&identity.pool_id, &l.provider, &l.subject).map(|i| i.id.clone());
    let (target, merged_guest) = if identity.logins.is_empty() {
        match verified.iter().find_map(owner) {
            Some(other) if other != identity_id => (other, Some(identity_id.to_string())),
            _ => (identity_id.to_string(), None),
        }
    } else {
        if !verified.iter().any(|l| identity.logins.get(&l.provider) == Some(&l.subject)) {
            return Err(logins_do_not_match());
        }
        (identity_id.to_string(), None)
    };
    let target_logins = &ctx.st.identity.identities.get(&target).ok_or_else(|| identity_not_found(&target))?.logins;
    let mut link = vec![];
    for login in verified {
        match owner(&login) {
            Some(o) if o == target => continue,
            Some(_) => return Err(already_linked()),
            None if target_logins.get(&login.provider).is_some_and(|s| *s != login.subject) => return Err(logins_do_not_match()),
            None => link.push(login),
        }
    }
    let mut providers: Vec<String> = target_logins.keys().cloned().collect();
    providers.extend(link.iter().map(|l| l.provider.clone()));
    providers.sort();
    providers.dedup();
    Ok(Resolution { identity_id: target, link, merged_guest, providers })
}

/// Makes the changes of a [`Resolution`].
fn apply(ctx: &mut Ctx, r: &Resolution) {
    if let Some(guest) = &r.merged_guest {
        ctx.st.identity.identities.remove(guest);
    }
    if r.link.is_empty() {
        return;
    }
    if let Some(identity) = ctx.st.identity.identities.get_mut(&r.identity_id) {
        for l in &r.link {
            identity.logins.insert(l.provider.clone(), l.subject.clone());
        }
        identity.last_modified = util::now_f64();
    }
}

pub fn get_credentials_for_identity(ctx: &mut Ctx, req: IdentityLoginsRequest) -> ApiResult<Value> {
    let r = resolve(ctx, &req.identity_id, present(&req.logins))?;
    apply(ctx, &r);
    Ok(json!({ "IdentityId": r.identity_id, "Credentials": credentials::issue(ctx.credentials_validity) }))
}

pub fn get_open_id_token(ctx: &mut Ctx, req: IdentityLoginsRequest) -> ApiResult<Value> {
    let r = resolve(ctx, &req.identity_id, present(&req.logins))?;
    apply(ctx, &r);
    let pool_id = ctx.st.identity.identities.get(&r.identity_id).map(|i| i.pool_id.clone()).unwrap_or_default();
    let token = credentials::open_id_token(ctx.keys, &r.identity_id, &pool_id, &r.providers);
    Ok(json!({ "IdentityId": r.identity_id, "Token": token }))
}

/// Removes `LoginsToRemove` from an identity presented with one of its own logins.
pub fn unlink_identity(ctx: &mut Ctx, req: UnlinkIdentityRequest) -> ApiResult<Value> {
    check_id("IdentityId", &req.identity_id)?;
    let identity = ctx.st.identity.identities.get(&req.identity_id).ok_or_else(|| identity_not_found(&req.identity_id))?;
    let pool = pool(ctx, &identity.pool_id)?;
    let verified = logins::verify(ctx, pool, &req.logins)?;
    if !verified.iter().any(|l| identity.logins.get(&l.provider) == Some(&l.subject)) {
        return Err(logins_do_not_match());
    }
    if let Some(identity) = ctx.st.identity.identities.get_mut(&req.identity_id) {
        for provider in &req.logins_to_remove {
            identity.logins.remove(provider);
        }
        identity.last_modified = util::now_f64();
    }
    Ok(json!({}))
}

fn description(i: &Identity) -> IdentityDescription {
    IdentityDescription {
        identity_id: i.id.clone(),
        logins: (!i.logins.is_empty()).then(|| i.logins.keys().cloned().collect()),
        creation_date: i.created,
        last_modified_date: i.last_modified,
    }
}

fn described(i: &Identity) -> Value {
    let mut v = serde_json::to_value(description(i)).unwrap_or_default();
    v["CreationDate"] = date(i.created);
    v["LastModifiedDate"] = date(i.last_modified);
    v
}

pub fn describe_identity(ctx: &mut Ctx, req: IdentityIdRequest) -> ApiResult<Value> {
    check_id("IdentityId", &req.identity_id)?;
    let identity = ctx.st.identity.identities.get(&req.identity_id).ok_or_else(|| identity_not_found(&req.identity_id))?;
    Ok(described(identity))
}

/// Identities of a pool in id order; `NextToken` is the last id of the page.
pub fn list_identities(ctx: &mut Ctx, req: ListIdentitiesRequest) -> ApiResult<Value> {
    check_id("IdentityPoolId", &req.identity_pool_id)?;
    let max = check_max_results(req.max_results)?;
    pool(ctx, &req.identity_pool_id)?;
    let mut page: Vec<&Identity> =
        ctx.st.identity.identities.after(req.next_token.as_deref()).map(|(_, i)| i).filter(|i| i.pool_id == req.identity_pool_id).take(max + 1).collect();
    let more = page.len() > max;
    page.truncate(max);
    let mut out = json!({ "IdentityPoolId": req.identity_pool_id, "Identities": page.iter().map(|i| described(i)).collect::<Vec<_>>() });
    if let (true, Some(last)) = (more, page.last()) {
        out["NextToken"] = json!(last.id);
    }
    Ok(out)
}
