//! What the page hands the service worker's driver: how to take in what
//! the browser and the worker report.

use std::rc::Rc;

use crate::browser::messages::FromWorker;

/// What the page does with what the browser and the worker report.
#[derive(Clone)]
pub struct Handlers {
    /// The connection came or went (`true`: online); also called at start.
    pub connection: Rc<dyn Fn(bool)>,
    /// Whether the page is online now (for the link handler).
    pub is_online: Rc<dyn Fn() -> bool>,
    /// A message from the worker.
    pub message: Rc<dyn Fn(FromWorker)>,
    /// A worker is active for the site.
    pub ready: Rc<dyn Fn()>,
    /// A new version installed and waits for the reader's go.
    pub update_waiting: Rc<dyn Fn()>,
    /// Bytes the site stores on the device, as the browser estimates them.
    pub usage: Rc<dyn Fn(Option<f64>)>,
}
