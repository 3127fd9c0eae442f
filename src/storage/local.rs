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
//!
//! Everything here works on one [`Slot`]: the administrator's own
//! workspace or the sample, each under its own key. A tab remembers which
//! one it has open in `sessionStorage` (a reload stays in the sample; a new
//! browser session opens the own one). Leaving a workspace for the other
//! writes its pending change first ([`Persistence::leave`]) and then
//! closes its save loop, so nothing of one is ever written under the
//! other's key.

use leptos::prelude::*;

use domain::model::Workspace;

use super::envelope::{decode, encode, Loaded, Slot, OPEN_KEY};
use super::error::SaveError;
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
    NotSaved(SaveError),
    /// Another tab saved a change, which this tab now shows.
    FromOtherTab,
    /// Another tab saved while this one had an edit of its own: nothing is
    /// written until the administrator chooses a version.
    Conflict,
}

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

fn stored_text(slot: Slot) -> Option<String> {
    let text = utf8::get_item(&storage()?, slot.key())?;
    Some(utf8::from_js(&text))
}

/// `Storage.getItem` and `TextEncoder.encode`, bound by hand so a stored
/// draft reaches the wasm as a JS string turned into UTF-8 by the browser.
/// `web_sys`'s `get_item` returns a `String`, which wasm-bindgen's glue
/// copies into the wasm one UTF-16 unit at a time in JavaScript: 12 ms of
/// the 550 KB draft of 10,000 users at start-up, against well under 1 ms
/// for the browser's encoder and one copy (docs/benchmarks.md).
mod utf8 {
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;

    #[wasm_bindgen]
    extern "C" {
        /// `Storage`, with `getItem` answering the JS string itself.
        type Items;
        #[wasm_bindgen(method, catch, js_name = getItem)]
        fn get_item(this: &Items, key: &str) -> Result<Option<js_sys::JsString>, JsValue>;

        #[wasm_bindgen(js_name = TextEncoder)]
        type Encoder;
        #[wasm_bindgen(constructor, js_class = "TextEncoder")]
        fn new() -> Encoder;
        #[wasm_bindgen(method, js_class = "TextEncoder")]
        fn encode(this: &Encoder, text: &js_sys::JsString) -> js_sys::Uint8Array;
    }

    /// The item `key` of `storage`; `None` when there is none or the
    /// browser refuses to read it.
    pub fn get_item(storage: &web_sys::Storage, key: &str) -> Option<js_sys::JsString> {
        storage
            .unchecked_ref::<Items>()
            .get_item(key)
            .ok()
            .flatten()
    }

    /// The text of a JS string (a lone surrogate, which no draft the
    /// console writes holds, becomes U+FFFD, as `TextEncoder` does).
    pub fn from_js(text: &js_sys::JsString) -> String {
        let bytes = Encoder::new().encode(text).to_vec();
        String::from_utf8(bytes)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
    }
}

/// What is stored for `slot`, read once when it is opened (with its text);
/// `None` when storage is unavailable.
pub fn load(slot: Slot) -> Option<(Loaded, Option<String>)> {
    storage()?;
    let text = stored_text(slot);
    Some((decode(text.clone()), text))
}

/// Which workspace this tab has open (the own one unless this tab's
/// session says the sample).
pub fn open_slot() -> Slot {
    let remembered = window()
        .session_storage()
        .ok()
        .flatten()
        .and_then(|s| s.get_item(OPEN_KEY).ok().flatten());
    Slot::from_remembered(remembered.as_deref())
}

/// Remembers for this tab's session which workspace it has open. Best
/// effort: without session storage a reload opens the own workspace.
pub fn remember_open(slot: Slot) {
    if let Some(session) = window().session_storage().ok().flatten() {
        let _ = match slot.remembered() {
            Some(value) => session.set_item(OPEN_KEY, value),
            None => session.remove_item(OPEN_KEY),
        };
    }
}

/// Replaces what is stored for `slot` with `text` (a fresh sample).
pub fn replace(slot: Slot, text: &str) -> Result<(), SaveError> {
    save(slot, text)
}

/// Removes what is stored for `slot` (best effort).
pub fn forget(slot: Slot) {
    if let Some(store) = storage() {
        let _ = store.remove_item(slot.key());
    }
}

fn save(slot: Slot, text: &str) -> Result<(), SaveError> {
    let store = storage().ok_or(SaveError::Unavailable)?;
    store
        .set_item(slot.key(), text)
        .map_err(|e| SaveError::from_js(&e))
}

/// Why leaving the administrator's own workspace was refused: it holds work
/// this browser has not kept.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("Your workspace is not saved: {0}. Export it (Settings) or resolve that first; switching now would leave it only in this tab, and it would be lost.")]
pub struct NotKept(Unkept);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Unkept {
    #[error("your latest changes could not be saved in this browser ({0})")]
    NotSaved(SaveError),
    #[error("this browser does not keep data for this page")]
    Unavailable,
    #[error("another tab saved a different version, and you have not chosen which one to keep")]
    Conflict,
}

