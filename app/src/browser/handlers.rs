//! What the page hands the service worker's driver: how to take in what
//! the browser and the worker report.

use crate::browser::messages::FromWorker;

/// What the page does with what the browser and the worker report. A
/// `Copy` value, so every listener the driver sets up holds its own.
pub trait WorkerEvents: Copy + 'static {
    /// The connection came or went (`true`: online); also called at start.
    fn connection(self, online: bool);
    /// Whether the page is online now (for the link handler).
    fn is_online(self) -> bool;
    /// A message from the worker.
    fn message(self, message: FromWorker);
    /// A worker is active for the site.
    fn ready(self);
    /// A new version installed and waits for the reader's go.
    fn update_waiting(self);
    /// Bytes the site stores on the device, as the browser estimates them.
    fn usage(self, bytes: Option<f64>);
}
