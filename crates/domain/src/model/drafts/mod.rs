//! Forms as typed: raw text in, either a validated input or one message per
//! field out.
//!
//! The page keeps what the administrator typed in a draft and asks it, on
//! every change, for its field errors; Save is possible only when there are
//! none. The rules are the values' constructors and the workspace's
//! uniqueness checks, called here, so the page never reimplements one.
//!
//! Each draft names its fields with an enum of its own ([`Draft::Field`]):
//! the draft's errors are keyed by it and the page asks for a field's text
//! and message by it, so a field the draft does not have cannot be asked
//! for (it does not compile), and no message is ever lost to a misspelt key.

mod connected;
mod environments;
mod key_vaults;
mod sign_in;

use std::fmt::{Debug, Display};
use std::marker::PhantomData;

pub use connected::{ConnectedAppFormField, ConnectedApplicationDraft};
pub use environments::{
    ApplicationDraft, ApplicationFormField, EnvironmentDraft, EnvironmentFormField,
    NumberSequenceDraft, SequenceFormField, UserDraft, UserFormField,
};
pub use key_vaults::{
    ChainDraft, ChainFormField, EntryDraft, EntryFormField, KeyVaultReferenceDraft,
    ReferenceFormField,
};
pub use sign_in::{SignInDraft, SignInFormField};

use super::WorkspaceError;

/// A form's text as typed, field by field.
pub trait Draft: Clone + PartialEq {
    /// The form's text fields (at most 32; `u8` is the field's position).
    type Field: Copy + Eq + Debug + Into<u8> + Send + Sync + 'static;
    /// The text typed into `field`.
    fn text(&self, field: Self::Field) -> &str;
    /// Replaces the text of `field` with what was typed.
    fn set_text(&mut self, field: Self::Field, text: String);
}

/// Declares a draft's field enum and its [`Draft`] impl from one list of
/// `Variant => struct_field` pairs, so the two cannot disagree.
macro_rules! draft_fields {
    ($draft:ident, $field:ident { $($(#[$doc:meta])* $variant:ident => $member:ident,)+ }) => {
        #[doc = concat!("The text fields of [`", stringify!($draft), "`].")]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $field {
            $($(#[$doc])* $variant,)+
        }

        impl From<$field> for u8 {
            fn from(field: $field) -> u8 {
                field as u8
            }
        }

        impl $crate::model::drafts::Draft for $draft {
            type Field = $field;
            fn text(&self, field: $field) -> &str {
                match field {
                    $($field::$variant => &self.$member,)+
                }
            }
            fn set_text(&mut self, field: $field, text: String) {
                match field {
                    $($field::$variant => self.$member = text,)+
                }
            }
        }
    };
}
pub(crate) use draft_fields;

/// One message per field that fails, keyed by the draft's field, in the
/// draft's field order. Kept by the field's position, so one copy of this
/// code serves every form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldErrors<F> {
    found: Vec<(u8, String)>,
    field: PhantomData<fn() -> F>,
}

impl<F> Default for FieldErrors<F> {
    fn default() -> Self {
        FieldErrors {
            found: Vec::new(),
            field: PhantomData,
        }
    }
}

fn message_of(found: &[(u8, String)], field: u8) -> Option<&str> {
    found
        .iter()
        .find(|(f, _)| *f == field)
        .map(|(_, m)| m.as_str())
}

fn push_once(found: &mut Vec<(u8, String)>, field: u8, message: String) {
    if message_of(found, field).is_none() {
        found.push((field, message));
    }
}

impl<F: Into<u8>> FieldErrors<F> {
    pub fn get(&self, field: F) -> Option<&str> {
        message_of(&self.found, field.into())
    }
    pub fn is_empty(&self) -> bool {
        self.found.is_empty()
    }
    pub fn len(&self) -> usize {
        self.found.len()
    }
    /// Every message, in the draft's field order.
    pub fn messages(&self) -> impl Iterator<Item = &str> {
        self.found.iter().map(|(_, m)| m.as_str())
    }
    fn push(&mut self, field: F, message: impl Display) {
        push_once(&mut self.found, field.into(), message.to_string());
    }
    /// Keeps a value that parsed; records the message of one that did not.
    fn take<T, E: Display>(&mut self, field: F, result: Result<T, E>) -> Option<T> {
        result.map_err(|e| self.push(field, e)).ok()
    }
    /// Records a workspace rule that failed on a field.
    fn rule(&mut self, field: F, result: Result<(), WorkspaceError>) {
        if let Err(e) = result {
            self.push(field, e);
        }
    }
    fn finish<T>(self, input: Option<T>) -> Result<T, FieldErrors<F>> {
        match input {
            Some(input) if self.is_empty() => Ok(input),
            _ => Err(self),
        }
    }
}
