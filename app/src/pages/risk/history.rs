//! `/risk/:id/history`: the versions the form kept at each change of stage (who and when), and
//! who has read it, when and from where — the form's own access history, for its author and
//! the managers of their team. Both come from the server, so this page needs a connection.

use leptos::prelude::*;
use shared::RecordId;
use shared::api::record_history::{AccessHistory, ReadVia, Versions};

use crate::components::summary::{Caption, Column, Head, table};
use crate::state::set_title;

#[component]
pub fn HistoryPage(id: Option<RecordId>) -> impl IntoView {
    set_title("Versions and reads", false);
    let data = LocalResource::new(move || async move {
        let Some(id) = id else {
            return Err("This form does not exist.".to_owned());
        };
        let versions = crate::api::sync::versions(id).await.map_err(|e| e.message())?;
        // Only the author and their managers see the reads; a colleague sees the versions.
        let reads = crate::api::sync::access_history(id).await.ok();
        Ok::<_, String>((versions, reads))
    });
    let back = id.map_or_else(|| "/risk".to_owned(), |id| format!("/risk/{id}"));
    view! {
        <a href=back class="govuk-back-link">"Back to the form"</a>
        <h1 class="govuk-heading-l">"Versions and reads"</h1>
        <Suspense fallback=|| view! { <p class="govuk-body">"Loading…"</p> }>
            {move || data.get().map(|answer| match answer {
                Err(message) => view! {
                    <p class="govuk-body">{message}</p>
                    <p class="govuk-body">"The history is kept on Touchstone: connect to the internet to see it."</p>
                }.into_any(),
                Ok((versions, reads)) => view! { {versions_table(versions)}{reads_table(reads)} }.into_any(),
            })}
        </Suspense>
    }
}

fn when(at: chrono::DateTime<chrono::Utc>) -> String {
    at.with_timezone(&chrono::Local)
        .format("%-d %B %Y, %H:%M")
        .to_string()
}

fn versions_table(v: Versions) -> AnyView {
    if v.versions.is_empty() {
        return view! { <p class="govuk-body">"No version is kept yet: one is kept each time the form is sent, returned, agreed, brought forward or closed."</p> }.into_any();
    }
    let head = Head::new(vec![Column::new("Stage"), Column::new("By"), Column::new("When")])
        .caption("Versions", Caption::M)
        .class("ts-table--responsive");
    let rows = v
        .versions
        .into_iter()
        .map(|x| {
            let stage = x.status.replace('_', " ");
            view! {
                <tr class="govuk-table__row">
                    <td class="govuk-table__cell" data-label="Stage">{stage}</td>
                    <td class="govuk-table__cell" data-label="By">{x.by}</td>
                    <td class="govuk-table__cell" data-label="When">{when(x.at)}</td>
                </tr>
            }
        })
        .collect_view();
    table(head, rows).into_any()
}

fn reads_table(reads: Option<AccessHistory>) -> AnyView {
    let Some(reads) = reads else {
        return view! { <p class="govuk-body">"Who has read it is shown to its author and the managers of their team."</p> }.into_any();
    };
    let head = Head::new(vec![
        Column::new("Who"),
        Column::new("When"),
        Column::new("How"),
        Column::new("From"),
    ])
    .caption("Who has read it", Caption::M)
    // A phone shows each read as a card: the browser's name alone is wider than its screen.
    .class("ts-table--responsive");
    let rows = reads
        .reads
        .into_iter()
        .map(|r| {
            let how = match r.via {
                ReadVia::Server => "From Touchstone",
                ReadVia::Device => "On their device",
            };
            let from = [r.address, r.agent]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(", ");
            view! {
                <tr class="govuk-table__row">
                    <td class="govuk-table__cell" data-label="Who">{r.reader}</td>
                    <td class="govuk-table__cell" data-label="When">{when(r.read_at)}</td>
                    <td class="govuk-table__cell" data-label="How">{how}</td>
                    <td class="govuk-table__cell" data-label="From">{from}</td>
                </tr>
            }
        })
        .collect_view();
    table(head, rows).into_any()
}
