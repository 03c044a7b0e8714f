//! `/risk/:id/capacity`: the capacity record for this decision, only when there is a reason to
//! doubt, in the order *A Local Authority v JB* [2021] UKSC 52 sets: the decision and what the
//! person needs to know, the help given, then the functional test a question at a time, then
//! the impairment, then the causal link. The page works out the outcome; the practitioner
//! confirms it. Best interests only when they cannot decide; advocacy prompts from the record.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use shared::RecordId;
use shared::api::risk_enablement::{BestInterests, Capacity, RiskEnablement, TEXT_MAX};
use shared::risk::advocacy::{self, Need, Situation};
use shared::risk::capacity::{self, Answer, DoubtReason, Next, Question};

use super::edit::{Editor, YES_NO, choices, person, with_form, yes_no};
use crate::components::fields::{Bound, CheckboxField, Checkboxes, Choice, DateInput, Radios, TextArea};
use crate::components::notices::ErrorSummary;
use crate::state::set_title;

#[component]
pub fn CapacityPage(id: Option<RecordId>) -> impl IntoView {
    with_form(id, move |local| {
        if local.editable && local.record.doubt_capacity == Some(true) {
            view! { <CapacityForm id=local.id first=local.record /> }.into_any()
        } else {
            use_navigate()(&format!("/risk/{}", local.id), Default::default());
            ().into_any()
        }
    })
}

/// The functional test's answers, in the order the radios show them.
const ANSWERS: &[Answer] = &[Answer::Yes, Answer::No, Answer::Unsure];

/// The capacity record, made when first written.
fn cap(d: &RiskEnablement) -> Capacity {
    d.capacity.clone().unwrap_or_default()
}

fn edit_cap(d: &mut RiskEnablement) -> &mut Capacity {
    d.capacity.get_or_insert_with(Capacity::default)
}

/// A text of the capacity record.
fn cap_text(
    ed: Editor,
    get: fn(&Capacity) -> &String,
    set: fn(&mut Capacity) -> &mut String,
) -> Bound<String> {
    ed.bind(
        move |d| d.capacity.as_ref().map(|c| get(c).clone()).unwrap_or_default(),
        move |d, v| *set(edit_cap(d)) = v,
    )
}

#[component]
fn CapacityForm(id: RecordId, first: RiskEnablement) -> impl IntoView {
    let ed = Editor::new(id, first);
    let name = ed.draft.with_untracked(person);
    Effect::new(move || set_title("Capacity for this decision", !ed.errors.read().is_empty()));
    let reasons = ed.any_of(
        DoubtReason::ALL,
        |d| cap(d).reasons,
        |d, v| edit_cap(d).reasons = v,
    );
    let decide_by = ed.bind(|d| cap(d).decide_by, |d, v| edit_cap(d).decide_by = v);
    let doubt_problem = move || {
        ed.draft.with(|d| {
            let c = cap(d);
            capacity::doubt_problem(&c.reasons, &c.reason_said)
        })
    };
    view! {
        <a href=format!("/risk/{id}") class="govuk-back-link">"Back to the task list"</a>
        <ErrorSummary errors=ed.errors general=Signal::derive(|| None::<String>) order=&[] />
        <span class="govuk-caption-l">"Deciding"</span>
        <h1 class="govuk-heading-l">"Capacity for this decision"</h1>
        <p class="govuk-body">{format!("Capacity is about one decision, now. Assume {name} can make it unless the answers below show otherwise.")}</p>
        <Checkboxes id="capacity.reasons" legend="Why is there a reason to doubt it?" choices=choices(DoubtReason::ALL, DoubtReason::label) value=reasons errors=ed.errors />
        <TextArea id="capacity.reason_said" label="Say what it is" rows=2 max=TEXT_MAX value=cap_text(ed, |c| &c.reason_said, |c| &mut c.reason_said) errors=ed.errors />
        <p class="govuk-body" aria-live="polite">{move || doubt_problem().map(|p| view! { <strong>{p}</strong> })}</p>
        <h2 class="govuk-heading-m">"The decision"</h2>
        <TextArea id="capacity.decision" label="What exactly is the decision?" rows=2 max=TEXT_MAX value=cap_text(ed, |c| &c.decision, |c| &mut c.decision) errors=ed.errors />
        <DateInput id="capacity.decide_by" legend="When must it be made? (optional)" value=decide_by errors=ed.errors />
        <TextArea id="capacity.needs_to_know" label="What do they need to know to decide?" hint="The choices, and what could happen each way." rows=3 max=TEXT_MAX value=cap_text(ed, |c| &c.needs_to_know, |c| &mut c.needs_to_know) errors=ed.errors />
        <TextArea id="capacity.help_given" label="What did you do to help them decide?" hint="Time, place, pictures, someone they trust, another visit (Mental Capacity Act 2005, section 1(3))." rows=3 max=TEXT_MAX value=cap_text(ed, |c| &c.help_given, |c| &mut c.help_given) errors=ed.errors />
        <h2 class="govuk-heading-m">"Can they make it?"</h2>
        <p class="govuk-body">"The questions come in the law's order: each appears once the one before is answered."</p>
        <Questions ed />
        <Outcome ed name=name.clone() />
        <a class="govuk-button" href=format!("/risk/{id}/deciding")>"Save and go back to deciding"</a>
    }
}

