//! An environment's Users: who may submit through it. Added one by one
//! (User ID, Email), found with a search, deleted with confirmation; the
//! list is paged so an environment with 10,000 users stays responsive.

use domain::model::UserFormField as F;
use domain::model::{Id, UserDraft};
use leptos::prelude::*;

use super::publish::{refusal, service_errors};
use crate::state::AppState;
use crate::ui::components::{
    delete_question, question_about, Form, OutcomeNotice, Report, TextField,
};

/// Rows shown at once.
const PAGE: usize = 100;

#[component]
pub fn Users(environment: Id) -> impl IntoView {
    let state = AppState::get();
    // What the service said of users at the last publish, read once for
    // all the rows.
    let placed = service_errors(environment);
    let outcome = RwSignal::new(None::<Report>);
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
    // Whether the service refused any user of this environment at the last
    // publish: only then do the rows carry the marks that show it.
    let marks = Memo::new(move |_| placed.with(|p| p.iter().any(|p| p.user_id.is_some())));
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

    // The user whose Delete question is open (their key), for the whole
    // table: a search or a page turn closes it, so it never comes back into
    // view by itself (and never takes the focus from the search box).
    let asking = RwSignal::new(None::<String>);

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
                outcome.set(Some(Report::Done(label)));
                form.restart(UserDraft::default());
            }
            Err(e) => outcome.set(Some(Report::refused(e))),
        }
    };
    let delete =
        move |user_id: String| match state.apply(|ws| ws.remove_user(environment, &user_id)) {
            Ok(()) => outcome.set(Some(Report::Done(format!("User '{user_id}' deleted.")))),
            Err(e) => outcome.set(Some(Report::refused(e))),
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
                        value=form.value(F::UserId)
                        on_input=form.setter(F::UserId)
                        error=form.error(F::UserId)
                    />
                    <TextField
                        id="user-email"
                        label="Email"
                        value=form.value(F::Email)
                        on_input=form.setter(F::Email)
                        error=form.error(F::Email)
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
                            asking.set(None);
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
                        // Keyed by `marks` too: the rows are built anew when
                        // the service's refusals of users come or go.
                        <For
                            each=move || {
                                let marks = marks.get();
                                (0..count.get()).map(move |place| (place, marks))
                            }
                            key=|place| *place
                            children=move |(place, marks)| user_row(places[place], marks, asking, delete)
                        />
                    </tbody>
                </table>
                <Show when=move || { pages.get() > 1 }>
                    <div class="pager">
                        <button type="button" disabled=move || first.get() == 0 on:click=move |_| { asking.set(None); page.update(|p| *p = p.saturating_sub(1)) }>
                            "Previous"
                        </button>
                        <span>{move || format!("Page {} of {}", first.get() / PAGE + 1, pages.get())}</span>
                        <button type="button" disabled=move || { first.get() / PAGE + 1 >= pages.get() } on:click=move |_| { asking.set(None); page.update(|p| *p += 1) }>
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
/// (`row`). `marks`: whether the row can show what the service said of its
/// user at the last publish. Only then does it carry the reactive marks
/// (`aria-invalid`, the message and its id); while the service has refused
/// no user of this environment, which is nearly always, a row is its cells
/// and its Delete only, and the table rebuilds its rows the moment that
/// changes.
fn user_row(
    row: RwSignal<Option<Row>>,
    marks: bool,
    asking: RwSignal<Option<String>>,
    delete: impl Fn(String) + Copy + Send + Sync + 'static,
) -> AnyView {
    let cell = move |text: fn(&Row) -> &str| {
        move || row.with(|r| r.as_ref().map_or(String::new(), |r| text(r).to_owned()))
    };
    if !marks {
        return view! {
            <tr>
                <td data-label="User ID">{cell(|r| &r.user_id)}</td>
                <td data-label="Email">{cell(|r| &r.email)}</td>
                <td>{delete_cell(row, asking, delete)}</td>
            </tr>
        }
        .into_any();
    }
    let refused = Memo::new(move |_| row.with(|r| r.as_ref().and_then(|r| r.refused.clone())));
    let invalid = move || refused.with(Option::is_some);
    let error_id =
        move || row.with(|r| r.as_ref().map(|r| format!("user-{}-service-error", r.key)));
    view! {
        <tr class:invalid=invalid>
            <td data-label="User ID">{cell(|r| &r.user_id)}</td>
            <td
                data-label="Email"
                aria-invalid=move || invalid().then_some("true")
                aria-describedby=move || if invalid() { error_id() } else { None }
            >
                {cell(|r| &r.email)}
                {move || refused.get().map(|m| view! { <span class="field-error" id=error_id>{m}</span> })}
            </td>
            <td>{delete_cell(row, asking, delete)}</td>
        </tr>
    }
    .into_any()
}

/// A row's Delete: it asks about the user the row shows, through the
/// table's one open question (`asking`, that user's key), and the question
/// shows in the row that shows that user, so it closes when the row shows
/// another one. It reads `asking` first and the row only while a question
/// is open: while none is, a new page of users runs nothing here.
fn delete_cell(
    row: RwSignal<Option<Row>>,
    asking: RwSignal<Option<String>>,
    delete: impl Fn(String) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let asked = move || {
        asking.with(|a| {
            a.as_ref()
                .is_some_and(|k| row.with(|r| r.as_ref().is_some_and(|r| &r.key == k)))
        })
    };
    let user_id = move || row.with_untracked(|r| r.as_ref().map(|r| r.user_id.clone()));
    view! {
        <button
            type="button"
            class="danger"
            aria-expanded=move || if asked() { "true" } else { "false" }
            on:click=move |_| asking.set(row.with_untracked(|r| r.as_ref().map(|r| r.key.clone())))
        >
            "Delete"
        </button>
        {move || asked().then(|| delete_question(
            move || question_about(&format!("user '{}'", user_id().unwrap_or_default())),
            None,
            move || {
                asking.set(None);
                if let Some(user_id) = user_id() {
                    delete(user_id);
                }
            },
            move || asking.set(None),
        ))}
    }
}
