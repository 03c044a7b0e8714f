//! `/risk/:id/<section>`: one section of the form per page, in the order of the conversation
//! (RISK-ENABLEMENT.md §1, A–J), saved on the device as it is typed. Comments a manager left on
//! the section show above it.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use shared::RecordId;
use shared::api::risk_enablement::{
    Agrees, Considered, CopyGiven, Helper, Mitigation, Person, Risk, RiskEnablement, Section, Source,
    TEXT_MAX, ToWhom, TookPart, Trigger, View, Wellbeing,
};
use shared::risk::review::default_review;
use shared::risk::scoring::Band;

use super::edit::{Editor, YES_NO, choices, matrix, person, slug, title, today, with_form, yes_no};
use super::pickers::{RatingInput, ServicePicker, service_line};
use crate::components::fields::{Checkboxes, Choice, DateInput, Radios, Size, TextArea, TextField};
use crate::components::notices::ErrorSummary;
use crate::state::set_title;

/// A text area bound to the form's text `$field`, whose name is its id.
macro_rules! text {
    ($ed:expr, $field:ident, $label:expr, $hint:expr) => {
        text(
            $ed,
            stringify!($field),
            $label,
            $hint,
            |d| &d.$field,
            |d| &mut d.$field,
        )
    };
}

#[component]
pub fn SectionPage(id: Option<RecordId>, slug: String) -> impl IntoView {
    let Some(section) = Section::ALL.into_iter().find(|s| super::edit::slug(*s) == slug) else {
        return view! { <crate::pages::not_found::NotFoundPage /> }.into_any();
    };
    with_form(id, move |local| {
        if local.editable {
            view! { <SectionForm id=local.id first=local.record section /> }.into_any()
        } else {
            use_navigate()(&format!("/risk/{}", local.id), Default::default());
            ().into_any()
        }
    })
    .into_any()
}

#[component]
fn SectionForm(id: RecordId, first: RiskEnablement, section: Section) -> impl IntoView {
    let navigate = use_navigate();
    let ed = Editor::new(id, first);
    let position = Section::ALL
        .iter()
        .position(|s| *s == section)
        .unwrap_or_default();
    let next = Section::ALL.get(position + 1).copied();
    let next_href = match next {
        Some(s) => format!("/risk/{id}/{}", slug(s)),
        None => format!("/risk/{id}/check"),
    };
    let heading = title(section);
    Effect::new(move || set_title(heading, !ed.errors.read().is_empty()));
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if ed.errors.with_untracked(|e| e.is_empty()) {
            navigate(&next_href, Default::default());
        }
    };
    let body = match section {
        Section::Conversation => conversation(ed),
        Section::Wants => wants(ed),
        Section::Strengths => strengths(ed),
        Section::Benefits => text!(
            ed,
            benefits,
            "What will be better if this happens?",
            "Their benefits first: what they will gain, in their words."
        ),
        Section::Risks => risks(ed),
        Section::NotDoing => not_doing(ed),
        Section::Safer => safer(ed),
        Section::Views => views(ed),
        Section::Deciding => deciding(ed),
        Section::Plan => plan(ed),
    };
    view! {
        <a href=format!("/risk/{id}") class="govuk-back-link">"Back to the task list"</a>
        <ErrorSummary errors=ed.errors general=Signal::derive(|| None::<String>) order=&[] />
        <super::review::SectionComments form=ed.draft section />
        <form novalidate on:submit=on_submit>
            <span class="govuk-caption-l">{format!("Section {} of {}", position + 1, Section::ALL.len())}</span>
            <h1 class="govuk-heading-l">{heading}</h1>
            {body}
            <p class="govuk-body">"Your answers save on this device as you go."</p>
            <button type="submit" class="govuk-button">
                {if next.is_some() { "Save and continue" } else { "Save and check your answers" }}
            </button>
        </form>
    }
}

/// A text area bound to one text of the form (read in place; written through `write`).
fn text(
    ed: Editor,
    field: &'static str,
    label: &'static str,
    hint: &'static str,
    read: fn(&RiskEnablement) -> &String,
    write: fn(&mut RiskEnablement) -> &mut String,
) -> AnyView {
    let value = ed.bind(move |d| read(d).clone(), move |d, v| *write(d) = v);
    view! { <TextArea id=field label size=Size::S rows=4 hint=hint.to_owned() max=TEXT_MAX value errors=ed.errors /> }.into_any()
}

