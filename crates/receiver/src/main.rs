//! `einvoicing-receiver`: the local development receiver (see the library
//! and `docs/receiver.md`). Native only; on wasm32 it is an empty program so
//! the workspace's wasm32 checks pass.

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    native::main()
}

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use std::io::Write;
    use std::net::{Ipv4Addr, SocketAddr};
    use std::process::ExitCode;
    use std::time::Duration;

    use receiver::config::{self, Command};
    use receiver::{app, Receiver};

    /// How long in-flight requests (a `hang` fault, say) may keep the
    /// receiver up after Ctrl-C or SIGTERM.
    const SHUTDOWN_GRACE: Duration = Duration::from_secs(2);

    pub fn main() -> ExitCode {
        let config = match config::parse(std::env::args().skip(1), |name| std::env::var(name).ok())
        {
            Ok(Command::Run(config)) => config,
            Ok(Command::Help) => {
                print!("{}", config::USAGE);
                return ExitCode::SUCCESS;
            }
            Err(message) => {
                eprintln!("einvoicing-receiver: {message}");
                return ExitCode::from(2);
            }
        };
        let receiver = match Receiver::open_with(&config.data, config.token.clone(), config.sign_in)
        {
            Ok(receiver) => receiver,
            Err(e) => {
                eprintln!("einvoicing-receiver: {e}");
                return ExitCode::FAILURE;
            }
        };
        let runtime = match tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
        {
            Ok(runtime) => runtime,
            Err(e) => {
                eprintln!("einvoicing-receiver: cannot start the runtime: {e}");
                return ExitCode::FAILURE;
            }
        };
        match runtime.block_on(serve(config.port, receiver)) {
            Ok(()) => ExitCode::SUCCESS,
            Err(message) => {
                eprintln!("einvoicing-receiver: {message}");
                ExitCode::FAILURE
            }
        }
    }

    async fn serve(port: u16, receiver: Receiver) -> Result<(), String> {
        let address = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
        let listener = tokio::net::TcpListener::bind(address)
            .await
            .map_err(|e| format!("cannot listen on {address}: {e}"))?;
        let bound = listener
            .local_addr()
            .map_err(|e| format!("cannot read the bound address: {e}"))?;
        eprintln!(
            "einvoicing-receiver: a development and test double of the Electronic invoicing service; state in {}; {}",
            receiver.state_file().display(),
            if receiver.requires_sign_in() {
                "an access token from its sign-in (/{tenant}/oauth2/v2.0/authorize) is required on /api/ requests"
            } else if receiver.requires_token() {
                "a token is required on /api/ requests"
            } else {
                "no token required"
            }
        );
        {
            let mut stdout = std::io::stdout().lock();
            let _ = writeln!(
                stdout,
                "einvoicing-receiver listening on http://127.0.0.1:{}/",
                bound.port()
            );
            let _ = stdout.flush();
        }

        let (stopping_tx, mut stopping) = tokio::sync::watch::channel(false);
        let server = axum::serve(listener, app(receiver)).with_graceful_shutdown(async move {
            shutdown_signal().await;
            eprintln!("einvoicing-receiver: stopping");
            let _ = stopping_tx.send(true);
        });
        tokio::select! {
            result = server => result.map_err(|e| format!("the server stopped: {e}"))?,
            () = async {
                let _ = stopping.wait_for(|stop| *stop).await;
                tokio::time::sleep(SHUTDOWN_GRACE).await;
            } => eprintln!("einvoicing-receiver: closed the requests still open"),
        }
        eprintln!("einvoicing-receiver: stopped");
        Ok(())
    }

    async fn shutdown_signal() {
        let ctrl_c = async {
            let _ = tokio::signal::ctrl_c().await;
        };
        #[cfg(unix)]
        let terminate = async {
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(mut signal) => {
                    signal.recv().await;
                }
                Err(_) => std::future::pending::<()>().await,
            }
        };
        #[cfg(not(unix))]
        let terminate = std::future::pending::<()>();
        tokio::select! {
            () = ctrl_c => {}
            () = terminate => {}
        }
    }
}
