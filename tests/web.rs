//! Components in a real browser (headless Chromium through
//! wasm-bindgen-test-runner): mount a page, type and click through the DOM
//! as a person would, and assert what they would see.
#![cfg(target_arch = "wasm32")]

use domain::answers::Revision;
use domain::model::{EntryInput, EntryType, KeyVaultReferenceInput, User};
use domain::model::{EnvironmentInput, Publication, SecretRef, Workspace};
use domain::values::{Description, Email, EnvironmentName, KeyVaultUri, Name, SecretName, UserId};
use einvoicing_console::service::{self, Credentials};
use einvoicing_console::state::AppState;
use einvoicing_console::ui::pages::{EnvironmentsPage, HomePage, KeyVaultsPage};
use einvoicing_console::App;
use leptos::prelude::*;
use leptos::task::tick;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, Event, EventInit, HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

/// A view mounted in a container of its own. Dropped at the end of its
/// test, passed or failed, it unmounts the view (its effects, listeners and
/// save loop go with it) and removes the container, so no test sees a page
/// another test left behind.
struct Mounted {
    root: Element,
    view: Option<Box<dyn std::any::Any>>,
}

impl std::ops::Deref for Mounted {
    type Target = Element;
    fn deref(&self) -> &Element {
        &self.root
    }
}

impl Drop for Mounted {
    fn drop(&mut self) {
        drop(self.view.take());
        self.root.remove();
    }
}

/// Mounts `view` in a fresh container of its own.
fn mount<V: IntoView + 'static>(view: impl FnOnce() -> V + 'static) -> Mounted {
    let document = document();
    let container = document.create_element("section").unwrap();
    document.body().unwrap().append_child(&container).unwrap();
    let handle = leptos::mount::mount_to(container.clone().unchecked_into(), view);
    Mounted {
        root: container,
        view: Some(Box::new(handle)),
    }
}

/// The whole console, as a first visit at `hash` finds it: nothing stored
/// in this browser, nothing in this tab's session (see [`fresh_browser`]).
fn mount_app(hash: &str) -> Mounted {
    fresh_browser();
    window().location().set_hash(hash).unwrap();
    mount(App)
}

/// This browser as a first visit finds it: no stored draft or marks, no
/// workspace remembered open in this tab, no address fragment.
fn fresh_browser() {
    local_storage().clear().unwrap();
    window()
        .session_storage()
        .unwrap()
        .unwrap()
        .clear()
        .unwrap();
    window().location().set_hash("").unwrap();
}

/// Lets every effect a change set off run (a property update can land a
/// scheduler turn after the text it depends on).
async fn settle() {
    for _ in 0..3 {
        tick().await;
    }
}

fn find(root: &Element, selector: &str) -> Element {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("nothing matches {selector}"))
}

fn button(root: &Element, text: &str) -> HtmlElement {
    let buttons = root.query_selector_all("button").unwrap();
    (0..buttons.length())
        .filter_map(|i| buttons.item(i))
        .map(|b| b.unchecked_into::<HtmlElement>())
        .find(|b| b.text_content().unwrap_or_default().trim() == text)
        .unwrap_or_else(|| panic!("no button {text}"))
}

/// Replaces an input's text and fires `input`, as typing does.
fn type_into(root: &Element, selector: &str, text: &str) {
    let input: HtmlInputElement = find(root, selector).unchecked_into();
    input.set_value(text);
    let init = EventInit::new();
    init.set_bubbles(true);
    input
        .dispatch_event(&Event::new_with_event_init_dict("input", &init).unwrap())
        .unwrap();
}

fn text(root: &Element, selector: &str) -> String {
    find(root, selector).text_content().unwrap_or_default()
}

fn attr(root: &Element, selector: &str, name: &str) -> Option<String> {
    find(root, selector).get_attribute(name)
}

#[wasm_bindgen_test]
async fn the_shell_shows_the_products_navigation() {
    let root = mount_app("");
    settle().await;
    let nav = text(&root, "nav");
    for label in [
        "Set-up",
        "Key Vault parameters",
        "Service environments",
        "Connected applications",
        "Settings",
    ] {
        assert!(nav.contains(label), "navigation lacks {label}: {nav}");
    }
}

#[wasm_bindgen_test]
async fn a_bad_key_vault_uri_shows_the_rule_next_to_the_field_and_a_good_one_clears_it() {
    let root = mount(|| {
        AppState::provide(Workspace::new());
        view! { <KeyVaultsPage/> }
    });
    button(&root, "New").click();
    settle().await;

    // Nothing is flagged before the administrator types.
    assert_eq!(text(&root, "#kv-uri-error"), "");
    assert_eq!(
        attr(&root, "#kv-uri", "aria-invalid").as_deref(),
        Some("false")
    );

    type_into(&root, "#kv-uri", "https://ab.vault.azure.net/");
    settle().await;
    assert_eq!(
        text(&root, "#kv-uri-error"),
        "The vault name must be 3 to 24 characters; 'ab' has 2."
    );
    assert_eq!(
        attr(&root, "#kv-uri", "aria-invalid").as_deref(),
        Some("true")
    );
    // While typing, the message sits at the field; no summary yet.
    assert!(root.query_selector(".notice-error").unwrap().is_none());
    let described = attr(&root, "#kv-uri", "aria-describedby").unwrap();
    assert!(
        described.split(' ').any(|id| id == "kv-uri-error"),
        "{described}"
    );

    type_into(
        &root,
        "#kv-uri",
        "https://contoso-einvoicing.vault.azure.net/",
    );
    settle().await;
    assert_eq!(text(&root, "#kv-uri-error"), "");
    assert_eq!(
        attr(&root, "#kv-uri", "aria-invalid").as_deref(),
        Some("false")
    );
}

