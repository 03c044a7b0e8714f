//! Templates: versioned questionnaires of two kinds, the practitioner's self-assessment and the
//! team manager's case-file audit. Domains hold statements with stable keys, so answers aggregate
//! across versions by key; a published version never changes (a change is a new version).

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use chrono::{DateTime, Utc};

use crate::validate::{Check, Validate};
use crate::{FieldErrors, TemplateId};

pub const TITLE_MAX: usize = 120;
pub const TEXT_MAX: usize = 500;
pub const HELP_MAX: usize = 1_000;
pub const KEY_MAX: usize = 60;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TemplateKind {
    /// A practitioner rates their own confidence, 1 to 5 or "not applicable".
    SelfAssessment,
    /// A team manager grades a case file against each criterion.
    CaseFileAudit,
}

/// Draft → published → retired. Only one version of a template is published at a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TemplateStatus {
    Draft,
    Published,
    Retired,
}

impl TemplateStatus {
    /// The lifecycle only moves forward: draft to published, published to retired.
    pub fn can_become(self, next: TemplateStatus) -> bool {
        matches!(
            (self, next),
            (TemplateStatus::Draft, TemplateStatus::Published)
                | (TemplateStatus::Published, TemplateStatus::Retired)
        )
    }

    /// Only drafts may be edited; anything else is fixed for good.
    pub fn is_editable(self) -> bool {
        self == TemplateStatus::Draft
    }
}

/// The self-assessment scale: 1 (not confident) to 5 (very confident).
pub const CONFIDENCE_LABELS: [&str; 5] = [
    "Not confident",
    "A little confident",
    "Fairly confident",
    "Confident",
    "Very confident",
];

/// A case-file audit grade, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Grade {
    Outstanding,
    Good,
    RequiresImprovement,
    Inadequate,
}

impl Grade {
    pub const ALL: [Grade; 4] = [
        Grade::Outstanding,
        Grade::Good,
        Grade::RequiresImprovement,
        Grade::Inadequate,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Grade::Outstanding => "Outstanding",
            Grade::Good => "Good",
            Grade::RequiresImprovement => "Requires improvement",
            Grade::Inadequate => "Inadequate",
        }
    }
}

/// One thing to rate or grade.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Statement {
    /// Stable across versions (`community.know_local`): answers aggregate by it.
    pub key: String,
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// The Professional Capabilities Framework domain it relates to, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pcf_domain: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Domain {
    /// Stable across versions (`community`).
    pub key: String,
    pub title: String,
    #[serde(default)]
    pub description: String,
    pub statements: Vec<Statement>,
}

/// What a template asks: the part a workforce lead writes, and the shape of an uploaded file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TemplateContent {
    /// Names the template across its versions (`practice-model`).
    pub key: String,
    pub kind: TemplateKind,
    pub title: String,
    #[serde(default)]
    pub introduction: String,
    pub domains: Vec<Domain>,
}

/// Keys are lower-case words joined by `_`, `-` or `.`, so they read well in exports.
fn is_key(key: &str) -> bool {
    !key.is_empty()
        && key.len() <= KEY_MAX
        && key
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"_-.".contains(&b))
        && key.as_bytes()[0].is_ascii_lowercase()
}

const KEY_MESSAGE: &str =
    "Use lower-case letters, digits, '.', '-' or '_', starting with a letter (60 at most)";

