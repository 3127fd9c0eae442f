//! Discard changes: an environment's own settings put back as published,
//! and what cannot be put back reported (changes made in Key Vault
//! parameters, a secret or reference that no longer exists, a name now
//! taken, a published value today's rules refuse).

mod common;

use domain::answers::Revision;
use domain::diff::{self, Change};
use domain::model::*;
use domain::status::Status;
use domain::values::*;

fn publication(snapshot: domain::payload::EnvironmentPayload) -> Publication {
    Publication {
        revision: Revision::parse("1").unwrap(),
        published_at: "2026-11-21T10:00:00Z".into(),
        snapshot,
        published_by: None,
    }
}

fn publish(ws: &mut Workspace, env: Id) {
    let sent = ws.publish_payload(env).expect("publishable");
    ws.record_publication(env, publication(sent)).unwrap();
}

/// The contract's example plus a reference `Other` with a secret (not
/// carried), published.
struct Fixture {
    ex: common::Example,
    other: Id,
    other_sas: Id,
}

impl Fixture {
    fn other_secret(&self) -> SecretRef {
        SecretRef {
            reference: self.other,
            entry: self.other_sas,
        }
    }
}

fn published() -> Fixture {
    let mut ex = common::example();
    let other = ex
        .ws
        .add_reference(common::reference_input(
            "Other",
            "https://other-kv.vault.azure.net/",
        ))
        .unwrap();
    let other_sas = ex
        .ws
        .add_entry(other, common::entry("other-sas", EntryType::Secret))
        .unwrap();
    publish(&mut ex.ws, ex.uat);
    Fixture {
        ex,
        other,
        other_sas,
    }
}

fn web_app() -> ApplicationInput {
    ApplicationInput {
        name: Some(Name::parse("Web shop").unwrap()),
        tenant_id: Guid::parse("8c0f0b9e-1f5e-4c55-9d0a-3c1a1f2b3c4d").unwrap(),
        lcs_environment_id: Guid::parse("0f3a2b1c-4d5e-6f70-8192-a3b4c5d6e7f8").unwrap(),
        application_id: Guid::parse("11111111-2222-4333-8444-555555555555").unwrap(),
        object_id: Guid::parse("a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d").unwrap(),
        justification: Justification::parse("Web shop").unwrap(),
    }
}

fn messages(report: &DiscardReport) -> Vec<String> {
    report
        .not_restored
        .iter()
        .map(ToString::to_string)
        .collect()
}

type Edit = fn(&mut Fixture);

/// Edits of the environment's own settings, each undone by discard.
fn own_edits() -> Vec<(&'static str, Edit)> {
    vec![
        ("description", |f| {
            f.ex.ws
                .update_environment(f.ex.uat, common::env_input("UAT", "Something else"))
                .unwrap()
        }),
        ("name", |f| {
            f.ex.ws
                .update_environment(
                    f.ex.uat,
                    common::env_input("UAT-old", "Validation before production"),
                )
                .unwrap()
        }),
        ("users added", |f| {
            f.ex.ws
                .add_user(f.ex.uat, common::user("ben", "ben@contoso.com"))
                .unwrap();
            f.ex.ws
                .add_user(f.ex.uat, common::user("cy", "cy@contoso.com"))
                .unwrap();
        }),
        ("user removed", |f| {
            f.ex.ws.remove_user(f.ex.uat, "ana").unwrap()
        }),
        ("user's email changed", |f| {
            f.ex.ws.remove_user(f.ex.uat, "ana").unwrap();
            f.ex.ws
                .add_user(f.ex.uat, common::user("ana", "ana.silva@contoso.com"))
                .unwrap();
        }),
        ("Storage SAS token secret changed", |f| {
            let secret = f.other_secret();
            f.ex.ws
                .set_storage_sas_secret(f.ex.uat, Some(secret))
                .unwrap()
        }),
        ("Storage SAS token secret cleared", |f| {
            f.ex.ws.set_storage_sas_secret(f.ex.uat, None).unwrap()
        }),
        ("application removed", |f| {
            let app = f.ex.ws.environment(f.ex.uat).unwrap().applications()[0].id();
            f.ex.ws.remove_application(f.ex.uat, app).unwrap();
        }),
        ("application added", |f| {
            f.ex.ws.add_application(f.ex.uat, web_app()).unwrap();
        }),
        ("Key Vault reference added", |f| {
            f.ex.ws
                .set_environment_references(f.ex.uat, vec![f.other])
                .unwrap()
        }),
        ("everything at once", |f| {
            f.ex.ws
                .update_environment(f.ex.uat, common::env_input("UAT2", ""))
                .unwrap();
            f.ex.ws.remove_user(f.ex.uat, "ana").unwrap();
            f.ex.ws
                .add_user(f.ex.uat, common::user("ben", "ben@contoso.com"))
                .unwrap();
            let secret = f.other_secret();
            f.ex.ws
                .set_storage_sas_secret(f.ex.uat, Some(secret))
                .unwrap();
            let app = f.ex.ws.environment(f.ex.uat).unwrap().applications()[0].id();
            f.ex.ws.remove_application(f.ex.uat, app).unwrap();
        }),
    ]
}

