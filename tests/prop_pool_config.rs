//! Property/fuzz tests of the pool configuration (`pool_config.rs`): random
//! `UserPoolId` / `ClientId` / endpoint / secret strings validate with the reference's
//! errors or give a config whose derived values follow the reference; the id check is
//! compared with the reference's regular expression run in Node. See tests/FUZZING.md.
#![cfg(not(target_arch = "wasm32"))]

mod prop_support;

use cognito_wasm::pool_config::{is_valid_user_pool_id, PoolConfig, PoolData};
use prop_support::*;
use proptest::prelude::*;
use serde_json::Value;

fn pool_id() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[a-z0-9-]{0,12}_[A-Za-z0-9]{0,12}",
        2 => "[a-zA-Z0-9_-]{0,60}",
        1 => "[a-z]{1,3}(_[a-zA-Z0-9-]{0,4}){0,4}",
        1 => interesting_string(20),
        1 => any::<String>(),
        1 => (50usize..60).prop_map(|n| format!("us-east-1_{}", "a".repeat(n - 10))),
    ]
}

fn text() -> impl Strategy<Value = Option<String>> {
    prop::option::of(prop_oneof![interesting_string(30), any::<String>(), Just(String::new())])
}

#[test]
fn any_pool_data_validates_or_configures() {
    let strategy = (prop::option::of(pool_id()), text(), text(), text(), prop::option::of(any::<bool>()));
    check("pool_config/new", cases(3000), strategy, |(id, client, endpoint, secret, flag)| {
        let data = PoolData {
            user_pool_id: id.clone(),
            client_id: client.clone(),
            endpoint: endpoint.clone(),
            client_secret: secret.clone(),
            advanced_security_data_collection_flag: flag,
        };
        let dbg = format!("{data:?}");
        match PoolConfig::new(data) {
            Err(e) => {
                let ids_present = id.as_deref().is_some_and(|s| !s.is_empty()) && client.as_deref().is_some_and(|s| !s.is_empty());
                let want = if ids_present { "Invalid UserPoolId format." } else { "Both UserPoolId and ClientId are required." };
                prop_assert_eq!(e.message.as_str(), want);
                prop_assert_eq!(e.code, None);
            }
            Ok(c) => {
                let id = id.unwrap();
                prop_assert!(is_valid_user_pool_id(&id));
                prop_assert_eq!(c.user_pool_id(), id.as_str());
                prop_assert_eq!(c.client_id(), client.as_deref().unwrap());
                // The reference: `split('_')[0]` and `split('_')[1]`.
                let parts: Vec<&str> = id.split('_').collect();
                prop_assert_eq!(c.region(), parts[0]);
                prop_assert_eq!(c.user_pool_name(), parts[1]);
                match endpoint.as_deref().filter(|e| !e.is_empty()) {
                    Some(e) => prop_assert_eq!(c.endpoint(), e),
                    None => prop_assert_eq!(c.endpoint(), format!("https://cognito-idp.{}.amazonaws.com/", parts[0])),
                }
                prop_assert_eq!(c.advanced_security_data_collection_flag(), flag != Some(false));
                prop_assert_eq!(c.has_client_secret(), secret.as_deref().is_some_and(|s| !s.is_empty()));
                let _ = (c.secret_hash("alice"), c.keys().last_auth_user(), c.keys().user_key("u", cognito_wasm::storage::UserKey::IdToken));
                // The client secret never shows in Debug output.
                if let Some(s) = secret.as_deref().filter(|s| s.len() >= 8 && !c.client_id().contains(*s) && !c.endpoint().contains(*s) && !id.contains(*s)) {
                    let cdbg = format!("{c:?}");
                    prop_assert!(!cdbg.contains(s) && !dbg.contains(s), "secret in Debug");
                }
            }
        }
        Ok(())
    });
}

const NODE_POOL_ID: &str = r#"
// amazon-cognito-identity-js 6.x CognitoUserPool constructor's check.
const USER_POOL_ID_MAX_LENGTH = 55;
function main(input) {
  done(input.map(id => !(id.length > USER_POOL_ID_MAX_LENGTH || !/^[\w-]+_[0-9a-zA-Z]+$/.test(id))));
}
"#;

#[test]
fn pool_id_check_matches_the_reference_regex_in_node() {
    let total = cases(3000) as usize;
    let start = std::time::Instant::now();
    let mut done = 0;
    while done < total {
        let n = (total - done).min(200_000);
        let inputs = sample(&format!("pool_config/node/{done}"), n, pool_id());
        let json: Vec<Value> = inputs.iter().map(|s| Value::String(s.clone())).collect();
        let answers = node_batch(&format!("{NODE_PRELUDE}{NODE_POOL_ID}"), &json);
        for (id, want) in inputs.iter().zip(answers) {
            assert_eq!(is_valid_user_pool_id(id), want.as_bool().unwrap(), "id {id:?}");
        }
        done += n;
    }
    eprintln!("[fuzz] pool_config/node: {done} inputs in {:.2} s", start.elapsed().as_secs_f64());
}
