//! Command-line flags (hand-parsed: `--flag VALUE` or `--flag=VALUE`).

use crate::http::access::{HostPattern, OriginPattern};
use crate::http::admin_auth::{DEFAULT_ACCESS_KEY_ID, DEFAULT_SECRET_ACCESS_KEY};
use crate::http::limits::Limits;
use cognito_wasm::sigv4::Credentials;
use std::path::PathBuf;
use std::time::Duration;

pub const HELP: &str = "\
cognito-emulator: a local Amazon Cognito user-pool emulator with real SRP

USAGE:
    cognito-emulator [--port N] [--host ADDR] [--state FILE] [--seed FILE]
                     [--region REGION] [--code-ttl SECONDS] [--clock-skew SECONDS]
                     [--credentials-validity SECONDS]
                     [--allow-origin ORIGIN]... [--allow-host HOST]...
                     [--access-key-id ID] [--secret-access-key SECRET]
                     [--header-timeout SECONDS] [--body-timeout SECONDS]
                     [--write-timeout SECONDS] [--max-connections N]
    cognito-emulator verify ...   Verify a Cognito JWT (see `cognito-emulator verify --help`).

FLAGS:
    --port N            Port to listen on (default 9229; 0 picks a free port).
    --host ADDR         Loopback address to bind (default 127.0.0.1; only 127.x.x.x,
                        localhost or ::1 are accepted).
    --state FILE        Persist all state (pools, clients, users, devices, refresh
                        tokens, outbox, signing key) in FILE, a SQLite database: every
                        change is committed before its request is answered, and all is
                        loaded at start. A JSON state file of earlier versions is
                        converted (the JSON is kept as FILE.json.bak). Without it,
                        state is kept in memory only.
    --seed FILE         JSON file of pools, clients and users to create at start
                        (idempotent; see emulator/README.md and emulator/seed/demo.json).
    --region REGION     Region for new pool ids when the request is not SigV4-signed
                        (default us-east-1).
    --code-ttl SECONDS  Lifetime of every one-time code (sign-up, forgot password,
                        attribute verification, SMS/e-mail MFA), to test expiry.
                        Defaults: 24 h, 1 h, 24 h, 3 min.
    --credentials-validity SECONDS
                        Lifetime of the AWS credentials identity pools issue
                        (GetCredentialsForIdentity), 1 to 43200, to test their
                        refresh. Default 3600, as Cognito's. Also settable at run
                        time: POST /_emulator/faults {\"credentialsValiditySeconds\": N}.
    --clock-skew SECONDS
                        Shift the emulator's clock (token iat/exp/auth_time, expiry
                        checks) by SECONDS, e.g. 3600 or -3600, to test client clock
                        drift. Also settable at run time: POST /_emulator/faults
                        {\"clockSkewSeconds\": N} (see emulator/README.md).
    --allow-origin ORIGIN
                        Also serve pages from ORIGIN (scheme://host[:port], the port
                        may be '*'); repeatable. Loopback pages (http://127.0.0.1:*,
                        http://localhost:*, http://[::1]:*) are always served. A request
                        from any other page is refused (403) before it does anything.
    --allow-host HOST   Also accept HOST (a name, with an optional :port) in the Host
                        header; repeatable. Loopback names are always accepted; others
                        are refused (403), which stops DNS rebinding.
    --access-key-id ID, --secret-access-key SECRET
                        The credentials administrative operations (Admin*, user pools,
                        app clients, ListUsers, ...) and /_emulator/faults must be
                        SigV4-signed with (default: local / local). boto3 and the AWS CLI
                        sign for you; a web page cannot.
    --header-timeout SECONDS
                        Time a client has to send its request headers (default 5).
    --body-timeout SECONDS
                        Time a client has to send its request body (default 10).
    --write-timeout SECONDS
                        Time a client may leave an answer unread (default 10).
    --max-connections N Connections served at once (default 256).
    -h, --help          Print this help.
    -V, --version       Print the version.

When ready it prints one line on stdout:
    cognito-emulator listening on http://127.0.0.1:PORT
";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    pub port: u16,
    pub host: String,
    pub state: Option<PathBuf>,
    pub seed: Option<PathBuf>,
    pub region: String,
    pub code_ttl: Option<i64>,
    /// Lifetime of identity-pool credentials, in seconds.
    pub credentials_validity: i64,
    /// Seconds added to the emulator's clock (emulator extension, for clock-drift tests).
    pub clock_skew: i64,
    /// Origins served besides the loopback ones.
    pub allow_origins: Vec<OriginPattern>,
    /// `Host` names accepted besides the loopback ones.
    pub allow_hosts: Vec<HostPattern>,
    /// What administrative requests are signed with.
    pub credentials: Credentials,
    pub limits: Limits,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            port: 9229,
            host: "127.0.0.1".into(),
            state: None,
            seed: None,
            region: "us-east-1".into(),
            code_ttl: None,
            credentials_validity: crate::identity::DEFAULT_CREDENTIALS_VALIDITY,
            clock_skew: 0,
            allow_origins: vec![],
            allow_hosts: vec![],
            credentials: Credentials { access_key_id: DEFAULT_ACCESS_KEY_ID.into(), secret_access_key: DEFAULT_SECRET_ACCESS_KEY.into() },
            limits: Limits::default(),
        }
    }
}

