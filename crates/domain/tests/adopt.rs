//! Working as a team (issue 18): an environment the service holds, read
//! from `GET …/environments/{name}` (`held_fixtures/`), through the same
//! rules as a workspace file, and added to a workspace: Published at the
//! held revision, its Key Vault references merged by name, conflicts shown
//! side by side, refused whole when broken.

mod common;

use common::{chain_input, entry, env_input, reference_input, user};
use domain::adopt::{read_incoming, BodyRefused, Conflict, Incoming};
use domain::answers::HeldNumberSequence;
use domain::file::rule;
use domain::model::*;
use domain::status::Status;
use domain::values::*;
use serde_json::{json, Value};

const V2: &str = include_str!("held_fixtures/uat-v2.json");
const V1: &str = include_str!("held_fixtures/uat-v1.json");
const BROKEN: &str = include_str!("held_fixtures/broken.json");

const CONTOSO_URI: &str = "https://contoso-einvoicing.vault.azure.net/";

fn held(text: &str) -> Incoming {
    read_incoming(text, &[]).unwrap_or_else(|e| panic!("{e}"))
}

/// The detail text with `edit` applied to its JSON.
fn edited(text: &str, edit: impl FnOnce(&mut Value)) -> String {
    let mut value: Value = serde_json::from_str(text).unwrap();
    edit(&mut value);
    value.to_string()
}

fn refused(text: &str) -> BodyRefused {
    match read_incoming(text, &[]) {
        Ok(incoming) => panic!("{} was read", incoming.name()),
        Err(e) => e,
    }
}

/// (pointer, rule) of each problem of a broken body.
fn problems(refusal: &BodyRefused) -> Vec<(String, &'static str)> {
    match refusal {
        BodyRefused::Broken { problems, .. } => problems
            .iter()
            .map(|p| (p.pointer.clone(), p.rule))
            .collect(),
        other => panic!("not broken: {other}"),
    }
}

fn status(ws: &Workspace, name: &str) -> Status {
    let env = ws.environment_by_name(name).unwrap();
    ws.status(env.id()).unwrap()
}

/// (name, members) of each chain of `reference`.
fn chains(ws: &Workspace, reference: &str) -> Vec<(String, Vec<String>)> {
    let r = ws.reference_by_name(reference).unwrap();
    r.chains()
        .iter()
        .map(|c| {
            let members = c.members().iter();
            let names = members.map(|m| r.entry(*m).unwrap().name().to_string());
            (c.name().to_string(), names.collect())
        })
        .collect()
}

fn entries(ws: &Workspace, reference: &str) -> Vec<(String, EntryType)> {
    let r = ws.reference_by_name(reference).unwrap();
    r.certificates()
        .iter()
        .map(|e| (e.name().to_string(), e.entry_type()))
        .collect()
}

fn sequence(name: &str, in_use: bool, current: Option<u64>) -> HeldNumberSequence {
    HeldNumberSequence {
        name: name.into(),
        description: format!("{name} numbers"),
        in_use,
        current,
    }
}

/// A workspace with ContosoKV at `uri`, its SAS secret entry, and
/// `description`.
fn with_contoso(uri: &str, description: &str) -> (Workspace, Id) {
    let mut ws = Workspace::new();
    let mut input = reference_input("ContosoKV", uri);
    input.description = Description::parse(description).unwrap();
    let kv = ws.add_reference(input).unwrap();
    let mut sas = entry("einvoicing-sas", EntryType::Secret);
    sas.description = Description::parse("Storage SAS URL").unwrap();
    ws.add_entry(kv, sas).unwrap();
    (ws, kv)
}

// ----- reading -------------------------------------------------------------

