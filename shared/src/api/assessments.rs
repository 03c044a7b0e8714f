//! A practitioner's self-assessment: confidence on each statement of a published self-assessment
//! template, a reflection and "what would help you" per domain. It syncs like any record (kind
//! `self_assessment`), belongs to its author, and once submitted it is read-only except for
//! sharing it with the team manager.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::templates::{CONFIDENCE_LABELS, Domain, TemplateContent};
use crate::validate::{Check, Validate};
use crate::{FieldErrors, TemplateId};

pub const REFLECTION_MAX: usize = 5_000;
pub const HELP_OTHER_MAX: usize = 500;

/// A domain whose mean rating is at or below this gets suggestions of what may help.
pub const LOW_MEAN: f64 = 2.0;

/// One answer on the 1–5 confidence scale, or "not applicable" to my role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Rating {
    #[serde(rename = "1")]
    One,
    #[serde(rename = "2")]
    Two,
    #[serde(rename = "3")]
    Three,
    #[serde(rename = "4")]
    Four,
    #[serde(rename = "5")]
    Five,
    #[serde(rename = "na")]
    NotApplicable,
}

impl Rating {
    pub const ALL: [Rating; 6] = [
        Rating::One,
        Rating::Two,
        Rating::Three,
        Rating::Four,
        Rating::Five,
        Rating::NotApplicable,
    ];

    /// 1 to 5, or `None` for "not applicable".
    pub fn score(self) -> Option<u8> {
        match self {
            Rating::One => Some(1),
            Rating::Two => Some(2),
            Rating::Three => Some(3),
            Rating::Four => Some(4),
            Rating::Five => Some(5),
            Rating::NotApplicable => None,
        }
    }

    pub fn from_score(score: u8) -> Option<Rating> {
        Rating::ALL.into_iter().find(|r| r.score() == Some(score))
    }

    /// The value used in forms and on the wire (`"1"` … `"5"`, `"na"`).
    pub fn as_str(self) -> &'static str {
        match self {
            Rating::One => "1",
            Rating::Two => "2",
            Rating::Three => "3",
            Rating::Four => "4",
            Rating::Five => "5",
            Rating::NotApplicable => "na",
        }
    }

    pub fn parse(value: &str) -> Option<Rating> {
        Rating::ALL.into_iter().find(|r| r.as_str() == value)
    }

    pub fn label(self) -> &'static str {
        match self.score() {
            Some(n) => CONFIDENCE_LABELS[usize::from(n) - 1],
            None => "Not applicable",
        }
    }
}

/// The kinds of help a practitioner can ask for, per domain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum HelpKind {
    Training,
    Supervision,
    PeerSupport,
    Shadowing,
    Reading,
}

impl HelpKind {
    pub const ALL: [HelpKind; 5] = [
        HelpKind::Training,
        HelpKind::Supervision,
        HelpKind::PeerSupport,
        HelpKind::Shadowing,
        HelpKind::Reading,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            HelpKind::Training => "training",
            HelpKind::Supervision => "supervision",
            HelpKind::PeerSupport => "peer_support",
            HelpKind::Shadowing => "shadowing",
            HelpKind::Reading => "reading",
        }
    }

    pub fn parse(value: &str) -> Option<HelpKind> {
        HelpKind::ALL.into_iter().find(|h| h.as_str() == value)
    }

    pub fn label(self) -> &'static str {
        match self {
            HelpKind::Training => "Training or a course",
            HelpKind::Supervision => "Time on it in supervision",
            HelpKind::PeerSupport => "Peer support or a practice forum",
            HelpKind::Shadowing => "Shadowing a colleague",
            HelpKind::Reading => "Reading or research",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AssessmentStatus {
    Draft,
    Submitted,
}

/// What the practitioner wrote about one domain.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DomainReflection {
    #[serde(default)]
    pub reflection: String,
    #[serde(default)]
    pub help: BTreeSet<HelpKind>,
    #[serde(default)]
    pub help_other: String,
}

