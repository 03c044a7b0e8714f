//! Reflective notes: the first records that live on the device and sync. Every change saves
//! itself here at once (no save button) and is sent when there is a connection.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};
use shared::api::notes::Note;
use shared::sync::protocol::EntityKind;
use shared::validate::Validate;
use shared::{FieldErrors, RecordId};

use crate::components::fields::TextField;
use crate::components::guard::Guard;
use crate::components::notices::FlashBanner;
use crate::state::{set_title, use_session};
use crate::sync::use_sync;

#[component]
pub fn NotesPage() -> impl IntoView {
    view! { <Guard><Notes /></Guard> }
}

#[component]
fn Notes() -> impl IntoView {
    let sync = use_sync();
    set_title("My notes", false);
    let notes = move || {
        sync.state.with(|s| {
            let Some(s) = s else { return Vec::new() };
            let mut notes: Vec<(RecordId, String, bool, bool)> = s
                .visible(EntityKind::Note)
                .map(|r| {
                    let title = serde_json::from_value::<Note>(r.payload.clone())
                        .map(|n| n.title)
                        .unwrap_or_default();
                    let waiting = s.outbox.iter().any(|p| p.mutation.record_id == r.record_id);
                    (r.record_id, title, waiting, r.conflict.is_some())
                })
                .collect();
            // Newest first: ids are time-ordered.
            notes.sort_by_key(|n| std::cmp::Reverse(n.0));
            notes
        })
    };
    view! {
        <FlashBanner />
        <h1 class="govuk-heading-l">"My notes"</h1>
        <p class="govuk-body">
            "Private notes on your practice: what happened, what you learned, what you would do differently. "
            "Only you can read them. They are kept on this device and sent to Touchstone when you are online."
        </p>
        <a href="/notes/new" class="govuk-button">"New note"</a>
        <Show
            when=move || !notes().is_empty()
            fallback=|| view! { <p class="govuk-body">"You have no notes yet."</p> }
        >
            <ul class="govuk-list ts-notes">
                {move || notes().into_iter().map(|(id, title, waiting, conflict)| view! {
                    <li class="ts-notes__item">
                        <a class="govuk-link" href=format!("/notes/{id}")>{title}</a>
                        " "
                        {conflict.then(|| view! { <strong class="govuk-tag govuk-tag--red">"Needs you"</strong> })}
                        {(waiting && !conflict).then(|| view! { <strong class="govuk-tag govuk-tag--yellow">"Not sent yet"</strong> })}
                    </li>
                }).collect_view()}
            </ul>
        </Show>
    }
}

/// `/notes/new` makes the new note's id here, on the device, then edits it.
#[component]
pub fn NewNotePage() -> impl IntoView {
    let navigate = use_navigate();
    Effect::new(move || {
        navigate(
            &format!("/notes/{}", RecordId::new()),
            leptos_router::NavigateOptions {
                replace: true,
                ..Default::default()
            },
        );
    });
}

#[component]
pub fn NotePage() -> impl IntoView {
    view! { <Guard><NoteEditor /></Guard> }
}

#[component]
fn NoteEditor() -> impl IntoView {
    let sync = use_sync();
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").and_then(|s| s.parse::<RecordId>().ok()));
    // The form appears only once this device's data is open, so nothing typed can miss it.
    view! {
        <Show
            when=move || sync.state.with(Option::is_some) && id.get().is_some()
            fallback=|| view! { <p class="govuk-body">"Loading…"</p> }
        >
            {move || id.get().map(|id| view! { <NoteForm id /> })}
        </Show>
    }
}

/// The device's copy of a note (if any): whether changes to it wait, its server version, its content.
fn local_note(sync: crate::sync::Sync, id: RecordId) -> (bool, Option<i64>, Option<Note>) {
    sync.state.with(|s| {
        let Some(s) = s.as_ref() else {
            return (false, None, None);
        };
        let waiting = s.outbox.iter().any(|p| p.mutation.record_id == id);
        let record = s.records.get(&id);
        let note = record.and_then(|r| serde_json::from_value::<Note>(r.payload.clone()).ok());
        (waiting, record.and_then(|r| r.server_version), note)
    })
}

