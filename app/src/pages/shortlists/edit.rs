//! `/shortlists/:id`: one shortlist, put in order and noted for the person, then printed or
//! shared. Every change saves itself on the device at once, like a note.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};
use shared::api::shortlists::{NOTE_MAX, Shortlist};
use shared::directory::leaflet;
use shared::validate::Validate;
use shared::{FieldErrors, RecordId};

use crate::components::fields::{TextArea, TextField};
use crate::components::guard::Guard;
use crate::state::{set_title, use_session};
use crate::store::records;
use crate::sync::use_sync;

pub fn id_param() -> Memo<Option<RecordId>> {
    let params = use_params_map();
    Memo::new(move |_| params.read().get("id").and_then(|s| s.parse().ok()))
}

#[component]
pub fn ShortlistPage() -> impl IntoView {
    let sync = use_sync();
    let id = id_param();
    view! {
        <Guard>
            {move || match (sync.state.with(Option::is_some), id.get()) {
                (true, Some(id)) if records::one::<Shortlist>(sync, id).is_some() => view! { <Editor id /> }.into_any(),
                (false, _) => view! { <p class="govuk-body">"Loading…"</p> }.into_any(),
                _ => {
                    set_title("Shortlist not found", false);
                    view! {
                        <h1 class="govuk-heading-l">"Shortlist not found"</h1>
                        <p class="govuk-body">"It is not on this device. "<a class="govuk-link" href="/shortlists">"See your shortlists"</a></p>
                    }.into_any()
                }
            }}
        </Guard>
    }
}

#[component]
fn Editor(id: RecordId) -> impl IntoView {
    let sync = use_sync();
    let session = use_session();
    let navigate = use_navigate();
    let first = untrack(|| {
        records::one::<Shortlist>(sync, id)
            .map(|l| l.record)
            .unwrap_or_default()
    });
    let list = RwSignal::new(first.clone());
    let reference = RwSignal::new(first.reference.clone());
    let errors = RwSignal::new(FieldErrors::new());
    set_title(&format!("Shortlist for {}", first.reference), false);
    let save = move |next: Shortlist| {
        match next.validate() {
            Ok(()) => {
                errors.set(FieldErrors::new());
                records::save(sync, id, &next);
            }
            Err(found) => errors.set(found),
        }
        list.set(next);
    };
    let change = move |f: &dyn Fn(&mut Shortlist)| {
        let mut next = list.get_untracked();
        f(&mut next);
        save(next);
    };
    let status = move || records::one::<Shortlist>(sync, id).map(|l| l.saved_status());
    // The services in order: the list is drawn again when they change, not at each note's
    // keystroke (which would take the focus from the note being typed).
    let order = Memo::new(move |_| {
        list.with(|l| {
            l.services
                .iter()
                .map(|s| (s.service_id, s.name.clone()))
                .collect::<Vec<_>>()
        })
    });
    let text = move || {
        let copy = crate::store::directory::copy();
        leaflet::plain_text(&leaflet::cards(&list.get(), copy.as_deref()))
    };
    let encoded = move || String::from(js_sys::encode_uri_component(&text()));
    let remove_list = move |_| {
        records::delete(sync, id);
        session.notify("/shortlists", "Shortlist deleted".to_owned());
        navigate("/shortlists", Default::default());
    };
    let reference_bound = crate::components::fields::Bound::new(
        move || reference.get(),
        move |v: String| {
            reference.set(v.clone());
            change(&|l| l.reference = v.trim().to_owned());
        },
    );

    view! {
        <a href="/shortlists" class="govuk-back-link">"Back to shortlists"</a>
        <span class="govuk-caption-l">"Shortlist"</span>
        <h1 class="govuk-heading-l">{move || format!("For {}", list.read().reference)}</h1>
        <p class="govuk-body ts-note-status" role="status">{status}</p>
        <form novalidate on:submit=|ev| ev.prevent_default()>
            <TextField id="reference" label="The person's case reference" value=reference_bound errors
                width_class="govuk-input govuk-input--width-10" />
            <Show when=move || !list.read().services.is_empty()
                fallback=|| view! { <p class="govuk-body">"No services yet. Add them from a service's page in "<a class="govuk-link" href="/find">"Find what's local"</a>"."</p> }>
                <ol class="govuk-list ts-shortlist">
                    {move || {
                        let count = order.read().len();
                        order.get().into_iter().enumerate().map(|(i, (service_id, name))| {
                            let note_id = format!("services-{i}-note");
                            let note = crate::components::fields::Bound::new(
                                move || list.with(|l| l.services.get(i).map(|s| s.note.clone()).unwrap_or_default()),
                                move |v: String| change(&|l| if let Some(s) = l.services.get_mut(i) { s.note = v.clone() }),
                            );
                            let hidden = format!(": {name}");
                            view! {
                                <li class="ts-shortlist__item">
                                    <h2 class="govuk-heading-s">
                                        <a class="govuk-link" href=format!("/directory/services/{service_id}")>{name.clone()}</a>
                                    </h2>
                                    <TextArea id=note_id label=format!("Note for the person about {name}") rows=2 max=NOTE_MAX value=note errors />
                                    <div class="govuk-button-group">
                                        <button type="button" class="govuk-button govuk-button--secondary" disabled=i == 0
                                            on:click=move |_| change(&|l| l.move_one(i, true))>
                                            "Move up"<span class="govuk-visually-hidden">{hidden.clone()}</span>
                                        </button>
                                        <button type="button" class="govuk-button govuk-button--secondary" disabled=i + 1 == count
                                            on:click=move |_| change(&|l| l.move_one(i, false))>
                                            "Move down"<span class="govuk-visually-hidden">{hidden.clone()}</span>
                                        </button>
                                        <button type="button" class="govuk-button govuk-button--warning"
                                            on:click=move |_| change(&|l| { l.services.remove(i); })>
                                            "Remove"<span class="govuk-visually-hidden">{hidden.clone()}</span>
                                        </button>
                                    </div>
                                </li>
                            }
                        }).collect_view()
                    }}
                </ol>
            </Show>
        </form>
        <h2 class="govuk-heading-m">"Print"</h2>
        <p class="govuk-body">
            <a class="govuk-link" href=format!("/shortlists/{id}/print")>"What's on near you, in large print"</a>
            " or "
            <a class="govuk-link" href=format!("/shortlists/{id}/print?easy")>"in an easy-read layout"</a>
        </p>
        <h2 class="govuk-heading-m">"Share"</h2>
        <div class="govuk-form-group">
            <label class="govuk-label" for="share-text">"The shortlist as text (the case reference is left out)"</label>
            <textarea class="govuk-textarea" id="share-text" rows="8" readonly prop:value=text></textarea>
        </div>
        <div class="govuk-button-group">
            <button type="button" class="govuk-button govuk-button--secondary" on:click=move |_| {
                if let Some(window) = web_sys::window() {
                    let _ = window.navigator().clipboard().write_text(&text());
                }
            }>"Copy the text"</button>
            <a class="govuk-link" href=move || format!("mailto:?subject=What%27s%20on%20near%20you&body={}", encoded())>"Send by email"</a>
            <a class="govuk-link" href=move || format!("sms:?&body={}", encoded())>"Send by text message"</a>
            <a class="govuk-link" download="whats-on-near-you.txt"
                href=move || format!("data:text/plain;charset=utf-8,{}", encoded())>"Download as a text file"</a>
        </div>
        <button type="button" class="govuk-button govuk-button--warning" on:click=remove_list>"Delete shortlist"</button>
    }
}
