//! A team manager's case-file audit against the Basics: one case (by reference, never a name),
//! the practitioner whose case it is, a grade and comment per criterion, and agreed actions with
//! dates. It syncs as kind `case_audit`; the practitioner whose case it is may read it.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::assessments::AssessmentStatus;
use super::templates::{Grade, TemplateContent};
use crate::validate::{Check, Validate};
use crate::{FieldErrors, TemplateId, UserId};

pub const CASE_REFERENCE_MAX: usize = 20;
pub const COMMENT_MAX: usize = 2_000;
pub const ACTION_MAX: usize = 500;
pub const ACTIONS_MAX: usize = 20;

/// A criterion's grade and why.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CriterionGrade {
    #[serde(default)]
    pub grade: Option<Grade>,
    #[serde(default)]
    pub comment: String,
}

/// A date as typed into the GOV.UK date input: kept as typed so a half-typed draft still saves.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DateParts {
    pub day: String,
    pub month: String,
    pub year: String,
}

impl DateParts {
    pub fn from_date(date: NaiveDate) -> Self {
        use chrono::Datelike;
        DateParts {
            day: date.day().to_string(),
            month: date.month().to_string(),
            year: date.year().to_string(),
        }
    }

    pub fn is_empty(&self) -> bool {
        [&self.day, &self.month, &self.year]
            .iter()
            .all(|p| p.trim().is_empty())
    }

    /// The date, if the three parts make a real one (years 2000 to 2100).
    pub fn to_date(&self) -> Option<NaiveDate> {
        let year: i32 = self.year.trim().parse().ok()?;
        let date = NaiveDate::from_ymd_opt(
            year,
            self.month.trim().parse().ok()?,
            self.day.trim().parse().ok()?,
        )?;
        (2000..=2100).contains(&year).then_some(date)
    }
}

/// Something the manager and practitioner agreed to do, by a date.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AgreedAction {
    pub action: String,
    pub due: DateParts,
}

/// The payload of a `case_audit` record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CaseAudit {
    pub template_id: TemplateId,
    pub template_version: i32,
    pub status: AssessmentStatus,
    pub started_at: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub submitted_at: Option<DateTime<Utc>>,
    /// The case's reference in the case-management system, never the person's name.
    pub case_reference: String,
    /// Whose case it is; they may read the audit.
    pub practitioner_id: UserId,
    /// Criterion (statement) key → grade and comment.
    #[serde(default)]
    pub grades: BTreeMap<String, CriterionGrade>,
    #[serde(default)]
    pub actions: Vec<AgreedAction>,
}

/// The field a criterion's grade or comment error is reported on.
pub fn grade_field(criterion_key: &str) -> String {
    format!("grades.{criterion_key}.grade")
}

pub fn comment_field(criterion_key: &str) -> String {
    format!("grades.{criterion_key}.comment")
}

/// A case reference is letters, digits, `-` and `/` with at least one digit, so a name cannot
/// be typed in by mistake.
pub fn is_case_reference(reference: &str) -> bool {
    let r = reference.trim();
    !r.is_empty()
        && r.chars().count() <= CASE_REFERENCE_MAX
        && r.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '/')
        && r.chars().any(|c| c.is_ascii_digit())
}

impl Validate for CaseAudit {
    fn validate(&self) -> Result<(), FieldErrors> {
        let mut check = Check::new();
        check
            .require(
                self.case_reference.trim().is_empty(),
                "case_reference",
                "Enter the case reference",
            )
            .require(
                !self.case_reference.trim().is_empty() && !is_case_reference(&self.case_reference),
                "case_reference",
                format!(
                    "Enter the case reference only, for example LAS-123456: letters, numbers, '-' or '/', with at least one number, {CASE_REFERENCE_MAX} characters at most, never a name"
                ),
            )
            .require(
                (self.status == AssessmentStatus::Submitted) != self.submitted_at.is_some(),
                "submitted_at",
                "A submitted audit records when it was submitted, and only then",
            )
            .require(
                self.actions.len() > ACTIONS_MAX,
                "actions",
                format!("Record at most {ACTIONS_MAX} actions"),
            );
        for (key, grade) in &self.grades {
            check.require(
                grade.comment.chars().count() > COMMENT_MAX,
                &comment_field(key),
                format!("Comment must be {COMMENT_MAX} characters or fewer"),
            );
        }
        let submitted = self.status == AssessmentStatus::Submitted;
        for (i, action) in self.actions.iter().enumerate() {
            check
                .require(
                    action.action.chars().count() > ACTION_MAX,
                    &format!("actions[{i}].action"),
                    format!("Action must be {ACTION_MAX} characters or fewer"),
                )
                .require(
                    submitted && action.action.trim().is_empty(),
                    &format!("actions[{i}].action"),
                    "Describe the agreed action, or remove it",
                )
                .require(
                    (submitted || !action.due.is_empty()) && action.due.to_date().is_none(),
                    &format!("actions[{i}].due"),
                    "Enter a real date the action is due, for example 27 3 2027",
                );
        }
        check.finish()
    }
}

