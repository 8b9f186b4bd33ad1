//! A pretend browser for router tests: keeps the session cookie, sends the
//! headers a same-origin page would, and comes from an address of its own
//! (through a trusted proxy), so throttling can be seen per client.

use std::net::SocketAddr;

use axum::Router;
use axum::body::Body;
use axum::extract::connect_info::MockConnectInfo;
use axum::http::{HeaderMap, Request, StatusCode, header};
use http_body_util::BodyExt;
use tower::ServiceExt;

/// The proxy every test request arrives through (see `proxied_app`).
pub const PROXY: &str = "10.9.8.7";

pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Answer {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    pub fn cookies(&self) -> Vec<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok().map(str::to_owned))
            .collect()
    }
}

#[derive(Clone)]
pub struct Browser {
    app: Router,
    pub session: Option<String>,
    /// The device cookie: "this browser signed in here before".
    pub device: Option<String>,
    /// Sent as User-Agent when set.
    pub user_agent: Option<String>,
    pub address: String,
    pub cookie_name: String,
    pub origin: String,
}

impl Browser {
    /// `app` must come from `proxied_app` so the address is believed.
    pub fn new(app: &Router, address: &str, https: bool) -> Browser {
        Browser {
            app: app.clone(),
            session: None,
            device: None,
            user_agent: None,
            address: address.to_owned(),
            cookie_name: if https {
                "__Host-khabar_session".into()
            } else {
                "khabar_session".into()
            },
            origin: if https {
                "https://news.example.org".into()
            } else {
                "http://news.example.org".into()
            },
        }
    }

    /// The same reader on another device: same address, no cookie.
    pub fn second_device(&self) -> Browser {
        Browser {
            session: None,
            device: None,
            ..self.clone()
        }
    }

    /// The name of the device cookie on this site.
    fn device_cookie(&self) -> String {
        self.cookie_name.replace("_session", "_device")
    }

    async fn send(&mut self, request: axum::http::request::Builder, body: Body) -> Answer {
        let mut request = request.header("x-forwarded-for", &self.address).header(
            header::HOST,
            self.origin.split("://").nth(1).unwrap_or_default(),
        );
        if let Some(agent) = &self.user_agent {
            request = request.header(header::USER_AGENT, agent);
        }
        let mut cookies = Vec::new();
        if let Some(session) = &self.session {
            cookies.push(format!("{}={session}", self.cookie_name));
        }
        if let Some(device) = &self.device {
            cookies.push(format!("{}={device}", self.device_cookie()));
        }
        if !cookies.is_empty() {
            request = request.header(header::COOKIE, cookies.join("; "));
        }
        let response = self
            .app
            .clone()
            .oneshot(request.body(body).expect("request"))
            .await
            .expect("response");
        let (parts, body) = response.into_parts();
        let bytes = body.collect().await.expect("body").to_bytes();
        let answer = Answer {
            status: parts.status,
            headers: parts.headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        };
        let prefix = format!("{}=", self.cookie_name);
        let device_prefix = format!("{}=", self.device_cookie());
        for cookie in answer.cookies() {
            let kept = |rest: &str| {
                let value = rest.split(';').next().unwrap_or_default();
                (!cookie.contains("Max-Age=0") && !value.is_empty()).then(|| value.to_owned())
            };
            if let Some(rest) = cookie.strip_prefix(&prefix) {
                self.session = kept(rest);
            } else if let Some(rest) = cookie.strip_prefix(&device_prefix) {
                self.device = kept(rest);
            }
        }
        answer
    }

    pub async fn get(&mut self, path: &str) -> Answer {
        self.send(
            Request::get(path).header(header::ACCEPT, "text/html"),
            Body::empty(),
        )
        .await
    }

    /// A read from the app (a GET server fn): wants JSON back, as the
    /// app's fetch asks for it.
    pub async fn fetch(&mut self, path: &str) -> Answer {
        self.send(
            Request::get(path).header(header::ACCEPT, "application/json"),
            Body::empty(),
        )
        .await
    }

    /// A call from the app: a same-origin fetch that wants JSON back.
    pub async fn call(&mut self, path: &str, form: &[(&str, &str)]) -> Answer {
        let body = form_body(form);
        self.post_raw(path, body.into_bytes(), &[("accept", "application/json")])
            .await
    }

    /// A plain form post from one of our pages (no JavaScript).
    pub async fn submit(&mut self, path: &str, form: &[(&str, &str)], from_page: &str) -> Answer {
        let body = form_body(form);
        let referer = format!("{}{from_page}", self.origin);
        self.post_raw(
            path,
            body.into_bytes(),
            &[
                ("accept", "text/html,application/xhtml+xml"),
                ("referer", &referer),
            ],
        )
        .await
    }

    /// Any POST: same-origin unless `extra` says otherwise.
    pub async fn post_raw(&mut self, path: &str, body: Vec<u8>, extra: &[(&str, &str)]) -> Answer {
        let mut request =
            Request::post(path).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        let overrides_site = extra.iter().any(|(k, _)| {
            k.eq_ignore_ascii_case("origin") || k.eq_ignore_ascii_case("sec-fetch-site")
        });
        if !overrides_site {
            request = request
                .header(header::ORIGIN, &self.origin)
                .header("sec-fetch-site", "same-origin");
        }
        for (name, value) in extra {
            if !value.is_empty() {
                request = request.header(*name, *value);
            }
        }
        self.send(request, Body::from(body)).await
    }
}

pub fn form_body(form: &[(&str, &str)]) -> String {
    form.iter()
        .map(|(k, v)| {
            format!(
                "{}={}",
                app::routes::url_encode(k),
                app::routes::url_encode(v)
            )
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// The app as a trusted proxy at [`PROXY`] would reach it.
pub fn proxied(app: Router) -> Router {
    let proxy: std::net::IpAddr = PROXY.parse().expect("ip");
    app.layer(MockConnectInfo(SocketAddr::new(proxy, 443)))
}
