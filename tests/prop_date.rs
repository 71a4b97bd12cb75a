//! Property/fuzz tests of the Cognito timestamp (`date.rs`): formatting any instant,
//! parsing any text (and mutated timestamps), the round trip, and a differential against
//! the reference's `DateHelper.getNowString()` run in Node. See tests/FUZZING.md.
#![cfg(not(target_arch = "wasm32"))]

mod prop_support;

use cognito_wasm::date::{cognito_timestamp, parse_cognito_timestamp, parse_rfc3339, rfc3339, UtcDateTime};
use prop_support::*;
use proptest::prelude::*;
use serde_json::Value;

/// JavaScript's `Date` range: ±8.64e15 ms.
const JS_MAX_SECONDS: i64 = 8_640_000_000_000;

#[test]
fn any_instant_formats_and_round_trips() {
    let strategy = prop_oneof![any::<i64>(), -JS_MAX_SECONDS..=JS_MAX_SECONDS, 0i64..4_102_444_800];
    check("date/format", cases(3000), strategy, |secs| {
        let text = cognito_timestamp(secs);
        let t = UtcDateTime::from_unix_seconds(secs);
        prop_assert!((1..=12).contains(&t.month) && (1..=31).contains(&t.day) && t.hour < 24 && t.minute < 60 && t.second < 60);
        prop_assert_eq!(t.to_unix_seconds(), secs);
        prop_assert_eq!(parse_cognito_timestamp(&text), Some(secs), "{}", text);
        Ok(())
    });
}

/// RFC 3339 (STS's `Expiration`): every instant of years 0000 to 9999 round-trips, and any
/// text, or a timestamp cut short or with one character changed, parses without panicking
/// (and then only to the instant it spells).
#[test]
fn rfc3339_round_trips_and_any_text_parses_without_panicking() {
    let strategy = (-62_167_219_200i64..=253_402_300_799, any::<String>(), any::<usize>(), interesting_char());
    check("date/rfc3339", cases(3000), strategy, |(secs, junk, at, c)| {
        let text = rfc3339(secs);
        prop_assert_eq!(parse_rfc3339(&text), Some(secs), "{}", text);
        let _ = parse_rfc3339(&junk);
        let cut: String = text.chars().take(at % (text.len() + 1)).collect();
        prop_assert!(cut == text || parse_rfc3339(&cut).is_none(), "{}", cut);
        let mut changed: Vec<char> = text.chars().collect();
        let i = at % changed.len();
        changed[i] = c;
        let changed: String = changed.into_iter().collect();
        if let Some(other) = parse_rfc3339(&changed) {
            prop_assert_eq!(rfc3339(other), changed.clone(), "{} parsed to another instant", changed);
        }
        Ok(())
    });
}

#[derive(Debug, Clone)]
enum Edit {
    Field(usize, String),
    Insert(usize, char),
    Delete(usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    let field = prop_oneof![
        any::<i64>().prop_map(|v| v.to_string()),
        any::<u64>().prop_map(|v| v.to_string()),
        "[+-]?[0-9]{0,25}",
        prop::sample::select(vec!["Mon", "Tue", "Jan", "Feb", "UTC", "GMT", "00", "0", "60", "99", "24", "+1", "-1", "", "01:02:03", "1:2:3", "Zzz"])
            .prop_map(str::to_string),
        interesting_string(6),
    ];
    prop_oneof![
        3 => (0usize..8, field).prop_map(|(i, f)| Edit::Field(i, f)),
        1 => (any::<usize>(), interesting_char()).prop_map(|(i, c)| Edit::Insert(i, c)),
        1 => any::<usize>().prop_map(Edit::Delete),
    ]
}

#[test]
fn any_text_parses_without_panicking() {
    let strategy = (-JS_MAX_SECONDS..=JS_MAX_SECONDS, prop::collection::vec(edit(), 0..4), any::<String>(), any::<bool>());
    check("date/parse", cases(3000), strategy, |(secs, edits, junk, use_junk)| {
        let mut text = if use_junk { junk } else { cognito_timestamp(secs) };
        for e in &edits {
            text = match e {
                Edit::Field(i, f) => {
                    let mut parts: Vec<String> = text.split(' ').map(str::to_string).collect();
                    if *i < parts.len() {
                        parts[*i] = f.clone();
                    } else {
                        parts.push(f.clone());
                    }
                    parts.join(" ")
                }
                Edit::Insert(i, c) => {
                    let at = text.char_indices().map(|(k, _)| k).nth(i % (text.chars().count() + 1)).unwrap_or(text.len());
                    let mut t = text.clone();
                    t.insert(at, *c);
                    t
                }
                Edit::Delete(i) => {
                    let mut chars: Vec<char> = text.chars().collect();
                    if !chars.is_empty() {
                        chars.remove(i % chars.len());
                    }
                    chars.into_iter().collect()
                }
            };
        }
        // Whatever parses formats back to exactly the same text.
        if let Some(secs) = parse_cognito_timestamp(&text) {
            prop_assert_eq!(cognito_timestamp(secs), text);
        }
        Ok(())
    });
}

const NODE_DATE_HELPER: &str = r#"
// amazon-cognito-identity-js 6.x DateHelper.getNowString(), for a given instant.
const monthNames = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const weekNames = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
function getNowString(now) {
  const weekDay = weekNames[now.getUTCDay()];
  const month = monthNames[now.getUTCMonth()];
  const day = now.getUTCDate();
  let hours = now.getUTCHours();
  if (hours < 10) hours = `0${hours}`;
  let minutes = now.getUTCMinutes();
  if (minutes < 10) minutes = `0${minutes}`;
  let seconds = now.getUTCSeconds();
  if (seconds < 10) seconds = `0${seconds}`;
  const year = now.getUTCFullYear();
  return `${weekDay} ${month} ${day} ${hours}:${minutes}:${seconds} UTC ${year}`;
}
function main(input) { done(input.map(s => getNowString(new Date(s * 1000)))); }
"#;

#[test]
fn timestamps_match_the_reference_in_node() {
    let total = cases(3000) as usize;
    let start = std::time::Instant::now();
    let mut done = 0;
    while done < total {
        let n = (total - done).min(200_000);
        let strategy = prop_oneof![-JS_MAX_SECONDS..=JS_MAX_SECONDS, 0i64..4_102_444_800, -62_167_219_200i64..0];
        let inputs = sample(&format!("date/node/{done}"), n, strategy);
        let json: Vec<Value> = inputs.iter().map(|&s| Value::from(s)).collect();
        let answers = node_batch(&format!("{NODE_PRELUDE}{NODE_DATE_HELPER}"), &json);
        for (s, want) in inputs.iter().zip(answers) {
            assert_eq!(cognito_timestamp(*s), want.as_str().unwrap(), "instant {s}");
        }
        done += n;
    }
    eprintln!("[fuzz] date/node: {done} inputs in {:.2} s", start.elapsed().as_secs_f64());
}
