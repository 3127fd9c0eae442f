//! What the reference's two grids (Certificates, Chains of certificates)
//! read the same way: the ids of their rows, and each cell's text, both
//! reactive over the workspace and empty once the reference is gone.

use domain::model::{Id, KeyVaultReference};
use leptos::prelude::*;

use crate::state::AppState;

/// One grid of the reference `reference`.
#[derive(Clone, Copy)]
pub(super) struct ReferenceGrid {
    state: AppState,
    reference: Id,
}

impl ReferenceGrid {
    pub(super) fn new(state: AppState, reference: Id) -> Self {
        ReferenceGrid { state, reference }
    }

    /// The rows' ids, in order, as `ids` lists them.
    pub(super) fn rows(self, ids: fn(&KeyVaultReference) -> Vec<Id>) -> Memo<Vec<Id>> {
        Memo::new(move |_| {
            self.state
                .workspace
                .with(|ws| ws.reference(self.reference).map(ids).unwrap_or_default())
        })
    }

    /// The text `get` reads for row `id`, read when called.
    pub(super) fn cell(
        self,
        id: Id,
        get: fn(&KeyVaultReference, Id) -> Option<String>,
    ) -> impl Fn() -> Option<String> + Copy + Send + Sync + 'static {
        move || {
            self.state
                .workspace
                .with(|ws| ws.reference(self.reference).and_then(|r| get(r, id)))
        }
    }
}
