//! What the page knows of itself, read once per mounted workspace: its
//! origin and the Content Security Policy of its
//! `<meta http-equiv="Content-Security-Policy">` (whether it is served from
//! this machine, over https, where it may connect), and whether it shows
//! the sample workspace, which is never sent anywhere.

use domain::model::{Settings, Workspace};
use domain::publish::PageContext;
use domain::values::EndpointUrl;
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct Page(StoredValue<PageContext>);

fn this_page() -> PageContext {
    let origin = window().location().origin().unwrap_or_default();
    let policy = document()
        .query_selector(r#"meta[http-equiv="Content-Security-Policy"]"#)
        .ok()
        .flatten()
        .and_then(|meta| meta.get_attribute("content"));
    PageContext::new(&origin, policy.as_deref())
}

impl Page {
    /// The page, showing the sample workspace (`sample`) or the
    /// administrator's own.
    pub fn new(sample: bool) -> Page {
        Page(StoredValue::new(this_page().showing_sample(sample)))
    }

    pub fn context(&self) -> PageContext {
        self.0.get_value()
    }

    pub fn with<T>(&self, read: impl FnOnce(&PageContext) -> T) -> T {
        self.0.with_value(read)
    }

    /// Whether the open workspace is the sample (nothing is sent).
    pub fn is_sample(&self) -> bool {
        self.with(|page| page.sample)
    }

    /// The endpoint in use: the chosen one, or, on a page served from this
    /// machine, the local development receiver.
    pub fn endpoint(&self, ws: &Workspace) -> Option<EndpointUrl> {
        self.endpoint_under(ws.settings())
    }

    /// The endpoint `settings` would put in use on this page.
    pub fn endpoint_under(&self, settings: &Settings) -> Option<EndpointUrl> {
        self.with(|page| api::caller::endpoint(page, settings))
    }
}
