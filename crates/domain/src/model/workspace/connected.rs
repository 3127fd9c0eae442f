//! Connected applications (the Finance instances that use environments)
//! and the two values each needs from this console.

use super::{find_mut, name_taken, Workspace};
use super::{CONNECTED_APP, ENVIRONMENT};
use crate::model::connected_app::{ConnectedApplication, ConnectedApplicationInput, FinanceValues};
use crate::model::error::WorkspaceError;
use crate::model::ids::Id;

impl Workspace {
    /// For each environment a connected application uses, the two values
    /// Finance needs. Empty while no service endpoint is chosen.
    pub fn finance_values(&self, application: Id) -> Vec<(Id, FinanceValues)> {
        let (Some(app), Some(endpoint)) = (
            self.connected_application(application),
            self.settings.endpoint.as_ref(),
        ) else {
            return Vec::new();
        };
        let url = endpoint.url();
        app.environments
            .iter()
            .filter_map(|id| self.environment(*id))
            .map(|env| {
                (
                    env.id,
                    FinanceValues {
                        service_endpoint_url: url.clone(),
                        environment_name: env.name.clone(),
                    },
                )
            })
            .collect()
    }

    pub(crate) fn check_connected_name(
        &self,
        name: &str,
        except: Option<Id>,
    ) -> Result<(), WorkspaceError> {
        if name_taken(&self.connected_applications, name, except) {
            return Err(WorkspaceError::DuplicateConnectedApplicationName { name: name.into() });
        }
        Ok(())
    }

    fn connected_mut(&mut self, id: Id) -> Result<&mut ConnectedApplication, WorkspaceError> {
        find_mut(&mut self.connected_applications, id, CONNECTED_APP)
    }

    pub fn add_connected_application(
        &mut self,
        input: ConnectedApplicationInput,
    ) -> Result<Id, WorkspaceError> {
        self.check_connected_name(input.name.as_str(), None)?;
        let id = self.fresh_id();
        self.connected_applications.push(ConnectedApplication {
            id,
            name: input.name,
            url: input.url,
            tenant: input.tenant,
            environments: Vec::new(),
        });
        Ok(id)
    }

    pub fn update_connected_application(
        &mut self,
        id: Id,
        input: ConnectedApplicationInput,
    ) -> Result<(), WorkspaceError> {
        self.check_connected_name(input.name.as_str(), Some(id))?;
        let app = self.connected_mut(id)?;
        app.name = input.name;
        app.url = input.url;
        app.tenant = input.tenant;
        Ok(())
    }

    pub fn delete_connected_application(&mut self, id: Id) -> Result<(), WorkspaceError> {
        self.connected_mut(id)?;
        self.connected_applications.retain(|a| a.id != id);
        Ok(())
    }

    /// Links a connected application to an environment it uses (once).
    pub fn link_environment(
        &mut self,
        application: Id,
        environment: Id,
    ) -> Result<(), WorkspaceError> {
        if self.environment(environment).is_none() {
            return Err(WorkspaceError::NotFound { what: ENVIRONMENT });
        }
        let app = self.connected_mut(application)?;
        if !app.environments.contains(&environment) {
            app.environments.push(environment);
        }
        Ok(())
    }

    pub fn unlink_environment(
        &mut self,
        application: Id,
        environment: Id,
    ) -> Result<(), WorkspaceError> {
        self.connected_mut(application)?
            .environments
            .retain(|e| *e != environment);
        Ok(())
    }
}
