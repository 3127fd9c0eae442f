//! Connected applications: the Finance / Supply Chain Management instances
//! that use service environments.
//!
//! Finance needs two values from this console for each environment it uses:
//! the service endpoint URL and the environment's name. [`FinanceValues`]
//! holds them ready to copy.

use serde::{Deserialize, Serialize};

use super::Id;
use crate::values::{ApplicationUrl, EndpointUrl, EnvironmentName, Name, Tenant};

/// The validated fields of a connected application.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnectedApplicationInput {
    pub name: Name,
    pub url: ApplicationUrl,
    pub tenant: Tenant,
}

/// An instance of Dynamics 365 Finance that the configuration is deployed
/// to. Its Type is always Dynamics 365 Finance (the only type RCS offers).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ConnectedApplication {
    pub(crate) id: Id,
    pub(crate) name: Name,
    pub(crate) url: ApplicationUrl,
    pub(crate) tenant: Tenant,
    #[serde(default)]
    pub(crate) environments: Vec<Id>,
}

impl ConnectedApplication {
    /// The Type column's only value.
    pub const TYPE: &'static str = "Dynamics 365 Finance";

    pub fn id(&self) -> Id {
        self.id
    }
    pub fn name(&self) -> &Name {
        &self.name
    }
    pub fn url(&self) -> &ApplicationUrl {
        &self.url
    }
    pub fn tenant(&self) -> &Tenant {
        &self.tenant
    }
    pub fn environments(&self) -> &[Id] {
        &self.environments
    }
    pub fn input(&self) -> ConnectedApplicationInput {
        ConnectedApplicationInput {
            name: self.name.clone(),
            url: self.url.clone(),
            tenant: self.tenant.clone(),
        }
    }
}

/// The two values Finance's Electronic document parameters need
/// (Submission services tab): Electronic invoicing URL and Environment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FinanceValues {
    pub service_endpoint_url: EndpointUrl,
    pub environment_name: EnvironmentName,
}
