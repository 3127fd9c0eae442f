//! The publish client without a browser: requests exactly as
//! `publish-api.md` says (URL, percent-encoded names, headers, body), the
//! idempotency key reused only for the very same request, what the service
//! holds compared with what this browser published, and what a publish, a
//! conflict or a sequence refresh records.

mod common;

use domain::answers::{HeldEnvironment, HeldEnvironmentDetail, HeldNumberSequence, Revision};
use domain::model::*;
use domain::publish::*;
use domain::status::Status;
use domain::values::*;

fn key(n: u8) -> IdempotencyKey {
    IdempotencyKey::from_random_bytes([n; 16])
}

fn base() -> EndpointUrl {
    EndpointUrl::parse("https://gw.eu-il101.gateway.prod.island.powerapps.com/electronicinvoicing/")
        .unwrap()
}

fn revision(r: &str) -> Revision {
    Revision::parse(r).unwrap()
}

fn publish(ws: &mut Workspace, env: Id, r: &str) -> PublishAttempt {
    let attempt = PublishAttempt::plan(ws, env, None, None, || key(9)).unwrap();
    ws.record_publication(
        env,
        Publication {
            revision: revision(r),
            published_at: "2026-11-21T10:00:00Z".into(),
            snapshot: attempt.payload.clone(),
            published_by: None,
        },
    )
    .unwrap();
    attempt
}

#[test]
fn idempotency_keys_are_version_4_uuids() {
    let k = key(0xff).to_string();
    assert_eq!(k.len(), 36);
    assert_eq!(&k[14..15], "4", "{k}");
    assert!(matches!(&k[19..20], "8" | "9" | "a" | "b"), "{k}");
    assert_eq!(Guid::parse(&k).unwrap().as_str(), k);
}

#[test]
fn a_first_publish_puts_the_payload_with_if_none_match_and_a_fresh_key() {
    let ex = common::example();
    let attempt = PublishAttempt::plan(&ex.ws, ex.uat, None, None, || key(1)).unwrap();
    assert_eq!(attempt.precondition, Precondition::Create);
    let url = base();
    let request = Service::new(&url, None).publish(&attempt);
    assert_eq!(request.method, Method::Put);
    assert_eq!(
        request.url,
        "https://gw.eu-il101.gateway.prod.island.powerapps.com/electronicinvoicing/api/v1/environments/UAT"
    );
    assert_eq!(request.header("accept"), Some("application/json"));
    assert_eq!(request.header("content-type"), Some("application/json"));
    assert_eq!(request.header("if-none-match"), Some("*"));
    assert_eq!(request.header("if-match"), None);
    assert_eq!(
        request.header("idempotency-key"),
        Some(key(1).to_string().as_str())
    );
    assert_eq!(request.header("authorization"), None);
    let body: serde_json::Value = serde_json::from_str(request.body.as_deref().unwrap()).unwrap();
    assert_eq!(body["schemaVersion"], 2);
    assert_eq!(body["name"], "UAT");
    assert_eq!(
        body["storageSasTokenSecret"]["secretName"],
        "einvoicing-sas"
    );
    assert_eq!(body["users"][0]["email"], "ana@contoso.com");
    assert_eq!(body["numberSequences"][0]["name"], "INV");
}

#[test]
fn a_republish_sends_if_match_with_the_quoted_revision_and_the_bearer_token() {
    let mut ex = common::example();
    publish(&mut ex.ws, ex.uat, "7");
    ex.ws
        .add_user(ex.uat, common::user("ben", "ben@contoso.com"))
        .unwrap();
    let attempt = PublishAttempt::plan(&ex.ws, ex.uat, None, None, || key(2)).unwrap();
    assert_eq!(attempt.precondition, Precondition::Match(revision("7")));
    let url = base();
    let token = BoundToken::new(AccessToken::parse("Bearer abc.def.ghi").unwrap(), &url);
    let request = Service::new(&url, Some(&token)).publish(&attempt);
    assert_eq!(request.header("If-Match"), Some("\"7\""));
    assert_eq!(request.header("If-None-Match"), None);
    assert_eq!(request.header("Authorization"), Some("Bearer abc.def.ghi"));
    let debug = format!("{request:?}");
    assert!(
        !debug.contains("abc.def.ghi") && debug.contains("Bearer (hidden)"),
        "{debug}"
    );
}

