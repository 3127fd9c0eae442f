//! What the service holds, as this page last read it: the read is an
//! action (its `pending()` is "Reading the service…"); the list stays on
//! screen while a later read fails, and a publish from this page moves it
//! on to the revision the service took.

use api::held::{self, HeldError, HeldList};
use domain::answers::PublishReceipt;
use leptos::prelude::*;

use super::browser::Browser;
use super::credentials::Credentials;
use super::page::Page;
use crate::state::AppState;

#[derive(Clone, Copy)]
pub struct Held {
    read: Action<(), Result<(), HeldError>>,
    /// The action's `pending()`, made once.
    pending: Memo<bool>,
    list: RwSignal<Option<HeldList>>,
}

impl Held {
    pub fn new(state: AppState, credentials: Credentials, page: Page) -> Held {
        let list = RwSignal::new(None);
        let read = Action::new_unsync(move |_: &()| {
            let caller = credentials.caller(page);
            async move {
                let read = held::list(&Browser, &state, &caller).await?;
                list.set(Some(read));
                Ok(())
            }
        });
        Held {
            read,
            pending: read.pending(),
            list,
        }
    }

    /// Reads the service's list again (unless a read is under way).
    pub fn refresh(&self) {
        if !self.pending.get_untracked() {
            self.read.dispatch(());
        }
    }

    /// Whether a read is under way (tracked).
    pub fn reading(&self) -> bool {
        self.pending.get()
    }

    /// Why the last read failed (tracked).
    pub fn error(&self) -> Option<String> {
        self.read.value().with(|last| {
            last.as_ref()
                .and_then(|r| r.as_ref().err().map(ToString::to_string))
        })
    }

    /// The list as last read (tracked).
    pub fn with_list<T>(&self, read: impl FnOnce(Option<&HeldList>) -> T) -> T {
        self.list.with(|list| read(list.as_ref()))
    }

    /// After a publish from this page, the service holds the new revision.
    pub fn note_published(&self, receipt: &PublishReceipt) {
        self.list.update(|list| {
            if let Some(list) = list {
                list.note_published(receipt);
            }
        });
    }
}
