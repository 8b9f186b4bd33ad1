#![recursion_limit = "256"]
//! Khabar's server: renders the app, serves its server fns, and owns the
//! data layer behind the app's Store port.

pub mod cli;
pub mod config;
pub mod connections;
pub mod content;
pub mod feeds;
pub mod http;
pub mod logging;
pub mod lru;
pub mod mail;
pub mod metrics;
pub mod pwa;
pub mod schedule;
pub mod startup;
pub mod state;
pub mod store;
pub mod sweeper;