#[test]
fn a_retry_of_the_same_content_reuses_the_key_and_any_change_takes_a_new_one() {
    let mut ex = common::example();
    let first = PublishAttempt::plan(&ex.ws, ex.uat, None, None, || key(1)).unwrap();
    let retry = PublishAttempt::plan(&ex.ws, ex.uat, Some(&first), None, || key(2)).unwrap();
    assert_eq!(retry.key, key(1));
    assert_eq!(retry.body, first.body);

    ex.ws
        .add_user(ex.uat, common::user("ben", "ben@contoso.com"))
        .unwrap();
    let edited = PublishAttempt::plan(&ex.ws, ex.uat, Some(&first), None, || key(3)).unwrap();
    assert_eq!(edited.key, key(3), "other content, other key");

    let overwrite =
        PublishAttempt::plan(&ex.ws, ex.uat, Some(&edited), Some(&revision("9")), || {
            key(4)
        })
        .unwrap();
    assert_eq!(overwrite.precondition, Precondition::Match(revision("9")));
    assert_eq!(overwrite.key, key(4), "another precondition, another key");
}

#[test]
fn an_environment_with_problems_is_refused_before_any_request_with_what_blocks_it() {
    let mut ws = Workspace::new();
    let env = ws.add_environment(common::env_input("PROD", "")).unwrap();
    let problems = PublishAttempt::plan(&ws, env, None, None, || key(1)).unwrap_err();
    let fields: Vec<_> = problems.iter().map(|p| p.field.clone()).collect();
    assert!(
        fields.contains(&EnvironmentField::StorageSasTokenSecret),
        "{problems:?}"
    );
    assert!(fields.contains(&EnvironmentField::Users), "{problems:?}");
}

#[test]
fn a_renamed_environment_is_created_under_its_new_name() {
    let mut ex = common::example();
    publish(&mut ex.ws, ex.uat, "3");
    ex.ws
        .update_environment(
            ex.uat,
            common::env_input("UAT2", "Validation before production"),
        )
        .unwrap();
    let attempt = PublishAttempt::plan(&ex.ws, ex.uat, None, None, || key(1)).unwrap();
    assert_eq!(attempt.precondition, Precondition::Create);
    assert_eq!(attempt.name, "UAT2");
}

#[test]
fn names_are_percent_encoded_as_one_path_segment() {
    assert_eq!(encode_segment("UAT"), "UAT");
    assert_eq!(encode_segment("a b/c?d#e%"), "a%20b%2Fc%3Fd%23e%25");
    assert_eq!(encode_segment("é"), "%C3%A9");
    assert_eq!(encode_segment("A-z_0.9~"), "A-z_0.9~");
}

