"""The SSRF policy: which addresses may be fetched, and the resolver both checks share.

Two checks guard every request. `Fetcher` asks `is_public_address` about every address a host
resolves to before each hop (so a redirect to 169.254.169.254 is refused before any socket
exists), and the default transport (`tools.web.guarded_transport`) resolves with the same
resolver, refuses non-public answers again and connects to the checked IP itself, so no second
DNS lookup happens that an attacker could rebind.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import time
from collections.abc import Awaitable, Callable, Iterable

Resolver = Callable[[str, int], Awaitable[list[str]]]

# NAT64 prefixes embed an IPv4 address in the last 32 bits (RFC 6052, RFC 8215)
_NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))


class AddressBlocked(Exception):
    """A connection to a non-public address was refused before it was made."""


def is_public_address(address: str) -> bool:
    """Return whether an IP address is globally routable (not private, loopback, etc.)."""
    try:
        ip = ipaddress.ip_address(address.split("%")[0].strip("[]"))
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        # an IPv4 address tunnelled in IPv6 reaches that IPv4 host: judge the IPv4 address
        embedded = ip.ipv4_mapped or ip.sixtofour
        if embedded is None and any(ip in net for net in _NAT64):
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is not None:
            return is_public_address(str(embedded))
        if ip.is_site_local:
            return False
    return ip.is_global and not (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
    )


async def resolve_host(host: str, port: int) -> list[str]:
    """Resolve `host` to its IP addresses (IP literals resolve to themselves)."""
    try:
        return [str(ipaddress.ip_address(host.strip("[]")))]
    except ValueError:
        pass
    loop = asyncio.get_running_loop()
    infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def non_public(addresses: Iterable[str]) -> list[str]:
    """Return the addresses the guard refuses."""
    return [address for address in addresses if not is_public_address(address)]


class CachingResolver:
    """Remember answers for `ttl` seconds, so the check and the connection see the same IPs."""

    def __init__(self, resolve: Resolver, ttl: float = 300.0):
        self._resolve = resolve
        self._ttl = ttl
        self._answers: dict[tuple[str, int], tuple[float, list[str]]] = {}

    async def __call__(self, host: str, port: int) -> list[str]:
        """Resolve `host`, from memory when a recent answer exists."""
        key = (host.lower(), port)
        known = self._answers.get(key)
        if known is not None and known[0] > time.monotonic():
            return known[1]
        addresses = list(await self._resolve(host, port))
        self._answers[key] = (time.monotonic() + self._ttl, addresses)
        return addresses
