//! `/templates/:id`: a draft version edited in forms (domains and statements added, changed and
//! removed), saved, previewed and published; a published version retired or copied into a new
//! draft version. Problems point at their field, as `domains[1].statements[0].text`.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use shared::FieldErrors;
use shared::api::templates::{Domain, Statement, Template, TemplateContent, TemplateStatus};
use shared::validate::Validate;

use super::{EDITORS, kind_label, status_tag};
use crate::components::fields::{Bound, TextArea, TextField};
use crate::components::guard::Guard;
use crate::components::notices::{ErrorSummary, FlashBanner, LoadError};
use crate::state::{set_title, use_session};

#[component]
pub fn TemplatePage() -> impl IntoView {
    view! { <Guard roles=EDITORS><TemplateLoader /></Guard> }
}

#[component]
fn TemplateLoader() -> impl IntoView {
    let found = super::route_template();
    view! {
        <Suspense fallback=|| view! { <p class="govuk-body">"Loading…"</p> }>
            {move || found.get().map(|t| match t {
                Ok(Some(t)) => view! { <Editor template=t /> }.into_any(),
                Ok(None) => view! { <crate::pages::not_found::NotFoundPage /> }.into_any(),
                Err(e) => view! { <LoadError message=e.message() heading="This questionnaire could not be shown" /> }.into_any(),
            })}
        </Suspense>
    }
}

fn text_input(
    id: String,
    label: String,
    value: Signal<String>,
    errors: RwSignal<FieldErrors>,
    set: impl Fn(String) + Send + Sync + 'static,
) -> impl IntoView {
    let value = Bound {
        get: value,
        set: Callback::new(set),
    };
    view! { <TextField id label value errors spellcheck=true /> }
}

#[component]
fn Editor(template: Template) -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let id = template.summary.id;
    let status = template.summary.status;
    let editable = status.is_editable();
    let content = RwSignal::new(template.content.clone());
    let errors = RwSignal::new(FieldErrors::new());
    let general = RwSignal::new(None::<String>);
    let title = format!(
        "{} (version {})",
        template.summary.title, template.summary.version
    );
    Effect::new({
        let title = title.clone();
        move || set_title(&title, !errors.read().is_empty() || general.read().is_some())
    });

    let save = move || {
        let draft = content.get_untracked();
        if let Err(found) = draft.validate() {
            errors.set(found);
            return;
        }
        leptos::task::spawn_local(async move {
            match crate::api::templates::update_template(id, &draft).await {
                Ok(_) => {
                    errors.set(FieldErrors::new());
                    general.set(None);
                    session.notify(&format!("/templates/{id}"), "Draft saved".to_owned());
                }
                Err(e) if !e.fields().is_empty() => errors.set(e.fields()),
                Err(e) => general.set(Some(e.message())),
            }
        });
    };
    let change_status = move |to: TemplateStatus, done: &'static str| {
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            match crate::api::templates::set_status(id, to).await {
                Ok(_) => {
                    session.notify("/templates", done.to_owned());
                    navigate("/templates", Default::default());
                }
                Err(e) => general.set(Some(e.message())),
            }
        });
    };
    let new_version = {
        let navigate = use_navigate();
        let copy = template.content.clone();
        move |_| {
            let navigate = navigate.clone();
            let copy = copy.clone();
            leptos::task::spawn_local(async move {
                match crate::api::templates::create_template(&copy).await {
                    Ok(t) => {
                        session.notify(
                            &format!("/templates/{}", t.summary.id),
                            format!("Version {} started as a draft", t.summary.version),
                        );
                        navigate(&format!("/templates/{}", t.summary.id), Default::default());
                    }
                    Err(e) => general.set(Some(e.message())),
                }
            });
        }
    };
    let publish = {
        let change_status = change_status.clone();
        move |_| {
            change_status(
                TemplateStatus::Published,
                "Published. The version before it is retired.",
            )
        }
    };
    let retire = move |_| change_status(TemplateStatus::Retired, "Retired");

    view! {
        <FlashBanner />
        <a href="/templates" class="govuk-back-link">"Back to templates"</a>
        <ErrorSummary errors=errors general order=&[] />
        <span class="govuk-caption-l">{kind_label(template.content.kind)}</span>
        <h1 class="govuk-heading-l">{title}</h1>
        <p class="govuk-body">{status_tag(status)}" Key: "<code>{template.content.key.clone()}</code></p>
        <div class="govuk-button-group">
            <a class="govuk-button govuk-button--secondary" href=format!("/templates/{id}/preview")>"Preview"</a>
            {(status == TemplateStatus::Published).then(|| view! {
                <button type="button" class="govuk-button" on:click=new_version.clone()>"Make a new version"</button>
                <button type="button" class="govuk-button govuk-button--warning" on:click=retire>"Retire"</button>
            })}
        </div>
        {if editable {
            view! {
                <form novalidate on:submit=move |ev| { ev.prevent_default(); save(); }>
                    {text_input("title".into(), "Title".into(), Signal::derive(move || content.read().title.clone()), errors,
                        move |v| content.update(|c| c.title = v))}
                    <TextArea id="introduction" label="Introduction" rows=3 errors
                        value=Bound::new(move || content.read().introduction.clone(), move |v| content.update(|c| c.introduction = v)) />
                    {move || (0..content.read().domains.len()).map(|d| view! { <DomainFields d content errors /> }).collect_view()}
                    <button type="button" class="govuk-button govuk-button--secondary" on:click=move |_| content.update(|c| c.domains.push(Domain {
                        key: String::new(), title: String::new(), description: String::new(),
                        statements: vec![Statement { key: String::new(), text: String::new(), help: None, pcf_domain: None }],
                    }))>"Add a domain"</button>
                    <div class="govuk-button-group">
                        <button type="submit" class="govuk-button">"Save draft"</button>
                        <button type="button" class="govuk-button govuk-button--secondary" on:click=publish>"Publish"</button>
                    </div>
                    <p class="govuk-body">"Save the draft before publishing: publishing takes the version as last saved."</p>
                </form>
            }.into_any()
        } else {
            view! { <super::preview::Outline content=template.content.clone() /> }.into_any()
        }}
    }
}