#[derive(Debug, PartialEq, Eq)]
pub enum Parsed {
    Run(Box<Config>),
    Help,
    Version,
}

fn loopback(host: &str) -> bool {
    host == "localhost" || host == "::1" || host.parse::<std::net::Ipv4Addr>().is_ok_and(|a| a.is_loopback())
}

/// A whole number of seconds from 1 to 3600.
fn seconds(flag: &str, v: &str) -> Result<Duration, String> {
    match v.parse::<u64>() {
        Ok(n) if (1..=3600).contains(&n) => Ok(Duration::from_secs(n)),
        _ => Err(format!("{flag} takes a whole number of seconds from 1 to 3600")),
    }
}

/// An access key id or secret: printable ASCII without spaces, 1 to 128 characters.
fn credential(flag: &str, v: String) -> Result<String, String> {
    if v.is_empty() || v.len() > 128 || !v.bytes().all(|c| c.is_ascii_graphic()) {
        return Err(format!("{flag}: 1 to 128 printable characters without spaces"));
    }
    Ok(v)
}

pub fn parse(args: &[String]) -> Result<Parsed, String> {
    let mut cfg = Config::default();
    let mut i = 0;
    while i < args.len() {
        let arg = &args[i];
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(v.to_string())),
            _ => (arg.clone(), None),
        };
        let mut value = || -> Result<String, String> {
            if let Some(v) = inline.clone() {
                return Ok(v);
            }
            i += 1;
            args.get(i).cloned().ok_or_else(|| format!("{flag} needs a value"))
        };
        match flag.as_str() {
            "-h" | "--help" => return Ok(Parsed::Help),
            "-V" | "--version" => return Ok(Parsed::Version),
            "--port" => cfg.port = value()?.parse().map_err(|_| "--port takes a number from 0 to 65535".to_string())?,
            "--host" => {
                let h = value()?;
                if !loopback(&h) {
                    return Err(format!("--host {h}: only loopback addresses are allowed"));
                }
                cfg.host = h;
            }
            "--state" => cfg.state = Some(PathBuf::from(value()?)),
            "--seed" => cfg.seed = Some(PathBuf::from(value()?)),
            "--region" => {
                let r = value()?;
                if r.is_empty() || !r.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
                    return Err(format!("--region {r}: letters, digits and '-' only"));
                }
                cfg.region = r;
            }
            "--code-ttl" => {
                let v: i64 = value()?.parse().map_err(|_| "--code-ttl takes a number of seconds".to_string())?;
                if v <= 0 {
                    return Err("--code-ttl must be positive".into());
                }
                cfg.code_ttl = Some(v);
            }
            "--credentials-validity" => {
                cfg.credentials_validity = match value()?.parse::<i64>() {
                    Ok(n) if (1..=crate::faults::MAX_CREDENTIALS_VALIDITY).contains(&n) => n,
                    _ => return Err("--credentials-validity takes a number of seconds from 1 to 43200".into()),
                }
            }
            "--clock-skew" => {
                let v: i64 = value()?.parse().map_err(|_| "--clock-skew takes a whole number of seconds".to_string())?;
                if v.abs() > crate::faults::MAX_SKEW_SECONDS {
                    return Err(format!("--clock-skew is at most {} seconds either way", crate::faults::MAX_SKEW_SECONDS));
                }
                cfg.clock_skew = v;
            }
            "--allow-origin" => cfg.allow_origins.push(OriginPattern::parse(&value()?).map_err(|e| format!("--allow-origin {e}"))?),
            "--allow-host" => cfg.allow_hosts.push(HostPattern::parse(&value()?).map_err(|e| format!("--allow-host {e}"))?),
            "--access-key-id" => cfg.credentials.access_key_id = credential("--access-key-id", value()?)?,
            "--secret-access-key" => cfg.credentials.secret_access_key = credential("--secret-access-key", value()?)?,
            "--header-timeout" => cfg.limits.header_timeout = seconds("--header-timeout", &value()?)?,
            "--body-timeout" => cfg.limits.body_timeout = seconds("--body-timeout", &value()?)?,
            "--write-timeout" => cfg.limits.write_timeout = seconds("--write-timeout", &value()?)?,
            "--max-connections" => {
                cfg.limits.max_connections = match value()?.parse::<usize>() {
                    Ok(n) if (1..=100_000).contains(&n) => n,
                    _ => return Err("--max-connections takes a number from 1 to 100000".into()),
                }
            }
            other => return Err(format!("unknown argument {other} (see --help)")),
        }
        i += 1;
    }
    Ok(Parsed::Run(Box::new(cfg)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(a: &[&str]) -> Result<Parsed, String> {
        parse(&a.iter().map(|s| s.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn flags() {
        let Parsed::Run(c) = p(&["--port", "0", "--state=/tmp/x.json", "--code-ttl", "5"]).unwrap() else { panic!() };
        assert_eq!(c.port, 0);
        assert_eq!(c.state, Some(PathBuf::from("/tmp/x.json")));
        assert_eq!(c.code_ttl, Some(5));
        assert_eq!(p(&["--help"]).unwrap(), Parsed::Help);
        assert!(p(&["--host", "0.0.0.0"]).is_err());
        assert!(p(&["--port"]).is_err());
        assert!(p(&["--bogus"]).is_err());
        assert!(p(&["--port", "70000"]).is_err());
        let Parsed::Run(c) = p(&["--clock-skew", "-3600"]).unwrap() else { panic!() };
        assert_eq!(c.clock_skew, -3600);
        assert!(p(&["--clock-skew", "soon"]).is_err());
        let Parsed::Run(c) = p(&["--credentials-validity", "5"]).unwrap() else { panic!() };
        assert_eq!(c.credentials_validity, 5);
        assert!(p(&["--credentials-validity", "0"]).is_err() && p(&["--credentials-validity", "50000"]).is_err());
    }

    #[test]
    fn access_credential_and_limit_flags() {
        let Parsed::Run(c) = p(&[
            "--allow-origin",
            "https://app.example.test",
            "--allow-origin=http://x.test:*",
            "--allow-host",
            "box.test",
            "--access-key-id",
            "AKID",
            "--secret-access-key",
            "s3cr3t",
            "--header-timeout",
            "2",
            "--max-connections",
            "8",
        ])
        .unwrap() else {
            panic!()
        };
        assert_eq!(c.allow_origins.len(), 2);
        assert_eq!(c.allow_hosts, [HostPattern::parse("box.test").unwrap()]);
        assert_eq!(c.credentials.access_key_id, "AKID");
        assert_eq!(c.limits.header_timeout, Duration::from_secs(2));
        assert_eq!(c.limits.max_connections, 8);
        assert!(!format!("{c:?}").contains("s3cr3t"), "the secret stays out of Debug");
        let Parsed::Run(d) = p(&[]).unwrap() else { panic!() };
        assert_eq!((d.credentials.access_key_id.as_str(), d.credentials.secret_access_key.as_str()), ("local", "local"));
        for bad in [
            &["--allow-origin", "evil.test"][..],
            &["--allow-host", "a b"],
            &["--secret-access-key", ""],
            &["--access-key-id", "a b"],
            &["--header-timeout", "0"],
            &["--body-timeout", "x"],
            &["--max-connections", "0"],
        ] {
            let err = p(bad).unwrap_err();
            assert!(!err.is_empty(), "{bad:?}");
        }
    }
}
