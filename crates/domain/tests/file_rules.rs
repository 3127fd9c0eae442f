//! Every rule of the workspace file, each produced by a crafted bad file:
//! the exact pointer and rule code of the one problem it causes (so one
//! mistake neither hides nor multiplies others), then many problems in one
//! file, all reported.

mod file_fixtures;

use domain::file::{export, import, rule, ImportErrors, FORMAT, MAX_BYTES, MAX_USERS};
use serde_json::{json, Value};

/// The full example's file, as a JSON value to break.
fn base() -> Value {
    serde_json::from_str(&export(&file_fixtures::full())).unwrap()
}

fn errors(text: &str) -> ImportErrors {
    match import(text) {
        Ok(_) => panic!("imported a bad file:\n{text}"),
        Err(e) => e,
    }
}

fn found(text: &str) -> Vec<(String, &'static str)> {
    errors(text)
        .problems
        .into_iter()
        .map(|p| (p.pointer, p.rule))
        .collect()
}

fn set(doc: &mut Value, pointer: &str, value: Value) {
    if let Some(slot) = doc.pointer_mut(pointer) {
        *slot = value;
        return;
    }
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    doc.pointer_mut(parent)
        .and_then(Value::as_object_mut)
        .unwrap_or_else(|| panic!("no object at {parent}"))
        .insert(key.into(), value);
}

fn remove(doc: &mut Value, pointer: &str) {
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    doc.pointer_mut(parent)
        .unwrap()
        .as_object_mut()
        .unwrap()
        .remove(key)
        .unwrap_or_else(|| panic!("no {pointer}"));
}

fn push(doc: &mut Value, pointer: &str, value: Value) {
    doc.pointer_mut(pointer)
        .unwrap()
        .as_array_mut()
        .unwrap()
        .push(value);
}

fn rename(doc: &mut Value, pointer: &str, to: &str) {
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    let object = doc.pointer_mut(parent).unwrap().as_object_mut().unwrap();
    let value = object.remove(key).unwrap();
    object.insert(to.into(), value);
}

