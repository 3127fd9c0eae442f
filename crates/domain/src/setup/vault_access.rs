//! The commands that give the e-Invoicing service its access to a vault,
//! with the vault's name filled in.
//!
//! The checklist's vault-access item is the one thing the console cannot
//! see (Azure keeps it), so it stays the administrator's own tick; what the
//! console can do is hand over the exact Azure CLI commands, one set per
//! vault the workspace names. They are built here, once, from a validated
//! [`KeyVaultUri`], so the page only shows text: nothing else is ever
//! interpolated, and the vault name goes through [`shell_word`] (a
//! [`VaultName`] is `[0-9a-z-]`, so it never needs quoting; the function
//! proves it rather than trusting it).
//!
//! Sources (Microsoft Learn):
//! - "Configure an Azure key vault in the Azure portal" (Electronic
//!   invoicing): the principal is **e-Invoicing Service**, application ID
//!   `ecd93392-c922-4f48-9ddf-10741e4a9b65`; it needs Get and List on
//!   secrets and on certificates; a tenant that lacks the principal creates
//!   it from that application ID.
//!   <https://learn.microsoft.com/dynamics365/finance/localizations/global/gs-e-invoicing-create-azure-key-vault-azure-portal>
//! - "Assign a Key Vault access policy" and the `az keyvault set-policy`
//!   reference (`--spn`, `--secret-permissions`, `--certificate-permissions`,
//!   space-separated lists).
//!   <https://learn.microsoft.com/azure/key-vault/general/assign-access-policy>,
//!   <https://learn.microsoft.com/cli/azure/keyvault#az-keyvault-set-policy>
//! - "Provide access to Key Vault keys, certificates, and secrets with Azure
//!   role-based access control": the built-in data-plane roles. **Key Vault
//!   Secrets User** ("Read secret contents", 4633458b-17de-408a-b874-0445c86b69e6:
//!   secrets getSecret and readMetadata, that is Get and List) and **Key Vault
//!   Certificate User** ("Read entire certificate contents including secret
//!   and key portion", db79e9a7-68ee-4b58-9aeb-b90e7c24fcba: certificates read,
//!   the certificate's secret and key). Both read only; Key Vault Reader is
//!   not enough (no secret contents), the Officer roles write.
//!   <https://learn.microsoft.com/azure/key-vault/general/rbac-guide>,
//!   <https://learn.microsoft.com/azure/role-based-access-control/built-in-roles/security>
//! - "Assign Azure roles using Azure CLI": `az role assignment create
//!   --assignee … --role … --scope …`.
//!   <https://learn.microsoft.com/azure/role-based-access-control/role-assignments-cli>
//! - `az ad sp create --id` (identifier URI, application ID or object ID).
//!   <https://learn.microsoft.com/cli/azure/ad/sp#az-ad-sp-create>
//! - "Azure cloud management with the Azure CLI": `az cloud set --name
//!   AzureChinaCloud` / `AzureUSGovernment`, then sign in again.
//!   <https://learn.microsoft.com/cli/azure/manage-clouds-azure-cli>
//!
//! Choices, each for a reason:
//! - The role assignment's scope is the vault's resource ID, read with `az
//!   keyvault show` so only the vault name is needed; the assignments run
//!   only if that read succeeded and gave an ID (`&& [ -n … ] &&`): `az
//!   role assignment create` with an empty `--scope` would assign at the
//!   whole subscription.
//! - No `#` comments in the command text: zsh, the default shell on macOS,
//!   runs a pasted `# …` line as a command.
//! - Role names, not role IDs: they say what is granted to the person who
//!   reads them; the IDs are above.

use std::borrow::Cow;

use crate::model::Workspace;
use crate::values::{KeyVaultCloud, KeyVaultUri, VaultName};

/// The e-Invoicing service's Entra application ID (Microsoft's, the same in
/// every tenant).
pub const SERVICE_APP_ID: &str = "ecd93392-c922-4f48-9ddf-10741e4a9b65";

/// The principal's display name in a tenant.
pub const SERVICE_NAME: &str = "e-Invoicing Service";