impl DomainReflection {
    pub fn is_empty(&self) -> bool {
        self.reflection.trim().is_empty() && self.help.is_empty() && self.help_other.trim().is_empty()
    }
}

/// The payload of a `self_assessment` record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SelfAssessment {
    /// The template version answered; answers aggregate across versions by statement key.
    pub template_id: TemplateId,
    pub template_version: i32,
    pub status: AssessmentStatus,
    pub started_at: DateTime<Utc>,
    /// When the author submitted it (on their device, which may have been offline).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub submitted_at: Option<DateTime<Utc>>,
    /// Statement key → answer.
    #[serde(default)]
    pub ratings: BTreeMap<String, Rating>,
    /// Domain key → reflection and help wanted.
    #[serde(default)]
    pub domains: BTreeMap<String, DomainReflection>,
    /// The author lets their team manager read it; they can take that back at any time.
    #[serde(default)]
    pub shared_with_manager: bool,
}

/// Where a domain stands, for the task list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    NotStarted,
    InProgress,
    Completed,
}

impl Progress {
    pub fn label(self) -> &'static str {
        match self {
            Progress::NotStarted => "Not started",
            Progress::InProgress => "In progress",
            Progress::Completed => "Completed",
        }
    }
}

/// The field a rating's error is reported on, and the id of its radios in the form.
pub fn rating_field(statement_key: &str) -> String {
    format!("ratings.{statement_key}")
}

impl Validate for SelfAssessment {
    /// The record's own shape; whether it fits its template is `check_against`.
    fn validate(&self) -> Result<(), FieldErrors> {
        let mut check = Check::new();
        check.require(
            (self.status == AssessmentStatus::Submitted) != self.submitted_at.is_some(),
            "submitted_at",
            "A submitted assessment records when it was submitted, and only then",
        );
        for (key, domain) in &self.domains {
            check
                .require(
                    domain.reflection.chars().count() > REFLECTION_MAX,
                    &format!("domains.{key}.reflection"),
                    format!("Reflection must be {REFLECTION_MAX} characters or fewer"),
                )
                .require(
                    domain.help_other.chars().count() > HELP_OTHER_MAX,
                    &format!("domains.{key}.help_other"),
                    format!("What else would help must be {HELP_OTHER_MAX} characters or fewer"),
                );
        }
        check.finish()
    }
}

impl SelfAssessment {
    pub fn new(template_id: TemplateId, template_version: i32, now: DateTime<Utc>) -> Self {
        SelfAssessment {
            template_id,
            template_version,
            status: AssessmentStatus::Draft,
            started_at: now,
            submitted_at: None,
            ratings: BTreeMap::new(),
            domains: BTreeMap::new(),
            shared_with_manager: false,
        }
    }

    pub fn is_submitted(&self) -> bool {
        self.status == AssessmentStatus::Submitted
    }

    pub fn progress(&self, domain: &Domain) -> Progress {
        let rated = domain
            .statements
            .iter()
            .filter(|s| self.ratings.contains_key(&s.key))
            .count();
        let wrote = self.domains.get(&domain.key).is_some_and(|d| !d.is_empty());
        if rated == domain.statements.len() {
            Progress::Completed
        } else if rated > 0 || wrote {
            Progress::InProgress
        } else {
            Progress::NotStarted
        }
    }

    /// The mean of the domain's 1–5 answers ("not applicable" left out), if any.
    pub fn domain_mean(&self, domain: &Domain) -> Option<f64> {
        let scores: Vec<f64> = domain
            .statements
            .iter()
            .filter_map(|s| self.ratings.get(&s.key)?.score())
            .map(f64::from)
            .collect();
        (!scores.is_empty()).then(|| scores.iter().sum::<f64>() / scores.len() as f64)
    }

