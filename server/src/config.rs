//! Environment → typed settings.

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use leptos::config::{LeptosOptions, get_configuration};

/// Everything the server reads from its environment.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Address, site root and asset names (`LEPTOS_SITE_ADDR`, `LEPTOS_SITE_ROOT`, …).
    pub leptos: LeptosOptions,
    /// `DATABASE_URL`; default: an SQLite file `khabar.db` in the working directory.
    pub database_url: String,
    /// `SITE_URL`: the public origin used in canonical and sharing links;
    /// default `http://{LEPTOS_SITE_ADDR}`.
    pub site_url: String,
    /// `KHABAR_DEMO_CONTENT=off` starts with an empty database.
    pub load_demo_content: bool,
    /// `SMTP_URL`: where mail goes (lettre's URL form); unset keeps it in the
    /// outbox table and the log.
    pub smtp_url: Option<String>,
    /// `MAIL_FROM`: the sender of account emails.
    pub mail_from: String,
    /// `KHABAR_TRUSTED_PROXIES`: comma-separated addresses of reverse
    /// proxies whose `X-Forwarded-For` is believed. Empty: none.
    pub trusted_proxies: Vec<IpAddr>,
    /// The rendered-page cache: `KHABAR_PAGE_CACHE=off` turns it off,
    /// `KHABAR_PAGE_CACHE_MB` bounds its memory (default 64),
    /// `KHABAR_PAGE_CACHE_MAX_AGE` is the longest a page is kept without
    /// being rendered again, in seconds (default 120).
    pub page_cache: CacheSettings,
    /// The read cache (the Store's answers for shared pages, kept until
    /// the content changes): `KHABAR_READ_CACHE=off`, `KHABAR_READ_CACHE_MB`
    /// (default 16), `KHABAR_READ_CACHE_MAX_AGE` (default 120). Turned off,
    /// signed-in readers' look-ups are not kept either (`SessionCache`).
    pub read_cache: CacheSettings,
    /// Slow clients and shutdown: `KHABAR_HEADER_TIMEOUT` (seconds a
    /// connection may take to send a request's headers, idle keep-alive
    /// included; default 15) and `KHABAR_SHUTDOWN_GRACE` (seconds requests
    /// in flight may still run after SIGTERM; default 10).
    pub connections: ConnectionLimits,
    /// `KHABAR_BODY_TIMEOUT`: seconds a client has to send a request's
    /// whole body once its headers are in (default 30).
    pub body_timeout: Duration,
    /// Load shedding: `KHABAR_MAX_IN_FLIGHT` pages and server fns at once
    /// (default 128); a request waits at most `KHABAR_QUEUE_WAIT_MS` for
    /// its turn (default 1000), then gets 503 with `Retry-After`.
    pub overload: OverloadLimits,
    /// Per-client rate limits (requests a minute, 0 = off, and the burst
    /// allowed at once): `KHABAR_RATE_SEARCH` and `KHABAR_RATE_SEARCH_BURST`
    /// for searches and suggestions (default 120 and 60),
    /// `KHABAR_RATE_POST` and `KHABAR_RATE_POST_BURST` for every POST
    /// (default 60 and 30). Over a limit: 429 with `Retry-After`.
    pub rate_limits: RateLimits,
    /// The outbox's retries: `KHABAR_MAIL_ATTEMPTS` sends at most (default
    /// 8), the first retry after `KHABAR_MAIL_RETRY_SECONDS` (default 30),
    /// each next one twice as late, at most an hour apart.
    pub mail_retry: MailRetry,
    /// `KHABAR_METRICS_ADDR`: where Prometheus metrics are served
    /// (`/metrics`), apart from the site. Unset: nowhere.
    pub metrics_addr: Option<SocketAddr>,
}

impl Settings {
    /// Over https: secure cookies with the `__Host-` prefix, and HSTS.
    pub fn https(&self) -> bool {
        self.site_url.starts_with("https://")
    }
}

/// How long clients may take, and how long shutdown waits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConnectionLimits {
    /// From the moment a connection can send a request (when it opens, or
    /// when the previous response ended) until its headers are complete.
    /// hyper counts an idle keep-alive connection as waiting for headers,
    /// so this also closes connections left idle.
    pub header_timeout: Duration,
    /// After SIGTERM or Ctrl-C: how long requests in flight may still run.
    pub shutdown_grace: Duration,
}