fn conversation(ed: Editor) -> AnyView {
    let reference = ed.bind(|d| d.case_reference.clone(), |d, v| d.case_reference = v);
    let known_as = ed.bind(|d| d.known_as.clone(), |d, v| d.known_as = v);
    let talked_on = ed.bind(|d| d.talked_on.clone(), |d, v| d.talked_on = v);
    let took_part = ed.one_of(TookPart::ALL, |d| d.took_part, |d, v| d.took_part = v);
    view! {
        <TextField id="case_reference" label="Case reference" value=reference errors=ed.errors width_class="govuk-input govuk-input--width-20" />
        <TextField id="known_as" label="The name they use (optional)" value=known_as errors=ed.errors width_class="govuk-input govuk-input--width-20" />
        <DateInput id="talked_on" legend="When did you talk?" value=talked_on errors=ed.errors />
        <Radios id="took_part" legend="How did they take part?" choices=choices(TookPart::ALL, TookPart::label) value=took_part errors=ed.errors />
        <People ed />
    }
    .into_any()
}

/// Who was there: a name and a role each.
#[component]
fn People(ed: Editor) -> impl IntoView {
    let count = Memo::new(move |_| ed.draft.with(|d| d.present.len()));
    view! {
        <h2 class="govuk-heading-m">"Who was there"</h2>
        {move || (0..count.get()).map(|i| {
            let name = ed.bind(move |d| d.present.get(i).map(|p| p.name.clone()).unwrap_or_default(), move |d, v| if let Some(p) = d.present.get_mut(i) { p.name = v });
            let role = ed.bind(move |d| d.present.get(i).map(|p| p.role.clone()).unwrap_or_default(), move |d, v| if let Some(p) = d.present.get_mut(i) { p.role = v });
            view! {
                <fieldset class="govuk-fieldset ts-item">
                    <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{format!("Person {}", i + 1)}</legend>
                    <TextField id=format!("present.{i}.name") label="Name" value=name errors=ed.errors width_class="govuk-input govuk-input--width-20" />
                    <TextField id=format!("present.{i}.role") label="Who they are to the person" hint="For example, daughter, support worker" value=role errors=ed.errors width_class="govuk-input govuk-input--width-20" />
                    <button type="button" class="govuk-button govuk-button--secondary" on:click=move |_| ed.change(|d| { d.present.remove(i); })>
                        "Remove"<span class="govuk-visually-hidden">{format!(" person {}", i + 1)}</span>
                    </button>
                </fieldset>
            }
        }).collect_view()}
        <button type="button" class="govuk-button govuk-button--secondary" on:click=move |_| ed.change(|d| d.present.push(Person::default()))>
            "Add someone who was there"
        </button>
    }
}

fn wants(ed: Editor) -> AnyView {
    let wellbeing = ed.any_of(Wellbeing::ALL, |d| d.wellbeing.clone(), |d, v| d.wellbeing = v);
    view! {
        {text!(ed, wants, "What do they want to do?", "In their words, as they said it.")}
        {text!(ed, why, "Why does it matter to them?", "In their words.")}
        <Checkboxes id="wellbeing" legend="Which parts of their life does it touch?" hint="Wellbeing as the Care Act 2014 (section 1) lists it. Select all that apply."
            choices=choices(Wellbeing::ALL, Wellbeing::label) value=wellbeing errors=ed.errors />
    }
    .into_any()
}

