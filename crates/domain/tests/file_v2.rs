//! What version 2 adds to the workspace file, beyond the one-problem
//! tables: the exact messages of its new rules, applications without a
//! name and empty chains (importable, not publishable), publication
//! snapshots of either contract version, and which version `read` says it
//! read.

mod file_fixtures;

use domain::file::{export, import, read, rule, FORMAT};
use domain::model::*;
use domain::status::Status;
use domain::values::*;
use file_fixtures::edit::{base, errors, push, remove, set};
use file_fixtures::V1_WITH_CHAIN;
use serde_json::{json, Value};

/// The one problem of `doc`: (pointer, rule, message).
fn one(doc: &Value) -> (String, &'static str, String) {
    let mut problems = errors(&doc.to_string()).problems;
    assert_eq!(problems.len(), 1, "{problems:?}");
    let p = problems.remove(0);
    (p.pointer, p.rule, p.message)
}

#[test]
fn the_new_rules_say_what_to_do() {
    let mut doc = base();
    set(
        &mut doc,
        "/keyVaultReferences/0/certificates/1/type",
        json!("Certificate chain"),
    );
    assert_eq!(
        one(&doc),
        (
            "/keyVaultReferences/0/certificates/1/type".into(),
            rule::ENTRY_TYPE,
            "'Certificate chain' is no longer a type of entry: since workspace file version 2 a chain of certificates is listed under its reference's certificateChains, as {\"name\", \"description\", \"certificates\": [its members, root first]}. Move it there, or make the file's version 1 if it is written in version 1's shape.".into()
        )
    );

    let mut doc = base();
    set(
        &mut doc,
        "/keyVaultReferences/0/certificates/1/type",
        json!("key"),
    );
    assert_eq!(
        one(&doc).2,
        "The type must be secret or certificate; 'key' is neither. A chain of certificates is not an entry: list it under the reference's certificateChains."
    );

    let mut doc = base();
    set(
        &mut doc,
        "/keyVaultReferences/0/certificateChains/0/certificates/1",
        json!("missing-ca"),
    );
    assert_eq!(
        one(&doc).2,
        "Key Vault reference 'ContosoKV' has no entry named 'missing-ca'. A chain's members are Certificate entries of the same reference, root first."
    );

    let mut doc = base();
    push(
        &mut doc,
        "/keyVaultReferences/0/certificateChains/0/certificates",
        json!("chain"),
    );
    assert_eq!(
        one(&doc).2,
        "'chain' is a chain of certificates of Key Vault reference 'ContosoKV', not one of its entries. A chain's members are Certificate entries of the same reference, root first."
    );

    let mut doc = base();
    set(
        &mut doc,
        "/keyVaultReferences/0/certificateChains/0/certificates/0",
        json!("einvoicing-sas"),
    );
    assert_eq!(
        one(&doc).2,
        "'einvoicing-sas' cannot be in chain 'chain': a chain's members must be entries of Type Certificate."
    );

    let mut doc = base();
    push(
        &mut doc,
        "/keyVaultReferences/0/certificateChains",
        json!({ "name": "Chain" }),
    );
    assert_eq!(
        one(&doc),
        (
            "/keyVaultReferences/0/certificateChains/1/name".into(),
            rule::UNIQUE_NAME,
            WorkspaceError::DuplicateChainName {
                reference: "ContosoKV".into(),
                name: "Chain".into()
            }
            .to_string()
        )
    );
}

/// Each value's message is its constructor's, word for word.
#[test]
fn new_values_are_refused_with_their_constructor_s_message() {
    let cases: [(&str, Value, String); 4] = [
        (
            "/keyVaultReferences/1/uri",
            json!("https://contoso-hsm.managedhsm.azure.net/"),
            KeyVaultUri::parse("https://contoso-hsm.managedhsm.azure.net/")
                .unwrap_err()
                .to_string(),
        ),
        (
            "/environments/2/dataverseEndpointUri",
            json!("https://contoso.crm.dynamics.com"),
            DataverseUri::parse("https://contoso.crm.dynamics.com")
                .unwrap_err()
                .to_string(),
        ),
        (
            "/environments/0/applications/0/name",
            json!(""),
            Name::parse("").unwrap_err().to_string(),
        ),
        (
            "/keyVaultReferences/0/certificateChains/0/name",
            json!("sig=abcdefghijklmnop"),
            Name::parse("sig=abcdefghijklmnop").unwrap_err().to_string(),
        ),
    ];
    for (pointer, value, message) in cases {
        let mut doc = base();
        set(&mut doc, pointer, value);
        let (at, _, got) = one(&doc);
        assert_eq!((at.as_str(), got), (pointer, message));
    }
    // The Dataverse message offers the full URI for an organization URL.
    let mut doc = base();
    set(
        &mut doc,
        "/environments/2/dataverseEndpointUri",
        json!("https://contoso.crm.dynamics.com/"),
    );
    assert!(one(&doc)
        .2
        .contains("Did you mean https://contoso.crm.dynamics.com/api/data/v9.1/?"));
}

