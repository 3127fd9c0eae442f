//! The list-and-form pattern every page uses: which object the form shows
//! (none, a new one, or one being edited) and what the last action said.
//!
//! The outcome lives here rather than in the form because the form is
//! re-created when a new object is saved (it switches to editing it).

use domain::model::{Id, Workspace, WorkspaceError};
use leptos::prelude::*;

use super::Notice;
use crate::state::AppState;

/// What the form shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Closed,
    New,
    Edit(Id),
}

impl Mode {
    /// The object being edited, if any.
    pub fn editing(self) -> Option<Id> {
        match self {
            Mode::Edit(id) => Some(id),
            _ => None,
        }
    }
}

#[derive(Clone, Copy)]
pub struct Editor {
    pub mode: RwSignal<Mode>,
    outcome: RwSignal<Option<Result<String, String>>>,
    /// Taken when the page is built: event handlers run outside the
    /// component tree, where context cannot be looked up.
    state: AppState,
}

impl Editor {
    /// Call in a component's body (it takes the store from context).
    pub fn from_context() -> Editor {
        Editor {
            mode: RwSignal::new(Mode::Closed),
            outcome: RwSignal::new(None),
            state: AppState::get(),
        }
    }
    /// Opens the form on another object, forgetting the last outcome.
    pub fn open(&self, mode: Mode) {
        self.outcome.set(None);
        self.mode.set(mode);
    }
    pub fn close(&self) {
        self.open(Mode::Closed);
    }
    /// Reports a successful save; a new object is then shown for editing.
    pub fn saved(&self, id: Id, message: String) {
        self.outcome.set(Some(Ok(message)));
        self.mode.set(Mode::Edit(id));
    }
    /// Reports why an action was refused; the form keeps what was typed.
    pub fn failed(&self, message: String) {
        self.outcome.set(Some(Err(message)));
    }
    /// Clears the last outcome (a Save attempt that the form itself blocks).
    pub fn clear(&self) {
        self.outcome.set(None);
    }
    /// Runs a save and reports it: `what` names the object ("Key Vault
    /// reference 'ContosoKV'").
    pub fn report_save(
        &self,
        what: String,
        save: impl FnOnce(&mut Workspace) -> Result<Id, WorkspaceError>,
    ) {
        match self.state.apply(save) {
            Ok(id) => self.saved(id, format!("{what} saved.")),
            Err(e) => self.failed(e.to_string()),
        }
    }
    /// Runs a delete and reports it; the form closes when it succeeded.
    pub fn report_delete(&self, delete: impl FnOnce(&mut Workspace) -> Result<(), WorkspaceError>) {
        match self.state.apply(delete) {
            Ok(()) => self.close(),
            Err(e) => self.failed(e.to_string()),
        }
    }
    pub fn is_editing(&self, id: Id) -> bool {
        self.mode.get() == Mode::Edit(id)
    }
}

/// The last action's outcome, as a notice.
#[component]
pub fn Outcome(editor: Editor) -> impl IntoView {
    move || {
        editor.outcome.get().map(|o| match o {
            Ok(m) => view! { <Notice kind="info">{m}</Notice> }.into_any(),
            Err(m) => view! { <Notice kind="error">{m}</Notice> }.into_any(),
        })
    }
}
