//! Consents (samtykke): the citizen's own record of what may be shared, separate from the plan
//! (`003:602-648`); they unlock sharing such as a CV with companies (`004:272-294`).

pub mod events;
pub mod loader;
pub mod mutation;
pub mod scope;
pub mod service;
pub mod types;
pub mod views;

use jobbro_entities::enums::ConsentPurpose;

/// A purpose in words, for letters.
pub fn purpose_text(purpose: ConsentPurpose) -> &'static str {
    match purpose {
        ConsentPurpose::ShareCvWithCompanies => "at dit CV vises for virksomheder med ledige job",
        ConsentPurpose::ShareDataAfterMoving => {
            "at dine oplysninger følger med til jobcenteret i en ny kommune"
        }
    }
}
