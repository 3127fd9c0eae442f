//! The set-up, as a checklist read from the workspace itself.
//!
//! The seeds describe set-up as three steps in a fixed order (create a
//! service environment: mandatory; add certificates and secrets: optional,
//! but required when pipelines sign or call web services; configure
//! connected applications: optional) on top of Azure resources the
//! administrator prepares first (a Key Vault, a storage account whose SAS
//! URL is a Key Vault secret, the service's access to the vault).
//!
//! Every check here is computed from the workspace, so the home page can
//! never say "done" for something that is not there, and a check that
//! fails names the objects to fix. The one fact the workspace cannot hold
//! (the vault's access policy lives in Azure) is the administrator's own
//! confirmation, passed in and labelled as such; [`vault_access`](mod@vault_access) gives
//! the commands that grant it, for each vault the workspace names.

pub mod vault_access;

use crate::model::{EntryType, Workspace};
use crate::status::{self, Status};

/// How much a step matters for the set-up to work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// Nothing works without it.
    Required,
    /// Only some scenarios need it (the step says which).
    Optional,
}

/// Which item of the checklist a step is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StepId {
    KeyVault,
    SasSecret,
    /// The one item the workspace cannot show: the administrator ticks it.
    VaultAccess,
    Environments,
    Certificates,
    ConnectedApplications,
}

/// A page of the console, where a step is done.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    KeyVaults,
    Environments,
    ConnectedApplications,
}

/// Where to go to do something: a page, and the object to open on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub place: Place,
    /// The name of the object to open (an environment, a reference).
    pub item: Option<String>,
}

impl Link {
    fn to(place: Place) -> Link {
        Link { place, item: None }
    }

    fn open(place: Place, item: &str) -> Link {
        Link {
            place,
            item: Some(item.to_string()),
        }
    }
}

/// One thing a step needs, and whether the workspace has it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    pub text: &'static str,
    pub done: bool,
    /// What was found (when done) or what is missing (when not), naming
    /// the objects.
    pub detail: Option<String>,
    /// A best practice: shown, but the step is done without it.
    pub recommended: bool,
    /// Where to fix it, when it is not done.
    pub fix: Option<Link>,
}

impl Check {
    fn new(text: &'static str, done: bool) -> Check {
        Check {
            text,
            done,
            detail: None,
            recommended: false,
            fix: None,
        }
    }

    fn detail(mut self, detail: impl Into<String>) -> Check {
        self.detail = Some(detail.into());
        self
    }

    fn recommended(mut self) -> Check {
        self.recommended = true;
        self
    }

    fn fix(mut self, link: Link) -> Check {
        if !self.done {
            self.fix = Some(link);
        }
        self
    }
}

/// A step of the set-up, with its checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub id: StepId,
    pub title: &'static str,
    pub need: Need,
    /// What the step is and when it is needed, in a sentence or two.
    pub about: &'static str,
    /// The page that does it.
    pub link: Link,
    pub checks: Vec<Check>,
}

impl Step {
    /// Every check that is not only a recommendation is done.
    pub fn is_done(&self) -> bool {
        self.checks
            .iter()
            .filter(|c| !c.recommended)
            .all(|c| c.done)
    }
}

/// The Azure prerequisites, then the three set-up steps in their order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checklist {
    pub azure: Vec<Step>,
    pub steps: Vec<Step>,
}

impl Checklist {
    /// The checklist of `ws`. `vault_access_confirmed` is the
    /// administrator's word that the service may Get and List the vault's
    /// secrets (an Azure access policy the console cannot see).
    pub fn of(ws: &Workspace, vault_access_confirmed: bool) -> Checklist {
        Checklist {
            azure: vec![
                key_vault(ws),
                sas_secret(ws),
                vault_access(vault_access_confirmed),
            ],
            steps: vec![
                environments(ws),
                certificates(ws),
                connected_applications(ws),
            ],
        }
    }

    pub fn all(&self) -> impl Iterator<Item = &Step> {
        self.azure.iter().chain(&self.steps)
    }

    /// How many of the required items are done, out of how many.
    pub fn required_progress(&self) -> (usize, usize) {
        let required = self.all().filter(|s| s.need == Need::Required);
        let (mut done, mut total) = (0, 0);
        for step in required {
            total += 1;
            done += usize::from(step.is_done());
        }
        (done, total)
    }

