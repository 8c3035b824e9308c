"""The SSRF guard: which addresses may be fetched, and a connection layer that enforces it.

Two checks guard every request. `Fetcher` asks `is_public_address` about every address a host
resolves to before each hop (so a redirect to 169.254.169.254 is refused before any socket
exists), and the default transport connects only through `GuardedBackend`, which resolves with
the same resolver, refuses non-public answers again and connects to the checked IP itself, so
httpx never does a second DNS lookup an attacker could rebind.
"""

from __future__ import annotations

import asyncio
import functools
import ipaddress
import socket
import ssl
import time
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

import httpcore
import httpx

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


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """Connect only to addresses the resolver returned and the guard accepts."""

    def __init__(self, resolve: Resolver, *, allow_private_network: bool = False):
        self._resolve = resolve
        self._allow_private = allow_private_network
        self._inner = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        """Resolve `host`, refuse non-public answers, then connect to the first that answers."""
        try:
            async with asyncio.timeout(timeout):
                addresses = await self._resolve(host, port)
        except TimeoutError as exc:
            raise httpcore.ConnectTimeout(f"resolving {host} timed out") from exc
        except OSError as exc:
            raise httpcore.ConnectError(f"cannot resolve {host}: {exc}") from exc
        if not self._allow_private:
            blocked = non_public(addresses)
            if blocked or not addresses:
                raise AddressBlocked(f"{host} resolves to non-public {', '.join(blocked)}")
        error: Exception = httpcore.ConnectError(f"{host} has no address")
        for address in addresses:
            try:
                return await self._inner.connect_tcp(
                    address,
                    port,
                    timeout=timeout,
                    local_address=local_address,
                    socket_options=socket_options,
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                error = exc
        raise error

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ):
        """Refuse: the fetcher only speaks TCP."""
        raise httpcore.ConnectError("unix sockets are not fetched")

    async def sleep(self, seconds: float) -> None:
        """Sleep (used by httpcore's connection retries)."""
        await self._inner.sleep(seconds)


@functools.cache
def _ssl_context(ca_bundle: str | None = None) -> ssl.SSLContext:
    """Return the verifying TLS context (loading CA certificates is slow, so it is shared).

    `ca_bundle` (a PEM file) is trusted in addition to the system's certificates.
    """
    context = httpx.create_ssl_context(trust_env=False)
    if ca_bundle:
        context.load_verify_locations(cafile=ca_bundle)
    return context


def guarded_transport(
    resolve: Resolver,
    *,
    allow_private_network: bool,
    limits: httpx.Limits,
    ca_bundle: str | None = None,
) -> httpx.AsyncHTTPTransport:
    """Return an httpx transport whose every connection goes through `GuardedBackend`."""
    ssl_context = _ssl_context(ca_bundle)
    transport = httpx.AsyncHTTPTransport(verify=ssl_context, trust_env=False, limits=limits)
    # httpx 0.28 takes no network backend, so its pool is swapped for one that has ours;
    # proxies from the environment are deliberately not used (they would resolve for us)
    transport._pool = httpcore.AsyncConnectionPool(
        ssl_context=ssl_context,
        max_connections=limits.max_connections,
        max_keepalive_connections=limits.max_keepalive_connections,
        keepalive_expiry=limits.keepalive_expiry,
        network_backend=GuardedBackend(resolve, allow_private_network=allow_private_network),
    )
    return transport
