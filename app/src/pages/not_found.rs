use leptos::prelude::*;

use crate::state::set_title;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    set_title("Page not found", false);
    view! {
        <h1 class="govuk-heading-l">"Page not found"</h1>
        <p class="govuk-body">"If you typed the web address, check it is correct."</p>
        <p class="govuk-body">"If you pasted the web address, check you copied the entire address."</p>
        <p class="govuk-body"><a class="govuk-link" href="/">"Go to your home page"</a></p>
    }
}
