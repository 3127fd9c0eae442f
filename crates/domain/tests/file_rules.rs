//! Every rule of the workspace file, each produced by a crafted bad file
//! (the tables are in `file_fixtures/cases_*.rs`): the exact pointer and
//! rule code of the one problem it causes, so one mistake neither hides nor
//! multiplies others.

mod file_fixtures;

use domain::file::{import, rule};
use file_fixtures::edit::{base, failing};
use file_fixtures::{cases_links, cases_v2, cases_values};

#[test]
fn the_base_file_is_valid() {
    let text = serde_json::to_string_pretty(&base()).unwrap();
    import(&text).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn each_broken_value_reports_its_one_problem_at_its_pointer() {
    let failures = failing(cases_values::CASES);
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn each_broken_version_2_value_reports_its_one_problem_at_its_pointer() {
    let failures = failing(cases_v2::CASES);
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn each_broken_link_or_document_reports_its_one_problem_at_its_pointer() {
    let failures = failing(cases_links::CASES);
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn every_rule_code_is_exercised_here_or_is_not_an_import_rule() {
    let mut seen: Vec<&str> = cases_values::CASES
        .iter()
        .chain(cases_v2::CASES)
        .chain(cases_links::CASES)
        .map(|c| c.3)
        .collect();
    // file_problems.rs: text that is not JSON or is over a limit, and a
    // field named twice.
    seen.extend([
        rule::JSON,
        rule::TOO_DEEP,
        rule::TOO_LARGE,
        rule::DUPLICATE_FIELD,
    ]);
    for code in rule::ALL {
        if [rule::WORKSPACE, rule::PUBLISH].contains(code) {
            continue;
        }
        assert!(seen.contains(code), "no test produces {code}");
    }
}
