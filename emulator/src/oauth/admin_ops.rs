//! The administration operations of the hosted UI: the pool's domain and its identity
//! providers, as boto3 calls them.

use super::config::{IdentityProvider, PoolDomain};
use crate::errors::{ApiError, ApiResult};
use crate::ops::{date, pool_not_found, Ctx};
use crate::state::State;
use crate::util;
use cognito_wasm::protocol::federation::{
    CreateIdentityProviderRequest, DescribeUserPoolDomainRequest, ListIdentityProvidersRequest, ProviderRequest, UserPoolDomainRequest,
};
use serde_json::{json, Value};

/// A domain prefix as Cognito accepts it: lower-case letters, digits and hyphens, not at
/// either end, at most 63 characters; or a custom domain (with dots).
fn check_domain(domain: &str) -> ApiResult<()> {
    let ok = !domain.is_empty()
        && domain.len() <= 63
        && !domain.starts_with('-')
        && !domain.ends_with('-')
        && domain.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.');
    if !ok {
        return Err(ApiError::invalid_parameter(format!(
            "1 validation error detected: Value '{domain}' at 'domain' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-z0-9](?:[a-z0-9\\-]{{0,61}}[a-z0-9])?$"
        )));
    }
    if domain.contains("aws") || domain.contains("amazon") || domain.contains("cognito") {
        return Err(ApiError::invalid_parameter("Domain cannot contain reserved word: aws, amazon or cognito."));
    }
    Ok(())
}

pub fn create_user_pool_domain(ctx: &mut Ctx, req: UserPoolDomainRequest) -> ApiResult<Value> {
    set_domain(ctx.st, req)
}

/// `CreateUserPoolDomain` on the state (the operation, and seed files).
pub fn set_domain(st: &mut State, req: UserPoolDomainRequest) -> ApiResult<Value> {
    check_domain(&req.domain)?;
    let pool = st.pools.get(&req.user_pool_id).ok_or_else(|| pool_not_found(&req.user_pool_id))?;
    if pool.domain.is_some() {
        return Err(ApiError::invalid_parameter(format!("User pool {} already has a domain configured.", req.user_pool_id)));
    }
    if st.pools.values().any(|p| p.domain.as_ref().is_some_and(|d| d.domain == req.domain)) {
        return Err(ApiError::invalid_parameter("Domain already associated with another user pool."));
    }
    let version = req.other.get("ManagedLoginVersion").cloned().unwrap_or(json!(1));
    let pool = st.pools.get_mut(&req.user_pool_id).ok_or_else(|| pool_not_found(&req.user_pool_id))?;
    pool.domain = Some(PoolDomain { domain: req.domain, extra: req.other });
    pool.last_modified = util::now_f64();
    Ok(json!({ "ManagedLoginVersion": version }))
}

pub fn describe_user_pool_domain(ctx: &mut Ctx, req: DescribeUserPoolDomainRequest) -> ApiResult<Value> {
    let Some(pool) = ctx.st.pools.values().find(|p| p.domain.as_ref().is_some_and(|d| d.domain == req.domain)) else {
        return Ok(json!({ "DomainDescription": {} }));
    };
    let d = pool.domain.as_ref().map(|d| d.extra.clone()).unwrap_or_default();
    let mut out = json!({
        "UserPoolId": pool.id,
        "AWSAccountId": "000000000000",
        "Domain": req.domain,
        "S3Bucket": "",
        "CloudFrontDistribution": "",
        "Version": "1",
        "Status": "ACTIVE",
    });
    for (k, v) in d {
        out[k] = v;
    }
    Ok(json!({ "DomainDescription": out }))
}

pub fn delete_user_pool_domain(ctx: &mut Ctx, req: UserPoolDomainRequest) -> ApiResult<Value> {
    let pool = ctx.pool_mut(&req.user_pool_id)?;
    if pool.domain.as_ref().map(|d| d.domain.as_str()) != Some(req.domain.as_str()) {
        return Err(ApiError::invalid_parameter(format!("No such domain or user pool exists: {}", req.domain)));
    }
    pool.domain = None;
    Ok(json!({}))
}

fn provider_json(pool_id: &str, p: &IdentityProvider) -> Value {
    json!({
        "UserPoolId": pool_id,
        "ProviderName": p.name,
        "ProviderType": p.provider_type,
        "ProviderDetails": p.details,
        "AttributeMapping": p.attribute_mapping,
        "IdpIdentifiers": p.idp_identifiers,
        "LastModifiedDate": date(p.last_modified),
        "CreationDate": date(p.created),
    })
}

const PROVIDER_TYPES: [&str; 6] = ["SAML", "Facebook", "Google", "LoginWithAmazon", "SignInWithApple", "OIDC"];

pub fn create_identity_provider(ctx: &mut Ctx, req: CreateIdentityProviderRequest) -> ApiResult<Value> {
    add_provider(ctx.st, req)
}

