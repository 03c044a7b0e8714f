//! The sync state on every page: online or offline, how many changes wait, when the last sync
//! finished, and any problem with a way to act on it. Announced politely to screen readers.

use leptos::prelude::*;

use super::use_sync;

#[component]
pub fn SyncStatus() -> impl IntoView {
    let sync = use_sync();
    let waiting = move || sync.state.with(|s| s.as_ref().map_or(0, |s| s.waiting()));
    let problems = move || {
        sync.state
            .with(|s| s.as_ref().map_or(0, |s| s.problems().count()))
    };
    let loaded = move || sync.state.with(Option::is_some);
    // The bar is there from the first paint of a signed-in page, so the page does not jump down
    // when the sync engine's code and the device's data arrive a moment later. (When this device
    // cannot store anything, the banner below says so instead.) Not for someone yet to replace a
    // password an administrator chose: nothing of theirs is opened or synced until they do.
    let shown = move || {
        sync.session.user().is_some_and(|u| !u.must_change_password)
            && sync.storage_error.with(Option::is_none)
    };
    let summary = move || {
        if !loaded() {
            return "Opening what this device keeps…".to_owned();
        }
        let n = waiting();
        let changes = if n == 1 {
            "1 change".to_owned()
        } else {
            format!("{n} changes")
        };
        if !sync.online.get() {
            return if n == 0 {
                "You are offline. What you do is saved on this device.".to_owned()
            } else {
                format!("You are offline. {changes} saved on this device will be sent when you reconnect.")
            };
        }
        if sync.syncing.get() && n > 0 {
            return format!("Sending {changes}…");
        }
        match (n, sync.last_synced.get()) {
            (0, Some(time)) => format!("All changes sent. Last synced at {time}."),
            (0, None) => "Nothing waiting to be sent.".to_owned(),
            (_, Some(time)) => format!("{changes} not sent yet. Last synced at {time}."),
            (_, None) => format!("{changes} not sent yet."),
        }
    };
    let tag = move || {
        if !loaded() {
            ("govuk-tag govuk-tag--grey", "Opening".to_owned())
        } else if !sync.online.get() {
            ("govuk-tag govuk-tag--grey", "Offline".to_owned())
        } else if waiting() > 0 {
            ("govuk-tag govuk-tag--yellow", format!("{} waiting", waiting()))
        } else {
            ("govuk-tag govuk-tag--green", "Synced".to_owned())
        }
    };
    view! {
        <Show when=shown>
            <div class="ts-sync" role="status" aria-live="polite" aria-atomic="true">
                <div class="govuk-width-container ts-sync__inner">
                    {move || {
                        let (class, text) = tag();
                        view! { <strong class=class data-testid="sync-tag">{text}</strong> }
                    }}
                    // Offline, the count of waiting changes gets a tag of its own.
                    {move || (!sync.online.get() && waiting() > 0).then(|| view! {
                        <strong class="govuk-tag govuk-tag--yellow" data-testid="sync-waiting">
                            {format!("{} waiting", waiting())}
                        </strong>
                    })}
                    <span class="govuk-body-s ts-sync__text">{summary}</span>
                    {move || sync.directory.get().map(|text| view! {
                        <span class="govuk-body-s ts-sync__directory" data-testid="directory-age">{text}</span>
                    })}
                    {move || (problems() > 0).then(|| view! {
                        <a class="govuk-link govuk-body-s ts-sync__problems" href="/sync">
                            {match problems() { 1 => "1 change needs you".to_owned(), n => format!("{n} changes need you") }}
                        </a>
                    })}
                    {move || match sync.error.get() {
                        Some(e) => view! {
                            <span class="govuk-body-s ts-sync__error">{e}</span>
                            <button type="button" class="govuk-button govuk-button--secondary ts-sync__retry"
                                on:click=move |_| sync.sync_now()>"Try again now"</button>
                        }.into_any(),
                        None => view! {
                            <button type="button" class="govuk-button govuk-button--secondary ts-sync__retry"
                                disabled=move || !loaded() || !sync.online.get() || sync.syncing.get()
                                on:click=move |_| sync.sync_now()>"Sync now"</button>
                        }.into_any(),
                    }}
                </div>
            </div>
        </Show>
        {move || sync.storage_error.get().map(|e| view! {
            <div class="govuk-width-container">
                <div class="govuk-notification-banner" role="alert" aria-labelledby="storage-error-title">
                    <div class="govuk-notification-banner__header">
                        <h2 class="govuk-notification-banner__title" id="storage-error-title">"Important"</h2>
                    </div>
                    <div class="govuk-notification-banner__content">
                        <p class="govuk-notification-banner__heading">{e}</p>
                        <p class="govuk-body">"Changes cannot be kept offline in this browser. Stay online, or use a browser window that is not private."</p>
                    </div>
                </div>
            </div>
        })}
    }
}