    /// Every required item is done: environments can serve Finance.
    pub fn is_complete(&self) -> bool {
        let (done, total) = self.required_progress();
        done == total
    }
}

/// "UAT, PROD" (at most five names, then how many more).
fn names<'a>(names: impl Iterator<Item = &'a str>) -> String {
    let all: Vec<&str> = names.collect();
    const SHOWN: usize = 5;
    if all.len() <= SHOWN {
        all.join(", ")
    } else {
        format!("{} and {} more", all[..SHOWN].join(", "), all.len() - SHOWN)
    }
}

fn key_vault(ws: &Workspace) -> Step {
    let references = ws.key_vault_references();
    let found = references.first();
    let check = Check::new("A Key Vault reference names your vault", found.is_some())
        .fix(Link::to(Place::KeyVaults));
    let check = match found {
        Some(reference) => check.detail(format!("{}: {}", reference.name(), reference.uri())),
        None => check,
    };
    Step {
        id: StepId::KeyVault,
        title: "A Key Vault",
        need: Need::Required,
        about: "Create an Azure Key Vault in your subscription. It keeps the storage account's SAS URL and your certificates; the service reads them from it, and the console only ever holds their names.",
        link: Link::to(Place::KeyVaults),
        checks: vec![check],
    }
}

fn sas_secret(ws: &Workspace) -> Step {
    let found = ws.key_vault_references().iter().find_map(|r| {
        r.certificates()
            .iter()
            .find(|e| e.entry_type() == EntryType::Secret)
            .map(|e| (r, e))
    });
    let check = Check::new(
        "A Key Vault reference lists the secret that holds the SAS URL (Type: Secret)",
        found.is_some(),
    );
    let check = match found {
        Some((reference, entry)) => check.detail(format!("{}: {}", reference.name(), entry.name())),
        None => match ws.key_vault_references().first() {
            Some(reference) => check.fix(Link::open(Place::KeyVaults, reference.name().as_str())),
            None => check.fix(Link::to(Place::KeyVaults)),
        },
    };
    Step {
        id: StepId::SasSecret,
        title: "A storage account, its SAS URL kept as a Key Vault secret",
        need: Need::Required,
        about: "Create a storage account and a SAS URL for its container, and store that URL in the Key Vault as a secret. Here you enter only the secret's name: never the token itself.",
        link: Link::to(Place::KeyVaults),
        checks: vec![check],
    }
}

fn vault_access(confirmed: bool) -> Step {
    Step {
        id: StepId::VaultAccess,
        title: "The service may read the vault",
        need: Need::Required,
        about: "In the Key Vault's access policies (or its role assignments), give the e-Invoicing service Get and List on secrets and certificates: the Azure CLI commands below do it, with your vault's name filled in. The console cannot see Azure's settings, so this one is ticked by you.",
        link: Link::to(Place::KeyVaults),
        checks: vec![Check::new(
            "You confirmed that the service has Get and List access to the vault",
            confirmed,
        )],
    }
}

fn environments(ws: &Workspace) -> Step {
    let envs = ws.environments();
    let any = !envs.is_empty();
    let first = |missing: &[&str]| {
        missing
            .first()
            .map(|name| Link::open(Place::Environments, name))
            .unwrap_or_else(|| Link::to(Place::Environments))
    };

    let exists =
        Check::new("At least one service environment", any).fix(Link::to(Place::Environments));
    let exists = if any {
        exists.detail(names(envs.iter().map(|e| e.name().as_str())))
    } else {
        exists
    };

    let without_sas: Vec<&str> = envs
        .iter()
        .filter(|e| e.storage_sas_secret().is_none())
        .map(|e| e.name().as_str())
        .collect();
    let sas = Check::new(
        "Every environment has its Storage SAS token secret",
        any && without_sas.is_empty(),
    )
    .fix(first(&without_sas));
    let sas = if without_sas.is_empty() {
        sas
    } else {
        sas.detail(format!(
            "Not chosen yet: {}",
            names(without_sas.iter().copied())
        ))
    };

    let without_users: Vec<&str> = envs
        .iter()
        .filter(|e| e.users().is_empty())
        .map(|e| e.name().as_str())
        .collect();
    let users = Check::new(
        "Every environment lists the users who may submit through it",
        any && without_users.is_empty(),
    )
    .fix(first(&without_users));
    let users = if without_users.is_empty() {
        users
    } else {
        users.detail(format!(
            "No users yet: {}",
            names(without_users.iter().copied())
        ))
    };

    let unpublished: Vec<(&str, Status)> = envs
        .iter()
        .map(|e| (e.name().as_str(), status::of(ws, e)))
        .filter(|(_, s)| *s != Status::Published)
        .collect();
    let published = Check::new(
        "Every environment is published (Finance reaches only published ones)",
        any && unpublished.is_empty(),
    )
    .fix(first(
        &unpublished.iter().map(|(n, _)| *n).collect::<Vec<_>>(),
    ));
    let published = if unpublished.is_empty() {
        published
    } else {
        published.detail(names(
            unpublished
                .iter()
                .map(|(n, s)| format!("{n} ({})", s.label()))
                .collect::<Vec<_>>()
                .iter()
                .map(String::as_str),
        ))
    };

    let pair = Check::new(
        "At least two environments, such as UAT and PROD, so changes are tried before production",
        envs.len() >= 2,
    )
    .recommended()
    .fix(Link::to(Place::Environments));

    Step {
        id: StepId::Environments,
        title: "Create a service environment",
        need: Need::Required,
        about: "An environment names who may submit (users), which Key Vault secret unlocks the storage account, and which other applications may call the service. Nothing reaches the service until it is published.",
        link: Link::to(Place::Environments),
        checks: vec![exists, sas, users, published, pair],
    }
}