/// The built-in role that reads secrets (Get, List).
pub const SECRETS_ROLE: &str = "Key Vault Secrets User";

/// The built-in role that reads certificates (Get, List), with their
/// secret and key portion.
pub const CERTIFICATES_ROLE: &str = "Key Vault Certificate User";

/// What a block of commands is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Purpose {
    /// Point the Azure CLI at the vault's cloud (China, US Government).
    Cloud,
    /// Which permission model the vault uses, and whether the tenant has
    /// the service's principal.
    Check,
    /// Create the service's principal in a tenant that lacks it.
    ServicePrincipal,
    /// A vault that uses access policies.
    AccessPolicies,
    /// A vault that uses Azure RBAC.
    Rbac,
}

impl Purpose {
    /// What the block is, in a phrase that follows "Copy": "Copy the
    /// access-policy commands for contoso-einvoicing".
    pub fn phrase(self) -> &'static str {
        match self {
            Purpose::Cloud => "the cloud commands",
            Purpose::Check => "the check commands",
            Purpose::ServicePrincipal => "the service-principal command",
            Purpose::AccessPolicies => "the access-policy command",
            Purpose::Rbac => "the role-assignment commands",
        }
    }
}

/// One block of commands to copy and run, in bash (Azure Cloud Shell or a
/// local Azure CLI).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commands {
    pub purpose: Purpose,
    pub title: &'static str,
    /// When to run it, and what its output means.
    pub about: String,
    /// The text to paste: lines joined by `\n`, no trailing newline.
    pub text: String,
}

/// What can be run for one vault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Access {
    /// The blocks, in the order to read them.
    Commands(Vec<Commands>),
    /// Why there is nothing to run (a cloud the Azure CLI cannot reach).
    Unavailable(String),
}

/// One vault the workspace names, with the references that name it and
/// the commands that give the service its access.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VaultAccess {
    pub uri: KeyVaultUri,
    /// The Key Vault references that name this vault, in workspace order.
    pub references: Vec<String>,
    pub access: Access,
}

impl VaultAccess {
    pub fn vault(&self) -> &VaultName {
        self.uri.vault_name()
    }

    pub fn cloud(&self) -> KeyVaultCloud {
        self.uri.cloud()
    }
}

/// Every vault the workspace's references name (each once, in the order
/// the references come), with its commands. A reference whose stored URI is
/// refused today (a Managed HSM's, kept from an earlier release) names no
/// vault the service can read: Key Vault parameters marks it, and it has no
/// commands here.
pub fn of(ws: &Workspace) -> Vec<VaultAccess> {
    let mut vaults: Vec<VaultAccess> = Vec::new();
    for reference in ws.key_vault_references() {
        let Some(uri) = reference.uri().valid() else {
            continue;
        };
        let name = reference.name().to_string();
        match vaults.iter_mut().find(|v| &v.uri == uri) {
            Some(vault) => vault.references.push(name),
            None => vaults.push(VaultAccess {
                uri: uri.clone(),
                references: vec![name],
                access: for_vault(uri),
            }),
        }
    }
    vaults
}

/// The Azure CLI's name for the cloud a vault is in (`az cloud set
/// --name`); `None` for a cloud it cannot reach.
fn cli_cloud(cloud: KeyVaultCloud) -> Option<&'static str> {
    match cloud {
        KeyVaultCloud::Public => Some("AzureCloud"),
        KeyVaultCloud::China => Some("AzureChinaCloud"),
        KeyVaultCloud::UsGovernment => Some("AzureUSGovernment"),
        // Microsoft Cloud Deutschland is closed: there is nothing to grant
        // there.
        KeyVaultCloud::GermanyRetired => None,
    }
}

