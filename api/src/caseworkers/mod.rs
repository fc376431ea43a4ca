//! Job-centre staff (caseworkers and managers): who is signed in, and their colleagues.

pub mod service;
pub mod views;
