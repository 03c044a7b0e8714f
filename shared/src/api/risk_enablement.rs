//! A risk enablement record's payload: the conversation with the person about something they
//! want to do, in the order it is had (RISK-ENABLEMENT.md §1, sections A–J): what they want and
//! why, in their words; what is strong; the benefits; each risk and what would make it safer;
//! what others think; deciding; the plan. The person is a case reference and, if they like, the
//! name they use: nothing else about them.
//!
//! Two levels of checking: `validate` (every save, a draft too: a case reference and what the
//! person wants, and nothing too long) and `ready_for_review` (before a manager sees it: every
//! section answered, in proportion — a low risk needs no evidence, no view and no mitigation).

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::case_audits::{CASE_REFERENCE_MAX, DateParts};
use crate::FieldErrors;
use crate::ids::UserId;
use crate::risk::advocacy::{self, Need, Situation};
use crate::risk::capacity::{self, Answers, DoubtReason, Outcome};
use crate::risk::scoring::{Band, Matrix, Rating};
use crate::risk::workflow::{COMMENT_MAX, COMMENTS_MAX};
pub use crate::risk::workflow::{Closure, Comment, Decision, Panel, ReviewEvent};
use crate::validate::{Check, Validate};

pub const TEXT_MAX: usize = 4_000;
pub const NAME_MAX: usize = 100;
/// Risks, mitigations, views, options and people present: each at most this many.
pub const LIST_MAX: usize = 30;

/// Where the record is in its workflow (RISK-ENABLEMENT.md §3).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RiskStatus {
    #[default]
    Draft,
    AwaitingReview,
    Returned,
    Agreed,
    ReviewDue,
    Closed,
}

/// How the person took part (supported decision-making, MCA s.1(3)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TookPart {
    OwnWords,
    WithFamilyOrFriend,
    Interpreter,
    Advocate,
    Other,
}

/// The parts of life it touches: wellbeing as the Care Act s.1(2) lists it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Wellbeing {
    Dignity,
    Health,
    Protection,
    Control,
    Participation,
    SocialAndEconomic,
    Relationships,
    Accommodation,
    Contribution,
}

/// Someone who was there, or whose view is asked.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Person {
    pub name: String,
    /// "Daughter", "GP", "Support worker".
    pub role: String,
}

/// Who or what can help: someone, or a service of the directory (its id kept, so the form can
/// show its current details and say when it is no longer listed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "value")]
pub enum Helper {
    Person(Person),
    Service(Uuid),
}

/// Who a risk could harm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ToWhom {
    ThePerson,
    Carer,
    Others,
    Staff,
}

/// Where a risk comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    FamilyAndPrivateLife,
    Community,
    Services,
    SelfNeglect,
    TheActivity,
}

/// One thing that could go wrong (section E).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Risk {
    /// Made on the device; mitigations name the risks they reduce by it.
    pub id: Uuid,
    pub what: String,
    #[serde(default)]
    pub to_whom: Vec<ToWhom>,
    #[serde(default)]
    pub source: Option<Source>,
    /// What the person thinks of it, in their words.
    #[serde(default)]
    pub their_view: String,
    /// What tells us this: evidence, not assumption.
    #[serde(default)]
    pub evidence: String,
    /// As things are.
    #[serde(default)]
    pub inherent: Option<Rating>,
}

/// Who will do a mitigation: someone, or a service of the directory.
pub type Owner = Helper;

/// Something that will make it safer (section G).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mitigation {
    pub action: String,
    #[serde(default)]
    pub owner: Option<Owner>,
    #[serde(default)]
    pub by: DateParts,
    /// The risks it reduces (`Risk::id`).
    #[serde(default)]
    pub reduces: Vec<Uuid>,
    /// How likely and how serious, once it is done.
    #[serde(default)]
    pub residual: Option<Rating>,
    /// What would tell us it is not working, and then what.
    #[serde(default)]
    pub warning_signs: String,
}

