//! Who is on the other end of a request: the address sign-in throttling counts and the
//! audit log and sessions record, whether the browser reached us over https (cookies are
//! then `Secure`), and the host it asked for (the CSRF origin check compares with it).
//!
//! `X-Forwarded-For`, `X-Forwarded-Proto`, `X-Forwarded-Host` and `Forwarded` are
//! believed only when the connection comes from a configured proxy
//! (`HATRACK_TRUSTED_PROXIES`, empty by default): from anyone else they are written by
//! the client itself, and believing them let anyone pick the address they are throttled
//! and audited under.

use std::net::IpAddr;

/// Addresses and networks (`10.0.0.0/8`, `192.0.2.7`, `::1`) whose forwarding headers we
/// believe.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<(IpAddr, u8)>);

impl TrustedProxies {
    /// A comma- or space-separated list; an empty list trusts nobody.
    pub fn parse(list: &str) -> Result<Self, String> {
        let mut nets = Vec::new();
        for item in list.split([',', ' ']).map(str::trim).filter(|s| !s.is_empty()) {
            let (addr, bits) = match item.split_once('/') {
                Some((a, b)) => (a, Some(b)),
                None => (item, None),
            };
            let addr: IpAddr = addr.parse().map_err(|_| format!("`{item}` is not an IP address or network"))?;
            let max = if addr.is_ipv4() { 32 } else { 128 };
            let bits = match bits {
                Some(b) => b
                    .parse::<u8>()
                    .ok()
                    .filter(|b| *b <= max)
                    .ok_or_else(|| format!("`{item}`: the prefix length must be a number from 0 to {max}"))?,
                None => max,
            };
            nets.push((addr, bits));
        }
        Ok(Self(nets))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        self.0.iter().any(|(net, bits)| match (canonical(*net), ip) {
            (IpAddr::V4(n), IpAddr::V4(a)) => prefix_eq(&n.octets(), &a.octets(), *bits),
            (IpAddr::V6(n), IpAddr::V6(a)) => prefix_eq(&n.octets(), &a.octets(), *bits),
            _ => false,
        })
    }
}

/// An IPv4 address written as IPv6 (`::ffff:192.0.2.7`, what a dual-stack socket reports)
/// is the IPv4 address.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map(IpAddr::V4).unwrap_or(ip),
        v4 => v4,
    }
}

fn prefix_eq(a: &[u8], b: &[u8], bits: u8) -> bool {
    let (whole, rest) = ((bits / 8) as usize, bits % 8);
    if a[..whole] != b[..whole] {
        return false;
    }
    rest == 0 || {
        let mask = 0xffu8 << (8 - rest);
        a[whole] & mask == b[whole] & mask
    }
}

/// The client as far as we can tell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Client {
    /// The client's address ("" when the connection has none, as in tests).
    pub ip: String,
    /// Reached over https (by us, or by the trusted proxy in front).
    pub https: bool,
    /// The host the browser asked for.
    pub host: String,
}

impl Client {
    /// `peer` is the connection's address, `host` the host the request names (its `Host`
    /// header), `header` reads a request header, `tls` says whether this connection itself
    /// is encrypted.
    pub fn resolve<'h>(
        trusted: &TrustedProxies,
        peer: Option<IpAddr>,
        host: &str,
        header: impl Fn(&str) -> Option<&'h str>,
        tls: bool,
    ) -> Client {
        let direct = Client {
            ip: peer.map(|p| canonical(p).to_string()).unwrap_or_default(),
            https: tls,
            host: host.to_string(),
        };
        let Some(peer) = peer.filter(|p| trusted.contains(*p)) else { return direct };
        // `Forwarded` (RFC 7239) when the proxy sends it, else the X-Forwarded-* trio.
        let forwarded = header("forwarded").map(parse_forwarded);
        let hops: Vec<String> = match &forwarded {
            Some(elements) => elements.iter().filter_map(|e| e.r#for.clone()).collect(),
            None => header("x-forwarded-for")
                .map(|v| v.split(',').map(|s| s.trim().to_string()).collect())
                .unwrap_or_default(),
        };
        // Walk from the nearest hop back: the first address that is not one of our
        // proxies is the client. Anything further left was written by the client.
        let mut ip = canonical(peer);
        for hop in hops.iter().rev() {
            match parse_hop(hop) {
                Some(addr) if trusted.contains(ip) => ip = addr,
                _ => break,
            }
        }
        let last = forwarded.as_ref().and_then(|e| e.last());
        let proto = match last {
            Some(e) => e.proto.clone(),
            None => header("x-forwarded-proto").map(|p| p.split(',').next_back().unwrap_or("").trim().to_string()),
        };
        let host = match last {
            Some(e) => e.host.clone(),
            None => header("x-forwarded-host").map(|h| h.split(',').next_back().unwrap_or("").trim().to_string()),
        };
        Client {
            ip: canonical(ip).to_string(),
            https: proto.map(|p| p.eq_ignore_ascii_case("https")).unwrap_or(tls),
            host: host.filter(|h| !h.is_empty()).unwrap_or(direct.host),
        }
    }
}

