//! The real binary on files written to a temporary directory: what it
//! prints and its exit status, for valid, invalid, unreadable and
//! not-yet-publishable files of workspace file versions 1 and 2, standard
//! input and wrong arguments.
#![cfg(not(target_arch = "wasm32"))]

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

const BIN: &str = env!("CARGO_BIN_EXE_einvoicing-validate");

/// A directory of its own for each test, removed when the test ends.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> TempDir {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "einvoicing-validate-test-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }
    fn write(&self, name: &str, text: impl AsRef<[u8]>) -> PathBuf {
        let path = self.0.join(name);
        std::fs::write(&path, text).unwrap();
        path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl From<Output> for Run {
    fn from(output: Output) -> Run {
        Run {
            code: output.status.code().expect("exited"),
            stdout: String::from_utf8(output.stdout).unwrap(),
            stderr: String::from_utf8(output.stderr).unwrap(),
        }
    }
}

/// Runs the binary in `dir` (so output names files as given).
fn run(dir: &TempDir, args: &[&str]) -> Run {
    Command::new(BIN)
        .args(args)
        .current_dir(&dir.0)
        .output()
        .unwrap()
        .into()
}

fn run_stdin(dir: &TempDir, args: &[&str], input: &str) -> Run {
    let mut child = Command::new(BIN)
        .args(args)
        .current_dir(&dir.0)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap().into()
}

/// A real version 1 file, written by the release before version 2.
const V1: &str = include_str!("../../domain/tests/file_fixtures/v1-with-chain.json");

/// Two environments, both ready to publish, one reference.
const VALID: &str = r#"{
  "format": "einvoicing-console/workspace",
  "version": 2,
  "keyVaultReferences": [
    { "name": "ContosoKV", "description": "", "uri": "https://contoso-einvoicing.vault.azure.net/",
      "certificates": [ { "name": "einvoicing-sas", "description": "", "type": "secret" } ] }
  ],
  "environments": [
    { "name": "UAT", "description": "",
      "storageSasTokenSecret": { "keyVaultReference": "ContosoKV", "secretName": "einvoicing-sas" },
      "users": [ { "userId": "ana", "email": "ana@contoso.com" } ] },
    { "name": "PROD",
      "storageSasTokenSecret": { "keyVaultReference": "contosokv", "secretName": "einvoicing-sas" },
      "users": [ { "userId": "bo", "email": "bo@contoso.com" } ] }
  ],
  "connectedApplications": [],
  "settings": { "serviceEndpoint": { "geography": "eu", "il": 101 } }
}"#;

