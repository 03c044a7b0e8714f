//! The search box and its filters. Submitting puts the search in the address; the results (and
//! any field error, such as an age that is not a number) are read from there.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use shared::directory::copy::DirectoryCopy;
use shared::directory::localities::{DISTRICT, LOCALITIES};
use shared::directory::places::Point;
use shared::directory::search::finding::{Finding, Open};

use super::{address, now};
use crate::components::fields::{CheckboxField, SelectField, Size, TextField};
use crate::components::notices::ErrorSummary;

/// The categories to choose from: each top-level one, then its kinds indented under it.
fn categories(copy: Option<&DirectoryCopy>) -> Vec<(String, String)> {
    let mut options = vec![(String::new(), "Any category".to_owned())];
    let Some(copy) = copy else { return options };
    let terms: Vec<_> = copy.taxonomies.iter().flat_map(|t| &t.terms).collect();
    for parent in terms.iter().filter(|t| t.parent_id.is_none()) {
        options.push((parent.id.to_string(), parent.name.clone()));
        for kind in terms.iter().filter(|t| t.parent_id == Some(parent.id)) {
            // No-break spaces: an option's text is all a select can show of its place.
            options.push((kind.id.to_string(), format!("\u{a0}\u{a0}\u{a0}{}", kind.name)));
        }
    }
    options
}

/// The district and its localities: the areas services say they cover.
fn areas() -> Vec<(String, String)> {
    let mut options = vec![
        (String::new(), "Anywhere".to_owned()),
        (DISTRICT.into(), DISTRICT.into()),
    ];
    options.extend(LOCALITIES.iter().map(|(l, _)| ((*l).into(), (*l).into())));
    options
}

/// Places to be near: the device's location when chosen, the district, each locality and its
/// towns and wards.
fn near_options(current: &str) -> Vec<(String, String)> {
    let mut options = vec![(String::new(), "Anywhere".to_owned())];
    if Point::parse(current).is_some() {
        options.push((current.to_owned(), "Your location".to_owned()));
    } else if !current.is_empty() && shared::directory::places::position_of(current).is_none() {
        options.push((current.to_owned(), "The postcode below".to_owned()));
    }
    options.extend(shared::directory::localities::all().map(|p| (p.to_owned(), p.to_owned())));
    options
}

/// Asks the browser where the device is (the person is asked first); the point, rounded to
/// about 100 metres, goes in the search. It is not sent anywhere: searching is on the device.
fn locate(draft: RwSignal<Finding>, said: RwSignal<Option<String>>) {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;
    let Some(geo) = web_sys::window().and_then(|w| w.navigator().geolocation().ok()) else {
        said.set(Some(
            "This device cannot give its location. Choose a place instead.".into(),
        ));
        return;
    };
    said.set(Some("Finding your location…".into()));
    let found = Closure::once_into_js(move |position: wasm_bindgen::JsValue| {
        let coords = js_sys::Reflect::get(&position, &"coords".into()).unwrap_or_default();
        let read = |key: &str| {
            js_sys::Reflect::get(&coords, &key.into())
                .ok()
                .and_then(|v| v.as_f64())
        };
        match (read("latitude"), read("longitude")) {
            (Some(latitude), Some(longitude)) => {
                draft.update(|d| d.near = Point { latitude, longitude }.key());
                said.set(Some(
                    "Using your location, to about 100 metres. It stays on this device.".into(),
                ));
            }
            _ => said.set(Some(
                "Your location could not be read. Choose a place instead.".into(),
            )),
        }
    });
    let failed = Closure::once_into_js(move |_: wasm_bindgen::JsValue| {
        said.set(Some(
            "Touchstone was not allowed to use your location, or could not find it. Choose a place instead."
                .into(),
        ));
    });
    if geo
        .get_current_position_with_error_callback(found.unchecked_ref(), Some(failed.unchecked_ref()))
        .is_err()
    {
        said.set(Some(
            "This device cannot give its location. Choose a place instead.".into(),
        ));
    }
}

/// `any` first, then every value `values` gives, sorted and each once.
fn distinct(any: &str, values: impl Iterator<Item = String>) -> Vec<(String, String)> {
    let mut seen: Vec<String> = values.filter(|v| !v.trim().is_empty()).collect();
    seen.sort();
    seen.dedup();
    let mut options = vec![(String::new(), any.to_owned())];
    options.extend(seen.into_iter().map(|v| (v.clone(), v)));
    options
}

fn languages(copy: Option<&DirectoryCopy>) -> Vec<(String, String)> {
    let names = copy
        .into_iter()
        .flat_map(|c| c.services())
        .flat_map(|s| s.languages.iter().map(|l| l.name.clone()));
    distinct("Any language", names)
}

fn accessibility(copy: Option<&DirectoryCopy>) -> Vec<(String, String)> {
    let features = copy
        .into_iter()
        .flat_map(|c| c.locations.values())
        .flat_map(|l| l.accessibility.iter().map(|a| a.description.clone()));
    distinct("Any", features)
}

