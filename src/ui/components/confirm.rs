//! Delete, asked twice: the first press shows what will go and moves focus
//! to the confirmation, the second deletes. Inline rather than
//! `window.confirm`, so it is styled, announced, and testable.
//!
//! [`ConfirmDelete`] is the button and its question, each with its own
//! state. Its question is about what `what` named when Delete was pressed,
//! and closes by itself when `what` changes (an object renamed meanwhile),
//! so it is never answered for something it did not name. It reads `what`
//! only while a question is open, so a row whose text changes runs nothing
//! here.
//!
//! [`delete_question`] is the question alone, for a list that keeps one
//! open question for all its rows (the Users table: 100 rows on a page,
//! each with a plain Delete button and no state of its own).

use leptos::html;
use leptos::prelude::*;

#[component]
pub fn ConfirmDelete(
    /// What goes, in words: "Key Vault reference 'ContosoKV'".
    #[prop(into)]
    what: Signal<String>,
    #[prop(into)] on_confirm: Callback<()>,
    /// The first button's label (default "Delete").
    #[prop(optional, into)]
    label: Option<String>,
    /// The question asked (default "Delete {what}? This cannot be undone.").
    #[prop(optional, into)]
    question: Option<String>,
    /// The confirming button's label (default "Yes, delete").
    #[prop(optional, into)]
    confirm: Option<String>,
) -> impl IntoView {
    // What the open question is about, if one is open.
    let asked = RwSignal::new(None::<String>);
    let asking = move || asked.with(|a| a.as_deref().is_some_and(|a| what.with(|w| a == w)));
    let ask = move |_| asked.set(Some(what.get_untracked()));
    view! {
        <button
            type="button"
            class="danger"
            aria-expanded=move || if asking() { "true" } else { "false" }
            on:click=ask
        >
            {label.unwrap_or_else(|| "Delete".into())}
        </button>
        {move || asking().then(|| {
            let question = question.clone();
            delete_question(
                move || question.clone().unwrap_or_else(|| what.with(|w| question_about(w))),
                confirm.clone(),
                move || {
                    asked.set(None);
                    on_confirm.run(());
                },
                move || asked.set(None),
            )
        })}
    }
}

/// The question a Delete asks about `what` ("user 'ben'"), unless told
/// otherwise.
pub fn question_about(what: &str) -> String {
    format!("Delete {what}? This cannot be undone.")
}

/// The open question of a Delete: its words, the confirming button (which
/// takes the focus as soon as the question is on the page) and Cancel
/// (which gives the focus back to the Delete button that asked).
///
/// It must be placed right after that Delete button, as [`ConfirmDelete`]
/// places it: Cancel finds the button as the question's previous element.
pub fn delete_question(
    question: impl Fn() -> String + Send + Sync + 'static,
    confirm: Option<String>,
    on_yes: impl Fn() + Send + Sync + 'static,
    on_cancel: impl Fn() + Send + Sync + 'static,
) -> impl IntoView {
    let confirm_ref = NodeRef::<html::Button>::new();
    let dialog_ref = NodeRef::<html::Div>::new();
    // Built now and mounted when this rendering returns: the focus moves on
    // the microtask after it, before anything is painted.
    leptos::prelude::queue_microtask(move || {
        if let Some(button) = confirm_ref.get_untracked() {
            let _ = button.focus();
        }
    });
    let cancel = move |_| {
        // The Delete button, before the question leaves the page.
        let asker = dialog_ref
            .get_untracked()
            .and_then(|dialog| dialog.previous_element_sibling());
        on_cancel();
        if let Some(button) =
            asker.and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
        {
            let _ = button.focus();
        }
    };
    view! {
        <div class="confirm" role="alertdialog" aria-label="Confirm deletion" node_ref=dialog_ref>
            <p>{question}</p>
            <button
                type="button"
                class="danger"
                node_ref=confirm_ref
                on:click=move |_| on_yes()
            >
                {confirm.unwrap_or_else(|| "Yes, delete".into())}
            </button>
            <button type="button" on:click=cancel>"Cancel"</button>
        </div>
    }
}
