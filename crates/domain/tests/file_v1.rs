//! Version 1 workspace files: a real one, written by the release before
//! version 2 (`file_fixtures/v1-with-chain.json`), loads whole, its chain
//! entries as chains of their reference and every environment's status as
//! that release showed it; the migration changes nothing else; and a
//! problem in a version 1 file is reported at its place in that file.

mod file_fixtures;

use domain::file::{export, import, read, rule, VERSION};
use domain::model::*;
use domain::status::Status;
use domain::values::*;
use file_fixtures::edit::set;
use file_fixtures::V1_WITH_CHAIN;
use serde_json::{json, Value};

fn fixture() -> Value {
    serde_json::from_str(V1_WITH_CHAIN).unwrap()
}

fn loaded() -> Workspace {
    import(V1_WITH_CHAIN).unwrap_or_else(|e| panic!("{e}"))
}

/// (name, description, members) of each chain of `reference`.
fn chains(ws: &Workspace, reference: &str) -> Vec<(String, String, Vec<String>)> {
    let r = ws.reference_by_name(reference).unwrap();
    r.chains()
        .iter()
        .map(|c| {
            (
                c.name().to_string(),
                c.description().to_string(),
                c.members()
                    .iter()
                    .map(|id| r.entry(*id).unwrap().name().to_string())
                    .collect(),
            )
        })
        .collect()
}

fn entries(ws: &Workspace, reference: &str) -> Vec<(String, String, EntryType)> {
    ws.reference_by_name(reference)
        .unwrap()
        .certificates()
        .iter()
        .map(|e| {
            (
                e.name().to_string(),
                e.description().to_string(),
                e.entry_type(),
            )
        })
        .collect()
}

fn statuses(ws: &Workspace) -> Vec<(String, Status)> {
    ws.environments()
        .iter()
        .map(|e| (e.name().to_string(), ws.status(e.id()).unwrap()))
        .collect()
}

fn strings(items: &[(&str, &str, &[&str])]) -> Vec<(String, String, Vec<String>)> {
    items
        .iter()
        .map(|(n, d, m)| {
            (
                n.to_string(),
                d.to_string(),
                m.iter().map(|s| s.to_string()).collect(),
            )
        })
        .collect()
}

