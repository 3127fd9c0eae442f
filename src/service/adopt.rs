//! Adding what the service holds to this workspace, and taking the
//! service's newer version of an environment, as actions: `pending()`
//! disables their buttons and says "Adding…", and what came of the last
//! one is one report the page shows. An environment read but not added
//! for its conflicts waits here, with the body read, until the
//! administrator has taken the service's side (or renamed theirs) and adds
//! it, or sets it aside.
//!
//! What adding does is the flow's (`api::adopt`) and the domain's; after
//! each add or take, what the service holds is read again.

use api::adopt::{self, AddError, AddedAll, Adding, Taken};
use domain::adopt::{Added, Incoming};
use domain::model::Id;
use domain::publish::{by_whom, shown_time};
use leptos::prelude::*;

use super::browser::Browser;
use super::credentials::Credentials;
use super::held::Held;
use super::page::Page;
use super::runs::{Reloaded, Runs};
use crate::state::AppState;

/// What the last add, "Add all" or take came to, as the page says it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// The notice's kind: `success`, `warning` or `error`.
    pub kind: &'static str,
    pub lines: Vec<String>,
}

#[derive(Clone, Copy)]
pub struct Adopt {
    add: Action<String, Result<Adding, AddError>>,
    add_all: Action<(), Result<AddedAll, AddError>>,
    take: Action<Id, Result<Taken, AddError>>,
    pending: Memo<bool>,
    /// The environment a single add is reading, while it is.
    adding: Memo<Option<String>>,
    held: Held,
    /// Read, and not added for their conflicts.
    waiting: RwSignal<Vec<Incoming>>,
    report: RwSignal<Option<Report>>,
}

/// What adding `added` did, in one sentence: the revision and who
/// published it, read from the workspace it was added to.
fn added_line(state: AppState, name: &str, added: &Added) -> String {
    let published = state.workspace.with_untracked(|ws| {
        ws.environment(added.environment)
            .and_then(|e| e.publication())
            .map(|p| {
                let by = by_whom(p.published_by.as_deref());
                format!(
                    "revision {}, published {}{by}",
                    p.revision,
                    shown_time(&p.published_at)
                )
            })
            .unwrap_or_default()
    });
    let mut line = format!("{name} added from the service: Published, {published}.");
    if !added.created_references.is_empty() {
        line.push_str(&format!(
            " Key Vault references added: {}.",
            added.created_references.join(", ")
        ));
    }
    if !added.extended_references.is_empty() {
        line.push_str(&format!(
            " Entries or chains added to: {}.",
            added.extended_references.join(", ")
        ));
    }
    for difference in &added.differences {
        line.push(' ');
        line.push_str(difference);
    }
    line
}

impl Adopt {
    pub fn new(
        state: AppState,
        credentials: Credentials,
        page: Page,
        held: Held,
        runs: Runs,
    ) -> Adopt {
        let waiting = RwSignal::new(Vec::<Incoming>::new());
        let report = RwSignal::new(None::<Report>);
        let wait = move |incoming: Incoming| {
            waiting.update(|w| {
                forget(w, incoming.name());
                w.push(incoming);
            })
        };
        let failed = move |e: &AddError| {
            report.set(Some(Report {
                kind: "error",
                lines: vec![e.to_string()],
            }))
        };
        let add = Action::new_unsync(move |name: &String| {
            let (caller, name) = (credentials.caller(page), name.clone());
            async move {
                let result = adopt::add(&Browser, &state, &caller, &name).await;
                match &result {
                    Ok(Adding::Added { added, .. }) => {
                        waiting.update(|w| forget(w, &name));
                        report.set(Some(Report {
                            kind: "success",
                            lines: vec![added_line(state, &name, added)],
                        }));
                        held.refresh();
                    }
                    Ok(Adding::Conflicts { incoming, .. }) => {
                        report.set(None);
                        wait((**incoming).clone());
                    }
                    Err(e) => failed(e),
                }
                result
            }
        });
        let add_all = Action::new_unsync(move |_: &()| {
            let caller = credentials.caller(page);
            async move {
                let result = adopt::add_all(&Browser, &state, &caller).await;
                match &result {
                    Ok(all) => {
                        for (incoming, _) in &all.conflicted {
                            wait(incoming.clone());
                        }
                        report.set(Some(all_report(state, all)));
                        held.refresh();
                    }
                    Err(e) => failed(e),
                }
                result
            }
        });
        let take = Action::new_unsync(move |environment: &Id| {
            let (caller, environment) = (credentials.caller(page), *environment);
            async move {
                let result = adopt::take(&Browser, &state, &caller, environment).await;
                match &result {
                    Ok(taken) => {
                        let reloaded = Reloaded {
                            revision: taken.revision.clone(),
                            not_restored: taken.report.not_restored.clone(),
                        };
                        let name = state.workspace.with_untracked(|ws| {
                            ws.environment(environment).map(|e| e.name().to_string())
                        });
                        report.set(Some(Report {
                            kind: if reloaded.not_restored.is_empty() {
                                "success"
                            } else {
                                "warning"
                            },
                            lines: vec![format!("{}: {reloaded}", name.unwrap_or_default())],
                        }));
                        runs.run(environment).reloaded(reloaded);
                        held.refresh();
                    }
                    Err(e) => failed(e),
                }
                result
            }
        });
        let (a, b, c) = (add.pending(), add_all.pending(), take.pending());
        let reading = add.input();
        Adopt {
            add,
            add_all,
            take,
            pending: Memo::new(move |_| a.get() || b.get() || c.get()),
            adding: Memo::new(move |_| reading.get().filter(|_| a.get())),
            held,
            waiting,
            report,
        }
    }

