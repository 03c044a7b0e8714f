//! Editing a form on the device: each change is checked (`validate`: what every save needs) and,
//! if it passes, saved at once, so nothing typed is lost to a closed tab or a dropped signal.
//! Fields bind to one part of the draft.

use std::sync::Arc;

use leptos::prelude::*;
use shared::api::risk_enablement::{RiskEnablement, Section};
use shared::risk::scoring::Matrix;
use shared::validate::Validate;
use shared::{FieldErrors, RecordId};

use super::{Local, NotHere, one, save};
use crate::components::fields::{Bound, Choice};
use crate::sync::{Sync as Syncing, use_sync};

type Reader<T> = Arc<dyn Fn(&RiskEnablement) -> T + Send + Sync>;
type Writer<T> = Arc<dyn Fn(&mut RiskEnablement, T) + Send + Sync>;

/// Every value of a choice, labelled, by position: the form's radios and checkboxes all hold
/// positions, so one copy of each serves them all.
pub fn choices<T: Copy>(all: &[T], label: fn(T) -> &'static str) -> Vec<Choice<usize>> {
    all.iter()
        .enumerate()
        .map(|(i, v)| Choice::new(i, i.to_string(), label(*v)))
        .collect()
}

/// Yes and no, by position (0 yes, 1 no: keyed "yes" and "no").
pub const YES_NO: &[bool] = &[true, false];

pub fn yes_no() -> Vec<Choice<usize>> {
    vec![Choice::new(0, "yes", "Yes"), Choice::new(1, "no", "No")]
}

/// One form being edited on this page.
#[derive(Clone, Copy)]
pub struct Editor {
    pub id: RecordId,
    pub draft: RwSignal<RiskEnablement>,
    pub errors: RwSignal<FieldErrors>,
    sync: Syncing,
}

impl Editor {
    pub fn new(id: RecordId, first: RiskEnablement) -> Self {
        Editor {
            id,
            draft: RwSignal::new(first),
            errors: RwSignal::new(FieldErrors::new()),
            sync: use_sync(),
        }
    }

    /// Changes the draft and saves it on the device, unless it is not fit to save (then its
    /// problems show on their fields).
    pub fn change(self, edit: impl FnOnce(&mut RiskEnablement)) {
        self.draft.update(edit);
        self.commit();
    }

    // Apart from `change`, so that each kind of edit does not get a copy of it.
    #[inline(never)]
    fn commit(self) {
        let current = self.draft.get_untracked();
        match current.validate() {
            Ok(()) => {
                self.errors.set(FieldErrors::new());
                save(self.sync, self.id, &current);
            }
            Err(found) => self.errors.set(found),
        }
    }

    /// A field's value: read from the draft, written back to it.
    pub fn bind<T: Clone + Send + Sync + 'static>(
        self,
        get: impl Fn(&RiskEnablement) -> T + Send + Sync + 'static,
        set: impl Fn(&mut RiskEnablement, T) + Send + Sync + 'static,
    ) -> Bound<T> {
        self.bind_dyn(Arc::new(get), Arc::new(set))
    }

    // Called through pointers, so that the form's many fields share one copy of this for each
    // type of value rather than one each (the pages' chunk was twice its budget).
    #[inline(never)]
    fn bind_dyn<T: Clone + Send + Sync + 'static>(self, get: Reader<T>, set: Writer<T>) -> Bound<T> {
        Bound::new(
            move || self.draft.with(|d| get(d)),
            move |value: T| {
                let set = set.clone();
                self.change(move |d| set(d, value))
            },
        )
    }

    /// One of `all`, as the position a radios field shows.
    pub fn one_of<T: Copy + PartialEq + Send + Sync + 'static>(
        self,
        all: &'static [T],
        get: impl Fn(&RiskEnablement) -> Option<T> + Send + Sync + 'static,
        set: impl Fn(&mut RiskEnablement, Option<T>) + Send + Sync + 'static,
    ) -> Bound<Option<usize>> {
        self.bind(
            move |d| get(d).and_then(|v| all.iter().position(|x| *x == v)),
            move |d, i: Option<usize>| set(d, i.and_then(|i| all.get(i).copied())),
        )
    }

    /// Any of `all`, as the positions a checkboxes field shows.
    pub fn any_of<T: Copy + PartialEq + Send + Sync + 'static>(
        self,
        all: &'static [T],
        get: impl Fn(&RiskEnablement) -> Vec<T> + Send + Sync + 'static,
        set: impl Fn(&mut RiskEnablement, Vec<T>) + Send + Sync + 'static,
    ) -> Bound<Vec<usize>> {
        self.bind(
            move |d| {
                get(d)
                    .iter()
                    .filter_map(|v| all.iter().position(|x| x == v))
                    .collect()
            },
            move |d, picked: Vec<usize>| set(d, picked.iter().filter_map(|i| all.get(*i).copied()).collect()),
        )
    }
}

/// The council's matrix, as kept on this device (the server's, fetched at sign-in).
pub fn matrix() -> Matrix {
    crate::store::risk_matrix::current()
}

pub fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

/// What still stops `form` being sent, by field.
pub fn gaps(form: &RiskEnablement) -> FieldErrors {
    form.ready_for_review(&matrix(), today())
        .err()
        .unwrap_or_default()
}

/// A section's words and address.
pub fn title(section: Section) -> &'static str {
    match section {
        Section::Conversation => "This conversation",
        Section::Wants => "What they want, and why",
        Section::Strengths => "What is strong",
        Section::Benefits => "What will be better",
        Section::Risks => "What could go wrong",
        Section::NotDoing => "If they do not do it",
        Section::Safer => "What will make it safer",
        Section::Views => "What others think",
        Section::Deciding => "Deciding",
        Section::Plan => "The plan",
    }
}

pub fn slug(section: Section) -> &'static str {
    match section {
        Section::Conversation => "conversation",
        Section::Wants => "wants",
        Section::Strengths => "strengths",
        Section::Benefits => "benefits",
        Section::Risks => "risks",
        Section::NotDoing => "not-doing",
        Section::Safer => "safer",
        Section::Views => "views",
        Section::Deciding => "deciding",
        Section::Plan => "plan",
    }
}

/// The form `id` as this device holds it, tracked.
pub fn found(id: Option<RecordId>) -> Memo<Option<Local>> {
    let sync = use_sync();
    Memo::new(move |_| id.and_then(|id| one(sync, id)))
}

/// Shows `page` with the form `id` as it was when the page opened (built again only when
/// another form, or whether it may be edited, changes), or why it cannot.
pub fn with_form(
    id: Option<RecordId>,
    page: impl Fn(Local) -> AnyView + Send + Sync + 'static,
) -> impl IntoView {
    let sync = use_sync();
    let local = found(id);
    let key = Memo::new(move |_| local.with(|l| l.as_ref().map(|l| (l.id, l.editable))));
    move || match key.get() {
        Some(_) => untrack(|| local.get()).map_or_else(|| ().into_any(), &page),
        None => view! { <NotHere loading=sync.opening() /> }.into_any(),
    }
}

/// The person as the pages name them: the name they use, or "the person".
pub fn person(form: &RiskEnablement) -> String {
    match form.known_as.trim() {
        "" => "the person".to_owned(),
        name => name.to_owned(),
    }
}
