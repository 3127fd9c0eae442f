//! The publish flow against a scripted service: every status class and
//! fault of `publish-api.md`, each retry path, a conflict, an expired
//! sign-in and the retry after signing in again, and what each leaves in
//! the workspace.

mod common;

use api::publish::{publish, Conflict, Progress, PublishError, PublishOrder, PublishRun};
use common::*;
use domain::answers::{PublishOutcome, Revision};
use domain::model::EnvironmentField;
use domain::publish::{DestinationRefused, Failure, Method, PageContext, TransportError};
use domain::status::Status;
use domain::values::Description;

fn order(ex: &Example) -> PublishOrder {
    PublishOrder {
        environment: ex.uat,
        overwrite: None,
    }
}

/// Publishes UAT as `caller`, collecting what the flow said along the way.
fn go(fake: &Fake, ex: &Example, caller: &api::Caller) -> (PublishRun, Vec<Progress>) {
    go_with(fake, ex, caller, &order(ex), None)
}

fn go_with(
    fake: &Fake,
    ex: &Example,
    caller: &api::Caller,
    order: &PublishOrder,
    previous: Option<&domain::publish::PublishAttempt>,
) -> (PublishRun, Vec<Progress>) {
    let mut heard = Vec::new();
    let run = run(publish(fake, &ex.ws, caller, order, previous, |p| {
        heard.push(p)
    }));
    (run, heard)
}

fn status(ex: &Example) -> Status {
    ex.ws.borrow().status(ex.uat).unwrap()
}

fn history(ex: &Example) -> Vec<(String, bool)> {
    ex.ws
        .borrow()
        .environment(ex.uat)
        .unwrap()
        .history()
        .iter()
        .map(|r| (r.result.clone(), r.succeeded))
        .collect()
}

fn failure(run: &PublishRun) -> &Failure {
    match &run.result {
        Err(PublishError::Failed(not)) => &not.failure,
        other => panic!("not a failed publish: {other:?}"),
    }
}

#[test]
fn a_first_publish_creates_the_environment_and_records_its_revision() {
    let (fake, ex) = (Fake::new(), example());
    fake.answer(201, &receipt("UAT", "1"));
    let (run, heard) = go(&fake, &ex, &caller());
    fake.finished();

    let published = run.result.unwrap();
    assert_eq!(
        published.to_string(),
        "Published UAT at revision 1 (2026-11-21T10:00:05Z)."
    );
    assert_eq!(run.keep, None, "nothing left to retry");
    assert_eq!(
        heard.iter().map(ToString::to_string).collect::<Vec<_>>(),
        ["Publishing UAT to http://127.0.0.1:8081/…"]
    );
    let (request, timeout) = fake.sent.borrow()[0].clone();
    assert_eq!(request.method, Method::Put);
    assert_eq!(request.url, "http://127.0.0.1:8081/api/v1/environments/UAT");
    assert_eq!(request.header("If-None-Match"), Some("*"));
    assert_eq!(request.header("If-Match"), None);
    assert_eq!(request.header("Accept"), Some("application/json"));
    assert_eq!(request.header("Content-Type"), Some("application/json"));
    assert_eq!(request.header("Authorization"), None, "no token was given");
    let key = request.header("Idempotency-Key").unwrap();
    assert_eq!(key.len(), 36);
    assert_eq!(&key[14..15], "4", "a version 4 UUID: {key}");
    assert_eq!(timeout, 30, "the workspace's default timeout");
    let body: serde_json::Value = serde_json::from_str(request.body.as_deref().unwrap()).unwrap();
    assert_eq!(body["name"], "UAT");
    assert_eq!(body["users"][0]["userId"], "ana");

    assert_eq!(status(&ex), Status::Published);
    assert_eq!(history(&ex), [("Published".to_string(), true)]);
    let ws = ex.ws.borrow();
    let history = ws.environment(ex.uat).unwrap().history();
    assert_eq!(
        history[0].at, "2026-11-21T10:00:00.000Z",
        "the page's clock"
    );
}

