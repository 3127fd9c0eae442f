//! Adding what the service holds to this workspace, and taking its newer
//! version of an environment: what is read, what is added, and that a
//! conflict, a broken body or a failed call adds nothing.

mod common;

use std::cell::RefCell;

use api::adopt::{add, add_all, add_read, take, AddError, Adding};
use api::held::HeldError;
use common::*;
use domain::adopt::{BodyRefused, Conflict};
use domain::model::{KeyVaultReferenceInput, Workspace};
use domain::publish::{Method, TransportError};
use domain::status::Status;
use domain::values::{Description, KeyVaultUri, Name};

const UAT_V2: &str = include_str!("../../domain/tests/held_fixtures/uat-v2.json");
const BROKEN: &str = include_str!("../../domain/tests/held_fixtures/broken.json");
const SEQUENCES: &str =
    r#"[{"name":"INV","description":"Invoice numbers","inUse":true,"current":1042}]"#;
const CONTOSO_URI: &str = "https://contoso-einvoicing.vault.azure.net/";

/// The UAT fixture under another name.
fn renamed(name: &str) -> String {
    UAT_V2.replace("\"name\": \"UAT\"", &format!("\"name\": \"{name}\""))
}

/// A workspace holding only ContosoKV, at `uri`.
fn vault_at(uri: &str) -> RefCell<Workspace> {
    let mut ws = Workspace::new();
    ws.add_reference(KeyVaultReferenceInput {
        name: Name::parse("ContosoKV").unwrap(),
        description: Description::parse("Production vault").unwrap(),
        uri: KeyVaultUri::parse(uri).unwrap(),
    })
    .unwrap();
    RefCell::new(ws)
}

fn status_of(ws: &RefCell<Workspace>, name: &str) -> Option<Status> {
    let ws = ws.borrow();
    let id = ws.environment_by_name(name)?.id();
    ws.status(id)
}

#[test]
fn a_held_environment_is_read_whole_and_added_published_with_its_sequences() {
    let fake = Fake::new();
    let ws = RefCell::new(Workspace::new());
    fake.answer(200, UAT_V2).answer(200, SEQUENCES);
    let adding = run(add(&fake, &ws, &with_token("pasted"), "UAT")).unwrap();
    let Adding::Added { name, added } = adding else {
        panic!("not added: {adding:?}")
    };
    assert_eq!(name, "UAT");
    assert_eq!(added.created_references, ["ContosoKV", "Fabrikam KV"]);
    assert_eq!(status_of(&ws, "UAT"), Some(Status::Published));
    let ws_ref = ws.borrow();
    let env = ws_ref.environment(added.environment).unwrap();
    let publication = env.publication().unwrap();
    assert_eq!(publication.revision.as_str(), "7");
    assert_eq!(publication.published_by.as_deref(), Some("ana@contoso.com"));
    let inv = &env.number_sequences()[0];
    assert_eq!(
        (inv.name().as_str(), inv.in_use(), inv.current()),
        ("INV", true, Some(1042))
    );

    let requests = fake.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].method, Method::Get);
    assert_eq!(
        requests[0].url,
        "http://127.0.0.1:8081/api/v1/environments/UAT"
    );
    assert_eq!(
        requests[1].url,
        "http://127.0.0.1:8081/api/v1/environments/UAT/number-sequences"
    );
    for request in &requests {
        assert_eq!(request.header("Authorization"), Some("Bearer pasted"));
    }
    fake.finished();
}

#[test]
fn a_conflict_adds_nothing_and_keeps_the_body_until_the_service_s_side_is_taken() {
    let fake = Fake::new();
    let ws = vault_at("https://other-kv.vault.azure.net/");
    let before = ws.borrow().clone();
    fake.answer(200, UAT_V2).answer(200, SEQUENCES);
    let adding = run(add(&fake, &ws, &caller(), "UAT")).unwrap();
    let Adding::Conflicts {
        incoming,
        conflicts,
    } = adding
    else {
        panic!("added despite the conflict: {adding:?}")
    };
    assert_eq!(
        conflicts,
        [Conflict::ReferenceUri {
            reference: "ContosoKV".into(),
            here: "https://other-kv.vault.azure.net/".into(),
            there: CONTOSO_URI.into(),
        }]
    );
    assert_eq!(*ws.borrow(), before, "nothing was added or changed");

    // The administrator takes the service's side; the body read is added
    // without reading it again.
    ws.borrow_mut()
        .take_service_side(&incoming, &conflicts[0])
        .unwrap();
    let adding = add_read(&ws, *incoming).unwrap();
    assert!(matches!(adding, Adding::Added { .. }), "{adding:?}");
    assert_eq!(status_of(&ws, "UAT"), Some(Status::Published));
    fake.finished();
}

