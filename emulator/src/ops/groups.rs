//! User-pool groups: `CreateGroup`, `GetGroup`, `ListGroups`, `DeleteGroup`,
//! `AdminAddUserToGroup`, `AdminRemoveUserFromGroup`, `AdminListGroupsForUser`. A user's
//! groups are the `cognito:groups` claim of its id and access tokens ([`claim`]).

use super::{date, Ctx};
use crate::errors::{ApiError, ApiResult};
use crate::state::{Group, Pool, User};
use crate::{users, util};
use cognito_wasm::protocol::admin::{
    AdminListGroupsForUserRequest, CreateGroupRequest, GroupMembershipRequest, ListGroupsRequest, PoolGroupRequest,
};
use serde_json::{json, Value};

/// Cognito's limits on a group name.
const MAX_GROUP_NAME: usize = 128;
/// Cognito's page size bounds for `ListGroups` / `AdminListGroupsForUser`.
const MAX_PAGE: u32 = 60;

fn group_not_found() -> ApiError {
    ApiError::resource_not_found("Group not found.")
}

fn group_json(pool_id: &str, g: &Group) -> Value {
    let mut out = json!({
        "GroupName": g.name,
        "UserPoolId": pool_id,
        "CreationDate": date(g.created),
        "LastModifiedDate": date(g.last_modified),
    });
    if let Some(d) = &g.description {
        out["Description"] = json!(d);
    }
    if let Some(r) = &g.role_arn {
        out["RoleArn"] = json!(r);
    }
    if let Some(p) = g.precedence {
        out["Precedence"] = json!(p);
    }
    out
}

/// The `cognito:groups` claim of a user: its groups by precedence (lowest first; groups
/// without one last), then by name.
pub fn claim(pool: &Pool, user: &User) -> Vec<String> {
    let mut groups: Vec<&Group> = user.groups.iter().filter_map(|name| pool.groups.get(name)).collect();
    groups.sort_by_key(|g| (g.precedence.unwrap_or(u32::MAX), g.name.clone()));
    groups.into_iter().map(|g| g.name.clone()).collect()
}

/// One page of `items` after the name in `next_token` (the token is the base64url of the
/// last name of the previous page), and the token of the next page.
fn page<'a>(items: impl Iterator<Item = &'a Group>, limit: Option<u32>, next_token: Option<&str>) -> ApiResult<(Vec<&'a Group>, Option<String>)> {
    let limit = limit.unwrap_or(MAX_PAGE).clamp(1, MAX_PAGE) as usize;
    let after = match next_token {
        None => None,
        Some(t) => Some(
            util::b64url_decode(t)
                .and_then(|b| String::from_utf8(b).ok())
                .ok_or_else(|| ApiError::invalid_parameter("Invalid NextToken."))?,
        ),
    };
    let mut rest: Vec<&Group> = items.filter(|g| after.as_ref().is_none_or(|a| g.name.as_str() > a.as_str())).collect();
    let next = (rest.len() > limit).then(|| util::b64url(rest[limit - 1].name.as_bytes()));
    rest.truncate(limit);
    Ok((rest, next))
}

fn page_json(pool_id: &str, groups: Vec<&Group>, next: Option<String>) -> Value {
    let mut out = json!({ "Groups": groups.into_iter().map(|g| group_json(pool_id, g)).collect::<Vec<_>>() });
    if let Some(n) = next {
        out["NextToken"] = json!(n);
    }
    out
}

pub fn create_group(ctx: &mut Ctx, req: CreateGroupRequest) -> ApiResult<Value> {
    if req.group_name.chars().count() > MAX_GROUP_NAME {
        return Err(ApiError::invalid_parameter(format!("1 validation error detected: Value at 'groupName' failed to satisfy constraint: Member must have length less than or equal to {MAX_GROUP_NAME}")));
    }
    let pool_id = req.user_pool_id.clone();
    let pool = ctx.pool_mut(&pool_id)?;
    if pool.groups.contains_key(&req.group_name) {
        return Err(ApiError::new("GroupExistsException", format!("A group with the name {} already exists.", req.group_name)));
    }
    let now = util::now_f64();
    let group = Group {
        name: req.group_name.clone(),
        description: req.description,
        role_arn: req.role_arn,
        precedence: req.precedence,
        created: now,
        last_modified: now,
    };
    let out = group_json(&pool_id, &group);
    pool.groups.insert(req.group_name, group);
    Ok(json!({ "Group": out }))
}

pub fn get_group(ctx: &mut Ctx, req: PoolGroupRequest) -> ApiResult<Value> {
    let g = ctx.pool(&req.user_pool_id)?.groups.get(&req.group_name).ok_or_else(group_not_found)?;
    Ok(json!({ "Group": group_json(&req.user_pool_id, g) }))
}

pub fn list_groups(ctx: &mut Ctx, req: ListGroupsRequest) -> ApiResult<Value> {
    let pool = ctx.pool(&req.user_pool_id)?;
    let (groups, next) = page(pool.groups.values(), req.limit, req.next_token.as_deref())?;
    Ok(page_json(&req.user_pool_id, groups, next))
}

pub fn delete_group(ctx: &mut Ctx, req: PoolGroupRequest) -> ApiResult<Value> {
    let pool = ctx.pool_mut(&req.user_pool_id)?;
    pool.groups.remove(&req.group_name).ok_or_else(group_not_found)?;
    let members: Vec<String> = pool.users.values().filter(|u| u.groups.contains(&req.group_name)).map(|u| u.username.clone()).collect();
    for key in members {
        if let Some(u) = pool.users.get_mut(&key) {
            u.groups.remove(&req.group_name);
        }
    }
    Ok(json!({}))
}

/// The pool, the real username of the member named and the group, which must all exist.
fn membership<'a>(ctx: &'a mut Ctx, req: &GroupMembershipRequest) -> ApiResult<&'a mut User> {
    let pool = ctx.pool_mut(&req.user_pool_id)?;
    if !pool.groups.contains_key(&req.group_name) {
        return Err(group_not_found());
    }
    let key = users::find_key_for_sign_in(pool, &req.username).ok_or_else(ApiError::user_not_found)?;
    pool.users.get_mut(&key).ok_or_else(ApiError::user_not_found)
}

pub fn admin_add_user_to_group(ctx: &mut Ctx, req: GroupMembershipRequest) -> ApiResult<Value> {
    let user = membership(ctx, &req)?;
    user.groups.insert(req.group_name);
    Ok(json!({}))
}

pub fn admin_remove_user_from_group(ctx: &mut Ctx, req: GroupMembershipRequest) -> ApiResult<Value> {
    let user = membership(ctx, &req)?;
    user.groups.remove(&req.group_name);
    Ok(json!({}))
}

pub fn admin_list_groups_for_user(ctx: &mut Ctx, req: AdminListGroupsForUserRequest) -> ApiResult<Value> {
    let pool = ctx.pool(&req.user_pool_id)?;
    let key = users::find_key_for_sign_in(pool, &req.username).ok_or_else(ApiError::user_not_found)?;
    let user = pool.users.get(&key).ok_or_else(ApiError::user_not_found)?;
    let (groups, next) = page(user.groups.iter().filter_map(|n| pool.groups.get(n)), req.limit, req.next_token.as_deref())?;
    Ok(page_json(&req.user_pool_id, groups, next))
}
