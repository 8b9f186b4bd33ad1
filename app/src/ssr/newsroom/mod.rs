//! The newsroom on the server: who is staff and with which role, its
//! stories, the audit log, comparisons of revisions, and the check every
//! newsroom server fn makes before it does anything.

pub mod access;
pub mod diff;
pub mod store;
pub mod stories;
