//! The shell: header, the product's navigation, and the page the URL's
//! fragment names; around it, the draft kept in this browser (restored at
//! start, saved after every change, or a recovery screen when it cannot be
//! read).
//!
//! The whole console is mounted for the workspace this tab has open (the
//! administrator's own or the sample, [`crate::workspaces`]) and mounted
//! again for the other one when the administrator switches, so nothing of
//! one (store, save loop, publish runs) reaches the other.

use domain::model::Workspace;
use leptos::prelude::*;

use crate::routes::{Page, Route};
use crate::service::Service;
use crate::state::AppState;
use crate::storage::envelope::Slot;
use crate::storage::local::{self, Keeping, Persistence};
use crate::storage::Loaded;
use crate::ui::components::{Notice, Recovery, SampleBadge, SampleBanner, SignInAgain};
use crate::ui::pages::{
    ConnectedApplicationsPage, EnvironmentsPage, HomePage, KeyVaultsPage, SettingsPage,
};
use crate::workspaces::Workspaces;

fn current_route() -> Route {
    Route::from_hash(&window().location().hash().unwrap_or_default())
}

#[component]
pub fn App() -> impl IntoView {
    let workspaces = Workspaces::provide();
    // The tab's title says when the sample is open.
    let title = document().title();
    Effect::new(move |_| {
        document().set_title(&if workspaces.is_sample() {
            format!("Sample — {title}")
        } else {
            title.clone()
        });
    });
    move || {
        let open = workspaces.slot();
        view! { <Console open=open/> }
    }
}

/// The console for one workspace: loaded, kept, and shown.
#[component]
fn Console(open: Slot) -> impl IntoView {
    let slot = open;
    let (loaded, stored) = crate::perf::measure(crate::perf::LOAD_WORKSPACE, || local::load(slot))
        .map_or((None, None), |(l, t)| (Some(l), t));
    // The sample is made fresh when there is none to reopen (or what is
    // stored cannot be read: it is only sample data).
    let fresh = move || match slot {
        Slot::Own => Workspace::new(),
        Slot::Sample => domain::sample::sample_workspace(),
    };
    let (workspace, unreadable, keeping) = match loaded {
        None => (fresh(), None, Keeping::Unavailable),
        Some(Loaded::Empty) => (fresh(), None, Keeping::Saved),
        Some(Loaded::Restored(ws)) => (ws, None, Keeping::Saved),
        Some(Loaded::Unreadable { .. }) if slot == Slot::Sample => (fresh(), None, Keeping::Saved),
        Some(Loaded::Unreadable { text, reason }) => {
            (Workspace::new(), Some((text, reason)), Keeping::Saved)
        }
    };
    let state = AppState::provide(workspace);
    let workspaces = Workspaces::get().expect("the console runs under App");
    // The tab's credentials; publish runs, what the service holds and the
    // sign-in this page load may finish belong to this workspace.
    let service = crate::service::provide(state, workspaces.credentials(), slot == Slot::Sample);
    let unreadable = RwSignal::new(unreadable);
    let keeping = RwSignal::new(keeping);
    let persistence = local::persist(
        slot,
        state,
        keeping,
        stored,
        Signal::derive(move || unreadable.with(Option::is_some)),
    );
    workspaces.mounted(persistence, service.runs);

    move || match unreadable.get() {
        Some((text, reason)) => view! {
            <Header/>
            <main class="app-main">
                <Recovery
                    text=text
                    reason=reason
                    on_start_fresh=Callback::new(move |_| unreadable.set(None))
                />
            </main>
        }
        .into_any(),
        None => view! { <Shell keeping=keeping persistence=persistence/> }.into_any(),
    }
}

#[component]
fn Header() -> impl IntoView {
    view! {
        <header class="app-header">
            <h1>"Electronic invoicing"</h1>
            <p class="app-subtitle">"Service environments administration"</p>
            <SampleBadge/>
        </header>
    }
}