#[test]
fn the_other_calls_have_their_contract_urls_and_bodies() {
    let url = EndpointUrl::parse("http://127.0.0.1:8081/").unwrap();
    let service = Service::new(&url, None);
    let list = service.list_environments();
    assert_eq!(
        (list.method, list.url.as_str()),
        (Method::Get, "http://127.0.0.1:8081/api/v1/environments")
    );
    assert_eq!(list.body, None);
    assert_eq!(list.header("content-type"), None);
    assert_eq!(
        service.held_environment("UAT").url,
        "http://127.0.0.1:8081/api/v1/environments/UAT"
    );
    assert_eq!(
        service.list_sequences("UAT").url,
        "http://127.0.0.1:8081/api/v1/environments/UAT/number-sequences"
    );
    let put = service.put_sequence(
        "UAT",
        &domain::payload::NumberSequencePayload {
            name: "INV 2".into(),
            description: "Invoices".into(),
        },
    );
    assert_eq!(put.method, Method::Put);
    assert_eq!(
        put.url,
        "http://127.0.0.1:8081/api/v1/environments/UAT/number-sequences/INV%202"
    );
    assert_eq!(
        put.body.as_deref(),
        Some(r#"{"name":"INV 2","description":"Invoices"}"#)
    );
    let delete = service.delete_sequence("UAT", "INV");
    assert_eq!(delete.method, Method::Delete);
    assert_eq!(
        delete.url,
        "http://127.0.0.1:8081/api/v1/environments/UAT/number-sequences/INV"
    );
}

fn held(name: &str, r: &str) -> HeldEnvironment {
    HeldEnvironment {
        name: name.into(),
        revision: revision(r),
        published_at: "2026-11-22T08:00:00Z".into(),
        published_by: None,
    }
}

#[test]
fn what_the_service_holds_flags_environments_published_elsewhere() {
    let mut ex = common::example();
    publish(&mut ex.ws, ex.uat, "2");
    let prod = ex
        .ws
        .add_environment(common::env_input("PROD", ""))
        .unwrap();
    let dev = ex.ws.add_environment(common::env_input("DEV", "")).unwrap();

    let same = compare(&ex.ws, &[held("uat", "2")]);
    assert_eq!(
        same.view(ex.uat),
        Some(&ServiceView::UpToDate {
            revision: revision("2"),
            published_by: None,
        })
    );
    assert_eq!(same.view(prod), Some(&ServiceView::NotHeld));

    let moved = compare(
        &ex.ws,
        &[held("UAT", "3"), held("PROD", "1"), held("TEST", "4")],
    );
    let uat = moved.view(ex.uat).unwrap();
    assert!(uat.needs_attention());
    assert_eq!(
        uat.label(),
        "Newer on the service: revision 3, published 2026-11-22 08:00 UTC (this browser has revision 2)"
    );
    assert_eq!(
        moved.view(prod).unwrap().label(),
        "On the service: revision 1, published 2026-11-22 08:00 UTC (never published from this browser)"
    );
    assert_eq!(moved.view(dev), Some(&ServiceView::NotHeld));
    let by_bea = compare(
        &ex.ws,
        &[HeldEnvironment {
            published_by: Some("bea@contoso.com".into()),
            ..held("UAT", "5")
        }],
    );
    assert_eq!(
        by_bea.view(ex.uat).unwrap().label(),
        "Newer on the service: revision 5, published 2026-11-22 08:00 UTC by bea@contoso.com (this browser has revision 2)"
    );
    let by_bea_here = compare(
        &ex.ws,
        &[HeldEnvironment {
            published_by: Some("bea@contoso.com".into()),
            ..held("UAT", "2")
        }],
    );
    assert_eq!(
        by_bea_here.view(ex.uat).unwrap().label(),
        "Revision 2, as here (published by bea@contoso.com)"
    );
    assert_eq!(moved.only_on_service, vec![held("TEST", "4")]);

    let gone = compare(&ex.ws, &[]);
    assert_eq!(
        gone.view(ex.uat),
        Some(&ServiceView::Missing {
            ours: revision("2")
        })
    );
    assert!(gone.view(ex.uat).unwrap().needs_attention());
}

#[test]
fn held_lists_are_read_or_refused_in_plain_words() {
    let list = read_held_list(
        200,
        r#"[{"name":"UAT","revision":"7","publishedAt":"2026-11-21T10:00:00Z"}]"#,
    )
    .unwrap();
    assert_eq!(list[0].revision, revision("7"));
    let e = read_held_list(200, "not json").unwrap_err();
    assert!(
        e.message
            .starts_with("Could not read what the service holds"),
        "{}",
        e.message
    );
    let e = read_held_list(401, "").unwrap_err();
    assert!(e.message.contains("access token"), "{}", e.message);
}

#[test]
fn taking_over_the_service_version_makes_it_the_publication_and_the_content() {
    let mut ex = common::example();
    let sent = publish(&mut ex.ws, ex.uat, "1");
    // Someone else published revision 2 with another description and user.
    let mut theirs = sent.payload.clone();
    theirs.description = "Changed by Ben".into();
    theirs.users.push(domain::payload::UserPayload {
        user_id: "ben".into(),
        email: "ben@contoso.com".into(),
    });
    // Meanwhile this browser edited the description.
    ex.ws
        .update_environment(ex.uat, common::env_input("UAT", "Mine"))
        .unwrap();
    let report = ex
        .ws
        .adopt_held(
            ex.uat,
            HeldEnvironmentDetail {
                revision: revision("2"),
                published_by: Some("ben@contoso.com".into()),
                published_at: "2026-11-22T09:00:00Z".into(),
                environment: theirs,
            },
        )
        .unwrap();
    assert!(report.is_complete(), "{report:?}");
    let env = ex.ws.environment(ex.uat).unwrap();
    assert_eq!(env.description().as_str(), "Changed by Ben");
    assert_eq!(env.users().len(), 2);
    assert_eq!(env.publication().unwrap().revision, revision("2"));
    assert_eq!(ex.ws.status(ex.uat), Some(Status::Published));
    assert_eq!(env.number_sequences().len(), 1, "sequences are left alone");
}

#[test]
fn the_publish_history_keeps_the_latest_attempts_and_never_changes_the_status() {
    let mut ex = common::example();
    for i in 0..(HISTORY_LENGTH + 5) {
        ex.ws
            .record_attempt(
                ex.uat,
                PublishRecord {
                    at: format!("2026-11-22T10:{:02}:00Z", i % 60),
                    revision: None,
                    result: format!("attempt {i}"),
                    succeeded: false,
                    published_by: None,
                },
            )
            .unwrap();
    }
    let history = ex.ws.environment(ex.uat).unwrap().history();
    assert_eq!(history.len(), HISTORY_LENGTH);
    assert_eq!(
        history.last().unwrap().result,
        format!("attempt {}", HISTORY_LENGTH + 4)
    );
    assert_eq!(history[0].result, "attempt 5");
    assert_eq!(ex.ws.status(ex.uat), Some(Status::NotPublished));
    // The history survives the stored form.
    let json = serde_json::to_string(&ex.ws).unwrap();
    let back: Workspace = serde_json::from_str(&json).unwrap();
    assert_eq!(
        back.environment(ex.uat).unwrap().history().len(),
        HISTORY_LENGTH
    );
}

#[test]
fn a_sequence_refresh_sets_usage_adds_held_ones_and_reports_missing_ones() {
    let mut ex = common::example();
    publish(&mut ex.ws, ex.uat, "1");
    ex.ws
        .add_number_sequence(ex.uat, common::sequence("CN", "Credit notes"))
        .unwrap();
    let report = ex
        .ws
        .refresh_sequences(
            ex.uat,
            &[
                HeldNumberSequence {
                    name: "inv".into(),
                    description: "Invoice numbers".into(),
                    in_use: true,
                    current: Some(1042),
                },
                HeldNumberSequence {
                    name: "PO".into(),
                    description: "Orders".into(),
                    in_use: false,
                    current: None,
                },
                HeldNumberSequence {
                    name: "bad name!".into(),
                    description: "".into(),
                    in_use: false,
                    current: None,
                },
            ],
        )
        .unwrap();
    assert_eq!(report.added, vec!["PO".to_string()]);
    assert_eq!(report.not_on_service, vec!["CN".to_string()]);
    assert_eq!(report.unreadable, vec!["bad name!".to_string()]);
    let env = ex.ws.environment(ex.uat).unwrap();
    let inv = env
        .number_sequences()
        .iter()
        .find(|s| s.name().as_str() == "INV")
        .unwrap();
    assert!(inv.in_use());
    assert_eq!(inv.current(), Some(1042));
    assert_eq!(
        ex.ws.status(ex.uat),
        Some(Status::Published),
        "sequences never change the status"
    );
}

#[test]
fn the_local_receiver_is_the_endpoint_only_for_a_page_served_locally_and_only_until_one_is_chosen()
{
    let mut ws = Workspace::new();
    assert_eq!(ws.settings().effective_endpoint(false), None);
    assert_eq!(
        ws.settings().effective_endpoint(true),
        Some(ServiceEndpoint::local_development())
    );
    assert_eq!(
        ServiceEndpoint::local_development().url().as_str(),
        LOCAL_DEVELOPMENT_URL
    );
    let eu = ServiceEndpoint::geography("eu", 101).unwrap();
    ws.set_endpoint(Some(eu.clone()));
    assert_eq!(ws.settings().effective_endpoint(true), Some(eu));
    assert_eq!(ws.settings().timeout, RequestTimeout::DEFAULT);
}

#[test]
fn service_errors_are_placed_on_the_item_the_pointer_names_in_the_sent_payload() {
    let mut ex = common::example();
    for (id, email) in [
        ("ben", "ben@contoso.com"),
        ("cy", "cy@contoso.com"),
        ("dee", "dee@contoso.com"),
    ] {
        ex.ws.add_user(ex.uat, common::user(id, email)).unwrap();
    }
    let attempt = PublishAttempt::plan(&ex.ws, ex.uat, None, None, || key(1)).unwrap();
    let errors: Vec<domain::answers::ProblemError> = serde_json::from_str(
        r#"[{"pointer":"/users/3/email","detail":"This mailbox does not exist."},
            {"pointer":"/description","detail":"Too vague."},
            {"pointer":"/applications/0/objectId","detail":"Unknown object."},
            {"pointer":"/keyVaultReferences/0/certificates/2/chain","detail":"Broken chain."},
            {"pointer":"/numberSequences/0/name","detail":"Reserved."},
            {"pointer":"/users/99/email","detail":"?"},
            {"pointer":"","detail":"Whole thing."}]"#,
    )
    .unwrap();
    let placed = place(&attempt.payload, &errors);
    let user_at_3 = attempt.payload.users[3].user_id.clone();
    assert_eq!(placed[0].place, format!("User '{user_at_3}', Email"));
    assert_eq!(placed[0].user_id.as_deref(), Some(user_at_3.as_str()));
    assert_eq!(placed[0].detail, "This mailbox does not exist.");
    assert_eq!(placed[1].place, "Description");
    assert_eq!(placed[1].field, EnvironmentField::Description);
    assert_eq!(
        placed[2].place,
        "Application '3d2c1b0a-9f8e-7d6c-5b4a-392817160504', Object ID"
    );
    assert_eq!(
        placed[3].place,
        "Key Vault reference 'ContosoKV' (certificates/2/chain)"
    );
    assert_eq!(placed[4].place, "Number sequence 'INV', Name");
    assert_eq!(placed[5].place, "User 100, Email");
    assert_eq!(placed[5].user_id, None);
    assert_eq!(placed[6].place, "The environment");
}