#[test]
fn a_version_2_body_arrives_published_with_its_chains_dataverse_and_applications() {
    let sequences = [
        sequence("INV", true, Some(1042)),
        sequence("CRN", false, None),
    ];
    let incoming = read_incoming(V2, &sequences).unwrap();
    assert_eq!(incoming.name(), "UAT");
    assert_eq!(incoming.revision().as_str(), "7");
    assert_eq!(incoming.published_at(), "2026-11-21T10:00:00Z");
    assert_eq!(incoming.published_by(), Some("ana@contoso.com"));
    assert_eq!(incoming.schema_version(), 2);

    let mut ws = Workspace::new();
    let added = ws.add_from_service(&incoming).unwrap();
    assert_eq!(added.created_references, ["ContosoKV", "Fabrikam KV"]);
    assert!(added.extended_references.is_empty());
    assert!(added.differences.is_empty(), "{:?}", added.differences);
    assert_eq!(ws.status(added.environment), Some(Status::Published));

    let env = ws.environment(added.environment).unwrap();
    assert_eq!(
        env.dataverse_endpoint().unwrap().as_str(),
        "https://contoso.crm.dynamics.com/api/data/v9.1/"
    );
    let (reference, secret) = ws.resolve(env.storage_sas_secret().unwrap()).unwrap();
    assert_eq!(
        (reference.name().as_str(), secret.name().as_str()),
        ("ContosoKV", "einvoicing-sas")
    );
    let further: Vec<_> = env
        .key_vault_references()
        .iter()
        .map(|id| ws.reference(*id).unwrap().name().to_string())
        .collect();
    assert_eq!(further, ["Fabrikam KV"]);
    let app = &env.applications()[0];
    assert_eq!(app.name().unwrap().as_str(), "POS connector");
    let users: Vec<_> = env.users().iter().map(|u| u.user_id.to_string()).collect();
    assert_eq!(users, ["ana", "ben"]);
    assert_eq!(
        chains(&ws, "ContosoKV"),
        [(
            "signing-chain".to_string(),
            vec!["root-ca".to_string(), "issuing-ca".into(), "signing".into()]
        )]
    );
    let publication = env.publication().unwrap();
    assert_eq!(publication.revision.as_str(), "7");
    assert_eq!(publication.published_by.as_deref(), Some("ana@contoso.com"));
}

#[test]
fn number_sequences_carry_in_use_and_current_value_from_the_service() {
    let sequences = [
        sequence("INV", true, Some(1042)),
        sequence("CRN", false, None),
    ];
    let incoming = read_incoming(V2, &sequences).unwrap();
    let mut ws = Workspace::new();
    let env = ws.add_from_service(&incoming).unwrap().environment;
    let shown: Vec<_> = ws
        .environment(env)
        .unwrap()
        .number_sequences()
        .iter()
        .map(|s| {
            (
                s.name().to_string(),
                s.description().to_string(),
                s.in_use(),
                s.current(),
            )
        })
        .collect();
    assert_eq!(
        shown,
        [
            (
                "INV".to_string(),
                "Invoice numbers".to_string(),
                true,
                Some(1042)
            ),
            ("CRN".to_string(), "CRN numbers".to_string(), false, None),
        ]
    );
    // In use: it cannot be deleted; sequences never make it Changed.
    let inv = ws.environment(env).unwrap().number_sequences()[0].id();
    assert!(matches!(
        ws.delete_number_sequence(env, inv),
        Err(WorkspaceError::SequenceInUse { .. })
    ));
    assert_eq!(ws.status(env), Some(Status::Published));

    let unreadable = read_incoming(V2, &[sequence("has space", false, None)]).unwrap();
    assert_eq!(unreadable.unreadable_sequences(), ["has space"]);
}

#[test]
fn a_version_1_body_has_its_chain_entry_as_a_chain_of_its_reference() {
    let incoming = held(V1);
    assert_eq!(incoming.schema_version(), 1);
    assert_eq!(incoming.published_by(), None);
    let mut ws = Workspace::new();
    let added = ws.add_from_service(&incoming).unwrap();
    assert_eq!(status(&ws, "LEGACY"), Status::Published);
    assert!(added.differences.is_empty(), "{:?}", added.differences);
    assert_eq!(
        chains(&ws, "ContosoKV"),
        [(
            "signing-chain".to_string(),
            vec!["root-ca".to_string(), "issuing-ca".into(), "signing".into()]
        )]
    );
    let names: Vec<_> = entries(&ws, "ContosoKV")
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    assert_eq!(
        names,
        ["einvoicing-sas", "signing", "issuing-ca", "root-ca"]
    );
    let env = ws.environment(added.environment).unwrap();
    assert_eq!(env.applications()[0].name(), None);
    assert_eq!(
        env.applications()[0].tenant_id().as_str(),
        "8c0f0b9e-1f5e-4c55-9d0a-3c1a1f2b3c4d"
    );
    assert_eq!(env.publication().unwrap().snapshot.schema_version, 1);
}