fn strengths(ed: Editor) -> AnyView {
    let count = Memo::new(move |_| ed.draft.with(|d| d.helpers.len()));
    let add = Callback::new(move |service| {
        ed.change(move |d| {
            if !d.helpers.contains(&Helper::Service(service)) {
                d.helpers.push(Helper::Service(service));
            }
        })
    });
    view! {
        {text!(ed, strengths, "What are they good at? What has worked before?", "Their skills, the people around them, what they have managed before.")}
        <h2 class="govuk-heading-m">"Who and what can help"</h2>
        <p class="govuk-body">"People who support them, and community services from the directory."</p>
        <ul class="govuk-list govuk-list--bullet">
            {move || (0..count.get()).map(|i| {
                let helper = ed.draft.with_untracked(|d| d.helpers.get(i).cloned());
                let line = match helper {
                    Some(Helper::Service(id)) => service_line(id),
                    Some(Helper::Person(p)) => view! { <span>{format!("{} ({})", p.name, p.role)}</span> }.into_any(),
                    None => ().into_any(),
                };
                view! {
                    <li>{line}" "
                        <button type="button" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-1" on:click=move |_| ed.change(|d| { d.helpers.remove(i); })>
                            "Remove"<span class="govuk-visually-hidden">{format!(" helper {}", i + 1)}</span>
                        </button>
                    </li>
                }
            }).collect_view()}
        </ul>
        <AddPerson ed />
        <ServicePicker id="helpers" verb="Add as a strength" pick=add />
    }
    .into_any()
}

/// Adds a person who can help (name and who they are).
#[component]
fn AddPerson(ed: Editor) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let role = RwSignal::new(String::new());
    let add = move |_| {
        let (n, r) = (name.get_untracked(), role.get_untracked());
        if !n.trim().is_empty() {
            ed.change(|d| {
                d.helpers.push(Helper::Person(Person {
                    name: n.trim().into(),
                    role: r.trim().into(),
                }))
            });
            name.set(String::new());
            role.set(String::new());
        }
    };
    view! {
        <TextField id="helper-name" label="A person who can help: their name" value=name errors=ed.errors width_class="govuk-input govuk-input--width-20" />
        <TextField id="helper-role" label="Who they are to the person" value=role errors=ed.errors width_class="govuk-input govuk-input--width-20" />
        <button type="button" class="govuk-button govuk-button--secondary" on:click=add>"Add this person"</button>
    }
}

fn risks(ed: Editor) -> AnyView {
    let count = Memo::new(move |_| ed.draft.with(|d| d.risks.len()));
    view! {
        <p class="govuk-body">"Each thing that could go wrong, who it could harm, what the person thinks of it, and how likely and serious it is as things are. A low risk needs less."</p>
        {move || (0..count.get()).map(|i| risk(ed, i)).collect_view()}
        <button type="button" class="govuk-button govuk-button--secondary"
            on:click=move |_| ed.change(|d| d.risks.push(Risk { id: uuid::Uuid::new_v4(), what: "".into(), to_whom: Vec::new(), source: None, their_view: String::new(), evidence: String::new(), inherent: None }))>
            "Add a risk"
        </button>
    }
    .into_any()
}

fn risk(ed: Editor, i: usize) -> impl IntoView {
    let item = move |field: &str| format!("risks.{i}.{field}");
    let part = move |get: fn(&Risk) -> String, set: fn(&mut Risk, String)| {
        ed.bind(
            move |d| d.risks.get(i).map(get).unwrap_or_default(),
            move |d, v| {
                if let Some(r) = d.risks.get_mut(i) {
                    set(r, v)
                }
            },
        )
    };
    let to_whom = ed.any_of(
        ToWhom::ALL,
        move |d| d.risks.get(i).map(|r| r.to_whom.clone()).unwrap_or_default(),
        move |d, v: Vec<ToWhom>| {
            if let Some(r) = d.risks.get_mut(i) {
                r.to_whom = v
            }
        },
    );
    let source = ed.one_of(
        Source::ALL,
        move |d| d.risks.get(i).and_then(|r| r.source),
        move |d, v: Option<Source>| {
            if let Some(r) = d.risks.get_mut(i) {
                r.source = v
            }
        },
    );
    let first = ed
        .draft
        .with_untracked(|d| d.risks.get(i).and_then(|r| r.inherent));
    let rate = Callback::new(move |rating| {
        ed.change(move |d| {
            if let Some(r) = d.risks.get_mut(i) {
                r.inherent = Some(rating)
            }
        })
    });
    view! {
        <fieldset class="govuk-fieldset ts-item">
            <legend class="govuk-fieldset__legend govuk-fieldset__legend--m">{format!("Risk {}", i + 1)}</legend>
            <TextArea id=item("what") label="What could happen?" rows=2 max=TEXT_MAX value=part(|r| r.what.clone(), |r, v| r.what = v) errors=ed.errors />
            <Checkboxes id=item("to_whom") legend="Who could it harm?" choices=choices(ToWhom::ALL, ToWhom::label) value=to_whom errors=ed.errors />
            <Radios id=item("source") legend="Where does it come from? (optional)" choices=choices(Source::ALL, Source::label) value=source errors=ed.errors />
            <TextArea id=item("their_view") label="What do they think of it?" hint="In their words." rows=2 max=TEXT_MAX value=part(|r| r.their_view.clone(), |r, v| r.their_view = v) errors=ed.errors />
            <TextArea id=item("evidence") label="What tells us this?" hint="What has happened, not what might be assumed." rows=2 max=TEXT_MAX value=part(|r| r.evidence.clone(), |r, v| r.evidence = v) errors=ed.errors />
            <RatingInput id=item("inherent") legend="As things are" first set=rate />
            <crate::components::fields::ErrorMessages errors=ed.errors field=item("mitigation") />
            <button type="button" class="govuk-button govuk-button--secondary" on:click=move |_| ed.change(|d| {
                let gone = d.risks.remove(i).id;
                for m in &mut d.mitigations { m.reduces.retain(|r| *r != gone); }
            })>"Remove"<span class="govuk-visually-hidden">{format!(" risk {}", i + 1)}</span></button>
        </fieldset>
    }
}