    /// Answers must be for this template's statements, and a submitted assessment must answer
    /// every statement (a person may say "not applicable", but not skip one).
    pub fn check_against(&self, template: &TemplateContent) -> Result<(), FieldErrors> {
        let mut check = Check::new();
        for key in self.ratings.keys() {
            check.require(
                !template.statements().any(|(_, s)| &s.key == key),
                &rating_field(key),
                "This statement is not in the template",
            );
        }
        for key in self.domains.keys() {
            check.require(
                !template.domains.iter().any(|d| &d.key == key),
                &format!("domains.{key}"),
                "This domain is not in the template",
            );
        }
        if self.is_submitted() {
            for (domain, statement) in template.statements() {
                check.require(
                    !self.ratings.contains_key(&statement.key),
                    &rating_field(&statement.key),
                    format!(
                        "Choose how confident you feel: {} ({})",
                        statement.text.trim_end_matches('.'),
                        domain.title
                    ),
                );
            }
        }
        check.finish()
    }

    /// What a submitted assessment may still change: only whether it is shared.
    pub fn same_apart_from_sharing(&self, other: &SelfAssessment) -> bool {
        SelfAssessment {
            shared_with_manager: other.shared_with_manager,
            ..self.clone()
        } == *other
    }
}

/// A pointer to what may help with a domain rated low.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    pub domain_key: String,
    pub domain_title: String,
    pub text: &'static str,
    /// A page of the app.
    pub href: &'static str,
    pub link_text: &'static str,
}

/// The shipped practice model's domains and where the app helps with each. Domains of other
/// templates fall back to supervision guidance.
fn help_for(domain_key: &str) -> (&'static str, &'static str, &'static str) {
    match domain_key {
        "community" => (
            "Find groups, services and activities near the person in the community-assets directory, and share them.",
            "/find",
            "Find what's local in the community-assets directory",
        ),
        "risk" => (
            "Record a positive risk-taking decision with the person, step by step, with a decision-specific capacity record.",
            "/guidance/risk",
            "Use the risk enablement form",
        ),
        "legal" => (
            "Refresh the Care Act 2014 and Mental Capacity Act 2005 duties that most decisions rest on.",
            "/guidance/legal",
            "Read the legal literacy guidance",
        ),
        "strengths" => (
            "Start conversations from what matters to the person and what they and their network can do.",
            "/guidance/strengths",
            "Read the strengths-based practice guidance",
        ),
        "rights" => (
            "Check that the person's rights, choices and voice lead each decision.",
            "/guidance/rights",
            "Read the rights-based practice guidance",
        ),
        "diversity" => (
            "Reflect on identity, culture and inclusion in your assessments and plans.",
            "/guidance/diversity",
            "Read the diversity and inclusion guidance",
        ),
        _ => (
            "Take this domain to supervision and agree one thing to try.",
            "/guidance/supervision",
            "Read about using supervision",
        ),
    }
}

/// Suggestions for every domain whose mean is at or below `LOW_MEAN`, weakest first.
pub fn suggestions(assessment: &SelfAssessment, template: &TemplateContent) -> Vec<Suggestion> {
    let mut low: Vec<(f64, &Domain)> = template
        .domains
        .iter()
        .filter_map(|d| Some((assessment.domain_mean(d)?, d)))
        .filter(|(mean, _)| *mean <= LOW_MEAN)
        .collect();
    low.sort_by(|a, b| a.0.total_cmp(&b.0));
    low.into_iter()
        .map(|(_, d)| {
            let (text, href, link_text) = help_for(&d.key);
            Suggestion {
                domain_key: d.key.clone(),
                domain_title: d.title.clone(),
                text,
                href,
                link_text,
            }
        })
        .collect()
}

/// A Social Work England CPD entry drafted from an assessment, for the practitioner to edit and
/// copy into their online account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CpdEntry {
    pub activity_type: String,
    pub date: String,
    pub description: String,
    pub learning: String,
    pub impact: String,
}

