//! Stable identities for objects whose names can change.
//!
//! Names are what administrators see and may rename; ids are what objects
//! use to point at each other (an environment's SAS secret, a chain's
//! members, a connected application's links) and what lists key their rows
//! on, so a rename never breaks a link or re-renders a whole list.

use serde::{Deserialize, Serialize};

/// An object's identity within one workspace. Allocated by the workspace,
/// never reused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Id(pub(crate) u64);

impl Id {
    /// The number behind the id, for keys in views and DOM ids.
    pub fn get(self) -> u64 {
        self.0
    }
}

impl std::fmt::Display for Id {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}