/// Whether someone asked agrees (section H): disagreement is kept, not smoothed over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Agrees {
    Yes,
    Partly,
    No,
    NotAsked,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct View {
    pub who: Person,
    pub view: String,
    pub agrees: Option<Agrees>,
    /// Why they were not asked (needed when `agrees` is `NotAsked`).
    #[serde(default)]
    pub not_asked_why: String,
}

/// An option looked at, for the least restrictive one (MCA s.1(6)).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Considered {
    pub option: String,
    #[serde(default)]
    pub for_it: String,
    #[serde(default)]
    pub against_it: String,
}

/// The capacity record, only when there is a reason to doubt (RISK-ENABLEMENT.md §2).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Capacity {
    pub reasons: Vec<DoubtReason>,
    #[serde(default)]
    pub reason_said: String,
    /// The decision, exactly, and when it must be made.
    #[serde(default)]
    pub decision: String,
    #[serde(default)]
    pub decide_by: DateParts,
    /// What they need to know: the choices and what could happen each way.
    #[serde(default)]
    pub needs_to_know: String,
    /// What was done to help them decide.
    #[serde(default)]
    pub help_given: String,
    #[serde(default)]
    pub answers: Answers,
    /// What they said or did, for each question of the functional test, then for the
    /// impairment and the causal link.
    #[serde(default)]
    pub evidence: [String; 6],
    /// The outcome the practitioner confirmed: it must be the one the answers come to.
    #[serde(default)]
    pub confirmed: Option<Outcome>,
    /// What the record says of their situation, for the advocacy prompts.
    #[serde(default)]
    pub situation: Situation,
    /// Whether an advocate has been instructed.
    #[serde(default)]
    pub advocate_instructed: bool,
    /// Only when they cannot decide: the best-interests record (MCA s.4).
    #[serde(default)]
    pub best_interests: Option<BestInterests>,
}

impl Capacity {
    /// The situation as the advocacy rules read it, with what the answers show (whether they
    /// can decide; any difficulty on the functional test) rather than what was ticked.
    pub fn advocacy_situation(&self) -> Situation {
        Situation {
            lacks_capacity: self.answers.outcome() == Some(Outcome::CannotDecide),
            substantial_difficulty: self
                .answers
                .functional
                .iter()
                .any(|a| matches!(a, Some(capacity::Answer::No | capacity::Answer::Unsure))),
            ..self.situation
        }
    }

    /// Whether an advocate must be instructed before the plan is agreed.
    pub fn advocate_required(&self) -> bool {
        let s = self.advocacy_situation();
        advocacy::imca(s).0 == Need::Must || advocacy::care_act_advocate(s).0 == Need::Must
    }
}

/// A best-interests decision (MCA s.4): their wishes, feelings, beliefs and values; who was
/// consulted; the decision; and who makes it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BestInterests {
    #[serde(default)]
    pub wishes: String,
    #[serde(default)]
    pub consulted: String,
    #[serde(default)]
    pub decision: String,
    #[serde(default)]
    pub who_decides: String,
}

/// Events that bring the review forward.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Trigger {
    Incident,
    HealthChange,
    PersonAsks,
    CarerWorried,
    WarningSign,
}

/// Whether the person has a copy of the plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CopyGiven {
    Printed,
    Emailed,
    EasyRead,
    Declined,
    NotYet,
}

