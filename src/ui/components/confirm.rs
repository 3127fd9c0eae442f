//! Delete, asked twice: the first press shows what will go and moves focus
//! to the confirmation, the second deletes. Inline rather than
//! `window.confirm`, so it is styled, announced, and testable.
//!
//! Lists render one per row (100 users on a page), so it holds no effect
//! and no memo of its own: one signal, and the confirmation built only
//! while asked. The question is about what `what` named when Delete was
//! pressed, and closes by itself when `what` changes (a row that now shows
//! another user, an object renamed meanwhile), so it is never answered for
//! something it did not name.

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
    let asking = move || asked.with(|a| what.with(|w| a.as_deref() == Some(w.as_str())));
    let confirm_ref = NodeRef::<html::Button>::new();
    let ask_ref = NodeRef::<html::Button>::new();
    let ask = move |_| asked.set(Some(what.get_untracked()));
    let cancel = move |_| {
        asked.set(None);
        if let Some(button) = ask_ref.get() {
            let _ = button.focus();
        }
    };
    view! {
        <button
            type="button"
            class="danger"
            node_ref=ask_ref
            aria-expanded=move || if asking() { "true" } else { "false" }
            on:click=ask
        >
            {label.unwrap_or_else(|| "Delete".into())}
        </button>
        {move || asking().then(|| {
            // Built now and mounted when this rendering returns: the focus
            // moves on the microtask after it, before anything is painted.
            leptos::prelude::queue_microtask(move || {
                if let Some(button) = confirm_ref.get_untracked() {
                    let _ = button.focus();
                }
            });
            view! {
            <div class="confirm" role="alertdialog" aria-label="Confirm deletion">
                <p>
                    {
                        let question = question.clone();
                        move || question.clone().unwrap_or_else(|| format!("Delete {}? This cannot be undone.", what.get()))
                    }
                </p>
                <button
                    type="button"
                    class="danger"
                    node_ref=confirm_ref
                    on:click=move |_| {
                        asked.set(None);
                        on_confirm.run(());
                    }
                >
                    {confirm.clone().unwrap_or_else(|| "Yes, delete".into())}
                </button>
                <button type="button" on:click=cancel>"Cancel"</button>
            </div>
            }
        })}
    }
}