/// `CreateIdentityProvider` on the state (the operation, and seed files).
pub fn add_provider(st: &mut State, req: CreateIdentityProviderRequest) -> ApiResult<Value> {
    let name = req.provider_name.clone();
    if name.is_empty() || name.len() > 32 || name == "COGNITO" || name.contains(char::is_whitespace) {
        return Err(ApiError::invalid_parameter(format!("Invalid ProviderName {name}.")));
    }
    if !PROVIDER_TYPES.contains(&req.provider_type.as_str()) {
        return Err(ApiError::invalid_parameter(format!(
            "1 validation error detected: Value '{}' at 'providerType' failed to satisfy constraint: Member must satisfy enum value set: [{}]",
            req.provider_type,
            PROVIDER_TYPES.join(", ")
        )));
    }
    if req.provider_type == "OIDC" {
        for key in ["client_id", "authorize_scopes", "oidc_issuer"] {
            if req.provider_details.get(key).is_none_or(|v| v.is_empty()) {
                return Err(ApiError::invalid_parameter(format!("ProviderDetails must contain {key} for an OIDC provider.")));
            }
        }
        if !req.provider_details.get("authorize_scopes").is_some_and(|s| s.split(' ').any(|s| s == "openid")) {
            return Err(ApiError::invalid_parameter("authorize_scopes must contain openid."));
        }
    }
    let identifiers = req.idp_identifiers.unwrap_or_default();
    let pool = st.pools.get(&req.user_pool_id).ok_or_else(|| pool_not_found(&req.user_pool_id))?;
    if pool.identity_providers.contains_key(&name) {
        return Err(ApiError::new("DuplicateProviderException", format!("A provider with the name {name} already exists in this user pool.")));
    }
    if let Some(taken) = identifiers.iter().find(|i| pool.identity_providers.values().any(|p| p.idp_identifiers.contains(i))) {
        return Err(ApiError::new("DuplicateProviderException", format!("The identifier {taken} is already used by another provider.")));
    }
    let now = util::now_f64();
    let provider = IdentityProvider {
        name: name.clone(),
        provider_type: req.provider_type,
        details: req.provider_details,
        attribute_mapping: req.attribute_mapping.unwrap_or_else(|| [("username".to_string(), "sub".to_string())].into()),
        idp_identifiers: identifiers,
        created: now,
        last_modified: now,
    };
    let out = provider_json(&req.user_pool_id, &provider);
    let pool = st.pools.get_mut(&req.user_pool_id).ok_or_else(|| pool_not_found(&req.user_pool_id))?;
    pool.identity_providers.insert(name, provider);
    pool.last_modified = now;
    Ok(json!({ "IdentityProvider": out }))
}

fn provider_not_found(name: &str) -> ApiError {
    ApiError::resource_not_found(format!("Identity provider {name} does not exist."))
}

pub fn describe_identity_provider(ctx: &mut Ctx, req: ProviderRequest) -> ApiResult<Value> {
    let p = ctx.pool(&req.user_pool_id)?.identity_providers.get(&req.provider_name).ok_or_else(|| provider_not_found(&req.provider_name))?;
    Ok(json!({ "IdentityProvider": provider_json(&req.user_pool_id, p) }))
}

pub fn list_identity_providers(ctx: &mut Ctx, req: ListIdentityProvidersRequest) -> ApiResult<Value> {
    let max = req.max_results.unwrap_or(60).clamp(1, 60) as usize;
    let providers = &ctx.pool(&req.user_pool_id)?.identity_providers;
    let after = req.next_token.as_deref().and_then(util::b64url_decode).map(|b| String::from_utf8_lossy(&b).into_owned());
    let page: Vec<&IdentityProvider> = providers.values().filter(|p| after.as_ref().is_none_or(|a| p.name > *a)).take(max + 1).collect();
    let list: Vec<Value> = page
        .iter()
        .take(max)
        .map(|p| json!({"ProviderName": p.name, "ProviderType": p.provider_type, "LastModifiedDate": date(p.last_modified), "CreationDate": date(p.created)}))
        .collect();
    let mut out = json!({ "Providers": list });
    if page.len() > max {
        out["NextToken"] = json!(util::b64url(page[max - 1].name.as_bytes()));
    }
    Ok(out)
}

pub fn delete_identity_provider(ctx: &mut Ctx, req: ProviderRequest) -> ApiResult<Value> {
    let pool = ctx.pool_mut(&req.user_pool_id)?;
    pool.identity_providers.remove(&req.provider_name).ok_or_else(|| provider_not_found(&req.provider_name))?;
    Ok(json!({}))
}

/// A seed file's `Domain` (a string) and `IdentityProviders` (`CreateIdentityProvider`
/// fields, without `UserPoolId`) of pool `pool_id`; what already exists is kept.
pub fn seed(st: &mut State, pool_id: &str, domain: Option<&Value>, providers: Option<&Value>) -> Result<(), String> {
    let has_domain = st.pools.get(pool_id).is_some_and(|p| p.domain.is_some());
    if let (Some(d), false) = (domain, has_domain) {
        let d = d.as_str().ok_or("seed: Domain must be a string")?;
        set_domain(st, UserPoolDomainRequest { domain: d.to_string(), user_pool_id: pool_id.to_string(), other: Default::default() }).map_err(|e| format!("seed domain {d}: {}", e.message))?;
    }
    for p in providers.and_then(Value::as_array).map(|v| v.as_slice()).unwrap_or(&[]) {
        let mut fields = p.clone();
        fields["UserPoolId"] = json!(pool_id);
        let req: CreateIdentityProviderRequest = crate::ops::read(&fields).map_err(|e| format!("seed identity provider: {}", e.message))?;
        if st.pools.get(pool_id).is_some_and(|pool| pool.identity_providers.contains_key(&req.provider_name)) {
            continue;
        }
        add_provider(st, req).map_err(|e| format!("seed identity provider: {}", e.message))?;
    }
    Ok(())
}