/// The functional test's questions up to the next to answer, then the impairment and the causal
/// link when the test shows they cannot decide. Each question is drawn once it is reached and
/// stays (so an answer keeps its focus), until an earlier answer makes it unneeded.
#[component]
fn Questions(ed: Editor) -> impl IntoView {
    let next = Memo::new(move |_| ed.draft.with(|d| cap(d).answers.next()));
    let asked = Memo::new(move |_| match next.get() {
        Next::Ask(q) => Question::ALL.iter().position(|x| *x == q).unwrap_or_default() + 1,
        _ => 4,
    });
    let impairment_shown = Memo::new(move |_| {
        matches!(next.get(), Next::AskImpairment | Next::AskBecauseOfIt)
            || ed.draft.with(|d| cap(d).answers.impairment.is_some())
    });
    let causal_shown = Memo::new(move |_| {
        matches!(next.get(), Next::AskBecauseOfIt)
            || ed.draft.with(|d| cap(d).answers.because_of_it.is_some())
    });
    let answer_choices = || {
        vec![
            Choice::new(0, "yes", "Yes"),
            Choice::new(1, "no", "No"),
            Choice::new(2, "unsure", "Not sure"),
        ]
    };
    let functional = Question::ALL
        .iter()
        .enumerate()
        .map(|(n, q)| {
            let question = move || {
                let value = ed.one_of(
                    ANSWERS,
                    move |d| cap(d).answers.functional[n],
                    move |d, v| {
                        let c = edit_cap(d);
                        c.answers.functional[n] = v;
                        c.answers = c.answers.trimmed();
                        c.confirmed = None;
                    },
                );
                let evidence = ed.bind(move |d| cap(d).evidence[n].clone(), move |d, v| edit_cap(d).evidence[n] = v);
                view! {
                    <Radios id=format!("capacity.answers.{n}") legend=format!("{}. {}", n + 1, q.asked()) choices=answer_choices() value errors=ed.errors />
                    <TextArea id=format!("capacity.evidence.{n}") label="What they said or did" rows=2 max=TEXT_MAX value=evidence errors=ed.errors />
                }
            };
            move || (asked.get() > n).then(question)
        })
        .collect_view();
    let impairment = move || {
        impairment_shown.get().then(|| {
            let value = ed.one_of(YES_NO, |d| cap(d).answers.impairment, |d, v| {
                let c = edit_cap(d);
                c.answers.impairment = v;
                c.answers = c.answers.trimmed();
                c.confirmed = None;
            });
            let evidence = ed.bind(|d| cap(d).evidence[4].clone(), |d, v| edit_cap(d).evidence[4] = v);
            view! {
                <Radios id="capacity.answers.impairment" legend="Is there an impairment of, or a disturbance in, the functioning of their mind or brain?" choices=yes_no() value errors=ed.errors />
                <TextArea id="capacity.evidence.4" label="What tells you this" rows=2 max=TEXT_MAX value=evidence errors=ed.errors />
            }
        })
    };
    let causal = move || {
        causal_shown.get().then(|| {
            let value = ed.one_of(YES_NO, |d| cap(d).answers.because_of_it, |d, v| {
                let c = edit_cap(d);
                c.answers.because_of_it = v;
                c.confirmed = None;
            });
            let evidence = ed.bind(|d| cap(d).evidence[5].clone(), |d, v| edit_cap(d).evidence[5] = v);
            view! {
                <Radios id="capacity.answers.because_of_it" legend="Are they unable to make the decision because of it?" choices=yes_no() value errors=ed.errors />
                <TextArea id="capacity.evidence.5" label="Why you think so" rows=2 max=TEXT_MAX value=evidence errors=ed.errors />
            }
        })
    };
    view! { {functional}{impairment}{causal} }
}