#[test]
fn the_release_s_version_1_file_loads_whole() {
    let reading = read(V1_WITH_CHAIN);
    assert_eq!(reading.version, Some(1));
    let ws = reading.result.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(ws.check(), Ok(()));

    // Each chain entry is a chain of its reference: same name,
    // description and members in the same order; the other entries stay,
    // in order.
    let e = |n: &str, d: &str, t| (n.to_string(), d.to_string(), t);
    assert_eq!(
        entries(&ws, "ContosoKV"),
        [
            e("einvoicing-sas", "Storage SAS URL", EntryType::Secret),
            e(
                "signing",
                "End-entity signing certificate",
                EntryType::Certificate
            ),
            e("issuing-ca", "", EntryType::Certificate),
            e("root-ca", "Contoso Root CA", EntryType::Certificate),
        ]
    );
    assert_eq!(
        chains(&ws, "ContosoKV"),
        strings(&[(
            "signing-chain",
            "Root first, then the issuing CA",
            &["root-ca", "issuing-ca", "signing"]
        )])
    );
    assert_eq!(
        entries(&ws, "Fabrikam KV"),
        [e("tax-signing", "", EntryType::Certificate)]
    );
    assert_eq!(
        chains(&ws, "Fabrikam KV"),
        strings(&[
            ("tax-chain", "", &["tax-signing"]),
            ("empty-chain", "Not filled in yet", &[]),
        ])
    );
    let fabrikam = ws.reference_by_name("Fabrikam KV").unwrap();
    assert_eq!(fabrikam.description().as_str(), "Signing keys\nsecond line");
    assert_eq!(
        fabrikam.uri().as_str(),
        "https://fabrikam-kv.vault.azure.cn/"
    );

    // The same status for every environment as the release showed.
    assert_eq!(
        statuses(&ws),
        [
            ("UAT".into(), Status::Published),
            ("PROD".into(), Status::NotPublished),
            ("DEV".into(), Status::Changed),
        ]
    );

    // Everything else is there.
    let uat = ws.environment_by_name("UAT").unwrap();
    assert_eq!(uat.description().as_str(), "Validation before production");
    assert_eq!(uat.dataverse_endpoint(), None);
    let users: Vec<(&str, &str)> = uat
        .users()
        .iter()
        .map(|u| (u.user_id.as_str(), u.email.as_str()))
        .collect();
    assert_eq!(
        users,
        [("ana", "ana@contoso.com"), ("bo", "Bo@Contoso.com")]
    );
    let app = &uat.applications()[0];
    assert_eq!(app.name(), None, "version 1 applications have no name");
    assert_eq!(
        app.application_id().as_str(),
        "3d2c1b0a-9f8e-7d6c-5b4a-392817160504"
    );
    assert_eq!(
        app.justification().as_str(),
        "Submits invoices from the POS system"
    );
    let inv = &uat.number_sequences()[0];
    assert_eq!(
        (inv.name().as_str(), inv.in_use(), inv.current()),
        ("INV", true, Some(1042))
    );
    let publication = uat.publication().unwrap();
    assert_eq!(publication.revision.as_str(), "7");
    assert_eq!(publication.published_at, "2026-11-21T10:00:00Z");
    assert_eq!(publication.snapshot.schema_version, 1);
    assert_eq!(
        publication.snapshot.key_vault_references[0].certificate_chains[0].certificates,
        ["root-ca", "issuing-ca", "signing"]
    );
    let (sas_reference, sas) = ws.resolve(uat.storage_sas_secret().unwrap()).unwrap();
    assert_eq!(
        (sas_reference.name().as_str(), sas.name().as_str()),
        ("ContosoKV", "einvoicing-sas")
    );

    let prod = ws.environment_by_name("PROD").unwrap();
    assert_eq!(prod.key_vault_references(), [fabrikam.id()]);
    assert_eq!(prod.number_sequences()[0].name().as_str(), "CRN");
    let dev = ws.environment_by_name("DEV").unwrap();
    assert_eq!(dev.users().len(), 2);
    assert_eq!(dev.publication().unwrap().revision.as_str(), "W/3");

    let finance = ws.connected_application_by_name("Contoso Finance").unwrap();
    assert_eq!(finance.environments(), [uat.id(), prod.id()]);
    assert_eq!(
        finance.url().as_str(),
        "https://contoso.operations.dynamics.com/"
    );
    let settings = ws.settings();
    assert_eq!(
        settings.endpoint,
        Some(ServiceEndpoint::geography("eu", 101).unwrap())
    );
    assert_eq!(settings.timeout.seconds(), 45);
    let sign_in = settings.sign_in.as_ref().unwrap();
    assert_eq!(sign_in.tenant.as_str(), "contoso.onmicrosoft.com");

    // What blocks Publish now: UAT's application needs a name; PROD has
    // no users and an empty chain; DEV may be published.
    let problems = |env: &ServiceEnvironment| -> Vec<EnvironmentField> {
        ws.problems(env.id()).into_iter().map(|p| p.field).collect()
    };
    assert_eq!(
        problems(uat),
        [EnvironmentField::Application {
            index: 0,
            field: Some("name".into())
        }]
    );
    assert_eq!(
        problems(prod),
        [
            EnvironmentField::Users,
            EnvironmentField::KeyVaultReference {
                index: 1,
                path: Some("certificateChains/1/certificates".into())
            },
        ]
    );
    assert_eq!(problems(dev), []);
}

/// The status is compared for real: after the migration, an edit of the
/// chain (its order counts) makes UAT Changed, and putting it back makes
/// it Published again.
#[test]
fn the_published_chain_is_compared_with_the_migrated_one() {
    let mut ws = loaded();
    let uat = ws.environment_by_name("UAT").unwrap().id();
    let kv = ws.reference_by_name("ContosoKV").unwrap();
    let (kv_id, chain) = (kv.id(), kv.chains()[0].id());
    let root = kv.chains()[0].members()[0];
    ws.move_chain_member(kv_id, chain, root, Direction::Down)
        .unwrap();
    assert_eq!(ws.status(uat), Some(Status::Changed));
    ws.move_chain_member(kv_id, chain, root, Direction::Up)
        .unwrap();
    assert_eq!(ws.status(uat), Some(Status::Published));
    ws.update_chain(
        kv_id,
        chain,
        ChainInput {
            name: Name::parse("Signing chain").unwrap(),
            description: Description::parse("Root first, then the issuing CA").unwrap(),
        },
    )
    .unwrap();
    assert_eq!(ws.status(uat), Some(Status::Changed));
}

