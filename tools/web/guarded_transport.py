"""The default transport: httpx over httpcore pools whose every connection is SSRF-checked.

Built from public seams only. `GuardedTransport` is an `httpx.AsyncBaseTransport` that owns one
`httpcore.AsyncConnectionPool` per origin (scheme, host, port): httpcore scans every connection
of a pool on every request, so one pool for a batch's hundreds of hosts cost more CPU than the
requests themselves; a pool of one host's few connections costs nothing, and a pool unused for
`keepalive_expiry` is closed. Each pool's `network_backend` is `GuardedBackend`, an
`httpcore.AsyncNetworkBackend` that resolves the host itself, refuses the connection when any
answer is not public (unless the private network is allowed) and connects to the checked IP, so
no later DNS lookup can be rebound. TLS still verifies and sends SNI for the host name: httpcore
passes the origin's name to `start_tls`, whatever address the socket went to.

Proxies from the environment are deliberately not used: a proxy would resolve names for us.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import socket
import ssl
import time
from collections.abc import AsyncIterable, AsyncIterator, Iterable, Iterator
from typing import Any

import httpcore
import httpx

from tools.web.ssrf import AddressBlocked, Resolver, non_public

# httpcore's exception classes and the httpx class each becomes; the most specific wins
_HTTPX_ERRORS: dict[type[Exception], type[httpx.TransportError]] = {
    httpcore.TimeoutException: httpx.TimeoutException,
    httpcore.ConnectTimeout: httpx.ConnectTimeout,
    httpcore.ReadTimeout: httpx.ReadTimeout,
    httpcore.WriteTimeout: httpx.WriteTimeout,
    httpcore.PoolTimeout: httpx.PoolTimeout,
    httpcore.NetworkError: httpx.NetworkError,
    httpcore.ConnectError: httpx.ConnectError,
    httpcore.ReadError: httpx.ReadError,
    httpcore.WriteError: httpx.WriteError,
    httpcore.ProxyError: httpx.ProxyError,
    httpcore.UnsupportedProtocol: httpx.UnsupportedProtocol,
    httpcore.ProtocolError: httpx.ProtocolError,
    httpcore.LocalProtocolError: httpx.LocalProtocolError,
    httpcore.RemoteProtocolError: httpx.RemoteProtocolError,
}


@contextlib.contextmanager
def _as_httpx_errors() -> Iterator[None]:
    """Re-raise httpcore's exceptions as httpx's; anything else (`AddressBlocked`) as it is."""
    try:
        yield
    except Exception as exc:
        kind = next((_HTTPX_ERRORS[c] for c in type(exc).__mro__ if c in _HTTPX_ERRORS), None)
        if kind is None:
            raise
        raise kind(str(exc)) from exc


class HostNotFound(httpx.ConnectError):
    """The host's name does not exist (NXDOMAIN): asking again cannot change that."""


# getaddrinfo's answers for a name that does not exist, as opposed to a DNS server that failed
_NO_SUCH_NAME = {
    code
    for code in (getattr(socket, "EAI_NONAME", None), getattr(socket, "EAI_NODATA", None))
    if code is not None
}


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """Connect only to addresses the resolver returned and the guard accepts."""

    def __init__(self, resolve: Resolver, *, allow_private_network: bool = False):
        self._resolve = resolve
        self._allow_private = allow_private_network
        self._sockets = httpcore.AnyIOBackend()

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
            if isinstance(exc, socket.gaierror) and exc.errno in _NO_SUCH_NAME:
                raise HostNotFound(f"cannot resolve {host}: {exc}") from exc
            raise httpcore.ConnectError(f"cannot resolve {host}: {exc}") from exc
        if not self._allow_private:
            blocked = non_public(addresses)
            if blocked or not addresses:
                raise AddressBlocked(f"{host} resolves to non-public {', '.join(blocked)}")
        error: Exception = httpcore.ConnectError(f"{host} has no address")
        for address in addresses:
            try:
                return await self._sockets.connect_tcp(
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
    ) -> httpcore.AsyncNetworkStream:
        """Refuse: the fetcher only speaks TCP."""
        raise httpcore.ConnectError("unix sockets are not fetched")

    async def sleep(self, seconds: float) -> None:
        """Sleep (used by httpcore's connection retries)."""
        await self._sockets.sleep(seconds)


