//! The profile fields shared by "Add a user" and "Change a user".

use leptos::prelude::*;
use shared::api::teams::Team;
use shared::api::users::{User, UserProfile};
use shared::{FieldErrors, PcfLevel, Role};

use crate::components::fields::{CheckboxField, Checkboxes, Choice, SelectField, TextField};

/// Field ids in page order, for the error summary.
pub const FIELD_ORDER: &[&str] = &[
    "display_name",
    "email",
    "roles",
    "team_id",
    "pcf_level",
    "active",
    "password",
];

#[derive(Debug, Clone, Copy)]
pub struct ProfileForm {
    pub display_name: RwSignal<String>,
    pub email: RwSignal<String>,
    pub roles: RwSignal<Vec<String>>,
    pub team_id: RwSignal<String>,
    pub pcf_level: RwSignal<String>,
    pub active: RwSignal<bool>,
}

impl ProfileForm {
    pub fn new() -> Self {
        Self {
            display_name: RwSignal::new(String::new()),
            email: RwSignal::new(String::new()),
            roles: RwSignal::new(Vec::new()),
            team_id: RwSignal::new(String::new()),
            pcf_level: RwSignal::new(String::new()),
            active: RwSignal::new(true),
        }
    }

    pub fn fill(&self, user: &User) {
        self.display_name.set(user.display_name.clone());
        self.email.set(user.email.clone());
        self.roles
            .set(user.roles.iter().map(|r| r.as_str().to_owned()).collect());
        self.team_id
            .set(user.team_id.map(|t| t.to_string()).unwrap_or_default());
        self.pcf_level
            .set(user.pcf_level.map(|l| l.as_str().to_owned()).unwrap_or_default());
        self.active.set(user.active);
    }

    /// The form as the API type. The choices come from fixed lists, so parsing cannot fail for a
    /// person; anything odd is dropped and then caught by validation.
    pub fn profile(&self) -> UserProfile {
        UserProfile {
            email: self.email.get_untracked(),
            display_name: self.display_name.get_untracked(),
            roles: self
                .roles
                .get_untracked()
                .iter()
                .filter_map(|r| r.parse::<Role>().ok())
                .collect(),
            team_id: self.team_id.get_untracked().parse().ok(),
            pcf_level: self.pcf_level.get_untracked().parse::<PcfLevel>().ok(),
            active: self.active.get_untracked(),
        }
    }
}

impl Default for ProfileForm {
    fn default() -> Self {
        Self::new()
    }
}

#[component]
pub fn ProfileFields(
    form: ProfileForm,
    #[prop(into)] teams: Signal<Vec<Team>>,
    #[prop(into)] errors: Signal<FieldErrors>,
    /// New users are always active; only the change page offers deactivation.
    show_active: bool,
) -> impl IntoView {
    let team_options = Signal::derive(move || {
        let mut options = vec![(String::new(), "No team".to_owned())];
        options.extend(
            teams
                .get()
                .into_iter()
                .filter(|t| t.active || form.team_id.get() == t.id.to_string())
                .map(|t| (t.id.to_string(), format!("{} ({})", t.name, t.service_area))),
        );
        options
    });
    let level_options = Signal::derive(|| {
        let mut options = vec![(String::new(), "Not set".to_owned())];
        options.extend(
            PcfLevel::ALL
                .iter()
                .map(|l| (l.as_str().to_owned(), l.label().to_owned())),
        );
        options
    });
    let role_options = Role::ALL
        .iter()
        .map(|r| Choice::new(r.as_str().to_owned(), r.as_str(), r.label()))
        .collect::<Vec<_>>();
    view! {
        <TextField id="display_name" label="Full name" value=form.display_name errors autocomplete="off" />
        <TextField id="email" label="Email address" value=form.email errors input_type="email" autocomplete="off" />
        <Checkboxes id="roles" legend="Roles" choices=role_options value=form.roles errors
            hint="Select all that apply" class="govuk-checkboxes--small" />
        <SelectField id="team_id" label="Team" options=team_options value=form.team_id errors />
        <SelectField id="pcf_level" label="Career level (PCF)" options=level_options value=form.pcf_level errors />
        {show_active.then(|| view! {
            <CheckboxField id="active" label="Account is active" checked=form.active errors
                hint="Unticking this signs the person out everywhere and stops them signing in." />
        })}
    }
}
