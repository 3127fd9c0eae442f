//! Which workspace this tab has open: the administrator's own, or the
//! sample behind "Try it with sample data" (`domain::sample`).
//!
//! The two never mix. Each is kept under its own `localStorage` key
//! ([`Slot::key`]); the whole console (store, save loop, service session,
//! pages) is mounted for one of them, and switching unmounts it and mounts
//! it again for the other, so no signal, save or publish run of one can
//! reach the other. Before it is unmounted, the open workspace writes its
//! pending change (its save loop is then closed for good); leaving the
//! administrator's own workspace is refused, with the reason, while it holds
//! work this browser has not kept or a publish is under way. Which one is
//! open is remembered for this tab's session, so a reload stays in the
//! sample and a new browser session opens the administrator's own.
//!
//! The sample is created from `domain::sample::sample_workspace()` the first
//! time it is opened; after that it is reopened as it was left (its edits
//! are kept, apart), until "Reset the sample" replaces it with a fresh one.
//! Nothing in it is ever sent to a service: its session refuses every call
//! (`DestinationRefused::SampleWorkspace`).
//!
//! Pages reach this through context: `Workspaces::get().open_sample()` is
//! the "Try it with sample data" action.

use leptos::prelude::*;

use crate::service::{Credentials, Runs};
use crate::storage::envelope::{encode, Slot};
use crate::storage::local::{self, NotKept, Persistence};

/// Why the tab did not switch workspaces (nothing changed).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SwitchRefused {
    #[error("A publish is under way in this workspace. Wait until it ends, then switch.")]
    Publishing,
    #[error(transparent)]
    NotKept(#[from] NotKept),
}

/// Switches between the administrator's workspace and the sample; shared
/// through context (provided once, above the console).
#[derive(Clone, Copy)]
pub struct Workspaces {
    open: RwSignal<Slot>,
    /// The tab's access token and who signed in, which outlive a switch
    /// (see [`crate::service::provide`]).
    credentials: Credentials,
    /// The mounted console's save loop and publish runs, to leave it
    /// cleanly.
    mounted: StoredValue<Option<(Persistence, Runs)>>,
}

impl Workspaces {
    /// Provides the handle, with the workspace this tab had open.
    pub fn provide() -> Workspaces {
        let workspaces = Workspaces {
            open: RwSignal::new(local::open_slot()),
            credentials: Credentials::new(),
            mounted: StoredValue::new(None),
        };
        provide_context(workspaces);
        workspaces
    }

    /// The handle, when the console runs under it.
    pub fn get() -> Option<Workspaces> {
        use_context::<Workspaces>()
    }

    /// The open workspace (tracked).
    pub fn slot(&self) -> Slot {
        self.open.get()
    }

    /// Whether the sample is open (tracked).
    pub fn is_sample(&self) -> bool {
        self.slot() == Slot::Sample
    }

    /// The `localStorage` key of the open workspace (for what a page keeps
    /// per workspace beside it).
    pub fn key(&self) -> &'static str {
        self.open.get_untracked().key()
    }

    /// The tab's credentials, for the session of a console being mounted.
    pub(crate) fn credentials(&self) -> Credentials {
        self.credentials
    }

    /// Called by a console once mounted for the open workspace.
    pub(crate) fn mounted(&self, persistence: Persistence, runs: Runs) {
        self.mounted.set_value(Some((persistence, runs)));
    }

    /// "Try it with sample data": opens the sample, created fresh the first
    /// time, as it was left afterwards. `Err` says why the administrator's
    /// workspace cannot be left now (nothing changes then).
    pub fn open_sample(&self) -> Result<(), SwitchRefused> {
        if self.open.get_untracked() == Slot::Sample {
            return Ok(());
        }
        self.leave(true)?;
        self.show(Slot::Sample);
        Ok(())
    }

    /// "Back to my workspace": opens the administrator's own workspace as
    /// it was left, keeping the sample's edits apart.
    pub fn open_own(&self) -> Result<(), SwitchRefused> {
        if self.open.get_untracked() == Slot::Own {
            return Ok(());
        }
        self.leave(true)?;
        self.show(Slot::Own);
        Ok(())
    }

    /// "Reset the sample": replaces the sample with a fresh one and opens
    /// it (what was changed in the sample is dropped; the administrator's
    /// own workspace is never touched).
    pub fn reset_sample(&self) -> Result<(), SwitchRefused> {
        let in_sample = self.open.get_untracked() == Slot::Sample;
        self.leave(!in_sample)?;
        let fresh = encode(&domain::sample::sample_workspace());
        if local::replace(Slot::Sample, &fresh).is_err() {
            // Nothing stored: the sample opens fresh all the same.
            local::forget(Slot::Sample);
        }
        self.show(Slot::Sample);
        Ok(())
    }

    /// Leaves the mounted console: its pending change written (`save`) or
    /// dropped, its save loop closed.
    fn leave(&self, save: bool) -> Result<(), SwitchRefused> {
        let Some((persistence, runs)) = self.mounted.get_value() else {
            return Ok(());
        };
        if save && runs.publishing() {
            return Err(SwitchRefused::Publishing);
        }
        persistence.leave(save)?;
        self.mounted.set_value(None);
        Ok(())
    }

    /// Mounts the console for `slot` (again, when it is already open).
    fn show(&self, slot: Slot) {
        local::remember_open(slot);
        self.open.set(slot);
    }
}