/// What came of the sign-in this page load finished, until dismissed; and,
/// when a call found the sign-in expired, the way to sign in again.
#[component]
fn SignInOutcome() -> impl IntoView {
    let Service {
        finish,
        credentials,
        ..
    } = Service::get();
    let expired = move || {
        credentials.expired.get().then(|| {
            view! {
                <Notice kind="warning">
                    "Your sign-in has expired: the service refuses calls until you sign in again. You come back to this page; your edits are kept."
                    " "
                    <SignInAgain/>
                </Notice>
            }
        })
    };
    let outcome = move || {
        finish.outcome().map(|(signed_in, words)| {
            let kind = if signed_in { "info" } else { "error" };
            view! {
                <Notice kind=kind>
                    {words}
                    " "
                    <button type="button" class="link" on:click=move |_| finish.dismiss()>"Dismiss"</button>
                </Notice>
            }
        })
    };
    view! {
        {outcome}
        {expired}
    }
}

/// What the administrator must know about where their work is kept.
#[component]
fn KeepingBanner(keeping: RwSignal<Keeping>, persistence: Persistence) -> impl IntoView {
    move || {
        match keeping.get() {
        Keeping::Saved => ().into_any(),
        Keeping::Unavailable => view! {
            <Notice kind="warning">
                "This browser does not keep data for this page (storage is disabled or private browsing is on). Your work stays in this tab only: export it before closing the tab."
            </Notice>
        }
        .into_any(),
        Keeping::NotSaved(reason) => view! {
            <Notice kind="error">
                {format!("Your latest changes could not be saved in this browser: {reason}. They are kept in this tab; export the workspace to keep a copy.")}
            </Notice>
        }
        .into_any(),
        Keeping::Conflict => view! {
            <Notice kind="warning">
                "The workspace was also changed in another tab of this browser. Nothing is saved until you choose which version to keep."
                " "
                <button type="button" on:click=move |_| persistence.use_stored()>
                    "Use the other tab's version"
                </button>
                " "
                <button type="button" on:click=move |_| persistence.keep_mine()>
                    "Keep this tab's version"
                </button>
            </Notice>
        }
        .into_any(),
        Keeping::FromOtherTab => view! {
            <Notice kind="info">
                "The workspace was changed in another tab; this tab now shows that version."
                " "
                <button type="button" class="link" on:click=move |_| keeping.set(Keeping::Saved)>
                    "Dismiss"
                </button>
            </Notice>
        }
        .into_any(),
    }
    }
}

#[component]
fn Shell(keeping: RwSignal<Keeping>, persistence: Persistence) -> impl IntoView {
    // The route is shared (pages open the object it names); the page is
    // re-created only when the page itself changes.
    let route = RwSignal::new(current_route());
    provide_context(route);
    // A link or a typed address fires `hashchange`; Back and Forward over
    // the entries the editors push (`history.pushState`) fire `popstate`,
    // and `hashchange` too where the fragment differs: the route follows
    // each once.
    let follow = move || {
        let now = current_route();
        if route.with_untracked(|r| *r != now) {
            route.set(now);
        }
    };
    let handle = window_event_listener(leptos::ev::hashchange, move |_| follow());
    let popped = window_event_listener(leptos::ev::popstate, move |_| follow());
    on_cleanup(move || {
        handle.remove();
        popped.remove();
    });
    let page = Memo::new(move |_| route.with(|r| r.page));

    view! {
        <Header/>
        <div class="app-body">
            <nav class="app-nav" aria-label="Electronic invoicing">
                <ul>
                    {Page::ALL
                        .into_iter()
                        .map(|p| {
                            view! {
                                <li>
                                    <a
                                        href=p.href()
                                        aria-current=move || (page.get() == p).then_some("page")
                                    >
                                        {p.label()}
                                    </a>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </nav>
            <main class="app-main">
                <SampleBanner/>
                <crate::offline::UpdateNote/>
                <KeepingBanner keeping=keeping persistence=persistence/>
                <SignInOutcome/>
                {move || match page.get() {
                    Page::Home => view! { <HomePage/> }.into_any(),
                    Page::KeyVaults => view! { <KeyVaultsPage/> }.into_any(),
                    Page::Environments => view! { <EnvironmentsPage/> }.into_any(),
                    Page::ConnectedApplications => {
                        view! { <ConnectedApplicationsPage/> }.into_any()
                    }
                    Page::Settings => view! { <SettingsPage/> }.into_any(),
                }}
            </main>
        </div>
    }
}