#[test]
fn a_republish_names_the_revision_it_replaces_and_an_overwrite_the_one_chosen() {
    let (fake, ex) = (Fake::new(), example());
    mark_published(&mut ex.ws.borrow_mut(), ex.uat, "4");
    add_user(&mut ex.ws.borrow_mut(), ex.uat, "bo");
    fake.answer(200, &receipt("UAT", "5"));
    go(&fake, &ex, &caller()).0.result.unwrap();
    let first = &fake.requests()[0];
    assert_eq!(first.header("If-Match"), Some("\"4\""));
    assert_eq!(first.header("If-None-Match"), None);

    add_user(&mut ex.ws.borrow_mut(), ex.uat, "cy");
    fake.answer(200, &receipt("UAT", "9"));
    let overwrite = PublishOrder {
        environment: ex.uat,
        overwrite: Some(Revision::parse("8").unwrap()),
    };
    go_with(&fake, &ex, &caller(), &overwrite, None)
        .0
        .result
        .unwrap();
    assert_eq!(fake.requests()[1].header("If-Match"), Some("\"8\""));
    fake.finished();
}

#[test]
fn a_token_travels_as_a_bearer_header() {
    let (fake, ex) = (Fake::new(), example());
    fake.answer(201, &receipt("UAT", "1"));
    go(&fake, &ex, &with_token("pasted-token"))
        .0
        .result
        .unwrap();
    assert_eq!(
        fake.requests()[0].header("Authorization"),
        Some("Bearer pasted-token")
    );
}

#[test]
fn nothing_is_sent_when_the_page_may_not_send_or_the_environment_has_problems() {
    // No endpoint chosen, on a page not served from this machine.
    let (fake, ex) = (Fake::new(), example());
    let remote = api::Caller::new(PageContext::new("https://console.contoso.com", None));
    let (run, heard) = go(&fake, &ex, &remote);
    let error = run.result.unwrap_err();
    assert_eq!(error, PublishError::Refused(DestinationRefused::NotChosen));
    assert_eq!(
        error.blocking().unwrap(),
        ["Choose the service endpoint in Settings first. Nothing was sent."]
    );
    assert!(heard.is_empty());

    // The sample workspace.
    let sample = api::Caller::new(local_page().showing_sample(true));
    let error = go(&fake, &ex, &sample).0.result.unwrap_err();
    assert_eq!(
        error,
        PublishError::Refused(DestinationRefused::SampleWorkspace)
    );

    // No users: the environment's own problem, in its words.
    ex.ws.borrow_mut().remove_user(ex.uat, "ana").unwrap();
    let error = go(&fake, &ex, &caller()).0.result.unwrap_err();
    let PublishError::Blocked(problems) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(problems[0].field, EnvironmentField::Users);
    assert_eq!(
        error.blocking().unwrap(),
        ["Add at least one user who may submit electronic invoices through this environment."]
    );

    assert!(fake.requests().is_empty());
    assert!(
        history(&ex).is_empty(),
        "a refusal in the page is no attempt"
    );
    assert_eq!(status(&ex), Status::NotPublished);
}

#[test]
fn without_secure_random_numbers_nothing_is_sent() {
    let (fake, ex) = (Fake::new(), example());
    fake.no_random.set(true);
    let error = go(&fake, &ex, &caller()).0.result.unwrap_err();
    assert!(matches!(error, PublishError::NoRandom(_)));
    assert!(error
        .to_string()
        .starts_with("Nothing was sent: this browser offers no secure random numbers"));
    assert!(fake.requests().is_empty());
}

