//! Stand-ins for values that failed their constructor (the failure is
//! already reported), so the item still takes part in the checks across
//! objects. A workspace holding one is never returned: the import has a
//! problem, so it ends in `Err`.

use crate::values::{
    ApplicationUrl, EnvironmentName, Guid, Justification, KeyVaultUri, Name, Tenant,
};

pub(super) fn name() -> Name {
    Name::parse("unnamed").expect("a plain word is a name")
}

/// A name for a chain checked under a stand-in; `n` keeps it apart from
/// the reference's other chains.
pub(super) fn chain_name(n: usize) -> Name {
    Name::parse(&format!("unnamed chain {n}")).expect("words and a number are a name")
}

pub(super) fn key_vault_uri() -> KeyVaultUri {
    KeyVaultUri::parse("https://unnamed.vault.azure.net/").expect("a public-cloud vault URI")
}

/// A name for an environment checked on the side; the index keeps it
/// unique there.
pub(super) fn environment_name(index: usize) -> EnvironmentName {
    EnvironmentName::parse(&format!("unnamed-{index}")).expect("letters, digits and '-'")
}

pub(super) fn guid() -> Guid {
    Guid::parse("00000000-0000-0000-0000-000000000000").expect("the nil GUID")
}

pub(super) fn justification() -> Justification {
    Justification::parse("unnamed").expect("a plain word is a justification")
}

pub(super) fn application_url() -> ApplicationUrl {
    ApplicationUrl::parse("https://unnamed.operations.dynamics.com/").expect("an https URL")
}

pub(super) fn tenant() -> Tenant {
    Tenant::parse("unnamed.onmicrosoft.com").expect("a domain")
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_stand_in_is_valid() {
        super::name();
        super::chain_name(usize::MAX);
        super::key_vault_uri();
        super::environment_name(usize::MAX);
        super::guid();
        super::justification();
        super::application_url();
        super::tenant();
    }
}