#[test]
fn a_version_1_body_is_pointed_at_as_written() {
    let text = edited(V1, |v| {
        let kv = &mut v["environment"]["keyVaultReferences"][0];
        kv["certificates"][2]["chain"][1] = json!("intermediate");
        kv["certificates"][4]["name"] = json!("root ca");
        v["environment"]["dataverseEndpointUri"] =
            json!("https://contoso.crm.dynamics.com/api/data/v9.1/");
    });
    assert_eq!(
        problems(&refused(&text)),
        [
            (
                "/keyVaultReferences/0/certificates/4/name".to_string(),
                rule::SECRET_NAME
            ),
            (
                "/keyVaultReferences/0/certificates/2/chain/0".to_string(),
                rule::CHAIN_MEMBER
            ),
            (
                "/keyVaultReferences/0/certificates/2/chain/1".to_string(),
                rule::CHAIN_MEMBER
            ),
            ("/dataverseEndpointUri".to_string(), rule::UNKNOWN_FIELD),
        ]
    );
    let text = edited(V1, |v| {
        v["environment"]["keyVaultReferences"][0]["certificateChains"] = json!([]);
    });
    let refusal = refused(&text);
    assert_eq!(
        problems(&refusal),
        [(
            "/keyVaultReferences/0/certificateChains".to_string(),
            rule::UNKNOWN_FIELD
        )]
    );
    assert!(
        refusal.to_string().contains("publish contract version 1"),
        "{refusal}"
    );
}

#[test]
fn a_broken_body_is_refused_whole_with_its_body_pointers_and_rules() {
    let ws = common::example().ws;
    let before = ws.clone();
    let refusal = refused(BROKEN);
    assert_eq!(
        problems(&refusal),
        [
            ("/keyVaultReferences/1/uri".to_string(), rule::KEY_VAULT_URI),
            ("/users/1/email".to_string(), rule::EMAIL),
            ("/users/2/userId".to_string(), rule::UNIQUE_USER),
            ("/status".to_string(), rule::UNKNOWN_FIELD),
        ]
    );
    let message = refusal.to_string();
    assert!(message.starts_with("The service's version of environment 'PROD' breaks 4 of this console's rules, so nothing was added."), "{message}");
    assert!(message.contains("/users/1/email: "), "{message}");
    assert!(message.contains("'ab' has 2"), "{message}");
    assert_eq!(ws, before);
    // Nothing can be added from it, so the workspace stays as it was.
    assert!(ws.environment_by_name("PROD").is_none());
    ws.check().unwrap();
}

#[test]
fn a_secret_value_a_duplicate_field_or_an_inconsistent_sas_uri_is_refused() {
    let sas = "sv=2022-11-02&se=2026-01-01&sig=abc";
    let text = edited(V2, |v| v["environment"]["description"] = json!(sas));
    assert_eq!(
        problems(&refused(&text)),
        [("/description".to_string(), rule::DESCRIPTION)]
    );

    let text = V2.replacen(
        "\"userId\": \"ben\",",
        "\"userId\": \"ben\", \"userId\": \"bob\",",
        1,
    );
    assert_eq!(
        problems(&refused(&text))[0],
        ("/users/1/userId".to_string(), rule::DUPLICATE_FIELD)
    );

    let text = edited(V2, |v| {
        v["environment"]["storageSasTokenSecret"]["keyVaultUri"] =
            json!("https://fabrikam-kv.vault.azure.net/");
    });
    let refusal = refused(&text);
    assert_eq!(
        problems(&refusal),
        [(
            "/storageSasTokenSecret/keyVaultUri".to_string(),
            rule::SAS_SECRET_REFERENCE
        )]
    );
    assert!(
        refusal
            .to_string()
            .contains("'https://fabrikam-kv.vault.azure.net/'"),
        "{refusal}"
    );

    let text = edited(V2, |v| {
        v["environment"]["keyVaultReferences"][0]["certificates"][1]["type"] =
            json!("certificateChain");
    });
    let refusal = refused(&text);
    assert_eq!(
        problems(&refusal)[0],
        (
            "/keyVaultReferences/0/certificates/1/type".to_string(),
            rule::ENTRY_TYPE
        )
    );
    assert!(
        refusal.to_string().contains("publish contract version 2"),
        "{refusal}"
    );
}