/// The payload of a `risk_enablement` record.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RiskEnablement {
    #[serde(default)]
    pub status: RiskStatus,
    // A: this conversation.
    pub case_reference: String,
    /// The name the person uses, if they want it on the form (the print says "you" otherwise).
    #[serde(default)]
    pub known_as: String,
    #[serde(default)]
    pub talked_on: DateParts,
    #[serde(default)]
    pub present: Vec<Person>,
    #[serde(default)]
    pub took_part: Option<TookPart>,
    // B: what the person wants, in their words.
    pub wants: String,
    #[serde(default)]
    pub why: String,
    #[serde(default)]
    pub wellbeing: Vec<Wellbeing>,
    // C: what's strong.
    #[serde(default)]
    pub strengths: String,
    #[serde(default)]
    pub helpers: Vec<Helper>,
    // D.
    #[serde(default)]
    pub benefits: String,
    // E.
    #[serde(default)]
    pub risks: Vec<Risk>,
    // F: what might happen if they don't.
    #[serde(default)]
    pub not_doing: String,
    /// How serious not doing it would be, 1 to 5 (the matrix's impact words).
    #[serde(default)]
    pub not_doing_impact: Option<u8>,
    // G.
    #[serde(default)]
    pub mitigations: Vec<Mitigation>,
    // H.
    #[serde(default)]
    pub views: Vec<View>,
    // I: deciding. `None`: not answered yet.
    #[serde(default)]
    pub doubt_capacity: Option<bool>,
    #[serde(default)]
    pub capacity: Option<Capacity>,
    #[serde(default)]
    pub safeguarding_concern: Option<bool>,
    #[serde(default)]
    pub options: Vec<Considered>,
    #[serde(default)]
    pub least_restrictive_why: String,
    // J: the plan.
    #[serde(default)]
    pub plan: String,
    #[serde(default)]
    pub review_by: DateParts,
    #[serde(default)]
    pub review_sooner_if: Vec<Trigger>,
    #[serde(default)]
    pub copy_given: Option<CopyGiven>,
    // The review (RISK-ENABLEMENT.md §3).
    /// Colleagues the author lets read it, besides the managers of their team.
    #[serde(default)]
    pub readers: Vec<UserId>,
    /// Comments by field, oldest first; never changed once written.
    #[serde(default)]
    pub comments: Vec<Comment>,
    /// The manager's decision on the last version sent.
    #[serde(default)]
    pub decision: Option<Decision>,
    #[serde(default)]
    pub panel: Option<Panel>,
    /// An event the plan named has happened: the review is due now.
    #[serde(default)]
    pub review_event: Option<ReviewEvent>,
    #[serde(default)]
    pub closed: Option<Closure>,
}

/// Each section of the task list, in conversation order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Section {
    Conversation,
    Wants,
    Strengths,
    Benefits,
    Risks,
    NotDoing,
    Safer,
    Views,
    Deciding,
    Plan,
}

impl Section {
    pub const ALL: [Section; 10] = [
        Section::Conversation,
        Section::Wants,
        Section::Strengths,
        Section::Benefits,
        Section::Risks,
        Section::NotDoing,
        Section::Safer,
        Section::Views,
        Section::Deciding,
        Section::Plan,
    ];

    /// The section where `field` (a payload JSON path, such as `risks.0.evidence`) is answered.
    pub fn of_field(field: &str) -> Option<Section> {
        let top = field.split('.').next().unwrap_or_default();
        Section::ALL.into_iter().find(|s| s.fields().contains(&top))
    }

    /// The field names (as the payload's JSON names them) whose problems belong to it.
    fn fields(self) -> &'static [&'static str] {
        match self {
            Section::Conversation => &["case_reference", "known_as", "talked_on", "present", "took_part"],
            Section::Wants => &["wants", "why", "wellbeing"],
            Section::Strengths => &["strengths", "helpers"],
            Section::Benefits => &["benefits"],
            Section::Risks => &["risks"],
            Section::NotDoing => &["not_doing", "not_doing_impact"],
            Section::Safer => &["mitigations"],
            Section::Views => &["views"],
            Section::Deciding => &[
                "doubt_capacity",
                "capacity",
                "safeguarding_concern",
                "options",
                "least_restrictive_why",
            ],
            Section::Plan => &["plan", "review_by", "review_sooner_if", "copy_given"],
        }
    }
}

fn blank(text: &str) -> bool {
    text.trim().is_empty()
}

/// A field of a list's item: "risks.2.evidence".
fn item(list: &str, i: usize, field: &str) -> String {
    format!("{list}.{i}.{field}")
}

impl RiskEnablement {
    /// The highest band among the risks as things are (on `matrix`), or `None` when none is
    /// rated yet.
    pub fn highest_inherent(&self, matrix: &Matrix) -> Option<Band> {
        self.risks
            .iter()
            .filter_map(|r| r.inherent.filter(|x| x.is_valid()))
            .map(|r| matrix.band(r.score()))
            .max()
    }

