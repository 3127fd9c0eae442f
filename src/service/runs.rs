//! Publishing from the page: one action per environment, so each
//! environment's button and notice follow their own publish (`pending()`
//! is "Publishing…" and a disabled button; `value()` is the outcome), and
//! the attempt each keeps for a retry with the same idempotency key.
//!
//! What a publish does is the flow's (`api::publish`); this module starts
//! it with the page's store, credentials and browser, shows its progress,
//! and tells what the service holds about a receipt.

use std::fmt;

use api::publish::{self, Progress, PublishError, PublishOrder, Published};
use domain::answers::Revision;
use domain::model::{Id, NotRestored};
use domain::publish::{PlacedError, PublishAttempt};
use leptos::prelude::*;
use leptos::reactive::owner::WeakOwner;

use super::browser::Browser;
use super::credentials::Credentials;
use super::held::Held;
use super::page::Page;
use crate::perf::{Timed, PUBLISH_PAYLOAD};
use crate::state::AppState;

/// What a publish came to.
pub type PublishResult = Result<Published, PublishError>;

/// After a conflict, the administrator took over the service's version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reloaded {
    pub revision: Revision,
    /// What could not be put back as the service holds it.
    pub not_restored: Vec<NotRestored>,
}

impl fmt::Display for Reloaded {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let revision = &self.revision;
        if self.not_restored.is_empty() {
            return write!(f, "Reloaded the service's version (revision {revision}): this environment is now as the service holds it.");
        }
        let left: Vec<String> = self.not_restored.iter().map(ToString::to_string).collect();
        write!(
            f,
            "Reloaded the service's version (revision {revision}), except: {}",
            left.join(" ")
        )
    }
}

/// One environment's publish.
#[derive(Clone, Copy)]
pub struct Run {
    action: Action<Option<Revision>, PublishResult>,
    /// The action's `pending()`, made once.
    pending: Memo<bool>,
    progress: RwSignal<Option<Progress>>,
    reloaded: RwSignal<Option<Reloaded>>,
    /// The attempt kept for a retry of the same content.
    attempt: StoredValue<Option<PublishAttempt>>,
}

impl Run {
    /// Whether a publish is under way (tracked).
    pub fn busy(&self) -> bool {
        self.pending.get()
    }

    /// While a publish is under way, where it stands (tracked).
    pub fn progress(&self) -> Option<String> {
        self.pending
            .get()
            .then(|| self.progress.with(|p| p.as_ref().map(ToString::to_string)))
            .map(Option::unwrap_or_default)
    }

    /// After a conflict, what came of taking the service's version over
    /// (tracked).
    pub fn reloaded_words(&self) -> Option<(bool, String)> {
        self.reloaded.with(|r| {
            r.as_ref()
                .map(|r| (r.not_restored.is_empty(), r.to_string()))
        })
    }

    /// Reads what the last publish came to (tracked).
    pub fn with_last<T>(&self, read: impl FnOnce(Option<&PublishResult>) -> T) -> T {
        self.action.value().with(|last| read(last.as_ref()))
    }

    /// The service's field errors of the last publish (tracked).
    pub fn placed(&self) -> Vec<PlacedError> {
        self.action.value().with(|last| match last {
            Some(Err(e)) => e.placed().to_vec(),
            _ => Vec::new(),
        })
    }

    /// The service's version was taken over after a conflict: the notice
    /// says what came of it in place of the conflict.
    pub fn reloaded(&self, reloaded: Reloaded) {
        self.reloaded.set(Some(reloaded));
    }
}

#[derive(Clone, Copy)]
pub struct Runs {
    /// The runs asked for so far (a few: one per environment).
    runs: StoredValue<Vec<(Id, Run)>>,
    /// The console's owner, which the runs belong to (whichever view first
    /// asks for one).
    owner: StoredValue<Option<WeakOwner>>,
    state: AppState,
    credentials: Credentials,
    page: Page,
    held: Held,
}

impl Runs {
    pub fn new(state: AppState, credentials: Credentials, page: Page, held: Held) -> Runs {
        Runs {
            runs: StoredValue::new(Vec::new()),
            owner: StoredValue::new(Owner::current().map(|o| o.downgrade())),
            state,
            credentials,
            page,
            held,
        }
    }

    /// The publish of `environment`.
    pub fn run(&self, environment: Id) -> Run {
        let known = self.runs.with_value(|runs| {
            runs.iter()
                .find(|(id, _)| *id == environment)
                .map(|(_, run)| *run)
        });
        if let Some(run) = known {
            return run;
        }
        let owner = self
            .owner
            .with_value(|o| o.as_ref().and_then(WeakOwner::upgrade));
        let run = match owner {
            Some(owner) => owner.with(|| self.new_run(environment)),
            None => self.new_run(environment),
        };
        self.runs.update_value(|runs| runs.push((environment, run)));
        run
    }

    fn new_run(&self, environment: Id) -> Run {
        let progress = RwSignal::new(None);
        let reloaded = RwSignal::new(None);
        let attempt = StoredValue::new(None::<PublishAttempt>);
        let this = *self;
        let action = Action::new_unsync(move |overwrite: &Option<Revision>| {
            let order = PublishOrder {
                environment,
                overwrite: overwrite.clone(),
            };
            reloaded.set(None);
            let caller = this.credentials.caller(this.page);
            let previous = attempt.get_value();
            async move {
                // The publish flow reads the workspace once, to check the
                // destination and build the payload: timed for the
                // benchmark.
                let store = Timed {
                    store: this.state,
                    name: PUBLISH_PAYLOAD,
                };
                let run =
                    publish::publish(&Browser, &store, &caller, &order, previous.as_ref(), |p| {
                        progress.set(Some(p))
                    })
                    .await;
                attempt.set_value(run.keep);
                if let Ok(published) = &run.result {
                    this.held.note_published(&published.receipt);
                }
                progress.set(None);
                run.result
            }
        });
        Run {
            action,
            pending: action.pending(),
            progress,
            reloaded,
            attempt,
        }
    }

    /// Starts publishing `environment` (unless a publish of it is under
    /// way). `overwrite` is the revision someone else published, when the
    /// administrator chose to replace it.
    pub fn start(&self, environment: Id, overwrite: Option<Revision>) {
        let run = self.run(environment);
        if !run.pending.get_untracked() {
            run.action.dispatch(overwrite);
        }
    }

    /// Whether a publish is under way in this workspace.
    pub fn publishing(&self) -> bool {
        self.runs
            .with_value(|runs| runs.iter().any(|(_, run)| run.pending.get_untracked()))
    }

    /// Every attempt a retry would reuse the key of (kept across a sign-in
    /// redirect).
    pub fn attempts(&self) -> Vec<PublishAttempt> {
        self.runs.with_value(|runs| {
            runs.iter()
                .filter_map(|(_, run)| run.attempt.get_value())
                .collect()
        })
    }

    /// Keeps an attempt brought back from a sign-in redirect.
    pub fn remember(&self, attempt: PublishAttempt) {
        self.run(attempt.environment)
            .attempt
            .set_value(Some(attempt));
    }
}