impl Validate for TemplateContent {
    /// Field names follow the content's shape (`domains[1].statements[0].text`), so a form or an
    /// uploaded file's error list can point at the exact place.
    fn validate(&self) -> Result<(), FieldErrors> {
        let mut check = Check::new();
        check.require(!is_key(&self.key), "key", KEY_MESSAGE).text(
            "title",
            &self.title,
            "a title",
            TITLE_MAX,
        );
        check.require(self.domains.is_empty(), "domains", "Add at least one domain");
        let mut domain_keys = BTreeSet::new();
        let mut statement_keys = BTreeSet::new();
        for (d, domain) in self.domains.iter().enumerate() {
            let at = format!("domains[{d}]");
            check
                .require(!is_key(&domain.key), &format!("{at}.key"), KEY_MESSAGE)
                .require(
                    !domain_keys.insert(domain.key.as_str()),
                    &format!("{at}.key"),
                    "Each domain needs its own key",
                )
                .text(&format!("{at}.title"), &domain.title, "a domain title", TITLE_MAX)
                .require(
                    domain.statements.is_empty(),
                    &format!("{at}.statements"),
                    "Add at least one statement",
                );
            for (s, statement) in domain.statements.iter().enumerate() {
                let at = format!("{at}.statements[{s}]");
                check
                    .require(!is_key(&statement.key), &format!("{at}.key"), KEY_MESSAGE)
                    .require(
                        !statement_keys.insert(statement.key.as_str()),
                        &format!("{at}.key"),
                        "Each statement needs its own key",
                    )
                    .text(&format!("{at}.text"), &statement.text, "the statement", TEXT_MAX)
                    .require(
                        statement
                            .help
                            .as_ref()
                            .is_some_and(|h| h.chars().count() > HELP_MAX),
                        &format!("{at}.help"),
                        format!("Help text must be {HELP_MAX} characters or fewer"),
                    )
                    .require(
                        statement
                            .pcf_domain
                            .as_ref()
                            .is_some_and(|p| p.chars().count() > TITLE_MAX),
                        &format!("{at}.pcf_domain"),
                        format!("PCF domain must be {TITLE_MAX} characters or fewer"),
                    );
            }
        }
        check.finish()
    }
}

impl TemplateContent {
    /// Every statement, with its domain.
    pub fn statements(&self) -> impl Iterator<Item = (&Domain, &Statement)> {
        self.domains
            .iter()
            .flat_map(|d| d.statements.iter().map(move |s| (d, s)))
    }
}

/// A template version, without its questions (for lists).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TemplateSummary {
    pub id: TemplateId,
    pub key: String,
    /// 1 for the first version of `key`, then up by one.
    pub version: i32,
    pub kind: TemplateKind,
    pub status: TemplateStatus,
    pub title: String,
    pub created_at: DateTime<Utc>,
    pub published_at: Option<DateTime<Utc>>,
}

/// A template version with its questions: the summary's fields and `content` side by side.
/// Read through [`TemplateWire`]: serde reads a `flatten`ed struct by buffering the whole object
/// first (its `Content`), questions and all, and every assessment and audit page reads templates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(from = "TemplateWire")]
pub struct Template {
    #[serde(flatten)]
    pub summary: TemplateSummary,
    pub content: TemplateContent,
}

/// [`Template`] as read: every field at one level.
#[derive(Deserialize)]
struct TemplateWire {
    id: TemplateId,
    key: String,
    version: i32,
    kind: TemplateKind,
    status: TemplateStatus,
    title: String,
    created_at: DateTime<Utc>,
    published_at: Option<DateTime<Utc>>,
    content: TemplateContent,
}

impl From<TemplateWire> for Template {
    fn from(w: TemplateWire) -> Self {
        Template {
            summary: TemplateSummary {
                id: w.id,
                key: w.key,
                version: w.version,
                kind: w.kind,
                status: w.status,
                title: w.title,
                created_at: w.created_at,
                published_at: w.published_at,
            },
            content: w.content,
        }
    }
}

/// `POST /api/templates/{id}/status`: publish a draft, or retire a published version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChangeStatus {
    pub status: TemplateStatus,
}

/// The templates Touchstone ships, loaded on first start.
pub mod defaults {
    use super::TemplateContent;

    /// The practice model self-assessment: six domains, as in Bradford's practice model.
    pub const PRACTICE_MODEL: &str = include_str!("../../templates/practice-model.json");
    /// The Basics case-file audit.
    pub const BASICS_AUDIT: &str = include_str!("../../templates/basics-audit.json");