#[test]
fn discard_after_each_own_edit_is_published_again() {
    for (what, edit) in own_edits() {
        let mut f = published();
        let before = f.ex.ws.environment(f.ex.uat).unwrap().clone();
        edit(&mut f);
        assert_eq!(f.ex.ws.status(f.ex.uat), Some(Status::Changed), "{what}");
        let report = f.ex.ws.discard_changes(f.ex.uat).unwrap();
        assert!(report.is_complete(), "{what}: {:?}", messages(&report));
        assert_eq!(f.ex.ws.status(f.ex.uat), Some(Status::Published), "{what}");
        assert!(diff::changes(&f.ex.ws, f.ex.uat).is_empty(), "{what}");
        let after = f.ex.ws.environment(f.ex.uat).unwrap();
        assert_eq!(after.name(), before.name(), "{what}");
        assert_eq!(after.users(), before.users(), "{what}");
        assert_eq!(
            after.storage_sas_secret(),
            before.storage_sas_secret(),
            "{what}"
        );
        let snapshot = &after.publication().unwrap().snapshot;
        assert_eq!(
            &f.ex
                .ws
                .publish_payload(f.ex.uat)
                .unwrap()
                .without_number_sequences(),
            snapshot,
            "{what}: the payload is the published one again"
        );
        assert!(f.ex.ws.check().is_ok(), "{what}");
    }
}

#[test]
fn discard_leaves_number_sequences_alone() {
    let mut f = published();
    f.ex.ws
        .add_number_sequence(f.ex.uat, common::sequence("CRN", "Credit notes"))
        .unwrap();
    f.ex.ws
        .add_user(f.ex.uat, common::user("ben", "ben@contoso.com"))
        .unwrap();
    f.ex.ws.discard_changes(f.ex.uat).unwrap();
    let names: Vec<String> =
        f.ex.ws
            .environment(f.ex.uat)
            .unwrap()
            .number_sequences()
            .iter()
            .map(|s| s.name().to_string())
            .collect();
    assert_eq!(names, ["INV", "CRN"]);
}

#[test]
fn restored_applications_get_fresh_ids() {
    let mut f = published();
    let old = f.ex.ws.environment(f.ex.uat).unwrap().applications()[0].id();
    f.ex.ws.remove_application(f.ex.uat, old).unwrap();
    f.ex.ws.discard_changes(f.ex.uat).unwrap();
    let apps = f.ex.ws.environment(f.ex.uat).unwrap().applications();
    assert_eq!(apps.len(), 1);
    assert_ne!(apps[0].id(), old);
    assert!(f.ex.ws.check().is_ok());
}

#[test]
fn discarding_a_published_environment_changes_nothing() {
    let mut f = published();
    let report = f.ex.ws.discard_changes(f.ex.uat).unwrap();
    assert_eq!(report, DiscardReport::default());
    assert_eq!(f.ex.ws.status(f.ex.uat), Some(Status::Published));
}