impl CpdEntry {
    pub fn draft(assessment: &SelfAssessment, template: &TemplateContent) -> CpdEntry {
        let date = assessment
            .submitted_at
            .unwrap_or(assessment.started_at)
            .format("%-d %B %Y")
            .to_string();
        let mut learning = Vec::new();
        let mut impact = Vec::new();
        for domain in &template.domains {
            let mean = assessment
                .domain_mean(domain)
                .map_or("not rated".to_owned(), |m| format!("{m:.1} out of 5"));
            let notes = assessment.domains.get(&domain.key);
            let reflection = notes.map_or("", |n| n.reflection.trim());
            if !reflection.is_empty() {
                learning.push(format!("{} ({mean}): {reflection}", domain.title));
            }
            if let Some(notes) = notes {
                let mut wants: Vec<String> = notes.help.iter().map(|h| h.label().to_lowercase()).collect();
                if !notes.help_other.trim().is_empty() {
                    wants.push(notes.help_other.trim().to_owned());
                }
                if !wants.is_empty() {
                    impact.push(format!("{}: {}.", domain.title, wants.join("; ")));
                }
            }
        }
        let weakest: Vec<String> = suggestions(assessment, template)
            .into_iter()
            .map(|s| s.domain_title)
            .collect();
        let mut description = format!(
            "I completed a self-assessment of my confidence against {} ({} domains).",
            template.title,
            template.domains.len()
        );
        if !weakest.is_empty() {
            description.push_str(&format!(" I feel least confident in: {}.", weakest.join(", ")));
        }
        CpdEntry {
            activity_type: "Reflection on practice (self-assessment)".into(),
            date,
            description,
            learning: learning.join("\n\n"),
            impact: if impact.is_empty() {
                String::new()
            } else {
                format!("To develop my practice I will look for:\n{}", impact.join("\n"))
            },
        }
    }

