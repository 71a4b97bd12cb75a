//! `cognito-emulator verify`: verify one Cognito JWT with the native verifier
//! (`cognito_wasm::jwt`) and print its payload, or the check that refused it.

use cognito_wasm::jwt::native::CognitoJwtVerifier;
use cognito_wasm::jwt::{JwtError, TokenUse, VerifierConfig};

pub const HELP: &str = "\
cognito-emulator verify: verify a Cognito JWT (RS256, JWKS by kid, the claims)

USAGE:
    cognito-emulator verify --user-pool-id ID --token-use id|access|any
                            --client-id ID|any [--client-id ID]...
                            [--scope SCOPE]... [--group GROUP]... [--grace-seconds N]
                            [--issuer URL]... [--jwks-uri URL | --jwks-file FILE]
                            TOKEN|-

    TOKEN is the JWT, or - to read it from standard input (keeps it out of the shell
    history and the process list). --issuer defaults to Cognito's issuers of the pool;
    the emulator's is http://127.0.0.1:PORT/<pool id>. The JWKS is fetched from
    --jwks-uri (http:// only; default: <first issuer>/.well-known/jwks.json) or read from
    --jwks-file.

Prints the payload (JSON) and exits 0 when the token is valid; otherwise prints
`refused: <ErrorClass> (check <name>): <message>` on standard error and exits 1
(2 for a usage error).
";

/// What the verify command was asked.
#[derive(Debug, Default)]
struct Args {
    user_pool_id: Option<String>,
    token_use: Option<String>,
    client_ids: Vec<String>,
    scopes: Vec<String>,
    groups: Vec<String>,
    grace_seconds: Option<f64>,
    issuers: Vec<String>,
    jwks_uri: Option<String>,
    jwks_file: Option<String>,
    token: Option<String>,
}

fn parse(args: &[String]) -> Result<Option<Args>, String> {
    let mut a = Args::default();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v.to_string())),
            _ => (arg.as_str(), None),
        };
        if flag == "-h" || flag == "--help" {
            return Ok(None);
        }
        if !flag.starts_with("--") {
            if a.token.replace(arg.clone()).is_some() {
                return Err("give one token".into());
            }
            continue;
        }
        let value = match inline {
            Some(v) => v,
            None => it.next().cloned().ok_or_else(|| format!("{flag} needs a value"))?,
        };
        match flag {
            "--user-pool-id" => a.user_pool_id = Some(value),
            "--token-use" => a.token_use = Some(value),
            "--client-id" => a.client_ids.push(value),
            "--scope" => a.scopes.push(value),
            "--group" => a.groups.push(value),
            "--grace-seconds" => a.grace_seconds = Some(value.parse().map_err(|_| "--grace-seconds takes a number")?),
            "--issuer" => a.issuers.push(value),
            "--jwks-uri" => a.jwks_uri = Some(value),
            "--jwks-file" => a.jwks_file = Some(value),
            other => return Err(format!("unknown flag {other}")),
        }
    }
    Ok(Some(a))
}

fn config(a: &Args) -> Result<VerifierConfig, String> {
    let pool = a.user_pool_id.as_deref().ok_or("--user-pool-id is required")?;
    let token_use = match a.token_use.as_deref() {
        Some("id") => Some(TokenUse::Id),
        Some("access") => Some(TokenUse::Access),
        Some("any") => None,
        _ => return Err("--token-use id, access or any is required".into()),
    };
    let clients = match a.client_ids.as_slice() {
        [] => return Err("--client-id (or --client-id any) is required".into()),
        [any] if any == "any" => None,
        list => Some(list.to_vec()),
    };
    let err = |e: JwtError| e.to_string();
    let mut c = VerifierConfig::new(pool, token_use, clients).map_err(err)?;
    if !a.scopes.is_empty() {
        c = c.with_scopes(&a.scopes.iter().map(String::as_str).collect::<Vec<_>>());
    }
    if !a.groups.is_empty() {
        c = c.with_groups(&a.groups.iter().map(String::as_str).collect::<Vec<_>>());
    }
    if let Some(g) = a.grace_seconds {
        c = c.with_grace_seconds(g);
    }
    if !a.issuers.is_empty() {
        c = c.with_issuers(&a.issuers.iter().map(String::as_str).collect::<Vec<_>>()).map_err(err)?;
    }
    if let Some(uri) = &a.jwks_uri {
        c = c.with_jwks_uri(uri).map_err(err)?;
    }
    Ok(c)
}

/// Runs the command; the process exit code.
pub fn run(args: &[String]) -> i32 {
    let a = match parse(args) {
        Ok(Some(a)) => a,
        Ok(None) => {
            print!("{HELP}");
            return 0;
        }
        Err(e) => {
            eprintln!("cognito-emulator verify: {e} (see --help)");
            return 2;
        }
    };
    let cfg = match config(&a) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("cognito-emulator verify: {e}");
            return 2;
        }
    };
    let token = match a.token.as_deref() {
        Some("-") | None => {
            let mut t = String::new();
            let limit = (cognito_wasm::jwt::token::MAX_TOKEN_LENGTH + 1024) as u64;
            if std::io::Read::read_to_string(&mut std::io::Read::take(std::io::stdin(), limit), &mut t).is_err() {
                eprintln!("cognito-emulator verify: cannot read the token from standard input");
                return 2;
            }
            t.trim().to_string()
        }
        Some(t) => t.to_string(),
    };
    let verifier = CognitoJwtVerifier::new(cfg);
    if let Some(file) = &a.jwks_file {
        let cached = std::fs::read(file).map_err(|e| JwtError::Fetch(format!("cannot read {file}: {}", e.kind()))).and_then(|doc| verifier.cache_jwks(&doc));
        if let Err(e) = cached {
            eprintln!("refused: {} (check {}): {e}", e.name(), e.check());
            return 1;
        }
    }
    let outcome = if a.jwks_file.is_some() { verifier.verify_sync(&token) } else { verifier.verify(&token) };
    match outcome {
        Ok(v) => {
            println!("{}", v.payload_json);
            0
        }
        Err(e) => {
            eprintln!("refused: {} (check {}): {e}", e.name(), e.check());
            1
        }
    }
}