    /// The band left for `risk` once its mitigations are done: the lowest residual rating of
    /// those that reduce it, or its inherent rating when none does.
    pub fn residual(&self, risk: &Risk, matrix: &Matrix) -> Option<Band> {
        self.mitigations
            .iter()
            .filter(|m| m.reduces.contains(&risk.id))
            .filter_map(|m| m.residual.filter(|x| x.is_valid()))
            .map(|r| matrix.band(r.score()))
            .min()
            .or_else(|| {
                risk.inherent
                    .filter(|x| x.is_valid())
                    .map(|r| matrix.band(r.score()))
            })
    }

    /// The capacity record's outcome, when it has one the answers support.
    pub fn capacity_outcome(&self) -> Option<Outcome> {
        self.capacity.as_ref().and_then(|c| c.answers.outcome())
    }

    /// Everything a manager needs, in proportion: a risk rated low needs no evidence, no view
    /// and no mitigation; the capacity record only when there is a reason to doubt.
    pub fn ready_for_review(&self, matrix: &Matrix, today: chrono::NaiveDate) -> Result<(), FieldErrors> {
        let mut check = Check::new();
        let _ = self.validate().map_err(|e| {
            for (field, messages) in e {
                for m in messages {
                    check.require(true, &field, m);
                }
            }
        });
        check.require(
            self.talked_on.to_date().is_none(),
            "talked_on",
            "Enter the date you talked",
        );
        check.require(
            self.took_part.is_none(),
            "took_part",
            "Say how the person took part",
        );
        check.require(
            blank(&self.why),
            "why",
            "Say why it matters to them, in their words",
        );
        check.require(
            self.wellbeing.is_empty(),
            "wellbeing",
            "Choose the parts of life it touches",
        );
        check.require(
            blank(&self.strengths),
            "strengths",
            "Say what they are good at, or what worked before",
        );
        check.require(
            blank(&self.benefits),
            "benefits",
            "Say what will be better if this happens",
        );
        check.require(
            self.risks.is_empty(),
            "risks",
            "Add what could go wrong, even if it is small",
        );
        for (i, risk) in self.risks.iter().enumerate() {
            let rated = risk.inherent.filter(|r| r.is_valid());
            check.require(
                rated.is_none(),
                &item("risks", i, "inherent"),
                "Rate how likely and how serious it is",
            );
            check.require(
                risk.to_whom.is_empty(),
                &item("risks", i, "to_whom"),
                "Say who it could harm",
            );
            let low = rated.is_some_and(|r| matrix.band(r.score()) == Band::Low);
            if !low {
                check.require(
                    blank(&risk.their_view),
                    &item("risks", i, "their_view"),
                    "Say what the person thinks of this risk",
                );
                check.require(
                    blank(&risk.evidence),
                    &item("risks", i, "evidence"),
                    "Say what tells us this",
                );
                let mitigated = self.mitigations.iter().any(|m| m.reduces.contains(&risk.id));
                check.require(
                    !mitigated,
                    &item("risks", i, "mitigation"),
                    "Add what will make this safer",
                );
            }
        }
        check.require(
            blank(&self.not_doing),
            "not_doing",
            "Say what might happen if they do not do this",
        );
        for (i, m) in self.mitigations.iter().enumerate() {
            check.require(
                m.owner.is_none(),
                &item("mitigations", i, "owner"),
                "Say who will do it",
            );
            check.require(
                m.by.to_date().is_none(),
                &item("mitigations", i, "by"),
                "Enter when it will be done by",
            );
            check.require(
                m.residual.is_none_or(|r| !r.is_valid()),
                &item("mitigations", i, "residual"),
                "Rate the risk once this is done",
            );
        }
        for (i, v) in self.views.iter().enumerate() {
            check.require(
                v.agrees.is_none(),
                &item("views", i, "agrees"),
                "Say whether they agree",
            );
            check.require(
                v.agrees == Some(Agrees::NotAsked) && blank(&v.not_asked_why),
                &item("views", i, "not_asked_why"),
                "Say why they were not asked",
            );
        }
        check.require(
            self.doubt_capacity.is_none(),
            "doubt_capacity",
            "Say whether there is a reason to doubt they can make this decision",
        );
        if self.doubt_capacity == Some(true) {
            match &self.capacity {
                None => {
                    check.require(
                        true,
                        "capacity",
                        "Record the capacity assessment for this decision",
                    );
                }
                Some(c) => {
                    if let Some(problem) = capacity::doubt_problem(&c.reasons, &c.reason_said) {
                        check.require(true, "capacity.reasons", problem);
                    }
                    check.require(
                        blank(&c.decision),
                        "capacity.decision",
                        "Say exactly what the decision is",
                    );
                    check.require(
                        blank(&c.needs_to_know),
                        "capacity.needs_to_know",
                        "Say what they need to know to decide",
                    );
                    check.require(
                        blank(&c.help_given),
                        "capacity.help_given",
                        "Say what you did to help them decide",
                    );
                    match c.answers.outcome() {
                        None => {
                            check.require(
                                true,
                                "capacity.answers",
                                "Answer every question the assessment asks",
                            );
                        }
                        Some(outcome) => {
                            check.require(
                                c.confirmed != Some(outcome),
                                "capacity.confirmed",
                                "Confirm the outcome the answers come to",
                            );
                            if !outcome.is_theirs() {
                                let bi = c.best_interests.clone().unwrap_or_default();
                                let parts = [
                                    (
                                        "wishes",
                                        &bi.wishes,
                                        "Record their wishes, feelings, beliefs and values",
                                    ),
                                    (
                                        "consulted",
                                        &bi.consulted,
                                        "Say who was consulted and what they said",
                                    ),
                                    (
                                        "decision",
                                        &bi.decision,
                                        "Record the decision made in their best interests",
                                    ),
                                    ("who_decides", &bi.who_decides, "Say who makes the decision"),
                                ];
                                for (field, text, message) in parts {
                                    check.require(
                                        blank(text),
                                        &format!("capacity.best_interests.{field}"),
                                        message,
                                    );
                                }
                            }
                            check.require(
                                c.advocate_required() && !c.advocate_instructed,
                                "capacity.advocate_instructed",
                                "Instruct an advocate before this plan is sent: the law requires one here",
                            );
                        }
                    }
                }
            }
        }
        check.require(
            self.safeguarding_concern.is_none(),
            "safeguarding_concern",
            "Say whether anyone could be harming or neglecting them",
        );
        check.require(
            self.options.is_empty(),
            "options",
            "Add the options you looked at",
        );
        check.require(
            blank(&self.least_restrictive_why),
            "least_restrictive_why",
            "Say why this is the least restrictive option",
        );
        check.require(blank(&self.plan), "plan", "Write the plan in plain words");
        match self.review_by.to_date() {
            None => {
                check.require(true, "review_by", "Enter a review date");
            }
            Some(date) => {
                if let Some(problem) = crate::risk::review::review_date_problem(date, today) {
                    check.require(true, "review_by", problem);
                }
            }
        }
        check.require(
            self.copy_given.is_none(),
            "copy_given",
            "Say whether the person has a copy",
        );
        check.finish()
    }