fn not_doing(ed: Editor) -> AnyView {
    let m = matrix();
    const LEVELS: &[u8] = &[1, 2, 3, 4, 5];
    let impact = ed.one_of(LEVELS, |d| d.not_doing_impact, |d, v| d.not_doing_impact = v);
    let levels: Vec<Choice<usize>> = (0..5)
        .map(|i| Choice::new(i, (i + 1).to_string(), format!("{} – {}", i + 1, m.impact[i])))
        .collect();
    view! {
        {text!(ed, not_doing, "What might happen if they do not do this?", "Loss of independence, low mood, losing touch with people: the cost of not taking the risk.")}
        <Radios id="not_doing_impact" legend="How serious would that be? (optional)" choices=levels value=impact errors=ed.errors />
    }
    .into_any()
}

fn safer(ed: Editor) -> AnyView {
    let count = Memo::new(move |_| ed.draft.with(|d| d.mitigations.len()));
    view! {
        <MatrixTable form=ed.draft />
        {move || (0..count.get()).map(|i| mitigation(ed, i)).collect_view()}
        <button type="button" class="govuk-button govuk-button--secondary"
            on:click=move |_| ed.change(|d| d.mitigations.push(Mitigation { action: String::new(), owner: None, by: Default::default(), reduces: Vec::new(), residual: None, warning_signs: String::new() }))>
            "Add something that will make it safer"
        </button>
    }
    .into_any()
}