#[component]
fn NoteForm(id: RecordId) -> impl IntoView {
    let sync = use_sync();
    let session = use_session();
    let navigate = use_navigate();
    let (_, first_version, first_note) = untrack(|| local_note(sync, id));
    let first_note = first_note.unwrap_or_default();
    let title = RwSignal::new(first_note.title);
    let body = RwSignal::new(first_note.body);
    let errors = RwSignal::new(FieldErrors::new());
    // The rest of the form reads the id as the route gives it.
    let id = Memo::new(move |_| Some(id));

    // A newer copy from the server replaces what is shown, unless something typed here is waiting.
    let shown_version = RwSignal::new(first_version);
    Effect::new(move || {
        let Some(id) = id.get() else { return };
        let (waiting, version, note) = local_note(sync, id);
        if !waiting && version != shown_version.get_untracked() {
            shown_version.set(version);
            if let Some(note) = note {
                if note.title != title.get_untracked() {
                    title.set(note.title);
                }
                if note.body != body.get_untracked() {
                    body.set(note.body);
                }
            }
        }
    });
    let is_new = move || {
        id.get().is_none_or(|id| {
            sync.state
                .with(|s| s.as_ref().is_none_or(|s| !s.records.contains_key(&id)))
        })
    };
    Effect::new(move || {
        set_title(
            if is_new() { "New note" } else { "Edit note" },
            !errors.read().is_empty(),
        )
    });

    // Every change is saved on the device straight away, once the note has a title.
    let save = move || {
        let Some(id) = id.get_untracked() else { return };
        let note = Note {
            title: title.get_untracked(),
            body: body.get_untracked(),
        };
        match note.validate() {
            Ok(()) => {
                errors.set(FieldErrors::new());
                sync.put(
                    EntityKind::Note,
                    id,
                    serde_json::to_value(&note).unwrap_or_default(),
                );
            }
            Err(found) => errors.set(found),
        }
    };
    let status = move || {
        let id = id.get()?;
        sync.state.with(|s| {
            let s = s.as_ref()?;
            let record = s.records.get(&id)?;
            let waiting = s.outbox.iter().any(|p| p.mutation.record_id == id);
            Some(if record.conflict.is_some() {
                "This note was also changed elsewhere. Choose which copy to keep on the changes page."
                    .to_owned()
            } else if waiting {
                "Saved on this device. It will be sent to Touchstone when you are online.".to_owned()
            } else {
                "Saved and sent to Touchstone.".to_owned()
            })
        })
    };
    let remove = move |_| {
        if let Some(id) = id.get_untracked() {
            sync.delete(id);
            session.notify("/notes", "Note deleted".to_owned());
            navigate("/notes", Default::default());
        }
    };

    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <a href="/notes" class="govuk-back-link">"Back to my notes"</a>
                <h1 class="govuk-heading-l">{move || if is_new() { "New note" } else { "Edit note" }}</h1>
                <p class="govuk-body ts-note-status" role="status">{status}</p>
                <form novalidate on:submit=|ev| ev.prevent_default() on:input=move |_| save()>
                    <TextField id="title" label="Title" value=title errors=errors.into()
                        hint="Give your note a title to save it" />
                    <div class="govuk-form-group">
                        <label class="govuk-label" for="body">"Note"</label>
                        <textarea class="govuk-textarea" id="body" name="body" rows="10"
                            prop:value=move || body.get()
                            on:input=move |ev| body.set(event_target_value(&ev))></textarea>
                    </div>
                </form>
                <Show when=move || !is_new()>
                    <button type="button" class="govuk-button govuk-button--warning" on:click=remove.clone()>
                        "Delete note"
                    </button>
                </Show>
            </div>
        </div>
    }
}