#[wasm_bindgen_test]
async fn a_pasted_secret_identifier_offers_the_vault_part() {
    let root = mount(|| {
        AppState::provide(Workspace::new());
        view! { <KeyVaultsPage/> }
    });
    button(&root, "New").click();
    settle().await;
    type_into(
        &root,
        "#kv-uri",
        "https://contoso-einvoicing.vault.azure.net/secrets/einvoicing-sas/0123456789abcdef",
    );
    settle().await;
    assert!(!text(&root, "#kv-uri-error").is_empty());
    button(&root, "Use https://contoso-einvoicing.vault.azure.net/").click();
    settle().await;
    let input: HtmlInputElement = find(&root, "#kv-uri").unchecked_into();
    assert_eq!(input.value(), "https://contoso-einvoicing.vault.azure.net/");
    assert_eq!(text(&root, "#kv-uri-error"), "");
}

#[wasm_bindgen_test]
async fn save_adds_the_reference_to_the_list_and_a_duplicate_name_is_flagged() {
    let state = AppState::new(Workspace::new());
    let root = mount(move || {
        provide_context(state);
        service::provide(state, Credentials::new(), false);
        view! { <KeyVaultsPage/> }
    });
    button(&root, "New").click();
    settle().await;
    // Save with nothing typed: every required field says what it needs,
    // and nothing is saved.
    button(&root, "Save").click();
    settle().await;
    assert!(!text(&root, "#kv-name-error").is_empty());
    assert!(!text(&root, "#kv-uri-error").is_empty());
    let summary = text(&root, ".notice-error");
    assert!(
        summary.contains("Correct these fields before saving"),
        "{summary}"
    );
    assert!(summary.contains("Enter the Key Vault URI"), "{summary}");
    assert_eq!(
        state
            .workspace
            .with_untracked(|ws| ws.key_vault_references().len()),
        0
    );

    type_into(&root, "#kv-name", "ContosoKV");
    type_into(
        &root,
        "#kv-uri",
        "https://contoso-einvoicing.vault.azure.net",
    );
    settle().await;
    button(&root, "Save").click();
    settle().await;
    assert!(text(&root, "table").contains("ContosoKV"));
    assert!(text(&root, "table").contains("https://contoso-einvoicing.vault.azure.net/"));
    assert!(text(&root, ".notice").contains("saved"));

    button(&root, "New").click();
    settle().await;
    type_into(&root, "#kv-name", "contosokv");
    settle().await;
    assert!(text(&root, "#kv-name-error").contains("already exists"));
}

/// A workspace with UAT published as it stands.
fn published_uat() -> Workspace {
    let mut ws = Workspace::new();
    let kv = ws
        .add_reference(KeyVaultReferenceInput {
            name: Name::parse("ContosoKV").unwrap(),
            description: Description::parse("").unwrap(),
            uri: KeyVaultUri::parse("https://contoso-einvoicing.vault.azure.net/").unwrap(),
        })
        .unwrap();
    let sas = ws
        .add_entry(
            kv,
            EntryInput {
                name: SecretName::parse("einvoicing-sas").unwrap(),
                description: Description::parse("").unwrap(),
                entry_type: EntryType::Secret,
            },
        )
        .unwrap();
    let uat = ws
        .add_environment(EnvironmentInput {
            name: EnvironmentName::parse("UAT").unwrap(),
            description: Description::parse("Validation").unwrap(),
            dataverse_endpoint: None,
        })
        .unwrap();
    ws.set_storage_sas_secret(
        uat,
        Some(SecretRef {
            reference: kv,
            entry: sas,
        }),
    )
    .unwrap();
    ws.add_user(
        uat,
        User {
            user_id: UserId::parse("ana").unwrap(),
            email: Email::parse("ana@contoso.com").unwrap(),
        },
    )
    .unwrap();
    let sent = ws.publish_payload(uat).unwrap();
    ws.record_publication(
        uat,
        Publication {
            revision: Revision::parse("1").unwrap(),
            published_at: "2026-11-21T10:00:00Z".into(),
            snapshot: sent,
            published_by: None,
        },
    )
    .unwrap();
    ws
}

#[wasm_bindgen_test]
async fn the_environments_list_shows_each_status_as_it_changes() {
    let state = AppState::new(published_uat());
    let root = mount(move || {
        provide_context(state);
        service::provide(state, Credentials::new(), false);
        view! { <EnvironmentsPage/> }
    });
    settle().await;
    assert_eq!(text(&root, "tbody tr td:nth-child(3)").trim(), "Published");

    // Editing the description makes it Changed...
    button(&root, "UAT").click();
    settle().await;
    type_into(&root, "#env-description", "Validation, second round");
    button(&root, "Save").click();
    settle().await;
    assert_eq!(text(&root, "tbody tr td:nth-child(3)").trim(), "Changed");

    // ...and editing it back shows Published again.
    type_into(&root, "#env-description", "Validation");
    button(&root, "Save").click();
    settle().await;
    assert_eq!(text(&root, "tbody tr td:nth-child(3)").trim(), "Published");

    // A new environment is Not published, and says what blocks Publish.
    button(&root, "New").click();
    settle().await;
    type_into(&root, "#env-name", "PROD");
    button(&root, "Save").click();
    settle().await;
    assert!(text(&root, "tbody").contains("Not published"));
    assert!(text(&root, "form").contains("Choose the Storage SAS token secret"));
}