/// The save loop of one tab's open workspace, and the administrator's two
/// ways out of a conflict with another tab.
#[derive(Clone, Copy)]
pub struct Persistence {
    slot: Slot,
    state: AppState,
    keeping: RwSignal<Keeping>,
    /// The text this tab last wrote or adopted: it writes only over that.
    last: StoredValue<Option<String>>,
    /// A save is scheduled and not yet written.
    pending: StoredValue<bool>,
    /// True while an unreadable stored draft awaits the administrator's
    /// decision: nothing is written then.
    blocked: Signal<bool>,
    /// The workspace was left: this loop writes nothing more.
    closed: StoredValue<bool>,
}

impl Persistence {
    /// Replaces this tab's workspace with what another tab saved.
    pub fn use_stored(&self) {
        let text = stored_text(self.slot);
        if let Loaded::Restored(workspace) = decode(text.clone()) {
            self.last.set_value(text);
            self.state.workspace.set(workspace);
            self.keeping.set(Keeping::Saved);
        }
    }

    /// Writes this tab's workspace over what another tab saved.
    pub fn keep_mine(&self) {
        let text = self.state.workspace.with_untracked(encode);
        match save(self.slot, &text) {
            Ok(()) => {
                self.last.set_value(Some(text));
                self.keeping.set(Keeping::Saved);
            }
            Err(reason) => self.keeping.set(Keeping::NotSaved(reason)),
        }
    }

    /// Writes the pending change now (a scheduled save that has not run
    /// yet). Does nothing once the loop is closed or its page disposed (a
    /// save scheduled before the workspace was left).
    fn flush(&self) {
        if self.pending.try_get_value() != Some(true) {
            return;
        }
        self.pending.set_value(false);
        if self.closed.get_value()
            || self.blocked.get_untracked()
            || self
                .keeping
                .with_untracked(|k| matches!(k, Keeping::Unavailable | Keeping::Conflict))
        {
            return;
        }
        let text = self.state.workspace.with_untracked(encode);
        if self
            .last
            .with_value(|l| l.as_deref() == Some(text.as_str()))
        {
            return;
        }
        // Another tab wrote since this one last did (its event not heard
        // yet): writing now would erase its change.
        let stored = stored_text(self.slot);
        if stored.is_some() && self.last.with_value(|l| *l != stored) {
            self.keeping.set(Keeping::Conflict);
            return;
        }
        match save(self.slot, &text) {
            Ok(()) => {
                self.last.set_value(Some(text));
                if matches!(self.keeping.get_untracked(), Keeping::NotSaved(_)) {
                    self.keeping.set(Keeping::Saved);
                }
            }
            Err(reason) => self.keeping.set(Keeping::NotSaved(reason)),
        }
    }

    /// Leaves this workspace for the other one: the pending change is
    /// written first (`save`), or dropped (the sample, being reset). Leaving
    /// the administrator's own workspace is refused (`Err` says why, and
    /// nothing changes) while it holds work this browser has not kept: it
    /// would stay behind in a page that is going away. Once left, this loop
    /// writes nothing more.
    pub fn leave(&self, save: bool) -> Result<(), NotKept> {
        if save {
            self.flush();
        }
        if save && self.slot == Slot::Own && !self.blocked.get_untracked() {
            let why = match self.keeping.get_untracked() {
                Keeping::Saved | Keeping::FromOtherTab => None,
                Keeping::NotSaved(reason) => Some(Unkept::NotSaved(reason)),
                Keeping::Unavailable => Some(Unkept::Unavailable),
                Keeping::Conflict => Some(Unkept::Conflict),
            };
            let kept = || {
                self.state.workspace.with_untracked(|ws| {
                    *ws == Workspace::new()
                        || self
                            .last
                            .with_value(|l| l.as_deref() == Some(encode(ws).as_str()))
                })
            };
            if let Some(why) = why.filter(|_| !kept()) {
                return Err(NotKept(why));
            }
        }
        self.pending.set_value(false);
        self.closed.set_value(true);
        Ok(())
    }
}

/// Saves the workspace of `slot` after every change and adopts other tabs'
/// saves of it. `loaded` is the stored text read when it was opened;
/// `blocked` is true while an unreadable stored draft awaits the
/// administrator's decision (nothing is written then).
pub fn persist(
    slot: Slot,
    state: AppState,
    keeping: RwSignal<Keeping>,
    loaded: Option<String>,
    blocked: Signal<bool>,
) -> Persistence {
    let last = StoredValue::new(loaded);
    let pending = StoredValue::new(false);
    let persistence = Persistence {
        slot,
        state,
        keeping,
        last,
        pending,
        blocked,
        closed: StoredValue::new(false),
    };
    Effect::new(move |_| {
        state.workspace.track();
        blocked.track();
        if !pending.get_value() {
            pending.set_value(true);
            crate::frames::after_paint(move || persistence.flush());
        }
    });
    let leaving = window_event_listener(leptos::ev::pagehide, move |_| persistence.flush());
    // A panic stops the page for good: its hook saves what is pending.
    crate::crash::save_on_crash(move || {
        persistence.flush();
        match keeping.get_untracked() {
            Keeping::Saved | Keeping::FromOtherTab => None,
            Keeping::NotSaved(reason) => Some(reason.to_string()),
            Keeping::Unavailable => Some("this browser keeps no data for this page".into()),
            Keeping::Conflict => Some("another tab saved a different version".into()),
        }
    });

    let handle = window_event_listener(leptos::ev::storage, move |event| {
        if event.key().as_deref() != Some(slot.key())
            || blocked.get_untracked()
            || persistence.closed.get_value()
        {
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
