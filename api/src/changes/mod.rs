//! Change requests on offers (rule 8, `003:1380-1463`): changing or ending an offer is a request
//! from the provider to the job centre, never a supplier report; the job centre answers within
//! three Danish workdays, the clock paused while it records that it cannot reach the citizen.
//! Until it decides, the offer runs on as ordered and the citizen must attend (`003:1416-1420`);
//! absence and no-show notices meanwhile name the request, and a hearing request waits for the
//! decision (`003:1439-1451`). Ending an offer needs a conversation with the citizen and takes
//! effect through a new plan version (`003:1395-1398`, rule 5).

pub mod events;
pub mod mutation;
pub mod service;
pub mod views;
