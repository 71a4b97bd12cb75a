//! cognito-wasm-emulator: a local Cognito user-pool emulator with real server-side SRP.
//! It is the backend of `make demo` and of the end-to-end tests. See README.md.

pub mod app;
pub mod cli;
pub mod errors;
pub mod faults;
pub mod http;
pub mod identity;
pub mod oauth;
pub mod ops;
pub mod outbox;
pub mod persist;
pub mod seed;
pub mod sessions;
pub mod srp_auth;
pub mod state;
pub mod sts;
pub mod tokens;
pub mod users;
pub mod util;
pub mod webauthn;
pub mod verify_cmd;

use std::sync::Arc;

/// Threads driving the connections (the operations run on tokio's blocking pool).
const IO_THREADS: usize = 2;
/// Most operations running at once (they serialize on the state lock anyway).
const MAX_OPERATION_THREADS: usize = 16;

/// A started emulator.
pub struct Running {
    pub url: String,
    pub app: Arc<app::App>,
    stop: tokio::sync::oneshot::Sender<()>,
    thread: std::thread::JoinHandle<()>,
}

impl Running {
    /// Block until the server stops.
    pub fn join(self) {
        let _ = self.thread.join();
    }

    /// Stop accepting connections and wait for the server thread.
    pub fn stop(self) {
        let _ = self.stop.send(());
        let _ = self.thread.join();
    }
}

/// Load state and seed, bind, and start serving on a thread of its own.
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
    let listener = std::net::TcpListener::bind((cfg.host.as_str(), cfg.port)).map_err(|e| format!("cannot listen on {}:{}: {e}", cfg.host, cfg.port))?;
    listener.set_nonblocking(true).map_err(|e| format!("cannot listen on {}:{}: {e}", cfg.host, cfg.port))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let host = if addr.is_ipv6() { format!("[{}]", addr.ip()) } else { addr.ip().to_string() };
    let url = format!("http://{host}:{}", addr.port());
    let mut app = app::App::new(state, keys, url.clone(), cfg.region.clone(), cfg.code_ttl, cfg.state.clone());
    app.credentials_validity = cfg.credentials_validity;
    let app = Arc::new(app);
    {
        let mut st = app.lock();
        app.save(&mut st);
    }
    let server = Arc::new(http::Server {
        app: app.clone(),
        limits: cfg.limits,
        access: http::access::AccessPolicy::new(&cfg.allow_origins, &cfg.allow_hosts),
        credentials: cfg.credentials.clone(),
    });
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(IO_THREADS)
        .max_blocking_threads(MAX_OPERATION_THREADS)
        .thread_name("cogemu")
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the server's threads: {e}"))?;
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let thread = std::thread::Builder::new()
        .name("cogemu-server".into())
        .spawn(move || {
            runtime.block_on(async move {
                match tokio::net::TcpListener::from_std(listener) {
                    Ok(l) => http::serve(l, server, async move { let _ = stopped.await; }).await,
                    Err(e) => eprintln!("cognito-emulator: cannot listen: {e}"),
                }
            });
            runtime.shutdown_background();
        })
        .map_err(|e| format!("cannot start the server thread: {e}"))?;
    Ok(Running { url, app, stop, thread })
}
