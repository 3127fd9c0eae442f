//! A scripted transport, a fake clock and a counting random source for the
//! flows, and a workspace with one environment ready to publish.
//!
//! The transport answers from a script, in order, and records every
//! request; a request the script did not expect fails the test. The clock
//! starts at a fixed time and moves only when a flow waits, so every retry
//! wait is checked without waiting.
#![allow(dead_code)]

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;

use api::{Answer, Caller, Clock, Random, RandomUnavailable, Transport};
use domain::answers::Revision;
use domain::model::{
    EntryInput, EntryType, EnvironmentInput, Id, KeyVaultReferenceInput, Publication, SecretRef,
    User, Workspace,
};
use domain::publish::{AccessToken, BoundToken, PageContext, Request, TransportError};
use domain::values::{
    Description, Email, EndpointUrl, EnvironmentName, KeyVaultUri, Name, SecretName, UserId,
};

/// 2026-11-21T10:00:00.000Z.
pub const START_MS: u64 = 1_795_255_200_000;
pub const ENDPOINT: &str = "http://127.0.0.1:8081/";

pub type Step = Result<Answer, TransportError>;

#[derive(Default)]
pub struct Fake {
    script: RefCell<VecDeque<Step>>,
    /// Every request sent, with the timeout it was given.
    pub sent: RefCell<Vec<(Request, u32)>>,
    now: Cell<u64>,
    /// Every wait, in seconds.
    pub slept: RefCell<Vec<u64>>,
    next_byte: Cell<u8>,
    pub no_random: Cell<bool>,
    /// Runs when a request is sent (before its answer): what the
    /// administrator does while a call is under way.
    pub while_sending: RefCell<Option<Box<dyn FnMut()>>>,
}

impl Fake {
    pub fn new() -> Fake {
        let fake = Fake::default();
        fake.now.set(START_MS);
        fake
    }

    /// Answers the next request with `step`.
    pub fn then(&self, step: Step) -> &Fake {
        self.script.borrow_mut().push_back(step);
        self
    }

    pub fn answer(&self, status: u16, body: &str) -> &Fake {
        self.then(Ok(Answer::new(status, body)))
    }

    pub fn answer_after(&self, status: u16, retry_after: &str, body: &str) -> &Fake {
        self.then(Ok(Answer {
            status,
            retry_after: Some(retry_after.into()),
            body: body.into(),
        }))
    }

    pub fn advance(&self, ms: u64) {
        self.now.set(self.now.get() + ms);
    }

    pub fn requests(&self) -> Vec<Request> {
        self.sent.borrow().iter().map(|(r, _)| r.clone()).collect()
    }

    /// The script was used up: no answer was left unasked for.
    pub fn finished(&self) {
        assert!(
            self.script.borrow().is_empty(),
            "answers left unused: {:?}",
            self.script.borrow()
        );
    }
}

impl Transport for Fake {
    async fn send(
        &self,
        request: &Request,
        timeout_seconds: u32,
    ) -> Result<Answer, TransportError> {
        self.sent
            .borrow_mut()
            .push((request.clone(), timeout_seconds));
        if let Some(hook) = self.while_sending.borrow_mut().as_mut() {
            hook();
        }
        self.script
            .borrow_mut()
            .pop_front()
            .unwrap_or_else(|| panic!("an unscripted request: {request:?}"))
    }
}

impl Clock for Fake {
    fn now_ms(&self) -> u64 {
        self.now.get()
    }
    async fn sleep(&self, seconds: u64) {
        self.slept.borrow_mut().push(seconds);
        self.advance(seconds * 1000);
    }
}

impl Random for Fake {
    fn fill(&self, bytes: &mut [u8]) -> Result<(), RandomUnavailable> {
        if self.no_random.get() {
            return Err(RandomUnavailable);
        }
        for b in bytes {
            *b = self.next_byte.get();
            self.next_byte.set(self.next_byte.get().wrapping_add(1));
        }
        Ok(())
    }
}

/// Runs a flow's future to its end (nothing in the fakes ever waits).
pub fn run<F: std::future::Future>(future: F) -> F::Output {
    futures_executor::block_on(future)
}

/// A page served from this machine: the local development receiver is the
/// endpoint, and no policy stands in the way.
pub fn local_page() -> PageContext {
    PageContext::new("http://127.0.0.1:8080", None)
}

pub fn caller() -> Caller {
    Caller::new(local_page())
}

/// A caller holding a pasted token for the receiver.
pub fn with_token(token: &str) -> Caller {
    let endpoint = EndpointUrl::parse(ENDPOINT).unwrap();
    Caller {
        token: Some(BoundToken::new(
            AccessToken::parse(token).unwrap(),
            &endpoint,
        )),
        ..caller()
    }
}

/// A caller signed in until `until` (ms).
pub fn signed_in(until: u64) -> Caller {
    Caller {
        signed_in_until: Some(until),
        ..with_token("eyJhbGciOiJub25lIn0.e30.signed-in")
    }
}

pub struct Example {
    /// Shared, so a test can edit it while a request is under way.
    pub ws: Rc<RefCell<Workspace>>,
    pub uat: Id,
}

/// Key Vault reference ContosoKV with secret einvoicing-sas; environment
/// UAT using it, with user ana.
pub fn example() -> Example {
    let mut ws = Workspace::new();
    let kv = ws
        .add_reference(KeyVaultReferenceInput {
            name: Name::parse("ContosoKV").unwrap(),
            description: Description::parse("").unwrap(),
            uri: KeyVaultUri::parse("https://contoso-einvoicing.vault.azure.net/").unwrap(),
        })
        .unwrap();
    let sas = ws
        .add_entry(
            kv,
            EntryInput {
                name: SecretName::parse("einvoicing-sas").unwrap(),
                description: Description::parse("").unwrap(),
                entry_type: EntryType::Secret,
            },
        )
        .unwrap();
    let uat = ws
        .add_environment(EnvironmentInput {
            name: EnvironmentName::parse("UAT").unwrap(),
            description: Description::parse("Validation").unwrap(),
            dataverse_endpoint: None,
        })
        .unwrap();
    ws.set_storage_sas_secret(
        uat,
        Some(SecretRef {
            reference: kv,
            entry: sas,
        }),
    )
    .unwrap();
    add_user(&mut ws, uat, "ana");
    Example {
        ws: Rc::new(RefCell::new(ws)),
        uat,
    }
}

pub fn add_user(ws: &mut Workspace, env: Id, alias: &str) {
    ws.add_user(
        env,
        User {
            user_id: UserId::parse(alias).unwrap(),
            email: Email::parse(&format!("{alias}@contoso.com")).unwrap(),
        },
    )
    .unwrap();
}

/// Records `env` as published at `revision`, as it is now.
pub fn mark_published(ws: &mut Workspace, env: Id, revision: &str) {
    let snapshot = ws.publish_payload(env).unwrap();
    ws.record_publication(
        env,
        Publication {
            revision: Revision::parse(revision).unwrap(),
            published_at: "2026-11-20T09:00:00Z".into(),
            snapshot,
            published_by: None,
        },
    )
    .unwrap();
}

pub fn receipt(name: &str, revision: &str) -> String {
    format!(r#"{{"name":"{name}","revision":"{revision}","publishedAt":"2026-11-21T10:00:05Z"}}"#)
}
