//! The MX records of a domain, to recognise the provider behind an owner's own domain
//! (Google Workspace, Microsoft 365…). The system's resolver, or in tests only the loopback
//! DNS server they start. A lookup that fails or takes over two seconds finds nothing.

use hickory_resolver::config::{NameServerConfig, ResolverConfig};
use hickory_resolver::net::runtime::TokioRuntimeProvider;
use hickory_resolver::proto::rr::RData;
use hickory_resolver::Resolver;
use std::net::SocketAddr;
use std::time::Duration;

/// The hosts a domain's mail goes to, best first (lowest preference); empty when there are
/// none or the lookup failed.
pub async fn mx_hosts(domain: &str, server: Option<SocketAddr>) -> Vec<String> {
    let Some(resolver) = resolver(server) else {
        return vec![];
    };
    let name = format!("{}.", domain.trim_end_matches('.'));
    let Ok(Ok(found)) =
        tokio::time::timeout(Duration::from_secs(2), resolver.mx_lookup(name.as_str())).await
    else {
        return vec![];
    };
    let mut mx: Vec<(u16, String)> = found
        .answers()
        .iter()
        .filter_map(|r| match &r.data {
            RData::MX(m) => Some((m.preference, m.exchange.to_string())),
            _ => None,
        })
        .collect();
    mx.sort();
    mx.into_iter().map(|(_, h)| h).collect()
}

/// The first address of a host, or `None` (no such host, or no answer within two seconds).
pub async fn address_of(host: &str, server: Option<SocketAddr>) -> Option<std::net::IpAddr> {
    let resolver = resolver(server)?;
    let name = format!("{}.", host.trim_end_matches('.'));
    let found = tokio::time::timeout(Duration::from_secs(2), resolver.lookup_ip(name.as_str()))
        .await
        .ok()?
        .ok()?;
    found.iter().next()
}

fn resolver(server: Option<SocketAddr>) -> Option<Resolver<TokioRuntimeProvider>> {
    match server {
        Some(addr) => {
            let mut ns = NameServerConfig::udp(addr.ip());
            for c in ns.connections.iter_mut() {
                c.port = addr.port();
            }
            Resolver::builder_with_config(
                ResolverConfig::from_name_servers(vec![ns]),
                TokioRuntimeProvider::default(),
            )
            .build()
            .ok()
        }
        None => Resolver::builder_tokio().ok().and_then(|b| b.build().ok()),
    }
}