impl CaseAudit {
    /// Grades must be for this template's criteria; a submitted audit grades and comments on
    /// every criterion.
    pub fn check_against(&self, template: &TemplateContent) -> Result<(), FieldErrors> {
        let mut check = Check::new();
        for key in self.grades.keys() {
            check.require(
                !template.statements().any(|(_, s)| &s.key == key),
                &grade_field(key),
                "This criterion is not in the template",
            );
        }
        if self.status == AssessmentStatus::Submitted {
            for (_, criterion) in template.statements() {
                let given = self.grades.get(&criterion.key);
                let short = criterion.text.trim_end_matches('.');
                check
                    .require(
                        given.and_then(|g| g.grade).is_none(),
                        &grade_field(&criterion.key),
                        format!("Choose a grade: {short}"),
                    )
                    .require(
                        given.is_none_or(|g| g.comment.trim().is_empty()),
                        &comment_field(&criterion.key),
                        format!("Say why you gave this grade: {short}"),
                    );
            }
        }
        check.finish()
    }

    /// A submitted audit is the record of what was found and agreed: it does not change.
    pub fn is_submitted(&self) -> bool {
        self.status == AssessmentStatus::Submitted
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::templates::defaults;

    fn audit() -> CaseAudit {
        CaseAudit {
            template_id: TemplateId::new(),
            template_version: 1,
            status: AssessmentStatus::Draft,
            started_at: Utc::now(),
            submitted_at: None,
            case_reference: "LAS-123456".into(),
            practitioner_id: UserId::new(),
            grades: BTreeMap::new(),
            actions: Vec::new(),
        }
    }

    #[test]
    fn case_references_are_references_not_names() {
        for ok in ["LAS-123456", "12/3456", "A1"] {
            assert!(is_case_reference(ok), "{ok}");
        }
        for bad in ["", "Mary Smith", "MarySmith", "LAS 123", &"x1".repeat(11)] {
            assert!(!is_case_reference(bad), "{bad}");
        }
        let mut a = audit();
        a.case_reference = "Mary Smith".into();
        assert!(a.validate().unwrap_err()["case_reference"][0].contains("never a name"));
        a.case_reference = " ".into();
        assert_eq!(
            a.validate().unwrap_err()["case_reference"],
            ["Enter the case reference"]
        );
    }

    #[test]
    fn dates_are_checked_when_typed_and_required_on_submission() {
        assert_eq!(
            DateParts {
                day: "29".into(),
                month: "2".into(),
                year: "2028".into()
            }
            .to_date(),
            NaiveDate::from_ymd_opt(2028, 2, 29)
        );
        assert!(
            DateParts {
                day: "29".into(),
                month: "2".into(),
                year: "2027".into()
            }
            .to_date()
            .is_none()
        );
        let mut a = audit();
        a.actions.push(AgreedAction::default());
        assert!(
            a.validate().is_ok(),
            "an empty action in a draft is still being typed"
        );
        a.actions[0].due.day = "31".into();
        assert!(a.validate().unwrap_err().contains_key("actions[0].due"));
        a.actions[0].due = DateParts::from_date(NaiveDate::from_ymd_opt(2027, 1, 31).unwrap());
        a.status = AssessmentStatus::Submitted;
        a.submitted_at = Some(Utc::now());
        assert!(a.validate().unwrap_err().contains_key("actions[0].action"));
    }

    #[test]
    fn submission_grades_and_explains_every_criterion() {
        let template = defaults::all().remove(1);
        let mut a = audit();
        a.status = AssessmentStatus::Submitted;
        a.submitted_at = Some(Utc::now());
        let count = template.statements().count();
        assert_eq!(a.check_against(&template).unwrap_err().len(), count * 2);
        for (_, s) in template.statements() {
            a.grades.insert(
                s.key.clone(),
                CriterionGrade {
                    grade: Some(Grade::Good),
                    comment: "Clear and current.".into(),
                },
            );
        }
        assert!(a.check_against(&template).is_ok());
        a.grades.get_mut("voice.own_words").unwrap().comment.clear();
        assert_eq!(
            a.check_against(&template).unwrap_err().keys().collect::<Vec<_>>(),
            ["grades.voice.own_words.comment"]
        );
    }
}
