//! `cognito-emulator`: see `--help` and emulator/README.md.

use cognito_emulator::cli::{self, Parsed};
use std::io::Write;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("verify") {
        std::process::exit(cognito_emulator::verify_cmd::run(&args[1..]));
    }
    let cfg = match cli::parse(&args) {
        Ok(Parsed::Run(c)) => c,
        Ok(Parsed::Help) => {
            print!("{}", cli::HELP);
            return;
        }
        Ok(Parsed::Version) => {
            println!("cognito-emulator {}", env!("CARGO_PKG_VERSION"));
            return;
        }
        Err(e) => {
            eprintln!("cognito-emulator: {e}");
            std::process::exit(2);
        }
    };
    let running = match cognito_emulator::start(&cfg) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("cognito-emulator: {e}");
            std::process::exit(1);
        }
    };
    let app = running.app.clone();
    let handler = ctrlc::set_handler(move || {
        // Take the lock so no request is half-way through a state write, save, and leave.
        // The WAL is folded into the --state file, so the file alone is complete. Writes to a
        // closed stderr (the parent is gone) must not panic here: the process would never exit.
        let mut st = app.lock();
        app.save(&mut st);
        let _ = st.checkpoint();
        let _ = writeln!(std::io::stderr(), "cognito-emulator: shutting down");
        std::process::exit(0);
    });
    if let Err(e) = handler {
        eprintln!("cognito-emulator: cannot install the Ctrl-C handler: {e}");
    }
    let c = &cfg.credentials;
    if c.secret_access_key == cognito_emulator::http::admin_auth::DEFAULT_SECRET_ACCESS_KEY {
        eprintln!("cognito-emulator: admin credentials (SigV4, service cognito-idp): access key id {}, secret access key {}", c.access_key_id, c.secret_access_key);
    } else {
        eprintln!("cognito-emulator: admin credentials (SigV4, service cognito-idp): access key id {}, secret access key as given", c.access_key_id);
    }
    println!("cognito-emulator listening on {}", running.url);
    let _ = std::io::stdout().flush();
    running.join();
}
