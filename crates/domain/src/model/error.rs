//! Why a workspace operation was refused, in an administrator's words.
//!
//! Each variant is one rule that spans objects (uniqueness, something still
//! in use, a chain made of the wrong entries). The message names the objects
//! involved and says what to do instead.

use thiserror::Error;

use crate::values::quoted;

fn list(names: &[String]) -> String {
    names
        .iter()
        .map(|n| quoted(n))
        .collect::<Vec<_>>()
        .join(", ")
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum WorkspaceError {
    #[error("A Key Vault reference named {} already exists (names are compared without regard to case). Choose another name.", quoted(.name))]
    DuplicateReferenceName { name: String },

    #[error("{} already has an entry named {} (Key Vault compares names without regard to case). Choose another name.", quoted(.reference), quoted(.name))]
    DuplicateEntryName { reference: String, name: String },

    #[error("{} already has a chain of certificates named {} (names are compared without regard to case). Choose another name.", quoted(.reference), quoted(.name))]
    DuplicateChainName { reference: String, name: String },

    #[error("A service environment named {} already exists (names are compared without regard to case). Choose another name.", quoted(.name))]
    DuplicateEnvironmentName { name: String },

    #[error("User ID {} is already in this environment's users. Each user is listed once.", quoted(.user_id))]
    DuplicateUserId { user_id: String },

    #[error("Email {} is already in this environment's users. Each email is listed once.", quoted(.email))]
    DuplicateEmail { email: String },

    #[error("Application (client) ID {} is already in this environment's applications.", quoted(.application_id))]
    DuplicateApplication { application_id: String },

    #[error("A number sequence named {} already exists in this environment. Choose another name.", quoted(.name))]
    DuplicateSequenceName { name: String },

    #[error("A connected application named {} already exists. Choose another name.", quoted(.name))]
    DuplicateConnectedApplicationName { name: String },

    #[error("Key Vault reference {} is used by the service environments {}. Choose another Storage SAS token secret or remove the reference from them first.", quoted(.reference), list(.environments))]
    ReferenceInUse {
        reference: String,
        environments: Vec<String>,
    },

    #[error("{} is the Storage SAS token secret of the service environments {}. Choose another secret for them first.", quoted(.entry), list(.environments))]
    EntryInUse {
        entry: String,
        environments: Vec<String>,
    },

    #[error("{} is a member of the chains of certificates {}. Remove it from those chains first.", quoted(.entry), list(.chains))]
    EntryInChain { entry: String, chains: Vec<String> },

    #[error("{} is a {kind}, not a Secret. The Storage SAS token secret must be an entry of Type Secret.", quoted(.entry))]
    NotASecret { entry: String, kind: &'static str },

    #[error("{} cannot be in chain {}: {reason}.", quoted(.member), quoted(.chain))]
    InvalidChainMember {
        chain: String,
        member: String,
        reason: &'static str,
    },

    #[error("Number sequence {} is in use and cannot be deleted.", quoted(.name))]
    SequenceInUse { name: String },

    #[error("Service environment {} is linked from the connected applications {}. Remove those links first.", quoted(.environment), list(.applications))]
    EnvironmentLinked {
        environment: String,
        applications: Vec<String>,
    },

    #[error("The {what} you are editing no longer exists (it was deleted). Reload the list.")]
    NotFound { what: &'static str },

    #[error("Service environment {} has never been published, so there are no published settings to go back to. Edit it, or delete it and start again.", quoted(.environment))]
    NotPublished { environment: String },
}
