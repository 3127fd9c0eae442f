//! `einvoicing-validate`: checks workspace files (`docs/workspace-file.md`)
//! with the console's own rules, so a pipeline or a pre-commit hook refuses
//! what the console would refuse on import.
//!
//! Every problem is printed as `FILE:POINTER: MESSAGE [RULE]`, one a line,
//! then a summary per file. Exit status: 0 when every file is valid, 1 when
//! one is invalid (or, with `--require-publishable`, has an environment
//! that cannot be published yet), 2 when a file cannot be read or the
//! arguments are wrong. Four options need no argument parser: std only.

mod args;
mod read;
mod report;

use std::io::Write;
use std::process::ExitCode;

use args::Command;
use report::Outcome;

fn main() -> ExitCode {
    let command = match args::parse(std::env::args_os().skip(1)) {
        Ok(command) => command,
        Err(problem) => {
            eprintln!("einvoicing-validate: {problem}\n\n{}", args::USAGE);
            return ExitCode::from(2);
        }
    };
    let (inputs, require_publishable) = match command {
        Command::Help => {
            print!("{}", args::USAGE);
            return ExitCode::SUCCESS;
        }
        Command::Version => {
            let (oldest, newest) = (domain::file::OLDEST_VERSION, domain::file::VERSION);
            let versions = if oldest + 1 == newest { "and" } else { "to" };
            println!(
                "einvoicing-validate {} (reads workspace file versions {oldest} {versions} {newest})",
                env!("CARGO_PKG_VERSION"),
            );
            return ExitCode::SUCCESS;
        }
        Command::Check {
            inputs,
            require_publishable,
        } => (inputs, require_publishable),
    };
    let mut worst = Outcome::Valid;
    let stdout = std::io::stdout();
    for input in &inputs {
        let name = input.name();
        let outcome = match read::read(input) {
            Ok(read::Text::Utf8(text)) => {
                let report = report::check(&name, &text, require_publishable);
                let mut out = stdout.lock();
                for line in &report.lines {
                    // A closed pipe (`| head`) is not the file's fault.
                    let _ = writeln!(out, "{line}");
                }
                report.outcome
            }
            Ok(read::Text::TooLarge(bytes)) => {
                let report = report::too_large(&name, bytes);
                let mut out = stdout.lock();
                for line in &report.lines {
                    let _ = writeln!(out, "{line}");
                }
                report.outcome
            }
            Err(problem) => {
                eprintln!("{name}: {problem}");
                Outcome::Unreadable
            }
        };
        worst = worst.max(outcome);
    }
    ExitCode::from(worst.exit_code())
}
