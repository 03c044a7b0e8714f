//! `/assessments/:id/domains/:key`: one domain of a draft — a confidence rating per statement,
//! a reflection, and what would help. Each change is saved on the device as it is made.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};
use shared::api::assessments::{HelpKind, Rating, SelfAssessment, rating_field};
use shared::api::templates::{Statement, Template};
use shared::validate::Validate;
use shared::{FieldErrors, RecordId, Role};

use super::{NotHere, one, route_id, save};
use crate::components::fields::ErrorMessages;
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
        None => view! { <NotHere loading=sync.state.with(Option::is_none) || local.with(Option::is_some) /> }
            .into_any(),
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
    let reflection_field = format!("domains.{key}.reflection");
    let other_field = format!("domains.{key}.help_other");
    let notes = {
        let key = key.clone();
        move || draft.with(|d| d.domains.get(&key).cloned().unwrap_or_default())
    };
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
    let key_for_reflection = key.clone();
    let key_for_help = key.clone();
    let key_for_other = key.clone();
    let rf = reflection_field.clone();
    let of = other_field.clone();
    view! {
        <a href=format!("/assessments/{id}") class="govuk-back-link">"Back to the task list"</a>
        <ErrorSummary errors=errors.into() general order=&[] />
        <form novalidate on:submit=on_submit>
            <span class="govuk-caption-l">{format!("Domain {} of {count}", position + 1)}</span>
            <h1 class="govuk-heading-l">{domain.title.clone()}</h1>
            {(!domain.description.is_empty()).then(|| view! { <p class="govuk-body">{domain.description.clone()}</p> })}
            <p class="govuk-body">"How confident do you feel? Choose “Not applicable” if it is not part of your role."</p>
            {domain.statements.iter().enumerate().map(|(n, s)| view! {
                <StatementRadios statement=s.clone() number=n + 1 draft change=change errors />
            }).collect_view()}
            <div class=move || if errors.read().contains_key(&rf) { "govuk-form-group govuk-form-group--error" } else { "govuk-form-group" }>
                <h2 class="govuk-label-wrapper">
                    <label class="govuk-label govuk-label--m" for=reflection_field.clone()>"Your reflection (optional)"</label>
                </h2>
                <div class="govuk-hint" id=format!("{reflection_field}-hint")>
                    "What is going well, what is hard, an example from your practice. Only you can read this unless you share the assessment."
                </div>
                <ErrorMessages errors field=reflection_field.clone() />
                <textarea class="govuk-textarea" id=reflection_field.clone() name=reflection_field.clone() rows="6"
                    aria-describedby=format!("{reflection_field}-hint")
                    prop:value={let notes = notes.clone(); move || notes().reflection}
                    on:input=move |ev| {
                        let text = event_target_value(&ev);
                        let k = key_for_reflection.clone();
                        change(&move |d: &mut SelfAssessment| d.domains.entry(k.clone()).or_default().reflection = text.clone());
                    }></textarea>
            </div>
            <div class="govuk-form-group">
                <fieldset class="govuk-fieldset" aria-describedby=format!("help-{key}-hint")>
                    <legend class="govuk-fieldset__legend govuk-fieldset__legend--m">
                        <h2 class="govuk-fieldset__heading">"What would help you?"</h2>
                    </legend>
                    <div class="govuk-hint" id=format!("help-{key}-hint")>"Select all that apply."</div>
                    <div class="govuk-checkboxes" data-module="govuk-checkboxes">
                        {HelpKind::ALL.into_iter().map(|h| {
                            let box_id = format!("help-{key}-{}", h.as_str());
                            let notes = notes.clone();
                            let k = key_for_help.clone();
                            view! {
                                <div class="govuk-checkboxes__item">
                                    <input class="govuk-checkboxes__input" id=box_id.clone() type="checkbox" value=h.as_str()
                                        prop:checked=move || notes().help.contains(&h)
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            let k = k.clone();
                                            change(&move |d: &mut SelfAssessment| {
                                                let help = &mut d.domains.entry(k.clone()).or_default().help;
                                                if on { help.insert(h); } else { help.remove(&h); }
                                            });
                                        } />
                                    <label class="govuk-label govuk-checkboxes__label" for=box_id>{h.label()}</label>
                                </div>
                            }
                        }).collect_view()}
                    </div>
                </fieldset>
            </div>
            <div class=move || if errors.read().contains_key(&of) { "govuk-form-group govuk-form-group--error" } else { "govuk-form-group" }>
                <label class="govuk-label" for=other_field.clone()>"Anything else that would help (optional)"</label>
                <ErrorMessages errors field=other_field.clone() />
                <input class="govuk-input" id=other_field.clone() name=other_field.clone() type="text"
                    prop:value=move || notes().help_other
                    on:input=move |ev| {
                        let text = event_target_value(&ev);
                        let k = key_for_other.clone();
                        change(&move |d: &mut SelfAssessment| d.domains.entry(k.clone()).or_default().help_other = text.clone());
                    } />
            </div>
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
    let field = rating_field(&statement.key);
    let hint_id = format!("{field}-hint");
    let err = field.clone();
    let key = statement.key.clone();
    view! {
        <div class=move || if errors.read().contains_key(&err) { "govuk-form-group govuk-form-group--error" } else { "govuk-form-group" }>
            <fieldset class="govuk-fieldset" aria-describedby=statement.help.as_ref().map(|_| hint_id.clone())>
                <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">
                    {format!("{number}. {}", statement.text)}
                </legend>
                {statement.help.clone().map(|h| view! { <div class="govuk-hint" id=hint_id.clone()>{h}</div> })}
                <ErrorMessages errors field=field.clone() />
                <div class="govuk-radios govuk-radios--small ts-scale" data-module="govuk-radios">
                    {Rating::ALL.into_iter().enumerate().map(|(i, r)| {
                        // The first radio carries the field's id, so the error summary can focus it.
                        let input_id = if i == 0 { field.clone() } else { format!("{field}-{}", r.as_str()) };
                        let key = key.clone();
                        let change = change.clone();
                        let checked_key = key.clone();
                        view! {
                            {(r == Rating::NotApplicable).then(|| view! { <div class="govuk-radios__divider">"or"</div> })}
                            <div class="govuk-radios__item">
                                <input class="govuk-radios__input" id=input_id.clone() name=field.clone() type="radio" value=r.as_str()
                                    prop:checked=move || draft.with(|d| d.ratings.get(&checked_key) == Some(&r))
                                    on:change=move |_| {
                                        let key = key.clone();
                                        change(&move |d: &mut SelfAssessment| { d.ratings.insert(key.clone(), r); });
                                    } />
                                <label class="govuk-label govuk-radios__label" for=input_id>
                                    {match r.score() { Some(n) => format!("{n} – {}", r.label()), None => r.label().to_owned() }}
                                </label>
                            </div>
                        }
                    }).collect_view()}
                </div>
            </fieldset>
        </div>
    }
}
