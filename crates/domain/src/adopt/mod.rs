//! Working as a team: an environment the service holds, brought into this
//! workspace (issue 18).
//!
//! Another administrator published an environment from another browser;
//! this console has never seen it. `GET {base}api/v1/environments/{name}`
//! answers the body as it was published (contract version 1 or 2), and
//! `…/number-sequences` the service's number sequences. Why this module
//! exists, rather than reading the body into the workspace directly:
//!
//! - The body comes from outside, so it gets no more trust than a workspace
//!   file an administrator edited by hand. [`read_incoming`] reads it with
//!   the workspace file's own reader (the same constructors, the same
//!   workspace operations, a version 1 body's chain entries migrated as a
//!   version 1 file's are), and reports every problem at its JSON pointer
//!   into the body, so no rule is written a second time and a broken body
//!   is refused whole ([`BodyRefused`]).
//! - Key Vault references are shared by every environment of a workspace,
//!   so the body's references cannot simply be added: they are merged by
//!   name ([`Workspace::add_from_service`]). What cannot be merged without
//!   changing what another environment sends (another URI, an entry of
//!   another Type, a chain with other members) is a [`Conflict`], shown
//!   side by side, and nothing is added until the administrator resolves
//!   it, by renaming theirs or taking the service's
//!   ([`Workspace::take_service_side`]).
//! - The environment arrives Published at the held revision, its
//!   publication's snapshot the body, so the status and "Changes since
//!   publish" work on it as on one published from here.
//!
//! Files: [`detail`] reads the answer's envelope, [`refused`] says why a
//! body is refused, [`document`] builds the
//! one-environment workspace file from the body, [`pointers`] points the
//! file's problems back into the body, [`conflict`] finds conflicts,
//! [`merge`] adds, [`take`] takes the service's side of a conflict.

mod conflict;
mod consistent;
mod detail;
mod document;
mod merge;
mod pointers;
mod refused;
mod take;

pub use conflict::Conflict;
pub use detail::read_incoming;
pub use merge::{AddAll, Added};
pub use refused::BodyRefused;

use crate::answers::Revision;
use crate::model::{Id, KeyVaultReference, Publication, ServiceEnvironment, Workspace};

/// An environment the service holds, read through the domain's rules,
/// ready to add to a workspace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Incoming {
    /// A workspace of its own holding the body's Key Vault references and
    /// the one environment, with its publication.
    side: Workspace,
    environment: Id,
    /// The held body's contract version, 1 or 2.
    schema_version: u32,
    /// Number sequences the service listed under a name or description
    /// this console refuses (not added).
    unreadable_sequences: Vec<String>,
}

impl Incoming {
    /// The environment, as the side workspace holds it.
    pub fn environment(&self) -> &ServiceEnvironment {
        self.side
            .environment(self.environment)
            .expect("an Incoming is built with its environment in its side workspace")
    }

    /// The Key Vault references the body carries, with their entries and
    /// chains.
    pub fn key_vault_references(&self) -> &[KeyVaultReference] {
        self.side.key_vault_references()
    }

    pub fn name(&self) -> &str {
        self.environment().name().as_str()
    }

    fn publication(&self) -> &Publication {
        self.environment()
            .publication()
            .expect("an Incoming's environment is published")
    }

    /// The revision the service holds.
    pub fn revision(&self) -> &Revision {
        &self.publication().revision
    }

    /// When it was published, as the service reported it.
    pub fn published_at(&self) -> &str {
        &self.publication().published_at
    }

    /// Who published it, when the service said.
    pub fn published_by(&self) -> Option<&str> {
        self.publication().published_by.as_deref()
    }

    /// The held body's contract version: 1 or 2.
    pub fn schema_version(&self) -> u32 {
        self.schema_version
    }

    /// Number sequences the service listed that this console cannot read
    /// (a name or description its rules refuse); they are not added.
    pub fn unreadable_sequences(&self) -> &[String] {
        &self.unreadable_sequences
    }
}