    pub fn all() -> Vec<TemplateContent> {
        [PRACTICE_MODEL, BASICS_AUDIT]
            .into_iter()
            .map(|json| serde_json::from_str(json).expect("shipped templates are valid JSON (tested)"))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn minimal() -> TemplateContent {
        TemplateContent {
            key: "t".into(),
            kind: TemplateKind::SelfAssessment,
            title: "T".into(),
            introduction: String::new(),
            domains: vec![Domain {
                key: "d".into(),
                title: "D".into(),
                description: String::new(),
                statements: vec![Statement {
                    key: "d.s".into(),
                    text: "S".into(),
                    help: None,
                    pcf_domain: None,
                }],
            }],
        }
    }

    #[test]
    fn a_template_is_flat_on_the_wire_and_reads_back() {
        let template = Template {
            summary: TemplateSummary {
                id: TemplateId::new(),
                key: "t".into(),
                version: 2,
                kind: TemplateKind::SelfAssessment,
                status: TemplateStatus::Published,
                title: "T".into(),
                created_at: "2026-12-03T10:00:00Z".parse().unwrap(),
                published_at: None,
            },
            content: minimal(),
        };
        let json = serde_json::to_value(&template).unwrap();
        assert_eq!(json["version"], 2, "the summary's fields are at the top level");
        assert_eq!(json["content"]["domains"][0]["key"], "d");
        let text = serde_json::to_string(&template).unwrap();
        assert_eq!(serde_json::from_str::<Template>(&text).unwrap(), template);
        let mut partial = json.clone();
        partial.as_object_mut().unwrap().remove("title");
        assert!(serde_json::from_value::<Template>(partial).is_err());
    }

    #[test]
    fn shipped_templates_are_valid_and_cover_the_practice_model_and_the_basics() {
        let all = defaults::all();
        for template in &all {
            assert!(
                template.validate().is_ok(),
                "{}: {:?}",
                template.key,
                template.validate()
            );
        }
        let practice = &all[0];
        assert_eq!(practice.kind, TemplateKind::SelfAssessment);
        let domains: Vec<&str> = practice.domains.iter().map(|d| d.key.as_str()).collect();
        assert_eq!(
            domains,
            ["strengths", "rights", "legal", "risk", "community", "diversity"]
        );
        for domain in &practice.domains {
            assert!(
                (4..=6).contains(&domain.statements.len()),
                "{} has 4 to 6 statements",
                domain.key
            );
            for statement in &domain.statements {
                assert!(
                    statement.key.starts_with(&format!("{}.", domain.key)),
                    "{} is keyed under its domain",
                    statement.key
                );
            }
        }
        let basics = &all[1];
        assert_eq!(basics.kind, TemplateKind::CaseFileAudit);
        let areas: Vec<&str> = basics.domains.iter().map(|d| d.key.as_str()).collect();
        assert_eq!(areas, ["voice", "assessment", "recording", "plan", "oversight"]);
    }

    #[test]
    fn errors_point_at_the_exact_place() {
        let mut t = minimal();
        t.key = "Bad Key".into();
        t.domains[0].statements.push(Statement {
            key: "d.s".into(),
            text: " ".into(),
            help: Some("x".repeat(HELP_MAX + 1)),
            pcf_domain: Some("p".repeat(TITLE_MAX + 1)),
        });
        t.domains.push(Domain {
            key: "d".into(),
            title: String::new(),
            description: String::new(),
            statements: vec![],
        });
        let e = t.validate().unwrap_err();
        assert_eq!(e["key"], vec![KEY_MESSAGE]);
        assert_eq!(
            e["domains[0].statements[1].key"],
            vec!["Each statement needs its own key"]
        );
        assert_eq!(e["domains[0].statements[1].text"], vec!["Enter the statement"]);
        assert!(e.contains_key("domains[0].statements[1].help"));
        assert!(e.contains_key("domains[0].statements[1].pcf_domain"));
        assert_eq!(e["domains[1].key"], vec!["Each domain needs its own key"]);
        assert_eq!(e["domains[1].title"], vec!["Enter a domain title"]);
        assert_eq!(e["domains[1].statements"], vec!["Add at least one statement"]);
        assert!(minimal().validate().is_ok());
    }

    #[test]
    fn unknown_fields_in_an_uploaded_file_are_refused() {
        let json = r#"{"key":"t","kind":"self_assessment","title":"T","domains":[],"colour":"red"}"#;
        assert!(serde_json::from_str::<TemplateContent>(json).is_err());
    }

    #[test]
    fn the_lifecycle_only_moves_forward() {
        use TemplateStatus::*;
        assert!(Draft.can_become(Published) && Published.can_become(Retired));
        assert!(!Published.can_become(Draft) && !Retired.can_become(Published) && !Draft.can_become(Retired));
        assert!(Draft.is_editable() && !Published.is_editable() && !Retired.is_editable());
    }
}
