//! The capacity record, in the order the law asks its questions (*A Local Authority v JB* [2021]
//! UKSC 52): for one decision, now; the functional test first (understand, retain, use or
//! weigh, communicate), then whether there is an impairment of the mind or brain, then whether
//! the person cannot decide *because of* it. The app works the outcome out from the answers
//! and the practitioner confirms it; nobody types a conclusion the answers do not support.
//!
//! Capacity is assumed (Mental Capacity Act 2005 s.1(2)): the record opens only on a reason to
//! doubt it for this decision, and "the decision seems unwise" is not one on its own (s.1(4)).

use serde::{Deserialize, Serialize};

/// Why a practitioner doubts the person can make this decision now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DoubtReason {
    /// They seemed confused about the choices or what could happen.
    SeemedConfused,
    /// A condition that can affect the mind or brain (dementia, a brain injury, delirium…).
    KnownCondition,
    /// Something they said or did, or how they are living, gave cause.
    Behaviour,
    /// Someone else raised a concern.
    OthersConcerned,
    /// The decision seems unwise: never a reason on its own (s.1(4)).
    SeemsUnwise,
    /// Said in words.
    Other,
}

/// Checks the reasons given to doubt capacity: at least one, and more than "it seems unwise".
pub fn doubt_problem(reasons: &[DoubtReason], said: &str) -> Option<&'static str> {
    if reasons.is_empty() {
        return Some("Say why you doubt they can make this decision");
    }
    if reasons.iter().all(|r| *r == DoubtReason::SeemsUnwise) {
        return Some(
            "A decision that seems unwise is not on its own a reason to doubt capacity (Mental Capacity Act s.1(4)): say what else gives you reason",
        );
    }
    if reasons.contains(&DoubtReason::Other) && said.trim().is_empty() {
        return Some("Say what the other reason is");
    }
    None
}

/// An answer to one question of the functional test.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    Yes,
    No,
    Unsure,
}

/// The four questions of the functional test (MCA s.3(1)), in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Question {
    Understand,
    Retain,
    UseOrWeigh,
    Communicate,
}

impl Question {
    pub const ALL: [Question; 4] = [
        Question::Understand,
        Question::Retain,
        Question::UseOrWeigh,
        Question::Communicate,
    ];

    /// As the page asks it.
    pub fn asked(self) -> &'static str {
        match self {
            Question::Understand => "Could they understand the information?",
            Question::Retain => "Could they keep it in mind long enough to decide?",
            Question::UseOrWeigh => "Could they use or weigh it to decide?",
            Question::Communicate => "Could they tell you their decision, in any way?",
        }
    }
}

/// The answers so far, each with what the person said or did (the evidence).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answers {
    /// The functional test, in `Question::ALL` order.
    pub functional: [Option<Answer>; 4],
    /// Is there an impairment of, or a disturbance in, the mind or brain?
    pub impairment: Option<bool>,
    /// Are they unable to decide *because of* it (the causal link)?
    pub because_of_it: Option<bool>,
}

/// What the answers come to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Every question of the functional test answered yes.
    CanDecide,
    /// No question answered no: inability is not shown, and capacity is assumed (s.1(2)).
    AssumedAble,
    /// Unable on the functional test, but no impairment or no causal link: treated as able
    /// (if someone may be pressing them, that is a safeguarding question).
    TreatedAsAble,
    /// Unable on the functional test, because of an impairment: they lack capacity for this
    /// decision now; best interests follow.
    CannotDecide,
}

impl Outcome {
    /// Whether the decision is the person's own: best interests stay hidden.
    pub fn is_theirs(self) -> bool {
        self != Outcome::CannotDecide
    }
}

/// What the record asks next, or what it comes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    Ask(Question),
    AskImpairment,
    AskBecauseOfIt,
    Done(Outcome),
}

impl Answers {
    /// Walks the questions in the law's order: the functional test, then (only when it shows
    /// inability) the impairment, then (only when there is one) the causal link.
    pub fn next(&self) -> Next {
        for (question, answer) in Question::ALL.iter().zip(self.functional) {
            if answer.is_none() {
                return Next::Ask(*question);
            }
        }
        if self.functional.iter().all(|a| *a == Some(Answer::Yes)) {
            return Next::Done(Outcome::CanDecide);
        }
        if !self.functional.contains(&Some(Answer::No)) {
            return Next::Done(Outcome::AssumedAble);
        }
        match (self.impairment, self.because_of_it) {
            (None, _) => Next::AskImpairment,
            (Some(false), _) => Next::Done(Outcome::TreatedAsAble),
            (Some(true), None) => Next::AskBecauseOfIt,
            (Some(true), Some(false)) => Next::Done(Outcome::TreatedAsAble),
            (Some(true), Some(true)) => Next::Done(Outcome::CannotDecide),
        }
    }

