//! What the service holds, compared with what this browser last published.
//!
//! `GET {base}api/v1/environments` lists each held environment's revision.
//! An environment whose held revision is not the one this browser recorded
//! was published by someone else since (another administrator, another
//! browser); one this browser published that the service no longer holds
//! was removed there. Either way the next publish would be refused by its
//! precondition, so the page says so before the administrator tries.

use crate::answers::{HeldEnvironment, HeldEnvironmentDetail, Revision};
use crate::model::{Id, Workspace};

use super::explain::{read_answer, ServiceError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ServiceView {
    /// The service holds the revision this browser last published.
    UpToDate {
        revision: Revision,
        /// Who published it, when the service says.
        published_by: Option<String>,
    },
    /// The service holds another revision than this browser knows (or
    /// holds a never-published-here environment of the same name).
    PublishedElsewhere {
        held: Revision,
        published_at: String,
        /// Who published it, when the service says.
        published_by: Option<String>,
        ours: Option<Revision>,
    },
    /// This browser published it, and the service no longer holds it.
    Missing { ours: Revision },
    /// Not published here and not held there.
    NotHeld,
}

impl ServiceView {
    /// Whether the administrator should look before publishing again.
    pub fn needs_attention(&self) -> bool {
        matches!(
            self,
            ServiceView::PublishedElsewhere { .. } | ServiceView::Missing { .. }
        )
    }

    /// The service column's words.
    pub fn label(&self) -> String {
        match self {
            ServiceView::UpToDate {
                revision,
                published_by: None,
            } => format!("Revision {revision}, as published here"),
            ServiceView::UpToDate {
                revision,
                published_by: Some(who),
            } => format!("Revision {revision}, as here (published by {who})"),
            ServiceView::PublishedElsewhere {
                held,
                published_at,
                published_by,
                ours,
            } => {
                let by = by_whom(published_by.as_deref());
                let when = shown_time(published_at);
                match ours {
                    Some(ours) => format!("Newer on the service: revision {held}, published {when}{by} (this browser has revision {ours})"),
                    None => format!("On the service: revision {held}, published {when}{by} (never published from this browser)"),
                }
            }
            ServiceView::Missing { ours } => {
                format!("Not held any more (this browser published revision {ours})")
            }
            ServiceView::NotHeld => "Not held".into(),
        }
    }
}

/// A service time as the page shows it: `2026-11-21T10:02:00Z` reads
/// `2026-11-21 10:02 UTC`; anything else is shown as the service sent it.
pub fn shown_time(rfc3339: &str) -> String {
    let t = rfc3339.trim();
    let b = t.as_bytes();
    let shaped = b.len() >= 17
        && b[4] == b'-'
        && b[7] == b'-'
        && (b[10] == b'T' || b[10] == b't')
        && b[13] == b':'
        && t.is_ascii();
    if shaped && (t.ends_with('Z') || t.ends_with('z')) {
        format!("{} {} UTC", &t[..10], &t[11..16])
    } else {
        t.to_string()
    }
}

/// " by ana@contoso.com" after a revision or a time, when the service said
/// who published; nothing when it did not.
pub fn by_whom(published_by: Option<&str>) -> String {
    published_by
        .map(|who| format!(" by {who}"))
        .unwrap_or_default()
}

/// What the refresh found: a view per environment of the workspace, and
/// the held environments the workspace does not have.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Comparison {
    pub environments: Vec<(Id, ServiceView)>,
    pub only_on_service: Vec<HeldEnvironment>,
}

impl Comparison {
    pub fn view(&self, environment: Id) -> Option<&ServiceView> {
        self.environments
            .iter()
            .find(|(id, _)| *id == environment)
            .map(|(_, v)| v)
    }
}

/// Compares the workspace with the service's list (names compared without
/// regard to case, as the service does).
pub fn compare(ws: &Workspace, held: &[HeldEnvironment]) -> Comparison {
    let find = |name: &str| held.iter().find(|h| h.name.eq_ignore_ascii_case(name));
    let environments = ws
        .environments()
        .iter()
        .map(|env| {
            let ours = env
                .publication()
                .filter(|p| p.snapshot.name.eq_ignore_ascii_case(env.name().as_str()))
                .map(|p| p.revision.clone());
            let view = match (find(env.name().as_str()), ours) {
                (Some(h), Some(ours)) if h.revision == ours => ServiceView::UpToDate {
                    revision: ours,
                    published_by: h.published_by.clone(),
                },
                (Some(h), ours) => ServiceView::PublishedElsewhere {
                    held: h.revision.clone(),
                    published_at: h.published_at.clone(),
                    published_by: h.published_by.clone(),
                    ours,
                },
                (None, Some(ours)) => ServiceView::Missing { ours },
                (None, None) => ServiceView::NotHeld,
            };
            (env.id(), view)
        })
        .collect();
    let only_on_service = held
        .iter()
        .filter(|h| ws.environment_by_name(&h.name).is_none())
        .cloned()
        .collect();
    Comparison {
        environments,
        only_on_service,
    }
}

/// Reads `GET {base}api/v1/environments`.
pub fn read_held_list(status: u16, body: &str) -> Result<Vec<HeldEnvironment>, ServiceError> {
    read_answer("read what the service holds", status, body)
}

/// Reads `GET {base}api/v1/environments/{name}`.
pub fn read_held_detail(status: u16, body: &str) -> Result<HeldEnvironmentDetail, ServiceError> {
    read_answer("read the environment the service holds", status, body)
}

#[cfg(test)]
mod tests {
    use super::shown_time;

    #[test]
    fn a_service_time_reads_as_date_minutes_and_utc() {
        assert_eq!(shown_time("2026-11-21T10:02:37Z"), "2026-11-21 10:02 UTC");
        assert_eq!(
            shown_time("2026-11-21T10:02:37.123Z"),
            "2026-11-21 10:02 UTC"
        );
        // An offset or anything else is shown as sent.
        assert_eq!(
            shown_time("2026-11-21T10:02:37+01:00"),
            "2026-11-21T10:02:37+01:00"
        );
        assert_eq!(shown_time("yesterday"), "yesterday");
        assert_eq!(shown_time("2026-11-21T10:02:3é"), "2026-11-21T10:02:3é");
    }
}
