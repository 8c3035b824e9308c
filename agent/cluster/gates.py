"""Politeness for the whole cluster: `HostLeases` actors, each owning a shard of the hosts.

A host (by a stable hash of its name) always goes to the same actor, so its slots, the
spacing of its requests, its Crawl-delay and its robots.txt are one state for every worker:
a company site, and a job-board API that many accounts share, see the same limits as from
one machine. The LLM endpoint is one more key (`LLM_KEY`) with `llm_concurrency` slots, so
the requests in flight to it are bounded for the whole cluster too.
"""

from __future__ import annotations

import asyncio
import uuid
import zlib
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any
from urllib.parse import urlsplit

import ray

from agent.settings import Settings
from tools.web.fetcher import HttpSettings
from tools.web.host_gates import HostLeases, RobotsFile

LLM_KEY = "llm endpoint"
"""The key of the LLM's requests in flight (not a host name: it contains a space)."""
LEASE_SECONDS = 10.0
"""A lease not renewed for this long belongs to a worker that is gone: its slot is freed."""
RENEW_SECONDS = 2.0
"""How often a worker renews the leases and robots.txt claims it holds."""
HOSTS_PER_SHARD_CPUS = 16
"""One gate actor per this many cluster CPUs (at least one, at most `MAX_SHARDS`)."""
MAX_SHARDS = 16


def start_gates(manners: HttpSettings, settings: Settings) -> list[Any]:
    """Start the run's gate actors (they end with the driver) and return their handles."""
    cpus = int(ray.cluster_resources().get("CPU", 1))
    shards = min(MAX_SHARDS, max(1, cpus // HOSTS_PER_SHARD_CPUS))
    actor = ray.remote(HostLeases).options(
        num_cpus=0, max_restarts=-1, max_task_retries=-1, max_concurrency=100_000
    )
    limits = {LLM_KEY: settings.llm_concurrency}
    return [
        actor.remote(manners.per_host_concurrency, manners.per_host_delay, LEASE_SECONDS, limits)
        for _ in range(shards)
    ]


class ClusterHostGates:
    """The `HostGates` a worker's fetcher uses: every call goes to the host's shard actor.

    While it holds leases or robots.txt claims, a task renews them every `RENEW_SECONDS`;
    when its process dies, they lapse within `LEASE_SECONDS` and other workers go on.
    """

    def __init__(self, actors: list[Any]):
        self.actors = actors
        self._leases: dict[str, str] = {}
        """Leases held (lease → host)."""
        self._claims: set[str] = set()
        """Origins whose robots.txt this worker claimed and is fetching."""
        self._renewing: asyncio.Task[None] | None = None

    def _actor(self, host: str) -> Any:
        return self.actors[self._shard(host)]

    async def aclose(self) -> None:
        """Stop renewing."""
        if self._renewing is not None:
            self._renewing.cancel()
            self._renewing = None

    def _keep_alive(self) -> None:
        if self._renewing is None:
            self._renewing = asyncio.ensure_future(self._renew())

    async def _renew(self) -> None:
        while True:
            await asyncio.sleep(RENEW_SECONDS)
            shards: dict[int, tuple[list[tuple[str, str]], list[str]]] = {}
            for lease, host in self._leases.items():
                shards.setdefault(self._shard(host), ([], []))[0].append((host, lease))
            for origin in self._claims:
                shards.setdefault(self._shard(_host_of(origin)), ([], []))[1].append(origin)
            for shard, (leases, origins) in shards.items():
                self.actors[shard].renew.remote(leases, origins)

    def _shard(self, host: str) -> int:
        return zlib.crc32(host.encode("utf-8")) % len(self.actors)

    async def acquire(self, host: str, lease: str) -> None:
        """Wait for a slot and the start turn of `host`, and for its spacing to have passed."""
        actor = self._actor(host)
        self._keep_alive()
        self._leases[lease] = host
        try:
            await actor.acquire.remote(host, lease)
        except asyncio.CancelledError:
            self.release(host, lease)  # a deadline gave up: the slot must not leak
            raise

    async def start(self, host: str, lease: str) -> float:
        """Stamp the start and give the turn up (<= 0), or say how long to wait still (> 0)."""
        return float(await self._actor(host).start.remote(host, lease))

    def stamp(self, host: str) -> None:
        """Record that the host saw a request of ours no later than now."""
        self._actor(host).stamp.remote(host)

    def release(self, host: str, lease: str) -> None:
        """Give the slot of `lease` back."""
        self._leases.pop(lease, None)
        self._actor(host).release.remote(host, lease)

    async def raise_delay(self, host: str, delay: float) -> None:
        """Space the host's requests at least `delay` seconds apart, cluster-wide."""
        await self._actor(host).raise_delay.remote(host, delay)

    async def claim_robots(self, origin: str) -> RobotsFile | None:
        """Return the origin's robots.txt if a worker fetched it, or None: fetch and share it."""
        self._keep_alive()
        robots: RobotsFile | None = await self._actor(_host_of(origin)).claim_robots.remote(origin)
        if robots is None:
            self._claims.add(origin)
        return robots

    async def share_robots(self, origin: str, robots: RobotsFile | None) -> None:
        """Share a fetched robots.txt with every worker (None: the fetch failed)."""
        self._claims.discard(origin)
        await self._actor(_host_of(origin)).share_robots.remote(origin, robots)

    def limit(self, key: str) -> Callable[[], AbstractAsyncContextManager[None]]:
        """Return a maker of cluster-wide slots of `key` (the LLM client's `limit`)."""

        @asynccontextmanager
        async def slot() -> AsyncIterator[None]:
            lease = uuid.uuid4().hex
            await self.acquire(key, lease)
            try:
                while (wait := await self.start(key, lease)) > 0:
                    await asyncio.sleep(wait)
                yield
            finally:
                self.release(key, lease)

        return slot


def _host_of(origin: str) -> str:
    """Return the host of `scheme://host[:port]` (robots.txt shards by host, like requests)."""
    return (urlsplit(origin).hostname or "").lower()
