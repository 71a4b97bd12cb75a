//! cognito-wasm-emulator: a local Cognito user-pool emulator with real server-side SRP.
//! It is the backend of `make demo` and of the end-to-end tests. See README.md.

pub mod app;
pub mod cli;
pub mod errors;
pub mod faults;
pub mod http;
pub mod ops;
pub mod outbox;
pub mod persist;
pub mod seed;
pub mod sessions;
pub mod srp_auth;
pub mod state;
pub mod tokens;
pub mod users;
pub mod util;

use std::sync::Arc;

/// Number of worker threads answering requests.
const WORKERS: usize = 4;

/// A started emulator.
pub struct Running {
    pub url: String,
    pub app: Arc<app::App>,
    server: Arc<tiny_http::Server>,
    workers: Vec<std::thread::JoinHandle<()>>,
}

impl Running {
    /// Block until the server stops.
    pub fn join(self) {
        for w in self.workers {
            let _ = w.join();
        }
    }

    /// Stop accepting requests and wait for the workers.
    pub fn stop(self) {
        for _ in 0..self.workers.len() {
            self.server.unblock();
        }
        self.join();
    }
}

/// Load state and seed, bind, and start the workers.
pub fn start(cfg: &cli::Config) -> Result<Running, String> {
    let mut state = match &cfg.state {
        Some(p) => {
            persist::remove_stale_temp_files(p);
            persist::load(p)?
        }
        None => state::State::default(),
    };
    if let Some(seed_path) = &cfg.seed {
        let text = std::fs::read(seed_path).map_err(|e| format!("cannot read seed file {}: {e}", seed_path.display()))?;
        let doc: serde_json::Value = serde_json::from_slice(&text).map_err(|e| format!("cannot parse seed file {}: {e}", seed_path.display()))?;
        let summary = seed::apply(&mut state, &doc, &cfg.region)?;
        eprintln!("cognito-emulator: seed {} applied: {summary} created", seed_path.display());
    }
    util::set_clock_skew(cfg.clock_skew);
    let keys = tokens::Keys::load_or_generate(state.signing_key_pem.as_deref());
    let server = tiny_http::Server::http((cfg.host.as_str(), cfg.port)).map_err(|e| format!("cannot listen on {}:{}: {e}", cfg.host, cfg.port))?;
    let addr = server.server_addr().to_ip().ok_or("not an IP listener")?;
    let host = if addr.is_ipv6() { format!("[{}]", addr.ip()) } else { addr.ip().to_string() };
    let url = format!("http://{host}:{}", addr.port());
    let app = Arc::new(app::App::new(state, keys, url.clone(), cfg.region.clone(), cfg.code_ttl, cfg.state.clone()));
    {
        let mut st = app.lock();
        app.save(&mut st);
    }
    let server = Arc::new(server);
    let workers = (0..WORKERS)
        .map(|_| {
            let (server, app) = (server.clone(), app.clone());
            std::thread::spawn(move || {
                while let Ok(req) = server.recv() {
                    http::handle(&app, req);
                }
            })
        })
        .collect();
    Ok(Running { url, app, server, workers })
}
