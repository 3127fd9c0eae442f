//! Messages above a form: what an action could not do, or what to know.

use std::fmt::Display;

use leptos::prelude::*;

/// What to tell the administrator after an action: that it was done, or
/// why it was refused (in the words of the typed error that refused it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Report {
    Done(String),
    Refused(String),
}

impl Report {
    pub fn done(words: impl Display) -> Report {
        Report::Done(words.to_string())
    }

    pub fn refused(why: impl Display) -> Report {
        Report::Refused(why.to_string())
    }

    /// What came of an action whose outcome and error say themselves.
    pub fn of<T: Display, E: Display>(result: &Result<T, E>) -> Report {
        match result {
            Ok(done) => Report::done(done),
            Err(why) => Report::refused(why),
        }
    }
}

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
pub fn OutcomeNotice(#[prop(into)] outcome: Signal<Option<Report>>) -> impl IntoView {
    move || {
        outcome.get().map(|o| match o {
            Report::Done(m) => view! { <Notice kind="info">{m}</Notice> }.into_any(),
            Report::Refused(m) => view! { <Notice kind="error">{m}</Notice> }.into_any(),
        })
    }
}
