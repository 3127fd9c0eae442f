//! An environment's Users: who may submit through it. Added one by one
//! (User ID, Email), found with a search, deleted with confirmation; the
//! list is paged so an environment with 10,000 users stays responsive.

use domain::model::{Id, UserDraft};
use leptos::prelude::*;

use super::publish::{refusal, service_errors};
use crate::service::Session;
use crate::state::AppState;
use crate::ui::components::{ConfirmDelete, Form, OutcomeNotice, TextField};

/// Rows shown at once.
const PAGE: usize = 100;

#[component]
pub fn Users(environment: Id) -> impl IntoView {
    let state = AppState::get();
    // What the service said of users at the last publish, read once for
    // all the rows.
    let placed = service_errors(Session::get(), environment);
    let outcome = RwSignal::new(None::<Result<String, String>>);
    let filter = RwSignal::new(String::new());
    let page = RwSignal::new(0usize);
    // Positions of the users the search matches, in order: the domain
    // compares without regard to case and copies nothing per user.
    let matching = Memo::new(move |_| {
        filter.with(|query| {
            state.workspace.with(|ws| {
                ws.environment(environment)
                    .map(|env| env.users_matching(query))
                    .unwrap_or_default()
            })
        })
    });
    let total = Memo::new(move |_| {
        state
            .workspace
            .with(|ws| ws.environment(environment).map_or(0, |e| e.users().len()))
    });
    let pages = Memo::new(move |_| matching.with(|m| m.len().div_ceil(PAGE).max(1)));
    let first = Memo::new(move |_| page.get().min(pages.get() - 1) * PAGE);
    // The rows of the page, each with what the service said of it at the
    // last publish.
    let shown = Memo::new(move |_| {
        let start = first.get();
        matching.with(|m| {
            placed.with(|refusals| {
                state.workspace.with(|ws| {
                    let Some(env) = ws.environment(environment) else {
                        return Vec::new();
                    };
                    m.iter()
                        .skip(start)
                        .take(PAGE)
                        .map(|&i| {
                            let user = &env.users()[i];
                            let refused = refusals
                                .iter()
                                .find(|p| p.user_id.as_deref() == Some(user.user_id.as_str()))
                                .map(|p| refusal(&p.detail));
                            Row {
                                key: user.key(),
                                user_id: user.user_id.to_string(),
                                email: user.email.to_string(),
                                refused,
                            }
                        })
                        .collect::<Vec<_>>()
                })
            })
        })
    });
    // What each place on the page shows, written from `shown` by one
    // effect: every row listens to its own signal only, so a new page of
    // users notifies each row once, not 100 rows of one shared source.
    // They start with the first page, so the table is whole when the page
    // is first laid out (the effect's first run then changes nothing).
    let places: [RwSignal<Option<Row>>; PAGE] = shown.with_untracked(|rows| {
        std::array::from_fn(|place| RwSignal::new(rows.get(place).cloned()))
    });
    let count = RwSignal::new(shown.with_untracked(Vec::len));
    Effect::new(move |_| {
        shown.with(|rows| {
            for (place, signal) in places.iter().enumerate() {
                let now = rows.get(place);
                signal.maybe_update(|shown| {
                    let changed = shown.as_ref() != now;
                    if changed {
                        *shown = now.cloned();
                    }
                    changed
                });
            }
            count.set(rows.len());
        })
    });
    let range = move || {
        let count = matching.with(Vec::len);
        match count {
            0 => String::new(),
            _ => format!(
                "Showing {}–{} of {count}",
                first.get() + 1,
                (first.get() + PAGE).min(count)
            ),
        }
    };

    let form = Form::new(UserDraft::default(), move |d: &UserDraft| {
        state.workspace.with(|ws| d.check(ws, environment))
    });
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        outcome.set(None);
        let Some(user) = form.submit() else { return };
        let label = format!("User '{}' added.", user.user_id);
        match state.apply(|ws| ws.add_user(environment, user)) {
            Ok(()) => {
                outcome.set(Some(Ok(label)));
                form.restart(UserDraft::default());
            }
            Err(e) => outcome.set(Some(Err(e.to_string()))),
        }
    };
    let delete =
        move |user_id: String| match state.apply(|ws| ws.remove_user(environment, &user_id)) {
            Ok(()) => outcome.set(Some(Ok(format!("User '{user_id}' deleted.")))),
            Err(e) => outcome.set(Some(Err(e.to_string()))),
        };

    view! {
        <section class="subsection" aria-labelledby="users-title">
            <h4 id="users-title">{move || format!("Users ({})", total.get())}</h4>
            <p class="field-hint">
                "Who may submit electronic invoices through this environment. Changes take effect when the environment is published."
            </p>
            <OutcomeNotice outcome=outcome/>
            <form class="editor nested" on:submit=add novalidate aria-label="Add a user">
                <div class="inline">
                    <TextField
                        id="user-id"
                        label="User ID"
                        hint="The alias: the part of the sign-in name before @."
                        value=form.value(|d| &d.user_id)
                        on_input=form.setter("userId", |d, v| d.user_id = v)
                        error=form.error("userId")
                    />
                    <TextField
                        id="user-email"
                        label="Email"
                        value=form.value(|d| &d.email)
                        on_input=form.setter("email", |d, v| d.email = v)
                        error=form.error("email")
                    />
                    <button type="submit" class="primary">"Add"</button>
                </div>
            </form>
            <Show when=move || { total.get() > 0 }>
                <div class="field search">
                    <label for="users-filter">"Search users"</label>
                    <input
                        id="users-filter"
                        type="search"
                        prop:value=move || filter.get()
                        on:input=move |ev| {
                            filter.set(event_target_value(&ev));
                            page.set(0);
                        }
                    />
                </div>
                <p class="field-hint" aria-live="polite">{range}</p>
                <table class="grid" aria-label="Users">
                    <thead>
                        <tr>
                            <th scope="col">"User ID"</th>
                            <th scope="col">"Email"</th>
                            <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        // One table row per place on the page, each showing
                        // whichever user is at that place: a search or a
                        // page turn changes the text of the rows on screen
                        // instead of building 100 new ones (see `user_row`).
                        <For
                            each=move || 0..count.get()
                            key=|place| *place
                            children=move |place| user_row(places[place], delete)
                        />
                    </tbody>
                </table>
                <Show when=move || { pages.get() > 1 }>
                    <div class="pager">
                        <button type="button" disabled=move || first.get() == 0 on:click=move |_| page.update(|p| *p = p.saturating_sub(1))>
                            "Previous"
                        </button>
                        <span>{move || format!("Page {} of {}", first.get() / PAGE + 1, pages.get())}</span>
                        <button type="button" disabled=move || { first.get() / PAGE + 1 >= pages.get() } on:click=move |_| page.update(|p| *p += 1)>
                            "Next"
                        </button>
                    </div>
                </Show>
            </Show>
        </section>
    }
}