impl ConnectionLimits {
    pub const DEFAULT: ConnectionLimits = ConnectionLimits {
        header_timeout: Duration::from_secs(15),
        shutdown_grace: Duration::from_secs(10),
    };
}

/// How long a client has to send a request's body (`KHABAR_BODY_TIMEOUT`).
pub const DEFAULT_BODY_TIMEOUT: Duration = Duration::from_secs(30);

/// How many pages may be rendered and server fns run at once, and how
/// long a request may wait for its turn before it is answered 503.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OverloadLimits {
    pub max_in_flight: usize,
    pub max_wait: Duration,
}

impl OverloadLimits {
    pub const DEFAULT: OverloadLimits = OverloadLimits {
        max_in_flight: 128,
        max_wait: Duration::from_secs(1),
    };
}

/// A client's allowance: `per_minute` requests a minute on average, up to
/// `burst` of them at once. A `per_minute` of 0 turns the limit off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate {
    pub per_minute: u32,
    pub burst: u32,
}

impl Rate {
    pub const OFF: Rate = Rate {
        per_minute: 0,
        burst: 1,
    };
}

/// The per-client rate limits of the costly requests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimits {
    /// Searches (the search page with words, its server fn) and suggestions.
    pub search: Rate,
    /// Every POST: server fns, account forms, the data-saver switch.
    pub post: Rate,
}

impl RateLimits {
    /// Generous, because one address is often many readers (an office, a
    /// school, a mobile carrier's NAT), and because the limits are there to
    /// stop loops and scrapers, not readers.
    ///
    /// Searches: suggestions are fetched while typing (from two letters on,
    /// 250 ms after the last key), so one query typed out is about 5 to 15
    /// requests; a burst of 60 covers a few readers doing that at once, and
    /// one a second on average lasts well beyond anyone's typing.
    /// Posts: a reader saves a story, signs in or flips the data saver with
    /// one each; 30 at once and one a second on average leave room for a
    /// whole reading list saved in a hurry, while sign-in guessing is held
    /// much tighter by the accounts' own throttle. Signed-in browsers each
    /// get these to themselves (`http::rate_limit`).
    pub const DEFAULT: RateLimits = RateLimits {
        search: Rate {
            per_minute: 120,
            burst: 60,
        },
        post: Rate {
            per_minute: 60,
            burst: 30,
        },
    };
}

/// How the outbox retries a message that could not be sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MailRetry {
    /// Sends tried in all before the message is given up on.
    pub attempts: u32,
    /// The wait after the first failure; it doubles after each next one.
    pub first_delay: Duration,
    /// The longest wait between two attempts.
    pub max_delay: Duration,
}

impl MailRetry {
    /// Eight tries over about an hour: 30 s, 1, 2, 4, 8, 16 and 32 min.
    pub const DEFAULT: MailRetry = MailRetry {
        attempts: 8,
        first_delay: Duration::from_secs(30),
        max_delay: Duration::from_secs(3_600),
    };

    /// The wait after failed attempt number `attempt` (1 for the first).
    pub fn delay_after(&self, attempt: u32) -> Duration {
        let doublings = attempt.saturating_sub(1).min(30);
        self.first_delay
            .saturating_mul(1 << doublings)
            .min(self.max_delay)
    }
}

/// A cache's switch and bounds: `{NAME}=off`, `{NAME}_MB`, `{NAME}_MAX_AGE`.
#[derive(Debug, Clone, Copy)]
pub struct CacheSettings {
    pub enabled: bool,
    pub max_bytes: usize,
    /// The safety net: an entry this old is made again even when no
    /// change was seen (a missed one, or a story whose time came).
    pub max_age: Duration,
}

