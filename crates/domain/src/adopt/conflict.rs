//! What stops an environment the service holds from being added as it is.
//!
//! Key Vault references are shared by every environment of the workspace:
//! one of the same name here and in the body is the same reference, so it
//! may gain what it lacks, but what it has cannot change under the other
//! environments that carry it without the administrator saying so. Another
//! URI, an entry of the same name with another Type, a chain of the same
//! name with other members, or an environment of the same name is a
//! conflict; each says both values and what to do. A description that
//! differs, or a name spelt in another case, is no conflict: it is added
//! as this workspace has it and shows under "Changes since publish".

use thiserror::Error;

use super::Incoming;
use crate::model::same_name as same;
use crate::model::{EntryType, KeyVaultReference, Workspace, WorkspaceError};
use crate::values::shown;

/// One reason an environment the service holds cannot be added as it is.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum Conflict {
    /// A Key Vault reference of the same name names another vault.
    #[error("Key Vault reference {} has the URI {} here and {} on the service: rename yours in Key Vault parameters, or take the service's URI.", whole(.reference), whole(.here), whole(.there))]
    ReferenceUri {
        reference: String,
        here: String,
        there: String,
    },
    /// An entry of the same name (in a reference of the same name) has
    /// another Type.
    #[error("Entry {} of Key Vault reference {} is a {} here and a {} on the service: rename yours in Key Vault parameters, or take the service's Type.", whole(.entry), whole(.reference), .here.label(), .there.label())]
    EntryType {
        reference: String,
        entry: String,
        here: EntryType,
        there: EntryType,
    },
    /// A chain of certificates of the same name has other members (names,
    /// root first).
    #[error("Chain of certificates {} of Key Vault reference {} has the certificates {} here and {} on the service: rename yours in Key Vault parameters, or take the service's certificates.", whole(.chain), whole(.reference), members(.here), members(.there))]
    ChainMembers {
        reference: String,
        chain: String,
        here: Vec<String>,
        there: Vec<String>,
    },
    /// A service environment of the same name is already here (`here` as
    /// this workspace spells it, `there` as the service does).
    #[error("A service environment named {} is already in this workspace: rename yours to add the service's {}, or open yours and reload the service's version instead.", whole(.here), whole(.there))]
    EnvironmentExists { here: String, there: String },
    /// A rule of this workspace refused part of the addition, which the
    /// checks before it did not foresee; nothing was added.
    #[error("The service's environment {} could not be added: {error}", whole(.environment))]
    Refused {
        environment: String,
        error: WorkspaceError,
    },
}

/// A value in quotes, whole (a Key Vault URI is longer than the 40
/// characters [`crate::values::quoted`] shows, and both sides must be read
/// in full), escaped as it escapes.
fn whole(s: &str) -> String {
    format!("'{}'", shown(s))
}

/// A chain's members as the page shows them: root first.
fn members(names: &[String]) -> String {
    if names.is_empty() {
        "(none)".into()
    } else {
        names.join(" › ")
    }
}

impl Conflict {
    /// What the conflict is about, as a heading: "Key Vault reference
    /// ContosoKV: URI".
    pub fn subject(&self) -> String {
        match self {
            Conflict::ReferenceUri { reference, .. } => {
                format!("Key Vault reference {reference}: URI")
            }
            Conflict::EntryType {
                reference, entry, ..
            } => format!("Key Vault reference {reference}, entry {entry}: Type"),
            Conflict::ChainMembers {
                reference, chain, ..
            } => format!(
                "Key Vault reference {reference}, chain of certificates {chain}: certificates"
            ),
            Conflict::EnvironmentExists { here, .. } => format!("Service environment {here}"),
            Conflict::Refused { environment, .. } => format!("Service environment {environment}"),
        }
    }

    /// This workspace's value, as shown beside the service's.
    pub fn here(&self) -> String {
        match self {
            Conflict::ReferenceUri { here, .. } => here.clone(),
            Conflict::EntryType { here, .. } => here.label().into(),
            Conflict::ChainMembers { here, .. } => members(here),
            Conflict::EnvironmentExists { here, .. } => format!("{here}, in this workspace"),
            Conflict::Refused { error, .. } => error.to_string(),
        }
    }