#[test]
fn an_unknown_schema_version_is_refused_naming_it() {
    let text = edited(V2, |v| v["environment"]["schemaVersion"] = json!(3));
    let refusal = refused(&text);
    assert_eq!(
        refusal,
        BodyRefused::UnknownSchemaVersion {
            name: "UAT".into(),
            version: "3".into()
        }
    );
    assert_eq!(
        refusal.to_string(),
        "The service holds environment 'UAT' in publish contract version 3; this console reads versions 1 and 2. Reload the page to get the newest console, then add it again. Nothing was added."
    );
}

#[test]
fn an_answer_not_in_the_contracts_shape_says_what_is_missing() {
    let reason = |text: &str| match refused(text) {
        BodyRefused::NotADetail { reason } => reason,
        other => panic!("{other}"),
    };
    assert!(reason("<html>").starts_with("it is not valid JSON"));
    assert_eq!(reason(""), "it is empty");
    assert_eq!(reason("[]"), "it is not a JSON object");
    assert_eq!(
        reason(&edited(V2, |v| {
            v.as_object_mut().unwrap().remove("revision");
        })),
        "it has no 'revision'"
    );
    assert_eq!(
        reason(&edited(V2, |v| v["environment"] = json!([]))),
        "its \"environment\" is not an object"
    );
    let bad_time = reason(&edited(V2, |v| v["publishedAt"] = json!("")));
    assert!(
        bad_time.starts_with("its publishedAt is refused"),
        "{bad_time}"
    );
    let message = refused("[]").to_string();
    assert!(
        message.contains("Nothing was added") && message.contains("service endpoint in Settings"),
        "{message}"
    );
}

// ----- status --------------------------------------------------------------

#[test]
fn an_added_environment_reads_changed_when_edited_and_published_when_edited_back() {
    let mut ws = Workspace::new();
    let env = ws.add_from_service(&held(V2)).unwrap().environment;
    assert_eq!(ws.status(env), Some(Status::Published));
    ws.remove_user(env, "ben").unwrap();
    assert_eq!(ws.status(env), Some(Status::Changed));
    ws.add_user(env, user("ben", "ben@contoso.com")).unwrap();
    assert_eq!(ws.status(env), Some(Status::Published));
}

#[test]
fn changes_since_publish_and_discard_work_against_the_service_s_content() {
    let mut ws = Workspace::new();
    let env = ws.add_from_service(&held(V2)).unwrap().environment;
    assert!(domain::diff::changes(&ws, env).is_empty());
    ws.remove_user(env, "ben").unwrap();
    ws.update_environment(env, env_input("UAT", "Edited here"))
        .unwrap();
    let changes: Vec<String> = domain::diff::changes(&ws, env)
        .iter()
        .map(ToString::to_string)
        .collect();
    // env_input gives no Dataverse endpoint: a third change.
    assert_eq!(changes.len(), 3, "{changes:?}");
    assert!(changes.iter().any(|c| c.contains("ben")), "{changes:?}");
    assert!(
        changes.iter().any(|c| c.contains("Edited here")),
        "{changes:?}"
    );
    let report = ws.discard_changes(env).unwrap();
    assert!(report.is_complete(), "{report:?}");
    assert_eq!(ws.status(env), Some(Status::Published));
    let env = ws.environment(env).unwrap();
    assert_eq!(env.description().as_str(), "Validation before production");
    assert_eq!(env.users().len(), 2);
    assert!(env.dataverse_endpoint().is_some());
}

// ----- the merge table -------------------------------------------------------

#[test]
fn a_reference_with_the_same_uri_gains_the_entries_and_chains_it_lacks() {
    let (mut ws, _) = with_contoso(CONTOSO_URI, "Production vault");
    let added = ws.add_from_service(&held(V2)).unwrap();
    assert_eq!(added.created_references, ["Fabrikam KV"]);
    assert_eq!(added.extended_references, ["ContosoKV"]);
    assert!(added.differences.is_empty(), "{:?}", added.differences);
    assert_eq!(status(&ws, "UAT"), Status::Published);
    assert_eq!(ws.key_vault_references().len(), 2);
    assert_eq!(entries(&ws, "ContosoKV").len(), 4);
    assert_eq!(
        chains(&ws, "ContosoKV")[0].1,
        ["root-ca", "issuing-ca", "signing"]
    );
    ws.check().unwrap();
}

