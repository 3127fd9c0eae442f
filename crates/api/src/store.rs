//! The workspace the flows read before a call and record into after it.
//!
//! The page's store (a signal) and a plain workspace in the tests both
//! implement it. A flow never holds the workspace across a wait: it reads
//! what it needs, sends, then applies one operation, so edits made while a
//! request is under way are kept.

use std::cell::RefCell;
use std::rc::Rc;

use domain::model::{Workspace, WorkspaceError};

pub trait Store {
    /// Reads the workspace.
    fn read<T>(&self, read: impl FnOnce(&Workspace) -> T) -> T;
    /// Runs one of the workspace's operations; a refused one changes
    /// nothing.
    fn apply<T>(
        &self,
        operation: impl FnOnce(&mut Workspace) -> Result<T, WorkspaceError>,
    ) -> Result<T, WorkspaceError>;
}

impl Store for RefCell<Workspace> {
    fn read<T>(&self, read: impl FnOnce(&Workspace) -> T) -> T {
        read(&self.borrow())
    }

    fn apply<T>(
        &self,
        operation: impl FnOnce(&mut Workspace) -> Result<T, WorkspaceError>,
    ) -> Result<T, WorkspaceError> {
        // A refused operation leaves the workspace as it was: operations
        // check before they change anything.
        operation(&mut self.borrow_mut())
    }
}

/// A store shared with whoever else edits it meanwhile.
impl<S: Store> Store for Rc<S> {
    fn read<T>(&self, read: impl FnOnce(&Workspace) -> T) -> T {
        (**self).read(read)
    }

    fn apply<T>(
        &self,
        operation: impl FnOnce(&mut Workspace) -> Result<T, WorkspaceError>,
    ) -> Result<T, WorkspaceError> {
        (**self).apply(operation)
    }
}