fn mitigation(ed: Editor, i: usize) -> impl IntoView {
    let item = move |field: &str| format!("mitigations.{i}.{field}");
    let action = ed.bind(
        move |d| d.mitigations.get(i).map(|m| m.action.clone()).unwrap_or_default(),
        move |d, v| {
            if let Some(m) = d.mitigations.get_mut(i) {
                m.action = v
            }
        },
    );
    let signs = ed.bind(
        move |d| {
            d.mitigations
                .get(i)
                .map(|m| m.warning_signs.clone())
                .unwrap_or_default()
        },
        move |d, v| {
            if let Some(m) = d.mitigations.get_mut(i) {
                m.warning_signs = v
            }
        },
    );
    let by = ed.bind(
        move |d| d.mitigations.get(i).map(|m| m.by.clone()).unwrap_or_default(),
        move |d, v| {
            if let Some(m) = d.mitigations.get_mut(i) {
                m.by = v
            }
        },
    );
    // The risks it reduces, by their position in the form.
    let reduces = ed.bind(
        move |d| {
            let ids = d
                .mitigations
                .get(i)
                .map(|m| m.reduces.clone())
                .unwrap_or_default();
            d.risks
                .iter()
                .enumerate()
                .filter(|(_, r)| ids.contains(&r.id))
                .map(|(n, _)| n)
                .collect()
        },
        move |d, picked: Vec<usize>| {
            let ids: Vec<uuid::Uuid> = picked
                .iter()
                .filter_map(|n| d.risks.get(*n).map(|r| r.id))
                .collect();
            if let Some(m) = d.mitigations.get_mut(i) {
                m.reduces = ids;
            }
        },
    );
    let who = ed.bind(
        move |d| match d.mitigations.get(i).and_then(|m| m.owner.clone()) {
            Some(Helper::Person(p)) => p.name,
            _ => String::new(),
        },
        move |d, v: String| {
            if let Some(m) = d.mitigations.get_mut(i) {
                m.owner = (!v.trim().is_empty()).then(|| {
                    Helper::Person(Person {
                        name: v,
                        role: String::new(),
                    })
                })
            }
        },
    );
    let risk_choices = ed.draft.with_untracked(|d| {
        d.risks
            .iter()
            .enumerate()
            .map(|(n, r)| Choice::new(n, n.to_string(), format!("Risk {}: {}", n + 1, r.what)))
            .collect::<Vec<_>>()
    });
    let first = ed
        .draft
        .with_untracked(|d| d.mitigations.get(i).and_then(|m| m.residual));
    let rate = Callback::new(move |rating| {
        ed.change(move |d| {
            if let Some(m) = d.mitigations.get_mut(i) {
                m.residual = Some(rating)
            }
        })
    });
    let by_service = Callback::new(move |service| {
        ed.change(move |d| {
            if let Some(m) = d.mitigations.get_mut(i) {
                m.owner = Some(Helper::Service(service))
            }
        })
    });
    let service = move || match ed
        .draft
        .with(|d| d.mitigations.get(i).and_then(|m| m.owner.clone()))
    {
        Some(Helper::Service(id)) => {
            Some(view! { <p class="govuk-body">"Who will do it: "{service_line(id)}</p> })
        }
        _ => None,
    };
    view! {
        <fieldset class="govuk-fieldset ts-item">
            <legend class="govuk-fieldset__legend govuk-fieldset__legend--m">{format!("Making it safer {}", i + 1)}</legend>
            <TextArea id=item("action") label="What will be done?" rows=2 max=TEXT_MAX value=action errors=ed.errors />
            <Checkboxes id=item("reduces") legend="Which risks does it reduce?" choices=risk_choices value=reduces errors=ed.errors />
            {service}
            <TextField id=item("owner") label="Who will do it: a person" hint="Or choose a service from the directory below." value=who errors=ed.errors width_class="govuk-input govuk-input--width-20" />
            <ServicePicker id=item("service") verb="Choose to do it" pick=by_service />
            <DateInput id=item("by") legend="By when?" value=by errors=ed.errors />
            <RatingInput id=item("residual") legend="Once it is done" first set=rate />
            <TextArea id=item("warning_signs") label="What would tell us it is not working, and then what?" rows=2 max=TEXT_MAX value=signs errors=ed.errors />
            <button type="button" class="govuk-button govuk-button--secondary" on:click=move |_| ed.change(|d| { d.mitigations.remove(i); })>
                "Remove"<span class="govuk-visually-hidden">{format!(" making it safer {}", i + 1)}</span>
            </button>
        </fieldset>
    }
}