/// The commands for the vault at `uri`.
pub fn for_vault(uri: &KeyVaultUri) -> Access {
    let cloud = uri.cloud();
    let Some(cli_cloud) = cli_cloud(cloud) else {
        let mut why = format!(
            "There is nothing to run for {uri}: the e-Invoicing service reads secrets and certificates from a vault in Azure (global), Azure operated by 21Vianet (China) or Azure Government (US), and this one is in {}.",
            cloud.name()
        );
        for warning in uri.warnings() {
            why.push(' ');
            why.push_str(&warning.to_string());
        }
        return Access::Unavailable(why);
    };
    let vault = shell_word(uri.vault_name().as_str());
    let app = SERVICE_APP_ID;
    let mut blocks = Vec::with_capacity(5);
    if cloud != KeyVaultCloud::Public {
        blocks.push(Commands {
            purpose: Purpose::Cloud,
            title: "First, the vault's cloud",
            about: format!(
                "This vault is in {}: point the Azure CLI at that cloud and sign in there before the commands below (az cloud set --name AzureCloud goes back to global Azure).",
                cloud.name()
            ),
            text: format!("az cloud set --name {cli_cloud}\naz login"),
        });
    }
    blocks.push(Commands {
        purpose: Purpose::Check,
        title: "Check the vault and the tenant",
        about: format!(
            "The first line prints true when the vault uses Azure RBAC (use the role assignments below) and false, or nothing, when it uses access policies. The second prints {SERVICE_NAME}, or fails when the tenant lacks the service's principal (create it below). The Azure CLI looks for the vault in its active subscription (az account set --subscription chooses another)."
        ),
        text: format!(
            "az keyvault show --name {vault} \\\n  --query properties.enableRbacAuthorization --output tsv\naz ad sp show --id {app} \\\n  --query displayName --output tsv"
        ),
    });
    blocks.push(Commands {
        purpose: Purpose::ServicePrincipal,
        title: "Only if the tenant lacks the e-Invoicing Service",
        about: format!(
            "Creates the service's principal in your tenant from Microsoft's application ID, once per tenant. Needed when the check above fails on its second line, or the portal's list of principals has no {SERVICE_NAME}."
        ),
        text: format!("az ad sp create --id {app}"),
    });
    blocks.push(Commands {
        purpose: Purpose::AccessPolicies,
        title: "A vault that uses access policies",
        about: "Adds an access policy for the e-Invoicing Service: Get and List on secrets and on certificates, nothing more.".to_string(),
        text: format!(
            "az keyvault set-policy --name {vault} \\\n  --spn {app} \\\n  --secret-permissions get list \\\n  --certificate-permissions get list"
        ),
    });
    blocks.push(Commands {
        purpose: Purpose::Rbac,
        title: "A vault that uses Azure RBAC",
        about: format!(
            "Assigns the e-Invoicing Service two read-only built-in roles on this vault only: {SECRETS_ROLE} (Get and List on secrets) and {CERTIFICATES_ROLE} (Get and List on certificates, with their private key). Assigning roles takes the right to do so on the vault (Owner or User Access Administrator, for example); a new assignment can take a few minutes to apply."
        ),
        text: format!(
            "VAULT_ID=$(az keyvault show --name {vault} --query id --output tsv) &&\n[ -n \"$VAULT_ID\" ] &&\naz role assignment create --assignee {app} \\\n  --role \"{SECRETS_ROLE}\" --scope \"$VAULT_ID\" &&\naz role assignment create --assignee {app} \\\n  --role \"{CERTIFICATES_ROLE}\" --scope \"$VAULT_ID\""
        ),
    });
    Access::Commands(blocks)
}

/// `word` as one bash word: as it is when every character is one a shell
/// never treats specially, otherwise single-quoted (`'` written `'\''`).
pub fn shell_word(word: &str) -> Cow<'_, str> {
    let plain = |c: char| {
        c.is_ascii_alphanumeric()
            || matches!(c, '-' | '_' | '.' | '/' | ':' | '@' | '%' | '+' | ',' | '=')
    };
    if !word.is_empty() && word.chars().all(plain) {
        return Cow::Borrowed(word);
    }
    let mut quoted = String::with_capacity(word.len() + 2);
    quoted.push('\'');
    for c in word.chars() {
        match c {
            '\'' => quoted.push_str(r"'\''"),
            c => quoted.push(c),
        }
    }
    quoted.push('\'');
    Cow::Owned(quoted)
}
