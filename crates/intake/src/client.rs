//! Who a request comes from, for the in-memory rate limits only (see [`crate::ratelimit`]).
//!
//! The client is the TCP peer, unless the peer is one of the configured trusted proxies
//! (`intake serve --trusted-proxy 127.0.0.1 --trusted-proxy 10.0.0.0/8`): then it is the address the
//! proxy reports, read from `X-Forwarded-For` (the right-most entry that is not itself a trusted
//! proxy, since a client can put anything at the left of that header) or, without it, from
//! `X-Real-IP`. A peer that is not a trusted proxy cannot make the service believe anything: its
//! headers are ignored.
//!
//! The address is never stored, logged or echoed; the rate limits keep only a keyed hash of it.

use std::convert::Infallible;
use std::fmt;
use std::net::{IpAddr, SocketAddr};
use std::str::FromStr;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::HeaderMap;
use axum::http::request::Parts;

use crate::AppState;

/// An address block: an address and a prefix length (`10.0.0.0/8`, `::1/128`, or a bare address).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cidr {
    addr: IpAddr,
    prefix: u8,
}

impl Cidr {
    /// Whether `ip` is inside the block (IPv4-mapped IPv6 addresses count as IPv4).
    pub fn contains(&self, ip: IpAddr) -> bool {
        match (self.addr, canonical(ip)) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                let mask = u32::MAX.checked_shl(32 - u32::from(self.prefix)).unwrap_or(0);
                u32::from(net) & mask == u32::from(ip) & mask
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                let mask = u128::MAX.checked_shl(128 - u32::from(self.prefix)).unwrap_or(0);
                u128::from(net) & mask == u128::from(ip) & mask
            }
            _ => false,
        }
    }
}

impl FromStr for Cidr {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let (addr, prefix) = text.split_once('/').map_or((text, None), |(a, p)| (a, Some(p)));
        let addr = canonical(addr.trim().parse::<IpAddr>().map_err(|_| format!("not an IP address: {addr}"))?);
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            None => max,
            Some(p) => p.trim().parse::<u8>().ok().filter(|&p| p <= max).ok_or_else(|| format!("bad prefix: /{p}"))?,
        };
        Ok(Self { addr, prefix })
    }
}

impl fmt::Display for Cidr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.addr, self.prefix)
    }
}

/// The trusted proxies; empty means the peer is always the client.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(pub Vec<Cidr>);

impl TrustedProxies {
    /// Whether `ip` is a trusted proxy.
    pub fn trusts(&self, ip: IpAddr) -> bool {
        self.0.iter().any(|cidr| cidr.contains(ip))
    }

    /// The client's address for a request from `peer` carrying `headers`.
    pub fn client(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        let peer = canonical(peer);
        if !self.trusts(peer) {
            return peer;
        }
        // Every X-Forwarded-For header, in order, as one list; walk it from the right.
        let forwarded: Vec<&str> = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(','))
            .map(str::trim)
            .collect();
        if !forwarded.is_empty() {
            let mut last_trusted = peer;
            for entry in forwarded.iter().rev() {
                match parse_forwarded(entry) {
                    Some(ip) if self.trusts(ip) => last_trusted = ip,
                    Some(ip) => return ip,
                    // Garbage in the list: what is left of it cannot be trusted.
                    None => return last_trusted,
                }
            }
            return last_trusted;
        }
        headers.get("x-real-ip").and_then(|value| value.to_str().ok()).and_then(parse_forwarded).unwrap_or(peer)
    }
}

/// One `X-Forwarded-For` entry: an address, possibly with a port (`1.2.3.4:5678`, `[::1]:80`).
fn parse_forwarded(entry: &str) -> Option<IpAddr> {
    let entry = entry.trim();
    if let Ok(ip) = entry.parse::<IpAddr>() {
        return Some(canonical(ip));
    }
    entry.parse::<SocketAddr>().ok().map(|addr| canonical(addr.ip()))
}

/// IPv4-mapped IPv6 addresses (`::ffff:1.2.3.4`) as IPv4.
pub fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

/// The bytes a rate limit keys a client by: an IPv4 address whole, an IPv6 address by its /64
/// (one household or phone usually gets a whole /64, so keying by /128 would give one client
/// 2^64 buckets).
pub fn rate_key(ip: IpAddr) -> Vec<u8> {
    match canonical(ip) {
        IpAddr::V4(v4) => [&[4u8][..], &v4.octets()].concat(),
        IpAddr::V6(v6) => [&[6u8][..], &v6.octets()[..8]].concat(),
    }
}