    /// The outcome, once every question it needs is answered.
    pub fn outcome(&self) -> Option<Outcome> {
        match self.next() {
            Next::Done(outcome) => Some(outcome),
            _ => None,
        }
    }

    /// Answers the law's order did not need (an impairment asked of someone who can decide):
    /// cleared, so the record holds only what led to its outcome.
    pub fn trimmed(&self) -> Answers {
        let mut kept = self.clone();
        let functional_done = self.functional.iter().all(Option::is_some);
        let unable = self.functional.contains(&Some(Answer::No));
        if !(functional_done && unable) {
            kept.impairment = None;
            kept.because_of_it = None;
        } else if kept.impairment != Some(true) {
            kept.because_of_it = None;
        }
        kept
    }
}

/// The words the page shows for an outcome, about `name` (the name the person uses, or "The
/// person").
pub fn outcome_text(outcome: Outcome, name: &str) -> String {
    match outcome {
        Outcome::CanDecide | Outcome::AssumedAble | Outcome::TreatedAsAble => format!(
            "This is {name}'s decision. Record what you explained, the risks you discussed and the help offered."
        ),
        Outcome::CannotDecide => {
            format!("{name} cannot make this decision now. Record their best interests, and who decides.")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Answer::{No, Unsure, Yes};

    fn answers(functional: [Option<Answer>; 4], impairment: Option<bool>, because: Option<bool>) -> Answers {
        Answers {
            functional,
            impairment,
            because_of_it: because,
        }
    }

    #[test]
    fn the_functional_test_comes_first_in_its_order() {
        assert_eq!(Answers::default().next(), Next::Ask(Question::Understand));
        let partly = answers([Some(Yes), Some(No), None, None], Some(true), Some(true));
        assert_eq!(
            partly.next(),
            Next::Ask(Question::UseOrWeigh),
            "an impairment answered early decides nothing"
        );
        assert_eq!(partly.outcome(), None);
    }

    #[test]
    fn able_on_every_question_is_their_decision_and_nothing_more_is_asked() {
        let able = answers([Some(Yes); 4], Some(true), Some(true));
        assert_eq!(able.outcome(), Some(Outcome::CanDecide));
        assert_eq!(
            able.trimmed().impairment,
            None,
            "a diagnosis is not recorded when it was not needed"
        );
        assert!(Outcome::CanDecide.is_theirs());
        let unsure = answers([Some(Yes), Some(Unsure), Some(Yes), Some(Yes)], None, None);
        assert_eq!(
            unsure.outcome(),
            Some(Outcome::AssumedAble),
            "not shown unable: assumed able"
        );
    }

    #[test]
    fn unable_needs_an_impairment_and_the_causal_link() {
        let unable = [Some(Yes), Some(Yes), Some(No), Some(Yes)];
        assert_eq!(answers(unable, None, None).next(), Next::AskImpairment);
        assert_eq!(
            answers(unable, Some(false), Some(true)).outcome(),
            Some(Outcome::TreatedAsAble)
        );
        assert_eq!(
            answers(unable, Some(false), Some(true)).trimmed().because_of_it,
            None
        );
        assert_eq!(answers(unable, Some(true), None).next(), Next::AskBecauseOfIt);
        assert_eq!(
            answers(unable, Some(true), Some(false)).outcome(),
            Some(Outcome::TreatedAsAble)
        );
        let lacks = answers(unable, Some(true), Some(true));
        assert_eq!(lacks.outcome(), Some(Outcome::CannotDecide));
        assert!(!Outcome::CannotDecide.is_theirs());
        assert_eq!(lacks.trimmed(), lacks);
    }

    #[test]
    fn an_unwise_decision_alone_is_no_reason_to_doubt() {
        assert!(doubt_problem(&[], "").is_some());
        assert!(
            doubt_problem(&[DoubtReason::SeemsUnwise], "")
                .unwrap()
                .contains("s.1(4)")
        );
        assert_eq!(
            doubt_problem(&[DoubtReason::SeemsUnwise, DoubtReason::KnownCondition], ""),
            None
        );
        assert!(doubt_problem(&[DoubtReason::Other], " ").is_some());
        assert_eq!(
            doubt_problem(&[DoubtReason::Other], "Missed three meals this week"),
            None
        );
    }

    #[test]
    fn the_outcome_is_said_in_plain_words() {
        assert_eq!(
            outcome_text(Outcome::CanDecide, "Ann"),
            "This is Ann's decision. Record what you explained, the risks you discussed and the help offered."
        );
        assert!(outcome_text(Outcome::CannotDecide, "Ann").starts_with("Ann cannot make this decision now"));
    }
}
