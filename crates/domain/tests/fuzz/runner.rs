//! Runs the targets, counts, and prints the table.

use std::any::Any;
use std::cell::{Cell, RefCell};
use std::io::Write;
use std::panic::{self, AssertUnwindSafe};
use std::time::Instant;

use proptest::strategy::Strategy;
use proptest::test_runner::{Config, RngAlgorithm, RngSeed, TestCaseError, TestError, TestRunner};

/// The seed when `FUZZ_SEED` is not set: every run tries the same inputs.
pub const DEFAULT_SEED: u64 = 20_261_122;
/// Inputs per target when neither `FUZZ_INPUTS` nor `FUZZ_INPUTS_PER_TARGET`
/// is set (a plain `cargo test`).
const DEFAULT_PER_TARGET: u64 = 100;
/// Longest shown part of a failing input.
const SHOWN_INPUT: usize = 1_500;
/// What a panic's failure reason starts with.
const PANIC: &str = "panicked: ";

/// What a target made of one input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// A value was built, or the answer read as what was asked for.
    Accepted,
    /// Refused with a message (or read as a failure to report).
    Refused,
}

type Check<V> = dyn Fn(V) -> Result<Verdict, TestCaseError>;

/// One row of the table: a constructor or parser and how its inputs are made.
pub struct Target {
    pub name: &'static str,
    run: Box<dyn Fn(u32, u64) -> Report>,
}

