//! The check every deserialised workspace passes before it exists.
//!
//! Field values re-validate through their own constructors when read; this
//! checks what spans objects, so a stored draft or an imported file that was
//! edited by hand (duplicate names, a SAS secret pointing nowhere, an id
//! used twice) is refused with a message instead of becoming a workspace
//! that breaks the rules the operations keep.

use std::collections::HashSet;

use serde::Deserialize;
use thiserror::Error;

use super::{same_name, Named, Settings, Workspace};
use crate::model::connected_app::ConnectedApplication;
use crate::model::environment::ServiceEnvironment;
use crate::model::ids::Id;
use crate::model::key_vault::{EntryType, KeyVaultReference};
use crate::values::quoted;

/// The largest id counter a workspace may carry: 2^53 − 1, the largest
/// integer JavaScript (and so any tool editing the JSON) holds exactly,
/// and so far below `u64::MAX` that no workspace can count past it.
pub const MAX_ID: u64 = (1 << 53) - 1;

/// What makes a stored or imported workspace inconsistent.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum IntegrityError {
    #[error("The workspace uses the id {0} for two objects, or an id beyond its counter. The file was edited by hand or is damaged.")]
    BadId(u64),
    #[error("The workspace's id counter is {0}, far beyond any this console writes (at most {MAX_ID}). The file was edited by hand or is damaged.")]
    CounterTooLarge(u64),
    #[error("The workspace has two {what} named {}. Names must be unique (without regard to case).", quoted(.name))]
    DuplicateName { what: &'static str, name: String },
    #[error("Service environment {}: {problem}.", quoted(.environment))]
    Environment {
        environment: String,
        problem: &'static str,
    },
    #[error("Chain of certificates {} has a member that is not a certificate of the same Key Vault reference, or lists one twice.", quoted(.chain))]
    Chain { chain: String },
    #[error("Connected application {} links to a service environment that does not exist.", quoted(.application))]
    Link { application: String },
}

/// The workspace as read, before its cross-object rules are checked.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct RawWorkspace {
    next_id: u64,
    #[serde(default)]
    key_vault_references: Vec<KeyVaultReference>,
    #[serde(default)]
    environments: Vec<ServiceEnvironment>,
    #[serde(default)]
    connected_applications: Vec<ConnectedApplication>,
    #[serde(default)]
    settings: Settings,
}

impl TryFrom<RawWorkspace> for Workspace {
    type Error = IntegrityError;

    fn try_from(raw: RawWorkspace) -> Result<Workspace, IntegrityError> {
        let workspace = Workspace {
            next_id: raw.next_id,
            key_vault_references: raw.key_vault_references,
            environments: raw.environments,
            connected_applications: raw.connected_applications,
            settings: raw.settings,
        };
        workspace.check()?;
        Ok(workspace)
    }
}

/// A User ID or an Email as a key that ignores ASCII case: the same
/// equality as comparing their lowercase forms (both are ASCII), without
/// making one per user of a 10,000-user draft.
#[derive(Clone, Copy)]
struct Caseless<'a>(&'a str);

impl PartialEq for Caseless<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.0.eq_ignore_ascii_case(other.0)
    }
}

impl Eq for Caseless<'_> {}

impl std::hash::Hash for Caseless<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        // The lowercase bytes in a few large writes (the hasher is slow per
        // call), through a buffer on the stack rather than a new string.
        let mut buffer = [0u8; 64];
        for chunk in self.0.as_bytes().chunks(buffer.len()) {
            let lower = &mut buffer[..chunk.len()];
            lower.copy_from_slice(chunk);
            lower.make_ascii_lowercase();
            state.write(lower);
        }
        state.write_u8(0xff);
    }
}

fn unique<T: Named>(what: &'static str, items: &[T]) -> Result<(), IntegrityError> {
    let mut seen: Vec<&str> = Vec::new();
    for name in items.iter().map(Named::name) {
        if seen.iter().any(|s| same_name(s, name)) {
            return Err(IntegrityError::DuplicateName {
                what,
                name: name.into(),
            });
        }
        seen.push(name);
    }
    Ok(())
}

