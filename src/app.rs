//! The shell: header, the product's navigation, and the page the URL's
//! fragment names; around it, the draft kept in this browser (restored at
//! start, saved after every change, or a recovery screen when it cannot be
//! read).

use domain::model::Workspace;
use leptos::prelude::*;

use crate::routes::{Page, Route};
use crate::service::Session;
use crate::state::AppState;
use crate::storage::local::{self, Keeping, Persistence};
use crate::storage::Loaded;
use crate::ui::components::{Notice, Recovery};
use crate::ui::pages::{ConnectedApplicationsPage, EnvironmentsPage, KeyVaultsPage, SettingsPage};

fn current_route() -> Route {
    Route::from_hash(&window().location().hash().unwrap_or_default())
}

#[component]
pub fn App() -> impl IntoView {
    let (loaded, stored) = crate::perf::measure(crate::perf::LOAD_WORKSPACE, local::load)
        .map_or((None, None), |(l, t)| (Some(l), t));
    let (workspace, unreadable, keeping) = match loaded {
        None => (Workspace::new(), None, Keeping::Unavailable),
        Some(Loaded::Empty) => (Workspace::new(), None, Keeping::Saved),
        Some(Loaded::Restored(ws)) => (ws, None, Keeping::Saved),
        Some(Loaded::Unreadable { text, reason }) => {
            (Workspace::new(), Some((text, reason)), Keeping::Saved)
        }
    };
    let state = AppState::provide(workspace);
    Session::provide();
    let unreadable = RwSignal::new(unreadable);
    let keeping = RwSignal::new(keeping);
    let persistence = local::persist(
        state,
        keeping,
        stored,
        Signal::derive(move || unreadable.with(Option::is_some)),
    );

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
        </header>
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
    let handle = window_event_listener(leptos::ev::hashchange, move |_| {
        route.set(current_route());
    });
    on_cleanup(move || handle.remove());
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
                <KeepingBanner keeping=keeping persistence=persistence/>
                {move || match page.get() {
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