fn select(root: &Element, selector: &str, value: &str) {
    let element: web_sys::HtmlSelectElement = find(root, selector).unchecked_into();
    element.set_value(value);
    let init = EventInit::new();
    init.set_bubbles(true);
    element
        .dispatch_event(&Event::new_with_event_init_dict("change", &init).unwrap())
        .unwrap();
}

fn submit(root: &Element, form_label: &str) {
    let form: web_sys::HtmlFormElement =
        find(root, &format!("form[aria-label='{form_label}']")).unchecked_into();
    form.request_submit().unwrap();
}

#[wasm_bindgen_test]
async fn the_certificates_grid_adds_entries_and_a_chain_orders_them() {
    let root = mount(|| {
        AppState::provide(published_uat());
        view! { <KeyVaultsPage/> }
    });
    settle().await;
    button(&root, "ContosoKV").click();
    settle().await;
    assert!(text(&root, "table[aria-label='Certificates']").contains("einvoicing-sas"));

    for name in ["root-ca", "issuing-ca"] {
        type_into(&root, "#entry-name", name);
        select(&root, "#entry-type", "certificate");
        submit(&root, "Certificate or secret");
        settle().await;
        button(&root, "Add another").click();
        settle().await;
    }
    let grid = text(&root, "table[aria-label='Certificates']");
    assert!(
        grid.contains("root-ca") && grid.contains("issuing-ca"),
        "{grid}"
    );
    let types: Vec<String> = (0..3)
        .map(|i| {
            text(
                &root,
                &format!(
                    "table[aria-label='Certificates'] tbody tr:nth-child({}) td:nth-child(3)",
                    i + 1
                ),
            )
        })
        .collect();
    assert_eq!(types, ["Secret", "Certificate", "Certificate"]);

    // A chain is an object of its own: named, then open with its
    // certificates; empty, it says it cannot be published.
    assert!(text(&root, "section[aria-labelledby='chains-title']")
        .contains("No chains of certificates yet"));
    button(&root, "New chain").click();
    settle().await;
    type_into(&root, "#chain-name", "signing-chain");
    submit(&root, "Chain of certificates");
    settle().await;
    assert!(text(&root, ".chain").contains("cannot be published"));
    for member in ["issuing-ca", "root-ca"] {
        let id = state_entry_id(&root, member);
        select(&root, "#chain-add", &id);
        button(&root, "Add to chain").click();
        settle().await;
    }
    assert_eq!(
        text(&root, ".chain-members").replace("UpDownRemove", "|"),
        "issuing-ca|root-ca|"
    );
    find(&root, "button[aria-label='Move root-ca up']")
        .unchecked_into::<HtmlElement>()
        .click();
    settle().await;
    assert_eq!(
        text(&root, ".chain-members").replace("UpDownRemove", "|"),
        "root-ca|issuing-ca|"
    );
    assert!(
        text(&root, "table[aria-label='Chains of certificates']").contains("root-ca › issuing-ca")
    );
    assert!(
        text(
            &root,
            "table[aria-label='Certificates'] tbody tr:nth-child(2)"
        )
        .contains("signing-chain"),
        "the In chains column names the chain"
    );
}

/// The option value the chain's select uses for the certificate named
/// `name`.
fn state_entry_id(root: &Element, name: &str) -> String {
    let options = root.query_selector_all("#chain-add option").unwrap();
    (0..options.length())
        .filter_map(|i| options.item(i))
        .map(|o| o.unchecked_into::<web_sys::HtmlOptionElement>())
        .find(|o| o.text() == name)
        .map(|o| o.value())
        .unwrap_or_else(|| panic!("{name} is not offered for the chain"))
}

/// The environments page over `ws`, with UAT open: where most of the
/// environment tests start.
async fn uat_open(ws: Workspace) -> Mounted {
    let state = AppState::new(ws);
    let root = mount(move || {
        provide_context(state);
        service::provide(state, Credentials::new(), false);
        view! { <EnvironmentsPage/> }
    });
    settle().await;
    button(&root, "UAT").click();
    settle().await;
    root
}

#[wasm_bindgen_test]
async fn users_are_added_refused_with_a_message_searched_and_deleted_with_confirmation() {
    let root = uat_open(published_uat()).await;
    assert!(text(&root, "#users-title").contains("Users (1)"));

    type_into(&root, "#user-id", "ben");
    type_into(&root, "#user-email", "ben@contoso");
    settle().await;
    assert!(
        !text(&root, "#user-email-error").is_empty(),
        "a bad email is flagged"
    );
    submit(&root, "Add a user");
    settle().await;
    assert!(
        text(&root, "#users-title").contains("Users (1)"),
        "nothing invalid is saved"
    );
    // The typed text is kept for correcting.
    let email: HtmlInputElement = find(&root, "#user-email").unchecked_into();
    assert_eq!(email.value(), "ben@contoso");

    type_into(&root, "#user-email", "ben@contoso.com");
    submit(&root, "Add a user");
    settle().await;
    assert!(text(&root, "#users-title").contains("Users (2)"));
    assert_eq!(email.value(), "", "the form is ready for the next user");

    type_into(&root, "#users-filter", "BEN");
    settle().await;
    let listed = text(&root, "table[aria-label='Users'] tbody");
    assert!(
        listed.contains("ben@contoso.com") && !listed.contains("ana@contoso.com"),
        "{listed}"
    );

    find(&root, "table[aria-label='Users'] tbody button.danger")
        .unchecked_into::<HtmlElement>()
        .click();
    settle().await;
    assert!(text(&root, ".confirm").contains("Delete user 'ben'?"));
    button(&root, "Yes, delete").click();
    settle().await;
    assert!(text(&root, "#users-title").contains("Users (1)"));
    // Removing the user restored the published content.
    button(&root, "Close").click();
    settle().await;
    assert_eq!(text(&root, "tbody tr td:nth-child(3)").trim(), "Published");
}