/// One row of the Users table, as shown.
#[derive(Clone, PartialEq)]
struct Row {
    /// The User ID without regard to case: the row's key.
    key: String,
    user_id: String,
    email: String,
    /// What the service said of this user at the last publish.
    refused: Option<String>,
}

/// A row of the page: its cells follow whichever user is at its place
/// (`row`), and so does its Delete, whose open question closes when the row
/// shows another user ([`ConfirmDelete`]).
fn user_row(
    row: RwSignal<Option<Row>>,
    delete: impl Fn(String) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let cell = move |text: fn(&Row) -> &str| {
        move || row.with(|r| r.as_ref().map_or(String::new(), |r| text(r).to_owned()))
    };
    let refused = Memo::new(move |_| row.with(|r| r.as_ref().and_then(|r| r.refused.clone())));
    let invalid = move || refused.with(Option::is_some);
    let key = Memo::new(move |_| row.with(|r| r.as_ref().map(|r| r.key.clone())));
    let error_id = move || key.with(|k| k.as_ref().map(|k| format!("user-{k}-service-error")));
    view! {
        <tr class:invalid=invalid>
            <td>{cell(|r| &r.user_id)}</td>
            <td
                aria-invalid=move || invalid().then_some("true")
                aria-describedby=move || if invalid() { error_id() } else { None }
            >
                {cell(|r| &r.email)}
                {move || refused.get().map(|m| view! { <span class="field-error" id=error_id>{m}</span> })}
            </td>
            <td>
                <ConfirmDelete
                    what=Signal::derive(move || {
                        row.with(|r| r.as_ref().map(|r| format!("user '{}'", r.user_id)).unwrap_or_default())
                    })
                    on_confirm=Callback::new(move |_| {
                        if let Some(user_id) = row.with_untracked(|r| r.as_ref().map(|r| r.user_id.clone())) {
                            delete(user_id);
                        }
                    })
                />
            </td>
        </tr>
    }
}