#[test]
fn add_all_adds_each_environment_without_a_conflict_and_says_why_of_the_others() {
    let fake = Fake::new();
    let ex = example(); // UAT is here already.
    fake.answer(
        200,
        r#"[{"name":"UAT","revision":"7","publishedAt":"2026-11-21T10:00:00Z"},
            {"name":"PROD","revision":"2","publishedAt":"2026-11-21T10:00:00Z"},
            {"name":"BROKEN","revision":"1","publishedAt":"2026-11-21T10:00:00Z"},
            {"name":"TEST","revision":"4","publishedAt":"2026-11-21T10:00:00Z","publishedBy":"bea@contoso.com"}]"#,
    )
    .answer(200, &renamed("PROD"))
    .answer(200, "[]")
    .answer(200, BROKEN)
    .answer(200, "[]")
    .answer(200, &renamed("TEST"))
    .answer(200, "[]");
    let all = run(add_all(&fake, &ex.ws, &caller())).unwrap();
    let added: Vec<&str> = all.added.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(added, ["PROD", "TEST"]);
    assert!(all.conflicted.is_empty());
    assert_eq!(all.refused.len(), 1);
    assert!(matches!(all.refused[0].1, BodyRefused::Broken { .. }));
    // This workspace's ContosoKV has no description, the service's has
    // one: not a conflict, but the added environments read Changed, and
    // say why.
    let ws = &ex.ws;
    assert_eq!(status_of(ws, "PROD"), Some(Status::Changed));
    assert_eq!(status_of(ws, "TEST"), Some(Status::Changed));
    let differences = &all.added[0].1.differences;
    assert!(
        differences.iter().any(|d| d.contains("Production vault")),
        "{differences:?}"
    );
    assert_eq!(status_of(ws, "BROKEN"), None, "nothing of a broken body");
    // UAT was never read: it is here already.
    assert!(!fake
        .requests()
        .iter()
        .any(|r| r.url.ends_with("/environments/UAT")));
    fake.finished();
}

#[test]
fn taking_the_service_s_version_replaces_the_environment_in_place() {
    let fake = Fake::new();
    let ex = example();
    mark_published(&mut ex.ws.borrow_mut(), ex.uat, "1");
    fake.answer(200, UAT_V2);
    // The service's version carries a Key Vault reference this workspace
    // lacks, so the take reports it; the rest is put back.
    let taken = run(take(&fake, &ex.ws, &caller(), ex.uat)).unwrap();
    assert_eq!(taken.revision.as_str(), "7");
    let ws = ex.ws.borrow();
    let env = ws.environment(ex.uat).unwrap();
    assert_eq!(env.publication().unwrap().revision.as_str(), "7");
    let users: Vec<&str> = env.users().iter().map(|u| u.user_id.as_str()).collect();
    assert_eq!(users, ["ana", "ben"]);
    assert_eq!(env.description().as_str(), "Validation before production");
    assert!(!taken.report.is_complete(), "Fabrikam KV is not here");
    fake.finished();
}

#[test]
fn a_failed_read_a_refusal_or_an_unknown_version_adds_nothing() {
    let fake = Fake::new();
    let ws = RefCell::new(Workspace::new());

    fake.answer(404, r#"{"title":"Environment not found"}"#);
    let error = run(add(&fake, &ws, &caller(), "GONE")).unwrap_err();
    assert!(
        matches!(error, AddError::Read(HeldError::Service(ref e)) if e.status == 404),
        "{error:?}"
    );
    assert!(
        error.to_string().contains("Nothing changed here"),
        "{error}"
    );

    fake.then(Err(TransportError::Timeout { seconds: 30 }));
    let error = run(add(&fake, &ws, &caller(), "UAT")).unwrap_err();
    assert!(matches!(error, AddError::Read(HeldError::Transport(_))));

    let sample = api::Caller::new(local_page().showing_sample(true));
    let error = run(add(&fake, &ws, &sample, "UAT")).unwrap_err();
    assert!(matches!(error, AddError::Read(HeldError::Refused(_))));

    fake.answer(
        200,
        &UAT_V2.replace("\"schemaVersion\": 2", "\"schemaVersion\": 3"),
    )
    .answer(200, "[]");
    let error = run(add(&fake, &ws, &caller(), "UAT")).unwrap_err();
    assert!(
        matches!(
            error,
            AddError::Body(BodyRefused::UnknownSchemaVersion { .. })
        ),
        "{error:?}"
    );
    assert!(error.to_string().contains('3'), "{error}");

    assert!(ws.borrow().environments().is_empty());
    assert!(ws.borrow().key_vault_references().is_empty());
    fake.finished();
}
