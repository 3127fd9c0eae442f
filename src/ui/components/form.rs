//! The state of one form: the domain draft being typed, which fields the
//! administrator has touched, and the domain's verdict on it.
//!
//! A field's message shows once that field has been typed in, or after a
//! Save attempt, so an empty form does not open covered in errors and a bad
//! value is flagged as it is typed. The verdict comes from a check the page
//! passes in: a domain draft's `check`, nothing else. Fields are named by
//! the draft's own field enum ([`Draft::Field`]), the same key its errors
//! carry.

use std::sync::Arc;

use domain::model::{Draft, FieldErrors};
use leptos::prelude::*;

type Errors<D> = FieldErrors<<D as Draft>::Field>;
type Check<D, I> = Arc<dyn Fn(&D) -> Result<I, Errors<D>> + Send + Sync>;

/// A field's bit in the touched set.
fn bit(field: impl Into<u8>) -> u32 {
    1 << field.into()
}

pub struct Form<D: Draft + Send + Sync + 'static, I: Send + Sync + 'static> {
    pub draft: RwSignal<D>,
    /// The fields typed in, one bit each by position.
    touched: RwSignal<u32>,
    /// Whether Save was tried: then every message shows, and the summary
    /// lists them (while typing, each sits next to its field only).
    attempted: RwSignal<bool>,
    errors: Memo<Errors<D>>,
    check: StoredValue<Check<D, I>>,
}

impl<D: Draft + Send + Sync + 'static, I: Send + Sync + 'static> Clone for Form<D, I> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<D: Draft + Send + Sync + 'static, I: Send + Sync + 'static> Copy for Form<D, I> {}

impl<D, I> Form<D, I>
where
    D: Draft + Send + Sync + 'static,
    I: Send + Sync + 'static,
{
    /// `check` turns the draft into the validated input or its field
    /// errors; it may read other signals (the workspace, for uniqueness).
    pub fn new(
        initial: D,
        check: impl Fn(&D) -> Result<I, Errors<D>> + Send + Sync + 'static,
    ) -> Self {
        let draft = RwSignal::new(initial);
        let check: Check<D, I> = Arc::new(check);
        let for_memo = Arc::clone(&check);
        Form {
            draft,
            touched: RwSignal::new(0),
            attempted: RwSignal::new(false),
            errors: Memo::new(move |_| draft.with(|d| for_memo(d).err().unwrap_or_default())),
            check: StoredValue::new(check),
        }
    }

    /// The current text of one field.
    pub fn value(&self, field: D::Field) -> Signal<String> {
        let draft = self.draft;
        Signal::derive(move || draft.with(|d| d.text(field).to_string()))
    }

    /// Sets one field as typed and marks it touched.
    pub fn setter(&self, field: D::Field) -> Callback<String> {
        let (draft, touched) = (self.draft, self.touched);
        Callback::new(move |text: String| {
            draft.update(|d| d.set_text(field, text));
            let bit = bit(field);
            if touched.get_untracked() & bit == 0 {
                touched.update(|t| *t |= bit);
            }
        })
    }

    /// The message to show next to `field`, once it has been touched.
    pub fn error(&self, field: D::Field) -> Signal<Option<String>> {
        let (errors, touched, attempted) = (self.errors, self.touched, self.attempted);
        Signal::derive(move || {
            if attempted.get() || touched.get() & bit(field) != 0 {
                errors.with(|e| e.get(field).map(str::to_string))
            } else {
                None
            }
        })
    }

    /// Every message, for the summary shown after a Save attempt.
    pub fn all_errors(&self) -> Signal<Vec<String>> {
        let (errors, attempted) = (self.errors, self.attempted);
        Signal::derive(move || {
            if !attempted.get() {
                return Vec::new();
            }
            errors.with(|e| e.messages().map(str::to_string).collect())
        })
    }

    /// Starts over with `draft`, nothing touched (after an Add, for the
    /// next one).
    pub fn restart(&self, draft: D) {
        self.draft.set(draft);
        self.touched.set(0);
        self.attempted.set(false);
    }

    /// A Save attempt: every message shows, and the validated input comes
    /// back if there is none.
    pub fn submit(&self) -> Option<I> {
        self.attempted.set(true);
        let check = self.check.get_value();
        self.draft.with_untracked(|d| check(d)).ok()
    }
}
