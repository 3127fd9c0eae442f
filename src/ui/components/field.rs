//! A labelled input with its validation message next to it.
//!
//! The message is tied to the input for assistive technology
//! (`aria-invalid`, `aria-describedby`) and announced politely as it
//! changes; it is plain text (the domain's words), never markup.

use leptos::prelude::*;

/// A text input (or textarea when `multiline`) with label, optional hint
/// and the current error, if any.
#[component]
pub fn TextField(
    /// The input's DOM id; the message's id is `{id}-error`.
    #[prop(into)]
    id: String,
    #[prop(into)] label: String,
    #[prop(into)] value: Signal<String>,
    #[prop(into)] on_input: Callback<String>,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(optional, into)] hint: Option<String>,
    #[prop(optional)] multiline: bool,
    #[prop(optional)] required: bool,
    /// Takes the focus when shown (the first field of a new object's form).
    #[prop(optional)]
    autofocus: bool,
) -> impl IntoView {
    let input_ref = NodeRef::<leptos::html::Input>::new();
    if autofocus {
        Effect::new(move |_| {
            if let Some(input) = input_ref.get() {
                super::focus::take(&input);
            }
        });
    }
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let described_by = {
        let (error_id, hint_id, has_hint) = (error_id.clone(), hint_id.clone(), hint.is_some());
        move || {
            let mut ids = Vec::new();
            if error.with(Option::is_some) {
                ids.push(error_id.clone());
            }
            if has_hint {
                ids.push(hint_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let invalid = move || {
        if error.with(Option::is_some) {
            "true"
        } else {
            "false"
        }
    };
    let input = if multiline {
        view! {
            <textarea
                id=id.clone()
                rows="3"
                prop:value=move || value.get()
                on:input=move |ev| on_input.run(event_target_value(&ev))
                aria-invalid=invalid
                aria-describedby=described_by
                aria-required=required.then_some("true")
            ></textarea>
        }
        .into_any()
    } else {
        view! {
            <input
                id=id.clone()
                node_ref=input_ref
                type="text"
                autocomplete="off"
                spellcheck="false"
                prop:value=move || value.get()
                on:input=move |ev| on_input.run(event_target_value(&ev))
                aria-invalid=invalid
                aria-describedby=described_by
                aria-required=required.then_some("true")
            />
        }
        .into_any()
    };
    view! {
        <div class="field" class:field-invalid=move || error.with(Option::is_some)>
            <label for=id>{label}{required.then_some(view! { <span class="required" aria-hidden="true">" *"</span> })}</label>
            {input}
            {hint.map(|h| view! { <p class="field-hint" id=hint_id>{h}</p> })}
            <p class="field-error" id=error_id aria-live="polite">
                {move || error.get()}
            </p>
        </div>
    }
}

/// A labelled select of `(value, label)` options.
#[component]
pub fn SelectField(
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    #[prop(into)] options: Signal<Vec<(String, String)>>,
    #[prop(into)] value: Signal<String>,
    #[prop(into)] on_change: Callback<String>,
    #[prop(optional, into)] hint: Option<String>,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    let described_by = hint.is_some().then(|| hint_id.clone());
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <select
                id=id
                on:change=move |ev| on_change.run(event_target_value(&ev))
                aria-describedby=described_by
            >
                {move || {
                    let current = value.get();
                    options
                        .get()
                        .into_iter()
                        .map(|(v, l)| {
                            let selected = v == current;
                            view! { <option value=v selected=selected>{l}</option> }
                        })
                        .collect_view()
                }}
            </select>
            {hint.map(|h| view! { <p class="field-hint" id=hint_id>{h}</p> })}
        </div>
    }
}