/// The migration moves chain entries and changes nothing else: the export
/// of the migrated workspace is the version 1 file with each chain entry
/// moved under `certificateChains` and `"version": 2`. Only the snapshots
/// change shape (the payload type writes every snapshot in version 2's
/// shape, keeping its `schemaVersion` 1), and they read back the same.
#[test]
fn the_migrated_file_is_the_version_1_file_with_its_chains_moved() {
    let ws = loaded();
    let text = export(&ws);
    let mut expected = fixture();
    expected["version"] = json!(VERSION);
    for reference in expected["keyVaultReferences"].as_array_mut().unwrap() {
        move_chains(reference);
    }
    for env in expected["environments"].as_array_mut().unwrap() {
        if let Some(snapshot) = env.pointer_mut("/published/snapshot") {
            for reference in snapshot["keyVaultReferences"].as_array_mut().unwrap() {
                move_chains(reference);
            }
            for application in snapshot["applications"].as_array_mut().unwrap() {
                let mut named = serde_json::Map::new();
                named.insert("name".into(), json!(""));
                named.extend(application.as_object().unwrap().clone());
                *application = Value::Object(named);
            }
        }
    }
    let got: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(got, expected);

    // The version 2 file reads back as the same workspace.
    let reading = read(&text);
    assert_eq!(reading.version, Some(2));
    let back = reading.result.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(export(&back), text);
    assert_eq!(statuses(&back), statuses(&ws));
}

/// The test's own version of the step: chain entries out of
/// `certificates`, into `certificateChains`, `chain` as `certificates`.
fn move_chains(reference: &mut Value) {
    let entries = reference["certificates"].as_array().unwrap().clone();
    let (chains, kept): (Vec<Value>, Vec<Value>) = entries
        .into_iter()
        .partition(|e| e["type"] == "certificateChain");
    let chains: Vec<Value> = chains
        .into_iter()
        .map(|c| json!({ "name": c["name"], "description": c["description"], "certificates": c["chain"] }))
        .collect();
    reference["certificates"] = Value::Array(kept);
    reference["certificateChains"] = Value::Array(chains);
}

/// (what, how the version 1 fixture is broken, pointer, rule, whether the
/// message says it is a version 1 chain entry)
type Case = (
    &'static str,
    fn(&mut Value),
    &'static str,
    &'static str,
    bool,
);

const CASES: &[Case] = &[
    (
        "a chain name the Name rule refuses (over 100 characters)",
        |d| {
            set(
                d,
                "/keyVaultReferences/0/certificates/2/name",
                json!("c".repeat(110)),
            )
        },
        "/keyVaultReferences/0/certificates/2/name",
        rule::NAME,
        true,
    ),
    (
        "a chain member missing",
        |d| {
            set(
                d,
                "/keyVaultReferences/0/certificates/2/chain/1",
                json!("missing-ca"),
            )
        },
        "/keyVaultReferences/0/certificates/2/chain/1",
        rule::CHAIN_MEMBER,
        true,
    ),
    (
        "a chain member that is a secret",
        |d| {
            set(
                d,
                "/keyVaultReferences/0/certificates/2/chain/2",
                json!("einvoicing-sas"),
            )
        },
        "/keyVaultReferences/0/certificates/2/chain/2",
        rule::CHAIN_MEMBER,
        true,
    ),
    (
        "a chain member that is a chain",
        |d| {
            set(
                d,
                "/keyVaultReferences/1/certificates/1/chain/0",
                json!("empty-chain"),
            )
        },
        "/keyVaultReferences/1/certificates/1/chain/0",
        rule::CHAIN_MEMBER,
        true,
    ),
    (
        "members that are not a list",
        |d| set(d, "/keyVaultReferences/1/certificates/2/chain", json!({})),
        "/keyVaultReferences/1/certificates/2/chain",
        rule::TYPE,
        true,
    ),
    (
        "a field a chain entry does not have",
        |d| {
            set(
                d,
                "/keyVaultReferences/1/certificates/2/colour",
                json!("red"),
            )
        },
        "/keyVaultReferences/1/certificates/2/colour",
        rule::UNKNOWN_FIELD,
        true,
    ),
    (
        "a bad entry after a chain entry",
        |d| {
            set(
                d,
                "/keyVaultReferences/0/certificates/4/description",
                json!("tab\there"),
            )
        },
        "/keyVaultReferences/0/certificates/4/description",
        rule::DESCRIPTION,
        false,
    ),
    (
        "an entry named twice after a chain entry",
        |d| {
            d["keyVaultReferences"][0]["certificates"]
                .as_array_mut()
                .unwrap()
                .push(json!({ "name": "SIGNING", "type": "certificate" }))
        },
        "/keyVaultReferences/0/certificates/5/name",
        rule::UNIQUE_NAME,
        false,
    ),
    (
        "a Managed HSM's URI",
        |d| {
            set(
                d,
                "/keyVaultReferences/0/uri",
                json!("https://contoso.managedhsm.azure.net/"),
            )
        },
        "/keyVaultReferences/0/uri",
        rule::KEY_VAULT_URI,
        false,
    ),
    (
        "version 2's chains in a version 1 file",
        |d| set(d, "/keyVaultReferences/1/certificateChains", json!([])),
        "/keyVaultReferences/1/certificateChains",
        rule::UNKNOWN_FIELD,
        false,
    ),
    (
        "version 2's Dataverse endpoint URI in a version 1 file (reported once, bad as it is)",
        |d| {
            set(
                d,
                "/environments/1/dataverseEndpointUri",
                json!("https://contoso.crm.dynamics.com/"),
            )
        },
        "/environments/1/dataverseEndpointUri",
        rule::UNKNOWN_FIELD,
        false,
    ),
    (
        "version 2's application name in a version 1 file",
        |d| {
            set(
                d,
                "/environments/0/applications/0/name",
                json!("Contoso POS"),
            )
        },
        "/environments/0/applications/0/name",
        rule::UNKNOWN_FIELD,
        false,
    ),
    (
        "version 2's application name in a version 1 file, bad as it is",
        |d| set(d, "/environments/0/applications/0/name", json!("")),
        "/environments/0/applications/0/name",
        rule::UNKNOWN_FIELD,
        false,
    ),
];

