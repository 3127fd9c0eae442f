//! The one store of the page: the domain's [`Workspace`] in a signal,
//! shared through context.
//!
//! Views read it (derived values are memos over it) and change it only
//! through [`AppState::apply`], which runs one of the workspace's
//! operations: an operation that is refused changes nothing and notifies
//! nobody, and its typed error goes back to the view to show.

use domain::model::{Workspace, WorkspaceError};
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct AppState {
    pub workspace: RwSignal<Workspace>,
}

impl AppState {
    pub fn new(workspace: Workspace) -> AppState {
        AppState {
            workspace: RwSignal::new(workspace),
        }
    }

    /// Provides a store holding `workspace` to the components below.
    pub fn provide(workspace: Workspace) -> AppState {
        let state = AppState::new(workspace);
        provide_context(state);
        state
    }

    pub fn get() -> AppState {
        expect_context::<AppState>()
    }

    /// Runs one workspace operation. Subscribers are notified only when it
    /// succeeded (a refused operation leaves the workspace as it was).
    pub fn apply<T>(
        &self,
        operation: impl FnOnce(&mut Workspace) -> Result<T, WorkspaceError>,
    ) -> Result<T, WorkspaceError> {
        let mut outcome = None;
        self.workspace.maybe_update(|ws| {
            let result = operation(ws);
            let changed = result.is_ok();
            outcome = Some(result);
            changed
        });
        // The closure does not run only once the page is being torn down.
        outcome.unwrap_or(Err(WorkspaceError::NotFound { what: "workspace" }))
    }
}

/// The flows (`api`) read and record through the store, like the views.
impl api::Store for AppState {
    fn read<T>(&self, read: impl FnOnce(&Workspace) -> T) -> T {
        self.workspace.with_untracked(read)
    }

    fn apply<T>(
        &self,
        operation: impl FnOnce(&mut Workspace) -> Result<T, WorkspaceError>,
    ) -> Result<T, WorkspaceError> {
        AppState::apply(self, operation)
    }
}
