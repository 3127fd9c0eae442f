//! Components shared by the pages.

mod editor;
mod field;
mod form;
mod notice;

pub use editor::{Editor, Mode, Outcome};
pub use field::{SelectField, TextField};
pub use form::Form;
pub use notice::{ErrorList, Notice};