fn certificates(ws: &Workspace) -> Step {
    let references = ws.key_vault_references();
    let found: Vec<String> = references
        .iter()
        .flat_map(|r| {
            let entries = r
                .certificates()
                .iter()
                .filter(|e| e.entry_type() != EntryType::Secret)
                .map(move |e| format!("{}: {} ({})", r.name(), e.name(), e.entry_type().label()));
            let chains = r
                .chains()
                .iter()
                .map(move |c| format!("{}: {} (chain of certificates)", r.name(), c.name()));
            entries.chain(chains)
        })
        .collect();
    let any = Check::new(
        "A Key Vault reference lists a certificate or a chain of certificates",
        !found.is_empty(),
    )
    .fix(
        references
            .first()
            .map(|r| Link::open(Place::KeyVaults, r.name().as_str()))
            .unwrap_or_else(|| Link::to(Place::KeyVaults)),
    );
    let any = if found.is_empty() {
        any
    } else {
        any.detail(names(found.iter().map(String::as_str)))
    };
    let mut checks = vec![any];
    let empty_chains: Vec<(&str, String)> = references
        .iter()
        .flat_map(|r| {
            r.chains()
                .iter()
                .filter(|c| c.members().is_empty())
                .map(move |c| (r.name().as_str(), c.name().to_string()))
        })
        .collect();
    if let Some((reference, _)) = empty_chains.first() {
        checks.push(
            Check::new(
                "Every chain of certificates lists its certificates, root first",
                false,
            )
            .detail(format!(
                "Empty: {}",
                names(empty_chains.iter().map(|(_, chain)| chain.as_str()))
            ))
            .fix(Link::open(Place::KeyVaults, reference)),
        );
    }
    Step {
        id: StepId::Certificates,
        title: "Add certificates and secrets",
        need: Need::Optional,
        about: "Needed when processing pipelines sign documents or call external web services: list the Key Vault's certificates and secrets they use, by name.",
        link: Link::to(Place::KeyVaults),
        checks,
    }
}

fn connected_applications(ws: &Workspace) -> Step {
    let apps = ws.connected_applications();
    let linked: Vec<&str> = apps
        .iter()
        .filter(|a| !a.environments().is_empty())
        .map(|a| a.name().as_str())
        .collect();
    let check = Check::new(
        "A Finance instance is connected to an environment",
        !linked.is_empty(),
    )
    .fix(match apps.first() {
        Some(app) => Link::open(Place::ConnectedApplications, app.name().as_str()),
        None => Link::to(Place::ConnectedApplications),
    });
    let check = if linked.is_empty() {
        check
    } else {
        check.detail(names(linked.iter().copied()))
    };
    Step {
        id: StepId::ConnectedApplications,
        title: "Configure connected applications",
        need: Need::Optional,
        about: "Register the Finance or Supply Chain Management instances that use an environment, to deploy the configuration to them and to see the values they need.",
        link: Link::to(Place::ConnectedApplications),
        checks: vec![check],
    }
}
