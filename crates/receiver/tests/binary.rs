//! The real program: it reads its command line over the environment; started
//! with `--port 0`, it prints where it listens, answers plain HTTP/1.1 on
//! 127.0.0.1, and stops on SIGTERM.
#![cfg(not(target_arch = "wasm32"))]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use receiver::config::{self, Command as Run, Config};
use receiver::SignInOptions;

/// Kills the child if the test fails before stopping it.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn the_binary_listens_on_the_port_it_prints_and_answers_http() {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let data = std::env::temp_dir().join(format!(
        "einvoicing-receiver-test-binary-{}-{nanos}",
        std::process::id()
    ));
    let child = Command::new(env!("CARGO_BIN_EXE_einvoicing-receiver"))
        .args(["--port", "0", "--data"])
        .arg(&data)
        .env_remove("RECEIVER_PORT")
        .env_remove("RECEIVER_DATA")
        .env_remove("RECEIVER_TOKEN")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the receiver starts");
    let mut running = Running(child);

    let mut line = String::new();
    BufReader::new(running.0.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let prefix = "einvoicing-receiver listening on http://127.0.0.1:";
    let port: u16 = line
        .trim_end()
        .strip_prefix(prefix)
        .and_then(|rest| rest.strip_suffix('/'))
        .and_then(|port| port.parse().ok())
        .unwrap_or_else(|| panic!("unexpected first line: {line:?}"));
    assert_ne!(port, 0);

    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream
        .write_all(
            b"GET /api/v1/environments HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\nOrigin: http://127.0.0.1:8080\r\nConnection: close\r\n\r\n",
        )
        .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    assert!(response.starts_with("HTTP/1.1 200 OK\r\n"), "{response}");
    let lower = response.to_ascii_lowercase();
    assert!(
        lower.contains("\r\ncontent-type: application/json\r\n"),
        "{response}"
    );
    assert!(
        lower.contains("\r\naccess-control-allow-origin: http://127.0.0.1:8080\r\n"),
        "{response}"
    );
    assert!(response.ends_with("\r\n\r\n[]"), "{response}");
    assert!(data.join(receiver::STATE_FILE).is_file());

    // SIGTERM stops it cleanly.
    #[cfg(unix)]
    {
        let pid = running.0.id().to_string();
        let sent = Command::new("kill").args(["-TERM", &pid]).status().unwrap();
        assert!(sent.success());
        let deadline = Instant::now() + Duration::from_secs(10);
        let status = loop {
            if let Some(status) = running.0.try_wait().unwrap() {
                break status;
            }
            assert!(Instant::now() < deadline, "still running after SIGTERM");
            std::thread::sleep(Duration::from_millis(20));
        };
        assert!(status.success(), "{status}");
    }
    let _ = std::fs::remove_dir_all(&data);
}

#[test]
fn the_command_line_reads_flags_over_the_environment() {
    let env = |name: &str| match name {
        "RECEIVER_PORT" => Some("9000".to_string()),
        "RECEIVER_TOKEN" => Some("from-env".to_string()),
        _ => None,
    };
    let args = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(
        config::parse(args(&[]), env),
        Ok(Run::Run(Config {
            port: 9000,
            data: PathBuf::from("target/receiver-data"),
            token: Some("from-env".into()),
            sign_in: SignInOptions::default(),
        }))
    );
    assert_eq!(
        config::parse(
            args(&["--port", "0", "--data=/tmp/x", "--token", "t"]),
            |_| None
        ),
        Ok(Run::Run(Config {
            port: 0,
            data: PathBuf::from("/tmp/x"),
            token: Some("t".into()),
            sign_in: SignInOptions::default(),
        }))
    );
    assert_eq!(
        config::parse(args(&[]), |_| None),
        Ok(Run::Run(Config {
            port: 8081,
            data: PathBuf::from("target/receiver-data"),
            token: None,
            sign_in: SignInOptions::default(),
        }))
    );
    assert_eq!(config::parse(args(&["--help"]), |_| None), Ok(Run::Help));
    assert!(config::parse(args(&["--port", "http"]), |_| None).is_err());
    assert!(config::parse(args(&["--port"]), |_| None).is_err());
    assert!(config::parse(args(&["--verbose"]), |_| None).is_err());
    assert_eq!(
        config::parse(
            args(&["--require-sign-in", "--token-lifetime", "5"]),
            |_| None
        ),
        Ok(Run::Run(Config {
            port: 8081,
            data: PathBuf::from("target/receiver-data"),
            token: None,
            sign_in: SignInOptions {
                required: true,
                token_lifetime: std::time::Duration::from_secs(5)
            },
        }))
    );
    let from_env = |name: &str| match name {
        "RECEIVER_REQUIRE_SIGN_IN" => Some("1".to_string()),
        "RECEIVER_TOKEN_LIFETIME" => Some("30".to_string()),
        _ => None,
    };
    match config::parse(args(&[]), from_env) {
        Ok(Run::Run(c)) => assert_eq!(
            c.sign_in,
            SignInOptions {
                required: true,
                token_lifetime: std::time::Duration::from_secs(30)
            }
        ),
        other => panic!("{other:?}"),
    }
    assert!(config::parse(args(&["--token-lifetime", "0"]), |_| None).is_err());
    assert!(config::parse(args(&["--require-sign-in=yes"]), |_| None).is_err());
}