    /// The service's value.
    pub fn there(&self) -> String {
        match self {
            Conflict::ReferenceUri { there, .. } => there.clone(),
            Conflict::EntryType { there, .. } => there.label().into(),
            Conflict::ChainMembers { there, .. } => members(there),
            Conflict::EnvironmentExists { there, .. } => format!("{there}, on the service"),
            Conflict::Refused { environment, .. } => environment.clone(),
        }
    }

    /// What to do about it.
    pub fn remedy(&self) -> String {
        match self {
            Conflict::ReferenceUri { reference, .. } => format!(
                "Rename your Key Vault reference {} in Key Vault parameters, and the service's is added beside it; or take the service's URI, which every environment here that carries {} then sends too.",
                whole(reference),
                whole(reference)
            ),
            Conflict::EntryType {
                reference,
                entry,
                there,
                ..
            } => format!(
                "Rename your entry {} of Key Vault reference {} in Key Vault parameters; or take the service's Type, {}.",
                whole(entry),
                whole(reference),
                there.label()
            ),
            Conflict::ChainMembers {
                reference, chain, ..
            } => format!(
                "Rename your chain of certificates {} of Key Vault reference {} in Key Vault parameters; or take the service's certificates, in the service's order.",
                whole(chain),
                whole(reference)
            ),
            Conflict::EnvironmentExists { here, .. } => format!(
                "Rename your service environment {} (its Name, under Service environments), then add the service's; or, if it is the same environment, open it and reload the service's version.",
                whole(here)
            ),
            Conflict::Refused { error, .. } => error.to_string(),
        }
    }
}

/// Names compared as the workspace compares them: without regard to case.
/// The conflicts between the reference `here` and the service's `there`,
/// which has the same name.
fn reference_conflicts(
    here: &KeyVaultReference,
    there: &KeyVaultReference,
    list: &mut Vec<Conflict>,
) {
    let reference = here.name().to_string();
    if here.uri().as_str() != there.uri().as_str() {
        list.push(Conflict::ReferenceUri {
            reference: reference.clone(),
            here: here.uri().to_string(),
            there: there.uri().to_string(),
        });
    }
    for theirs in there.certificates() {
        let mine = here
            .certificates()
            .iter()
            .find(|e| same(e.name().as_str(), theirs.name().as_str()));
        if let Some(mine) = mine.filter(|m| m.entry_type() != theirs.entry_type()) {
            list.push(Conflict::EntryType {
                reference: reference.clone(),
                entry: mine.name().to_string(),
                here: mine.entry_type(),
                there: theirs.entry_type(),
            });
        }
    }
    for theirs in there.chains() {
        let Some(mine) = here
            .chains()
            .iter()
            .find(|c| same(c.name().as_str(), theirs.name().as_str()))
        else {
            continue;
        };
        let (mine_members, their_members) = (
            here.member_names(mine.id()),
            there.member_names(theirs.id()),
        );
        let alike = mine_members.len() == their_members.len()
            && mine_members
                .iter()
                .zip(&their_members)
                .all(|(a, b)| same(a, b));
        if !alike {
            list.push(Conflict::ChainMembers {
                reference: reference.clone(),
                chain: mine.name().to_string(),
                here: mine_members,
                there: their_members,
            });
        }
    }
}

impl Workspace {
    /// Every conflict between this workspace and an environment the
    /// service holds: an environment of the same name, then per Key Vault
    /// reference of the same name its URI, its entries' Types and its
    /// chains' members. Empty when it can be added.
    pub fn conflicts_with(&self, incoming: &Incoming) -> Vec<Conflict> {
        let mut list = Vec::new();
        if let Some(env) = self.environment_by_name(incoming.name()) {
            list.push(Conflict::EnvironmentExists {
                here: env.name().to_string(),
                there: incoming.name().to_owned(),
            });
        }
        for there in incoming.key_vault_references() {
            if let Some(here) = self.reference_by_name(there.name().as_str()) {
                reference_conflicts(here, there, &mut list);
            }
        }
        list
    }
}
