//! Reflective notes: the first records that live on the device and sync. Every change saves
//! itself here at once (no save button) and is sent when there is a connection.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};
use shared::api::notes::{BODY_MAX, Note};
use shared::validate::Validate;
use shared::{FieldErrors, RecordId};

use crate::components::fields::{TextArea, TextField};
use crate::components::guard::Guard;
use crate::components::notices::FlashBanner;
use crate::state::{set_title, use_session};
use crate::store::records;
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
        let mut notes = records::all::<Note>(sync);
        // Newest first: ids are time-ordered.
        notes.sort_by_key(|n| std::cmp::Reverse(n.id));
        notes
            .into_iter()
            .map(|n| (n.id, n.record.title, n.waiting, n.conflict))
            .collect::<Vec<_>>()
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
    records::one::<Note>(sync, id).map_or((false, None, None), |n| {
        (n.waiting, n.server_version, Some(n.record))
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
    let is_new = move || id.get().is_none_or(|id| !records::known(sync, id));
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
                records::save(sync, id, &note);
            }
            Err(found) => errors.set(found),
        }
    };
    let status = move || {
        let note = records::one::<Note>(sync, id.get()?)?;
        Some(if note.conflict {
            "This note was also changed elsewhere. Choose which copy to keep on the changes page."
        } else {
            note.saved_status()
        })
    };
    let remove = move |_| {
        if let Some(id) = id.get_untracked() {
            records::delete(sync, id);
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
                    <TextField id="title" label="Title" value=title errors=errors
                        hint="Give your note a title to save it" />
                    <TextArea id="body" label="Note" rows=10 max=BODY_MAX value=body errors />
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
