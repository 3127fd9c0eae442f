//! `localStorage`: the draft is read once at start, written after every
//! change of the workspace, and replaced when another tab saves.
//!
//! Writing is skipped while the stored text is one the page cannot read
//! (until the administrator has chosen what to do with it) and when the
//! text would not change, which also keeps two open tabs from echoing each
//! other's saves forever. A failed write (quota full, storage disabled)
//! leaves the workspace in memory and says so.

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
}

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

/// What is stored, read once at start; `None` when storage is unavailable.
pub fn load() -> Option<Loaded> {
    let store = storage()?;
    Some(decode(store.get_item(KEY).ok().flatten()))
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

/// Saves the workspace after every change and adopts other tabs' saves.
/// `blocked` is true while an unreadable stored draft awaits the
/// administrator's decision (nothing is written then).
pub fn persist(state: AppState, keeping: RwSignal<Keeping>, blocked: Signal<bool>) {
    // The text last written or adopted: writing it again changes nothing.
    let last = StoredValue::new(None::<String>);
    Effect::new(move |_| {
        let text = state.workspace.with(encode);
        if blocked.get() || keeping.with_untracked(|k| *k == Keeping::Unavailable) {
            return;
        }
        if last.with_value(|l| l.as_deref() == Some(text.as_str())) {
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
    });

    let handle = window_event_listener(leptos::ev::storage, move |event| {
        if event.key().as_deref() != Some(KEY) || blocked.get_untracked() {
            return;
        }
        let text = event.new_value();
        if let Loaded::Restored(workspace) = decode(text.clone()) {
            last.set_value(text);
            state.workspace.set(workspace);
            keeping.set(Keeping::FromOtherTab);
        }
    });
    on_cleanup(move || handle.remove());
}