/// An application without a name (from a console that had none) and a
/// chain without members import; they block Publish, as in the console.
#[test]
fn an_unnamed_application_and_an_empty_chain_import_but_block_publish() {
    let mut doc = base();
    remove(&mut doc, "/environments/0/applications/0/name");
    let ws = import(&doc.to_string()).unwrap_or_else(|e| panic!("{e}"));
    let uat = ws.environment_by_name("UAT").unwrap();
    assert_eq!(uat.applications()[0].name(), None);
    let problems = ws.problems(uat.id());
    assert_eq!(problems.len(), 1);
    assert!(problems[0].message.contains("has no name"), "{problems:?}");
    // Its snapshot names the application: UAT is Changed.
    assert_eq!(ws.status(uat.id()), Some(Status::Changed));
    let back: Value = serde_json::from_str(&export(&ws)).unwrap();
    assert!(back["environments"][0]["applications"][0]
        .get("name")
        .is_none());

    let prod = ws.environment_by_name("PROD").unwrap();
    let fabrikam = ws.reference_by_name("Fabrikam KV").unwrap();
    assert!(fabrikam.chains()[0].members().is_empty());
    assert!(ws.problems(prod.id()).iter().any(|p| p
        .message
        .contains("'Empty chain' of Key Vault reference 'Fabrikam KV' has no certificates")));
}

/// A snapshot sent as version 1 by the release before, in its own shape
/// (chain entries), inside a version 2 file: read as sent, and the
/// environment is still Published.
#[test]
fn a_version_1_snapshot_in_a_version_2_file_keeps_the_environment_published() {
    let v1: Value = serde_json::from_str(V1_WITH_CHAIN).unwrap();
    let old_snapshot = v1.pointer("/environments/0/published/snapshot").unwrap();
    assert_eq!(
        old_snapshot.pointer("/keyVaultReferences/0/certificates/2/type"),
        Some(&json!("certificateChain"))
    );
    let migrated = import(V1_WITH_CHAIN).unwrap();
    let mut doc: Value = serde_json::from_str(&export(&migrated)).unwrap();
    doc["environments"][0]["published"]["snapshot"] = old_snapshot.clone();
    let ws = import(&doc.to_string()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        ws.status(ws.environment_by_name("UAT").unwrap().id()),
        Some(Status::Published)
    );
    assert_eq!(export(&ws), export(&migrated));

    // Version 1's shape is only for version 1 snapshots.
    doc["environments"][0]["published"]["snapshot"]["schemaVersion"] = json!(2);
    let found: Vec<(String, &str)> = errors(&doc.to_string())
        .problems
        .into_iter()
        .map(|p| (p.pointer, p.rule))
        .collect();
    let at = "/environments/0/published/snapshot";
    assert_eq!(
        found,
        [
            (
                format!("{at}/keyVaultReferences/0/certificates/2/chain"),
                rule::UNKNOWN_FIELD
            ),
            (
                format!("{at}/keyVaultReferences/0/certificates/2/type"),
                rule::ENTRY_TYPE
            ),
            (
                format!("{at}/keyVaultReferences/0/certificateChains"),
                rule::REQUIRED
            ),
            (format!("{at}/applications/0/name"), rule::REQUIRED),
        ]
    );
}

