//! The workspace: every Key Vault reference, service environment and
//! connected application of one administrator, plus the settings.
//!
//! Its operations are the only way to change the model, and each one keeps
//! the cross-object rules: case-insensitive uniqueness of names, the Storage
//! SAS token secret pointing at a Secret-type entry, chain members being
//! certificates of the same reference, and nothing in use being deleted.
//! Renames need no special care: objects point at each other by [`Id`].
//!
//! The operations live with the kind of object they change:
//! [`key_vaults`] (references, their entries and chains), [`environments`]
//! (environments, their users, applications and number sequences, and what
//! blocks their publish), [`connected`] (connected applications and the
//! values Finance needs), [`integrity`] (the check a workspace read from
//! storage or a file passes before it exists); this file holds the
//! workspace itself, its lookups and its settings.

mod connected;
mod environments;
mod integrity;
mod key_vaults;

pub use integrity::IntegrityError;

use serde::{Deserialize, Serialize};

use super::connected_app::ConnectedApplication;
use super::environment::{NumberSequence, SecretRef, ServiceEnvironment};
use super::error::WorkspaceError;
use super::ids::Id;
use super::key_vault::{CertificateChain, CertificateEntry, KeyVaultReference};
use crate::status::{self, Status};
use crate::values::{RequestTimeout, ServiceEndpoint};

/// Case-insensitive comparison of names (Key Vault and the service compare
/// identifiers without regard to case).
pub(crate) fn same_name(a: &str, b: &str) -> bool {
    a.to_lowercase() == b.to_lowercase()
}

/// What the uniqueness rules and lookups by id need of an object.
pub(crate) trait Named {
    fn id(&self) -> Id;
    fn name(&self) -> &str;
}

macro_rules! named {
    ($($ty:ty),*) => {$(
        impl Named for $ty {
            fn id(&self) -> Id {
                self.id
            }
            fn name(&self) -> &str {
                self.name.as_str()
            }
        }
    )*};
}
named!(
    KeyVaultReference,
    CertificateEntry,
    CertificateChain,
    ServiceEnvironment,
    NumberSequence,
    ConnectedApplication
);

/// Whether an object other than `except` already carries `name`.
fn name_taken<T: Named>(items: &[T], name: &str, except: Option<Id>) -> bool {
    items
        .iter()
        .any(|i| Some(i.id()) != except && same_name(i.name(), name))
}

/// The object with this id, or why the edit cannot be made.
fn find_mut<'a, T: Named>(
    items: &'a mut [T],
    id: Id,
    what: &'static str,
) -> Result<&'a mut T, WorkspaceError> {
    items
        .iter_mut()
        .find(|i| i.id() == id)
        .ok_or(WorkspaceError::NotFound { what })
}

/// Settings that apply to the whole workspace.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Settings {
    /// Where Publish sends environments; `None` until chosen.
    #[serde(default)]
    pub endpoint: Option<ServiceEndpoint>,
    /// How long Publish and the other calls wait for an answer.
    #[serde(default)]
    pub timeout: RequestTimeout,
    /// Signing in with Microsoft Entra ID; `None` until set up (a token
    /// can still be pasted by hand).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sign_in: Option<crate::auth::SignInSettings>,
}

impl Settings {
    /// Where requests go: the chosen endpoint, or, while none is chosen
    /// and the page itself is served from this machine, the local
    /// development receiver (so a fresh clone publishes without set-up).
    pub fn effective_endpoint(&self, page_is_local: bool) -> Option<ServiceEndpoint> {
        self.endpoint
            .clone()
            .or_else(|| page_is_local.then(ServiceEndpoint::local_development))
    }
}

/// A Secret-type entry offered for the Storage SAS token secret field,
/// labelled `reference/secret` as the field shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecretChoice {
    pub secret: SecretRef,
    pub label: String,
}

/// Which way Up/Down moves a chain member.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Up,
    Down,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", try_from = "integrity::RawWorkspace")]
pub struct Workspace {
    pub(crate) next_id: u64,
    pub(crate) key_vault_references: Vec<KeyVaultReference>,
    pub(crate) environments: Vec<ServiceEnvironment>,
    pub(crate) connected_applications: Vec<ConnectedApplication>,
    pub(crate) settings: Settings,
}

const REFERENCE: &str = "Key Vault reference";
const ENTRY: &str = "certificate or secret";
const CHAIN: &str = "chain of certificates";
const ENVIRONMENT: &str = "service environment";
const CONNECTED_APP: &str = "connected application";
const SEQUENCE: &str = "number sequence";

impl Workspace {
    pub fn new() -> Workspace {
        Workspace::default()
    }

    /// The next id. A workspace's counter is at most
    /// [`integrity::MAX_ID`] when read, and 2^53 additions would take
    /// centuries, so it never wraps onto an id in use.
    fn fresh_id(&mut self) -> Id {
        self.next_id = self.next_id.saturating_add(1);
        Id(self.next_id)
    }

    pub fn key_vault_references(&self) -> &[KeyVaultReference] {
        &self.key_vault_references
    }
    pub fn reference(&self, id: Id) -> Option<&KeyVaultReference> {
        self.key_vault_references.iter().find(|r| r.id == id)
    }
    pub fn environments(&self) -> &[ServiceEnvironment] {
        &self.environments
    }
    pub fn environment(&self, id: Id) -> Option<&ServiceEnvironment> {
        self.environments.iter().find(|e| e.id == id)
    }
    pub fn environment_by_name(&self, name: &str) -> Option<&ServiceEnvironment> {
        self.environments
            .iter()
            .find(|e| same_name(e.name.as_str(), name))
    }
    /// The reference with this name (compared without regard to case).
    pub fn reference_by_name(&self, name: &str) -> Option<&KeyVaultReference> {
        self.key_vault_references
            .iter()
            .find(|r| same_name(r.name.as_str(), name))
    }
    /// The connected application with this name (without regard to case).
    pub fn connected_application_by_name(&self, name: &str) -> Option<&ConnectedApplication> {
        self.connected_applications
            .iter()
            .find(|a| same_name(a.name.as_str(), name))
    }
    pub fn connected_applications(&self) -> &[ConnectedApplication] {
        &self.connected_applications
    }
    pub fn connected_application(&self, id: Id) -> Option<&ConnectedApplication> {
        self.connected_applications.iter().find(|a| a.id == id)
    }
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The environment's status, derived from its content and its last
    /// publication.
    pub fn status(&self, environment: Id) -> Option<Status> {
        Some(status::of(self, self.environment(environment)?))
    }

    // ----- settings --------------------------------------------------------

    pub fn set_timeout(&mut self, timeout: RequestTimeout) {
        self.settings.timeout = timeout;
    }

    pub fn set_endpoint(&mut self, endpoint: Option<ServiceEndpoint>) {
        self.settings.endpoint = endpoint;
    }

    pub fn set_sign_in(&mut self, sign_in: Option<crate::auth::SignInSettings>) {
        self.settings.sign_in = sign_in;
    }
}
