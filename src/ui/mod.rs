//! Views: pages and the few components they share. Thin: they keep what is
//! being typed, call the domain, and show what it says.

pub mod components;
pub mod pages;