class _ResponseBody(httpx.AsyncByteStream):
    """A response body read from httpcore, its errors turned into httpx's."""

    def __init__(self, chunks: AsyncIterable[bytes], origin: _Origin):
        self._chunks = chunks
        self._origin: _Origin | None = origin

    async def __aiter__(self) -> AsyncIterator[bytes]:
        with _as_httpx_errors():
            async for chunk in self._chunks:
                yield chunk

    async def aclose(self) -> None:
        """Release the connection back to the pool."""
        close = getattr(self._chunks, "aclose", None)
        try:
            if close is not None:
                await close()
        finally:
            if self._origin is not None:
                self._origin.release()
                self._origin = None


@functools.cache
def _ssl_context(ca_bundle: str | None = None) -> ssl.SSLContext:
    """Return the verifying TLS context (loading CA certificates is slow, so it is shared).

    `ca_bundle` (a PEM file) is trusted in addition to the system's certificates.
    """
    context = httpx.create_ssl_context(trust_env=False)
    if ca_bundle:
        context.load_verify_locations(cafile=ca_bundle)
    return context


class _Origin:
    """One origin's connection pool, with its open responses and when it was last used."""

    def __init__(self, pool: httpcore.AsyncConnectionPool):
        self.pool = pool
        self.open = 0
        self.used = time.monotonic()

    def acquire(self) -> None:
        """Count a request sent to the origin."""
        self.open += 1
        self.used = time.monotonic()

    def release(self) -> None:
        """Count a response of the origin read or given up."""
        self.open -= 1
        self.used = time.monotonic()


class GuardedTransport(httpx.AsyncBaseTransport):
    """An httpx transport whose every connection goes through `GuardedBackend`.

    `limits` apply per origin (the fetcher caps requests per host and in total upstream).
    """

    def __init__(
        self,
        resolve: Resolver,
        *,
        allow_private_network: bool,
        limits: httpx.Limits,
        ca_bundle: str | None = None,
    ):
        self._limits = limits
        self._ssl = _ssl_context(ca_bundle)
        self._backend = GuardedBackend(resolve, allow_private_network=allow_private_network)
        self._origins: dict[tuple[bytes, bytes, int | None], _Origin] = {}
        self._swept = time.monotonic()

    def _origin(self, key: tuple[bytes, bytes, int | None]) -> _Origin:
        origin = self._origins.get(key)
        if origin is None:
            origin = self._origins[key] = _Origin(
                httpcore.AsyncConnectionPool(
                    ssl_context=self._ssl,
                    max_connections=self._limits.max_connections,
                    max_keepalive_connections=self._limits.max_keepalive_connections,
                    keepalive_expiry=self._limits.keepalive_expiry,
                    network_backend=self._backend,
                )
            )
        return origin

    async def _sweep(self) -> None:
        """Close the pools of origins nothing was asked of for `keepalive_expiry` seconds."""
        expiry = self._limits.keepalive_expiry
        now = time.monotonic()
        if expiry is None or now - self._swept < expiry:
            return
        self._swept = now
        idle = [
            key for key, origin in self._origins.items()
            if origin.open == 0 and now - origin.used >= expiry
        ]  # fmt: skip
        for key in idle:
            await self._origins.pop(key).pool.aclose()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Send `request` through its origin's guarded pool."""
        if not isinstance(request.stream, httpx.AsyncByteStream):
            raise TypeError("GuardedTransport needs an async request body")
        url = request.url
        await self._sweep()
        origin = self._origin((url.raw_scheme, url.raw_host, url.port))
        outgoing = httpcore.Request(
            method=request.method,
            url=httpcore.URL(
                scheme=url.raw_scheme, host=url.raw_host, port=url.port, target=url.raw_path
            ),
            headers=request.headers.raw,
            content=request.stream,
            extensions=request.extensions,
        )
        origin.acquire()
        try:
            with _as_httpx_errors():
                response = await origin.pool.handle_async_request(outgoing)
            if not isinstance(response.stream, AsyncIterable):
                raise TypeError("httpcore's async pool returned a sync body")
        except BaseException:
            origin.release()
            raise
        return httpx.Response(
            status_code=response.status,
            headers=response.headers,
            stream=_ResponseBody(response.stream, origin),
            extensions=response.extensions,
        )

    async def aclose(self) -> None:
        """Close every pooled connection."""
        origins, self._origins = list(self._origins.values()), {}
        for origin in origins:
            await origin.pool.aclose()
