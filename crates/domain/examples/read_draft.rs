//! How long reading a stored 10,000-user workspace takes natively, phase
//! by phase: the benchmark's workspace (tests/bench/workspace.mjs: one
//! environment, users `user00001` … with `user00001@contoso.com` …), parsed
//! and re-validated as the page does at start-up, then written again.
//!
//!   cargo run --release -p einvoicing-domain --example read_draft [users] [runs]
//!
//! The page runs the same code as wasm, several times slower (its measure
//! `einvoicing:load-workspace`, docs/benchmarks.md); this one tells which
//! phase a change moved, without a browser and with less noise.

use std::time::{Duration, Instant};

use domain::model::Workspace;
use domain::values::{refuse_secret, Email, UserId};

fn workspace_json(users: usize) -> String {
    let list: Vec<String> = (1..=users)
        .map(|n| format!(r#"{{"userId":"user{n:05}","email":"user{n:05}@contoso.com"}}"#))
        .collect();
    format!(
        r#"{{"nextId":3,"keyVaultReferences":[{{"id":1,"name":"ContosoKV","description":"","uri":"https://contoso-einvoicing.vault.azure.net/","certificates":[{{"id":2,"name":"einvoicing-sas","description":"","type":"secret"}}],"chains":[]}}],"environments":[{{"id":3,"name":"UAT","description":"Validation before production","storageSasSecret":{{"reference":1,"entry":2}},"keyVaultReferences":[],"users":[{}],"applications":[],"numberSequences":[],"publication":null}}],"connectedApplications":[],"settings":{{}}}}"#,
        list.join(",")
    )
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn main() {
    let mut args = std::env::args().skip(1);
    let users: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let runs: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(15);
    let json = workspace_json(users);
    let values: Vec<(String, String)> = (1..=users)
        .map(|n| (format!("user{n:05}"), format!("user{n:05}@contoso.com")))
        .collect();

    let mut phases: Vec<(&str, Vec<Duration>)> = Vec::new();
    let mut time = |name: &'static str, work: &mut dyn FnMut()| {
        let started = Instant::now();
        work();
        let took = started.elapsed();
        match phases.iter_mut().find(|(n, _)| *n == name) {
            Some((_, samples)) => samples.push(took),
            None => phases.push((name, vec![took])),
        }
    };
    for _ in 0..runs {
        let mut workspace = None;
        time(
            "read the workspace (JSON, every value, integrity)",
            &mut || {
                workspace =
                    Some(serde_json::from_str::<Workspace>(&json).expect("the draft reads"));
            },
        );
        let workspace = workspace.expect("read");
        time(
            "  for scale: the same JSON as a serde_json::Value",
            &mut || {
                serde_json::from_str::<serde_json::Value>(&json).expect("JSON");
            },
        );
        time("  of which: every User ID (UserId::parse)", &mut || {
            values
                .iter()
                .for_each(|(u, _)| drop(UserId::parse(u).expect("valid")));
        });
        time("  of which: every Email (Email::parse)", &mut || {
            values
                .iter()
                .for_each(|(_, e)| drop(Email::parse(e).expect("valid")));
        });
        time(
            "  of which: the secret check of every email (refuse_secret)",
            &mut || {
                values
                    .iter()
                    .for_each(|(_, e)| refuse_secret(e).expect("no secret"));
            },
        );
        time(
            "  of which: the workspace's integrity (Workspace::check)",
            &mut || {
                workspace.check().expect("consistent");
            },
        );
        time("write it again (serde_json::to_string)", &mut || {
            drop(serde_json::to_string(&workspace).expect("writes"));
        });
    }
    println!("Reading a stored workspace of {users} users, natively; median of {runs} runs\n");
    println!("| Phase | Median |\n| --- | ---: |");
    for (name, samples) in phases {
        println!(
            "| {name} | {:.2} ms |",
            median(samples).as_secs_f64() * 1000.0
        );
    }
    println!("\n({} bytes of JSON)", json.len());
}