#[test]
fn an_identical_reference_is_shared_as_it_is() {
    let mut ws = Workspace::new();
    let first = ws.add_from_service(&held(V2)).unwrap().environment;
    ws.update_environment(first, env_input("UAT-old", ""))
        .unwrap();
    let ids: Vec<Id> = ws.key_vault_references().iter().map(|r| r.id()).collect();
    let added = ws.add_from_service(&held(V2)).unwrap();
    assert!(added.created_references.is_empty() && added.extended_references.is_empty());
    assert!(added.differences.is_empty());
    assert_eq!(status(&ws, "UAT"), Status::Published);
    let now: Vec<Id> = ws.key_vault_references().iter().map(|r| r.id()).collect();
    assert_eq!(now, ids);
}

#[test]
fn a_description_that_differs_is_no_conflict_but_reads_changed_and_says_why() {
    let (mut ws, _) = with_contoso(CONTOSO_URI, "Our vault");
    let added = ws.add_from_service(&held(V2)).unwrap();
    assert_eq!(
        added.differences,
        ["Description of Key Vault reference 'ContosoKV' changed from 'Production vault' to 'Our vault' (changed in Key Vault parameters; discard does not undo it)."]
    );
    assert_eq!(status(&ws, "UAT"), Status::Changed);
    assert_eq!(
        ws.reference_by_name("ContosoKV")
            .unwrap()
            .description()
            .as_str(),
        "Our vault"
    );
}

// ----- conflicts -------------------------------------------------------------

fn only_conflict(ws: &mut Workspace, text: &str) -> Conflict {
    let before = ws.clone();
    let mut conflicts = ws.add_from_service(&held(text)).unwrap_err();
    assert_eq!(*ws, before, "refused whole: the workspace is unchanged");
    assert_eq!(conflicts.len(), 1, "{conflicts:?}");
    conflicts.remove(0)
}

#[test]
fn another_uri_conflicts_side_by_side() {
    let (mut ws, _) = with_contoso("https://contoso-other.vault.azure.net/", "Production vault");
    let conflict = only_conflict(&mut ws, V2);
    assert_eq!(conflict.subject(), "Key Vault reference ContosoKV: URI");
    assert_eq!(conflict.here(), "https://contoso-other.vault.azure.net/");
    assert_eq!(conflict.there(), CONTOSO_URI);
    assert!(conflict
        .remedy()
        .starts_with("Rename your Key Vault reference 'ContosoKV' in Key Vault parameters"));
    assert_eq!(
        conflict.to_string(),
        "Key Vault reference 'ContosoKV' has the URI 'https://contoso-other.vault.azure.net/' here and 'https://contoso-einvoicing.vault.azure.net/' on the service: rename yours in Key Vault parameters, or take the service's URI."
    );
}

#[test]
fn an_entry_of_another_type_conflicts() {
    let (mut ws, kv) = with_contoso(CONTOSO_URI, "Production vault");
    ws.add_entry(kv, entry("signing", EntryType::Secret))
        .unwrap();
    let conflict = only_conflict(&mut ws, V2);
    assert_eq!(
        conflict.subject(),
        "Key Vault reference ContosoKV, entry signing: Type"
    );
    assert_eq!(
        (conflict.here(), conflict.there()),
        ("Secret".into(), "Certificate".into())
    );
    assert_eq!(
        conflict.to_string(),
        "Entry 'signing' of Key Vault reference 'ContosoKV' is a Secret here and a Certificate on the service: rename yours in Key Vault parameters, or take the service's Type."
    );
}

#[test]
fn a_chain_with_other_members_conflicts() {
    let (mut ws, kv) = with_contoso(CONTOSO_URI, "Production vault");
    let signing = ws
        .add_entry(kv, entry("signing", EntryType::Certificate))
        .unwrap();
    let chain = ws.add_chain(kv, chain_input("Signing-Chain")).unwrap();
    ws.set_chain_members(kv, chain, vec![signing]).unwrap();
    let conflict = only_conflict(&mut ws, V2);
    assert_eq!(
        conflict.subject(),
        "Key Vault reference ContosoKV, chain of certificates Signing-Chain: certificates"
    );
    assert_eq!(conflict.here(), "signing");
    assert_eq!(conflict.there(), "root-ca › issuing-ca › signing");
    assert!(conflict.to_string().contains(
        "has the certificates signing here and root-ca › issuing-ca › signing on the service"
    ));
}

