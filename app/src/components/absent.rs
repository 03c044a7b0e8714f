//! What a record's page shows when it cannot show the record yet: the same words for every
//! kind, so a person learns them once.

use leptos::prelude::*;

/// Why a record's page has nothing to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Why {
    /// The device is still opening its store, or the questionnaire is on its way.
    Loading,
    /// The device has no record under this address: never synced here, or not the person's.
    NotOnDevice,
    /// The record is here but the questionnaire it answers is not.
    NoTemplate,
}

/// Where a kind's records are listed, to go back to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Kind {
    /// "self-assessment", "audit".
    pub noun: &'static str,
    pub list_href: &'static str,
    /// "your self-assessments", "case-file audits".
    pub list_name: &'static str,
}

#[component]
pub fn Absent(why: Why, kind: Kind) -> impl IntoView {
    match why {
        Why::Loading => view! { <p class="govuk-body">"Loading…"</p> }.into_any(),
        Why::NotOnDevice => view! {
            <h1 class="govuk-heading-l">"Page not found"</h1>
            <p class="govuk-body">{format!("This {} is not on this device. ", kind.noun)}
                <a class="govuk-link" href=kind.list_href>{format!("Go to {}", kind.list_name)}</a>"."</p>
        }
        .into_any(),
        Why::NoTemplate => view! {
            <p class="govuk-body">
                {format!("The questionnaire for this {} is not on this device. Connect to the internet to open it.", kind.noun)}
            </p>
        }
        .into_any(),
    }
}

/// `Loading` while the device's store opens or the record is known to be coming, else
/// `NotOnDevice`.
pub fn loading_or_missing(loading: bool) -> Why {
    if loading { Why::Loading } else { Why::NotOnDevice }
}
