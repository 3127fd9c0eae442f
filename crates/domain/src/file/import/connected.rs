//! Connected applications: the Finance instances, and the environments
//! each one uses (by name).

use serde_json::Value;

use super::{placeholder, Builder};
use crate::file::rule;
use crate::model::{ConnectedApplication, ConnectedApplicationInput, Workspace};
use crate::values::{quoted, ApplicationUrl, EnvironmentName, Name, Tenant};

const FIELDS: &[&str] = &["name", "type", "url", "tenant", "environments"];

impl Builder {
    pub(super) fn connected_application(&mut self, ws: &mut Workspace, value: &Value, at: String) {
        let Some(obj) = self.r.object(value, at, "connected application", FIELDS) else {
            return;
        };
        let name = self.r.parse(&obj, "name", rule::NAME, Name::parse);
        if let Some(value) = obj.get("type") {
            if let Some(kind) = self.r.string(value, &obj.at("type")) {
                if !kind.trim().eq_ignore_ascii_case(ConnectedApplication::TYPE) {
                    self.r.report(
                        obj.at("type"),
                        rule::CONNECTED_APPLICATION_TYPE,
                        format!(
                            "The only type of connected application is '{}'; {} is not one.",
                            ConnectedApplication::TYPE,
                            quoted(kind)
                        ),
                    );
                }
            }
        }
        let url = self
            .r
            .parse(&obj, "url", rule::APPLICATION_URL, ApplicationUrl::parse);
        let tenant = self.r.parse(&obj, "tenant", rule::TENANT, Tenant::parse);
        let mut links = Vec::new();
        for (p, text) in self.r.texts(&obj, "environments") {
            let Some(env) = self
                .r
                .check(&p, rule::ENVIRONMENT_NAME, EnvironmentName::parse(text))
            else {
                continue;
            };
            match ws.environment_by_name(env.as_str()).map(|e| e.id()) {
                None if self.unread.environments => {}
                None => self.r.report(
                    p,
                    rule::ENVIRONMENT_LINK,
                    format!(
                        "There is no service environment named {} in this file. Add it under environments, or correct the name.",
                        quoted(env.as_str())
                    ),
                ),
                Some(id) if links.contains(&id) => self.r.report(
                    p,
                    rule::UNIQUE_NAME,
                    format!(
                        "{} is already in this application's environments (names are compared without regard to case). List it once.",
                        quoted(env.as_str())
                    ),
                ),
                Some(id) => links.push(id),
            }
        }
        let Some(name) = name else {
            return;
        };
        let input = ConnectedApplicationInput {
            name,
            url: url.unwrap_or_else(placeholder::application_url),
            tenant: tenant.unwrap_or_else(placeholder::tenant),
        };
        match ws.add_connected_application(input) {
            Ok(id) => {
                for env in links {
                    if let Err(e) = ws.link_environment(id, env) {
                        self.refused(&obj.at("environments"), e);
                    }
                }
            }
            Err(e) => self.refused(obj.pointer(), e),
        }
    }
}
