//! When the law calls for an advocate, worked out from the record rather than remembered
//! (RISK-ENABLEMENT.md §2): an Independent Mental Capacity Advocate (Mental Capacity Act ss.37–39,
//! 39A–39E for reviews and safeguarding) and a Care Act advocate (Care Act 2014 ss.67–68). The
//! practitioner can override a prompt, with a reason; the page shows why it was made.

use serde::{Deserialize, Serialize};

/// What the record says of the person's situation.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Situation {
    /// The capacity record's outcome: they cannot make this decision now.
    pub lacks_capacity: bool,
    /// Substantial difficulty understanding, retaining, using or weighing the information, or
    /// saying what they want (Care Act s.67(4)): any "no" or "unsure" of the functional test.
    pub substantial_difficulty: bool,
    /// Someone appropriate, not paid to care for them, to consult or to support them.
    pub appropriate_person: bool,
    /// Serious medical treatment is part of the decision.
    pub serious_medical_treatment: bool,
    /// A move likely to mean 28 days or more in hospital or 8 weeks or more in a care home or
    /// other accommodation.
    pub long_stay: bool,
    /// A review of care arranged for 12 weeks or more.
    pub care_review: bool,
    /// A safeguarding enquiry or review is part of it.
    pub safeguarding: bool,
}

/// Whether an advocate is needed, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Need {
    /// Must be instructed (before the plan can be agreed).
    Must,
    /// May be instructed: consider it.
    May,
    NotNeeded,
}

/// An IMCA: must, when the person lacks capacity, has nobody appropriate to consult but paid
/// carers, and the decision is serious medical treatment or a long stay; may, for a care
/// review or safeguarding.
pub fn imca(s: Situation) -> (Need, &'static str) {
    if !s.lacks_capacity {
        return (Need::NotNeeded, "They can make this decision");
    }
    if !s.appropriate_person && (s.serious_medical_treatment || s.long_stay) {
        return (
            Need::Must,
            "They lack capacity, have nobody but paid carers to consult, and the decision is serious medical treatment or a long stay (Mental Capacity Act ss.37–39)",
        );
    }
    if s.safeguarding || (!s.appropriate_person && s.care_review) {
        return (
            Need::May,
            "They lack capacity and this is a safeguarding matter or a review of their care: an IMCA may be instructed",
        );
    }
    (
        Need::NotNeeded,
        "Someone appropriate can be consulted, and nothing here requires an IMCA",
    )
}

/// A Care Act advocate: must, when the person has substantial difficulty taking part and
/// nobody appropriate to support them; and, whoever supports them, when a long stay is likely.
pub fn care_act_advocate(s: Situation) -> (Need, &'static str) {
    if !s.substantial_difficulty && !s.lacks_capacity {
        return (
            Need::NotNeeded,
            "They can take part without substantial difficulty",
        );
    }
    if !s.appropriate_person {
        return (
            Need::Must,
            "They have substantial difficulty taking part and nobody appropriate to support them (Care Act s.67)",
        );
    }
    if s.long_stay {
        return (
            Need::Must,
            "A stay of 28 days in hospital or 8 weeks in a care home is likely: an advocate is needed whoever supports them (Care Act s.67, Care and Support (Independent Advocacy Support) Regulations 2014)",
        );
    }
    (Need::NotNeeded, "Someone appropriate supports them")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_imca_is_for_people_who_lack_capacity_with_nobody_to_consult() {
        let base = Situation {
            lacks_capacity: true,
            long_stay: true,
            ..Situation::default()
        };
        assert_eq!(imca(base).0, Need::Must);
        assert_eq!(
            imca(Situation {
                appropriate_person: true,
                ..base
            })
            .0,
            Need::NotNeeded
        );
        assert_eq!(
            imca(Situation {
                lacks_capacity: false,
                ..base
            })
            .0,
            Need::NotNeeded
        );
        let review = Situation {
            lacks_capacity: true,
            care_review: true,
            ..Situation::default()
        };
        assert_eq!(imca(review).0, Need::May);
        let safeguarding = Situation {
            lacks_capacity: true,
            appropriate_person: true,
            safeguarding: true,
            ..Situation::default()
        };
        assert_eq!(imca(safeguarding).0, Need::May);
    }

    #[test]
    fn a_care_act_advocate_is_for_substantial_difficulty_without_support_or_a_long_stay() {
        let difficulty = Situation {
            substantial_difficulty: true,
            ..Situation::default()
        };
        assert_eq!(care_act_advocate(difficulty).0, Need::Must);
        let supported = Situation {
            appropriate_person: true,
            ..difficulty
        };
        assert_eq!(care_act_advocate(supported).0, Need::NotNeeded);
        assert_eq!(
            care_act_advocate(Situation {
                long_stay: true,
                ..supported
            })
            .0,
            Need::Must
        );
        assert_eq!(care_act_advocate(Situation::default()).0, Need::NotNeeded);
    }
}
