//! `/assessments/:id/domains/:key`: one domain of a draft — a confidence rating per statement,
//! a reflection, and what would help. Each change is saved on the device as it is made.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};
use shared::api::assessments::{
    DomainReflection, HelpKind, REFLECTION_MAX, Rating, SelfAssessment, rating_field,
};
use shared::api::templates::{Statement, Template};
use shared::validate::Validate;
use shared::{FieldErrors, RecordId, Role};

use super::{NotHere, one, route_id, save};
use crate::components::fields::{Bound, Checkboxes, Choice, Radios, Size, TextArea, TextField};
use crate::components::guard::Guard;
use crate::components::notices::ErrorSummary;
use crate::state::set_title;
use crate::sync::use_sync;

#[component]
pub fn DomainPage() -> impl IntoView {
    view! { <Guard roles=&[Role::Practitioner]><DomainLoader /></Guard> }
}

#[component]
fn DomainLoader() -> impl IntoView {
    let sync = use_sync();
    let id = route_id();
    let params = use_params_map();
    let key = Memo::new(move |_| params.read().get("key").unwrap_or_default());
    let local = Memo::new(move |_| id.get().and_then(|id| one(sync, id)));
    let template_id = Signal::derive(move || local.with(|l| l.as_ref().map(|l| l.record.template_id)));
    let (template, _) = crate::store::templates::use_template(template_id);
    // The form is built once per record and domain, from the device's copy at that moment.
    let ready = Memo::new(move |_| {
        let l = local.get()?;
        let t = template.get()?;
        Some((l.id, key.get(), !l.editable, t))
    });
    move || match ready.get() {
        None => view! { <NotHere loading=sync.opening() || local.with(Option::is_some) /> }.into_any(),
        Some((id, _, true, _)) => {
            // Submitted: there is nothing to edit; show the assessment instead.
            use_navigate()(&format!("/assessments/{id}"), Default::default());
            ().into_any()
        }
        Some((id, key, false, template)) => {
            let Some(position) = template.content.domains.iter().position(|d| d.key == key) else {
                return view! { <NotHere loading=false /> }.into_any();
            };
            let first = untrack(|| local.get()).map(|l| l.record);
            match first {
                Some(first) => view! { <DomainForm id template position first /> }.into_any(),
                None => ().into_any(),
            }
        }
    }
}

