//! Error summary and notification banners.

use leptos::prelude::*;
use shared::FieldErrors;

/// The fields with errors: those in `order` first, in that order, then any others (no sort, so
/// the first download carries no sorting code).
fn in_page_order<'e>(errors: &'e FieldErrors, order: &[&str]) -> Vec<&'e String> {
    let listed = order
        .iter()
        .filter_map(|o| errors.get_key_value(*o).map(|(k, _)| k));
    let others = errors.keys().filter(|k| !order.contains(&k.as_str()));
    listed.chain(others).collect()
}

/// GOV.UK error summary: "There is a problem", one link per message to its field, focused when it
/// appears so keyboard and screen reader users land on it. `order` lists field ids in page order.
#[component]
pub fn ErrorSummary(
    #[prop(into)] errors: Signal<FieldErrors>,
    /// An error that is not about one field (the server could not be reached).
    #[prop(into)]
    general: Signal<Option<String>>,
    order: &'static [&'static str],
) -> impl IntoView {
    let summary = NodeRef::<leptos::html::Div>::new();
    let visible = move || !errors.read().is_empty() || general.read().is_some();
    Effect::new(move || {
        if visible()
            && let Some(el) = summary.get()
        {
            let _ = el.focus();
        }
    });
    let items = move || {
        let errors = errors.get();
        in_page_order(&errors, order)
            .into_iter()
            .flat_map(|field| errors[field].iter().map(move |m| (field.clone(), m.clone())))
            .map(|(field, message)| {
                let target = field.clone();
                view! {
                    <li>
                        <a
                            href=format!("#{field}")
                            on:click=move |ev| {
                                // Focus the field ourselves: the router would treat the link as a navigation.
                                ev.prevent_default();
                                focus_by_id(&target);
                            }
                        >
                            {message}
                        </a>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <Show when=visible>
            <div class="govuk-error-summary" node_ref=summary tabindex="-1">
                <div role="alert">
                    <h2 class="govuk-error-summary__title">"There is a problem"</h2>
                    <div class="govuk-error-summary__body">
                        {move || general.get().map(|m| view! { <p class="govuk-body">{m}</p> })}
                        <ul class="govuk-list govuk-error-summary__list">{items}</ul>
                    </div>
                </div>
            </div>
        </Show>
    }
}

pub fn focus_by_id(id: &str) {
    use wasm_bindgen::JsCast;
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

/// GOV.UK success banner for the message left for this page (`Session::notify`).
#[component]
pub fn FlashBanner() -> impl IntoView {
    let session = crate::state::use_session();
    let pathname = leptos_router::hooks::use_location().pathname;
    move || {
        session
            .flash
            .get()
            .filter(|f| f.path == pathname.get())
            .map(|flash| {
                view! {
                    <div class="govuk-notification-banner govuk-notification-banner--success" role="alert"
                        aria-labelledby="flash-title">
                        <div class="govuk-notification-banner__header">
                            <h2 class="govuk-notification-banner__title" id="flash-title">"Success"</h2>
                        </div>
                        <div class="govuk-notification-banner__content">
                            <p class="govuk-notification-banner__heading">{flash.message}</p>
                        </div>
                    </div>
                }
            })
    }
}

/// A page-level problem loading data, with the message from the server.
#[component]
pub fn LoadError(
    message: String,
    /// When the error stands for the whole page: its heading, so the page still has one, and
    /// the document's title to match.
    #[prop(optional)]
    heading: Option<&'static str>,
) -> impl IntoView {
    if let Some(heading) = heading {
        crate::state::set_title(heading, false);
    }
    view! {
        {heading.map(|h| view! { <h1 class="govuk-heading-l">{h}</h1> })}
        <div class="govuk-notification-banner" role="region" aria-labelledby="load-error-title">
            <div class="govuk-notification-banner__header">
                <h2 class="govuk-notification-banner__title" id="load-error-title">"Important"</h2>
            </div>
            <div class="govuk-notification-banner__content">
                <p class="govuk-notification-banner__heading">{message}</p>
            </div>
        </div>
    }
}

/// A GOV.UK tag for a record that can be switched off: green when on, grey when off.
#[component]
pub fn StatusTag(active: bool, on: &'static str, off: &'static str) -> impl IntoView {
    if active {
        view! { <strong class="govuk-tag govuk-tag--green">{on}</strong> }
    } else {
        view! { <strong class="govuk-tag govuk-tag--grey">{off}</strong> }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_are_listed_in_page_order_then_the_rest() {
        let errors: FieldErrors = ["zeta", "password", "alpha", "email"]
            .iter()
            .map(|k| (k.to_string(), vec![format!("{k} is wrong")]))
            .collect();
        let keys = in_page_order(&errors, &["email", "password", "missing"]);
        assert_eq!(keys, ["email", "password", "alpha", "zeta"]);
    }
}
