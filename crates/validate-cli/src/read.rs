//! Reads a file or standard input, at most one byte over the workspace
//! file's size limit, so a huge input is refused without being loaded.

use std::fs::File;
use std::io::{self, Read};

use domain::file::MAX_BYTES;

use crate::args::Input;

/// What was read.
pub enum Text {
    Utf8(String),
    /// Over the limit: its size in bytes.
    TooLarge(u64),
}

/// The text of `input`, or why it cannot be read.
pub fn read(input: &Input) -> Result<Text, String> {
    let limit = MAX_BYTES as u64 + 1;
    let mut bytes = Vec::new();
    match input {
        Input::Stdin => {
            let mut stdin = io::stdin().lock();
            (&mut stdin)
                .take(limit)
                .read_to_end(&mut bytes)
                .map_err(|e| format!("cannot read standard input: {e}"))?;
            if bytes.len() as u64 == limit {
                let rest = io::copy(&mut stdin, &mut io::sink()).unwrap_or(0);
                return Ok(Text::TooLarge(limit + rest));
            }
        }
        Input::Path(path) => {
            let fail = |e: io::Error| format!("cannot read the file: {e}");
            let metadata = std::fs::metadata(path).map_err(fail)?;
            if metadata.is_dir() {
                return Err("cannot read the file: it is a directory".into());
            }
            if metadata.is_file() && metadata.len() >= limit {
                return Ok(Text::TooLarge(metadata.len()));
            }
            File::open(path)
                .and_then(|f| f.take(limit).read_to_end(&mut bytes))
                .map_err(fail)?;
            if bytes.len() as u64 == limit {
                return Ok(Text::TooLarge(limit));
            }
        }
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err("cannot read the file: it is UTF-16 text (as Windows PowerShell writes by default); save it as UTF-8".into());
    }
    String::from_utf8(bytes).map(Text::Utf8).map_err(|e| {
        format!(
            "cannot read the file: it is not UTF-8 text (invalid byte at offset {}); save it as UTF-8",
            e.utf8_error().valid_up_to()
        )
    })
}