/// The outcome the answers come to, for the practitioner to confirm; best interests only when
/// they cannot decide; the advocacy prompts.
#[component]
fn Outcome(ed: Editor, name: String) -> impl IntoView {
    let outcome = Memo::new(move |_| ed.draft.with(|d| cap(d).answers.outcome()));
    let confirmed = ed.bind(
        move |d| cap(d).confirmed.is_some() && cap(d).confirmed == outcome.get_untracked(),
        move |d, v: bool| edit_cap(d).confirmed = if v { outcome.get_untracked() } else { None },
    );
    let situation = |get: fn(&Situation) -> bool, set: fn(&mut Situation, bool)| {
        ed.bind(
            move |d| get(&cap(d).situation),
            move |d, v| set(&mut edit_cap(d).situation, v),
        )
    };
    let instructed = ed.bind(
        |d| cap(d).advocate_instructed,
        |d, v| edit_cap(d).advocate_instructed = v,
    );
    let prompts = move || {
        let s = ed.draft.with(|d| cap(d).advocacy_situation());
        [
            ("An Independent Mental Capacity Advocate", advocacy::imca(s)),
            ("A Care Act advocate", advocacy::care_act_advocate(s)),
        ]
        .into_iter()
        .map(|(who, (need, why))| {
            let need = match need {
                Need::Must => "must be instructed",
                Need::May => "may be instructed",
                Need::NotNeeded => "is not needed",
            };
            view! { <li><strong>{format!("{who} {need}. ")}</strong>{why}</li> }
        })
        .collect_view()
    };
    view! {
        {move || outcome.get().map(|o| {
            let text = capacity::outcome_text(o, &name);
            view! {
                <div class="govuk-inset-text" aria-live="polite">{text}</div>
                <CheckboxField id="capacity.confirmed" label="I confirm this is what the assessment found" checked=confirmed errors=ed.errors />
                {(!o.is_theirs()).then(|| view! { <BestInterestsForm ed /> })}
            }
        })}
        <h2 class="govuk-heading-m">"Advocacy"</h2>
        <CheckboxField id="capacity.situation.appropriate_person" label="Someone appropriate, not paid to care for them, can support them or be consulted" checked=situation(|s| s.appropriate_person, |s, v| s.appropriate_person = v) errors=ed.errors />
        <CheckboxField id="capacity.situation.serious_medical_treatment" label="The decision is about serious medical treatment" checked=situation(|s| s.serious_medical_treatment, |s, v| s.serious_medical_treatment = v) errors=ed.errors />
        <CheckboxField id="capacity.situation.long_stay" label="It may mean 28 days or more in hospital, or 8 weeks or more in a care home" checked=situation(|s| s.long_stay, |s, v| s.long_stay = v) errors=ed.errors />
        <CheckboxField id="capacity.situation.care_review" label="It is part of a review of their care" checked=situation(|s| s.care_review, |s, v| s.care_review = v) errors=ed.errors />
        <CheckboxField id="capacity.situation.safeguarding" label="It is part of a safeguarding enquiry or review" checked=situation(|s| s.safeguarding, |s, v| s.safeguarding = v) errors=ed.errors />
        <ul class="govuk-list" aria-live="polite">{prompts}</ul>
        <CheckboxField id="capacity.advocate_instructed" label="An advocate has been instructed" checked=instructed errors=ed.errors />
    }
}

#[component]
fn BestInterestsForm(ed: Editor) -> impl IntoView {
    let part = move |get: fn(&BestInterests) -> String, set: fn(&mut BestInterests, String)| {
        ed.bind(
            move |d| cap(d).best_interests.as_ref().map(get).unwrap_or_default(),
            move |d, v| {
                set(
                    edit_cap(d)
                        .best_interests
                        .get_or_insert_with(BestInterests::default),
                    v,
                )
            },
        )
    };
    view! {
        <h2 class="govuk-heading-m">"Their best interests"</h2>
        <TextArea id="capacity.best_interests.wishes" label="Their wishes, feelings, beliefs and values" rows=3 max=TEXT_MAX value=part(|b| b.wishes.clone(), |b, v| b.wishes = v) errors=ed.errors />
        <TextArea id="capacity.best_interests.consulted" label="Who was consulted, and what they said" rows=3 max=TEXT_MAX value=part(|b| b.consulted.clone(), |b, v| b.consulted = v) errors=ed.errors />
        <TextArea id="capacity.best_interests.decision" label="The decision in their best interests" rows=3 max=TEXT_MAX value=part(|b| b.decision.clone(), |b, v| b.decision = v) errors=ed.errors />
        <TextArea id="capacity.best_interests.who_decides" label="Who makes the decision" rows=1 max=TEXT_MAX value=part(|b| b.who_decides.clone(), |b, v| b.who_decides = v) errors=ed.errors />
    }
}
