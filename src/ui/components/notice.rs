//! Messages above a form: what an action could not do, or what to know.

use leptos::prelude::*;

/// A dismissible-by-replacement message: `kind` is `error`, `warning` or
/// `info` (the CSS class and the ARIA role follow from it).
#[component]
pub fn Notice(#[prop(into)] kind: String, children: Children) -> impl IntoView {
    let role = if kind == "error" { "alert" } else { "status" };
    view! {
        <div class=format!("notice notice-{kind}") role=role>
            {children()}
        </div>
    }
}

/// The summary of what blocks an action, one line per problem.
#[component]
pub fn ErrorList(
    #[prop(into)] title: String,
    #[prop(into)] items: Signal<Vec<String>>,
) -> impl IntoView {
    view! {
        <Show when=move || items.with(|i| !i.is_empty())>
            <div class="notice notice-error" role="alert">
                <p>{title.clone()}</p>
                <ul>
                    {move || items.get().into_iter().map(|i| view! { <li>{i}</li> }).collect_view()}
                </ul>
            </div>
        </Show>
    }
}

/// The last action's outcome, if any: what was done (info) or why it was
/// refused (error).
#[component]
pub fn OutcomeNotice(outcome: RwSignal<Option<Result<String, String>>>) -> impl IntoView {
    move || {
        outcome.get().map(|o| match o {
            Ok(m) => view! { <Notice kind="info">{m}</Notice> }.into_any(),
            Err(m) => view! { <Notice kind="error">{m}</Notice> }.into_any(),
        })
    }
}
