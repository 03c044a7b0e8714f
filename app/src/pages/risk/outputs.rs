//! The form read back: section by section (check your answers, a manager's review, a
//! colleague's reading), as a print (the whole record, a page a section, for the case file and
//! the person), as a panel pack (the panel's reasons, the risks as things are and made safer,
//! then the form), and as plain text to paste into the council's case record system.

use leptos::prelude::*;
use shared::RecordId;
use shared::api::risk_enablement::{Agrees, Helper, RiskEnablement, Section};
use shared::dates::long_date;
use shared::risk::capacity::outcome_text;
use shared::risk::workflow::PanelReason;
use uuid::Uuid;

use super::edit::{found, matrix, person, slug, title};
use super::{NotHere, review::Thread};
use crate::state::set_title;
use crate::sync::use_sync;

/// A service's name now, or what became of it.
fn service_name(id: Uuid) -> Option<String> {
    crate::store::directory::copy_untracked().and_then(|c| c.service(id).map(|s| s.name.clone()))
}

fn helper(h: &Helper) -> String {
    shared::risk::text::helper_line(h, service_name)
}

fn or_not(text: &str) -> String {
    if text.trim().is_empty() {
        "Not recorded".to_owned()
    } else {
        text.trim().to_owned()
    }
}

fn date(d: &shared::api::case_audits::DateParts) -> String {
    d.to_date().map_or_else(|| "Not recorded".to_owned(), long_date)
}

fn listed<T: Copy>(items: &[T], label: fn(T) -> &'static str) -> String {
    if items.is_empty() {
        return "None chosen".to_owned();
    }
    items.iter().map(|i| label(*i)).collect::<Vec<_>>().join("; ")
}

/// Each section's answers as (question, answer) pairs.
pub fn rows(form: &RiskEnablement, section: Section) -> Vec<(String, String)> {
    let m = matrix();
    let name = person(form);
    let row = |k: &str, v: String| (k.to_owned(), v);
    match section {
        Section::Conversation => vec![
            row("Case reference", form.case_reference.clone()),
            row("The name they use", or_not(&form.known_as)),
            row("When you talked", date(&form.talked_on)),
            row(
                "Who was there",
                or_not(
                    &form
                        .present
                        .iter()
                        .map(|p| format!("{} ({})", p.name, p.role))
                        .collect::<Vec<_>>()
                        .join("; "),
                ),
            ),
            row(
                "How they took part",
                form.took_part
                    .map_or_else(|| "Not recorded".to_owned(), |t| t.label().to_owned()),
            ),
        ],
        Section::Wants => vec![
            row("What they want", form.wants.clone()),
            row("Why it matters to them", or_not(&form.why)),
            row("Parts of life it touches", listed(&form.wellbeing, |w| w.label())),
        ],
        Section::Strengths => vec![
            row("What is strong", or_not(&form.strengths)),
            row(
                "Who and what can help",
                or_not(&form.helpers.iter().map(helper).collect::<Vec<_>>().join("; ")),
            ),
        ],
        Section::Benefits => vec![row("What will be better", or_not(&form.benefits))],
        Section::Risks => form
            .risks
            .iter()
            .enumerate()
            .map(|(n, r)| {
                let rated = r
                    .inherent
                    .map_or_else(|| "not rated".to_owned(), |x| m.describe(x));
                let detail = format!(
                    "{}\nWho it could harm: {}\nTheir view: {}\nWhat tells us: {}\nAs things are: {rated}",
                    r.what,
                    listed(&r.to_whom, |w| w.label()),
                    or_not(&r.their_view),
                    or_not(&r.evidence),
                );
                (format!("Risk {}", n + 1), detail)
            })
            .collect(),
        Section::NotDoing => vec![
            row("If they do not do it", or_not(&form.not_doing)),
            row(
                "How serious",
                form.not_doing_impact.filter(|x| (1..=5).contains(x)).map_or_else(
                    || "Not rated".to_owned(),
                    |x| m.impact[usize::from(x - 1)].clone(),
                ),
            ),
        ],
        Section::Safer => form
            .mitigations
            .iter()
            .enumerate()
            .map(|(n, x)| {
                let detail = format!(
                    "{}\nWho: {}\nBy: {}\nOnce done: {}\nIf it is not working: {}",
                    x.action,
                    x.owner.as_ref().map_or_else(|| "Not recorded".to_owned(), helper),
                    date(&x.by),
                    x.residual
                        .map_or_else(|| "not rated".to_owned(), |r| m.describe(r)),
                    or_not(&x.warning_signs),
                );
                (format!("Making it safer {}", n + 1), detail)
            })
            .collect(),
        Section::Views => form
            .views
            .iter()
            .map(|v| {
                let agrees = match v.agrees {
                    Some(Agrees::NotAsked) => format!("Not asked: {}", or_not(&v.not_asked_why)),
                    Some(a) => a.label().to_owned(),
                    None => "Not recorded".to_owned(),
                };
                (
                    format!("{} ({})", v.who.name, v.who.role),
                    format!("{}\n{agrees}", or_not(&v.view)),
                )
            })
            .collect(),
        Section::Deciding => {
            let yes_no = |x: Option<bool>| match x {
                Some(true) => "Yes".to_owned(),
                Some(false) => "No".to_owned(),
                None => "Not answered".to_owned(),
            };
            let mut rows = vec![row(
                "A reason to doubt capacity for this decision",
                yes_no(form.doubt_capacity),
            )];
            if let Some(c) = &form.capacity {
                rows.push(row("The decision", or_not(&c.decision)));
                let outcome = c
                    .answers
                    .outcome()
                    .map_or_else(|| "Not finished".to_owned(), |o| outcome_text(o, &name));
                rows.push(row("Capacity", outcome));
                if let Some(b) = &c.best_interests {
                    rows.push(row(
                        "Best interests",
                        format!("{}\nWho decides: {}", or_not(&b.decision), or_not(&b.who_decides)),
                    ));
                }
            }
            rows.push(row(
                "Could anyone be harming or neglecting them",
                yes_no(form.safeguarding_concern),
            ));
            let options: Vec<String> = form.options.iter().map(|o| o.option.clone()).collect();
            rows.push(row("Options looked at", or_not(&options.join("; "))));
            rows.push(row(
                "Why this is the least restrictive",
                or_not(&form.least_restrictive_why),
            ));
            rows
        }
        Section::Plan => vec![
            row("The plan", or_not(&form.plan)),
            row("Review by", date(&form.review_by)),
            row("Review sooner if", listed(&form.review_sooner_if, |t| t.label())),
            row(
                "Do they have a copy",
                form.copy_given
                    .map_or_else(|| "Not recorded".to_owned(), |c| c.label().to_owned()),
            ),
        ],
    }
}