#[test]
fn each_problem_of_a_version_1_file_is_reported_at_its_place_in_that_file() {
    let mut failures = Vec::new();
    for (what, break_it, pointer, rule, noted) in CASES {
        let mut doc = fixture();
        break_it(&mut doc);
        assert!(doc.pointer(pointer).is_some(), "{what}: the case's pointer");
        let errors = import(&serde_json::to_string_pretty(&doc).unwrap())
            .expect_err(what)
            .problems;
        let got: Vec<(&str, &str, bool)> = errors
            .iter()
            .map(|p| {
                (
                    p.pointer.as_str(),
                    p.rule,
                    p.message
                        .contains("certificate chain entry of a version 1 file"),
                )
            })
            .collect();
        if got != [(*pointer, *rule, *noted)] {
            failures.push(format!(
                "{what}: expected {pointer} [{rule}] {noted}, got {got:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn a_version_1_chain_name_too_long_for_the_name_rule_says_why() {
    let mut doc = fixture();
    let long = "c".repeat(110);
    set(
        &mut doc,
        "/keyVaultReferences/0/certificates/2/name",
        json!(long),
    );
    let errors = import(&doc.to_string()).unwrap_err();
    assert_eq!(
        errors.problems[0].message,
        format!(
            "{} (This is a certificate chain entry of a version 1 file: it is read as a chain of certificates of its Key Vault reference, as version 2 lists it under certificateChains, with the general Name rule for its name.)",
            Name::parse(&long).unwrap_err()
        )
    );
}

#[test]
fn a_managed_hsm_uri_is_refused_with_the_reason() {
    let mut doc = fixture();
    let hsm = "https://contoso-hsm.managedhsm.azure.net/";
    set(&mut doc, "/keyVaultReferences/0/uri", json!(hsm));
    let errors = import(&doc.to_string()).unwrap_err();
    let problem = &errors.problems[0];
    assert_eq!(
        problem.message,
        KeyVaultUri::parse(hsm).unwrap_err().to_string()
    );
    assert!(
        problem
            .message
            .contains("is a Managed HSM, not a key vault"),
        "{}",
        problem.message
    );
    assert_eq!(
        errors.to_string(),
        format!(
            "/keyVaultReferences/0/uri: {} [key-vault-uri]",
            problem.message
        )
    );
}

/// Version 1 accepted the console's label for a chain's type, in any case.
#[test]
fn a_chain_entry_typed_with_the_label_in_any_case_is_a_chain() {
    for label in [
        "Certificate chain",
        "CERTIFICATE CHAIN",
        " certificatechain ",
    ] {
        let mut doc = fixture();
        set(
            &mut doc,
            "/keyVaultReferences/0/certificates/2/type",
            json!(label),
        );
        let ws = import(&doc.to_string()).unwrap_or_else(|e| panic!("{label}: {e}"));
        assert_eq!(
            chains(&ws, "ContosoKV")[0].2,
            ["root-ca", "issuing-ca", "signing"],
            "{label}"
        );
        assert_eq!(
            ws.status(ws.environment_by_name("UAT").unwrap().id()),
            Some(Status::Published)
        );
    }
}
