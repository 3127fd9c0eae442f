//! The objects an administrator configures, and the workspace that holds
//! them.
//!
//! Every field holds a validated value from [`crate::values`], so an object
//! can never hold an invalid name or URI (but a Key Vault URI a rule
//! refuses since it was stored: [`ReferenceUri`]). Rules that span objects
//! (case-insensitive uniqueness, the Storage SAS token secret pointing at a
//! Secret-type entry, chains of certificates made of certificates of the
//! same reference) are kept by [`Workspace`]'s operations, which are the only way
//! to change it. Objects refer to each other by [`Id`], so renaming an entry
//! carries through to every environment that uses it (and their derived
//! status becomes Changed), and deleting something still in use is refused
//! with the users named.

mod bulk_users;
mod connected_app;
mod drafts;
mod environment;
mod error;
mod ids;
mod key_vault;
mod problems;
mod publishing;
mod restore;
mod workspace;
pub(crate) use workspace::same_name;

pub use bulk_users::BulkReport;
pub use connected_app::{ConnectedApplication, ConnectedApplicationInput, FinanceValues};
pub use drafts::{
    ApplicationDraft, ApplicationFormField, ChainDraft, ChainFormField, ConnectedAppFormField,
    ConnectedApplicationDraft, Draft, EntryDraft, EntryFormField, EnvironmentDraft,
    EnvironmentFormField, FieldErrors, KeyVaultReferenceDraft, NumberSequenceDraft,
    ReferenceFormField, SequenceFormField, SignInDraft, SignInFormField, UserDraft, UserFormField,
};
pub use environment::{
    Application, ApplicationInput, EnvironmentInput, NumberSequence, NumberSequenceInput,
    Publication, PublishRecord, SecretRef, ServiceEnvironment, User,
};
pub use error::WorkspaceError;
pub use ids::Id;
pub use key_vault::{
    CertificateChain, CertificateEntry, ChainInput, EntryInput, EntryType, KeyVaultReference,
    KeyVaultReferenceInput, ReferenceUri,
};
pub use problems::{EnvironmentField, Problem};
pub use publishing::{SequenceRefresh, HISTORY_LENGTH};
pub use restore::{DiscardReport, NotRestored};
pub use workspace::{Direction, IntegrityError, SecretChoice, Settings, Workspace};
