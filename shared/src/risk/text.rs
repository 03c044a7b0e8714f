//! A risk enablement record as plain text, to paste into the council's case record system: the
//! sections in the order the conversation had them, the person's words as they said them,
//! every rating in words (never a colour), disagreement kept. Sections with nothing in them say
//! so rather than vanish, so a reader can tell "not asked" from "left out".

use std::fmt::Write;

use uuid::Uuid;

use crate::api::risk_enablement::{Agrees, Helper, RiskEnablement};
use crate::risk::capacity::outcome_text;
use crate::risk::scoring::Matrix;

/// Who or what helps, in a line: a person with their role, or a directory service by its name
/// now (`service_name`; `None`: no longer in the directory, and the line says so).
pub fn helper_line(helper: &Helper, service_name: impl Fn(Uuid) -> Option<String>) -> String {
    match helper {
        Helper::Person(p) if p.role.trim().is_empty() => p.name.clone(),
        Helper::Person(p) => format!("{} ({})", p.name, p.role),
        Helper::Service(id) => {
            service_name(*id).unwrap_or_else(|| "A service no longer in the directory".to_owned())
        }
    }
}

/// The record as text. `service_name` names a directory service by id (`None`: the device no
/// longer has it, and the text says so).
pub fn plain_text(
    record: &RiskEnablement,
    matrix: &Matrix,
    service_name: impl Fn(Uuid) -> Option<String>,
) -> String {
    let helper = |h: &Helper| helper_line(h, &service_name);
    let or_none = |text: &str| {
        if text.trim().is_empty() {
            "(not recorded)".to_owned()
        } else {
            text.trim().to_owned()
        }
    };
    // The person's own words, quoted.
    let said = |text: &str| {
        if text.trim().is_empty() {
            "(not recorded)".to_owned()
        } else {
            format!("\"{}\"", text.trim())
        }
    };
    let name = if record.known_as.trim().is_empty() {
        "The person".to_owned()
    } else {
        record.known_as.trim().to_owned()
    };
    let mut out = String::new();
    let _ = writeln!(out, "RISK ENABLEMENT: {}", record.case_reference.trim());
    let heading = |out: &mut String, title: &str| {
        let _ = write!(out, "\n{}\n{}\n", title, "-".repeat(title.chars().count()));
    };

    heading(&mut out, "This conversation");
    if let Some(date) = record.talked_on.to_date() {
        let _ = writeln!(out, "When: {}", crate::dates::long_date(date));
    }
    let present: Vec<String> = record
        .present
        .iter()
        .map(|p| helper(&Helper::Person(p.clone())))
        .collect();
    let _ = writeln!(
        out,
        "Who was there: {}",
        if present.is_empty() {
            "(not recorded)".to_owned()
        } else {
            present.join(", ")
        }
    );

    heading(&mut out, "What the person wants");
    let _ = writeln!(out, "{}", said(&record.wants));
    let _ = writeln!(out, "Why it matters: {}", said(&record.why));

    heading(&mut out, "What's strong");
    let _ = writeln!(out, "{}", or_none(&record.strengths));
    for h in &record.helpers {
        let _ = writeln!(out, "- {}", helper(h));
    }

    heading(&mut out, "What will be better if this happens");
    let _ = writeln!(out, "{}", or_none(&record.benefits));

    heading(&mut out, "What could go wrong");
    if record.risks.is_empty() {
        let _ = writeln!(out, "(none recorded)");
    }
    for (i, risk) in record.risks.iter().enumerate() {
        let _ = writeln!(out, "{}. {}", i + 1, risk.what.trim());
        if !risk.their_view.trim().is_empty() {
            let _ = writeln!(out, "   {name}'s view: \"{}\"", risk.their_view.trim());
        }
        if !risk.evidence.trim().is_empty() {
            let _ = writeln!(out, "   What tells us this: {}", risk.evidence.trim());
        }
        if let Some(rating) = risk.inherent {
            let _ = writeln!(out, "   As things are: {}", matrix.describe(rating));
        }
        if let Some(band) = record.residual(risk, matrix) {
            let _ = writeln!(out, "   With what will make it safer: {}", matrix.band_name(band));
        }
    }

    heading(&mut out, "If this does not happen");
    let _ = writeln!(out, "{}", or_none(&record.not_doing));
    if let Some(impact) = record.not_doing_impact.filter(|x| (1..=5).contains(x)) {
        let _ = writeln!(out, "How serious: {}", matrix.impact[usize::from(impact - 1)]);
    }

    heading(&mut out, "What will make it safer");
    if record.mitigations.is_empty() {
        let _ = writeln!(out, "(none recorded)");
    }
    for m in &record.mitigations {
        let who = m
            .owner
            .as_ref()
            .map_or_else(|| "(who not recorded)".to_owned(), &helper);
        let by =
            m.by.to_date()
                .map_or_else(String::new, |d| format!(", by {}", crate::dates::long_date(d)));
        let _ = writeln!(out, "- {} ({who}{by})", m.action.trim());
        if !m.warning_signs.trim().is_empty() {
            let _ = writeln!(out, "  If it is not working: {}", m.warning_signs.trim());
        }
    }

    heading(&mut out, "What others think");
    if record.views.is_empty() {
        let _ = writeln!(out, "(nobody else asked)");
    }
    for v in &record.views {
        let agrees = match v.agrees {
            Some(Agrees::Yes) => "agrees".to_owned(),
            Some(Agrees::Partly) => "partly agrees".to_owned(),
            Some(Agrees::No) => "DISAGREES".to_owned(),
            Some(Agrees::NotAsked) => format!("not asked: {}", or_none(&v.not_asked_why)),
            None => "(not recorded)".to_owned(),
        };
        let _ = writeln!(
            out,
            "- {}: \"{}\" ({agrees})",
            helper(&Helper::Person(v.who.clone())),
            v.view.trim()
        );
    }

    heading(&mut out, "Deciding");
    match (record.doubt_capacity, record.capacity_outcome()) {
        (Some(true), Some(outcome)) => {
            let _ = writeln!(
                out,
                "Capacity for this decision: {}",
                outcome_text(outcome, &name)
            );
        }
        (Some(true), None) => {
            let _ = writeln!(out, "Capacity for this decision: assessment not finished");
        }
        (Some(false), _) => {
            let _ = writeln!(
                out,
                "No reason to doubt {name} can make this decision: it is theirs."
            );
        }
        (None, _) => {
            let _ = writeln!(out, "Capacity: (not recorded)");
        }
    }
    for o in &record.options {
        let _ = writeln!(out, "- Option: {}", o.option.trim());
    }
    let _ = writeln!(
        out,
        "Why this is the least restrictive: {}",
        or_none(&record.least_restrictive_why)
    );

    heading(&mut out, "The plan");
    let _ = writeln!(out, "{}", or_none(&record.plan));
    if let Some(date) = record.review_by.to_date() {
        let _ = writeln!(out, "Review by: {}", crate::dates::long_date(date));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::case_audits::DateParts;
    use crate::api::risk_enablement::{Mitigation, Person, Risk, View};
    use crate::risk::scoring::Rating;

    fn record() -> RiskEnablement {
        let fall = Uuid::from_u128(1);
        RiskEnablement {
            case_reference: "LAS-1042".into(),
            known_as: "Ann".into(),
            wants: "Go to my allotment on my own again".into(),
            helpers: vec![
                Helper::Service(Uuid::from_u128(9)),
                Helper::Service(Uuid::from_u128(10)),
            ],
            risks: vec![Risk {
                id: fall,
                what: "A fall on the path".into(),
                to_whom: vec![],
                source: None,
                their_view: "I get up again".into(),
                evidence: String::new(),
                inherent: Some(Rating {
                    likelihood: 3,
                    impact: 4,
                }),
            }],
            mitigations: vec![Mitigation {
                action: "A pendant alarm".into(),
                owner: Some(Helper::Person(Person {
                    name: "Sam".into(),
                    role: "Social worker".into(),
                })),
                by: DateParts::from_date(chrono::NaiveDate::from_ymd_opt(2026, 12, 18).unwrap()),
                reduces: vec![fall],
                residual: Some(Rating {
                    likelihood: 2,
                    impact: 3,
                }),
                warning_signs: String::new(),
            }],
            views: vec![View {
                who: Person {
                    name: "Jo".into(),
                    role: "Daughter".into(),
                },
                view: "Too risky".into(),
                agrees: Some(Agrees::No),
                not_asked_why: String::new(),
            }],
            doubt_capacity: Some(false),
            ..RiskEnablement::default()
        }
    }

    #[test]
    fn the_text_follows_the_conversation_in_words() {
        let text = plain_text(&record(), &Matrix::default(), |id| {
            (id == Uuid::from_u128(9)).then(|| "Allotment buddies".into())
        });
        let order = [
            "This conversation",
            "What the person wants",
            "What's strong",
            "What could go wrong",
            "What will make it safer",
            "What others think",
            "Deciding",
            "The plan",
        ];
        let at: Vec<usize> = order
            .iter()
            .map(|h| text.find(h).unwrap_or_else(|| panic!("{h}")))
            .collect();
        assert!(at.windows(2).all(|w| w[0] < w[1]), "in conversation order");
        assert!(
            text.contains("\"Go to my allotment on my own again\""),
            "their words, quoted"
        );
        assert!(
            text.contains("- Allotment buddies") && text.contains("A service no longer in the directory")
        );
        assert!(text.contains("As things are: Possible × Major = 12, High"));
        assert!(text.contains("With what will make it safer: Moderate"));
        assert!(text.contains("A pendant alarm (Sam (Social worker), by 18 December 2026)"));
        assert!(
            text.contains("Jo (Daughter): \"Too risky\" (DISAGREES)"),
            "disagreement kept"
        );
        assert!(text.contains("No reason to doubt Ann can make this decision"));
        assert!(
            text.contains("Why it matters: (not recorded)\n"),
            "nothing said is said so"
        );
    }
}