/// Waits until a change has been painted and the draft saved (the page
/// saves on the task after the next frame).
async fn saved() {
    for _ in 0..2 {
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            let then = wasm_bindgen::closure::Closure::once_into_js(move || {
                window()
                    .set_timeout_with_callback_and_timeout_and_arguments_0(
                        resolve.unchecked_ref(),
                        0,
                    )
                    .unwrap();
            });
            window()
                .request_animation_frame(then.unchecked_ref())
                .unwrap();
        });
        wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
    }
}

/// Key Vault parameters: New, Name, Key Vault URI, Save.
async fn add_reference(root: &Element, name: &str, uri: &str) {
    button(root, "New").click();
    settle().await;
    type_into(root, "#kv-name", name);
    type_into(root, "#kv-uri", uri);
    button(root, "Save").click();
    settle().await;
}

fn local_storage() -> web_sys::Storage {
    window().local_storage().unwrap().unwrap()
}

#[wasm_bindgen_test]
async fn every_change_is_kept_in_the_browser() {
    let root = mount_app("#/key-vaults");
    settle().await;
    add_reference(&root, "KeptKV", "https://kept-kv.vault.azure.net/").await;
    saved().await;
    let stored = local_storage()
        .get_item("einvoicing-console/workspace")
        .unwrap()
        .expect("the draft is stored");
    assert!(stored.contains("\"KeptKV\""), "{stored}");
    assert!(stored.contains("\"version\":2"), "{stored}");
}

#[wasm_bindgen_test]
async fn an_unreadable_stored_draft_is_never_wiped_without_a_download_first() {
    let damaged =
        r#"{"format":"einvoicing-console/stored-workspace","version":1,"workspace":{"nextId":"#;
    fresh_browser();
    local_storage()
        .set_item("einvoicing-console/workspace", damaged)
        .unwrap();
    let root = mount(App);
    settle().await;
    assert!(text(&root, "h2").contains("could not be opened"));
    assert!(text(&root, ".recovery").contains("not valid JSON"));
    assert!(!text(&root, ".recovery").contains("Start with an empty workspace"));
    // Nothing was written over it.
    assert_eq!(
        local_storage()
            .get_item("einvoicing-console/workspace")
            .unwrap()
            .as_deref(),
        Some(damaged)
    );
    button(&root, "Download it as it is").click();
    settle().await;
    button(&root, "Start with an empty workspace").click();
    settle().await;
    assert!(text(&root, "nav").contains("Key Vault parameters"));
    let stored = local_storage()
        .get_item("einvoicing-console/workspace")
        .unwrap()
        .unwrap();
    assert!(
        stored.starts_with("{\"format\":\"einvoicing-console/stored-workspace\""),
        "{stored}"
    );
}

#[wasm_bindgen_test]
async fn a_link_to_an_environment_opens_it_and_an_unknown_one_says_so() {
    fresh_browser();
    local_storage()
        .set_item(
            "einvoicing-console/workspace",
            &einvoicing_console::storage::envelope::encode(&published_uat()),
        )
        .unwrap();
    window().location().set_hash("#/environments/uat").unwrap();
    let root = mount(App);
    settle().await;
    let name: HtmlInputElement = find(&root, "#env-name").unchecked_into();
    assert_eq!(
        name.value(),
        "UAT",
        "the environment named in the link is open"
    );

    window().location().set_hash("#/environments/NOPE").unwrap();
    // The hashchange event comes on a later task than the ticks.
    for _ in 0..20 {
        settle().await;
        if root.query_selector("#env-name").unwrap().is_none() {
            break;
        }
        gloo_timers_sleep().await;
    }
    assert!(root.query_selector("#env-name").unwrap().is_none());
    assert!(text(&root, ".notice-error").contains("There is no service environment named 'NOPE'."));
}

/// Waits one macrotask (a `setTimeout(0)`), so queued browser events run.
async fn gloo_timers_sleep() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        window()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

#[wasm_bindgen_test]
async fn changes_since_publish_are_listed_and_discarded() {
    let root = uat_open(published_uat()).await;
    assert!(
        root.query_selector(".changes").unwrap().is_none(),
        "published: nothing to list"
    );
    type_into(&root, "#env-description", "Second round");
    button(&root, "Save").click();
    settle().await;
    let listed = text(&root, ".changes");
    assert!(
        listed.contains("Description changed from 'Validation' to 'Second round'"),
        "{listed}"
    );
    button(&root, "Discard changes").click();
    settle().await;
    button(&root, "Yes, discard").click();
    settle().await;
    assert!(text(&root, ".notice").contains("as published"));
    let description: web_sys::HtmlTextAreaElement =
        find(&root, "#env-description").unchecked_into();
    assert_eq!(
        description.value(),
        "Validation",
        "the form shows the published value"
    );
    assert_eq!(text(&root, "tbody tr td:nth-child(3)").trim(), "Published");
}