#[component]
fn DomainForm(id: RecordId, template: Template, position: usize, first: SelfAssessment) -> impl IntoView {
    let sync = use_sync();
    let navigate = use_navigate();
    let domain = template.content.domains[position].clone();
    let next = template.content.domains.get(position + 1).map(|d| d.key.clone());
    let count = template.content.domains.len();
    let draft = RwSignal::new(first);
    let errors = RwSignal::new(FieldErrors::new());
    let title = format!("{} – Your self-assessment", domain.title);
    Effect::new(move || set_title(&title, !errors.read().is_empty()));
    let change = move |edit: &dyn Fn(&mut SelfAssessment)| {
        draft.update(|d| edit(d));
        let current = draft.get_untracked();
        match current.validate() {
            Ok(()) => {
                errors.set(FieldErrors::new());
                save(sync, id, &current);
            }
            Err(found) => errors.set(found),
        }
    };
    let key = domain.key.clone();
    let next_href = match &next {
        Some(k) => format!("/assessments/{id}/domains/{k}"),
        None => format!("/assessments/{id}/check"),
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if errors.with_untracked(FieldErrors::is_empty) {
            navigate(&next_href, Default::default());
        }
    };
    let general = Signal::derive(|| None::<String>);
    // One part of this domain's notes, read from and written to the draft.
    let notes = move |key: String, part: fn(&mut DomainReflection) -> &mut String| {
        let read = key.clone();
        Bound::new(
            move || {
                let mut notes = draft.with(|d| d.domains.get(&read).cloned().unwrap_or_default());
                std::mem::take(part(&mut notes))
            },
            move |text: String| {
                let key = key.clone();
                change(&move |d: &mut SelfAssessment| {
                    *part(d.domains.entry(key.clone()).or_default()) = text.clone()
                })
            },
        )
    };
    let help = {
        let (read, key) = (key.clone(), key.clone());
        Bound::new(
            move || {
                draft.with(|d| {
                    d.domains
                        .get(&read)
                        .map(|n| n.help.iter().copied().collect())
                        .unwrap_or_default()
                })
            },
            move |ticked: Vec<HelpKind>| {
                let key = key.clone();
                change(&move |d: &mut SelfAssessment| {
                    d.domains.entry(key.clone()).or_default().help = ticked.iter().copied().collect()
                })
            },
        )
    };
    let help_choices = HelpKind::ALL
        .into_iter()
        .map(|h| Choice::new(h, h.as_str(), h.label()))
        .collect();
    view! {
        <a href=format!("/assessments/{id}") class="govuk-back-link">"Back to the task list"</a>
        <ErrorSummary errors general order=&[] />
        <form novalidate on:submit=on_submit>
            <span class="govuk-caption-l">{format!("Domain {} of {count}", position + 1)}</span>
            <h1 class="govuk-heading-l">{domain.title.clone()}</h1>
            {(!domain.description.is_empty()).then(|| view! { <p class="govuk-body">{domain.description.clone()}</p> })}
            <p class="govuk-body">"How confident do you feel? Choose “Not applicable” if it is not part of your role."</p>
            {domain.statements.iter().enumerate().map(|(n, s)| view! {
                <StatementRadios statement=s.clone() number=n + 1 draft change errors />
            }).collect_view()}
            <TextArea id=format!("domains.{key}.reflection") label="Your reflection (optional)" size=Size::M rows=6
                hint="What is going well, what is hard, an example from your practice. Only you can read this unless you share the assessment."
                max=REFLECTION_MAX value=notes(key.clone(), |n| &mut n.reflection) errors />
            <Checkboxes id=format!("help-{key}") legend="What would help you?" size=Size::M hint="Select all that apply."
                choices=help_choices value=help errors />
            <TextField id=format!("domains.{key}.help_other") label="Anything else that would help (optional)"
                value=notes(key.clone(), |n| &mut n.help_other) errors />
            <p class="govuk-body">"Your answers save on this device as you go."</p>
            <button type="submit" class="govuk-button">
                {if next.is_some() { "Save and continue" } else { "Save and check your answers" }}
            </button>
        </form>
    }
}

/// One statement's six radios: the 1–5 scale with its labels, then "Not applicable" apart.
#[component]
fn StatementRadios<F>(
    statement: Statement,
    number: usize,
    draft: RwSignal<SelfAssessment>,
    change: F,
    errors: RwSignal<FieldErrors>,
) -> impl IntoView
where
    F: Fn(&dyn Fn(&mut SelfAssessment)) + Clone + Send + Sync + 'static,
{
    let (read, key) = (statement.key.clone(), statement.key.clone());
    let rating = Bound::new(
        move || draft.with(|d| d.ratings.get(&read).copied()),
        move |chosen: Option<Rating>| {
            let key = key.clone();
            if let Some(r) = chosen {
                change(&move |d: &mut SelfAssessment| {
                    d.ratings.insert(key.clone(), r);
                })
            }
        },
    );
    let choices = Rating::ALL
        .into_iter()
        .map(|r| {
            let label = match r.score() {
                Some(n) => format!("{n} – {}", r.label()),
                None => r.label().to_owned(),
            };
            let choice = Choice::new(r, r.as_str(), label);
            if r == Rating::NotApplicable {
                choice.after_divider()
            } else {
                choice
            }
        })
        .collect();
    view! {
        <Radios id=rating_field(&statement.key) legend=format!("{number}. {}", statement.text) hint=statement.help.clone()
            choices value=rating errors class="govuk-radios--small ts-scale" />
    }
}
