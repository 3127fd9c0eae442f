//! The fuzz harness (`scripts/fuzz`, docs/fuzzing.md): every validator
//! constructor, the workspace-file parser, the bulk-user reader and the
//! readers of the service's answers, each run on generated inputs with its
//! invariants checked, and a table of what was tried.
//!
//! A test target without libtest (`harness = false`): it drives proptest's
//! `TestRunner` itself, so it can count inputs, and prints one row per
//! target as it finishes. A panic or a broken invariant is shrunk to a
//! minimal input, printed with the command that reproduces it, and makes
//! the process exit non-zero.
//!
//! Environment (all optional):
//! - `FUZZ_INPUTS`: inputs in total, split evenly across the targets run;
//! - `FUZZ_INPUTS_PER_TARGET`: inputs per target (default 100, so a plain
//!   `cargo test` stays quick; `FUZZ_INPUTS` wins when both are set);
//! - `FUZZ_SEED`: the seed (a number; default 20261122). Each target draws
//!   from its own generator seeded from it and its name, so a run is
//!   reproducible, and a target's first N inputs are the same whatever else
//!   runs and however many inputs follow;
//! - `FUZZ_ONLY` (texts separated by commas), or arguments after `--`: run
//!   only the targets whose name contains one of these texts. A `FUZZ_ONLY`
//!   that matches no target is an error; arguments that match none run
//!   nothing, as libtest does with a filter meant for another test.
//!
//! `--list` prints the targets' names, one per line.

#[cfg(not(target_arch = "wasm32"))]
mod answers;
#[cfg(not(target_arch = "wasm32"))]
#[path = "../file_fixtures/mod.rs"]
mod file_fixtures;
#[cfg(not(target_arch = "wasm32"))]
mod files;
#[cfg(not(target_arch = "wasm32"))]
mod json_edits;
#[cfg(not(target_arch = "wasm32"))]
mod runner;
#[cfg(not(target_arch = "wasm32"))]
mod values;

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    let mut targets = values::targets();
    targets.extend(files::targets());
    targets.extend(answers::targets());
    std::process::exit(runner::main(targets));
}

/// Proptest needs an OS random source and threads: the harness is native
/// only, and does nothing when built for the browser.
#[cfg(target_arch = "wasm32")]
fn main() {}
