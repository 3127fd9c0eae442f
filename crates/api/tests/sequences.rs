//! Number-sequence calls: on the service first for an environment it
//! holds, locally for one it does not; a refusal changes nothing.

mod common;

use api::sequences::{run as call, SequenceCall, SequenceDone, SequenceError};
use common::*;
use domain::model::{Id, NumberSequenceInput};
use domain::publish::{Method, PageContext, TransportError};
use domain::status::Status;
use domain::values::{Description, SequenceName};

fn input(name: &str) -> NumberSequenceInput {
    NumberSequenceInput {
        name: SequenceName::parse(name).unwrap(),
        description: Description::parse("Invoices").unwrap(),
    }
}

fn names(ex: &Example) -> Vec<String> {
    ex.ws
        .borrow()
        .environment(ex.uat)
        .unwrap()
        .number_sequences()
        .iter()
        .map(|s| s.name().to_string())
        .collect()
}

fn sequence(ex: &Example, name: &str) -> Id {
    ex.ws
        .borrow()
        .environment(ex.uat)
        .unwrap()
        .number_sequences()
        .iter()
        .find(|s| s.name().as_str() == name)
        .unwrap()
        .id()
}

/// UAT published at revision 1 (the service holds it).
fn held() -> Example {
    let ex = example();
    mark_published(&mut ex.ws.borrow_mut(), ex.uat, "1");
    ex
}

#[test]
fn an_environment_the_service_does_not_hold_keeps_its_sequences_here() {
    let (fake, ex) = (Fake::new(), example());
    let done = run(call(
        &fake,
        &ex.ws,
        &caller(),
        ex.uat,
        SequenceCall::Create(input("INV")),
    ))
    .unwrap();
    assert_eq!(
        done.to_string(),
        "Number sequence 'INV' created; it reaches the service with the first publish."
    );
    let id = sequence(&ex, "INV");
    let done = run(call(
        &fake,
        &ex.ws,
        &caller(),
        ex.uat,
        SequenceCall::Delete {
            sequence: id,
            name: "INV".into(),
        },
    ))
    .unwrap();
    assert_eq!(done.to_string(), "Number sequence 'INV' deleted.");
    assert!(fake.requests().is_empty());
    let refresh = run(call(
        &fake,
        &ex.ws,
        &caller(),
        ex.uat,
        SequenceCall::Refresh,
    ));
    assert_eq!(refresh.unwrap_err(), SequenceError::NotHeld);
    assert_eq!(
        SequenceError::NotHeld.to_string(),
        "The service does not hold this environment yet: publish it first."
    );
}

