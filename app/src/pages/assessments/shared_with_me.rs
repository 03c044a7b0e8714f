//! `/team/shared`: the self-assessments practitioners in my team chose to share with me. They
//! arrive through sync like my own records, read-only, and leave when the author stops sharing.

use leptos::prelude::*;
use shared::Role;

use super::{all, long_date};
use crate::components::guard::Guard;
use crate::state::set_title;
use crate::sync::use_sync;

#[component]
pub fn SharedWithMePage() -> impl IntoView {
    view! { <Guard roles=&[Role::TeamManager]><SharedWithMe /></Guard> }
}

#[component]
fn SharedWithMe() -> impl IntoView {
    let sync = use_sync();
    set_title("Self-assessments shared with you", false);
    let shared = move || all(sync).into_iter().filter(|a| !a.mine).collect::<Vec<_>>();
    view! {
        <a href="/team" class="govuk-back-link">"Back to my team"</a>
        <h1 class="govuk-heading-l">"Self-assessments shared with you"</h1>
        <p class="govuk-body">
            "Practitioners in your team can share a self-assessment with you, for supervision. "
            "It is theirs: they can stop sharing at any time, and then it leaves this list."
        </p>
        <Show when=move || !shared().is_empty()
            fallback=|| view! { <p class="govuk-body">"Nobody has shared a self-assessment with you."</p> }>
            <ul class="govuk-list">
                {move || shared().into_iter().map(|a| view! {
                    <li>
                        <a class="govuk-link" href=format!("/assessments/{}", a.id)>
                            {format!(
                                "{} – self-assessment submitted {}",
                                a.owner.and_then(crate::store::team::name_of).unwrap_or_else(|| "A practitioner in your team".to_owned()),
                                a.record.submitted_at.map(long_date).unwrap_or_default()
                            )}
                        </a>
                    </li>
                }).collect_view()}
            </ul>
        </Show>
    }
}