#[test]
fn an_environment_of_the_same_name_conflicts_and_every_conflict_is_listed() {
    let mut ws = Workspace::new();
    ws.add_environment(env_input("uat", "")).unwrap();
    let conflict = only_conflict(&mut ws, V2);
    assert_eq!(
        conflict,
        Conflict::EnvironmentExists {
            here: "uat".into(),
            there: "UAT".into()
        }
    );
    assert_eq!(
        conflict.to_string(),
        "A service environment named 'uat' is already in this workspace: rename yours to add the service's 'UAT', or open yours and reload the service's version instead."
    );
    let other = ws
        .add_reference(reference_input(
            "Fabrikam KV",
            "https://fabrikam-other.vault.azure.net/",
        ))
        .unwrap();
    ws.add_entry(other, entry("tax-signing", EntryType::Secret))
        .unwrap();
    let subjects: Vec<String> = ws
        .conflicts_with(&held(V2))
        .iter()
        .map(Conflict::subject)
        .collect();
    assert_eq!(
        subjects,
        [
            "Service environment uat",
            "Key Vault reference Fabrikam KV: URI",
            "Key Vault reference Fabrikam KV, entry tax-signing: Type",
        ]
    );
}

#[test]
fn add_all_adds_those_without_conflict_and_lists_the_others_in_order() {
    let mut ws = Workspace::new();
    ws.add_environment(env_input("LEGACY", "")).unwrap();
    let prod = edited(V2, |v| v["environment"]["name"] = json!("PROD"));
    let incoming = [held(V2), held(V1), held(&prod)];
    let all = ws.add_all_from_service(&incoming);
    let added: Vec<_> = all
        .added
        .iter()
        .map(|(n, a)| (n.as_str(), a.created_references.len()))
        .collect();
    // PROD sees the references UAT created.
    assert_eq!(added, [("UAT", 2), ("PROD", 0)]);
    assert_eq!(all.conflicted.len(), 1);
    assert_eq!(all.conflicted[0].0, "LEGACY");
    assert_eq!(
        all.conflicted[0].1,
        [Conflict::EnvironmentExists {
            here: "LEGACY".into(),
            there: "LEGACY".into()
        }]
    );
    assert_eq!(status(&ws, "UAT"), Status::Published);
    assert_eq!(status(&ws, "PROD"), Status::Published);
    assert_eq!(
        ws.environment_by_name("LEGACY").unwrap().publication(),
        None
    );
}

// ----- taking the service's side ---------------------------------------------