#[test]
fn a_valid_file_passes_with_a_summary() {
    let dir = TempDir::new();
    dir.write("workspace.json", VALID);
    let r = run(&dir, &["workspace.json"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert_eq!(
        r.stdout,
        "workspace.json: valid (workspace file version 2; 2 environments, 1 Key Vault reference)\n"
    );
    assert_eq!(r.stderr, "");
}

#[test]
fn an_invalid_file_lists_each_problem_with_pointer_and_rule() {
    let dir = TempDir::new();
    let text = VALID
        .replace("ana@contoso.com", "ana@")
        .replace("\"name\": \"PROD\"", "\"name\": \"uat\"")
        .replace(
            "\"users\": [ { \"userId\": \"bo\"",
            "\"usres\": [ { \"userId\": \"bo\"",
        );
    dir.write("workspace.json", text);
    let r = run(&dir, &["workspace.json"]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines.len(), 4, "{}", r.stdout);
    assert!(lines[0].starts_with(
        "workspace.json:/environments/0/users/0/email: 'ana@' is not a valid email address"
    ));
    assert!(lines[0].ends_with(" [email]"));
    assert!(lines[1].starts_with("workspace.json:/environments/1/usres: 'usres' is not a field"));
    assert!(lines[1].ends_with(" [unknown-field]"));
    assert!(lines[2].starts_with(
        "workspace.json:/environments/1/name: A service environment named 'uat' already exists"
    ));
    assert!(lines[2].ends_with(" [unique-name]"));
    assert_eq!(
        lines[3],
        "workspace.json: 3 problems (workspace file version 2)"
    );
}

#[test]
fn a_missing_file_cannot_be_read() {
    let dir = TempDir::new();
    let r = run(&dir, &["missing.json"]);
    assert_eq!(r.code, 2);
    assert_eq!(r.stdout, "");
    assert!(
        r.stderr.starts_with("missing.json: cannot read the file: "),
        "{}",
        r.stderr
    );
}

#[test]
fn a_directory_or_non_utf8_file_cannot_be_read() {
    let dir = TempDir::new();
    std::fs::create_dir(dir.0.join("sub")).unwrap();
    dir.write("latin1.json", b"{\"name\": \"Jos\xe9\"}");
    dir.write("utf16.json", b"\xff\xfe{\x00}\x00");
    for (file, says) in [
        ("sub", "it is a directory"),
        ("latin1.json", "not UTF-8"),
        ("utf16.json", "UTF-16"),
    ] {
        let r = run(&dir, &[file]);
        assert_eq!(r.code, 2, "{file}");
        assert!(r.stderr.contains(says), "{file}: {}", r.stderr);
    }
}

/// Readable but not JSON is an invalid workspace file (exit 1, a `json`
/// problem), not an unreadable one: the file is there, its content is
/// wrong, and the message says where.
#[test]
fn text_that_is_not_json_is_invalid_not_unreadable() {
    let dir = TempDir::new();
    dir.write("notes.json", "format: einvoicing-console/workspace\n");
    let r = run(&dir, &["notes.json"]);
    assert_eq!(r.code, 1);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{}", r.stdout);
    assert!(
        lines[0].starts_with("notes.json: This is not valid JSON: "),
        "{}",
        lines[0]
    );
    assert!(lines[0].ends_with(" [json]"));
    assert_eq!(lines[1], "notes.json: 1 problem");
}

#[test]
fn environments_not_ready_are_listed_and_fail_only_when_required() {
    let dir = TempDir::new();
    let text = VALID.replace(
        "\"users\": [ { \"userId\": \"bo\", \"email\": \"bo@contoso.com\" } ]",
        "\"users\": []",
    );
    dir.write("workspace.json", text);
    let not_ready = "workspace.json:/environments/1: not ready to publish: Add at least one user who may submit electronic invoices through this environment. [publish]";

    let r = run(&dir, &["workspace.json"]);
    assert_eq!(r.code, 0);
    assert_eq!(
        r.stdout,
        format!("{not_ready}\nworkspace.json: valid (workspace file version 2; 2 environments, 1 Key Vault reference; 1 environment not ready to publish)\n")
    );

    let r = run(&dir, &["--require-publishable", "workspace.json"]);
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stdout,
        format!("{not_ready}\nworkspace.json: not publishable (workspace file version 2; 2 environments, 1 Key Vault reference; 1 environment not ready to publish)\n")
    );
}

#[test]
fn standard_input_is_read_with_a_dash() {
    let dir = TempDir::new();
    let r = run_stdin(&dir, &["-"], VALID);
    assert_eq!(r.code, 0);
    assert_eq!(
        r.stdout,
        "<stdin>: valid (workspace file version 2; 2 environments, 1 Key Vault reference)\n"
    );
    let r = run_stdin(&dir, &["-"], "{\"schemaVersion\": 1, \"name\": \"UAT\"}");
    assert_eq!(r.code, 1);
    assert!(
        r.stdout.starts_with("<stdin>: This is a publish payload"),
        "{}",
        r.stdout
    );
}

#[test]
fn several_files_exit_with_the_worst_status() {
    let dir = TempDir::new();
    dir.write("good.json", VALID);
    dir.write("bad.json", "{}");
    let r = run(&dir, &["good.json", "bad.json"]);
    assert_eq!(r.code, 1);
    assert!(r.stdout.contains("good.json: valid"));
    assert!(r.stdout.contains("bad.json: 1 problem"));
    let r = run(&dir, &["good.json", "gone.json", "bad.json"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stdout.contains("bad.json: 1 problem"),
        "the other files are still checked"
    );
}

#[test]
fn a_file_over_the_limit_is_refused_unread() {
    let dir = TempDir::new();
    let path = dir.write("huge.json", "");
    std::fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_len(11 * 1024 * 1024)
        .unwrap();
    let r = run(&dir, &["huge.json"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stdout
            .starts_with("huge.json: The file is 11534336 bytes"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("[too-large]"));
}

#[test]
fn wrong_arguments_show_the_usage() {
    let dir = TempDir::new();
    for args in [&[][..], &["--strict", "a.json"], &["-", "-"]] {
        let r = run(&dir, args);
        assert_eq!(r.code, 2, "{args:?}");
        assert!(r.stderr.contains("Usage: einvoicing-validate"), "{args:?}");
        assert_eq!(r.stdout, "");
    }
    let r = run(&dir, &["--help"]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.starts_with("Usage: einvoicing-validate"));
    let r = run(&dir, &["--version"]);
    assert_eq!(r.code, 0);
    assert!(
        r.stdout
            .ends_with(" (reads workspace file versions 1 and 2)\n"),
        "{}",
        r.stdout
    );
}

#[test]
fn a_version_1_file_is_read_and_the_summary_says_so() {
    let dir = TempDir::new();
    dir.write("v1.json", V1);
    let r = run(&dir, &["v1.json"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(
        lines,
        [
            "v1.json:/environments/0: not ready to publish: Application 3d2c1b0a-9f8e-7d6c-5b4a-392817160504 has no name: the service now lists applications by name. Enter its display name under Applications. [publish]",
            "v1.json:/environments/1: not ready to publish: Add at least one user who may submit electronic invoices through this environment. [publish]",
            "v1.json:/environments/1: not ready to publish: Chain of certificates 'empty-chain' of Key Vault reference 'Fabrikam KV' has no certificates. Add them, root first. [publish]",
            "v1.json: valid (workspace file version 1, migrated to version 2 on reading; 3 environments, 2 Key Vault references; 2 environments not ready to publish)",
        ]
    );
    let r = run(&dir, &["--require-publishable", "v1.json"]);
    assert_eq!(r.code, 1);
    assert!(r.stdout.ends_with("v1.json: not publishable (workspace file version 1, migrated to version 2 on reading; 3 environments, 2 Key Vault references; 2 environments not ready to publish)\n"), "{}", r.stdout);
}

/// A problem of a version 1 file is reported where it is in that file,
/// and one in a chain entry says it is one.
#[test]
fn a_version_1_file_s_problems_point_into_that_file() {
    let dir = TempDir::new();
    let long = "c".repeat(110);
    let text = V1
        .replacen(
            "\"name\": \"signing-chain\"",
            &format!("\"name\": \"{long}\""),
            1,
        )
        .replacen(
            "\"issuing-ca\",\n            \"signing\"",
            "\"issuing-ca\",\n            \"nope\"",
            1,
        );
    dir.write("v1.json", text);
    let r = run(&dir, &["v1.json"]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{}", r.stdout);
    assert!(
        lines[0].starts_with("v1.json:/keyVaultReferences/0/certificates/2/name: A name must be at most 100 characters"),
        "{}",
        lines[0]
    );
    assert!(lines[0].ends_with(" (This is a certificate chain entry of a version 1 file: it is read as a chain of certificates of its Key Vault reference, as version 2 lists it under certificateChains, with the general Name rule for its name.) [name]"), "{}", lines[0]);
    assert!(
        lines[1].starts_with("v1.json:/keyVaultReferences/0/certificates/2/chain/2: Key Vault reference 'ContosoKV' has no entry named 'nope'."),
        "{}",
        lines[1]
    );
    assert!(lines[1].ends_with(" [chain-member]"));
    assert_eq!(
        lines[2],
        "v1.json: 2 problems (workspace file version 1, migrated to version 2 on reading)"
    );
}

#[test]
fn version_2_s_additions_are_checked() {
    let dir = TempDir::new();
    let text = VALID
        .replace(
            "\"type\": \"secret\" } ] }",
            "\"type\": \"secret\" }, { \"name\": \"root-ca\", \"type\": \"certificate\" } ],
      \"certificateChains\": [ { \"name\": \"Signing chain\", \"certificates\": [\"root-ca\"] } ] }",
        )
        .replace(
            "{ \"name\": \"UAT\", \"description\": \"\",",
            "{ \"name\": \"UAT\", \"description\": \"\", \"dataverseEndpointUri\": \"https://contoso.crm.dynamics.com/api/data/v9.1/\",",
        );
    dir.write("v2.json", &text);
    let r = run(&dir, &["v2.json"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert_eq!(
        r.stdout,
        "v2.json: valid (workspace file version 2; 2 environments, 1 Key Vault reference)\n"
    );

    let bad = text
        .replace(
            "contoso-einvoicing.vault.azure.net",
            "contoso-hsm.managedhsm.azure.net",
        )
        .replace("/api/data/v9.1/", "/")
        .replace("[\"root-ca\"]", "[\"einvoicing-sas\"]");
    dir.write("bad.json", bad);
    let r = run(&dir, &["bad.json"]);
    assert_eq!(r.code, 1);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines.len(), 4, "{}", r.stdout);
    assert_eq!(
        lines[0],
        "bad.json:/keyVaultReferences/0/uri: 'https://contoso-hsm.managedhsm.azure.net…' is a Managed HSM, not a key vault: a Managed HSM holds only HSM-protected keys, never the secrets and certificates the Electronic invoicing service reads. Enter the URI of the key vault that holds them instead, https://{vault}.vault.azure.net/ (the Vault URI on the vault's Overview page in the Azure portal). [key-vault-uri]"
    );
    assert_eq!(
        lines[1],
        "bad.json:/keyVaultReferences/0/certificateChains/0/certificates/0: 'einvoicing-sas' cannot be in chain 'Signing chain': a chain's members must be entries of Type Certificate. [chain-member]"
    );
    assert!(
        lines[2].starts_with("bad.json:/environments/0/dataverseEndpointUri: ")
            && lines[2].ends_with(
                " Did you mean https://contoso.crm.dynamics.com/api/data/v9.1/? [dataverse-uri]"
            ),
        "{}",
        lines[2]
    );
    assert_eq!(lines[3], "bad.json: 3 problems (workspace file version 2)");
}

#[test]
fn a_file_of_a_newer_version_is_refused_without_a_version_read() {
    let dir = TempDir::new();
    dir.write("v3.json", VALID.replace("\"version\": 2", "\"version\": 3"));
    let r = run(&dir, &["v3.json"]);
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stdout,
        "v3.json:/version: This file comes from a newer version of the console (workspace file version 3); this console reads versions 1 and 2. Update the console, or export the workspace again from a console that writes version 2. [version]\nv3.json: 1 problem\n"
    );
}
