//! Components shared by the pages.

mod confirm;
mod editor;
mod field;
mod form;
mod notice;
mod recovery;
mod sample;

pub use confirm::ConfirmDelete;
pub use editor::{Editor, FormHeading, Mode, Naming, Outcome};
pub use field::{SelectField, TextField};
pub use form::Form;
pub use notice::{ErrorList, Notice, OutcomeNotice};
pub use recovery::Recovery;
pub use sample::{SampleBadge, SampleBanner, TrySampleData, SAMPLE_NOTICE};