/// Each risk as things are and once made safer, beside the benefits and the cost of not
/// doing it: a table, in words, never colour alone.
#[component]
pub fn MatrixTable(#[prop(into)] form: Signal<RiskEnablement>) -> impl IntoView {
    move || {
        let m = matrix();
        form.with(|d| {
            let rows = d.risks.iter().enumerate().map(|(n, r)| {
                let now = r.inherent.map_or_else(|| "Not rated".to_owned(), |x| m.describe(x));
                let after = d.residual(r, &m).map_or_else(|| "Not rated".to_owned(), |b| m.band_name(b).to_owned());
                view! {
                    <tr class="govuk-table__row">
                        <th scope="row" class="govuk-table__header">{format!("{}. {}", n + 1, r.what)}</th>
                        <td class="govuk-table__cell">{now}</td>
                        <td class="govuk-table__cell">{after}</td>
                    </tr>
                }
            }).collect_view();
            let not_doing = d.not_doing_impact.filter(|x| (1..=5).contains(x)).map(|x| m.impact[usize::from(x - 1)].clone());
            view! {
                <table class="govuk-table">
                    <caption class="govuk-table__caption govuk-table__caption--m">"The risks, as things are and made safer"</caption>
                    <thead class="govuk-table__head"><tr class="govuk-table__row">
                        <th scope="col" class="govuk-table__header">"Risk"</th>
                        <th scope="col" class="govuk-table__header">"As things are"</th>
                        <th scope="col" class="govuk-table__header">"Made safer"</th>
                    </tr></thead>
                    <tbody class="govuk-table__body">{rows}</tbody>
                </table>
                <dl class="govuk-summary-list">
                    <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">"What will be better"</dt><dd class="govuk-summary-list__value ts-pre">{d.benefits.clone()}</dd></div>
                    <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">"If they do not do it"</dt>
                        <dd class="govuk-summary-list__value ts-pre">{d.not_doing.clone()}{not_doing.map(|w| format!(" (how serious: {w})"))}</dd></div>
                </dl>
            }
        })
    }
}

fn views(ed: Editor) -> AnyView {
    let count = Memo::new(move |_| ed.draft.with(|d| d.views.len()));
    view! {
        <p class="govuk-body">"Family, carers and professionals. Keep disagreement as it is: say who does not agree, and why."</p>
        {move || (0..count.get()).map(|i| {
            let item = move |field: &str| format!("views.{i}.{field}");
            let name = ed.bind(move |d| d.views.get(i).map(|v| v.who.name.clone()).unwrap_or_default(), move |d, v| if let Some(x) = d.views.get_mut(i) { x.who.name = v });
            let role = ed.bind(move |d| d.views.get(i).map(|v| v.who.role.clone()).unwrap_or_default(), move |d, v| if let Some(x) = d.views.get_mut(i) { x.who.role = v });
            let said = ed.bind(move |d| d.views.get(i).map(|v| v.view.clone()).unwrap_or_default(), move |d, v| if let Some(x) = d.views.get_mut(i) { x.view = v });
            let agrees = ed.one_of(Agrees::ALL, move |d| d.views.get(i).and_then(|v| v.agrees), move |d, v: Option<Agrees>| if let Some(x) = d.views.get_mut(i) { x.agrees = v });
            let why_not = ed.bind(move |d| d.views.get(i).map(|v| v.not_asked_why.clone()).unwrap_or_default(), move |d, v| if let Some(x) = d.views.get_mut(i) { x.not_asked_why = v });
            view! {
                <fieldset class="govuk-fieldset ts-item">
                    <legend class="govuk-fieldset__legend govuk-fieldset__legend--m">{format!("View {}", i + 1)}</legend>
                    <TextField id=item("who.name") label="Name" value=name errors=ed.errors width_class="govuk-input govuk-input--width-20" />
                    <TextField id=item("who.role") label="Who they are to the person" value=role errors=ed.errors width_class="govuk-input govuk-input--width-20" />
                    <TextArea id=item("view") label="What they think" rows=2 max=TEXT_MAX value=said errors=ed.errors />
                    <Radios id=item("agrees") legend="Do they agree with the plan?" choices=choices(Agrees::ALL, Agrees::label) value=agrees errors=ed.errors />
                    <TextField id=item("not_asked_why") label="If not asked, why not" value=why_not errors=ed.errors />
                    <button type="button" class="govuk-button govuk-button--secondary" on:click=move |_| ed.change(|d| { d.views.remove(i); })>
                        "Remove"<span class="govuk-visually-hidden">{format!(" view {}", i + 1)}</span>
                    </button>
                </fieldset>
            }
        }).collect_view()}
        <button type="button" class="govuk-button govuk-button--secondary"
            on:click=move |_| ed.change(|d| d.views.push(View { who: Person::default(), view: String::new(), agrees: None, not_asked_why: String::new() }))>
            "Add someone's view"
        </button>
    }
    .into_any()
}

