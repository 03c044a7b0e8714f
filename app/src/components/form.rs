//! The life of a form submission, the same on every page: check with the shared `validate()`,
//! send, then show the server's field errors beside the fields and anything else in the summary.

use std::future::Future;

use leptos::prelude::*;
use shared::FieldErrors;
use shared::validate::Validate;

use crate::api::ApiError;

#[derive(Debug, Clone, Copy)]
pub struct FormState {
    pub errors: RwSignal<FieldErrors>,
    /// A problem not about one field (the server could not be reached).
    pub general: RwSignal<Option<String>>,
    /// True while a request is on its way; the submit button is disabled meanwhile.
    pub busy: RwSignal<bool>,
}

impl FormState {
    pub fn new() -> Self {
        Self {
            errors: RwSignal::new(FieldErrors::new()),
            general: RwSignal::new(None),
            busy: RwSignal::new(false),
        }
    }

    /// Whether anything is shown in the error summary (tracked, for the page title).
    pub fn has_errors(&self) -> bool {
        !self.errors.read().is_empty() || self.general.read().is_some()
    }

    /// Validates `input`; if it passes, sends it and calls `done` with the answer. Nothing is sent
    /// while the form has field errors, and the form keeps what the person typed on any failure.
    pub fn submit<T, R, Fut>(
        self,
        input: T,
        send: impl FnOnce(T) -> Fut + 'static,
        done: impl FnOnce(R) + 'static,
    ) where
        T: Validate + 'static,
        R: 'static,
        Fut: Future<Output = Result<R, ApiError>> + 'static,
    {
        self.general.set(None);
        if let Err(found) = input.validate() {
            self.errors.set(found);
            return;
        }
        self.errors.set(FieldErrors::new());
        self.busy.set(true);
        leptos::task::spawn_local(async move {
            match send(input).await {
                Ok(answer) => done(answer),
                Err(e) if !e.fields().is_empty() => self.errors.set(e.fields()),
                Err(e) => self.general.set(Some(e.message())),
            }
            self.busy.set(false);
        });
    }
}

impl Default for FormState {
    fn default() -> Self {
        Self::new()
    }
}
