//! The Connected applications page's form.

use serde::{Deserialize, Serialize};

use super::{draft_fields, FieldErrors};
use crate::model::connected_app::ConnectedApplicationInput;
use crate::model::ids::Id;
use crate::model::workspace::Workspace;
use crate::values::{ApplicationUrl, Name, Tenant};

/// The connected application form: Name, Application (URL), Tenant.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ConnectedApplicationDraft {
    pub name: String,
    pub url: String,
    pub tenant: String,
}

impl ConnectedApplicationDraft {
    pub fn check(
        &self,
        ws: &Workspace,
        editing: Option<Id>,
    ) -> Result<ConnectedApplicationInput, FieldErrors<ConnectedAppFormField>> {
        let mut errors = FieldErrors::default();
        let name = errors.take(ConnectedAppFormField::Name, Name::parse(&self.name));
        if let Some(name) = &name {
            errors.rule(
                ConnectedAppFormField::Name,
                ws.check_connected_name(name.as_str(), editing),
            );
        }
        let url = errors.take(ConnectedAppFormField::Url, ApplicationUrl::parse(&self.url));
        let tenant = errors.take(ConnectedAppFormField::Tenant, Tenant::parse(&self.tenant));
        let input = (|| {
            Some(ConnectedApplicationInput {
                name: name?,
                url: url?,
                tenant: tenant?,
            })
        })();
        errors.finish(input)
    }
}

draft_fields!(ConnectedApplicationDraft, ConnectedAppFormField {
    /// Name.
    Name => name,
    /// Application (the instance's URL).
    Url => url,
    /// Tenant.
    Tenant => tenant,
});
