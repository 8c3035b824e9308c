"""HostLeases: the per-host slots, spacing, lease expiry and shared robots.txt of the gates."""

from __future__ import annotations

import asyncio
import time

from tools.web.host_gates import HostLeases, RobotsFile


async def hold(gates: HostLeases, host: str, lease: str, seconds: float, log: list) -> None:
    await gates.acquire(host, lease)
    while (wait := await gates.start(host, lease)) > 0:
        await asyncio.sleep(wait)
    log.append(("start", lease, time.monotonic()))
    await asyncio.sleep(seconds)
    gates.release(host, lease)


def test_host_leases_bound_concurrency_per_host_not_across_hosts():
    gates = HostLeases(concurrency=2, delay=0.0)
    log: list = []

    async def main() -> None:
        open_now, most = {"a": 0, "b": 0}, {"a": 0, "b": 0}

        async def one(host: str, lease: str) -> None:
            await gates.acquire(host, lease)
            await gates.start(host, lease)
            open_now[host] += 1
            most[host] = max(most[host], open_now[host])
            await asyncio.sleep(0.02)
            open_now[host] -= 1
            gates.release(host, lease)

        await asyncio.gather(*(one(host, f"{host}{i}") for host in "ab" for i in range(6)))
        log.append(most)

    asyncio.run(main())
    assert log == [{"a": 2, "b": 2}]


def test_host_leases_space_starts_by_the_delay_raised_by_crawl_delay():
    gates = HostLeases(concurrency=4, delay=0.05)
    log: list = []

    async def main() -> None:
        await gates.raise_delay("a", 0.1)
        await gates.raise_delay("a", 0.02)  # never lowers it
        await asyncio.gather(*(hold(gates, "a", f"l{i}", 0.0, log) for i in range(4)))

    asyncio.run(main())
    starts = sorted(at for _, _, at in log)
    assert min(b - a for a, b in zip(starts, starts[1:], strict=False)) >= 0.1


def test_a_lease_not_renewed_lapses_and_a_renewed_one_does_not():
    gates = HostLeases(concurrency=1, delay=0.0, lease_seconds=0.3)
    log: list = []

    async def main() -> None:
        await gates.acquire("a", "dead")  # its holder never starts nor releases
        await gates.start("a", "dead")
        await hold(gates, "a", "next", 0.0, log)  # waits for the lapse
        await gates.acquire("a", "alive")
        await gates.start("a", "alive")
        for _ in range(4):
            await asyncio.sleep(0.1)
            gates.renew([("a", "alive")], [])
        try:
            await asyncio.wait_for(gates.acquire("a", "blocked"), timeout=0.2)
        except TimeoutError:
            log.append("still held")

    began = time.monotonic()
    asyncio.run(main())
    assert [entry if isinstance(entry, str) else entry[1] for entry in log] == [
        "next", "still held"
    ]
    assert log[0][2] - began >= 0.3


def test_a_cancelled_wait_gives_its_slot_back():
    gates = HostLeases(concurrency=1, delay=0.0)

    async def main() -> str:
        await gates.acquire("a", "first")
        await gates.start("a", "first")
        waiting = asyncio.ensure_future(gates.acquire("a", "gave-up"))
        await asyncio.sleep(0.05)
        waiting.cancel()
        gates.release("a", "first")
        await asyncio.wait_for(gates.acquire("a", "third"), timeout=1.0)
        return "third got the slot"

    assert asyncio.run(main()) == "third got the slot"


def test_robots_txt_is_claimed_once_and_shared_with_every_waiter():
    gates = HostLeases(concurrency=1, delay=0.0)
    robots = RobotsFile(200, "User-agent: *\nDisallow: /\n")

    async def main() -> list:
        first = await gates.claim_robots("https://a.test")
        waiters = [asyncio.ensure_future(gates.claim_robots("https://a.test")) for _ in range(3)]
        await asyncio.sleep(0.05)
        assert not any(waiter.done() for waiter in waiters)
        await gates.share_robots("https://a.test", robots)
        return [first, *await asyncio.gather(*waiters)]

    assert asyncio.run(main()) == [None, robots, robots, robots]


def test_a_failed_robots_fetch_lets_the_next_caller_claim_it():
    gates = HostLeases(concurrency=1, delay=0.0)

    async def main() -> list:
        first = await gates.claim_robots("https://a.test")
        waiter = asyncio.ensure_future(gates.claim_robots("https://a.test"))
        await gates.share_robots("https://a.test", None)
        return [first, await asyncio.wait_for(waiter, timeout=2.0)]

    assert asyncio.run(main()) == [None, None]
