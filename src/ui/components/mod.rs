//! Components shared by the pages.

mod after_paint;
mod confirm;
mod copy;
mod editor;
mod field;
mod focus;
mod form;
mod notice;
mod recovery;
mod sample;
mod sign_in_again;

pub use after_paint::AfterPaint;
pub use confirm::{delete_question, question_about, ConfirmDelete};
pub use copy::CopyableText;
pub use editor::{Editor, FormHeading, Mode, Naming, Outcome};
pub use field::{SelectField, TextField};
pub use form::Form;
pub use notice::{ErrorList, Notice, OutcomeNotice, Report};
pub use recovery::Recovery;
pub use sample::{SampleBadge, SampleBanner, TrySampleData, SAMPLE_NOTICE};
pub use sign_in_again::SignInAgain;