/// A snapshot records what the service received: an earlier console
/// accepted a Managed HSM's URI, so a snapshot may hold one (the reference
/// itself may not, and the environment reads Changed once it is
/// corrected).
#[test]
fn a_snapshot_may_record_a_managed_hsm_uri() {
    let mut doc = base();
    let hsm = "https://Contoso-HSM.managedhsm.azure.net/";
    set(
        &mut doc,
        "/environments/0/published/snapshot/storageSasTokenSecret/keyVaultUri",
        json!(hsm),
    );
    set(
        &mut doc,
        "/environments/0/published/snapshot/keyVaultReferences/0/uri",
        json!(format!(" {hsm}")),
    );
    let ws = import(&doc.to_string()).unwrap_or_else(|e| panic!("{e}"));
    let uat = ws.environment_by_name("UAT").unwrap();
    let snapshot = &uat.publication().unwrap().snapshot;
    assert_eq!(
        snapshot.key_vault_references[0].uri, hsm,
        "kept as sent, trimmed"
    );
    assert_eq!(ws.status(uat.id()), Some(Status::Changed));

    // Any other bad URI in a snapshot is still refused.
    let mut doc = base();
    set(
        &mut doc,
        "/environments/0/published/snapshot/keyVaultReferences/0/uri",
        json!("https://contoso.example.com/"),
    );
    assert_eq!(one(&doc).1, rule::KEY_VAULT_URI);
}

#[test]
fn a_snapshot_of_an_unknown_contract_version_is_named() {
    let mut doc = base();
    set(
        &mut doc,
        "/environments/0/published/snapshot/schemaVersion",
        json!(3),
    );
    assert_eq!(
        one(&doc).2,
        "This snapshot was sent with publish contract version 3; this console reads versions 1 and 2."
    );
}

#[test]
fn read_says_which_version_it_read() {
    let text = export(&file_fixtures::full());
    let reading = read(&text);
    assert_eq!(reading.version, Some(2));
    assert!(reading.result.is_ok());
    assert_eq!(read(V1_WITH_CHAIN).version, Some(1));
    // Read, with problems: the version is known.
    let mut doc = base();
    set(&mut doc, "/environments/0/users/0/email", json!("ana@"));
    let reading = read(&doc.to_string());
    assert_eq!(reading.version, Some(2));
    assert!(reading.result.is_err());
    // Not read: no version to speak of.
    for text in [
        "".to_string(),
        "{}".into(),
        format!("{{\"format\": \"{FORMAT}\", \"version\": 3}}"),
        format!("{{\"format\": \"{FORMAT}\", \"version\": 0}}"),
    ] {
        let reading = read(&text);
        assert_eq!(reading.version, None, "{text}");
        assert!(reading.result.is_err());
    }
    let newer = read(&format!("{{\"format\": \"{FORMAT}\", \"version\": 3}}"))
        .result
        .unwrap_err();
    assert_eq!(
        newer.problems[0].message,
        "This file comes from a newer version of the console (workspace file version 3); this console reads versions 1 and 2. Update the console, or export the workspace again from a console that writes version 2."
    );
}

/// Found by the fuzzer: a version 1 snapshot's chain entry named by the Key
/// Vault naming rule (up to 127 characters, over the Name rule's 100) is
/// written in version 2's shape under `certificateChains`, and reads back.
#[test]
fn a_version_1_snapshot_s_long_chain_name_survives_a_round_trip() {
    let mut doc: Value = serde_json::from_str(V1_WITH_CHAIN).unwrap();
    set(
        &mut doc,
        "/environments/2/published/snapshot/keyVaultReferences/0/certificates/2/name",
        json!("c".repeat(127)),
    );
    let ws = import(&doc.to_string()).unwrap_or_else(|e| panic!("{e}"));
    let text = export(&ws);
    let back = import(&text).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(export(&back), text);
    let dev = back.environment_by_name("DEV").unwrap();
    assert_eq!(
        dev.publication().unwrap().snapshot.key_vault_references[0].certificate_chains[0].name,
        "c".repeat(127)
    );
    // Version 2 snapshots hold the Name rule.
    let mut doc: Value = serde_json::from_str(&text).unwrap();
    set(
        &mut doc,
        "/environments/2/published/snapshot/schemaVersion",
        json!(2),
    );
    let errors = import(&doc.to_string()).unwrap_err();
    assert_eq!(errors.rules(), [rule::NAME], "{errors}");
}