fn deciding(ed: Editor) -> AnyView {
    let doubt = ed.one_of(
        YES_NO,
        |d| d.doubt_capacity,
        |d, v| {
            d.doubt_capacity = v;
            if v != Some(true) {
                d.capacity = None;
            }
        },
    );
    let safeguarding = ed.one_of(
        YES_NO,
        |d| d.safeguarding_concern,
        |d, v| d.safeguarding_concern = v,
    );
    let count = Memo::new(move |_| ed.draft.with(|d| d.options.len()));
    let id = ed.id;
    let name = ed.draft.with_untracked(person);
    view! {
        <Radios id="doubt_capacity" legend=format!("Is there a reason to doubt that {name} can make this decision now?")
            hint="Capacity is assumed. A decision that seems unwise is not, on its own, a reason to doubt it (Mental Capacity Act 2005, section 1(4))."
            choices=yes_no() value=doubt errors=ed.errors />
        {move || (ed.draft.with(|d| d.doubt_capacity) == Some(true)).then(|| view! {
            <p class="govuk-body"><a class="govuk-link" href=format!("/risk/{id}/capacity")>"Record the capacity assessment for this decision"</a></p>
        })}
        <Radios id="safeguarding_concern" legend="Could anyone be harming or neglecting them?"
            hint="If so, follow the safeguarding procedure as well, led by what they want."
            choices=yes_no() value=safeguarding errors=ed.errors />
        <h2 class="govuk-heading-m">"Options looked at"</h2>
        {move || (0..count.get()).map(|i| {
            let item = move |field: &str| format!("options.{i}.{field}");
            let part = move |get: fn(&Considered) -> String, set: fn(&mut Considered, String)| {
                ed.bind(move |d| d.options.get(i).map(get).unwrap_or_default(), move |d, v| if let Some(o) = d.options.get_mut(i) { set(o, v) })
            };
            view! {
                <fieldset class="govuk-fieldset ts-item">
                    <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{format!("Option {}", i + 1)}</legend>
                    <TextField id=item("option") label="The option" value=part(|o| o.option.clone(), |o, v| o.option = v) errors=ed.errors />
                    <TextField id=item("for_it") label="For it" value=part(|o| o.for_it.clone(), |o, v| o.for_it = v) errors=ed.errors />
                    <TextField id=item("against_it") label="Against it" value=part(|o| o.against_it.clone(), |o, v| o.against_it = v) errors=ed.errors />
                    <button type="button" class="govuk-button govuk-button--secondary" on:click=move |_| ed.change(|d| { d.options.remove(i); })>
                        "Remove"<span class="govuk-visually-hidden">{format!(" option {}", i + 1)}</span>
                    </button>
                </fieldset>
            }
        }).collect_view()}
        <button type="button" class="govuk-button govuk-button--secondary" on:click=move |_| ed.change(|d| d.options.push(Considered::default()))>
            "Add an option"
        </button>
        {text!(ed, least_restrictive_why, "Why is this the least restrictive option?", "What keeps the most of their freedom while making it safe enough (Mental Capacity Act 2005, section 1(6)).")}
    }
    .into_any()
}

fn plan(ed: Editor) -> AnyView {
    let review_by = ed.bind(|d| d.review_by.clone(), |d, v| d.review_by = v);
    let sooner = ed.any_of(
        Trigger::ALL,
        |d| d.review_sooner_if.clone(),
        |d, v| d.review_sooner_if = v,
    );
    let copy = ed.one_of(CopyGiven::ALL, |d| d.copy_given, |d, v| d.copy_given = v);
    let suggested = move || {
        let m = matrix();
        let highest = ed
            .draft
            .with(|d| d.risks.iter().filter_map(|r| d.residual(r, &m)).max())
            .unwrap_or(Band::Low);
        shared::dates::long_date(default_review(today(), highest))
    };
    view! {
        {text!(ed, plan, "The plan, in plain words", "What happens, who does what, and what the person will do. They get a copy.")}
        <DateInput id="review_by" legend="Review by" value=review_by errors=ed.errors
            hint=format!("Within a year. For the risk left, a review by {} is suggested.", suggested()) />
        <Checkboxes id="review_sooner_if" legend="Review sooner if" choices=choices(Trigger::ALL, Trigger::label) value=sooner errors=ed.errors />
        <Radios id="copy_given" legend="Do they have a copy of the plan?" choices=choices(CopyGiven::ALL, CopyGiven::label) value=copy errors=ed.errors />
    }
    .into_any()
}