    /// The sections whose problems `errors` holds: the task list marks them "not finished".
    pub fn unfinished(errors: &FieldErrors) -> Vec<Section> {
        Section::ALL
            .into_iter()
            .filter(|s| errors.keys().any(|k| Section::of_field(k) == Some(*s)))
            .collect()
    }
}

impl Validate for RiskEnablement {
    /// What every save needs, a draft's too: who it is about (a case reference, no name needed)
    /// and what they want; nothing too long; lists of a sensible length.
    fn validate(&self) -> Result<(), FieldErrors> {
        let mut check = Check::new();
        check.text(
            "case_reference",
            &self.case_reference,
            "a case reference",
            CASE_REFERENCE_MAX,
        );
        check.text(
            "wants",
            &self.wants,
            "what the person wants to do, in their words",
            TEXT_MAX,
        );
        check.require(
            self.known_as.chars().count() > NAME_MAX,
            "known_as",
            format!("The name must be {NAME_MAX} characters or fewer"),
        );
        let long = [
            ("why", &self.why),
            ("strengths", &self.strengths),
            ("benefits", &self.benefits),
            ("not_doing", &self.not_doing),
            ("least_restrictive_why", &self.least_restrictive_why),
            ("plan", &self.plan),
        ];
        for (field, text) in long {
            check.require(
                text.chars().count() > TEXT_MAX,
                field,
                format!("This must be {TEXT_MAX} characters or fewer"),
            );
        }
        let lists = [
            ("present", self.present.len()),
            ("helpers", self.helpers.len()),
            ("risks", self.risks.len()),
            ("mitigations", self.mitigations.len()),
            ("views", self.views.len()),
            ("options", self.options.len()),
        ];
        for (field, n) in lists {
            check.require(n > LIST_MAX, field, format!("Keep to {LIST_MAX} at most"));
        }
        for (i, risk) in self.risks.iter().enumerate() {
            check.require(
                blank(&risk.what),
                &item("risks", i, "what"),
                "Say what could happen",
            );
            check.require(
                risk.inherent.is_some_and(|r| !r.is_valid()),
                &item("risks", i, "inherent"),
                "Rate from 1 to 5",
            );
        }
        for (i, m) in self.mitigations.iter().enumerate() {
            check.require(
                blank(&m.action),
                &item("mitigations", i, "action"),
                "Say what will be done",
            );
            let known = m.reduces.iter().all(|id| self.risks.iter().any(|r| r.id == *id));
            check.require(
                !known,
                &item("mitigations", i, "reduces"),
                "Choose risks this form lists",
            );
        }
        check.require(
            self.not_doing_impact.is_some_and(|x| !(1..=5).contains(&x)),
            "not_doing_impact",
            "Rate from 1 to 5",
        );
        check.require(
            self.readers.len() > LIST_MAX,
            "readers",
            format!("Keep to {LIST_MAX} colleagues at most"),
        );
        check.require(
            self.comments.len() > COMMENTS_MAX,
            "comments",
            format!("A form holds {COMMENTS_MAX} comments at most"),
        );
        for (i, c) in self.comments.iter().enumerate() {
            check.require(
                blank(&c.text) || c.text.chars().count() > COMMENT_MAX,
                &item("comments", i, "text"),
                format!("Write a comment of {COMMENT_MAX} characters or fewer"),
            );
        }
        let workflow_text = [
            ("decision", self.decision.as_ref().map(|d| d.reason.as_str())),
            ("panel", self.panel.as_ref().map(|p| p.advice.as_str())),
            ("panel", self.panel.as_ref().map(|p| p.attended.as_str())),
            (
                "review_event",
                self.review_event.as_ref().map(|e| e.what_happened.as_str()),
            ),
            ("closed", self.closed.as_ref().map(|c| c.said.as_str())),
        ];
        for (field, text) in workflow_text {
            check.require(
                text.is_some_and(|t| t.chars().count() > TEXT_MAX),
                field,
                format!("This must be {TEXT_MAX} characters or fewer"),
            );
        }
        if let Some(c) = &self.capacity {
            check.require(
                c.best_interests.is_some() && c.answers.outcome().is_none_or(Outcome::is_theirs),
                "capacity.best_interests",
                "Best interests are only for a decision they cannot make: it is theirs to make",
            );
        }
        check.require(
            self.doubt_capacity != Some(true) && self.capacity.is_some(),
            "capacity",
            "A capacity record needs a reason to doubt capacity for this decision: capacity is assumed",
        );
        check.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::risk::capacity::Answer;
    use chrono::NaiveDate;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 4).unwrap()
    }

    fn rated(likelihood: u8, impact: u8) -> Option<Rating> {
        Some(Rating { likelihood, impact })
    }

    /// Ann's wish to go to the allotment alone again (made up), ready but for what a test
    /// takes away.
    fn ready() -> RiskEnablement {
        let fall = Uuid::from_u128(1);
        RiskEnablement {
            case_reference: "LAS-1042".into(),
            known_as: "Ann".into(),
            talked_on: DateParts::from_date(today()),
            present: vec![Person {
                name: "Ann".into(),
                role: "Herself".into(),
            }],
            took_part: Some(TookPart::OwnWords),
            wants: "Go to my allotment on my own again".into(),
            why: "It is where I feel like me".into(),
            wellbeing: vec![Wellbeing::Health, Wellbeing::Control],
            strengths: "Grew vegetables for forty years".into(),
            helpers: vec![Helper::Service(Uuid::from_u128(9))],
            benefits: "Fresh air, her friends at the site, her own food".into(),
            risks: vec![Risk {
                id: fall,
                what: "A fall on the uneven path, alone".into(),
                to_whom: vec![ToWhom::ThePerson],
                source: Some(Source::TheActivity),
                their_view: "I have fallen before and got up".into(),
                evidence: "Two falls at home this year".into(),
                inherent: rated(3, 4),
            }],
            not_doing: "Low mood; she stops going out".into(),
            not_doing_impact: Some(4),
            mitigations: vec![Mitigation {
                action: "A pendant alarm, and the site's buddy scheme on Tuesdays".into(),
                owner: Some(Helper::Person(Person {
                    name: "Sam".into(),
                    role: "Social worker".into(),
                })),
                by: DateParts::from_date(today()),
                reduces: vec![fall],
                residual: rated(2, 3),
                warning_signs: "A missed Tuesday: her daughter rings".into(),
            }],
            views: vec![View {
                who: Person {
                    name: "Jo".into(),
                    role: "Daughter".into(),
                },
                view: "Worried, but wants her to go".into(),
                agrees: Some(Agrees::Partly),
                not_asked_why: String::new(),
            }],
            doubt_capacity: Some(false),
            capacity: None,
            safeguarding_concern: Some(false),
            options: vec![Considered {
                option: "Go with a carer".into(),
                ..Considered::default()
            }],
            least_restrictive_why: "The buddy scheme keeps her independence".into(),
            plan: "Ann goes on Tuesdays with her alarm".into(),
            review_by: DateParts::from_date(NaiveDate::from_ymd_opt(2027, 3, 4).unwrap()),
            review_sooner_if: vec![Trigger::Incident],
            copy_given: Some(CopyGiven::Printed),
            ..RiskEnablement::default()
        }
    }

    #[test]
    fn a_draft_needs_only_who_and_what_they_want() {
        let draft = RiskEnablement {
            case_reference: "LAS-1".into(),
            wants: "Live alone".into(),
            ..RiskEnablement::default()
        };
        assert!(draft.validate().is_ok());
        let errors = RiskEnablement::default().validate().unwrap_err();
        assert!(errors.contains_key("case_reference") && errors.contains_key("wants"));
        let errors = draft.ready_for_review(&Matrix::default(), today()).unwrap_err();
        assert_eq!(Section::of_field("risks.0.evidence"), Some(Section::Risks));
        assert_eq!(Section::of_field("capacity.decision"), Some(Section::Deciding));
        assert_eq!(
            Section::of_field("readers"),
            None,
            "who reads it is not a section"
        );
        // With no risk yet, nothing is asked of making it safer; views are asked only of those
        // added.
        assert_eq!(
            RiskEnablement::unfinished(&errors),
            [
                Section::Conversation,
                Section::Wants,
                Section::Strengths,
                Section::Benefits,
                Section::Risks,
                Section::NotDoing,
                Section::Deciding,
                Section::Plan
            ]
        );
    }

    #[test]
    fn a_finished_record_is_ready_and_each_gap_names_its_section() {
        let matrix = Matrix::default();
        assert_eq!(ready().ready_for_review(&matrix, today()), Ok(()));
        let mut gap = ready();
        gap.risks[0].evidence.clear();
        gap.plan.clear();
        let errors = gap.ready_for_review(&matrix, today()).unwrap_err();
        assert!(errors.contains_key("risks.0.evidence") && errors.contains_key("plan"));
        assert_eq!(
            RiskEnablement::unfinished(&errors),
            [Section::Risks, Section::Plan]
        );
    }

    #[test]
    fn a_low_risk_needs_less() {
        let mut low = ready();
        low.risks[0].inherent = rated(1, 2);
        low.risks[0].evidence.clear();
        low.risks[0].their_view.clear();
        low.mitigations.clear();
        assert_eq!(low.ready_for_review(&Matrix::default(), today()), Ok(()));
        low.risks[0].inherent = rated(2, 2);
        let errors = low.ready_for_review(&Matrix::default(), today()).unwrap_err();
        assert!(errors.contains_key("risks.0.evidence") && errors.contains_key("risks.0.mitigation"));
    }

    #[test]
    fn residual_risk_is_the_best_mitigation_or_as_things_are() {
        let matrix = Matrix::default();
        let record = ready();
        assert_eq!(record.highest_inherent(&matrix), Some(Band::High));
        assert_eq!(record.residual(&record.risks[0], &matrix), Some(Band::Moderate));
        let mut unmitigated = record.clone();
        unmitigated.mitigations.clear();
        assert_eq!(
            unmitigated.residual(&unmitigated.risks[0], &matrix),
            Some(Band::High)
        );
    }

    #[test]
    fn capacity_is_recorded_only_with_a_reason_and_its_outcome_as_the_answers_give_it() {
        let matrix = Matrix::default();
        let mut record = ready();
        record.capacity = Some(Capacity::default());
        assert!(
            record.validate().unwrap_err().contains_key("capacity"),
            "capacity is assumed"
        );
        record.doubt_capacity = Some(true);
        record.capacity = Some(Capacity {
            reasons: vec![DoubtReason::SeemsUnwise],
            decision: "Whether to go to the allotment alone".into(),
            needs_to_know: "The path, the falls, the alarm".into(),
            help_given: "A second visit, in the morning".into(),
            answers: Answers {
                functional: [Some(Answer::Yes); 4],
                ..Answers::default()
            },
            confirmed: Some(Outcome::CannotDecide),
            ..Capacity::default()
        });
        let errors = record.ready_for_review(&matrix, today()).unwrap_err();
        assert!(errors["capacity.reasons"][0].contains("s.1(4)"));
        assert!(
            errors.contains_key("capacity.confirmed"),
            "the outcome is the answers', not typed"
        );
        let capacity = record.capacity.as_mut().unwrap();
        capacity.reasons.push(DoubtReason::KnownCondition);
        capacity.confirmed = Some(Outcome::CanDecide);
        assert_eq!(record.ready_for_review(&matrix, today()), Ok(()));
        assert_eq!(record.capacity_outcome(), Some(Outcome::CanDecide));
    }

    #[test]
    fn mitigations_name_risks_of_this_form_and_dates_are_checked() {
        let mut record = ready();
        record.mitigations[0].reduces.push(Uuid::from_u128(77));
        assert!(
            record
                .validate()
                .unwrap_err()
                .contains_key("mitigations.0.reduces")
        );
        let mut late = ready();
        late.review_by = DateParts::from_date(NaiveDate::from_ymd_opt(2028, 1, 1).unwrap());
        assert!(
            late.ready_for_review(&Matrix::default(), today())
                .unwrap_err()
                .contains_key("review_by")
        );
    }

    #[test]
    fn the_payload_round_trips_and_refuses_unknown_fields() {
        let record = ready();
        let json = serde_json::to_value(&record).unwrap();
        assert_eq!(json["helpers"][0]["kind"], "service");
        assert_eq!(
            serde_json::from_value::<RiskEnablement>(json.clone()).unwrap(),
            record
        );
        let mut extra = json;
        extra["date_of_birth"] = "1941-02-03".into();
        assert!(
            serde_json::from_value::<RiskEnablement>(extra).is_err(),
            "nothing else about the person"
        );
    }
}
