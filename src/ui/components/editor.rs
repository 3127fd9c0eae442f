//! The list-and-form pattern every page uses: which object the form shows
//! (none, a new one, or one being edited) and what the last action said.
//!
//! The outcome lives here rather than in the form because the form is
//! re-created when a new object is saved (it switches to editing it).
//!
//! Under the shell, the open object is also in the URL's fragment
//! (`#/environments/UAT`): opening one writes its name there, and a
//! fragment naming one (a link, a reload, Back) opens it.

use domain::model::{Id, Workspace, WorkspaceError};
use leptos::html;
use leptos::prelude::*;

use super::{OutcomeNotice, Report};
use crate::routes::{Page, Route};
use crate::state::AppState;

/// How a page's objects are named in the fragment.
#[derive(Clone, Copy)]
pub struct Naming {
    pub page: Page,
    pub name_of: fn(&Workspace, Id) -> Option<String>,
    pub id_of: fn(&Workspace, &str) -> Option<Id>,
    /// "service environment", for "There is no service environment named …".
    pub what: &'static str,
}

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
    /// Bumped when the open object changed under the form (a discard), so
    /// the form is built again from the saved values.
    pub generation: RwSignal<u32>,
    /// The page's New button, where focus returns after a delete.
    pub new_button: NodeRef<html::Button>,
    outcome: RwSignal<Option<Report>>,
    /// Taken when the page is built: event handlers run outside the
    /// component tree, where context cannot be looked up.
    state: AppState,
    /// How this page's objects are named (labels, the fragment).
    naming: Naming,
    /// The shell's route; absent when the page is mounted on its own
    /// (component tests).
    link: Option<RwSignal<Route>>,
}

impl Editor {
    /// Call in a component's body (it takes the store, and the route if
    /// there is one, from context).
    pub fn from_context(naming: Naming) -> Editor {
        let editor = Editor {
            mode: RwSignal::new(Mode::Closed),
            generation: RwSignal::new(0),
            new_button: NodeRef::new(),
            outcome: RwSignal::new(None),
            state: AppState::get(),
            naming,
            link: use_context::<RwSignal<Route>>(),
        };
        if let Some(route) = editor.link {
            // The fragment opens what it names (now, and on every change).
            Effect::new(move |_| {
                let item =
                    route.with(|r| (r.page == naming.page).then(|| r.item.clone()).flatten());
                let current = editor.mode.get_untracked();
                let wanted = match item {
                    Some(name) => match editor
                        .state
                        .workspace
                        .with_untracked(|ws| (naming.id_of)(ws, &name))
                    {
                        Some(id) => Mode::Edit(id),
                        None => {
                            editor.outcome.set(Some(Report::Refused(format!(
                                "There is no {} named '{name}'.",
                                naming.what
                            ))));
                            Mode::Closed
                        }
                    },
                    // Back to the list closes an open object; New stays.
                    None if current == Mode::New => Mode::New,
                    None => Mode::Closed,
                };
                if wanted != current {
                    editor.mode.set(wanted);
                }
            });
        }
        editor
    }

    /// Writes the open object into the fragment (a history entry, so Back
    /// returns to the list). The entry is pushed (`history.pushState`) and
    /// the route set here, rather than assigning `location.hash`: that is a
    /// fragment navigation, which made the browser look for the fragment's
    /// anchor and lay out the page before the form was even built (10 ms of
    /// opening an environment with 10,000 users, docs/benchmarks.md). Back
    /// and Forward still come through `hashchange` and `popstate`
    /// (`crate::app`).
    fn navigate(&self) {
        let Some(route) = self.link else {
            return;
        };
        let naming = self.naming;
        let item = self.mode.get_untracked().editing().and_then(|id| {
            self.state
                .workspace
                .with_untracked(|ws| (naming.name_of)(ws, id))
        });
        let target = Route {
            page: naming.page,
            item,
        };
        if route.with_untracked(|r| *r != target) {
            let href = target.href();
            route.set(target.clone());
            // Writing the history entry costs the browser a round trip to
            // its own process: done once the opened form is painted, and
            // only if Back or a link has not moved the page on meanwhile.
            crate::frames::after_paint(move || {
                if route.try_with_untracked(|r| *r == target) != Some(true) {
                    return;
                }
                let pushed = window().history().and_then(|history| {
                    history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&href))
                });
                if pushed.is_err() {
                    let _ = window().location().set_hash(&href);
                }
            });
        }
    }

    /// Opens the form on another object, forgetting the last outcome.
    pub fn open(&self, mode: Mode) {
        self.outcome.set(None);
        self.mode.set(mode);
        self.navigate();
    }
    pub fn close(&self) {
        self.open(Mode::Closed);
    }
    /// Reports a successful save; a new object is then shown for editing.
    pub fn saved(&self, id: Id, message: String) {
        self.outcome.set(Some(Report::Done(message)));
        self.mode.set(Mode::Edit(id));
        self.navigate();
    }
    /// Rebuilds the form from the saved values, reporting `message`.
    pub fn refresh(&self, message: Report) {
        self.rebuild();
        self.outcome.set(Some(message));
    }
    /// Rebuilds the form from the saved values (something other than the
    /// form changed them and reports it itself).
    pub fn rebuild(&self) {
        self.generation.update(|g| *g += 1);
    }
    /// Reports why an action was refused; the form keeps what was typed.
    pub fn failed(&self, message: String) {
        self.outcome.set(Some(Report::Refused(message)));
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
    /// The object's label as messages name it, kept current through
    /// renames: "Service environment 'UAT'".
    pub fn label(&self, id: Id) -> Signal<String> {
        let (state, naming) = (self.state, self.naming);
        Signal::derive(move || {
            let name = state
                .workspace
                .with(|ws| (naming.name_of)(ws, id))
                .unwrap_or_default();
            let mut what = naming.what.to_string();
            if let Some(first) = what.get_mut(..1) {
                first.make_ascii_uppercase();
            }
            format!("{what} '{name}'")
        })
    }

    /// Runs the delete of object `id` and reports it; the form closes when
    /// it succeeded and focus returns to New.
    pub fn report_delete(
        &self,
        id: Id,
        delete: impl FnOnce(&mut Workspace) -> Result<(), WorkspaceError>,
    ) {
        let what = self.label(id).get_untracked();
        match self.state.apply(delete) {
            Ok(()) => {
                self.close();
                self.outcome
                    .set(Some(Report::Done(format!("{what} deleted."))));
                if let Some(button) = self.new_button.get_untracked() {
                    let _ = button.focus();
                }
            }
            Err(e) => self.failed(e.to_string()),
        }
    }

    pub fn is_editing(&self, id: Id) -> bool {
        self.mode.get() == Mode::Edit(id)
    }
}

/// The form's heading, focused when the form opens on an object (a click
/// in the list, a save), so keyboard and screen-reader users land in it; a
/// new object's form focuses its first field instead.
#[component]
pub fn FormHeading(id: &'static str, editing: bool, children: Children) -> impl IntoView {
    let heading = NodeRef::<html::H3>::new();
    if editing {
        Effect::new(move |_| {
            if let Some(h) = heading.get() {
                super::focus::take(&h);
            }
        });
    }
    view! { <h3 id=id tabindex="-1" node_ref=heading>{children()}</h3> }
}

/// The last action's outcome, as a notice.
#[component]
pub fn Outcome(editor: Editor) -> impl IntoView {
    view! { <OutcomeNotice outcome=editor.outcome/> }
}