impl CacheSettings {
    pub const PAGE_DEFAULT: CacheSettings = CacheSettings {
        enabled: true,
        max_bytes: 64 * 1024 * 1024,
        max_age: Duration::from_secs(120),
    };
    pub const READ_DEFAULT: CacheSettings = CacheSettings {
        enabled: true,
        max_bytes: 16 * 1024 * 1024,
        max_age: Duration::from_secs(120),
    };
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("Leptos settings: {0}")]
    Leptos(String),
    #[error("SITE_URL must start with http:// or https:// and have no path: {0:?}")]
    SiteUrl(String),
    #[error("KHABAR_TRUSTED_PROXIES must list IP addresses separated by commas: {0:?}")]
    Proxies(String),
    #[error("{0} must be a whole number from 1 to {1}: {2:?}")]
    Number(&'static str, u64, String),
    #[error("{0} must be a whole number from 0 (off) to {1}: {2:?}")]
    Limit(&'static str, u64, String),
    #[error("{0} must be an address and port, like 127.0.0.1:9300: {1:?}")]
    Address(&'static str, String),
    #[error("{0} must be on or off: {1:?}")]
    Switch(&'static str, String),
}

impl Settings {
    pub fn from_env() -> Result<Settings, ConfigError> {
        Self::from_lookup(|key| std::env::var(key).ok())
    }

    /// Reads settings through `lookup` (the environment in production, a map in tests).
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Settings, ConfigError> {
        let mut leptos = get_configuration(None)
            .map_err(|e| ConfigError::Leptos(e.to_string()))?
            .leptos_options;
        if leptos.output_name.is_empty() {
            // Built by plain cargo (tests) rather than cargo-leptos.
            leptos.output_name = "khabar".into();
        }
        // cargo-leptos writes the asset hashes next to the release binary; use
        // the hashed names whenever that file is there (unless told otherwise).
        if lookup("LEPTOS_HASH_FILES").is_none() {
            leptos.hash_files = std::env::current_exe()
                .ok()
                .and_then(|exe| exe.parent().map(|dir| dir.join(leptos.hash_file.as_ref())))
                .is_some_and(|path| path.is_file());
        }
        if let Some(addr) = lookup("LEPTOS_SITE_ADDR") {
            leptos.site_addr = addr
                .parse()
                .map_err(|e| ConfigError::Leptos(format!("LEPTOS_SITE_ADDR {addr:?}: {e}")))?;
        }
        let database_url = lookup("DATABASE_URL").unwrap_or_else(|| "sqlite://khabar.db".into());
        let site_url = lookup("SITE_URL").unwrap_or_else(|| format!("http://{}", leptos.site_addr));
        let site_url = site_url.trim_end_matches('/').to_owned();
        let scheme_ok = site_url.starts_with("http://") || site_url.starts_with("https://");
        let host = site_url.split_once("://").map_or("", |(_, rest)| rest);
        if !scheme_ok || host.is_empty() || host.contains('/') {
            return Err(ConfigError::SiteUrl(site_url));
        }
        let load_demo_content = !matches!(
            lookup("KHABAR_DEMO_CONTENT").as_deref(),
            Some("off" | "0" | "false")
        );
        let trusted_proxies = match lookup("KHABAR_TRUSTED_PROXIES") {
            Some(list) => list
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|s| s.parse().map_err(|_| ConfigError::Proxies(list.clone())))
                .collect::<Result<Vec<IpAddr>, _>>()?,
            None => Vec::new(),
        };
        let smtp_url = lookup("SMTP_URL").filter(|s| !s.trim().is_empty());
        let mail_from = lookup("MAIL_FROM").unwrap_or_else(|| {
            let host = host.split(':').next().unwrap_or("localhost");
            let domain = if host.contains('.') && host.parse::<IpAddr>().is_err() {
                host
            } else {
                "localhost.localdomain"
            };
            format!("RASC News <no-reply@{domain}>")
        });
        let page_cache = cache(&lookup, PAGE_CACHE, CacheSettings::PAGE_DEFAULT)?;
        let read_cache = cache(&lookup, READ_CACHE, CacheSettings::READ_DEFAULT)?;
        let defaults = ConnectionLimits::DEFAULT;
        let connections = ConnectionLimits {
            header_timeout: seconds(&lookup, "KHABAR_HEADER_TIMEOUT", defaults.header_timeout)?,
            shutdown_grace: seconds(&lookup, "KHABAR_SHUTDOWN_GRACE", defaults.shutdown_grace)?,
        };
        let body_timeout = seconds(&lookup, "KHABAR_BODY_TIMEOUT", DEFAULT_BODY_TIMEOUT)?;
        let overload = OverloadLimits {
            max_in_flight: usize::try_from(number(
                &lookup,
                "KHABAR_MAX_IN_FLIGHT",
                100_000,
                OverloadLimits::DEFAULT.max_in_flight as u64,
            )?)
            .unwrap_or(usize::MAX),
            max_wait: Duration::from_millis(number(
                &lookup,
                "KHABAR_QUEUE_WAIT_MS",
                60_000,
                OverloadLimits::DEFAULT.max_wait.as_millis() as u64,
            )?),
        };
        let rate_limits = RateLimits {
            search: rate(
                &lookup,
                ["KHABAR_RATE_SEARCH", "KHABAR_RATE_SEARCH_BURST"],
                RateLimits::DEFAULT.search,
            )?,
            post: rate(
                &lookup,
                ["KHABAR_RATE_POST", "KHABAR_RATE_POST_BURST"],
                RateLimits::DEFAULT.post,
            )?,
        };
        let mail_retry = MailRetry {
            attempts: u32::try_from(number(
                &lookup,
                "KHABAR_MAIL_ATTEMPTS",
                100,
                u64::from(MailRetry::DEFAULT.attempts),
            )?)
            .unwrap_or(u32::MAX),
            first_delay: seconds(
                &lookup,
                "KHABAR_MAIL_RETRY_SECONDS",
                MailRetry::DEFAULT.first_delay,
            )?,
            max_delay: MailRetry::DEFAULT.max_delay,
        };
        let metrics_addr = match lookup("KHABAR_METRICS_ADDR").filter(|s| !s.trim().is_empty()) {
            Some(addr) => Some(
                addr.trim()
                    .parse()
                    .map_err(|_| ConfigError::Address("KHABAR_METRICS_ADDR", addr))?,
            ),
            None => None,
        };
        Ok(Settings {
            mail_retry,
            metrics_addr,
            connections,
            body_timeout,
            overload,
            rate_limits,
            page_cache,
            read_cache,
            leptos,
            database_url,
            site_url,
            load_demo_content,
            smtp_url,
            mail_from,
            trusted_proxies,
        })
    }
}

/// A whole number from 1 to `max`, or the default when unset.
fn number(
    lookup: &impl Fn(&str) -> Option<String>,
    name: &'static str,
    max: u64,
    default: u64,
) -> Result<u64, ConfigError> {
    let Some(text) = lookup(name) else {
        return Ok(default);
    };
    text.trim()
        .parse::<u64>()
        .ok()
        .filter(|n| (1..=max).contains(n))
        .ok_or(ConfigError::Number(name, max, text))
}

/// A time limit in whole seconds, from 1 s to an hour, or the default.
fn seconds(
    lookup: &impl Fn(&str) -> Option<String>,
    name: &'static str,
    default: Duration,
) -> Result<Duration, ConfigError> {
    number(lookup, name, 3_600, default.as_secs()).map(Duration::from_secs)
}

/// A rate limit from its per-minute (0: off) and burst variables.
fn rate(
    lookup: &impl Fn(&str) -> Option<String>,
    [name, burst_name]: [&'static str; 2],
    default: Rate,
) -> Result<Rate, ConfigError> {
    const MAX: u32 = 1_000_000;
    let per_minute = match lookup(name) {
        None => default.per_minute,
        Some(text) => text
            .trim()
            .parse::<u32>()
            .ok()
            .filter(|n| *n <= MAX)
            .ok_or(ConfigError::Limit(name, u64::from(MAX), text))?,
    };
    let burst = number(lookup, burst_name, u64::from(MAX), u64::from(default.burst))?;
    Ok(Rate {
        per_minute,
        burst: u32::try_from(burst).unwrap_or(MAX),
    })
}

const PAGE_CACHE: [&str; 3] = [
    "KHABAR_PAGE_CACHE",
    "KHABAR_PAGE_CACHE_MB",
    "KHABAR_PAGE_CACHE_MAX_AGE",
];
const READ_CACHE: [&str; 3] = [
    "KHABAR_READ_CACHE",
    "KHABAR_READ_CACHE_MB",
    "KHABAR_READ_CACHE_MAX_AGE",
];

/// A cache's settings from its switch, size and age variables.
fn cache(
    lookup: &impl Fn(&str) -> Option<String>,
    [name, mb_name, age_name]: [&'static str; 3],
    defaults: CacheSettings,
) -> Result<CacheSettings, ConfigError> {
    let enabled = match lookup(name).as_deref().map(str::trim) {
        None | Some("on" | "1" | "true") => true,
        Some("off" | "0" | "false") => false,
        Some(other) => return Err(ConfigError::Switch(name, other.to_owned())),
    };
    let megabytes = number(lookup, mb_name, 64 * 1024, defaults.max_bytes as u64 >> 20)?;
    let seconds = number(lookup, age_name, 86_400, defaults.max_age.as_secs())?;
    Ok(CacheSettings {
        enabled,
        max_bytes: usize::try_from(megabytes << 20).unwrap_or(usize::MAX),
        max_age: Duration::from_secs(seconds),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(pairs: &[(&str, &str)]) -> Result<Settings, ConfigError> {
        Settings::from_lookup(|key| {
            pairs
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, v)| (*v).to_owned())
        })
    }

    #[test]
    fn defaults_serve_sqlite_on_port_3000() {
        let s = settings(&[]).expect("defaults are valid");
        assert_eq!(s.database_url, "sqlite://khabar.db");
        assert!(s.load_demo_content);
    }

    #[test]
    fn environment_overrides_address_database_and_site_url() {
        let s = settings(&[
            ("LEPTOS_SITE_ADDR", "127.0.0.1:4321"),
            ("DATABASE_URL", "sqlite::memory:"),
            ("SITE_URL", "https://news.example.org/"),
            ("KHABAR_DEMO_CONTENT", "off"),
        ])
        .expect("valid");
        assert_eq!(s.leptos.site_addr.port(), 4321);
        assert_eq!(s.database_url, "sqlite::memory:");
        assert_eq!(s.site_url, "https://news.example.org");
        assert!(!s.load_demo_content);
    }

    #[test]
    fn connection_and_load_limits_default_and_refuse_nonsense() {
        let s = settings(&[]).expect("defaults are valid");
        assert_eq!(s.connections, ConnectionLimits::DEFAULT);
        let s = settings(&[
            ("KHABAR_HEADER_TIMEOUT", "5"),
            ("KHABAR_SHUTDOWN_GRACE", "30"),
        ])
        .expect("valid");
        assert_eq!(s.connections.header_timeout, Duration::from_secs(5));
        assert_eq!(s.connections.shutdown_grace, Duration::from_secs(30));
        assert_eq!(s.overload, OverloadLimits::DEFAULT);
        let s = settings(&[
            ("KHABAR_MAX_IN_FLIGHT", "32"),
            ("KHABAR_QUEUE_WAIT_MS", "250"),
        ])
        .expect("valid");
        assert_eq!(s.overload.max_in_flight, 32);
        assert_eq!(s.overload.max_wait, Duration::from_millis(250));
        assert!(settings(&[("KHABAR_MAX_IN_FLIGHT", "0")]).is_err());
        for bad in ["0", "-1", "soon", "99999"] {
            let err = settings(&[("KHABAR_SHUTDOWN_GRACE", bad)]).expect_err(bad);
            assert!(err.to_string().contains("KHABAR_SHUTDOWN_GRACE"), "{err}");
        }
    }

    #[test]
    fn mail_retries_double_up_to_an_hour_and_metrics_stay_off_unless_asked() {
        let s = settings(&[]).expect("defaults are valid");
        assert_eq!(s.mail_retry, MailRetry::DEFAULT);
        assert_eq!(s.metrics_addr, None);
        let waits: Vec<u64> = (1..=8)
            .map(|n| s.mail_retry.delay_after(n).as_secs())
            .collect();
        assert_eq!(waits, [30, 60, 120, 240, 480, 960, 1920, 3600]);
        assert_eq!(s.mail_retry.delay_after(500).as_secs(), 3600);
        let s = settings(&[
            ("KHABAR_MAIL_ATTEMPTS", "3"),
            ("KHABAR_MAIL_RETRY_SECONDS", "5"),
            ("KHABAR_METRICS_ADDR", "127.0.0.1:9300"),
        ])
        .expect("valid");
        assert_eq!(s.mail_retry.attempts, 3);
        assert_eq!(s.mail_retry.delay_after(2).as_secs(), 10);
        assert_eq!(s.metrics_addr.map(|a| a.port()), Some(9300));
        for (name, bad) in [
            ("KHABAR_MAIL_ATTEMPTS", "0"),
            ("KHABAR_MAIL_ATTEMPTS", "many"),
            ("KHABAR_METRICS_ADDR", "localhost"),
        ] {
            let err = settings(&[(name, bad)]).expect_err(bad);
            assert!(err.to_string().contains(name), "{err}");
        }
    }

    #[test]
    fn rate_limits_default_generously_and_zero_turns_one_off() {
        let s = settings(&[]).expect("defaults are valid");
        assert_eq!(s.rate_limits, RateLimits::DEFAULT);
        assert_eq!(
            s.rate_limits.search,
            Rate {
                per_minute: 120,
                burst: 60
            }
        );
        let s = settings(&[
            ("KHABAR_RATE_SEARCH", "0"),
            ("KHABAR_RATE_POST", "10"),
            ("KHABAR_RATE_POST_BURST", "5"),
        ])
        .expect("valid");
        assert_eq!(s.rate_limits.search.per_minute, 0, "off");
        assert_eq!(
            s.rate_limits.post,
            Rate {
                per_minute: 10,
                burst: 5
            }
        );
        for (name, bad) in [
            ("KHABAR_RATE_SEARCH", "-1"),
            ("KHABAR_RATE_SEARCH", "lots"),
            ("KHABAR_RATE_POST", "99999999"),
            ("KHABAR_RATE_POST_BURST", "0"),
        ] {
            let err = settings(&[(name, bad)]).expect_err(bad);
            assert!(err.to_string().contains(name), "{err}");
        }
    }

    #[test]
    fn site_url_defaults_to_the_listening_address() {
        let s = settings(&[("LEPTOS_SITE_ADDR", "127.0.0.1:4321")]).expect("valid");
        assert_eq!(s.site_url, "http://127.0.0.1:4321");
    }

    #[test]
    fn https_and_proxies_come_from_the_environment() {
        let s = settings(&[
            ("SITE_URL", "https://news.example.org"),
            ("KHABAR_TRUSTED_PROXIES", "10.0.0.1, ::1"),
        ])
        .expect("valid");
        assert!(s.https());
        assert_eq!(s.trusted_proxies.len(), 2);
        assert_eq!(s.mail_from, "RASC News <no-reply@news.example.org>");
        assert!(!settings(&[]).expect("valid").https());
        assert!(settings(&[("KHABAR_TRUSTED_PROXIES", "10.0.0.0/8")]).is_err());
    }

    #[test]
    fn the_page_cache_is_on_by_default_and_can_be_bounded_or_turned_off() {
        let s = settings(&[]).expect("valid");
        assert!(s.page_cache.enabled);
        assert_eq!(s.page_cache.max_bytes, 64 << 20);
        let s = settings(&[
            ("KHABAR_PAGE_CACHE", "off"),
            ("KHABAR_PAGE_CACHE_MB", "8"),
            ("KHABAR_PAGE_CACHE_MAX_AGE", "30"),
        ])
        .expect("valid");
        assert!(!s.page_cache.enabled);
        assert_eq!(s.page_cache.max_bytes, 8 << 20);
        assert_eq!(s.page_cache.max_age, Duration::from_secs(30));
        for (name, bad) in [
            ("KHABAR_PAGE_CACHE", "maybe"),
            ("KHABAR_PAGE_CACHE_MB", "0"),
            ("KHABAR_PAGE_CACHE_MB", "lots"),
            ("KHABAR_PAGE_CACHE_MAX_AGE", "-1"),
            ("KHABAR_READ_CACHE", "maybe"),
            ("KHABAR_READ_CACHE_MB", "0"),
        ] {
            assert!(settings(&[(name, bad)]).is_err(), "{name}={bad}");
        }
    }

    #[test]
    fn the_read_cache_has_its_own_switch_and_bound() {
        let s = settings(&[]).expect("valid");
        assert!(s.read_cache.enabled);
        assert_eq!(s.read_cache.max_bytes, 16 << 20);
        let s = settings(&[("KHABAR_READ_CACHE", "off"), ("KHABAR_READ_CACHE_MB", "2")])
            .expect("valid");
        assert!(!s.read_cache.enabled);
        assert_eq!(s.read_cache.max_bytes, 2 << 20);
        assert!(s.page_cache.enabled, "the page cache keeps its own switch");
    }

    #[test]
    fn bad_values_are_reported_not_ignored() {
        assert!(settings(&[("LEPTOS_SITE_ADDR", "nonsense")]).is_err());
        assert!(settings(&[("SITE_URL", "ftp://x")]).is_err());
        assert!(settings(&[("SITE_URL", "https://x.org/news")]).is_err());
    }
}
