//! Names for what results count by key: teams, domains, statements and kinds of help.

use std::collections::HashMap;

use shared::TeamId;
use shared::api::assessments::HelpKind;
use shared::api::teams::Team;
use shared::api::templates::{TemplateKind, TemplateStatus};
use shared::results::cube::TeamKey;

use crate::store::{Store, StoreResult};

pub struct Labels {
    pub teams: HashMap<TeamId, Team>,
    /// Domain key → title, in template order.
    pub domains: Vec<(String, String)>,
    /// Statement key → (domain key, text), in template order.
    pub statements: Vec<(String, String, String)>,
}

impl Labels {
    /// Domain and statement names from the newest non-draft version of each self-assessment
    /// template (results add up across versions by key).
    pub async fn load(store: &dyn Store) -> StoreResult<Labels> {
        let teams = store
            .users()
            .list_teams()
            .await?
            .into_iter()
            .map(|t| (t.id, t))
            .collect();
        let mut seen_keys = std::collections::HashSet::new();
        let mut domains = Vec::new();
        let mut statements = Vec::new();
        // Newest version of each key first.
        for summary in store.templates().list_templates().await? {
            if summary.kind != TemplateKind::SelfAssessment
                || summary.status == TemplateStatus::Draft
                || !seen_keys.insert(summary.key.clone())
            {
                continue;
            }
            let Some(template) = store.templates().get_template(summary.id).await? else {
                continue;
            };
            for domain in template.content.domains {
                if !domains.iter().any(|(k, _)| *k == domain.key) {
                    domains.push((domain.key.clone(), domain.title.clone()));
                }
                for statement in domain.statements {
                    if !statements.iter().any(|(k, _, _)| *k == statement.key) {
                        statements.push((statement.key, domain.key.clone(), statement.text));
                    }
                }
            }
        }
        Ok(Labels {
            teams,
            domains,
            statements,
        })
    }

    pub fn team(&self, key: TeamKey) -> String {
        match key.0 {
            None => "No team".to_owned(),
            Some(id) => self
                .teams
                .get(&id)
                .map_or_else(|| "A former team".to_owned(), |team| team.name.clone()),
        }
    }

    pub fn team_area(&self, team: TeamId) -> Option<String> {
        self.teams.get(&team).map(|t| t.service_area.clone())
    }

    pub fn domain(&self, key: &str) -> String {
        self.domains
            .iter()
            .find(|(k, _)| k == key)
            .map_or_else(|| key.to_owned(), |(_, title)| title.clone())
    }

    /// Where an item comes in the template, for a stable order among equals.
    pub fn order(&self, key: &str) -> usize {
        self.domains
            .iter()
            .position(|(k, _)| k == key)
            .or_else(|| self.statements.iter().position(|(k, _, _)| k == key))
            .unwrap_or(usize::MAX)
    }

    pub fn help(key: &str) -> String {
        HelpKind::parse(key).map_or_else(|| key.to_owned(), |h| h.label().to_owned())
    }
}