/// The request's client address, when the server was started with connect info (in-process
/// tests have none). Used only to key the in-memory rate limits.
pub struct Client(pub Option<IpAddr>);

impl FromRequestParts<AppState> for Client {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|info| info.0.ip());
        Ok(Client(peer.map(|peer| state.proxies.client(peer, &parts.headers))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn ip(text: &str) -> IpAddr {
        text.parse().expect("address")
    }

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for &(name, value) in pairs {
            map.append(name, HeaderValue::from_str(value).expect("value"));
        }
        map
    }

    fn proxies(list: &[&str]) -> TrustedProxies {
        TrustedProxies(list.iter().map(|c| c.parse().expect("cidr")).collect())
    }

    #[test]
    fn blocks_parse_and_match() {
        let net: Cidr = "10.0.0.0/8".parse().expect("cidr");
        assert!(net.contains(ip("10.200.1.1")) && !net.contains(ip("11.0.0.1")));
        assert!(net.contains(ip("::ffff:10.1.2.3")), "IPv4-mapped IPv6");
        let one: Cidr = "127.0.0.1".parse().expect("cidr");
        assert!(one.contains(ip("127.0.0.1")) && !one.contains(ip("127.0.0.2")));
        let v6: Cidr = "2001:db8::/32".parse().expect("cidr");
        assert!(v6.contains(ip("2001:db8:1::5")) && !v6.contains(ip("2001:db9::1")));
        let all: Cidr = "0.0.0.0/0".parse().expect("cidr");
        assert!(all.contains(ip("203.0.113.9")));
        assert!("10.0.0.0/33".parse::<Cidr>().is_err() && "example.org".parse::<Cidr>().is_err());
    }

    #[test]
    fn headers_from_an_untrusted_peer_are_ignored() {
        let trusted = proxies(&["127.0.0.1"]);
        let spoof = headers(&[("x-forwarded-for", "198.51.100.7"), ("x-real-ip", "198.51.100.8")]);
        assert_eq!(trusted.client(ip("203.0.113.5"), &spoof), ip("203.0.113.5"));
        assert_eq!(TrustedProxies::default().client(ip("127.0.0.1"), &spoof), ip("127.0.0.1"), "no proxy configured");
    }

    #[test]
    fn behind_a_trusted_proxy_the_right_most_untrusted_address_is_the_client() {
        let trusted = proxies(&["127.0.0.1", "10.0.0.0/8"]);
        let peer = ip("127.0.0.1");
        assert_eq!(trusted.client(peer, &headers(&[("x-forwarded-for", "198.51.100.7")])), ip("198.51.100.7"));
        // A client's own forged entry sits to the left of what the proxy appended.
        let forged = headers(&[("x-forwarded-for", "1.1.1.1, 198.51.100.7, 10.0.0.2")]);
        assert_eq!(trusted.client(peer, &forged), ip("198.51.100.7"));
        // Several headers are one list.
        let split = headers(&[("x-forwarded-for", "1.1.1.1"), ("x-forwarded-for", "198.51.100.9")]);
        assert_eq!(trusted.client(peer, &split), ip("198.51.100.9"));
        assert_eq!(trusted.client(peer, &headers(&[("x-real-ip", "2001:db8::1")])), ip("2001:db8::1"));
        assert_eq!(trusted.client(peer, &headers(&[("x-forwarded-for", "[2001:db8::2]:443")])), ip("2001:db8::2"));
        assert_eq!(trusted.client(peer, &headers(&[("x-forwarded-for", "junk")])), peer, "garbage is not trusted");
        assert_eq!(trusted.client(peer, &HeaderMap::new()), peer);
    }

    #[test]
    fn ipv6_clients_share_a_key_per_64() {
        assert_eq!(rate_key(ip("2001:db8:1:2::1")), rate_key(ip("2001:db8:1:2:ffff:ffff:ffff:ffff")));
        assert_ne!(rate_key(ip("2001:db8:1:2::1")), rate_key(ip("2001:db8:1:3::1")));
        assert_eq!(rate_key(ip("::ffff:192.0.2.1")), rate_key(ip("192.0.2.1")));
        assert_ne!(rate_key(ip("192.0.2.1")), rate_key(ip("192.0.2.2")));
    }
}