#[test]
fn a_token_given_for_one_endpoint_is_never_sent_to_another() {
    let mut ex = common::example();
    let attempt = PublishAttempt::plan(&ex.ws, ex.uat, None, None, || key(3)).unwrap();
    publish(&mut ex.ws, ex.uat, "1");
    let given_for = base();
    let token = BoundToken::new(AccessToken::parse("abc.def.ghi").unwrap(), &given_for);
    let elsewhere = EndpointUrl::parse("https://gw.contoso.com/einvoicing/").unwrap();
    let service = Service::new(&elsewhere, Some(&token));
    for request in [
        service.publish(&attempt),
        service.list_environments(),
        service.held_environment("UAT"),
        service.list_sequences("UAT"),
        service.delete_sequence("UAT", "INV"),
    ] {
        assert_eq!(request.header("Authorization"), None, "{}", request.url);
    }
    assert_eq!(
        Service::new(&given_for, Some(&token))
            .list_environments()
            .header("Authorization"),
        Some("Bearer abc.def.ghi")
    );
}

/// A publish interrupted by a `401` is kept across the sign-in redirect
/// (in the tab's sessionStorage) and planned again with the same key.
#[test]
fn a_kept_attempt_reads_back_and_plans_the_same_key() {
    let ex = common::example();
    let attempt = PublishAttempt::plan(&ex.ws, ex.uat, None, None, || key(7)).unwrap();
    let kept = serde_json::to_string(&attempt).unwrap();
    let back: PublishAttempt = serde_json::from_str(&kept).unwrap();
    assert_eq!(back, attempt);
    let again = PublishAttempt::plan(&ex.ws, ex.uat, Some(&back), None, || {
        panic!("no new key for the same content")
    })
    .unwrap();
    assert_eq!(again.key, attempt.key);
    // A key that is not a version 4 UUID does not read back.
    let tampered = kept.replace(
        &attempt.key.to_string(),
        "00000000-0000-1000-8000-000000000000",
    );
    assert!(serde_json::from_str::<PublishAttempt>(&tampered).is_err());
}