/// Takes the service's side of every conflict, then adds.
/// The status it arrives in, and why.
fn take_all_then_add(ws: &mut Workspace, incoming: &Incoming) -> (Status, Vec<String>) {
    let conflicts = ws.conflicts_with(incoming);
    assert_eq!(conflicts.len(), 1, "{conflicts:?}");
    for conflict in conflicts {
        ws.take_service_side(incoming, &conflict)
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let added = ws.add_from_service(incoming).unwrap();
    ws.check().unwrap();
    (ws.status(added.environment).unwrap(), added.differences)
}

#[test]
fn taking_the_services_uri_then_adding_succeeds() {
    let (mut ws, kv) = with_contoso("https://contoso-other.vault.azure.net/", "Production vault");
    assert_eq!(
        take_all_then_add(&mut ws, &held(V2)),
        (Status::Published, vec![])
    );
    assert_eq!(ws.reference(kv).unwrap().uri().as_str(), CONTOSO_URI);
}

#[test]
fn taking_the_services_type_then_adding_succeeds() {
    let (mut ws, kv) = with_contoso(CONTOSO_URI, "Production vault");
    ws.add_entry(kv, entry("signing", EntryType::Secret))
        .unwrap();
    assert_eq!(
        take_all_then_add(&mut ws, &held(V2)),
        (Status::Published, vec![])
    );
    assert_eq!(
        entries(&ws, "ContosoKV")[1],
        ("signing".to_string(), EntryType::Certificate)
    );
}

#[test]
fn taking_the_services_chain_then_adding_succeeds() {
    let (mut ws, kv) = with_contoso(CONTOSO_URI, "Production vault");
    let signing = ws
        .add_entry(kv, entry("signing", EntryType::Certificate))
        .unwrap();
    let chain = ws.add_chain(kv, chain_input("signing-chain")).unwrap();
    ws.set_chain_members(kv, chain, vec![signing]).unwrap();
    // The members are the service's now; the chain's description is still
    // this workspace's, which is no conflict, and says why it reads Changed.
    assert_eq!(
        take_all_then_add(&mut ws, &held(V2)),
        (Status::Changed, vec!["Description of chain 'signing-chain' in Key Vault reference 'ContosoKV' changed from 'Root first' to none (changed in Key Vault parameters; discard does not undo it).".to_string()])
    );
    assert_eq!(
        chains(&ws, "ContosoKV")[0].1,
        ["root-ca", "issuing-ca", "signing"]
    );
}

#[test]
fn taking_refuses_what_the_workspace_rules_refuse_and_changes_nothing() {
    let (mut ws, kv) = with_contoso(CONTOSO_URI, "Production vault");
    let signing = ws
        .add_entry(kv, entry("signing", EntryType::Secret))
        .unwrap();
    let dev = ws.add_environment(env_input("DEV", "")).unwrap();
    ws.set_storage_sas_secret(
        dev,
        Some(SecretRef {
            reference: kv,
            entry: signing,
        }),
    )
    .unwrap();
    let incoming = held(V2);
    let conflict = ws.conflicts_with(&incoming).remove(0);
    let before = ws.clone();
    let error = ws.take_service_side(&incoming, &conflict).unwrap_err();
    assert_eq!(
        error,
        WorkspaceError::EntryInUse {
            entry: "signing".into(),
            environments: vec!["DEV".into()]
        }
    );
    assert_eq!(error.to_string(), "'signing' is the Storage SAS token secret of the service environments 'DEV'. Choose another secret for them first.");
    assert_eq!(ws, before);

    let mut ws = Workspace::new();
    ws.add_environment(env_input("UAT", "")).unwrap();
    let conflict = ws.conflicts_with(&incoming).remove(0);
    assert_eq!(
        ws.take_service_side(&incoming, &conflict),
        Err(WorkspaceError::DuplicateEnvironmentName { name: "UAT".into() })
    );
}

// ----- any answer ----------------------------------------------------------

/// Every place of a JSON value, as a pointer.
fn places(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::Object(fields) => {
            for (key, v) in fields {
                places(v, format!("{at}/{key}"), out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                places(v, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
    out.push(at);
}

#[test]
fn any_answer_is_read_or_refused_never_panicked_on_and_what_is_read_adds_published() {
    for fixture in [V2, V1, BROKEN] {
        for cut in (0..fixture.len()).step_by(97) {
            if let Some(text) = fixture.get(..cut) {
                assert!(read_incoming(text, &[]).is_err());
            }
        }
        let document: Value = serde_json::from_str(fixture).unwrap();
        let mut all = Vec::new();
        places(&document, String::new(), &mut all);
        let odd = [
            json!(null),
            json!(-1),
            json!("x"),
            json!([]),
            json!({}),
            json!("sig=abc"),
        ];
        for pointer in all.iter().filter(|p| !p.is_empty()) {
            for value in &odd {
                let mut changed = document.clone();
                *changed.pointer_mut(pointer).unwrap() = value.clone();
                let Ok(incoming) = read_incoming(&changed.to_string(), &[]) else {
                    continue;
                };
                let mut ws = Workspace::new();
                let added = ws
                    .add_from_service(&incoming)
                    .unwrap_or_else(|c| panic!("{pointer} = {value}: {c:?}"));
                assert_eq!(
                    ws.status(added.environment),
                    Some(Status::Published),
                    "{pointer} = {value}"
                );
                ws.check().unwrap();
            }
        }
    }
}

#[test]
fn an_environment_with_thousands_of_users_is_added_published() {
    // As many users as the console's benchmark environment holds, far more
    // than the 1,000 items of an ordinary list.
    let text = edited(V2, |v| {
        v["environment"]["users"] = (0..10_000)
            .map(|i| json!({ "userId": format!("user{i}"), "email": format!("user{i}@contoso.com") }))
            .collect();
    });
    let mut ws = Workspace::new();
    let env = ws.add_from_service(&held(&text)).unwrap().environment;
    assert_eq!(ws.environment(env).unwrap().users().len(), 10_000);
    assert_eq!(ws.status(env), Some(Status::Published));
}