/// The whole form, a section at a time, with "Change" links when `change` names the form to
/// edit, and each section's comments when `comments`.
pub fn form_summary(form: &RiskEnablement, change: Option<RecordId>, comments: bool) -> AnyView {
    Section::ALL
        .into_iter()
        .map(|s| {
            let list = rows(form, s)
                .into_iter()
                .map(|(k, v)| view! {
                    <div class="govuk-summary-list__row">
                        <dt class="govuk-summary-list__key">{k}</dt>
                        <dd class="govuk-summary-list__value ts-pre">{v}</dd>
                    </div>
                })
                .collect_view();
            let link = change.map(|id| view! {
                <p class="govuk-body ts-no-print"><a class="govuk-link" href=format!("/risk/{id}/{}", slug(s))>"Change"<span class="govuk-visually-hidden">{format!(" {}", title(s))}</span></a></p>
            });
            let thread = comments.then(|| view! { <Thread form=form.clone() section=s /> });
            view! {
                <section class="ts-print-section">
                    <h2 class="govuk-heading-m">{title(s)}</h2>
                    {link}
                    <dl class="govuk-summary-list">{list}</dl>
                    {thread}
                </section>
            }
        })
        .collect_view()
        .into_any()
}

/// `/risk/:id/print` and `/risk/:id/panel`.
#[component]
pub fn PrintPage(id: Option<RecordId>, pack: bool) -> impl IntoView {
    let sync = use_sync();
    let local = found(id);
    set_title(if pack { "Panel pack" } else { "Print the form" }, false);
    move || match local.get() {
        None => view! { <NotHere loading=sync.opening() /> }.into_any(),
        Some(l) => {
            let form = l.record;
            let table_form = form.clone();
            let panel = pack.then(|| {
                let reasons = form.panel.as_ref().map(|p| p.reasons.clone()).unwrap_or_default();
                let criteria = PanelReason::ALL
                    .into_iter()
                    .map(|r| {
                        let mark = if reasons.contains(&r) { "Referred for this: " } else { "" };
                        view! { <li>{format!("{mark}{}", r.words())}</li> }
                    })
                    .collect_view();
                view! {
                    <section class="ts-print-section">
                        <h2 class="govuk-heading-m">"Why it comes to the panel"</h2>
                        <ul class="govuk-list govuk-list--bullet">{criteria}</ul>
                        <p class="govuk-body">"The panel advises; the practitioner and their manager keep the decision."</p>
                        <super::sections::MatrixTable form=Signal::derive(move || table_form.clone()) />
                    </section>
                }
            });
            view! {
                <a href=format!("/risk/{}", l.id) class="govuk-back-link ts-no-print">"Back to the form"</a>
                <h1 class="govuk-heading-l">{if pack { "Risk enablement panel pack" } else { "Risk enablement form" }}</h1>
                <p class="govuk-body">{format!("{} · {} · {}", form.case_reference, person(&form), form.status.words())}</p>
                <button type="button" class="govuk-button ts-no-print" on:click=|_| { if let Some(w) = web_sys::window() { let _ = w.print(); } }>"Print"</button>
                {panel}
                {form_summary(&form, None, false)}
            }
            .into_any()
        }
    }
}

/// `/risk/:id/text`: the whole form as plain text, to copy into the case record.
#[component]
pub fn TextPage(id: Option<RecordId>) -> impl IntoView {
    let sync = use_sync();
    let local = found(id);
    set_title("Copy as plain text", false);
    let copied = RwSignal::new(false);
    move || match local.get() {
        None => view! { <NotHere loading=sync.opening() /> }.into_any(),
        Some(l) => {
            let text = shared::risk::text::plain_text(&l.record, &matrix(), service_name);
            let for_copy = text.clone();
            let copy = move |_| {
                if let Some(window) = web_sys::window() {
                    let _ = window.navigator().clipboard().write_text(&for_copy);
                    copied.set(true);
                }
            };
            view! {
                <a href=format!("/risk/{}", l.id) class="govuk-back-link">"Back to the form"</a>
                <h1 class="govuk-heading-l">"Copy as plain text"</h1>
                <p class="govuk-body">"To paste into the case record system. Ratings are in words."</p>
                <div class="govuk-form-group">
                    <label class="govuk-label" for="plain-text">"The form as text"</label>
                    <textarea class="govuk-textarea" id="plain-text" rows="20" readonly>{text}</textarea>
                </div>
                <button type="button" class="govuk-button" on:click=copy>"Copy to clipboard"</button>
                <p class="govuk-body" role="status">{move || copied.get().then_some("Copied.")}</p>
            }
            .into_any()
        }
    }
}
