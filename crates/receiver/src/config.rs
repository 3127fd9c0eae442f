//! The command line: `einvoicing-receiver [--port N] [--data DIR] [--token
//! TOKEN] [--require-sign-in] [--token-lifetime SECONDS]`, each also from
//! `RECEIVER_PORT`, `RECEIVER_DATA`, `RECEIVER_TOKEN`,
//! `RECEIVER_REQUIRE_SIGN_IN` (`1`), `RECEIVER_TOKEN_LIFETIME` (the command
//! line wins).

use std::path::PathBuf;
use std::time::Duration;

use crate::auth::SignInOptions;

pub const DEFAULT_PORT: u16 = 8081;
pub const DEFAULT_DATA: &str = "target/receiver-data";

pub const USAGE: &str = "\
einvoicing-receiver: the local development receiver, a test double of the
Electronic invoicing service's publish contract (docs/receiver.md). It binds
127.0.0.1 only.

Usage: einvoicing-receiver [--port N] [--data DIR] [--token TOKEN]
                           [--require-sign-in] [--token-lifetime SECONDS]

  --port N         port on 127.0.0.1 (default 8081; 0 = any free port)    [RECEIVER_PORT]
  --data DIR       where receiver-state.json is kept
                   (default target/receiver-data)                         [RECEIVER_DATA]
  --token TOKEN    require Authorization: Bearer TOKEN on /api/ requests
                   (default: no token required)                           [RECEIVER_TOKEN]
  --require-sign-in
                   require an unexpired access token issued by the
                   authorization server double (/{tenant}/oauth2/v2.0/...)
                   on /api/ requests                   [RECEIVER_REQUIRE_SIGN_IN=1]
  --token-lifetime SECONDS
                   how long its access tokens last (default 300)  [RECEIVER_TOKEN_LIFETIME]
  -h, --help       this text

When ready it prints one line to stdout:
  einvoicing-receiver listening on http://127.0.0.1:PORT/
";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    pub port: u16,
    pub data: PathBuf,
    pub token: Option<String>,
    pub sign_in: SignInOptions,
}

/// What the command line asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    Run(Config),
    Help,
}

fn port(value: &str, from: &str) -> Result<u16, String> {
    value
        .trim()
        .parse()
        .map_err(|_| format!("{from} must be a port number from 0 to 65535; '{value}' is not"))
}

fn lifetime(value: &str, from: &str) -> Result<Duration, String> {
    match value.trim().parse::<u64>() {
        Ok(n) if (1..=86_400).contains(&n) => Ok(Duration::from_secs(n)),
        _ => Err(format!(
            "{from} must be a number of seconds from 1 to 86400; '{value}' is not"
        )),
    }
}

/// Reads the arguments (without the program name) over the environment
/// (`env` looks a variable up).
pub fn parse(
    args: impl IntoIterator<Item = String>,
    env: impl Fn(&str) -> Option<String>,
) -> Result<Command, String> {
    let mut config = Config {
        port: match env("RECEIVER_PORT").filter(|v| !v.trim().is_empty()) {
            Some(v) => port(&v, "RECEIVER_PORT")?,
            None => DEFAULT_PORT,
        },
        data: env("RECEIVER_DATA")
            .filter(|v| !v.trim().is_empty())
            .map_or_else(|| PathBuf::from(DEFAULT_DATA), PathBuf::from),
        token: env("RECEIVER_TOKEN").filter(|v| !v.is_empty()),
        sign_in: SignInOptions {
            required: env("RECEIVER_REQUIRE_SIGN_IN").is_some_and(|v| v.trim() == "1"),
            token_lifetime: match env("RECEIVER_TOKEN_LIFETIME").filter(|v| !v.trim().is_empty()) {
                Some(v) => lifetime(&v, "RECEIVER_TOKEN_LIFETIME")?,
                None => SignInOptions::default().token_lifetime,
            },
        },
    };
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => {
                (flag.to_string(), Some(value.to_string()))
            }
            _ => (arg.clone(), None),
        };
        let mut value = |name: &str| {
            inline
                .clone()
                .or_else(|| args.next())
                .ok_or_else(|| format!("{name} needs a value"))
        };
        match flag.as_str() {
            "--port" => config.port = port(&value("--port")?, "--port")?,
            "--data" => config.data = PathBuf::from(value("--data")?),
            "--token" => config.token = Some(value("--token")?).filter(|t| !t.is_empty()),
            "--require-sign-in" if inline.is_none() => config.sign_in.required = true,
            "--token-lifetime" => {
                config.sign_in.token_lifetime =
                    lifetime(&value("--token-lifetime")?, "--token-lifetime")?
            }
            "-h" | "--help" => return Ok(Command::Help),
            other => return Err(format!("unknown argument '{other}' (see --help)")),
        }
    }
    Ok(Command::Run(config))
}
