//! `localStorage`: the draft is read once at start, written after every
//! change of the workspace, and replaced when another tab saves.
//!
//! A write happens just after the change is painted (the next frame), not
//! before: with 10,000 users a save is half a megabyte of JSON and took
//! half the time of adding a user (docs/benchmarks.md). Changes made in the
//! same frame are saved together, and a page being left (reload, close,
//! navigation: `pagehide`) writes at once, so no edit waits for a frame that
//! will not come.
//!
//! Writing is skipped while the stored text is one the page cannot read
//! (until the administrator has chosen what to do with it) and when the
//! text would not change, which also keeps two open tabs from echoing each
//! other's saves forever. A failed write (quota full, storage disabled)
//! leaves the workspace in memory and says so.
//!
//! Two tabs never overwrite each other silently: a tab writes only over
//! what it last wrote or adopted, and adopts another tab's save only when
//! it has no unsaved edit of its own. Otherwise the administrator chooses
//! which version to keep.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::envelope::{decode, encode, Loaded, KEY};
use crate::state::AppState;

/// How the draft is being kept, as the page tells the administrator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Keeping {
    /// Every change is saved in this browser.
    Saved,
    /// This browser keeps nothing (disabled storage, some private modes):
    /// the workspace lives in this tab only.
    Unavailable,
    /// The last change could not be saved (storage full); it is kept in
    /// this tab.
    NotSaved(String),
    /// Another tab saved a change, which this tab now shows.
    FromOtherTab,
    /// Another tab saved while this one had an edit of its own: nothing is
    /// written until the administrator chooses a version.
    Conflict,
}

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

fn stored_text() -> Option<String> {
    storage()?.get_item(KEY).ok().flatten()
}

/// What is stored, read once at start (with its text); `None` when storage
/// is unavailable.
pub fn load() -> Option<(Loaded, Option<String>)> {
    storage()?;
    let text = stored_text();
    Some((decode(text.clone()), text))
}

fn save(text: &str) -> Result<(), String> {
    let store =
        storage().ok_or_else(|| "this browser does not keep data for this page".to_string())?;
    store.set_item(KEY, text).map_err(|e| {
        match e.dyn_ref::<web_sys::DomException>().map(|d| d.name()) {
            Some(name) if name == "QuotaExceededError" => {
                "this browser's storage for the page is full".to_string()
            }
            Some(name) => format!("the browser refused to store it ({name})"),
            None => "the browser refused to store it".to_string(),
        }
    })
}

/// The save loop of one tab, and the administrator's two ways out of a
/// conflict with another tab.
#[derive(Clone, Copy)]
pub struct Persistence {
    state: AppState,
    keeping: RwSignal<Keeping>,
    /// The text this tab last wrote or adopted: it writes only over that.
    last: StoredValue<Option<String>>,
}

impl Persistence {
    /// Replaces this tab's workspace with what another tab saved.
    pub fn use_stored(&self) {
        let text = stored_text();
        if let Loaded::Restored(workspace) = decode(text.clone()) {
            self.last.set_value(text);
            self.state.workspace.set(workspace);
            self.keeping.set(Keeping::Saved);
        }
    }

    /// Writes this tab's workspace over what another tab saved.
    pub fn keep_mine(&self) {
        let text = self.state.workspace.with_untracked(encode);
        match save(&text) {
            Ok(()) => {
                self.last.set_value(Some(text));
                self.keeping.set(Keeping::Saved);
            }
            Err(reason) => self.keeping.set(Keeping::NotSaved(reason)),
        }
    }
}

/// Saves the workspace after every change and adopts other tabs' saves.
/// `loaded` is the stored text read at start; `blocked` is true while an
/// unreadable stored draft awaits the administrator's decision (nothing is
/// written then).
pub fn persist(
    state: AppState,
    keeping: RwSignal<Keeping>,
    loaded: Option<String>,
    blocked: Signal<bool>,
) -> Persistence {
    let last = StoredValue::new(loaded);
    let persistence = Persistence {
        state,
        keeping,
        last,
    };
    // A save is scheduled and not yet written.
    let pending = StoredValue::new(false);
    let flush = move || {
        if !pending.get_value() {
            return;
        }
        pending.set_value(false);
        if blocked.get_untracked()
            || keeping.with_untracked(|k| matches!(k, Keeping::Unavailable | Keeping::Conflict))
        {
            return;
        }
        let text = state.workspace.with_untracked(encode);
        if last.with_value(|l| l.as_deref() == Some(text.as_str())) {
            return;
        }
        // Another tab wrote since this one last did (its event not heard
        // yet): writing now would erase its change.
        let stored = stored_text();
        if stored.is_some() && last.with_value(|l| *l != stored) {
            keeping.set(Keeping::Conflict);
            return;
        }
        match save(&text) {
            Ok(()) => {
                last.set_value(Some(text));
                if matches!(keeping.get_untracked(), Keeping::NotSaved(_)) {
                    keeping.set(Keeping::Saved);
                }
            }
            Err(reason) => keeping.set(Keeping::NotSaved(reason)),
        }
    };
    Effect::new(move |_| {
        state.workspace.track();
        blocked.track();
        if !pending.get_value() {
            pending.set_value(true);
            after_paint(flush);
        }
    });
    let leaving = window_event_listener(leptos::ev::pagehide, move |_| flush());
    // A panic stops the page for good: its hook saves what is pending.
    crate::crash::save_on_crash(move || {
        flush();
        match keeping.get_untracked() {
            Keeping::Saved | Keeping::FromOtherTab => None,
            Keeping::NotSaved(reason) => Some(reason),
            Keeping::Unavailable => Some("this browser keeps no data for this page".into()),
            Keeping::Conflict => Some("another tab saved a different version".into()),
        }
    });

    let handle = window_event_listener(leptos::ev::storage, move |event| {
        if event.key().as_deref() != Some(KEY) || blocked.get_untracked() {
            return;
        }
        let mine = state.workspace.with_untracked(encode);
        let unsaved = last.with_value(|l| l.as_deref() != Some(mine.as_str()));
        if unsaved || keeping.with_untracked(|k| *k == Keeping::Conflict) {
            keeping.set(Keeping::Conflict);
            return;
        }
        let text = event.new_value();
        if let Loaded::Restored(workspace) = decode(text.clone()) {
            last.set_value(text);
            state.workspace.set(workspace);
            keeping.set(Keeping::FromOtherTab);
        }
    });
    on_cleanup(move || {
        handle.remove();
        leaving.remove();
    });
    persistence
}

/// Runs `work` once the current change has been painted: after the next
/// frame, or at once (as a task) in a hidden tab, which paints no frames.
fn after_paint(work: impl FnOnce() + 'static) {
    let hidden = web_sys::window()
        .and_then(|w| w.document())
        .is_some_and(|d| d.hidden());
    if hidden {
        set_timeout(work, std::time::Duration::ZERO);
    } else {
        request_animation_frame(move || set_timeout(work, std::time::Duration::ZERO));
    }
}
