//! `CreateIdentityPool`, `DescribeIdentityPool`, `ListIdentityPools`, `DeleteIdentityPool`
//! (SigV4-signed, as with IAM credentials).

use super::{check_id, check_max_results, identity_pool_not_found, new_id};
use crate::errors::{ApiError, ApiResult};
use crate::ops::Ctx;
use crate::state::identity::{IdentityPool, Provider};
use cognito_wasm::protocol::identity::{CognitoIdentityProvider, IdentityPoolDescription, IdentityPoolIdRequest, ListIdentityPoolsRequest};
use serde_json::{json, Map, Value};

/// `IdentityPoolName`: 1 to 128 characters of `[\w\s+=,.@-]`.
fn check_name(name: &str) -> ApiResult<()> {
    let ok = (1..=128).contains(&name.chars().count()) && name.chars().all(|c| c.is_alphanumeric() || c == '_' || c.is_whitespace() || "+=,.@-".contains(c));
    if ok {
        Ok(())
    } else {
        Err(ApiError::invalid_parameter(
            "1 validation error detected: Value at 'identityPoolName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w\\s+=,.@-]+",
        ))
    }
}

fn provider(p: CognitoIdentityProvider) -> ApiResult<Provider> {
    let provider_name = p.provider_name.filter(|n| !n.is_empty()).ok_or_else(|| ApiError::missing("CognitoIdentityProviders.member.ProviderName"))?;
    let client_id = p.client_id.filter(|c| !c.is_empty()).ok_or_else(|| ApiError::missing("CognitoIdentityProviders.member.ClientId"))?;
    Ok(Provider { provider_name, client_id, server_side_token_check: p.server_side_token_check.unwrap_or(false) })
}

fn string_map(m: &cognito_wasm::protocol::ordered_map::OrderedMap<String>) -> Value {
    Value::Object(m.iter().map(|(k, v)| (k.clone(), json!(v))).collect())
}

/// The identity pool as `CreateIdentityPool` and `DescribeIdentityPool` answer it.
fn describe(pool: &IdentityPool) -> Value {
    let providers: Vec<CognitoIdentityProvider> = pool
        .providers
        .iter()
        .map(|p| CognitoIdentityProvider { provider_name: Some(p.provider_name.clone()), client_id: Some(p.client_id.clone()), server_side_token_check: Some(p.server_side_token_check) })
        .collect();
    let mut out = json!({
        "IdentityPoolId": pool.id,
        "IdentityPoolName": pool.name,
        "AllowUnauthenticatedIdentities": pool.allow_unauthenticated,
        "AllowClassicFlow": pool.allow_classic_flow,
        "CognitoIdentityProviders": providers,
    });
    if let Value::Object(o) = &mut out {
        o.extend(pool.extra.clone());
    }
    out
}

/// An identity pool with id `id` from a `CreateIdentityPool` request (also the seed loader's).
pub fn build_identity_pool(req: IdentityPoolDescription, id: String) -> ApiResult<IdentityPool> {
    check_name(&req.identity_pool_name)?;
    let providers = req.cognito_identity_providers.clone().unwrap_or_default().into_iter().map(provider).collect::<ApiResult<Vec<_>>>()?;
    let mut extra = Map::new();
    let mut keep = |name: &str, value: Option<Value>| {
        if let Some(v) = value {
            extra.insert(name.to_string(), v);
        }
    };
    keep("SupportedLoginProviders", req.supported_login_providers.as_ref().map(string_map));
    keep("DeveloperProviderName", req.developer_provider_name.as_ref().map(|n| json!(n)));
    keep("OpenIdConnectProviderARNs", req.open_id_connect_provider_arns.as_ref().map(|a| json!(a)));
    keep("SamlProviderARNs", req.saml_provider_arns.as_ref().map(|a| json!(a)));
    keep("IdentityPoolTags", req.identity_pool_tags.as_ref().map(string_map));
    Ok(IdentityPool {
        id,
        name: req.identity_pool_name,
        allow_unauthenticated: req.allow_unauthenticated_identities,
        allow_classic_flow: req.allow_classic_flow.unwrap_or(false),
        providers,
        extra,
        created: crate::util::now_f64(),
    })
}

pub fn create_identity_pool(ctx: &mut Ctx, req: IdentityPoolDescription) -> ApiResult<Value> {
    let pool = build_identity_pool(req, new_id(ctx.region))?;
    let out = describe(&pool);
    ctx.st.identity.pools.insert(pool.id.clone(), pool);
    Ok(out)
}

pub fn describe_identity_pool(ctx: &mut Ctx, req: IdentityPoolIdRequest) -> ApiResult<Value> {
    check_id("IdentityPoolId", &req.identity_pool_id)?;
    let pool = ctx.st.identity.pools.get(&req.identity_pool_id).ok_or_else(|| identity_pool_not_found(&req.identity_pool_id))?;
    Ok(describe(pool))
}

/// Pools in id order; `NextToken` is the last id of the page.
pub fn list_identity_pools(ctx: &mut Ctx, req: ListIdentityPoolsRequest) -> ApiResult<Value> {
    let max = check_max_results(req.max_results)?;
    let mut page: Vec<&IdentityPool> = ctx.st.identity.pools.after(req.next_token.as_deref()).map(|(_, p)| p).take(max + 1).collect();
    let more = page.len() > max;
    page.truncate(max);
    let list: Vec<Value> = page.iter().map(|p| json!({"IdentityPoolId": p.id, "IdentityPoolName": p.name})).collect();
    let mut out = json!({ "IdentityPools": list });
    if let (true, Some(last)) = (more, page.last()) {
        out["NextToken"] = json!(last.id);
    }
    Ok(out)
}

/// Deletes the pool and every identity in it.
pub fn delete_identity_pool(ctx: &mut Ctx, req: IdentityPoolIdRequest) -> ApiResult<Value> {
    check_id("IdentityPoolId", &req.identity_pool_id)?;
    let id = req.identity_pool_id.as_str();
    ctx.st.identity.pools.remove(id).ok_or_else(|| identity_pool_not_found(id))?;
    let members: Vec<String> = ctx.st.identity.identities.values().filter(|i| i.pool_id == id).map(|i| i.id.clone()).collect();
    for identity in members {
        ctx.st.identity.identities.remove(&identity);
    }
    Ok(json!({}))
}
