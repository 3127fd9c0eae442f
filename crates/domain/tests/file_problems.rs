//! What import reports beyond one broken value: text that is not a
//! workspace file, its messages, fields named twice, many problems in one
//! file in the order of the file, one line each, and what it forgives.

mod file_fixtures;

use domain::file::{export, import, rule, FORMAT, MAX_BYTES};
use file_fixtures::edit::{base, errors, found, push, remove, rename, set};
use serde_json::{json, Value};

/// Texts that are not JSON, or not within the limits.
#[test]
fn text_problems_are_reported_for_the_whole_file() {
    let deep = format!(
        "{{\"format\": \"{FORMAT}\", \"version\": 2, \"environments\": [{}{}]}}",
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
        "/keyVaultReferences/0/certificateChains/0/certificates/1",
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
            "/keyVaultReferences/0/certificateChains/0/certificates/1",
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
    // names in another case, the minimal file; in version 1, the label of
    // a chain entry too.
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
        back["keyVaultReferences"][0]["certificateChains"],
        json!([{ "name": "ch", "description": "", "certificates": ["c"] }])
    );
    assert_eq!(back["environments"][0]["description"], "");
    assert_eq!(
        back["connectedApplications"][0]["environments"],
        json!(["UAT"])
    );
    assert!(ws.problems(ws.environments()[0].id()).is_empty());
}

#[test]
fn lenient_in_version_2_as_in_version_1() {
    let text = json!({
        "format": FORMAT, "version": 2,
        "keyVaultReferences": [{ "name": "KV", "uri": "https://kv-one.vault.azure.net", "certificates": [
            { "name": "sas", "type": " SECRET " },
            { "name": "root", "type": "Certificate" },
            { "name": "leaf", "type": "certificate" } ],
            "certificateChains": [{ "name": " Signing chain ", "certificates": ["ROOT", "Leaf"] }] }],
        "environments": [{ "name": "UAT", "dataverseEndpointUri": " HTTPS://Contoso.CRM.dynamics.com/API/data/v9.2 ",
                           "storageSasTokenSecret": { "keyVaultReference": "kv", "secretName": "SAS" },
                           "users": [{ "userId": "ana", "email": "ana@contoso.com" }],
                           "applications": [{ "name": " Contoso POS ",
                               "tenantId": "{8C0F0B9E-1F5E-4C55-9D0A-3C1A1F2B3C4D}",
                               "lcsEnvironmentId": "0f3a2b1c-4d5e-6f70-8192-a3b4c5d6e7f8",
                               "applicationId": "3d2c1b0a-9f8e-7d6c-5b4a-392817160504",
                               "objectId": "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d",
                               "justification": "POS" }] }]
    });
    let ws = import(&text.to_string()).unwrap_or_else(|e| panic!("{e}"));
    let back: Value = serde_json::from_str(&export(&ws)).unwrap();
    assert_eq!(
        back["keyVaultReferences"][0]["certificateChains"],
        json!([{ "name": "Signing chain", "description": "", "certificates": ["root", "leaf"] }])
    );
    assert_eq!(
        back["environments"][0]["dataverseEndpointUri"],
        "https://contoso.crm.dynamics.com/api/data/v9.2/"
    );
    assert_eq!(
        back["environments"][0]["applications"][0]["name"],
        "Contoso POS"
    );
    assert_eq!(
        back["environments"][0]["applications"][0]["tenantId"],
        "8c0f0b9e-1f5e-4c55-9d0a-3c1a1f2b3c4d"
    );
    assert!(ws.problems(ws.environments()[0].id()).is_empty());
}
