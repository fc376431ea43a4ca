//! Helpers shared by the test modules: contracts as the portal makes them (`contracts`), calling the API as the portals do (`graphql`), fixed
//! times (`time`), the meeting operations other domains build on (`meetings`), running the
//! outbox worker and reading the alerts it leaves (`outbox`), and the schema as data for the
//! tests that walk every field (`schema_walk`), and files sent and read (`uploads`).

pub(crate) mod contracts;
pub(crate) mod graphql;
pub(crate) mod meetings;
pub(crate) mod outbox;
pub(crate) mod schema_walk;
pub(crate) mod time;
pub(crate) mod uploads;
