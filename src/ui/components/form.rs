//! The state of one form: the domain draft being typed, which fields the
//! administrator has touched, and the domain's messages for it.
//!
//! A field's message shows once that field has been typed in (or after a
//! Save attempt), so an empty form does not open covered in errors, and a
//! bad value is flagged as it is typed. The messages come from a check the
//! page passes in: a domain draft's `check`, nothing else.

use domain::model::FieldErrors;
use leptos::prelude::*;

pub struct Form<D: Send + Sync + 'static> {
    pub draft: RwSignal<D>,
    touched: RwSignal<Vec<&'static str>>,
    errors: Memo<FieldErrors>,
}

impl<D: Send + Sync + 'static> Clone for Form<D> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<D: Send + Sync + 'static> Copy for Form<D> {}

impl<D: Clone + PartialEq + Send + Sync + 'static> Form<D> {
    /// `check` gives the draft's field errors (empty when it may be saved);
    /// it may read other signals (the workspace, for uniqueness).
    pub fn new(initial: D, check: impl Fn(&D) -> FieldErrors + Send + Sync + 'static) -> Self {
        let draft = RwSignal::new(initial);
        Form {
            draft,
            touched: RwSignal::new(Vec::new()),
            errors: Memo::new(move |_| draft.with(&check)),
        }
    }

    /// The current text of one field.
    pub fn value(&self, get: fn(&D) -> &String) -> Signal<String> {
        let draft = self.draft;
        Signal::derive(move || draft.with(|d| get(d).clone()))
    }

    /// Sets one field as typed and marks it touched.
    pub fn setter(&self, field: &'static str, set: fn(&mut D, String)) -> Callback<String> {
        let (draft, touched) = (self.draft, self.touched);
        Callback::new(move |text: String| {
            draft.update(|d| set(d, text));
            if !touched.with_untracked(|t| t.contains(&field)) {
                touched.update(|t| t.push(field));
            }
        })
    }

    /// The message to show next to `field`, once it has been touched.
    pub fn error(&self, field: &'static str) -> Signal<Option<String>> {
        let (errors, touched) = (self.errors, self.touched);
        Signal::derive(move || {
            if touched.with(|t| t.contains(&field)) {
                errors.with(|e| e.get(field).map(str::to_string))
            } else {
                None
            }
        })
    }

    /// Every message, for the summary shown after a Save attempt.
    pub fn all_errors(&self) -> Signal<Vec<String>> {
        let (errors, touched) = (self.errors, self.touched);
        Signal::derive(move || {
            touched.with(|t| {
                errors.with(|e| {
                    e.iter()
                        .filter(|(f, _)| t.contains(f))
                        .map(|(_, m)| m.to_string())
                        .collect()
                })
            })
        })
    }

    /// Shows every field's message (a Save attempt).
    pub fn touch(&self, fields: &[&'static str]) {
        self.touched.update(|t| {
            for f in fields {
                if !t.contains(f) {
                    t.push(f);
                }
            }
        });
    }

    /// Starts over with `draft`, nothing touched.
    pub fn reset(&self, draft: D) {
        self.draft.set(draft);
        self.touched.set(Vec::new());
    }
}