#[test]
fn the_services_field_errors_are_placed_and_nothing_changes() {
    let (fake, ex) = (Fake::new(), example());
    fake.answer(
        422,
        r#"{"title":"Invalid","status":422,"detail":"One field is wrong.","errors":[{"pointer":"/users/0/email","detail":"This mailbox does not exist."}]}"#,
    );
    let (run, _) = go(&fake, &ex, &caller());
    let error = run.result.as_ref().unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("The service refused the environment (422)."),
        "{error}"
    );
    let placed = error.placed();
    assert_eq!(placed.len(), 1);
    assert_eq!(
        placed[0].field,
        EnvironmentField::User {
            index: 0,
            field: Some("email".into())
        }
    );
    assert!(run.keep.is_some(), "the attempt is kept for a retry");
    assert_eq!(status(&ex), Status::NotPublished);
    assert_eq!(
        history(&ex),
        [("Refused by the service (422)".to_string(), false)]
    );
    // A 400 reads the same way.
    fake.answer(400, r#"{"title":"Bad request","errors":[]}"#);
    let (run, _) = go(&fake, &ex, &caller());
    assert!(matches!(
        failure(&run),
        Failure::Answer(PublishOutcome::Invalid(_))
    ));
}

#[test]
fn a_refused_token_says_what_to_do_and_a_401_after_signing_in_asks_to_sign_in_again() {
    let (fake, ex) = (Fake::new(), example());
    fake.answer(401, "");
    let (run, _) = go(&fake, &ex, &with_token("pasted"));
    assert!(run
        .result
        .unwrap_err()
        .to_string()
        .starts_with("The service did not accept the access token (401)"),);

    fake.answer(403, r#"{"title":"Forbidden","detail":"Role missing"}"#);
    let (run, _) = go(&fake, &ex, &with_token("pasted"));
    let message = run.result.unwrap_err().to_string();
    assert!(
        message.contains("lacks the rights") && message.contains("Role missing"),
        "{message}"
    );

    // The same 401 to a token from signing in: the sign-in expired or was
    // revoked.
    fake.answer(401, "");
    let (run, _) = go(&fake, &ex, &signed_in(START_MS + 3_600_000));
    assert_eq!(
        run.result.unwrap_err(),
        PublishError::SignInAgain {
            name: "UAT".into(),
            status: Some(401)
        }
    );
    assert!(run.keep.is_some());
    assert_eq!(
        history(&ex).last().unwrap(),
        &("Not authorised (401)".to_string(), false)
    );
    assert_eq!(status(&ex), Status::NotPublished);
    fake.finished();
}

#[test]
fn an_expired_sign_in_sends_nothing_and_the_same_attempt_is_published_after_signing_in_again() {
    let (fake, ex) = (Fake::new(), example());
    // Expires within the minute of skew: treated as expired.
    let expired = signed_in(START_MS + 30_000);
    let (run, heard) = go(&fake, &ex, &expired);
    assert_eq!(
        run.result.unwrap_err(),
        PublishError::SignInAgain {
            name: "UAT".into(),
            status: None
        }
    );
    assert_eq!(heard.len(), 1, "it got as far as planning");
    assert!(
        fake.requests().is_empty(),
        "nothing went out with the expired token"
    );
    assert!(history(&ex).is_empty());
    let kept = run.keep.expect("kept for the retry after signing in");

    // Signed in again: the same content goes with the same key, once.
    fake.answer(201, &receipt("UAT", "1"));
    let again = signed_in(START_MS + 3_600_000);
    let (run, _) = go_with(&fake, &ex, &again, &order(&ex), Some(&kept));
    run.result.unwrap();
    let sent = fake.requests();
    assert_eq!(sent.len(), 1);
    assert_eq!(
        sent[0].header("Idempotency-Key").unwrap(),
        kept.key.to_string()
    );
    assert_eq!(status(&ex), Status::Published);
}

#[test]
fn a_conflict_shows_what_the_service_holds() {
    let (fake, ex) = (Fake::new(), example());
    mark_published(&mut ex.ws.borrow_mut(), ex.uat, "1");
    add_user(&mut ex.ws.borrow_mut(), ex.uat, "bo");
    let held = serde_json::json!({
        "revision": "2",
        "publishedAt": "2026-11-21T09:30:00Z",
        "environment": ex.ws.borrow().publish_payload(ex.uat).unwrap(),
    });
    for status in [409, 412] {
        fake.answer(status, r#"{"title":"Precondition failed"}"#)
            .answer(200, &held.to_string());
        let (run, _) = go(&fake, &ex, &caller());
        let Err(PublishError::Failed(not)) = &run.result else {
            panic!("{:?}", run.result)
        };
        let Some(Conflict { status: got, held }) = &not.conflict else {
            panic!("no conflict: {not:?}")
        };
        assert_eq!(*got, status);
        let held = held.as_ref().unwrap();
        assert_eq!(held.revision.as_str(), "2");
        let reads = fake.requests();
        let read = reads.last().unwrap();
        assert_eq!(read.method, Method::Get);
        assert_eq!(read.url, "http://127.0.0.1:8081/api/v1/environments/UAT");
        assert!(run
            .result
            .unwrap_err()
            .to_string()
            .starts_with("Someone else published this environment since this browser last did"));
    }
    // What the service holds could not be read: the conflict says why.
    fake.answer(412, "").then(Err(TransportError::Offline));
    let (run, _) = go(&fake, &ex, &caller());
    let Err(PublishError::Failed(not)) = run.result else {
        panic!()
    };
    let held = not.conflict.unwrap().held.unwrap_err();
    assert!(
        held.to_string().starts_with("This browser is offline"),
        "{held}"
    );
    assert_eq!(status(&ex), Status::Changed, "nothing was published");
    fake.finished();
}

#[test]
fn a_busy_service_is_retried_after_its_wait_with_the_same_key() {
    let (fake, ex) = (Fake::new(), example());
    fake.answer_after(429, "1", "")
        .answer_after(503, "5", "")
        .answer(201, &receipt("UAT", "1"));
    let (run, heard) = go(&fake, &ex, &caller());
    run.result.unwrap();
    fake.finished();
    assert_eq!(*fake.slept.borrow(), [1, 5]);
    let keys: Vec<String> = fake
        .requests()
        .iter()
        .map(|r| r.header("Idempotency-Key").unwrap().to_string())
        .collect();
    assert_eq!(keys.len(), 3);
    assert!(keys.iter().all(|k| *k == keys[0]), "{keys:?}");
    assert_eq!(
        heard.iter().map(ToString::to_string).collect::<Vec<_>>(),
        [
            "Publishing UAT to http://127.0.0.1:8081/…",
            "The service is busy (429); publishing UAT again in 1 s (automatic retry 1 of 3).",
            "The service is busy (503); publishing UAT again in 5 s (automatic retry 2 of 3).",
        ]
    );
    assert_eq!(history(&ex), [("Published".to_string(), true)]);
}

#[test]
fn a_service_that_stays_busy_ends_after_three_retries_and_a_long_wait_is_left_to_the_administrator()
{
    let (fake, ex) = (Fake::new(), example());
    for _ in 0..4 {
        fake.answer(503, "");
    }
    let (run, _) = go(&fake, &ex, &caller());
    fake.finished();
    assert_eq!(
        *failure(&run),
        Failure::StillBusy {
            status: 503,
            retries: 3
        }
    );
    assert_eq!(*fake.slept.borrow(), [2, 2, 2], "the default wait");
    assert_eq!(history(&ex), [("Service busy (503)".to_string(), false)]);

    // An hour's Retry-After is not waited for.
    fake.answer_after(429, "3600", "");
    let (run, _) = go(&fake, &ex, &caller());
    assert!(matches!(
        failure(&run),
        Failure::Answer(PublishOutcome::RetryLater {
            status: 429,
            after_seconds: Some(3600)
        })
    ));
    assert_eq!(fake.slept.borrow().len(), 3, "no further wait");
    assert!(run
        .result
        .unwrap_err()
        .to_string()
        .contains("asked to wait 3600 seconds"));
    fake.finished();
}

#[test]
fn an_unexpected_answer_and_every_transport_fault_change_nothing() {
    let (fake, ex) = (Fake::new(), example());
    ex.ws
        .borrow_mut()
        .set_timeout(domain::values::RequestTimeout::parse("12").unwrap());
    let faults = [
        (Ok(api::Answer::new(500, "oops")), "Unexpected answer (500)"),
        (
            Err(TransportError::Timeout { seconds: 12 }),
            "No answer within 12 s",
        ),
        (
            Err(TransportError::Network {
                detail: "TypeError: Failed to fetch".into(),
            }),
            "Service unreachable",
        ),
        (Err(TransportError::Offline), "Offline"),
    ];
    for (step, summary) in faults {
        fake.then(step);
        let (run, _) = go(&fake, &ex, &caller());
        let message = run.result.as_ref().unwrap_err().to_string();
        assert!(
            message.contains("Nothing changed here: the status and every edit are kept."),
            "{message}"
        );
        assert_eq!(history(&ex).last().unwrap().0, summary);
        assert!(run.keep.is_some());
    }
    assert!(fake.sent.borrow().iter().all(|(_, timeout)| *timeout == 12));
    assert_eq!(status(&ex), Status::NotPublished);
    fake.finished();
}

#[test]
fn a_manual_retry_of_the_same_content_reuses_the_key_and_an_edit_takes_a_new_one() {
    let (fake, ex) = (Fake::new(), example());
    fake.then(Err(TransportError::Timeout { seconds: 30 }));
    let first = go(&fake, &ex, &caller()).0.keep.unwrap();

    fake.then(Err(TransportError::Timeout { seconds: 30 }));
    let second = go_with(&fake, &ex, &caller(), &order(&ex), Some(&first))
        .0
        .keep
        .unwrap();
    assert_eq!(second.key, first.key, "the same content: the same key");

    add_user(&mut ex.ws.borrow_mut(), ex.uat, "bo");
    fake.answer(201, &receipt("UAT", "1"));
    let run = go_with(&fake, &ex, &caller(), &order(&ex), Some(&second)).0;
    run.result.unwrap();
    let keys: Vec<String> = fake
        .requests()
        .iter()
        .map(|r| r.header("Idempotency-Key").unwrap().to_string())
        .collect();
    assert_eq!(keys[0], keys[1]);
    assert_ne!(keys[2], keys[1], "an edit is a new attempt");
}

#[test]
fn edits_made_while_the_request_is_under_way_are_kept_and_read_as_changed() {
    let (fake, ex) = (Fake::new(), example());
    let (ws, uat) = (ex.ws.clone(), ex.uat);
    *fake.while_sending.borrow_mut() = Some(Box::new(move || {
        let mut ws = ws.borrow_mut();
        let input = domain::model::EnvironmentInput {
            name: domain::values::EnvironmentName::parse("UAT").unwrap(),
            description: Description::parse("Edited meanwhile").unwrap(),
            dataverse_endpoint: None,
        };
        ws.update_environment(uat, input).unwrap();
    }));
    fake.answer(201, &receipt("UAT", "1"));
    go(&fake, &ex, &caller()).0.result.unwrap();
    let ws = ex.ws.borrow();
    assert_eq!(
        ws.environment(ex.uat).unwrap().description().as_str(),
        "Edited meanwhile"
    );
    assert_eq!(
        ws.status(ex.uat),
        Some(Status::Changed),
        "the publication is what was sent"
    );
}

#[test]
fn a_receipt_for_an_environment_deleted_meanwhile_is_said_not_lost() {
    let (fake, ex) = (Fake::new(), example());
    let (ws, uat) = (ex.ws.clone(), ex.uat);
    *fake.while_sending.borrow_mut() = Some(Box::new(move || {
        ws.borrow_mut().delete_environment(uat).unwrap();
    }));
    fake.answer(201, &receipt("UAT", "3"));
    let published = go(&fake, &ex, &caller()).0.result.unwrap();
    assert!(published.unrecorded.is_some());
    assert!(published.to_string().starts_with(
        "The service published UAT at revision 3, but this page could not record it:"
    ));
}