#[wasm_bindgen_test]
async fn pasted_users_are_added_and_each_bad_line_is_reported_by_number() {
    let root = uat_open(published_uat()).await;
    // The bulk add is built after the frame that shows the users.
    saved().await;
    settle().await;
    let area: web_sys::HtmlTextAreaElement = find(&root, "#bulk-users").unchecked_into();
    area.set_value("cy,cy@contoso.com\ndee,dee@contoso\neve;eve@contoso.com");
    let init = EventInit::new();
    init.set_bubbles(true);
    area.dispatch_event(&Event::new_with_event_init_dict("input", &init).unwrap())
        .unwrap();
    button(&root, "Add users").click();
    settle().await;
    assert!(text(&root, "#bulk-users-result").contains("2 users added."));
    assert!(text(&root, "#bulk-users-result").contains("Line 2:"));
    assert_eq!(
        area.value(),
        "dee,dee@contoso",
        "the bad line is left to correct"
    );
    assert!(text(&root, "#users-title").contains("Users (3)"));
}

#[wasm_bindgen_test]
async fn a_clone_gets_a_new_name_and_is_not_published() {
    let root = uat_open(published_uat()).await;
    button(&root, "Clone").click();
    settle().await;
    type_into(&root, "#clone-name", "uat");
    settle().await;
    assert!(text(&root, "#clone-name-error").contains("already exists"));
    type_into(&root, "#clone-name", "PROD");
    submit(&root, "Clone environment");
    settle().await;
    let rows = text(&root, "tbody");
    assert!(
        rows.contains("PROD") && rows.contains("Not published"),
        "{rows}"
    );
    let name: HtmlInputElement = find(&root, "#env-name").unchecked_into();
    assert_eq!(name.value(), "PROD", "the clone is open");
}