/// A target whose inputs come from `strategy` (built when the target runs)
/// and whose invariants `check` asserts.
pub fn target<S, M, F>(name: &'static str, strategy: M, check: F) -> Target
where
    S: Strategy + 'static,
    M: Fn() -> S + 'static,
    F: Fn(S::Value) -> Result<Verdict, TestCaseError> + 'static,
{
    let check: Box<Check<S::Value>> = Box::new(check);
    Target {
        name,
        run: Box::new(move |cases, seed| run(&strategy(), &*check, cases, seed)),
    }
}

#[derive(Debug, Default)]
struct Report {
    inputs: u64,
    accepted: u64,
    refused: u64,
    panics: u64,
    failures: u64,
    seconds: f64,
    /// The minimal failing input and why it failed.
    failure: Option<(String, String)>,
}

thread_local! {
    static IN_CASE: Cell<bool> = const { Cell::new(false) };
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Panics inside a case are recorded (message and place) instead of printed:
/// shrinking may panic hundreds of times. Any other panic is printed as usual.
fn quiet_panics_in_cases() {
    let default = panic::take_hook();
    panic::set_hook(Box::new(move |info| {
        if IN_CASE.with(Cell::get) {
            let place = info
                .location()
                .map(|l| format!(" at {}:{}:{}", l.file(), l.line(), l.column()))
                .unwrap_or_default();
            let text = format!("{}{place}", payload_text(info.payload()));
            LAST_PANIC.with(|p| *p.borrow_mut() = Some(text));
        } else {
            default(info);
        }
    }));
}

fn payload_text(payload: &(dyn Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic with no message".into())
}

/// Runs `f`, turning a panic into `Err(message at place)`.
fn catching<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    IN_CASE.with(|c| c.set(true));
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    IN_CASE.with(|c| c.set(false));
    result.map_err(|payload| {
        LAST_PANIC
            .with(|p| p.borrow_mut().take())
            .unwrap_or_else(|| payload_text(&*payload))
    })
}

fn run<S: Strategy>(strategy: &S, check: &Check<S::Value>, cases: u32, seed: u64) -> Report {
    let config = Config {
        cases,
        rng_algorithm: RngAlgorithm::ChaCha,
        rng_seed: RngSeed::Fixed(seed),
        failure_persistence: None,
        max_shrink_iters: 20_000,
        max_shrink_time: 120_000,
        verbose: 0,
        ..Config::default()
    };
    let mut runner = TestRunner::new(config);
    let (inputs, accepted, refused) = (Cell::new(0), Cell::new(0), Cell::new(0));
    // After the first failure the runner only shrinks: those runs are not
    // counted as inputs.
    let shrinking = Cell::new(false);
    let started = Instant::now();
    let result = runner.run(strategy, |value| {
        let outcome = catching(|| check(value))
            .unwrap_or_else(|panic| Err(TestCaseError::fail(format!("{PANIC}{panic}"))));
        if !shrinking.get() {
            inputs.set(inputs.get() + 1);
            match outcome {
                Ok(Verdict::Accepted) => accepted.set(accepted.get() + 1),
                Ok(Verdict::Refused) => refused.set(refused.get() + 1),
                Err(_) => shrinking.set(true),
            }
        }
        outcome.map(|_| ())
    });
    let mut report = Report {
        inputs: inputs.get(),
        accepted: accepted.get(),
        refused: refused.get(),
        seconds: started.elapsed().as_secs_f64(),
        ..Report::default()
    };
    let failure = match result {
        Ok(()) => None,
        Err(TestError::Fail(reason, value)) => Some((reason.to_string(), format!("{value:#?}"))),
        Err(TestError::Abort(reason)) => Some((reason.to_string(), String::new())),
    };
    if let Some((reason, input)) = failure {
        if reason.starts_with(PANIC) {
            report.panics = 1;
        } else {
            report.failures = 1;
        }
        report.failure = Some((reason, input));
    }
    report
}

/// `1234567` as `1,234,567`.
pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let head = match digits.len() % 3 {
        0 => 3,
        h => h,
    };
    let (first, rest) = digits.split_at(head.min(digits.len()));
    let mut parts = vec![first];
    parts.extend(
        rest.as_bytes()
            .chunks(3)
            .map(|c| std::str::from_utf8(c).unwrap()),
    );
    parts.join(",")
}

/// The target's own seed: the run's seed mixed with the target's name
/// (FNV-1a), so adding a target changes no other target's inputs.
fn seed_of(seed: u64, name: &str) -> u64 {
    name.bytes().fold(seed ^ 0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn env_number(name: &str) -> Option<u64> {
    let text = std::env::var(name).ok()?;
    let digits: String = text.chars().filter(|c| !matches!(c, '_' | ',')).collect();
    match digits.trim().parse() {
        Ok(n) => Some(n),
        Err(_) => {
            eprintln!("fuzz: {name}={text:?} is not a number");
            std::process::exit(2);
        }
    }
}

/// The filters: arguments that are not flags, and `FUZZ_ONLY`.
fn filters(args: &[String]) -> Vec<String> {
    // libtest flags cargo may pass, some with a value after them.
    const WITH_VALUE: [&str; 5] = ["--test-threads", "--color", "--format", "--logfile", "-Z"];
    let mut out = Vec::new();
    let mut skip_next = false;
    for arg in args {
        if std::mem::take(&mut skip_next) {
            continue;
        }
        if arg.starts_with('-') {
            skip_next = WITH_VALUE.contains(&arg.as_str());
        } else {
            out.push(arg.clone());
        }
    }
    if let Ok(only) = std::env::var("FUZZ_ONLY") {
        out.extend(
            only.split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from),
        );
    }
    out
}

/// `text` with hidden characters escaped (a panic's message quotes its
/// input raw), then at most `max` characters.
fn shown(text: &str, max: usize) -> String {
    let escaped: String = text
        .chars()
        .map(|c| {
            if hidden(c) && c != '\n' {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect();
    shorten(&escaped, max)
}

fn shorten(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((cut, _)) => format!(
            "{}… ({} more characters)",
            &text[..cut],
            text[cut..].chars().count()
        ),
        None => text.to_string(),
    }
}

/// Runs the targets the arguments and environment select; returns the exit
/// status (0 when no target panicked or broke an invariant).
pub fn main(targets: Vec<Target>) -> i32 {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--list") {
        for t in &targets {
            println!("{}: test", t.name);
        }
        return 0;
    }
    let filters = filters(&args);
    let selected: Vec<&Target> = targets
        .iter()
        .filter(|t| filters.is_empty() || filters.iter().any(|f| t.name.contains(f.as_str())))
        .collect();
    if selected.is_empty() {
        if std::env::var_os("FUZZ_ONLY").is_some() {
            eprintln!("fuzz: no target matches {filters:?} (--list shows them)");
            return 2;
        }
        // As libtest does: a filter meant for other tests of the crate
        // (`cargo test -p einvoicing-domain -- some_test`) runs nothing here.
        println!("fuzz: no target matches {filters:?} (--list shows them)");
        println!(
            "\ntest result: ok. 0 passed; 0 failed; 0 ignored; 0 measured; {} filtered out; finished in 0.00s\n",
            targets.len()
        );
        return 0;
    }
    let seed = env_number("FUZZ_SEED").unwrap_or(DEFAULT_SEED);
    let per_target = match (
        env_number("FUZZ_INPUTS"),
        env_number("FUZZ_INPUTS_PER_TARGET"),
    ) {
        (Some(total), _) => total.div_ceil(selected.len() as u64),
        (None, Some(n)) => n,
        (None, None) => DEFAULT_PER_TARGET,
    };
    let cases = u32::try_from(per_target.max(1)).unwrap_or(u32::MAX);
    quiet_panics_in_cases();

    println!(
        "fuzz: {} targets, {} inputs each, seed {seed}",
        selected.len(),
        grouped(cases.into())
    );
    let width = selected.iter().map(|t| t.name.len()).max().unwrap_or(6);
    let row = |cells: [&str; 7]| {
        println!(
            "| {:<width$} | {:>9} | {:>9} | {:>9} | {:>6} | {:>8} | {:>7} |",
            cells[0], cells[1], cells[2], cells[3], cells[4], cells[5], cells[6]
        );
        let _ = std::io::stdout().flush();
    };
    row([
        "target", "inputs", "accepted", "refused", "panics", "failures", "seconds",
    ]);
    println!(
        "|:{}-|{}:|{}:|{}:|{}:|{}:|{}:|",
        "-".repeat(width),
        "-".repeat(10),
        "-".repeat(10),
        "-".repeat(10),
        "-".repeat(7),
        "-".repeat(9),
        "-".repeat(8)
    );

    let started = Instant::now();
    let mut total = Report::default();
    let mut failed = Vec::new();
    for t in &selected {
        let report = (t.run)(cases, seed_of(seed, t.name));
        row([
            t.name,
            &grouped(report.inputs),
            &grouped(report.accepted),
            &grouped(report.refused),
            &grouped(report.panics),
            &grouped(report.failures),
            &format!("{:.1}", report.seconds),
        ]);
        total.inputs += report.inputs;
        total.accepted += report.accepted;
        total.refused += report.refused;
        total.panics += report.panics;
        total.failures += report.failures;
        if let Some(failure) = report.failure {
            failed.push((t.name, failure));
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    row([
        "total",
        &grouped(total.inputs),
        &grouped(total.accepted),
        &grouped(total.refused),
        &grouped(total.panics),
        &grouped(total.failures),
        &format!("{seconds:.1}"),
    ]);
    println!(
        "\ntotal: {} inputs, {} panics, {} invariant failures ({} targets, seed {seed}, {seconds:.1} s)",
        grouped(total.inputs),
        grouped(total.panics),
        grouped(total.failures),
        selected.len(),
    );
    for (name, (reason, input)) in &failed {
        println!("\nFAILED {name}: {}", shown(reason, SHOWN_INPUT));
        if !input.is_empty() {
            println!("minimal input:\n{}", shown(input, SHOWN_INPUT));
        }
        println!(
            "reproduce: FUZZ_SEED={seed} FUZZ_INPUTS_PER_TARGET={cases} cargo test -p einvoicing-domain --test fuzz -- '{name}'"
        );
    }
    // The line libtest prints, so scripts/test counts the targets as tests.
    println!(
        "\ntest result: {}. {} passed; {} failed; 0 ignored; 0 measured; {} filtered out; finished in {seconds:.2}s\n",
        if failed.is_empty() { "ok" } else { "FAILED" },
        selected.len() - failed.len(),
        failed.len(),
        targets.len() - selected.len(),
    );
    i32::from(!failed.is_empty())
}

/// Control characters and the invisible or direction-changing ones: what
/// `domain::values::quoted` escapes and no message may carry raw.
pub use domain::values::is_hidden_control as hidden;

/// The invariant of every message an administrator reads: not empty, and
/// no raw control or hidden character.
pub fn readable(message: &str) -> Result<(), TestCaseError> {
    proptest::prop_assert!(!message.trim().is_empty(), "an empty message");
    proptest::prop_assert!(
        !message.chars().any(hidden),
        "a raw hidden character in the message {:?}",
        message
    );
    Ok(())
}
