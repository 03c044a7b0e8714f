//! `/templates/upload`: a template file (JSON, the shape of the shipped ones) becomes a new draft.
//! Every problem is listed with where it is, checked here first and again by the server.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use shared::FieldErrors;
use shared::api::templates::TemplateContent;
use shared::validate::Validate;

use super::EDITORS;
use crate::components::guard::Guard;
use crate::components::notices::ErrorSummary;
use crate::state::{set_title, use_session};

#[component]
pub fn UploadTemplatePage() -> impl IntoView {
    view! { <Guard roles=EDITORS><Upload /></Guard> }
}

/// "domains[1].statements[0].text" → "Domain 2, statement 1, text".
pub fn place(path: &str) -> String {
    let mut words = Vec::new();
    for part in path.split('.') {
        let (name, index) = match part.split_once('[') {
            Some((name, rest)) => (name, rest.trim_end_matches(']').parse::<usize>().ok()),
            None => (part, None),
        };
        let name = match name {
            "domains" => "domain",
            "statements" => "statement",
            other => other,
        };
        words.push(match index {
            Some(i) => format!("{name} {}", i + 1),
            None => name.replace('_', " "),
        });
    }
    let text = words.join(", ");
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// The summary links to the file input; each message says where in the file the problem is.
fn against_file(found: FieldErrors) -> FieldErrors {
    let messages = found
        .into_iter()
        .flat_map(|(path, list)| list.into_iter().map(move |m| format!("{}: {m}", place(&path))))
        .collect();
    FieldErrors::from([("file".to_owned(), messages)])
}

#[component]
fn Upload() -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let errors = RwSignal::new(FieldErrors::new());
    let general = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    Effect::new(move || {
        set_title(
            "Upload a template file",
            !errors.read().is_empty() || general.read().is_some(),
        )
    });
    let input = NodeRef::<leptos::html::Input>::new();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let file = input.get().and_then(|i| i.files()).and_then(|f| f.get(0));
        let Some(file) = file else {
            errors.set(FieldErrors::from([(
                "file".into(),
                vec!["Select a template file".into()],
            )]));
            return;
        };
        busy.set(true);
        general.set(None);
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            let text = wasm_bindgen_futures::JsFuture::from(file.text())
                .await
                .ok()
                .and_then(|v| v.as_string());
            let outcome = match text {
                None => Err(FieldErrors::from([(
                    "file".into(),
                    vec!["The file could not be read".into()],
                )])),
                Some(text) => match serde_json::from_str::<TemplateContent>(&text) {
                    Err(e) => Err(FieldErrors::from([(
                        "file".into(),
                        vec![format!(
                            "The file is not a Touchstone template (line {}, column {}): {}",
                            e.line(),
                            e.column(),
                            strip_position(&e.to_string())
                        )],
                    )])),
                    Ok(content) => content.validate().map(|_| content).map_err(against_file),
                },
            };
            match outcome {
                Err(found) => errors.set(found),
                Ok(content) => match crate::api::templates::create_template(&content).await {
                    Ok(t) => {
                        session.notify(
                            &format!("/templates/{}", t.summary.id),
                            format!("Uploaded as version {} (a draft)", t.summary.version),
                        );
                        navigate(&format!("/templates/{}", t.summary.id), Default::default());
                    }
                    Err(e) if !e.fields().is_empty() => errors.set(against_file(e.fields())),
                    Err(e) => general.set(Some(e.message())),
                },
            }
            busy.set(false);
        });
    };
    view! {
        <a href="/templates" class="govuk-back-link">"Back to templates"</a>
        <ErrorSummary errors=errors general order=&["file"] />
        <h1 class="govuk-heading-l">"Upload a template file"</h1>
        <p class="govuk-body">
            "A template file is JSON with a key, a kind (self_assessment or case_file_audit), a title, an introduction "
            "and domains, each with statements that have a key and text. It becomes a new draft version: a file with the key "
            "of an existing template makes its next version. You can preview it before publishing."
        </p>
        <form novalidate on:submit=submit>
            <crate::components::fields::FileField label="Template file" accept=".json,application/json" errors input />
            <button type="submit" class="govuk-button" disabled=move || busy.get()>"Upload"</button>
        </form>
    }
}

/// serde's message ends "at line 3 column 5", said already.
fn strip_position(message: &str) -> &str {
    message.split(" at line ").next().unwrap_or(message)
}