fn focused_id() -> String {
    document()
        .active_element()
        .map(|e| e.id())
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn focus_moves_to_the_form_and_back_to_new_after_a_delete() {
    let root = mount(|| {
        AppState::provide(published_uat());
        view! { <KeyVaultsPage/> }
    });
    settle().await;
    button(&root, "New").click();
    settle().await;
    // The focus moves at the start of the next frame, once the form is whole.
    saved().await;
    assert_eq!(focused_id(), "kv-name", "New puts the cursor in Name");

    button(&root, "Close").click();
    settle().await;
    let other = {
        button(&root, "New").click();
        settle().await;
        type_into(&root, "#kv-name", "Spare");
        type_into(&root, "#kv-uri", "https://spare-kv.vault.azure.net/");
        button(&root, "Save").click();
        settle().await;
        saved().await;
        "kv-form-title"
    };
    assert_eq!(focused_id(), other, "a saved object's form has the focus");
    button(&root, "Delete").click();
    settle().await;
    button(&root, "Yes, delete").click();
    settle().await;
    let active = document().active_element().unwrap();
    assert_eq!(active.text_content().unwrap_or_default(), "New");
    assert!(text(&root, ".notice").contains("Key Vault reference 'Spare' deleted."));
}

/// The Delete button of the Users row that shows `user_id`.
fn users_delete(root: &Element, user_id: &str) -> HtmlElement {
    let rows = root
        .query_selector_all("table[aria-label='Users'] tbody tr")
        .unwrap();
    (0..rows.length())
        .filter_map(|i| rows.item(i))
        .map(|r| r.unchecked_into::<Element>())
        .find(|r| {
            r.query_selector("td")
                .unwrap()
                .and_then(|td| td.text_content())
                .is_some_and(|t| t.trim() == user_id)
        })
        .unwrap_or_else(|| panic!("no Users row for {user_id}"))
        .query_selector("button.danger")
        .unwrap()
        .expect("the row's Delete")
        .unchecked_into()
}

fn users_question(root: &Element) -> Option<String> {
    root.query_selector("table[aria-label='Users'] .confirm")
        .unwrap()
        .map(|q| q.text_content().unwrap_or_default())
}

#[wasm_bindgen_test]
async fn a_users_delete_question_names_its_user_gives_the_focus_back_and_closes_on_a_search() {
    let mut ws = published_uat();
    let uat = ws.environment_by_name("UAT").unwrap().id();
    for name in ["ben", "cy"] {
        ws.add_user(
            uat,
            User {
                user_id: UserId::parse(name).unwrap(),
                email: Email::parse(&format!("{name}@contoso.com")).unwrap(),
            },
        )
        .unwrap();
    }
    let root = uat_open(ws).await;

    // Delete asks about ben, in ben's row, and the focus goes to "Yes, delete".
    users_delete(&root, "ben").click();
    settle().await;
    assert_eq!(
        users_question(&root).as_deref(),
        Some("Delete user 'ben'? This cannot be undone.Yes, deleteCancel")
    );
    let ben = users_delete(&root, "ben");
    assert_eq!(ben.get_attribute("aria-expanded").as_deref(), Some("true"));
    assert_eq!(
        users_delete(&root, "cy")
            .get_attribute("aria-expanded")
            .as_deref(),
        Some("false")
    );
    let question_row = find(&root, "table[aria-label='Users'] .confirm")
        .closest("tr")
        .unwrap()
        .unwrap();
    assert!(
        question_row.contains(Some(&ben)),
        "the question is in ben's row"
    );
    assert_eq!(
        document()
            .active_element()
            .unwrap()
            .text_content()
            .unwrap_or_default(),
        "Yes, delete"
    );

    // Cancel closes it and gives the focus back to ben's Delete.
    button(&root, "Cancel").click();
    settle().await;
    assert_eq!(users_question(&root), None);
    assert_eq!(
        document().active_element(),
        Some(users_delete(&root, "ben").unchecked_into::<Element>())
    );

    // A search closes an open question, and it does not come back with ben.
    users_delete(&root, "ben").click();
    settle().await;
    assert!(users_question(&root).is_some());
    type_into(&root, "#users-filter", "cy");
    settle().await;
    assert_eq!(users_question(&root), None);
    type_into(&root, "#users-filter", "");
    settle().await;
    assert_eq!(
        users_question(&root),
        None,
        "the search closed the question"
    );
    assert_eq!(
        users_delete(&root, "ben")
            .get_attribute("aria-expanded")
            .as_deref(),
        Some("false")
    );

    // Asked again and confirmed: ben goes, and only ben.
    users_delete(&root, "ben").click();
    settle().await;
    button(&root, "Yes, delete").click();
    settle().await;
    assert!(text(&root, "#users-title").contains("Users (2)"));
    let listed = text(&root, "table[aria-label='Users'] tbody");
    assert!(
        listed.contains("ana@contoso.com")
            && listed.contains("cy@contoso.com")
            && !listed.contains("ben@"),
        "{listed}"
    );
    assert_eq!(users_question(&root), None);
}

#[wasm_bindgen_test]
async fn a_save_from_another_tab_is_never_overwritten_silently() {
    use einvoicing_console::storage::envelope::encode;
    const KEY: &str = "einvoicing-console/workspace";
    fresh_browser();
    local_storage()
        .set_item(KEY, &encode(&published_uat()))
        .unwrap();
    window().location().set_hash("#/key-vaults").unwrap();
    let root = mount(App);
    settle().await;

    // Another tab saves its own version (a page does not hear its own
    // storage writes, which stands in for the event not having arrived).
    let mut theirs = published_uat();
    theirs
        .add_environment(EnvironmentInput {
            name: EnvironmentName::parse("THEIRS").unwrap(),
            description: Description::parse("").unwrap(),
            dataverse_endpoint: None,
        })
        .unwrap();
    local_storage().set_item(KEY, &encode(&theirs)).unwrap();

    // This tab edits: nothing is written over the other tab's save.
    add_reference(&root, "MineKV", "https://mine-kv.vault.azure.net/").await;
    saved().await;
    let stored = local_storage().get_item(KEY).unwrap().unwrap();
    assert!(
        stored.contains("THEIRS") && !stored.contains("MineKV"),
        "{stored}"
    );
    assert!(text(&root, ".notice-warning").contains("also changed in another tab"));

    button(&root, "Keep this tab's version").click();
    settle().await;
    let stored = local_storage().get_item(KEY).unwrap().unwrap();
    assert!(
        stored.contains("MineKV") && !stored.contains("THEIRS"),
        "{stored}"
    );
    assert!(root.query_selector(".notice-warning").unwrap().is_none());
}

#[wasm_bindgen_test]
async fn ten_thousand_users_render_one_page_at_a_time_and_search_finds_one() {
    let mut ws = published_uat();
    let uat = ws.environment_by_name("UAT").unwrap().id();
    let lines: String = (0..10_000)
        .map(|i| format!("user-{i:05},user-{i:05}@contoso.com\n"))
        .collect();
    let report = ws
        .add_users(uat, domain::import::parse_users(&lines))
        .unwrap();
    assert_eq!(report.added, 10_000);
    let root = uat_open(ws).await;
    let rows = || {
        root.query_selector_all("table[aria-label='Users'] tbody tr")
            .unwrap()
            .length()
    };
    assert_eq!(rows(), 100, "only one page of users is in the DOM");
    assert!(
        root.query_selector(".pager").unwrap().is_some(),
        "the pager is shown"
    );
    assert!(text(&root, "#users-title").contains("Users (10001)"));
    assert!(
        text(&root, "section[aria-labelledby='users-title']").contains("Showing 1–100 of 10001")
    );

    type_into(&root, "#users-filter", "user-09999");
    settle().await;
    assert_eq!(rows(), 1);
    assert!(text(&root, "table[aria-label='Users'] tbody").contains("user-09999@contoso.com"));

    type_into(&root, "#users-filter", "");
    settle().await;
    assert_eq!(
        rows(),
        100,
        "clearing the search shows the first page again"
    );
    button(&root, "Next").click();
    settle().await;
    assert!(
        text(&root, "section[aria-labelledby='users-title']").contains("Showing 101–200 of 10001")
    );
}

#[wasm_bindgen_test]
async fn publish_is_refused_in_the_page_while_the_environment_has_problems() {
    let mut ws = published_uat();
    let prod = ws
        .add_environment(EnvironmentInput {
            name: EnvironmentName::parse("PROD").unwrap(),
            description: Description::parse("").unwrap(),
            dataverse_endpoint: None,
        })
        .unwrap();
    ws.set_endpoint(Some(
        domain::values::ServiceEndpoint::geography("eu", 101).unwrap(),
    ));
    let state = AppState::new(ws);
    let root = mount(move || {
        provide_context(state);
        service::provide(state, Credentials::new(), false);
        view! { <EnvironmentsPage/> }
    });
    settle().await;
    button(&root, "PROD").click();
    settle().await;
    let panel = find(&root, "section.publish");
    assert!(
        text(&root, "section.publish").contains(
            "Publish sends this environment to https://gw.eu-il101.gateway.prod.island.powerapps.com/electronicinvoicing/."
        ),
        "{}",
        text(&root, "section.publish")
    );
    button(&panel, "Publish").click();
    settle().await;
    let said = text(&root, "section.publish [role=alert]");
    assert!(
        said.contains("This environment cannot be published yet; nothing was sent:"),
        "{said}"
    );
    assert!(
        said.contains("Choose the Storage SAS token secret"),
        "{said}"
    );
    // Nothing was sent, so nothing is in the history and the status stays.
    assert!(root
        .query_selector("table[aria-label='Publish history']")
        .unwrap()
        .is_none());
    assert_eq!(
        state.workspace.with_untracked(|ws| ws.status(prod)),
        Some(domain::status::Status::NotPublished)
    );
}

#[wasm_bindgen_test]
async fn the_access_token_lives_in_this_tabs_memory_only() {
    let root = mount_app("#/settings");
    settle().await;
    assert!(text(&root, "form[aria-labelledby='token-title']").contains("No token set"));

    // A pasted space (say, a token with its label) is refused at the field.
    type_into(&root, "#settings-token", "abc def");
    button(&root, "Use this token").click();
    settle().await;
    assert!(text(&root, "#settings-token-error").contains("contains a space"));

    type_into(
        &root,
        "#settings-token",
        "Bearer eyJhbGciOi.eyJhdWQiOi.c2lnbmF0dXJl",
    );
    button(&root, "Use this token").click();
    settle().await;
    assert!(
        text(&root, "form[aria-labelledby='token-title']").contains(
            "A token is set (34 characters, ending …dXJl; sent only to http://127.0.0.1:8081)."
        ),
        "{}",
        text(&root, "form[aria-labelledby='token-title']")
    );
    let field: HtmlInputElement = find(&root, "#settings-token").unchecked_into();
    assert_eq!(field.value(), "", "the field does not keep showing it");

    // A settings change is saved; the token is not in what is saved.
    type_into(&root, "#settings-timeout", "5");
    button(&root, "Save").click();
    settle().await;
    saved().await;
    let stored = local_storage()
        .get_item("einvoicing-console/workspace")
        .unwrap()
        .expect("the draft is stored");
    assert!(stored.contains("\"timeout\":5"), "{stored}");
    assert!(!stored.contains("c2lnbmF0dXJl"), "{stored}");

    button(&root, "Forget the token").click();
    settle().await;
    assert!(text(&root, "form[aria-labelledby='token-title']").contains("No token set"));
}

#[wasm_bindgen_test]
async fn a_change_is_saved_after_its_frame_or_at_once_when_the_page_is_left() {
    let root = mount_app("#/key-vaults");
    settle().await;
    saved().await;
    add_reference(&root, "LeavingKV", "https://leaving-kv.vault.azure.net/").await;
    let stored = || {
        local_storage()
            .get_item("einvoicing-console/workspace")
            .unwrap()
            .unwrap_or_default()
    };
    // Not yet: the save waits for the change to be painted...
    assert!(!stored().contains("LeavingKV"));
    // ...unless the page is being left (reload, close), which saves at once.
    window()
        .dispatch_event(&Event::new("pagehide").unwrap())
        .unwrap();
    assert!(stored().contains("LeavingKV"), "{}", stored());
}

/// The heading of the Set-up step titled `title` ("1. A Key Vault Done").
fn step_heading(root: &Element, title: &str) -> String {
    let headings = root.query_selector_all("li.step h4").unwrap();
    (0..headings.length())
        .filter_map(|i| headings.item(i))
        .filter_map(|n| n.text_content())
        .find(|t| t.contains(title))
        .unwrap_or_else(|| panic!("no step {title}"))
}

#[wasm_bindgen_test]
async fn the_set_up_checklist_follows_the_workspace_and_the_vault_access_box() {
    saved().await;
    local_storage().clear().unwrap();
    let state = AppState::new(Workspace::new());
    let root = mount(move || {
        provide_context(state);
        service::provide(state, Credentials::new(), false);
        view! { <HomePage/> }
    });
    settle().await;
    assert_eq!(
        text(&root, ".setup-progress"),
        "0 of 4 required items done."
    );
    assert!(step_heading(&root, "A Key Vault").ends_with("Not done"));

    state
        .apply(|ws| {
            ws.add_reference(KeyVaultReferenceInput {
                name: Name::parse("ContosoKV").unwrap(),
                description: Description::parse("").unwrap(),
                uri: KeyVaultUri::parse("https://contoso-kv.vault.azure.net/").unwrap(),
            })
        })
        .unwrap();
    settle().await;
    assert!(step_heading(&root, "A Key Vault").ends_with("Done"));
    assert!(text(&root, "li.step").contains("ContosoKV: https://contoso-kv.vault.azure.net/"));
    assert_eq!(
        text(&root, ".setup-progress"),
        "1 of 4 required items done."
    );

    let confirm: HtmlInputElement = find(&root, "li.step input[type=checkbox]").unchecked_into();
    assert!(!confirm.checked());
    confirm.click();
    settle().await;
    assert!(step_heading(&root, "The service may read the vault").ends_with("Done"));
    assert_eq!(
        text(&root, ".setup-progress"),
        "2 of 4 required items done."
    );
    let same: HtmlInputElement = find(&root, "li.step input[type=checkbox]").unchecked_into();
    assert!(
        same.is_same_node(Some(&confirm)),
        "the box is updated in place, not rebuilt"
    );
    assert!(same.checked());
    assert_eq!(
        local_storage()
            .get_item("einvoicing-console/workspace/vault-access-confirmed")
            .unwrap()
            .as_deref(),
        Some("yes"),
        "kept in this browser, next to the workspace"
    );
}

/// The Set-up step titled `title`.
fn step_item(root: &Element, title: &str) -> Element {
    let steps = root.query_selector_all("li.step").unwrap();
    (0..steps.length())
        .filter_map(|i| steps.item(i))
        .map(|n| n.unchecked_into::<Element>())
        .find(|s| text(s, "h4").contains(title))
        .unwrap_or_else(|| panic!("no step {title}"))
}

/// The text of every element `selector` matches, in document order.
fn texts(root: &Element, selector: &str) -> Vec<String> {
    let nodes = root.query_selector_all(selector).unwrap();
    (0..nodes.length())
        .filter_map(|i| nodes.item(i))
        .map(|n| n.text_content().unwrap_or_default())
        .collect()
}

#[wasm_bindgen_test]
async fn the_set_up_page_gives_each_vault_its_access_commands_with_its_name_and_a_copy_button() {
    saved().await;
    local_storage().clear().unwrap();
    let state = AppState::new(Workspace::new());
    let root = mount(move || {
        provide_context(state);
        service::provide(state, Credentials::new(), false);
        view! { <HomePage/> }
    });
    settle().await;
    let item = step_item(&root, "The service may read the vault");
    let none = text(&item, ".notice");
    assert!(
        none.starts_with("Add a Key Vault reference first"),
        "{none}"
    );
    assert_eq!(
        attr(&item, ".notice a", "href").as_deref(),
        Some("#/key-vaults")
    );
    assert!(
        texts(&root, "pre").is_empty(),
        "no commands without a vault"
    );

    let add = |name: &str, uri: &str| {
        let (name, uri) = (name.to_string(), uri.to_string());
        state
            .apply(move |ws| {
                ws.add_reference(KeyVaultReferenceInput {
                    name: Name::parse(&name).unwrap(),
                    description: Description::parse("").unwrap(),
                    uri: KeyVaultUri::parse(&uri).unwrap(),
                })
            })
            .unwrap();
    };
    add("ContosoKV", "https://contoso-einvoicing.vault.azure.net/");
    settle().await;
    assert!(!item
        .text_content()
        .unwrap_or_default()
        .contains("Add a Key Vault reference first"));
    let group = find(&root, "[role=group]");
    let heading = group.get_attribute("aria-labelledby").unwrap();
    assert_eq!(
        text(&root, &format!("#{heading}")),
        "Commands for contoso-einvoicing"
    );
    assert!(text(&root, ".vault-named-by").contains("named by ContosoKV"));
    let commands = texts(&root, "pre");
    assert_eq!(commands.len(), 4, "{commands:?}");
    assert!(
        commands[0].starts_with("az keyvault show --name contoso-einvoicing \\\n"),
        "{}",
        commands[0]
    );
    assert_eq!(
        commands[1],
        "az ad sp create --id ecd93392-c922-4f48-9ddf-10741e4a9b65"
    );
    assert!(
        commands[2].starts_with("az keyvault set-policy --name contoso-einvoicing \\\n"),
        "{}",
        commands[2]
    );
    assert!(
        commands[3].contains("--role \"Key Vault Secrets User\""),
        "{}",
        commands[3]
    );
    let buttons = root.query_selector_all("button.copy").unwrap();
    let labels: Vec<String> = (0..buttons.length())
        .filter_map(|i| buttons.item(i))
        .map(|b| {
            let b: Element = b.unchecked_into();
            assert_eq!(b.text_content().unwrap_or_default().trim(), "Copy");
            b.get_attribute("aria-label").unwrap_or_default()
        })
        .collect();
    assert_eq!(
        labels,
        [
            "Copy the check commands for contoso-einvoicing",
            "Copy the service-principal command for contoso-einvoicing",
            "Copy the access-policy command for contoso-einvoicing",
            "Copy the role-assignment commands for contoso-einvoicing",
        ]
    );
    // The box is still the administrator's word, after the commands.
    let confirm: HtmlInputElement = find(&root, "li.step input[type=checkbox]").unchecked_into();
    assert!(!confirm.checked());

    // Copy says what came of it, whatever this browser allows.
    let copy: HtmlElement = find(&root, "button.copy").unchecked_into();
    copy.click();
    let mut said = String::new();
    for _ in 0..60 {
        saved().await;
        said = text(&root, ".copy-status");
        if !said.is_empty() {
            break;
        }
    }
    assert!(
        said == "Copied." || said.ends_with("select the text above and copy it."),
        "{said:?}"
    );

    // A vault in Azure operated by 21Vianet: the CLI is pointed there first.
    add("FabrikamKV", "https://fabrikam-cn.vault.azure.cn/");
    settle().await;
    let headings = texts(&root, ".vault-block h5");
    assert_eq!(
        headings,
        [
            "Commands for contoso-einvoicing",
            "Commands for fabrikam-cn"
        ]
    );
    let second: Element = root
        .query_selector_all(".vault-block")
        .unwrap()
        .item(1)
        .unwrap()
        .unchecked_into();
    let china = texts(&second, "pre");
    assert_eq!(
        china.first().map(String::as_str),
        Some("az cloud set --name AzureChinaCloud\naz login"),
        "{china:?}"
    );
    assert!(china
        .iter()
        .any(|c| c.starts_with("az keyvault set-policy --name fabrikam-cn \\\n")));
}