#[derive(Debug, Default)]
struct ForwardedElement {
    r#for: Option<String>,
    proto: Option<String>,
    host: Option<String>,
}

fn parse_forwarded(value: &str) -> Vec<ForwardedElement> {
    value
        .split(',')
        .map(|element| {
            let mut e = ForwardedElement::default();
            for pair in element.split(';') {
                let Some((k, v)) = pair.split_once('=') else { continue };
                let v = v.trim().trim_matches('"').to_string();
                match k.trim().to_ascii_lowercase().as_str() {
                    "for" => e.r#for = Some(v),
                    "proto" => e.proto = Some(v),
                    "host" => e.host = Some(v),
                    _ => {}
                }
            }
            e
        })
        .collect()
}

/// `192.0.2.7`, `192.0.2.7:4711`, `[2001:db8::1]:4711` or `2001:db8::1`.
fn parse_hop(hop: &str) -> Option<IpAddr> {
    let hop = hop.trim();
    if let Ok(ip) = hop.parse::<IpAddr>() {
        return Some(canonical(ip));
    }
    let host = match hop.strip_prefix('[') {
        Some(rest) => rest.split(']').next()?,
        None => hop.rsplit_once(':').map(|(h, _)| h)?,
    };
    host.parse::<IpAddr>().ok().map(canonical)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve(trusted: &str, peer: &str, headers: &[(&str, &str)]) -> Client {
        let trusted = TrustedProxies::parse(trusted).unwrap();
        let header = |name: &str| headers.iter().find(|(k, _)| *k == name).map(|(_, v)| *v);
        Client::resolve(&trusted, Some(peer.parse().unwrap()), header("host").unwrap_or(""), header, false)
    }

    #[test]
    fn forwarding_headers_from_anyone_else_are_ignored() {
        let spoof = [
            ("host", "hatrack.example"),
            ("x-forwarded-for", "203.0.113.9"),
            ("x-forwarded-proto", "https"),
            ("x-forwarded-host", "evil.example"),
            ("forwarded", "for=203.0.113.9;proto=https;host=evil.example"),
        ];
        let c = resolve("", "198.51.100.4", &spoof);
        assert_eq!(c, Client { ip: "198.51.100.4".into(), https: false, host: "hatrack.example".into() });
        let c = resolve("10.0.0.0/8", "198.51.100.4", &spoof);
        assert_eq!(c.ip, "198.51.100.4", "a client outside the proxies' network");
    }

    #[test]
    fn a_trusted_proxy_names_the_client_and_the_scheme() {
        let c = resolve(
            "10.0.0.0/8",
            "10.1.2.3",
            &[
                ("host", "internal:3000"),
                ("x-forwarded-for", "6.6.6.6, 203.0.113.9, 10.9.9.9"),
                ("x-forwarded-proto", "https"),
                ("x-forwarded-host", "hatrack.example"),
            ],
        );
        // 10.9.9.9 is another of our proxies; 203.0.113.9 is the client; 6.6.6.6 was
        // written by the client and is not believed.
        assert_eq!(c, Client { ip: "203.0.113.9".into(), https: true, host: "hatrack.example".into() });
        let c = resolve(
            "192.0.2.1, ::1",
            "::ffff:192.0.2.1",
            &[("forwarded", "for=\"[2001:db8::7]:4711\";proto=https;host=h.example")],
        );
        assert_eq!(c, Client { ip: "2001:db8::7".into(), https: true, host: "h.example".into() });
        let c = resolve("192.0.2.1", "192.0.2.1", &[("x-forwarded-for", "not an address")]);
        assert_eq!(c.ip, "192.0.2.1", "garbage stops the walk at the proxy");
    }

    #[test]
    fn lists_parse_and_refuse_what_is_not_a_network() {
        assert!(TrustedProxies::parse("").unwrap().is_empty());
        let t = TrustedProxies::parse("10.0.0.0/8 172.16.0.0/12,fd00::/8").unwrap();
        assert!(t.contains("172.31.255.1".parse().unwrap()) && !t.contains("172.32.0.1".parse().unwrap()));
        assert!(t.contains("fd12::1".parse().unwrap()) && !t.contains("fe80::1".parse().unwrap()));
        assert!(TrustedProxies::parse("10.0.0.0/33").is_err());
        assert!(TrustedProxies::parse("proxy.internal").is_err());
    }
}
