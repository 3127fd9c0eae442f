//! The admin console for Electronic invoicing service environments: a
//! client-side Leptos app. Data flows one way:
//!
//! ```text
//! ui (views, thin) -> state (one store of the domain's Workspace) -> domain (every rule)
//! ```
//!
//! The views hold only what is being typed (the domain's drafts) and render
//! the domain's messages; they never check a rule themselves.

mod app;
pub mod crash;
mod files;
pub mod frames;
pub mod offline;
pub mod perf;
pub mod routes;
pub mod service;
pub mod state;
pub mod storage;
pub mod ui;
pub mod workspaces;

pub use app::App;
