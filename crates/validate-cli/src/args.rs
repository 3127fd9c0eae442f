//! The command line: files to check (`-` for standard input), one flag,
//! help and version. Small enough for std alone.

use std::ffi::OsString;
use std::path::PathBuf;

pub const USAGE: &str = "\
Usage: einvoicing-validate [--require-publishable] FILE...

Checks Electronic invoicing console workspace files with the console's own
rules (the format: docs/workspace-file.md). Reads workspace file versions 1
and 2 (a version 1 file is migrated to version 2 on reading, as the console
does). Prints every problem as FILE:POINTER: MESSAGE [RULE], then one summary
line per file, naming the version read. For a valid file, also lists each
environment that cannot be published yet as
FILE:/environments/N: not ready to publish: MESSAGE [publish].

  FILE                   a workspace file; - reads standard input
  --require-publishable  also fail when an environment cannot be published yet
  -h, --help             show this help
  -V, --version          show the version
  --                     what follows is a file, even if it starts with -

Exit status: 0 every file is valid; 1 a file is invalid (or, with
--require-publishable, not ready to publish); 2 a file cannot be read (missing,
a directory, not UTF-8) or the arguments are wrong.
";

/// Where a file's text comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Stdin,
    Path(PathBuf),
}

impl Input {
    /// How output lines name it.
    pub fn name(&self) -> String {
        match self {
            Input::Stdin => "<stdin>".into(),
            Input::Path(path) => path.display().to_string(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    Help,
    Version,
    Check {
        inputs: Vec<Input>,
        require_publishable: bool,
    },
}

/// The command the arguments (without the program name) ask for, or what
/// is wrong with them.
pub fn parse(args: impl IntoIterator<Item = OsString>) -> Result<Command, String> {
    let mut inputs = Vec::new();
    let mut require_publishable = false;
    let mut options = true;
    for arg in args {
        let text = arg.to_str();
        match text {
            Some("--") if options => options = false,
            Some("-h" | "--help") if options => return Ok(Command::Help),
            Some("-V" | "--version") if options => return Ok(Command::Version),
            Some("--require-publishable") if options => require_publishable = true,
            Some("-") => {
                if inputs.contains(&Input::Stdin) {
                    return Err("standard input (-) can be read only once".into());
                }
                inputs.push(Input::Stdin);
            }
            Some(option) if options && option.starts_with('-') => {
                return Err(format!("unknown option {option}"));
            }
            _ => inputs.push(Input::Path(PathBuf::from(arg))),
        }
    }
    if inputs.is_empty() {
        return Err("no file given".into());
    }
    Ok(Command::Check {
        inputs,
        require_publishable,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_strs(args: &[&str]) -> Result<Command, String> {
        parse(args.iter().map(OsString::from))
    }

    #[test]
    fn files_flags_and_stdin() {
        assert_eq!(
            parse_strs(&["a.json", "--require-publishable", "-"]),
            Ok(Command::Check {
                inputs: vec![Input::Path("a.json".into()), Input::Stdin],
                require_publishable: true,
            })
        );
        assert_eq!(
            parse_strs(&["--", "--help"]),
            Ok(Command::Check {
                inputs: vec![Input::Path("--help".into())],
                require_publishable: false,
            })
        );
        assert_eq!(parse_strs(&["a", "-h"]), Ok(Command::Help));
        assert_eq!(parse_strs(&["--version"]), Ok(Command::Version));
    }

    #[test]
    fn wrong_arguments_are_named() {
        assert_eq!(parse_strs(&[]), Err("no file given".into()));
        assert_eq!(
            parse_strs(&["--strict", "a"]),
            Err("unknown option --strict".into())
        );
        assert!(parse_strs(&["-", "-"]).is_err());
    }
}