#[component]
pub fn SearchForm(finding: Memo<Finding>) -> impl IntoView {
    let navigate = use_navigate();
    let draft = RwSignal::new(finding.get_untracked());
    // A link (a wider search, Back) changes the address: the form shows what it now says.
    Effect::new(move || draft.set(finding.get()));
    let errors = Signal::derive(move || {
        let copy = crate::store::directory::copy();
        finding
            .read()
            .query_on(now(), copy.as_deref().map(|c| &c.postcodes))
            .err()
            .unwrap_or_default()
    });
    // A postcode field when there are postcodes to search near (or the server has to say).
    // A memo: the field is drawn again only when this changes, not at each key typed in it.
    let postcodes_here = Memo::new(move |_| {
        crate::store::directory::copy().is_none_or(|c| !c.postcodes.is_empty())
            || draft.with(Finding::near_is_postcode)
    });
    let postcode = crate::components::fields::Bound::new(
        move || {
            draft.with(|d| {
                if d.near_is_postcode() {
                    d.near.clone()
                } else {
                    String::new()
                }
            })
        },
        move |v: String| {
            draft.update(|d| {
                if !v.trim().is_empty() || d.near_is_postcode() {
                    d.near = v.trim().to_owned();
                }
            })
        },
    );
    let no_general = Signal::derive(|| None::<String>);
    let filters_open = move || finding.read().has_filters();
    let copy = move || crate::store::directory::copy();
    let category_options = Signal::derive(move || categories(copy().as_deref()));
    let language_options = Signal::derive(move || languages(copy().as_deref()));
    let access_options = Signal::derive(move || accessibility(copy().as_deref()));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let finding = Finding {
            page: 1,
            ..draft.get_untracked()
        };
        navigate(&address(&finding), Default::default());
    };
    macro_rules! text {
        ($field:ident) => {
            crate::components::fields::Bound::new(
                move || draft.with(|d| d.$field.clone()),
                move |v: String| draft.update(|d| d.$field = v),
            )
        };
    }
    let category = crate::components::fields::Bound::new(
        move || draft.with(|d| d.category.map(|c| c.to_string()).unwrap_or_default()),
        move |v: String| draft.update(|d| d.category = v.parse().ok()),
    );
    let open = crate::components::fields::Bound::new(
        move || draft.with(|d| d.open.key().to_owned()),
        move |v: String| draft.update(|d| d.open = Open::parse(&v)),
    );
    let free = crate::components::fields::Bound::new(
        move || draft.with(|d| d.free),
        move |v: bool| draft.update(|d| d.free = v),
    );
    let place_options = Signal::derive(move || near_options(&draft.with(|d| d.near.clone())));
    let located = RwSignal::new(None::<String>);
    let days: Vec<(String, String)> = Open::all()
        .into_iter()
        .map(|o| (o.key().to_owned(), o.label().to_owned()))
        .collect();

    view! {
        <ErrorSummary errors general=no_general order=&["search", "near", "postcode", "age"] />
        <form novalidate on:submit=submit role="search" aria-label="Services">
            <TextField id="search" label="What are you looking for?" size=Size::M value=text!(words) errors
                hint="For example: walking group, memory café, lunch club" input_type="search"
                width_class="govuk-input govuk-!-width-two-thirds" />
            <details class="govuk-details" prop:open=filters_open>
                <summary class="govuk-details__summary">
                    <span class="govuk-details__summary-text">"Filters"</span>
                </summary>
                <div class="govuk-details__text ts-filters">
                    <SelectField id="category" label="Category" options=category_options value=category errors />
                    <SelectField id="area" label="Area" options=Signal::derive(areas) value=text!(area) errors
                        hint="Services that say they cover it" />
                    <SelectField id="near" label="Near" options=place_options value=text!(near) errors
                        hint="Nearest first, with how far each is" />
                    {move || postcodes_here.get().then(|| view! {
                        <TextField id="postcode" label="Or near a postcode" value=postcode.clone() errors
                            hint="For example: BD21 0CC" width_class="govuk-input govuk-input--width-10" />
                    })}
                    <p class="govuk-body">
                        <button type="button" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-1"
                            on:click=move |_| locate(draft, located)>"Use my location"</button>
                        <span class="govuk-hint govuk-!-display-block" role="status">{move || located.get()}</span>
                    </p>
                    <SelectField id="open" label="Open" options=Signal::derive(move || days.clone()) value=open errors />
                    <TextField id="age" label="The person's age" value=text!(age) errors
                        hint="Only services open to someone this age" width_class="govuk-input govuk-input--width-3" />
                    <SelectField id="language" label="Language" options=language_options value=text!(language) errors />
                    <SelectField id="access" label="Accessibility" options=access_options value=text!(accessibility) errors />
                    <CheckboxField id="free" label="Free only" checked=free errors />
                </div>
            </details>
            <button type="submit" class="govuk-button">"Search"</button>
        </form>
    }
}
