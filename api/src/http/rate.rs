//! Rate limits: a token bucket per principal for authenticated requests, and one per client
//! address for anonymous requests and requests whose token was refused (so guessing tokens is
//! limited too). A request over its limit is answered 429 with `Retry-After`.

use std::{
    net::{IpAddr, SocketAddr},
    num::NonZeroU32,
    sync::atomic::{AtomicU64, Ordering},
    time::Duration,
};

use axum::http::HeaderMap;
use governor::{
    DefaultKeyedRateLimiter, Quota, RateLimiter,
    clock::{Clock, DefaultClock},
};

use crate::{config::RateLimitSettings, kernel::viewer::Viewer};

/// Who a request is counted against.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Caller {
    /// An authenticated principal: role and subject.
    Principal(String),
    /// A client address (anonymous, or a refused token).
    Address(Option<IpAddr>),
}

impl Caller {
    pub fn principal(viewer: &Viewer) -> Self {
        Caller::Principal(format!("{}:{}", viewer.role().claim(), viewer.subject()))
    }
}

/// The buckets.
pub struct RateLimits {
    principals: DefaultKeyedRateLimiter<String>,
    addresses: DefaultKeyedRateLimiter<Option<IpAddr>>,
    clock: DefaultClock,
    client_address_header: Option<String>,
    checks: AtomicU64,
}

/// Buckets idle long enough to be full again are forgotten every this many checks.
const PRUNE_EVERY: u64 = 4096;

fn quota(per_minute: u32, burst: u32) -> Quota {
    let per_minute = NonZeroU32::new(per_minute).unwrap_or(NonZeroU32::MIN);
    let burst = NonZeroU32::new(burst).unwrap_or(NonZeroU32::MIN);
    Quota::per_minute(per_minute).allow_burst(burst)
}

impl RateLimits {
    /// The limits from settings; `None` when they are turned off.
    pub fn from_settings(s: &RateLimitSettings) -> Option<Self> {
        s.enabled.then(|| Self {
            principals: RateLimiter::keyed(quota(s.principal_per_minute, s.principal_burst)),
            addresses: RateLimiter::keyed(quota(s.address_per_minute, s.address_burst)),
            clock: DefaultClock::default(),
            client_address_header: s
                .client_address_header
                .as_ref()
                .map(|h| h.to_ascii_lowercase()),
            checks: AtomicU64::new(0),
        })
    }

    /// The client's address: from the trusted proxy's header when one is configured (the last
    /// address in it, the one the proxy added), else the TCP peer's. An IPv6 address counts as
    /// its /64 network, since one client commonly holds a whole /64 and could rotate through it.
    pub fn client_address(&self, headers: &HeaderMap, peer: Option<SocketAddr>) -> Option<IpAddr> {
        let address = match &self.client_address_header {
            Some(name) => headers
                .get_all(name.as_str())
                .iter()
                .filter_map(|v| v.to_str().ok())
                .flat_map(|v| v.split(','))
                .filter_map(|a| a.trim().parse::<IpAddr>().ok())
                .next_back(),
            None => peer.map(|addr| addr.ip()),
        };
        address.map(|ip| match ip {
            IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
                Some(v4) => IpAddr::V4(v4),
                None => {
                    let s = v6.segments();
                    IpAddr::V6(std::net::Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
                }
            },
            IpAddr::V4(_) => ip,
        })
    }

    /// Takes one request from the caller's bucket; `Err` holds how long until one is free.
    pub fn check(&self, caller: &Caller) -> Result<(), Duration> {
        self.check_n(caller, 1)
    }

    /// Takes `n` requests at once (the operations of a batch after the first).
    pub fn check_n(&self, caller: &Caller, n: usize) -> Result<(), Duration> {
        let Some(n) = NonZeroU32::new(u32::try_from(n).unwrap_or(u32::MAX)) else {
            return Ok(());
        };
        if self.checks.fetch_add(1, Ordering::Relaxed) % PRUNE_EVERY == PRUNE_EVERY - 1 {
            self.principals.retain_recent();
            self.addresses.retain_recent();
        }
        let outcome = match caller {
            Caller::Principal(key) => self.principals.check_key_n(key, n),
            Caller::Address(ip) => self.addresses.check_key_n(ip, n),
        };
        match outcome {
            Ok(Ok(())) => Ok(()),
            Ok(Err(not_until)) => Err(not_until.wait_time_from(self.clock.now())),
            // More than a whole burst at once: never, at this rate; a minute is the honest hint.
            Err(_) => Err(Duration::from_secs(60)),
        }
    }
}