    /// Plain text with headings, to paste or save as a `.txt` file.
    pub fn to_text(&self) -> String {
        format!(
            "Type of CPD activity\n{}\n\nDate\n{}\n\nDescription of the activity\n{}\n\nWhat I learned\n{}\n\nImpact on my practice\n{}\n",
            self.activity_type, self.date, self.description, self.learning, self.impact
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::templates::defaults;
    use serde_json::json;

    fn practice() -> TemplateContent {
        defaults::all().remove(0)
    }

    fn rated(template: &TemplateContent, score: impl Fn(&str) -> Rating) -> SelfAssessment {
        let mut a = SelfAssessment::new(TemplateId::new(), 1, Utc::now());
        for (d, s) in template.statements() {
            a.ratings.insert(s.key.clone(), score(&d.key));
        }
        a
    }

    #[test]
    fn ratings_travel_as_short_strings() {
        assert_eq!(serde_json::to_value(Rating::Three).unwrap(), json!("3"));
        assert_eq!(serde_json::to_value(Rating::NotApplicable).unwrap(), json!("na"));
        for r in Rating::ALL {
            assert_eq!(Rating::parse(r.as_str()), Some(r));
            assert_eq!(serde_json::from_value::<Rating>(json!(r.as_str())).unwrap(), r);
        }
        assert!(serde_json::from_value::<Rating>(json!("6")).is_err());
        assert_eq!(Rating::One.label(), "Not confident");
        assert_eq!(Rating::Five.label(), "Very confident");
    }

    #[test]
    fn progress_follows_the_answers() {
        let template = practice();
        let domain = &template.domains[0];
        let mut a = SelfAssessment::new(TemplateId::new(), 1, Utc::now());
        assert_eq!(a.progress(domain), Progress::NotStarted);
        a.domains.insert(
            domain.key.clone(),
            DomainReflection {
                reflection: "Thinking".into(),
                ..Default::default()
            },
        );
        assert_eq!(a.progress(domain), Progress::InProgress);
        for s in &domain.statements {
            a.ratings.insert(s.key.clone(), Rating::NotApplicable);
        }
        assert_eq!(a.progress(domain), Progress::Completed);
        assert_eq!(a.domain_mean(domain), None, "not applicable is not a score");
    }

    #[test]
    fn submission_needs_every_statement_answered_and_known_keys() {
        let template = practice();
        let mut a = rated(&template, |_| Rating::Four);
        a.status = AssessmentStatus::Submitted;
        a.submitted_at = Some(Utc::now());
        assert!(a.validate().is_ok());
        assert!(a.check_against(&template).is_ok());
        let missing = template.domains[4].statements[1].key.clone();
        a.ratings.remove(&missing);
        let errors = a.check_against(&template).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert!(errors[&rating_field(&missing)][0].starts_with("Choose how confident you feel"));
        a.status = AssessmentStatus::Draft;
        a.submitted_at = None;
        assert!(a.check_against(&template).is_ok(), "a draft may be partial");
        a.ratings.insert("made.up".into(), Rating::One);
        assert!(
            a.check_against(&template)
                .unwrap_err()
                .contains_key("ratings.made.up")
        );
    }

    #[test]
    fn submitted_at_goes_with_the_status_and_long_text_is_refused() {
        let mut a = SelfAssessment::new(TemplateId::new(), 1, Utc::now());
        a.submitted_at = Some(Utc::now());
        assert!(a.validate().unwrap_err().contains_key("submitted_at"));
        a.submitted_at = None;
        a.domains.insert(
            "risk".into(),
            DomainReflection {
                reflection: "x".repeat(REFLECTION_MAX + 1),
                ..Default::default()
            },
        );
        assert!(a.validate().unwrap_err().contains_key("domains.risk.reflection"));
    }

    #[test]
    fn only_sharing_may_change_once_submitted() {
        let template = practice();
        let a = rated(&template, |_| Rating::Three);
        let shared = SelfAssessment {
            shared_with_manager: true,
            ..a.clone()
        };
        assert!(a.same_apart_from_sharing(&shared));
        let mut edited = shared.clone();
        edited
            .ratings
            .insert(template.domains[0].statements[0].key.clone(), Rating::Five);
        assert!(!a.same_apart_from_sharing(&edited));
    }

    #[test]
    fn low_domains_get_suggestions_weakest_first() {
        let template = practice();
        let a = rated(&template, |domain| match domain {
            "community" => Rating::One,
            "risk" => Rating::Two,
            "legal" => Rating::Three,
            _ => Rating::Five,
        });
        let found = suggestions(&a, &template);
        let keys: Vec<&str> = found.iter().map(|s| s.domain_key.as_str()).collect();
        assert_eq!(keys, ["community", "risk"], "mean 3 is not low; ≤ 2 is");
        assert_eq!(found[0].href, "/find");
        assert_eq!(found[1].href, "/guidance/risk");
        let none = rated(&template, |_| Rating::NotApplicable);
        assert!(
            suggestions(&none, &template).is_empty(),
            "no scores, nothing to say"
        );
    }

    #[test]
    fn a_cpd_draft_gathers_reflections_and_help() {
        let template = practice();
        let mut a = rated(&template, |d| {
            if d == "community" {
                Rating::Two
            } else {
                Rating::Four
            }
        });
        a.domains.insert(
            "community".into(),
            DomainReflection {
                reflection: "I rely on the same three services.".into(),
                help: [HelpKind::Shadowing].into(),
                help_other: "A walk round the Keighley hubs".into(),
            },
        );
        let entry = CpdEntry::draft(&a, &template);
        assert!(entry.learning.contains("I rely on the same three services."));
        assert!(entry.learning.contains("2.0 out of 5"));
        assert!(
            entry
                .impact
                .contains("shadowing a colleague; A walk round the Keighley hubs")
        );
        assert!(
            entry
                .description
                .contains("least confident in: Connecting people to community assets")
        );
        let text = entry.to_text();
        assert!(text.starts_with("Type of CPD activity\nReflection on practice"));
        assert!(text.contains("\n\nImpact on my practice\n"));
    }
}