type Case = (&'static str, fn(&mut Value), &'static str, &'static str);

/// (what, how the file is broken, pointer, rule)
const CASES: &[Case] = &[
    // What cannot be read by name is not reported again where it is named.
    (
        "entries that are not a list",
        |d| set(d, "/keyVaultReferences/0/certificates", json!({})),
        "/keyVaultReferences/0/certificates",
        rule::TYPE,
    ),
    (
        "an entry without a name",
        |d| remove(d, "/keyVaultReferences/0/certificates/0/name"),
        "/keyVaultReferences/0/certificates/0/name",
        rule::REQUIRED,
    ),
    (
        "a reference without a name",
        |d| remove(d, "/keyVaultReferences/1/name"),
        "/keyVaultReferences/1/name",
        rule::REQUIRED,
    ),
    (
        "an environment that is not an object",
        |d| set(d, "/environments/1", json!("PROD")),
        "/environments/1",
        rule::TYPE,
    ),
    (
        "wrong type",
        |d| set(d, "/environments/0/users/0/email", json!(42)),
        "/environments/0/users/0/email",
        rule::TYPE,
    ),
    (
        "a list that is not a list",
        |d| set(d, "/environments/1/numberSequences", json!({})),
        "/environments/1/numberSequences",
        rule::TYPE,
    ),
    (
        "missing field",
        |d| remove(d, "/environments/0/users/0/email"),
        "/environments/0/users/0/email",
        rule::REQUIRED,
    ),
    (
        "unknown field (a typo)",
        |d| rename(d, "/environments/1/users", "usres"),
        "/environments/1/usres",
        rule::UNKNOWN_FIELD,
    ),
    (
        "unknown top-level field",
        |d| d["status"] = json!("Published"),
        "/status",
        rule::UNKNOWN_FIELD,
    ),
    (
        "bad Key Vault URI",
        |d| {
            set(
                d,
                "/keyVaultReferences/0/uri",
                json!("http://contoso-einvoicing.vault.azure.net/"),
            )
        },
        "/keyVaultReferences/0/uri",
        rule::KEY_VAULT_URI,
    ),
    (
        "bad email",
        |d| set(d, "/environments/0/users/0/email", json!("ana@")),
        "/environments/0/users/0/email",
        rule::EMAIL,
    ),
    (
        "bad user id",
        |d| {
            set(
                d,
                "/environments/0/users/0/userId",
                json!("ana@contoso.com"),
            )
        },
        "/environments/0/users/0/userId",
        rule::USER_ID,
    ),
    (
        "bad GUID",
        |d| {
            set(
                d,
                "/environments/0/applications/0/tenantId",
                json!("8c0f0b9e"),
            )
        },
        "/environments/0/applications/0/tenantId",
        rule::GUID,
    ),
    (
        "empty justification",
        |d| {
            set(
                d,
                "/environments/0/applications/0/justification",
                json!(" "),
            )
        },
        "/environments/0/applications/0/justification",
        rule::JUSTIFICATION,
    ),
    (
        "bad environment name",
        |d| set(d, "/environments/2/name", json!("DEV 2")),
        "/environments/2/name",
        rule::ENVIRONMENT_NAME,
    ),
    (
        "bad reference name",
        |d| {
            push(
                d,
                "/keyVaultReferences",
                json!({ "name": "", "uri": "https://third.vault.azure.net/" }),
            )
        },
        "/keyVaultReferences/2/name",
        rule::NAME,
    ),
    (
        "bad description",
        |d| set(d, "/environments/1/description", json!("tab\there")),
        "/environments/1/description",
        rule::DESCRIPTION,
    ),
    (
        "bad secret name",
        |d| {
            push(
                d,
                "/keyVaultReferences/0/certificates",
                json!({ "name": "my secret", "type": "secret" }),
            )
        },
        "/keyVaultReferences/0/certificates/5/name",
        rule::SECRET_NAME,
    ),
    (
        "secret value instead of a name",
        |d| {
            push(
                d,
                "/keyVaultReferences/0/certificates",
                json!({ "name": "sv=2022-11-02&se=2026&sig=abc", "type": "secret" }),
            )
        },
        "/keyVaultReferences/0/certificates/5/name",
        rule::SECRET_NAME,
    ),
    (
        "bad entry type",
        |d| set(d, "/keyVaultReferences/1/certificates/0/type", json!("key")),
        "/keyVaultReferences/1/certificates/0/type",
        rule::ENTRY_TYPE,
    ),
    (
        "bad sequence name",
        |d| set(d, "/environments/1/numberSequences/1/name", json!("")),
        "/environments/1/numberSequences/1/name",
        rule::SEQUENCE_NAME,
    ),
    (
        "negative current value",
        |d| set(d, "/environments/1/numberSequences/0/current", json!(-1)),
        "/environments/1/numberSequences/0/current",
        rule::TYPE,
    ),
    (
        "bad tenant",
        |d| set(d, "/connectedApplications/0/tenant", json!("contoso")),
        "/connectedApplications/0/tenant",
        rule::TENANT,
    ),
    (
        "bad application URL",
        |d| {
            set(
                d,
                "/connectedApplications/1/url",
                json!("http://sandbox.example.com/"),
            )
        },
        "/connectedApplications/1/url",
        rule::APPLICATION_URL,
    ),
    (
        "connected application of another type",
        |d| {
            set(
                d,
                "/connectedApplications/0/type",
                json!("Dynamics 365 Sales"),
            )
        },
        "/connectedApplications/0/type",
        rule::CONNECTED_APPLICATION_TYPE,
    ),
    (
        "unknown geography",
        |d| {
            set(
                d,
                "/settings/serviceEndpoint",
                json!({ "geography": "xx", "il": 101 }),
            )
        },
        "/settings/serviceEndpoint/geography",
        rule::ENDPOINT,
    ),
    (
        "unknown instance",
        |d| {
            set(
                d,
                "/settings/serviceEndpoint",
                json!({ "geography": "eu", "il": 111 }),
            )
        },
        "/settings/serviceEndpoint/il",
        rule::ENDPOINT,
    ),
    (
        "instance as text",
        |d| {
            set(
                d,
                "/settings/serviceEndpoint",
                json!({ "geography": "eu", "il": "101" }),
            )
        },
        "/settings/serviceEndpoint/il",
        rule::TYPE,
    ),
    (
        "endpoint given both ways",
        |d| {
            set(
                d,
                "/settings/serviceEndpoint",
                json!({ "geography": "eu", "il": 101, "url": "https://x.contoso.com/" }),
            )
        },
        "/settings/serviceEndpoint",
        rule::ENDPOINT,
    ),
    (
        "endpoint given neither way",
        |d| set(d, "/settings/serviceEndpoint", json!({})),
        "/settings/serviceEndpoint",
        rule::REQUIRED,
    ),
    (
        "bad endpoint URL",
        |d| {
            set(
                d,
                "/settings/serviceEndpoint/url",
                json!("http://gateway.contoso.com/"),
            )
        },
        "/settings/serviceEndpoint/url",
        rule::ENDPOINT_URL,
    ),
    (
        "wait beyond 300 seconds",
        |d| set(d, "/settings/requestTimeoutSeconds", json!(301)),
        "/settings/requestTimeoutSeconds",
        rule::REQUEST_TIMEOUT,
    ),
    (
        "sign-in tenant that is neither a GUID nor a domain",
        |d| {
            set(
                d,
                "/settings/signIn",
                json!({ "tenant": "not a tenant", "clientId": "11111111-2222-4333-8444-555555555555" }),
            )
        },
        "/settings/signIn/tenant",
        rule::TENANT,
    ),
    (
        "sign-in client ID that is not a GUID",
        |d| {
            set(
                d,
                "/settings/signIn",
                json!({ "tenant": "contoso.onmicrosoft.com", "clientId": "my-app" }),
            )
        },
        "/settings/signIn/clientId",
        rule::GUID,
    ),
    (
        "sign-in without a client ID",
        |d| {
            set(
                d,
                "/settings/signIn",
                json!({ "tenant": "contoso.onmicrosoft.com" }),
            )
        },
        "/settings/signIn/clientId",
        rule::REQUIRED,
    ),
    (
        "sign-in scope with a quote",
        |d| {
            set(
                d,
                "/settings/signIn",
                json!({ "tenant": "contoso.onmicrosoft.com", "clientId": "11111111-2222-4333-8444-555555555555", "scope": "a\"b" }),
            )
        },
        "/settings/signIn/scope",
        rule::SIGN_IN_SCOPE,
    ),
    (
        "sign-in authority over http to another host",
        |d| {
            set(
                d,
                "/settings/signIn",
                json!({ "tenant": "contoso.onmicrosoft.com", "clientId": "11111111-2222-4333-8444-555555555555", "authority": "http://login.contoso.com/" }),
            )
        },
        "/settings/signIn/authority",
        rule::SIGN_IN_AUTHORITY,
    ),
    (
        "a sign-in field the console does not know",
        |d| {
            set(
                d,
                "/settings/signIn",
                json!({ "tenant": "contoso.onmicrosoft.com", "clientId": "11111111-2222-4333-8444-555555555555", "clientSecret": "x" }),
            )
        },
        "/settings/signIn/clientSecret",
        rule::UNKNOWN_FIELD,
    ),
    (
        "wait as text",
        |d| set(d, "/settings/requestTimeoutSeconds", json!("30")),
        "/settings/requestTimeoutSeconds",
        rule::TYPE,
    ),
    (
        "bad revision",
        |d| set(d, "/environments/0/published/revision", json!("\"7\"")),
        "/environments/0/published/revision",
        rule::REVISION,
    ),
    (
        "bad publication time",
        |d| set(d, "/environments/0/published/publishedAt", json!("")),
        "/environments/0/published/publishedAt",
        rule::PUBLISHED_AT,
    ),
    (
        "snapshot of another contract version",
        |d| {
            set(
                d,
                "/environments/0/published/snapshot/schemaVersion",
                json!(2),
            )
        },
        "/environments/0/published/snapshot/schemaVersion",
        rule::SCHEMA_VERSION,
    ),
    (
        "bad value in a snapshot",
        |d| {
            set(
                d,
                "/environments/0/published/snapshot/users/0/email",
                json!("ana"),
            )
        },
        "/environments/0/published/snapshot/users/0/email",
        rule::EMAIL,
    ),
    (
        "missing field in a snapshot",
        |d| remove(d, "/environments/0/published/snapshot/applications"),
        "/environments/0/published/snapshot/applications",
        rule::REQUIRED,
    ),
    // uniqueness, case-insensitive
    (
        "duplicate environment name",
        |d| set(d, "/environments/2/name", json!("uat")),
        "/environments/2/name",
        rule::UNIQUE_NAME,
    ),
    (
        "duplicate reference name",
        |d| {
            push(
                d,
                "/keyVaultReferences",
                json!({ "name": "CONTOSOKV", "uri": "https://third.vault.azure.net/" }),
            )
        },
        "/keyVaultReferences/2/name",
        rule::UNIQUE_NAME,
    ),
    (
        "duplicate entry name",
        |d| {
            push(
                d,
                "/keyVaultReferences/0/certificates",
                json!({ "name": "SIGNING", "type": "certificate" }),
            )
        },
        "/keyVaultReferences/0/certificates/5/name",
        rule::UNIQUE_NAME,
    ),
    (
        "duplicate sequence name",
        |d| {
            push(
                d,
                "/environments/1/numberSequences",
                json!({ "name": "inv" }),
            )
        },
        "/environments/1/numberSequences/2/name",
        rule::UNIQUE_NAME,
    ),
    (
        "duplicate connected application",
        |d| set(d, "/connectedApplications/1/name", json!("CONTOSO finance")),
        "/connectedApplications/1/name",
        rule::UNIQUE_NAME,
    ),
    (
        "reference listed twice",
        |d| {
            push(
                d,
                "/environments/1/keyVaultReferences",
                json!("fabrikam kv"),
            )
        },
        "/environments/1/keyVaultReferences/2",
        rule::UNIQUE_NAME,
    ),
    (
        "environment linked twice",
        |d| push(d, "/connectedApplications/0/environments", json!("prod")),
        "/connectedApplications/0/environments/2",
        rule::UNIQUE_NAME,
    ),
    (
        "duplicate user id",
        |d| {
            push(
                d,
                "/environments/0/users",
                json!({ "userId": "ANA", "email": "ana2@contoso.com" }),
            )
        },
        "/environments/0/users/1/userId",
        rule::UNIQUE_USER,
    ),
    (
        "duplicate email",
        |d| {
            push(
                d,
                "/environments/0/users",
                json!({ "userId": "ana2", "email": "ANA@contoso.com" }),
            )
        },
        "/environments/0/users/1/email",
        rule::UNIQUE_USER,
    ),
    (
        "duplicate application",
        |d| {
            let app = d.pointer("/environments/0/applications/0").unwrap().clone();
            push(d, "/environments/0/applications", app)
        },
        "/environments/0/applications/1/applicationId",
        rule::UNIQUE_APPLICATION,
    ),
    // references by name
    (
        "SAS secret pointing at a certificate",
        |d| {
            set(
                d,
                "/environments/0/storageSasTokenSecret/secretName",
                json!("signing"),
            )
        },
        "/environments/0/storageSasTokenSecret/secretName",
        rule::SAS_SECRET_REFERENCE,
    ),
    (
        "SAS secret that does not exist",
        |d| {
            set(
                d,
                "/environments/1/storageSasTokenSecret/secretName",
                json!("gone"),
            )
        },
        "/environments/1/storageSasTokenSecret/secretName",
        rule::SAS_SECRET_REFERENCE,
    ),
    (
        "SAS secret in a reference that does not exist",
        |d| {
            set(
                d,
                "/environments/1/storageSasTokenSecret/keyVaultReference",
                json!("OtherKV"),
            )
        },
        "/environments/1/storageSasTokenSecret/keyVaultReference",
        rule::SAS_SECRET_REFERENCE,
    ),
    (
        "further reference that does not exist",
        |d| set(d, "/environments/1/keyVaultReferences/0", json!("OtherKV")),
        "/environments/1/keyVaultReferences/0",
        rule::KEY_VAULT_REFERENCE,
    ),
    (
        "chain member missing",
        |d| {
            set(
                d,
                "/keyVaultReferences/0/certificates/2/chain/1",
                json!("missing-ca"),
            )
        },
        "/keyVaultReferences/0/certificates/2/chain/1",
        rule::CHAIN_MEMBER,
    ),
    (
        "chain member that is a secret",
        |d| {
            set(
                d,
                "/keyVaultReferences/0/certificates/2/chain/0",
                json!("einvoicing-sas"),
            )
        },
        "/keyVaultReferences/0/certificates/2/chain/0",
        rule::CHAIN_MEMBER,
    ),
    (
        "chain member listed twice",
        |d| {
            push(
                d,
                "/keyVaultReferences/0/certificates/2/chain",
                json!("ROOT-CA"),
            )
        },
        "/keyVaultReferences/0/certificates/2/chain/3",
        rule::CHAIN_MEMBER,
    ),
    (
        "chain member of another reference",
        |d| {
            push(
                d,
                "/keyVaultReferences/1/certificates/1/chain",
                json!("signing"),
            )
        },
        "/keyVaultReferences/1/certificates/1/chain/0",
        rule::CHAIN_MEMBER,
    ),
    (
        "chain on a certificate",
        |d| set(d, "/keyVaultReferences/0/certificates/1/chain", json!([])),
        "/keyVaultReferences/0/certificates/1/chain",
        rule::CHAIN_MEMBER,
    ),
    (
        "connected application linking a missing environment",
        |d| {
            set(
                d,
                "/connectedApplications/0/environments/1",
                json!("STAGING"),
            )
        },
        "/connectedApplications/0/environments/1",
        rule::ENVIRONMENT_LINK,
    ),
    // the document
    (
        "newer version",
        |d| set(d, "/version", json!(2)),
        "/version",
        rule::VERSION,
    ),
    (
        "version that never existed",
        |d| set(d, "/version", json!(0)),
        "/version",
        rule::VERSION,
    ),
    (
        "version as text",
        |d| set(d, "/version", json!("1")),
        "/version",
        rule::VERSION,
    ),
    (
        "no version",
        |d| remove(d, "/version"),
        "/version",
        rule::VERSION,
    ),
    (
        "another format",
        |d| set(d, "/format", json!("einvoicing-console/settings")),
        "/format",
        rule::FORMAT,
    ),
    ("no format", |d| remove(d, "/format"), "", rule::FORMAT),
    (
        "a bare publish payload",
        |d| {
            *d = d
                .pointer("/environments/0/published/snapshot")
                .unwrap()
                .clone()
        },
        "",
        rule::FORMAT,
    ),
    (
        "a list of environments",
        |d| *d = d["environments"].clone(),
        "",
        rule::FORMAT,
    ),
    (
        "too many users in one list",
        |d| {
            let users: Vec<Value> = (0..=MAX_USERS)
                .map(|i| json!({ "userId": format!("u{i}"), "email": format!("u{i}@contoso.com") }))
                .collect();
            set(d, "/environments/1/users", Value::Array(users))
        },
        "/environments/1/users",
        rule::TOO_MANY_ITEMS,
    ),
];

#[test]
fn the_base_file_is_valid() {
    let text = serde_json::to_string_pretty(&base()).unwrap();
    import(&text).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn each_broken_file_reports_its_one_problem_at_its_pointer() {
    let mut failures = Vec::new();
    for (what, break_it, pointer, rule) in CASES {
        let mut doc = base();
        break_it(&mut doc);
        let text = serde_json::to_string_pretty(&doc).unwrap();
        let got = found(&text);
        if got != [(pointer.to_string(), *rule)] {
            failures.push(format!(
                "{what}: expected {pointer} [{rule}], got {got:?}\n  {}",
                errors(&text)
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

/// Texts that are not JSON, or not within the limits.
#[test]
fn text_problems_are_reported_for_the_whole_file() {
    let deep = format!(
        "{{\"format\": \"{FORMAT}\", \"version\": 1, \"environments\": [{}{}]}}",
        "[".repeat(70),
        "]".repeat(70)
    );
    let cases: Vec<(String, &str, &str)> = vec![
        (String::new(), "", rule::JSON),
        ("  \n".into(), "", rule::JSON),
        ("{\"format\": ".into(), "", rule::JSON),
        ("{'format': 1}".into(), "", rule::JSON),
        ("[1, 2,]".into(), "", rule::JSON),
        ("null".into(), "", rule::FORMAT),
        ("\"einvoicing-console/workspace\"".into(), "", rule::FORMAT),
        (deep, "/environments/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0", rule::TOO_DEEP),
        (format!("[{}0]", "0,".repeat(100_000)), "/100000", rule::TOO_MANY_ITEMS),
        (format!("{}{}", " ".repeat(MAX_BYTES), "{}"), "", rule::TOO_LARGE),
    ];
    for (text, pointer, rule) in cases {
        let shown: String = text.chars().take(40).collect();
        assert_eq!(found(&text), [(pointer.to_string(), rule)], "{shown:?}");
    }
}

#[test]
fn the_messages_say_what_the_file_is_and_what_to_do() {
    let message = |text: &str| errors(text).problems[0].message.clone();
    let mut doc = base();
    set(&mut doc, "/version", json!(3));
    assert!(message(&doc.to_string())
        .contains("newer version of the console (workspace file version 3)"));
    let payload = base()["environments"][0]["published"]["snapshot"].to_string();
    assert!(message(&payload).contains("publish payload"));
    assert!(message("{}").starts_with("This is not a workspace file"));
    assert!(message("{\"format\": 1").starts_with("This is not valid JSON"));
    assert!(message("").starts_with("The file is empty"));
    let mut doc = base();
    rename(&mut doc, "/environments/1/users", "usres");
    assert!(message(&doc.to_string()).contains("(did you mean 'users'?)"));
    let mut doc = base();
    set(&mut doc, "/environments/0/users/0/email", json!(42));
    assert_eq!(message(&doc.to_string()), "Expected a string, found 42.");
    let mut doc = base();
    remove(&mut doc, "/environments/0/users/0/email");
    assert_eq!(
        message(&doc.to_string()),
        "This user has no 'email'; it is required."
    );
    let mut doc = base();
    set(&mut doc, "/environments/0/users/0/email", json!("ana@"));
    assert_eq!(
        message(&doc.to_string()),
        domain::values::Email::parse("ana@")
            .unwrap_err()
            .to_string(),
        "a value's message is its constructor's"
    );
}

#[test]
fn a_field_named_twice_is_reported_and_the_rest_still_read() {
    let text = export(&file_fixtures::full())
        .replacen(
            "\"name\": \"PROD\",",
            "\"name\": \"PROD\", \"name\": \"PROD\",",
            1,
        )
        .replacen(
            "\"userId\": \"ana\",",
            "\"userId\": \"ana\", \"email\": 7,",
            1,
        );
    assert_eq!(
        found(&text),
        [
            (
                "/environments/0/users/0/email".to_string(),
                rule::DUPLICATE_FIELD
            ),
            ("/environments/1/name".to_string(), rule::DUPLICATE_FIELD),
        ]
    );
}

#[test]
fn many_problems_in_one_file_are_all_reported_in_file_order() {
    let mut doc = base();
    set(&mut doc, "/keyVaultReferences/0/uri", json!("contoso"));
    set(
        &mut doc,
        "/keyVaultReferences/0/certificates/2/chain/1",
        json!("nope"),
    );
    set(
        &mut doc,
        "/environments/0/users/0/email",
        json!("ana at contoso"),
    );
    rename(&mut doc, "/environments/0/applications", "aplications");
    set(
        &mut doc,
        "/environments/1/storageSasTokenSecret/secretName",
        json!("signing"),
    );
    set(&mut doc, "/environments/2/name", json!("Uat"));
    push(
        &mut doc,
        "/environments/2/users",
        json!({ "userId": "BO", "email": "bo2@contoso.com" }),
    );
    set(
        &mut doc,
        "/connectedApplications/0/environments/1",
        json!("STAGING"),
    );
    set(&mut doc, "/connectedApplications/1/tenant", json!(12));
    set(
        &mut doc,
        "/settings/serviceEndpoint",
        json!({ "geography": "mars", "il": 1 }),
    );
    let got = found(&serde_json::to_string_pretty(&doc).unwrap());
    let expected = [
        ("/keyVaultReferences/0/uri", rule::KEY_VAULT_URI),
        (
            "/keyVaultReferences/0/certificates/2/chain/1",
            rule::CHAIN_MEMBER,
        ),
        ("/environments/0/aplications", rule::UNKNOWN_FIELD),
        ("/environments/0/users/0/email", rule::EMAIL),
        (
            "/environments/1/storageSasTokenSecret/secretName",
            rule::SAS_SECRET_REFERENCE,
        ),
        ("/environments/2/name", rule::UNIQUE_NAME),
        ("/environments/2/users/2/userId", rule::UNIQUE_USER),
        (
            "/connectedApplications/0/environments/1",
            rule::ENVIRONMENT_LINK,
        ),
        ("/connectedApplications/1/tenant", rule::TYPE),
        ("/settings/serviceEndpoint/geography", rule::ENDPOINT),
    ];
    let expected: Vec<(String, &str)> = expected.iter().map(|(p, r)| (p.to_string(), *r)).collect();
    assert_eq!(got, expected);
}

#[test]
fn display_prints_one_line_per_problem() {
    let mut doc = base();
    set(&mut doc, "/environments/0/users/0/email", json!("ana@"));
    doc["environments"][0]["weird\nfield/~"] = json!(1);
    let e = errors(&doc.to_string());
    let text = e.to_string();
    assert_eq!(text.lines().count(), e.len());
    assert!(
        text.contains("/environments/0/weird\\nfield~1~0: 'weird\\nfield/~' is not a field"),
        "{text}"
    );
    assert!(text
        .lines()
        .any(|l| l.starts_with("/environments/0/users/0/email: ") && l.ends_with(" [email]")));
    let root = errors("{}").to_string();
    assert!(
        root.ends_with("[format]") && !root.starts_with(':'),
        "{root}"
    );
}

#[test]
fn lenient_where_a_person_would_expect_it() {
    // A byte-order mark, optional fields left out, labels for types,
    // names in another case, the minimal file.
    let text = format!("\u{feff}{{\"format\": \"{FORMAT}\", \"version\": 1}}");
    assert!(import(&text).unwrap().environments().is_empty());
    let text = json!({
        "format": FORMAT, "version": 1,
        "keyVaultReferences": [{ "name": "KV", "uri": "HTTPS://KV-ONE.VAULT.AZURE.NET", "certificates": [
            { "name": "sas", "type": "Secret" },
            { "name": "c", "type": "Certificate" },
            { "name": "ch", "type": "Certificate chain", "chain": ["C"] } ] }],
        "environments": [{ "name": "UAT", "storageSasTokenSecret": { "keyVaultReference": "kv", "secretName": "SAS" },
                           "users": [{ "userId": "ana", "email": "ana@contoso.com" }] }],
        "connectedApplications": [{ "name": "Finance", "url": "https://contoso.operations.dynamics.com",
                                    "tenant": "contoso.com", "environments": ["uat"] }],
        "settings": {}
    });
    let ws = import(&text.to_string()).unwrap_or_else(|e| panic!("{e}"));
    let back: Value = serde_json::from_str(&export(&ws)).unwrap();
    assert_eq!(
        back["keyVaultReferences"][0]["uri"],
        "https://kv-one.vault.azure.net/"
    );
    assert_eq!(
        back["keyVaultReferences"][0]["certificates"][2]["chain"],
        json!(["c"])
    );
    assert_eq!(back["environments"][0]["description"], "");
    assert_eq!(
        back["connectedApplications"][0]["environments"],
        json!(["UAT"])
    );
    assert!(ws.problems(ws.environments()[0].id()).is_empty());
}

#[test]
fn every_rule_code_is_exercised_here_or_is_not_an_import_rule() {
    let mut seen: Vec<&str> = CASES.iter().map(|c| c.3).collect();
    seen.extend([
        rule::JSON,
        rule::TOO_DEEP,
        rule::TOO_LARGE,
        rule::DUPLICATE_FIELD,
    ]);
    for code in rule::ALL {
        if [rule::WORKSPACE, rule::PUBLISH].contains(code) {
            continue;
        }
        assert!(seen.contains(code), "no test produces {code}");
    }
}
