//! How much a workspace file may hold, so a hostile or mistaken file (a
//! log pasted in, a generated bomb) is refused with a message instead of
//! exhausting memory, stack or patience.
//!
//! A real workspace is far below every limit: a few references and
//! environments, tens of users, nesting at most 10 levels deep.

use super::problem::FileProblem;
use super::rule;

/// Text over this many bytes (10 MiB) is refused before it is read.
pub const MAX_BYTES: usize = 10 * 1024 * 1024;

/// Arrays and objects may nest this deep (the format itself needs 10).
pub const MAX_DEPTH: usize = 64;

/// Array elements and object fields in the whole file, counted together.
pub const MAX_ITEMS: usize = 100_000;

/// Items in one list (users of an environment, entries of a reference, …).
/// The workspace's uniqueness checks compare each new item with every
/// earlier one, so this keeps a hostile file's import to about a second.
pub const MAX_LIST_ITEMS: usize = 1_000;

/// Users of one environment: the console itself holds tens of thousands
/// (its benchmark uses 10,000), so its own export must import. Users are
/// checked for repeats through sets, not one against another. Each user is
/// three values, so [`MAX_ITEMS`] bounds a file's users to about 33,000.
pub const MAX_USERS: usize = 30_000;

/// The problem with a text of `bytes` bytes, if it is over [`MAX_BYTES`].
/// Public so a reader can refuse a large file before loading all of it.
pub fn size_problem(bytes: u64) -> Option<FileProblem> {
    (bytes > MAX_BYTES as u64).then(|| {
        FileProblem::new(
            "",
            rule::TOO_LARGE,
            format!(
                "The file is {} bytes; a workspace file may be at most {MAX_BYTES} bytes (10 MiB). It is not a workspace file, or it holds far more than one.",
                bytes
            ),
        )
    })
}
