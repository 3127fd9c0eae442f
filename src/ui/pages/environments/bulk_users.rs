//! Many users at once: lines `alias,email` pasted (`;` or tab work too, as
//! spreadsheets write them) or a CSV file. Every good line is added; each
//! bad one is reported with its line number and left in the box to fix.

use domain::import::parse_users;
use domain::model::Id;
use leptos::prelude::*;

use crate::files::read_chosen;
use crate::state::AppState;

#[component]
pub fn BulkUsers(environment: Id) -> impl IntoView {
    let state = AppState::get();
    let text = RwSignal::new(String::new());
    let added = RwSignal::new(None::<usize>);
    let problems = RwSignal::new(Vec::<String>::new());

    let add_all = move |pasted: String| {
        let parsed = parse_users(&pasted);
        match state.apply(|ws| ws.add_users(environment, parsed)) {
            Ok(report) => {
                added.set(Some(report.added));
                // What was refused stays in the box, to correct and add again.
                text.set(
                    report
                        .rejected
                        .iter()
                        .map(|p| p.text.clone())
                        .collect::<Vec<_>>()
                        .join("\n"),
                );
                problems.set(report.rejected.into_iter().map(|p| p.message).collect());
            }
            Err(e) => problems.set(vec![e.to_string()]),
        }
    };
    let read_file = move |ev: leptos::ev::Event| {
        leptos::task::spawn_local(async move {
            match read_chosen(&ev).await {
                Some(Ok(content)) => add_all(content),
                Some(Err(e)) => problems.set(vec![e.to_string()]),
                None => {}
            }
        });
    };

    view! {
        <details class="bulk">
            <summary>"Add many users"</summary>
            <div class="field">
                <label for="bulk-users">"Users, one per line: User ID,Email"</label>
                <textarea
                    id="bulk-users"
                    rows="6"
                    spellcheck="false"
                    placeholder="ana,ana@contoso.com\nben,ben@contoso.com"
                    prop:value=move || text.get()
                    on:input=move |ev| text.set(event_target_value(&ev))
                    aria-describedby="bulk-users-result"
                ></textarea>
            </div>
            <div class="actions">
                <button type="button" class="primary" on:click=move |_| add_all(text.get_untracked())>
                    "Add users"
                </button>
                <label class="button file" for="bulk-users-file">"Add from a CSV file"</label>
                <input
                    id="bulk-users-file"
                    class="visually-hidden"
                    type="file"
                    accept=".csv,.txt,text/csv,text/plain"
                    on:change=read_file
                />
            </div>
            <div id="bulk-users-result" aria-live="polite">
                {move || added.get().map(|n| view! {
                    <p class="notice notice-info">{format!("{n} user{} added.", if n == 1 { "" } else { "s" })}</p>
                })}
                <Show when=move || problems.with(|p| !p.is_empty())>
                    <div class="notice notice-error">
                        <p>"These lines were not added (they are left above to correct):"</p>
                        <ul>{move || problems.get().into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
                    </div>
                </Show>
            </div>
        </details>
    }
}