#[test]
fn a_shared_key_vault_change_is_reported_and_stays_changed() {
    let mut f = published();
    f.ex.ws
        .add_user(f.ex.uat, common::user("ben", "ben@contoso.com"))
        .unwrap();
    f.ex.ws
        .update_entry(
            f.ex.kv,
            f.ex.signing,
            EntryInput {
                name: SecretName::parse("signing").unwrap(),
                description: Description::parse("Signs invoices").unwrap(),
                entry_type: EntryType::Certificate,
            },
        )
        .unwrap();
    let report = f.ex.ws.discard_changes(f.ex.uat).unwrap();
    assert_eq!(
        messages(&report),
        ["Description of 'signing' in Key Vault reference 'ContosoKV' changed from none to 'Signs invoices' (changed in Key Vault parameters; discard does not undo it)."]
    );
    assert!(matches!(
        &report.not_restored[0],
        NotRestored::Shared(change) if change.is_shared()
    ));
    // The environment's own edit was undone; the shared one remains.
    assert_eq!(f.ex.ws.environment(f.ex.uat).unwrap().users().len(), 1);
    assert_eq!(f.ex.ws.status(f.ex.uat), Some(Status::Changed));
    let remaining = diff::changes(&f.ex.ws, f.ex.uat);
    assert_eq!(remaining.len(), 1);
    assert!(remaining.iter().all(Change::is_shared));
}

#[test]
fn discard_is_refused_for_an_environment_never_published() {
    let mut ex = common::example();
    let error = ex.ws.discard_changes(ex.uat).unwrap_err();
    assert_eq!(
        error,
        WorkspaceError::NotPublished {
            environment: "UAT".into()
        }
    );
    assert_eq!(
        error.to_string(),
        "Service environment 'UAT' has never been published, so there are no published settings to go back to. Edit it, or delete it and start again."
    );
    assert_eq!(ex.ws.status(ex.uat), Some(Status::NotPublished));
}

#[test]
fn discard_of_an_unknown_environment_is_not_found() {
    let mut f = published();
    assert!(matches!(
        f.ex.ws.discard_changes(f.other),
        Err(WorkspaceError::NotFound { .. })
    ));
}

#[test]
fn a_published_name_now_taken_is_reported_and_the_rest_restored() {
    let mut f = published();
    f.ex.ws
        .update_environment(
            f.ex.uat,
            common::env_input("UAT-old", "Validation before production"),
        )
        .unwrap();
    f.ex.ws.remove_user(f.ex.uat, "ana").unwrap();
    f.ex.ws
        .add_environment(common::env_input("uat", "The new one"))
        .unwrap();
    let report = f.ex.ws.discard_changes(f.ex.uat).unwrap();
    assert_eq!(
        messages(&report),
        ["The published name 'UAT' is now used by another service environment, so this one keeps the name 'UAT-old'. Rename the other environment, then discard again."]
    );
    let env = f.ex.ws.environment(f.ex.uat).unwrap();
    assert_eq!(env.name().as_str(), "UAT-old");
    assert_eq!(env.users().len(), 1);
    assert_eq!(f.ex.ws.status(f.ex.uat), Some(Status::Changed));
    assert!(f.ex.ws.check().is_ok());
}

#[test]
fn a_published_secret_deleted_since_is_reported_and_the_current_one_kept() {
    let mut f = published();
    let secret = f.other_secret();
    f.ex.ws
        .set_storage_sas_secret(f.ex.uat, Some(secret))
        .unwrap();
    // No longer in use, so Key Vault parameters may delete it.
    f.ex.ws.delete_entry(f.ex.kv, f.ex.sas).unwrap();
    let report = f.ex.ws.discard_changes(f.ex.uat).unwrap();
    assert_eq!(
        messages(&report),
        [
            "The published Storage SAS token secret 'ContosoKV/einvoicing-sas' no longer exists: it was renamed or deleted in Key Vault parameters. The environment keeps 'Other/other-sas'.",
            "Secret 'einvoicing-sas' removed from Key Vault reference 'ContosoKV' (changed in Key Vault parameters; discard does not undo it).",
        ]
    );
    assert_eq!(
        f.ex.ws.environment(f.ex.uat).unwrap().storage_sas_secret(),
        Some(secret)
    );
    assert_eq!(f.ex.ws.status(f.ex.uat), Some(Status::Changed));
    // Every change left is one discard cannot undo, and the list says so.
    assert!(diff::changes(&f.ex.ws, f.ex.uat)
        .iter()
        .all(Change::is_shared));
}

