//! Mounts the console. Everything else lives in the library so the
//! in-browser tests can mount the same components.

fn main() {
    einvoicing_console::crash::install();
    leptos::mount::mount_to_body(einvoicing_console::App);
    // After the first render: the service worker waits for load and idle.
    einvoicing_console::offline::register_when_idle();
}