#[component]
fn DomainFields(
    d: usize,
    content: RwSignal<TemplateContent>,
    errors: RwSignal<FieldErrors>,
) -> impl IntoView {
    let at = format!("domains[{d}]");
    let count = move || content.read().domains.get(d).map_or(0, |x| x.statements.len());
    let domain = move |f: fn(&Domain) -> String| {
        Signal::derive(move || content.read().domains.get(d).map(f).unwrap_or_default())
    };
    view! {
        <fieldset class="govuk-fieldset ts-template-domain">
            <legend class="govuk-fieldset__legend govuk-fieldset__legend--m">{format!("Domain {}", d + 1)}</legend>
            {text_input(format!("{at}.title"), "Domain title".into(), domain(|x| x.title.clone()), errors,
                move |v| content.update(|c| c.domains[d].title = v))}
            {text_input(format!("{at}.key"), "Domain key (stable across versions)".into(), domain(|x| x.key.clone()), errors,
                move |v| content.update(|c| c.domains[d].key = v))}
            {text_input(format!("{at}.description"), "Description".into(), domain(|x| x.description.clone()), errors,
                move |v| content.update(|c| c.domains[d].description = v))}
            {move || (0..count()).map(|s| {
                let at = format!("domains[{d}].statements[{s}]");
                let statement = move |f: fn(&Statement) -> String| Signal::derive(move || {
                    content.read().domains.get(d).and_then(|x| x.statements.get(s)).map(f).unwrap_or_default()
                });
                view! {
                    <div class="ts-template-statement">
                        <h3 class="govuk-heading-s">{format!("Statement {}", s + 1)}</h3>
                        {text_input(format!("{at}.text"), "Statement".into(), statement(|x| x.text.clone()), errors,
                            move |v| content.update(|c| c.domains[d].statements[s].text = v))}
                        {text_input(format!("{at}.key"), "Statement key".into(), statement(|x| x.key.clone()), errors,
                            move |v| content.update(|c| c.domains[d].statements[s].key = v))}
                        {text_input(format!("{at}.help"), "Help text (optional)".into(), statement(|x| x.help.clone().unwrap_or_default()), errors,
                            move |v| content.update(|c| c.domains[d].statements[s].help = (!v.trim().is_empty()).then_some(v)))}
                        {text_input(format!("{at}.pcf_domain"), "PCF domain it relates to (optional)".into(),
                            statement(|x| x.pcf_domain.clone().unwrap_or_default()), errors,
                            move |v| content.update(|c| c.domains[d].statements[s].pcf_domain = (!v.trim().is_empty()).then_some(v)))}
                        <button type="button" class="govuk-button govuk-button--warning govuk-button--small"
                            on:click=move |_| content.update(|c| { c.domains[d].statements.remove(s); })>
                            {format!("Remove statement {}", s + 1)}
                        </button>
                    </div>
                }
            }).collect_view()}
            <div class="govuk-button-group">
                <button type="button" class="govuk-button govuk-button--secondary" on:click=move |_| content.update(|c| c.domains[d].statements.push(
                    Statement { key: String::new(), text: String::new(), help: None, pcf_domain: None }))>
                    {format!("Add a statement to domain {}", d + 1)}
                </button>
                <button type="button" class="govuk-button govuk-button--warning" on:click=move |_| content.update(|c| { c.domains.remove(d); })>
                    {format!("Remove domain {}", d + 1)}
                </button>
            </div>
        </fieldset>
    }
}