impl Workspace {
    /// Checks the rules the operations keep; `Ok` for any workspace built
    /// through them.
    pub fn check(&self) -> Result<(), IntegrityError> {
        self.check_ids()?;
        unique("Key Vault references", &self.key_vault_references)?;
        for reference in &self.key_vault_references {
            unique(
                "certificates in one Key Vault reference",
                &reference.certificates,
            )?;
            unique(
                "chains of certificates in one Key Vault reference",
                &reference.chains,
            )?;
            for chain in &reference.chains {
                let members = chain.members();
                let valid = members.iter().enumerate().all(|(i, m)| {
                    !members[..i].contains(m)
                        && reference
                            .entry(*m)
                            .is_some_and(|e| e.entry_type() == EntryType::Certificate)
                });
                if !valid {
                    return Err(IntegrityError::Chain {
                        chain: chain.name.to_string(),
                    });
                }
            }
        }
        unique("service environments", &self.environments)?;
        for env in &self.environments {
            self.check_environment(env)?;
        }
        unique("connected applications", &self.connected_applications)?;
        for app in &self.connected_applications {
            if app
                .environments
                .iter()
                .any(|id| self.environment(*id).is_none())
            {
                return Err(IntegrityError::Link {
                    application: app.name.to_string(),
                });
            }
        }
        Ok(())
    }

    fn check_environment(&self, env: &ServiceEnvironment) -> Result<(), IntegrityError> {
        let fail = |problem| IntegrityError::Environment {
            environment: env.name.to_string(),
            problem,
        };
        if let Some(secret) = env.storage_sas_secret {
            match self.resolve(secret) {
                Some((_, entry)) if entry.entry_type() == EntryType::Secret => {}
                _ => {
                    return Err(fail(
                        "its Storage SAS token secret is not a Secret-type entry of an existing Key Vault reference",
                    ))
                }
            }
        }
        if env
            .key_vault_references
            .iter()
            .any(|id| self.reference(*id).is_none())
        {
            return Err(fail("it uses a Key Vault reference that does not exist"));
        }
        // Fx hashing: these sets hold only the workspace's own values (no
        // one chooses them to collide), and std's SipHash, run cold on
        // 20,000 values when a new tab reads a large draft, was a fifth of
        // that read (docs/benchmarks.md).
        let fx = rustc_hash::FxBuildHasher;
        let mut user_ids = HashSet::with_capacity_and_hasher(env.users.len(), fx);
        let mut emails = HashSet::with_capacity_and_hasher(env.users.len(), fx);
        if !env.users.iter().all(|u| {
            user_ids.insert(Caseless(u.user_id.as_str()))
                && emails.insert(Caseless(u.email.as_str()))
        }) {
            return Err(fail("a User ID or an Email is listed twice"));
        }
        let mut apps = HashSet::new();
        if !env
            .applications
            .iter()
            .all(|a| apps.insert(&a.application_id))
        {
            return Err(fail("an Application (client) ID is listed twice"));
        }
        unique("number sequences in one environment", &env.number_sequences)
    }

    fn check_ids(&self) -> Result<(), IntegrityError> {
        if self.next_id > MAX_ID {
            return Err(IntegrityError::CounterTooLarge(self.next_id));
        }
        let mut seen = HashSet::new();
        let ids = self
            .key_vault_references
            .iter()
            .flat_map(|r| {
                std::iter::once(r.id)
                    .chain(r.certificates.iter().map(|e| e.id))
                    .chain(r.chains.iter().map(|c| c.id))
            })
            .chain(self.environments.iter().flat_map(|e| {
                std::iter::once(e.id)
                    .chain(e.applications.iter().map(|a| a.id))
                    .chain(e.number_sequences.iter().map(|s| s.id))
            }))
            .chain(self.connected_applications.iter().map(|a| a.id));
        for Id(id) in ids {
            if id == 0 || id > self.next_id || !seen.insert(id) {
                return Err(IntegrityError::BadId(id));
            }
        }
        Ok(())
    }
}
