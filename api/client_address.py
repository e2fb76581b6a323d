"""The client's address for throttling: the connection's peer, or, when that peer is a proxy named
in VTA_TRUSTED_PROXIES, the address it forwarded. X-Forwarded-For is read from the right (the
hops our proxies appended) and the first address that is not one of our proxies is the client's;
whatever a client writes there itself sits further left and is never reached."""
from __future__ import annotations

from ipaddress import IPv4Network, IPv6Network, ip_address

from litestar.connection import ASGIConnection

Networks = tuple[IPv4Network | IPv6Network, ...]


def _trusted(address: str, proxies: Networks) -> bool:
    try:
        ip = ip_address(address)
    except ValueError:
        return False
    return any(ip in net for net in proxies)


def forwarded_client(peer: str, forwarded_for: list[str], proxies: Networks) -> str:
    if not _trusted(peer, proxies):
        return peer
    hops = [h.strip() for header in forwarded_for for h in header.split(",") if h.strip()]
    client = peer
    for hop in reversed(hops):
        try:
            ip_address(hop)
        except ValueError:  # a garbled hop: trust stops at the last proxy we know
            return client
        client = hop
        if not _trusted(hop, proxies):
            return hop
    return client


def client_address(connection: ASGIConnection) -> str:
    peer = connection.client.host if connection.client else "unknown"
    proxies = connection.app.state.settings.trusted_proxy_networks
    if not proxies:
        return peer
    return forwarded_client(peer, connection.headers.getall("x-forwarded-for", []), proxies)