#[test]
fn a_held_environments_sequence_is_created_on_the_service_first() {
    let (fake, ex) = (Fake::new(), held());
    fake.answer(201, r#"{"name":"INV","description":"Invoices"}"#);
    let done = run(call(
        &fake,
        &ex.ws,
        &caller(),
        ex.uat,
        SequenceCall::Create(input("INV")),
    ))
    .unwrap();
    assert_eq!(
        done,
        SequenceDone::Created {
            name: "INV".into(),
            on_service: true
        }
    );
    assert_eq!(
        done.to_string(),
        "Number sequence 'INV' created on the service."
    );
    let request = &fake.requests()[0];
    assert_eq!(request.method, Method::Put);
    assert_eq!(
        request.url,
        "http://127.0.0.1:8081/api/v1/environments/UAT/number-sequences/INV"
    );
    assert_eq!(
        request.body.as_deref(),
        Some(r#"{"name":"INV","description":"Invoices"}"#)
    );
    assert_eq!(names(&ex), ["INV"]);
    assert_eq!(
        ex.ws.borrow().status(ex.uat),
        Some(Status::Published),
        "a sequence never makes the environment Changed"
    );
}

#[test]
fn a_refusal_is_told_in_the_services_words_and_changes_nothing() {
    let (fake, ex) = (Fake::new(), held());
    ex.ws
        .borrow_mut()
        .add_number_sequence(ex.uat, input("INV"))
        .unwrap();
    let id = sequence(&ex, "INV");
    fake.answer(
        409,
        r#"{"status":409,"detail":"Number sequence 'INV' is in use and cannot be deleted."}"#,
    );
    let error = run(call(
        &fake,
        &ex.ws,
        &caller(),
        ex.uat,
        SequenceCall::Delete {
            sequence: id,
            name: "INV".into(),
        },
    ))
    .unwrap_err();
    assert!(matches!(error, SequenceError::Service(_)));
    assert!(
        error
            .to_string()
            .contains("is in use and cannot be deleted"),
        "{error}"
    );
    assert_eq!(names(&ex), ["INV"]);

    // Already gone from the service is what was asked for.
    fake.answer(404, "");
    let done = run(call(
        &fake,
        &ex.ws,
        &caller(),
        ex.uat,
        SequenceCall::Delete {
            sequence: id,
            name: "INV".into(),
        },
    ))
    .unwrap();
    assert_eq!(
        done.to_string(),
        "Number sequence 'INV' deleted from the service."
    );
    assert!(names(&ex).is_empty());
    assert_eq!(fake.requests()[1].method, Method::Delete);
    fake.finished();
}

#[test]
fn refresh_reads_usage_and_says_what_differs() {
    let (fake, ex) = (Fake::new(), held());
    ex.ws
        .borrow_mut()
        .add_number_sequence(ex.uat, input("INV"))
        .unwrap();
    ex.ws
        .borrow_mut()
        .add_number_sequence(ex.uat, input("LOCAL"))
        .unwrap();
    fake.answer(
        200,
        r#"[{"name":"INV","description":"Invoices","inUse":true,"current":1042},{"name":"CN","description":"Credit notes","inUse":false,"current":null},{"name":"bad name!","description":"","inUse":false,"current":null}]"#,
    );
    let done = run(call(
        &fake,
        &ex.ws,
        &caller(),
        ex.uat,
        SequenceCall::Refresh,
    ))
    .unwrap();
    assert_eq!(
        done.to_string(),
        "In use and Current value read from the service (3 sequences). Added from the service: CN. Not on the service: LOCAL. Held by the service under names this page refuses: bad name!."
    );
    let ws = ex.ws.borrow();
    let inv = ws
        .environment(ex.uat)
        .unwrap()
        .number_sequences()
        .iter()
        .find(|s| s.name().as_str() == "INV")
        .unwrap()
        .clone();
    assert!(inv.in_use());
    assert_eq!(inv.current(), Some(1042));
    assert_eq!(
        fake.requests()[0].url,
        "http://127.0.0.1:8081/api/v1/environments/UAT/number-sequences"
    );
}

#[test]
fn without_an_endpoint_or_with_a_fault_nothing_changes() {
    let (fake, ex) = (Fake::new(), held());
    let remote = api::Caller::new(PageContext::new("https://console.contoso.com", None));
    let error = run(call(
        &fake,
        &ex.ws,
        &remote,
        ex.uat,
        SequenceCall::Create(input("INV")),
    ))
    .unwrap_err();
    assert_eq!(error, SequenceError::EndpointNotChosen);
    assert_eq!(
        error.to_string(),
        "Choose the service endpoint in Settings first: the service holds this environment, so its number sequences change there."
    );
    let sample = api::Caller::new(local_page().showing_sample(true));
    let error = run(call(&fake, &ex.ws, &sample, ex.uat, SequenceCall::Refresh)).unwrap_err();
    assert!(matches!(error, SequenceError::Refused(_)));

    fake.then(Err(TransportError::Timeout { seconds: 30 }));
    let error = run(call(
        &fake,
        &ex.ws,
        &caller(),
        ex.uat,
        SequenceCall::Create(input("INV")),
    ))
    .unwrap_err();
    assert!(error
        .to_string()
        .starts_with("The service did not answer within 30 seconds"));
    assert!(names(&ex).is_empty());
    fake.finished();
}

#[test]
fn an_expired_sign_in_is_not_sent_and_a_401_after_signing_in_asks_to_sign_in_again() {
    let (fake, ex) = (Fake::new(), held());
    let expired = signed_in(START_MS - 1);
    let error = run(call(
        &fake,
        &ex.ws,
        &expired,
        ex.uat,
        SequenceCall::Create(input("INV")),
    ))
    .unwrap_err();
    assert_eq!(
        error,
        SequenceError::SignInExpired {
            doing: "create number sequence 'INV'".into()
        }
    );
    assert_eq!(
        error.to_string(),
        "Could not create number sequence 'INV': the sign-in has expired or the service did not accept it (401). Nothing changed. Sign in again in Settings, then try again."
    );
    assert!(fake.requests().is_empty());

    fake.answer(401, "");
    let valid = signed_in(START_MS + 3_600_000);
    let error = run(call(&fake, &ex.ws, &valid, ex.uat, SequenceCall::Refresh)).unwrap_err();
    assert!(matches!(error, SequenceError::SignInExpired { .. }));

    // A 401 to a pasted token is the service's refusal, not an expiry.
    fake.answer(401, "");
    let error = run(call(
        &fake,
        &ex.ws,
        &with_token("pasted"),
        ex.uat,
        SequenceCall::Refresh,
    ))
    .unwrap_err();
    assert!(matches!(error, SequenceError::Service(_)), "{error:?}");
    assert!(error
        .to_string()
        .contains("did not accept the access token (401)"));
    assert!(names(&ex).is_empty());
    fake.finished();
}
