"""Per-host request slots and spacing, and robots.txt shared by every fetcher that asks.

    HostLeases   the manners of many hosts in one place: a host's requests in flight, the
                 spacing between their starts, its Crawl-delay, and its robots.txt file.
                 A `Fetcher` holds one for itself; on a cluster one `HostLeases` per host shard
                 runs as a Ray actor (`agent.cluster.gates`), so the limits hold for every
                 worker at once.

A request takes a lease (`acquire`, which waits for a free slot and for the host's start
turn and spacing), then `start`s once the fetcher has its own global slot, `stamp`s when the
answer's headers arrive and `release`s when done. Leases are named by the caller and expire
after `lease_seconds` unless `renew`ed, so a worker killed mid-request holds a host no longer
than that (cluster workers renew theirs every few seconds and use a short lease).
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from typing import Protocol

from tools.web.result import FetchErrorKind


@dataclass(frozen=True)
class RobotsFile:
    """A fetched robots.txt, as every fetcher that shares it needs it."""

    status: int | None
    """HTTP status; None when it could not be fetched."""
    text: str = ""
    error: FetchErrorKind | None = None
    """The fetch error ("network", "timeout", ...) when there was one."""
    detail: str | None = None


class HostGates(Protocol):
    """What a `Fetcher` needs of the per-host manners (in this process or cluster-wide)."""

    async def acquire(self, host: str, lease: str) -> None:
        """Wait for a slot and the start turn of `host`, and for its spacing to have passed."""

    async def start(self, host: str, lease: str) -> float:
        """Stamp the start and give the turn up (<= 0), or say how long to wait still (> 0)."""

    def stamp(self, host: str) -> None:
        """Record that the host saw a request of ours no later than now."""

    def release(self, host: str, lease: str) -> None:
        """Give the slot of `lease` back (also when it was never granted: then it is dropped)."""

    async def raise_delay(self, host: str, delay: float) -> None:
        """Space the host's requests at least `delay` seconds apart (robots.txt Crawl-delay)."""

    async def claim_robots(self, origin: str) -> RobotsFile | None:
        """Return the origin's shared robots.txt, or None: then the caller fetches and shares it."""

    async def share_robots(self, origin: str, robots: RobotsFile | None) -> None:
        """Share what the claimer fetched (None: it failed; the next caller tries)."""


@dataclass
class _Host:
    limit: int
    delay: float
    last_start: float = float("-inf")
    holders: dict[str, float] = field(default_factory=dict)
    """Leases holding a slot, with when they were granted."""
    turn: str | None = None
    """The lease allowed to start next (starts are serialised per host)."""
    changed: asyncio.Event = field(default_factory=asyncio.Event)


class HostLeases:
    """Slots, spacing, Crawl-delays and robots.txt of many hosts (see the module docstring)."""

    def __init__(
        self,
        concurrency: int,
        delay: float,
        lease_seconds: float = 300.0,
        limits: dict[str, int] | None = None,
    ):
        """Give every host `concurrency` slots and `delay` spacing; `limits` name other bounds.

        `limits` maps a key to its own number of slots (the LLM endpoint's requests in flight).
        """
        self.concurrency = max(1, concurrency)
        self.limits = dict(limits or {})
        self.delay = delay
        self.lease_seconds = lease_seconds
        self._hosts: dict[str, _Host] = {}
        self._dropped: set[str] = set()
        self._robots: dict[str, RobotsFile] = {}
        self._robots_claims: dict[str, tuple[float, asyncio.Event]] = {}
        """Origins whose robots.txt a fetcher is fetching: since when (renewed), and its event."""

    def _host(self, host: str) -> _Host:
        state = self._hosts.get(host)
        if state is None:
            limit = max(1, self.limits.get(host, self.concurrency))
            state = self._hosts[host] = _Host(limit, self.delay)
        return state

    async def acquire(self, host: str, lease: str) -> None:
        """Wait for a slot and the start turn of `host`, and for its spacing to have passed."""
        state = self._host(host)
        try:
            while True:
                self._expire(state)
                if lease in self._dropped:  # the caller gave up while waiting
                    self._dropped.discard(lease)
                    return
                if len(state.holders) < state.limit and state.turn is None:
                    break
                changed = state.changed
                try:
                    await asyncio.wait_for(changed.wait(), timeout=1.0)
                except TimeoutError:
                    pass  # look again: a lease may have expired
            state.holders[lease] = time.monotonic()
            state.turn = lease
            while (wait := state.last_start + state.delay - time.monotonic()) > 0:
                await asyncio.sleep(wait)
        except asyncio.CancelledError:
            self.release(host, lease)
            raise

    async def start(self, host: str, lease: str) -> float:
        """Stamp the start and give the turn up (<= 0), or say how long to wait still (> 0)."""
        state = self._host(host)
        wait = state.last_start + state.delay - time.monotonic()
        if wait <= 0:
            state.last_start = time.monotonic()
            if state.turn == lease:
                state.turn = None
                self._notify(state)
        return wait

    def stamp(self, host: str) -> None:
        """Record that the host saw a request of ours no later than now."""
        state = self._host(host)
        state.last_start = max(state.last_start, time.monotonic())

    def release(self, host: str, lease: str) -> None:
        """Give the slot of `lease` back (also when it was never granted: then it is dropped)."""
        state = self._host(host)
        if state.holders.pop(lease, None) is None and state.turn != lease:
            self._dropped.add(lease)
        if state.turn == lease:
            state.turn = None
        self._notify(state)

    async def raise_delay(self, host: str, delay: float) -> None:
        """Space the host's requests at least `delay` seconds apart (robots.txt Crawl-delay)."""
        state = self._host(host)
        state.delay = max(state.delay, delay)

    async def claim_robots(self, origin: str) -> RobotsFile | None:
        """Return the origin's shared robots.txt, or None: then the caller fetches and shares it."""
        while True:
            if (robots := self._robots.get(origin)) is not None:
                return robots
            claim = self._robots_claims.get(origin)
            if claim is None or time.monotonic() - claim[0] > self.lease_seconds:
                self._robots_claims[origin] = (time.monotonic(), asyncio.Event())
                return None
            try:
                await asyncio.wait_for(claim[1].wait(), timeout=1.0)
            except TimeoutError:
                pass

    async def share_robots(self, origin: str, robots: RobotsFile | None) -> None:
        """Share what the claimer fetched (None: it failed; the next caller tries)."""
        if robots is not None:
            self._robots[origin] = robots
        claim = self._robots_claims.pop(origin, None)
        if claim is not None:
            claim[1].set()

    def renew(self, leases: list[tuple[str, str]], origins: list[str]) -> None:
        """Keep alive the leases (host, lease) and robots.txt claims (origins) of a live worker."""
        now = time.monotonic()
        for host, lease in leases:
            state = self._hosts.get(host)
            if state is not None and lease in state.holders:
                state.holders[lease] = now
        for origin in origins:
            if (claim := self._robots_claims.get(origin)) is not None:
                self._robots_claims[origin] = (now, claim[1])

    def _expire(self, state: _Host) -> None:
        """Free the slots of leases held longer than `lease_seconds` (their holder is gone)."""
        oldest = time.monotonic() - self.lease_seconds
        for lease, granted in list(state.holders.items()):
            if granted < oldest:
                del state.holders[lease]
                if state.turn == lease:
                    state.turn = None

    @staticmethod
    def _notify(state: _Host) -> None:
        state.changed.set()
        state.changed = asyncio.Event()
