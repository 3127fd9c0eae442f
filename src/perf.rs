//! User Timing marks and measures (`performance.mark`/`measure`) around
//! the work an administrator waits for, so the benchmark (and anyone with
//! the browser's Performance panel) reads how long it took in the page
//! itself. Each costs two calls into the browser; nothing is collected or
//! sent anywhere.

/// Names the benchmark reads (`docs/benchmarks.md`).
pub const LIST_RENDERED: &str = "einvoicing:environments-list-rendered";
pub const VALIDATE: &str = "einvoicing:validate-environment";
pub const PUBLISH_PAYLOAD: &str = "einvoicing:publish-payload";
/// Reading the stored draft at start: JSON, every value re-validated, the
/// workspace's integrity.
pub const LOAD_WORKSPACE: &str = "einvoicing:load-workspace";

fn performance() -> Option<web_sys::Performance> {
    web_sys::window().and_then(|w| w.performance())
}

/// Records a mark named `name` (once per call).
pub fn mark(name: &str) {
    if let Some(p) = performance() {
        let _ = p.mark(name);
    }
}

/// Runs `work` and records it as a measure named `name`.
pub fn measure<T>(name: &str, work: impl FnOnce() -> T) -> T {
    let Some(p) = performance() else {
        return work();
    };
    let start = format!("{name}:start");
    let _ = p.mark(&start);
    let result = work();
    let _ = p.measure_with_start_mark(name, &start);
    p.clear_marks_with_mark_name(&start);
    result
}

/// A store whose reads are measured as `name`: the publish flow reads the
/// workspace once, to check where it may send and to build the payload.
pub struct Timed<S> {
    pub store: S,
    pub name: &'static str,
}

impl<S: api::Store> api::Store for Timed<S> {
    fn read<T>(&self, read: impl FnOnce(&domain::model::Workspace) -> T) -> T {
        measure(self.name, || self.store.read(read))
    }

    fn apply<T>(
        &self,
        operation: impl FnOnce(
            &mut domain::model::Workspace,
        ) -> Result<T, domain::model::WorkspaceError>,
    ) -> Result<T, domain::model::WorkspaceError> {
        self.store.apply(operation)
    }
}
