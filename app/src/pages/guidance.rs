//! `/guidance/:topic`: short practice guidance that a low-rated domain points to. Plain pages for
//! now; the risk enablement form and fuller guidance replace them as they arrive.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::state::set_title;

struct Topic {
    title: &'static str,
    paragraphs: &'static [&'static str],
}

fn topic(key: &str) -> Option<Topic> {
    Some(match key {
        "risk" => Topic {
            title: "Enabling positive risk",
            paragraphs: &[
                "Positive risk-taking weighs the benefits of a choice against its harms, with the person, rather than avoiding every risk for them.",
                "Record what the person wants and why it matters to them, what could go wrong and how likely and serious that is, what would make it safer, and who agreed.",
                "Where capacity is in doubt, assess it for this decision at this time (Mental Capacity Act 2005), and record how you supported the person to decide.",
                "Touchstone's risk enablement form, with manager review and review dates, is on its way. Until then, record decisions in your case system and take them to supervision.",
            ],
        },
        "legal" => Topic {
            title: "Legal literacy",
            paragraphs: &[
                "Most adult social care decisions rest on the Care Act 2014 (wellbeing, prevention, assessment, eligibility, care and support planning, safeguarding) and the Mental Capacity Act 2005 (the five principles, best interests, and the Deprivation of Liberty Safeguards).",
                "Name the duty or power you are using in your recording, and say how the person's wellbeing and wishes shaped the decision.",
                "Your principal social worker and legal team run practice clinics: bring a case.",
            ],
        },
        "strengths" => Topic {
            title: "Strengths and asset-based practice",
            paragraphs: &[
                "Start from what matters to the person, what they can do and who is around them, before what they cannot do.",
                "Conversations, not forms: three conversations (listen and connect; work intensively in a crisis; plan for the long term) keep the focus on a good life.",
            ],
        },
        "rights" => Topic {
            title: "Rights-based practice",
            paragraphs: &[
                "The person's rights, choices and voice lead each decision: record their own words and how they took part.",
                "Where a decision limits someone's rights, record why it is necessary and proportionate, and the least restrictive option considered.",
            ],
        },
        "diversity" => Topic {
            title: "Valuing diversity and inclusion",
            paragraphs: &[
                "Ask about identity, culture, faith, language and communication, and record how they shaped the assessment and plan.",
                "Notice where services are hard to reach for some communities, and say so: it helps commissioners close the gap.",
            ],
        },
        "supervision" => Topic {
            title: "Using supervision",
            paragraphs: &[
                "Take the domain you feel least confident in to supervision, with one case in mind, and agree one thing to try before the next session.",
            ],
        },
        _ => return None,
    })
}

#[component]
pub fn GuidancePage() -> impl IntoView {
    let params = use_params_map();
    move || {
        let key = params.read().get("topic").unwrap_or_default();
        match topic(&key) {
            Some(t) => {
                set_title(t.title, false);
                view! {
                    <span class="govuk-caption-l">"Practice guidance"</span>
                    <h1 class="govuk-heading-l">{t.title}</h1>
                    {t.paragraphs.iter().map(|p| view! { <p class="govuk-body">{*p}</p> }).collect_view()}
                    <a class="govuk-link" href="/assessments">"Back to your self-assessments"</a>
                }
                .into_any()
            }
            None => view! { <crate::pages::not_found::NotFoundPage /> }.into_any(),
        }
    }
}
