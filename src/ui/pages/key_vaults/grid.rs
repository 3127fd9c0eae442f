//! What the reference's two grids (Certificates, Chains of certificates)
//! read the same way: the ids of their rows, and each cell's text, both
//! reactive over the workspace and empty once the reference is gone; and
//! a cell's list of names (a chain's certificates, an entry's chains).

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

    /// What `get` reads for row `id` (its text, its names), read when
    /// called.
    pub(super) fn cell<T: 'static>(
        self,
        id: Id,
        get: fn(&KeyVaultReference, Id) -> Option<T>,
    ) -> impl Fn() -> Option<T> + Copy + Send + Sync + 'static {
        move || {
            self.state
                .workspace
                .with(|ws| ws.reference(self.reference).and_then(|r| get(r, id)))
        }
    }
}

/// Names (of certificates, of chains) as a cell lists them, joined by
/// `separator`: each name kept whole on a line when it fits (a name such as
/// `contoso-issuing-ca` would otherwise break at a hyphen on a narrow
/// screen); only a name longer than the line wraps (style/main.css
/// `.whole`). The cell's text is the same as the names joined.
pub(super) fn names_view(names: Option<Vec<String>>, separator: &'static str) -> impl IntoView {
    names
        .unwrap_or_default()
        .into_iter()
        .enumerate()
        .map(|(i, name)| view! { {(i > 0).then_some(separator)}<span class="whole">{name}</span> })
        .collect_view()
}
