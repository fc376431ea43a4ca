//! Health information (UC2): requests to clinicians, their state and thread.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

text_enum! {
    /// Who is asked for health information.
    pub enum HealthRecipientKind {
        /// The citizen's own doctor (praktiserende læge).
        GeneralPractitioner = "GENERAL_PRACTITIONER",
        /// A hospital department.
        Hospital = "HOSPITAL",
        /// A specialist (speciallæge).
        Specialist = "SPECIALIST",
        /// A psychologist.
        Psychologist = "PSYCHOLOGIST",
    }
}

text_enum! {
    /// Where a request for health information stands, as stored.
    pub enum HealthRequestState {
        /// Sent to the clinician; no answer yet.
        Requested = "REQUESTED",
        /// The clinician's document arrived; it is being filed on the case.
        Received = "RECEIVED",
        /// The document is filed on the case.
        Filed = "FILED",
    }
}

text_enum! {
    /// Who wrote a message in a request's thread.
    pub enum HealthMessageSender {
        /// The caseworker on the case.
        Caseworker = "CASEWORKER",
        /// The clinician asked.
        Clinician = "CLINICIAN",
    }
}
