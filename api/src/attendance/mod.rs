//! Attendance at offers (fremmøde, UC5 `000:197-198`): the provider records each day of an
//! order (attended with hours, absent sick, absent with leave, no-show); both sides read the
//! days and the delivered hours against the ordered ones per ISO week; two weeks of delivery
//! under the service's threshold alert the caseworker (`000:189-191`). Built on the providers'
//! orders and the citizens' absences, which it depends on and neither of which depends on it.

pub mod mutation;
pub mod service;
pub mod views;
