//! Each choice of a risk enablement form in words, with every value in the order a page offers
//! them: the same words on the form, in its print and in its plain text.

use crate::api::risk_enablement::{Agrees, CopyGiven, Source, ToWhom, TookPart, Trigger, Wellbeing};
use crate::risk::capacity::DoubtReason;

/// Generates `ALL` and `label` for a form's choice.
macro_rules! labelled {
    ($name:ident { $($variant:ident => $label:literal,)+ }) => {
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label,)+ }
            }
        }
    };
}

labelled!(TookPart {
    OwnWords => "In their own words",
    WithFamilyOrFriend => "With a family member or friend",
    Interpreter => "With an interpreter",
    Advocate => "With an advocate",
    Other => "Another way",
});

labelled!(Wellbeing {
    Dignity => "Dignity: being treated with respect",
    Health => "Physical and mental health, and emotional wellbeing",
    Protection => "Protection from abuse and neglect",
    Control => "Control over day-to-day life",
    Participation => "Work, education, training or recreation",
    SocialAndEconomic => "Social and economic wellbeing",
    Relationships => "Family and personal relationships",
    Accommodation => "Suitable accommodation",
    Contribution => "Contributing to society",
});

labelled!(ToWhom {
    ThePerson => "The person",
    Carer => "A carer or family member",
    Others => "Other people",
    Staff => "Staff",
});

labelled!(Source {
    FamilyAndPrivateLife => "Family and private life",
    Community => "The community",
    Services => "Services and support",
    SelfNeglect => "Self-neglect",
    TheActivity => "The activity itself",
});

labelled!(Agrees {
    Yes => "Agrees",
    Partly => "Partly agrees",
    No => "Does not agree",
    NotAsked => "Not asked",
});

labelled!(Trigger {
    Incident => "An incident or a near miss",
    HealthChange => "Their health changes",
    PersonAsks => "They ask for a review",
    CarerWorried => "A carer or family member is worried",
    WarningSign => "A warning sign the plan names",
});

labelled!(CopyGiven {
    Printed => "Yes, printed",
    Emailed => "Yes, by email",
    EasyRead => "Yes, in easy read",
    Declined => "They did not want one",
    NotYet => "Not yet",
});

labelled!(DoubtReason {
    SeemedConfused => "They seemed confused about this decision",
    KnownCondition => "A known condition may affect this decision",
    Behaviour => "Something they did or said",
    OthersConcerned => "Others who know them are concerned",
    SeemsUnwise => "The decision seems unwise",
    Other => "Another reason",
});