#[test]
fn a_reference_renamed_since_is_reported() {
    let mut f = published();
    f.ex.ws
        .update_reference(
            f.ex.kv,
            common::reference_input(
                "ContosoVault",
                "https://contoso-einvoicing.vault.azure.net/",
            ),
        )
        .unwrap();
    f.ex.ws
        .update_environment(f.ex.uat, common::env_input("UAT", "Edited"))
        .unwrap();
    let report = f.ex.ws.discard_changes(f.ex.uat).unwrap();
    assert_eq!(
        messages(&report),
        [
            "The published Storage SAS token secret 'ContosoKV/einvoicing-sas' no longer exists: it was renamed or deleted in Key Vault parameters. The environment keeps 'ContosoVault/einvoicing-sas'.",
            "The published Key Vault reference 'ContosoKV' no longer exists: it was renamed or deleted in Key Vault parameters, so the environment does not carry it again.",
        ]
    );
    let env = f.ex.ws.environment(f.ex.uat).unwrap();
    assert_eq!(env.description().as_str(), "Validation before production");
    assert_eq!(f.ex.ws.status(f.ex.uat), Some(Status::Changed));
    assert!(diff::changes(&f.ex.ws, f.ex.uat)
        .iter()
        .all(Change::is_shared));
}

#[test]
fn published_values_refused_today_are_reported_not_panicked_on() {
    let mut f = published();
    let mut snapshot = f.ex.ws.publish_payload(f.ex.uat).unwrap();
    snapshot.number_sequences.clear();
    snapshot.name = "UAT with spaces".into();
    snapshot.description = "sig=abc&sv=2024-01-01&se=2026".into();
    snapshot.users.push(domain::payload::UserPayload {
        user_id: "bad user".into(),
        email: "bad@contoso.com".into(),
    });
    snapshot.users.push(domain::payload::UserPayload {
        user_id: "ANA".into(),
        email: "other@contoso.com".into(),
    });
    snapshot.applications[0].object_id = "not-a-guid".into();
    f.ex.ws
        .record_publication(f.ex.uat, publication(snapshot))
        .unwrap();
    f.ex.ws
        .add_user(f.ex.uat, common::user("ben", "ben@contoso.com"))
        .unwrap();
    let report = f.ex.ws.discard_changes(f.ex.uat).unwrap();
    let messages = messages(&report);
    assert_eq!(messages.len(), 5, "{messages:#?}");
    assert!(messages[0].starts_with("The published name 'UAT with spaces' could not be restored: The environment name may contain only letters"));
    assert!(messages[1].starts_with("The published description 'sig=abc&sv=2024-01-01&se=2026' could not be restored: This looks like a SAS token."));
    assert!(messages[2].starts_with(
        "The published user 'bad user' could not be restored: A user ID may contain only"
    ));
    assert_eq!(messages[3], "The published user 'ANA' could not be restored: User ID 'ANA' is already in this environment's users. Each user is listed once.");
    assert!(messages[4].starts_with("The published application '3d2c1b0a-9f8e-7d6c-5b4a-392817160504' could not be restored: Object ID: "));
    // What could be read was restored; nothing invalid entered the model.
    let env = f.ex.ws.environment(f.ex.uat).unwrap();
    assert_eq!(env.name().as_str(), "UAT");
    let users: Vec<&str> = env.users().iter().map(|u| u.user_id.as_str()).collect();
    assert_eq!(users, ["ana"]);
    assert!(env.applications().is_empty());
    assert!(f.ex.ws.check().is_ok());
    assert_eq!(f.ex.ws.status(f.ex.uat), Some(Status::Changed));
}
