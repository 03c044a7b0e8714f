//! What the simulated people write, as the real kinds' payloads so that the server's own rules
//! judge them: both keep notes; the practitioner drafts, submits and shares self-assessments with
//! their team manager; the manager audits the practitioner's case files. An act that makes no
//! sense for a kind (sharing a note) is not played.

use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use crate::api::assessments::{AssessmentStatus, DomainReflection, Rating, SelfAssessment};
use crate::api::case_audits::{CaseAudit, CriterionGrade};
use crate::api::templates::Grade;
use crate::sync::protocol::EntityKind;
use crate::{TemplateId, UserId};

/// A published questionnaire the people answer: its keys, as the server holds them.
#[derive(Debug, Clone)]
pub struct Form {
    pub id: TemplateId,
    pub version: i32,
    pub domains: Vec<String>,
    pub statements: Vec<String>,
}

/// The self-assessment questionnaire and the case-file audit template.
#[derive(Debug, Clone)]
pub struct Forms {
    pub assessment: Form,
    pub audit: Form,
}

/// One thing a person does to a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Act {
    /// Writes this text (a note's title, a reflection, a case reference); `None` writes nothing
    /// where something is needed, which the rules refuse.
    Write(Option<String>),
    Submit,
    Share(bool),
}

fn at() -> DateTime<Utc> {
    DateTime::from_timestamp(1_790_000_000, 0).expect("a fixed time")
}

/// The payload after `act` on `current` (none: a new record), or `None` when `act` does not
/// apply to `kind`.
pub fn write(
    kind: EntityKind,
    current: Option<&Value>,
    act: &Act,
    forms: &Forms,
    practitioner: UserId,
) -> Option<Value> {
    match kind {
        EntityKind::Note => match act {
            Act::Write(text) => Some(json!({ "title": text.clone().unwrap_or_default() })),
            _ => None,
        },
        // Private and edited freely, as notes are (no text is no reference, which it must have).
        EntityKind::Shortlist => match act {
            Act::Write(text) => Some(json!({ "reference": text.clone().unwrap_or_default() })),
            _ => None,
        },
        EntityKind::SelfAssessment => {
            let form = &forms.assessment;
            let mut a = current
                .and_then(|v| serde_json::from_value(v.clone()).ok())
                .unwrap_or_else(|| SelfAssessment::new(form.id, form.version, at()));
            match act {
                Act::Write(text) => {
                    a.domains.insert(
                        form.domains[0].clone(),
                        DomainReflection {
                            reflection: text.clone().unwrap_or_default(),
                            ..DomainReflection::default()
                        },
                    );
                }
                Act::Submit => {
                    for key in &form.statements {
                        a.ratings.insert(key.clone(), Rating::Three);
                    }
                    a.status = AssessmentStatus::Submitted;
                    a.submitted_at = Some(at());
                }
                Act::Share(shared) => a.shared_with_manager = *shared,
            }
            serde_json::to_value(a).ok()
        }
        // Not played: its reviews need a manager of the author's team and a ready form, which
        // the record tests and the server's tests cover.
        EntityKind::RiskEnablement => None,
        EntityKind::CaseAudit => {
            let form = &forms.audit;
            let mut audit = current
                .and_then(|v| serde_json::from_value(v.clone()).ok())
                .unwrap_or_else(|| CaseAudit {
                    template_id: form.id,
                    template_version: form.version,
                    status: AssessmentStatus::Draft,
                    started_at: at(),
                    submitted_at: None,
                    case_reference: "LAS-1".into(),
                    practitioner_id: practitioner,
                    grades: Default::default(),
                    actions: Vec::new(),
                });
            match act {
                // No text is no reference, which a case-file audit must have.
                Act::Write(text) => {
                    audit.case_reference = text.as_ref().map_or_else(String::new, |t| format!("LAS-{t}1"))
                }
                Act::Submit => {
                    for key in &form.statements {
                        let grade = CriterionGrade {
                            grade: Some(Grade::Good),
                            comment: "Seen in the file".into(),
                        };
                        audit.grades.insert(key.clone(), grade);
                    }
                    audit.status = AssessmentStatus::Submitted;
                    audit.submitted_at = Some(at());
                }
                Act::Share(_) => return None,
            }
            serde_json::to_value(audit).ok()
        }
    }
}
