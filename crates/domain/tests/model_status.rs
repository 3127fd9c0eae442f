//! Status transitions: Not published, Published, Changed, derived from
//! content against the last published snapshot.

mod common;

use domain::answers::Revision;
use domain::model::*;
use domain::status::Status;
use domain::values::*;

fn publish(ws: &mut Workspace, env: Id, revision: &str) {
    let sent = ws.publish_payload(env).expect("publishable");
    ws.record_publication(
        env,
        Publication {
            revision: Revision::parse(revision).unwrap(),
            published_at: "2026-11-21T10:00:00Z".into(),
            snapshot: sent,
            published_by: None,
        },
    )
    .unwrap();
}

#[test]
fn a_new_environment_is_not_published() {
    let ex = common::example();
    assert_eq!(ex.ws.status(ex.uat), Some(Status::NotPublished));
    assert_eq!(Status::NotPublished.label(), "Not published");
}

#[test]
fn publishing_makes_it_published_and_an_edit_makes_it_changed() {
    let mut ex = common::example();
    publish(&mut ex.ws, ex.uat, "1");
    assert_eq!(ex.ws.status(ex.uat), Some(Status::Published));

    ex.ws
        .add_user(ex.uat, common::user("ben", "ben@contoso.com"))
        .unwrap();
    assert_eq!(ex.ws.status(ex.uat), Some(Status::Changed));

    // Editing back to the published content shows Published again.
    ex.ws.remove_user(ex.uat, "BEN").unwrap();
    assert_eq!(ex.ws.status(ex.uat), Some(Status::Published));
}

#[test]
fn description_change_and_back() {
    let mut ex = common::example();
    publish(&mut ex.ws, ex.uat, "1");
    ex.ws
        .update_environment(ex.uat, common::env_input("UAT", "Something else"))
        .unwrap();
    assert_eq!(ex.ws.status(ex.uat), Some(Status::Changed));
    ex.ws
        .update_environment(
            ex.uat,
            common::env_input("UAT", "Validation before production"),
        )
        .unwrap();
    assert_eq!(ex.ws.status(ex.uat), Some(Status::Published));
}

#[test]
fn number_sequences_never_change_the_status() {
    let mut ex = common::example();
    publish(&mut ex.ws, ex.uat, "1");
    let seq = ex
        .ws
        .add_number_sequence(ex.uat, common::sequence("CRN", "Credit notes"))
        .unwrap();
    ex.ws
        .set_sequence_usage(ex.uat, seq, true, Some(1042))
        .unwrap();
    assert_eq!(ex.ws.status(ex.uat), Some(Status::Published));
    let inv = ex.ws.environment(ex.uat).unwrap().number_sequences()[0].id();
    ex.ws.delete_number_sequence(ex.uat, inv).unwrap();
    assert_eq!(ex.ws.status(ex.uat), Some(Status::Published));
}

#[test]
fn adding_or_removing_a_key_vault_secret_counts_as_a_change() {
    let mut ex = common::example();
    publish(&mut ex.ws, ex.uat, "1");
    let extra = ex
        .ws
        .add_entry(ex.kv, common::entry("api-key", EntryType::Secret))
        .unwrap();
    assert_eq!(ex.ws.status(ex.uat), Some(Status::Changed));
    ex.ws.delete_entry(ex.kv, extra).unwrap();
    assert_eq!(ex.ws.status(ex.uat), Some(Status::Published));
}

#[test]
fn renaming_the_sas_secret_carries_through_and_marks_changed() {
    let mut ex = common::example();
    publish(&mut ex.ws, ex.uat, "1");
    ex.ws
        .update_entry(ex.kv, ex.sas, common::entry("sas-2026", EntryType::Secret))
        .unwrap();
    assert_eq!(ex.ws.status(ex.uat), Some(Status::Changed));
    let payload = ex.ws.publish_payload(ex.uat).unwrap();
    assert_eq!(payload.storage_sas_token_secret.secret_name, "sas-2026");
    // Renaming the reference carries through the same way.
    ex.ws
        .update_reference(
            ex.kv,
            common::reference_input(
                "ContosoVault",
                "https://contoso-einvoicing.vault.azure.net/",
            ),
        )
        .unwrap();
    let payload = ex.ws.publish_payload(ex.uat).unwrap();
    assert_eq!(
        payload.storage_sas_token_secret.key_vault_reference,
        "ContosoVault"
    );
}

#[test]
fn clearing_the_sas_secret_of_a_published_environment_is_a_change() {
    let mut ex = common::example();
    publish(&mut ex.ws, ex.uat, "1");
    ex.ws.set_storage_sas_secret(ex.uat, None).unwrap();
    assert_eq!(ex.ws.status(ex.uat), Some(Status::Changed));
}

#[test]
fn an_edit_made_while_publishing_stays_changed() {
    let mut ex = common::example();
    let sent = ex.ws.publish_payload(ex.uat).unwrap();
    // The administrator edits while the request is in flight...
    ex.ws
        .add_user(ex.uat, common::user("cy", "cy@contoso.com"))
        .unwrap();
    // ...and the answer records what was sent, not what is on screen.
    ex.ws
        .record_publication(
            ex.uat,
            Publication {
                revision: Revision::parse("2").unwrap(),
                published_at: "2026-11-21T10:00:00Z".into(),
                snapshot: sent,
                published_by: None,
            },
        )
        .unwrap();
    assert_eq!(ex.ws.status(ex.uat), Some(Status::Changed));
}

#[test]
fn an_unrelated_reference_does_not_affect_the_status() {
    let mut ex = common::example();
    publish(&mut ex.ws, ex.uat, "1");
    let other = ex
        .ws
        .add_reference(common::reference_input(
            "Other",
            "https://other-kv.vault.azure.net/",
        ))
        .unwrap();
    ex.ws
        .add_entry(other, common::entry("x", EntryType::Secret))
        .unwrap();
    assert_eq!(ex.ws.status(ex.uat), Some(Status::Published));
    // Once the environment carries it, it counts.
    ex.ws
        .set_environment_references(ex.uat, vec![other])
        .unwrap();
    assert_eq!(ex.ws.status(ex.uat), Some(Status::Changed));
    let _ = Description::parse("").unwrap();
}

#[test]
fn a_clone_is_not_published() {
    let mut ex = common::example();
    publish(&mut ex.ws, ex.uat, "1");
    let prod = ex
        .ws
        .clone_environment(ex.uat, common::env_input("PROD", "Production"))
        .unwrap();
    assert_eq!(ex.ws.status(prod), Some(Status::NotPublished));
    let env = ex.ws.environment(prod).unwrap();
    assert_eq!(env.users().len(), 1);
    assert_eq!(env.applications().len(), 1);
    assert_ne!(
        env.applications()[0].id(),
        ex.ws.environment(ex.uat).unwrap().applications()[0].id()
    );
    assert!(!env.number_sequences()[0].in_use());
    assert_eq!(ex.ws.status(ex.uat), Some(Status::Published));
}
