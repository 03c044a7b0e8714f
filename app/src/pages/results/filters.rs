//! The choice of view: period, up to two splits and single-value filters. A plain GET form, so
//! every view has its own address to bookmark, share or come back to.

use leptos::prelude::*;
use shared::api::teams::Team;
use shared::results::period::Granularity;
use shared::results::view::{Dimension, NOT_RECORDED, ResultsPeriods};
use shared::{FieldErrors, PcfLevel};

use super::{default_period, period_options};
use crate::components::fields::SelectField;

/// A select of `(value, label)` options with `current` selected, sent with the form.
#[component]
pub fn Select(
    id: &'static str,
    label: &'static str,
    options: Vec<(String, String)>,
    current: String,
    #[prop(optional)] hint: Option<&'static str>,
) -> impl IntoView {
    // The choice lives in the form until it is sent; filters have no field errors.
    let value = RwSignal::new(current);
    let none = Signal::derive(FieldErrors::new);
    view! {
        <SelectField id label options value errors=none hint=hint.map(str::to_owned) class="ts-filter" />
    }
}

fn cut_options(empty: &str) -> Vec<(String, String)> {
    std::iter::once((String::new(), empty.to_owned()))
        .chain(
            Dimension::ALL
                .iter()
                .map(|d| (d.as_str().to_owned(), d.label().to_owned())),
        )
        .collect()
}

/// The filters shared with the comparison page: service area, team, PCF level.
pub fn group_filters(
    teams: &[Team],
    prefix: &'static str,
    current: &dyn Fn(&str) -> String,
) -> impl IntoView + use<> {
    let mut areas: Vec<String> = teams.iter().map(|t| t.service_area.clone()).collect();
    areas.sort();
    areas.dedup();
    let area_options: Vec<(String, String)> =
        std::iter::once((String::new(), "All service areas".to_owned()))
            .chain(areas.into_iter().map(|a| (a.clone(), a)))
            .collect();
    let team_options: Vec<(String, String)> = std::iter::once((String::new(), "All teams".to_owned()))
        .chain(
            teams
                .iter()
                .map(|t| (t.id.to_string(), format!("{} ({})", t.name, t.service_area))),
        )
        .collect();
    let level_options: Vec<(String, String)> = std::iter::once((String::new(), "All PCF levels".to_owned()))
        .chain(
            PcfLevel::ALL
                .iter()
                .map(|l| (l.as_str().to_owned(), l.label().to_owned())),
        )
        .chain(std::iter::once((
            NOT_RECORDED.to_owned(),
            "Not recorded".to_owned(),
        )))
        .collect();
    let (area_id, team_id, level_id) = match prefix {
        "after_" => ("after_service_area", "after_team", "after_pcf_level"),
        _ => ("service_area", "team", "pcf_level"),
    };
    view! {
        <Select id=area_id label="Service area" options=area_options current=current(area_id) />
        <Select id=team_id label="Team" options=team_options current=current(team_id) />
        <Select id=level_id label="PCF level" options=level_options current=current(level_id) />
    }
}

/// Released periods as `(value, label)`, newest first, quarters then years.
pub fn period_select_options(periods: &ResultsPeriods) -> Vec<(String, String)> {
    let mut options = Vec::new();
    for granularity in [Granularity::Quarter, Granularity::Year] {
        if let Some((_, list)) = period_options(periods)
            .into_iter()
            .find(|(g, _)| *g == granularity)
        {
            options.extend(list.into_iter().map(|p| (p.to_string(), p.label())));
        }
    }
    options
}

#[component]
pub fn ViewFilters(
    periods: ResultsPeriods,
    teams: Vec<Team>,
    current: Vec<(&'static str, String)>,
) -> impl IntoView {
    let get = move |key: &str| {
        current
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let period = Some(get("period"))
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| default_period(&periods, Granularity::Quarter).to_string());
    let count_options: Vec<(String, String)> = [4, 8, 12]
        .iter()
        .map(|n| (n.to_string(), format!("{n} periods")))
        .collect();
    let domain = get("domain");
    view! {
        <form method="get" action="/results" class="ts-filters" aria-label="Choose what to show">
            <div class="ts-filter-row">
                <Select id="period" label="Period" options=period_select_options(&periods) current=period
                    hint="Released quarters, then years" />
                <Select id="cut" label="Split by" options=cut_options("Do not split") current=get("cut") />
                <Select id="cut2" label="Then split by" options=cut_options("Do not split again") current=get("cut2") />
                <Select id="periods" label="With a period split, show" options=count_options current=get("periods") />
            </div>
            <div class="ts-filter-row">
                {group_filters(&teams, "", &get)}
            </div>
            {(!domain.is_empty()).then(|| view! { <input type="hidden" name="domain" value=domain.clone() /> })}
            <button type="submit" class="govuk-button" data-module="govuk-button">"Show results"</button>
        </form>
    }
}