    /// Reads `name` from the service and adds it.
    pub fn add(&self, name: String) {
        if !self.pending.get_untracked() {
            self.add.dispatch(name);
        }
    }

    /// Adds every environment the service holds that this workspace lacks.
    pub fn add_all(&self) {
        if !self.pending.get_untracked() {
            self.add_all.dispatch(());
        }
    }

    /// Takes the service's version of `environment`, in place.
    pub fn take(&self, environment: Id) {
        if !self.pending.get_untracked() {
            self.take.dispatch(environment);
        }
    }

    /// Whether an add or take is under way (tracked).
    pub fn busy(&self) -> bool {
        self.pending.get()
    }

    /// The environment being added, while one is (tracked).
    pub fn adding(&self) -> Option<String> {
        self.adding.get()
    }

    /// The environments read and not added for their conflicts (tracked).
    pub fn waiting(&self) -> Vec<Incoming> {
        self.waiting.get()
    }

    /// Adds an environment that waited, once its conflicts are resolved.
    pub fn add_waiting(&self, state: AppState, name: &str) {
        let Some(incoming) = self.waiting.with_untracked(|w| {
            w.iter()
                .find(|i| i.name().eq_ignore_ascii_case(name))
                .cloned()
        }) else {
            return;
        };
        match adopt::add_read(&state, incoming) {
            Ok(Adding::Added { added, name }) => {
                self.set_aside(&name);
                self.report.set(Some(Report {
                    kind: "success",
                    lines: vec![added_line(state, &name, &added)],
                }));
                self.held.refresh();
            }
            // Still in conflict (something changed meanwhile): it stays.
            Ok(Adding::Conflicts { .. }) => {}
            Err(e) => self.report.set(Some(Report {
                kind: "error",
                lines: vec![e.to_string()],
            })),
        }
    }

    /// Forgets an environment that waited (nothing of it was added).
    pub fn set_aside(&self, name: &str) {
        self.waiting.update(|w| forget(w, name));
    }

    /// What the last add, "Add all" or take came to (tracked).
    pub fn report(&self) -> Option<Report> {
        self.report.get()
    }
}

/// Drops the environment named `name` from those waiting.
fn forget(waiting: &mut Vec<Incoming>, name: &str) {
    waiting.retain(|i| !i.name().eq_ignore_ascii_case(name));
}

/// What "Add all" says: what was added, what waits for its conflicts and
/// what the service holds in a form this console refuses.
fn all_report(state: AppState, all: &AddedAll) -> Report {
    let mut lines = Vec::new();
    if all.added.is_empty() && all.conflicted.is_empty() && all.refused.is_empty() {
        lines.push("Every environment the service holds is already in this workspace.".into());
    }
    for (name, added) in &all.added {
        lines.push(added_line(state, name, added));
    }
    for (incoming, conflicts) in &all.conflicted {
        lines.push(format!(
            "{}: not added, {} conflict(s) with this workspace (below).",
            incoming.name(),
            conflicts.len()
        ));
    }
    for (name, refused) in &all.refused {
        lines.push(format!("{name}: not added. {refused}"));
    }
    let kind = if all.conflicted.is_empty() && all.refused.is_empty() {
        "success"
    } else {
        "warning"
    };
    Report { kind, lines }
}
