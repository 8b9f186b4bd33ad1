//! Reader accounts on the server: passwords, sessions, throttling, mail,
//! and the storage port the server fns in `api::accounts` and
//! `api::reading_list` use. The values that cross the wire are in `wire`.

pub mod device;
pub mod limits;
pub mod mail;
pub mod password;
pub mod session;
pub mod store;
pub mod tally;
pub mod throttle;
