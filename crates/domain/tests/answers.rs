//! The service's answers, classified as the contract says, and JSON
//! pointers mapped to the fields they name.

use domain::answers::*;
use domain::model::EnvironmentField;

#[test]
fn each_status_of_the_contract_is_classified() {
    let receipt = r#"{ "name": "UAT", "revision": "7", "publishedAt": "2026-11-21T10:00:00Z" }"#;
    match classify_publish(201, None, receipt) {
        PublishOutcome::Published(r) => {
            assert_eq!(r.revision.as_str(), "7");
            assert_eq!(r.revision.if_match(), "\"7\"");
            assert_eq!(r.published_at, "2026-11-21T10:00:00Z");
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        classify_publish(200, None, receipt),
        PublishOutcome::Published(_)
    ));

    let problem = r#"{ "type": "about:blank", "title": "Invalid", "status": 422, "detail": "2 errors",
        "errors": [ { "pointer": "/users/3/email", "detail": "Unknown mailbox" },
                    { "pointer": "/storageSasTokenSecret", "detail": "Secret not found in vault" } ] }"#;
    match classify_publish(422, None, problem) {
        PublishOutcome::Invalid(p) => {
            assert_eq!(p.errors.len(), 2);
            assert_eq!(
                p.errors[0].field(),
                EnvironmentField::User {
                    index: 3,
                    field: Some("email".into())
                }
            );
            assert_eq!(p.errors[1].field(), EnvironmentField::StorageSasTokenSecret);
            assert_eq!(p.detail.as_deref(), Some("2 errors"));
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        classify_publish(400, None, problem),
        PublishOutcome::Invalid(_)
    ));
    assert!(matches!(
        classify_publish(401, None, ""),
        PublishOutcome::NotAuthorized {
            status: 401,
            problem: None
        }
    ));
    assert!(matches!(
        classify_publish(403, None, problem),
        PublishOutcome::NotAuthorized {
            status: 403,
            problem: Some(_)
        }
    ));
    assert!(matches!(
        classify_publish(409, None, ""),
        PublishOutcome::Conflict { status: 409, .. }
    ));
    assert!(matches!(
        classify_publish(412, None, ""),
        PublishOutcome::Conflict { status: 412, .. }
    ));
    assert_eq!(
        classify_publish(429, Some(" 12 "), ""),
        PublishOutcome::RetryLater {
            status: 429,
            after_seconds: Some(12)
        }
    );
    assert_eq!(
        classify_publish(503, Some("Wed, 21 Oct 2026 07:28:00 GMT"), ""),
        PublishOutcome::RetryLater {
            status: 503,
            after_seconds: None
        }
    );
    assert!(matches!(
        classify_publish(500, None, ""),
        PublishOutcome::Unexpected { status: 500, .. }
    ));
}

#[test]
fn a_body_that_is_not_the_contract_is_unexpected_not_a_panic() {
    for body in [
        "",
        "<html>",
        "{}",
        r#"{"name":"UAT","revision":"","publishedAt":"x"}"#,
        r#"{"name":"UAT","revision":"a\"b","publishedAt":"x"}"#,
    ] {
        assert!(
            matches!(
                classify_publish(200, None, body),
                PublishOutcome::Unexpected { status: 200, .. }
            ),
            "{body}"
        );
    }
    assert!(matches!(
        classify_publish(422, None, "<html>"),
        PublishOutcome::Unexpected { .. }
    ));
}

#[test]
fn pointers_map_to_fields() {
    let cases = [
        ("/name", EnvironmentField::Name),
        ("/description", EnvironmentField::Description),
        ("/users", EnvironmentField::Users),
        (
            "/users/0",
            EnvironmentField::User {
                index: 0,
                field: None,
            },
        ),
        (
            "/applications/2/objectId",
            EnvironmentField::Application {
                index: 2,
                field: Some("objectId".into()),
            },
        ),
        (
            "/keyVaultReferences/0/certificates/1/name",
            EnvironmentField::KeyVaultReference {
                index: 0,
                path: Some("certificates/1/name".into()),
            },
        ),
        (
            "/numberSequences/1/name",
            EnvironmentField::NumberSequence {
                index: 1,
                field: Some("name".into()),
            },
        ),
        (
            "/users/x/email",
            EnvironmentField::Other("/users/x/email".into()),
        ),
        ("users/0", EnvironmentField::Other("users/0".into())),
        ("", EnvironmentField::Other("".into())),
        ("/a~1b", EnvironmentField::Other("/a~1b".into())),
    ];
    for (pointer, field) in cases {
        assert_eq!(EnvironmentField::from_pointer(pointer), field, "{pointer}");
    }
}

#[test]
fn held_environments_and_sequences_parse() {
    let list: Vec<HeldEnvironment> = serde_json::from_str(
        r#"[{ "name": "UAT", "revision": "7", "publishedAt": "2026-11-21T10:00:00Z" }]"#,
    )
    .unwrap();
    assert_eq!(list[0].revision.as_str(), "7");
    let seqs: Vec<HeldNumberSequence> = serde_json::from_str(
        r#"[{ "name": "INV", "description": "Invoice numbers", "inUse": true, "current": 1042 }]"#,
    )
    .unwrap();
    assert!(seqs[0].in_use);
    assert_eq!(seqs[0].current, Some(1042));
}

#[test]
fn revisions_must_fit_an_if_match_header() {
    assert!(Revision::parse(" 7 ").is_ok());
    assert!(matches!(Revision::parse(""), Err(RevisionError::Empty)));
    assert!(Revision::parse("a b").is_err());
    assert!(Revision::parse(&"x".repeat(129)).is_err());
}
