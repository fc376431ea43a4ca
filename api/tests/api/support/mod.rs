//! Helpers shared by the test modules: calling the API as the portals do (`graphql`), fixed
//! times (`time`), the meeting operations other domains build on (`meetings`), and running the
//! outbox worker and reading the alerts it leaves (`outbox`).

pub(crate) mod graphql;
pub(crate) mod meetings;
pub(crate) mod outbox;
pub(crate) mod time;
