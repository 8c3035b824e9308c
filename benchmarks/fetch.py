"""How close the fetcher runs to its politeness bound, and what a warm cache saves.

Serves N sample sites (distinct host names, all resolved to 127.0.0.1 through the fetcher's
resolver hook) from one local server that adds a fixed latency to every response, fetches every
page of every site through one `Fetcher` with an `HttpCache`, then reruns with the warm cache.

The bound is requests × latency ÷ effective concurrency, where effective concurrency =
min(global, hosts × per-host): no fetcher that keeps those limits can finish sooner. A per-host
delay adds its own floor, (requests per host − 1) × delay, printed when it is set.
Nothing leaves the machine; the run is bounded by --timeout and stops by itself.

Usage: PYTHONPATH=. python benchmarks/fetch.py [--hosts 20] [--pages 6] [--latency 0.05]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

from store.http_cache import HttpCache
from tests.webserver import WebServer
from tools.web.fetcher import Fetcher, HttpSettings

PAGE = "<html><head><title>{host} {path}</title></head><body><p>{text}</p></body></html>"


def build_sites(server: WebServer, hosts: list[str], pages: int) -> list[str]:
    """Script every host's robots.txt and pages on `server`; return the page URLs."""
    urls = []
    for host in hosts:
        server.page(
            "/robots.txt", "User-agent: *\nDisallow: /admin\n", host=host, content_type="text/plain"
        )
        for index in range(pages):
            path = f"/page-{index}"
            body = PAGE.format(host=host, path=path, text="Lorem ipsum dolor sit amet. " * 40)
            server.page(path, body, host=host, headers={"ETag": f'"{host}-{index}"'})
            urls.append(server.url(path, host=host))
    return urls


async def run(settings: HttpSettings, urls: list[str], cache: HttpCache, hosts: set[str]):
    """Fetch every URL once; return (requests, wall seconds, failures, CPU seconds)."""

    async def resolve(host: str, port: int) -> list[str]:
        if host in hosts:
            return ["127.0.0.1"]
        raise OSError(f"{host} is not a benchmark host")

    async with Fetcher(settings, resolver=resolve, cache=cache) as fetcher:
        started, cpu = time.perf_counter(), time.process_time()
        results = await asyncio.gather(*(fetcher.get(url) for url in urls))
        wall, cpu = time.perf_counter() - started, time.process_time() - cpu
        requests = fetcher.requests_made
    return requests, wall, sum(not result.ok for result in results), cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--hosts", type=int, default=20)
    parser.add_argument("--pages", type=int, default=6, help="pages per host")
    parser.add_argument("--latency", type=float, default=0.05, help="seconds per response")
    parser.add_argument("--per-host", type=int, default=2, help="per-host concurrency")
    parser.add_argument("--global", dest="global_", type=int, default=16, help="global concurrency")
    parser.add_argument("--delay", type=float, default=0.0, help="per-host delay (seconds)")
    parser.add_argument("--timeout", type=float, default=120.0, help="give up after (seconds)")
    args = parser.parse_args()

    hosts = [f"site-{index:02d}.test" for index in range(args.hosts)]
    settings = HttpSettings(
        allow_private_network=True,  # the sample sites live on 127.0.0.1
        per_host_concurrency=args.per_host,
        global_concurrency=args.global_,
        per_host_delay=args.delay,
        retries=0,
    )
    with WebServer(latency=args.latency) as server, tempfile.TemporaryDirectory() as tmp:
        urls = build_sites(server, hosts, args.pages)
        cache = HttpCache(Path(tmp) / "http-cache.db")
        try:
            cold = asyncio.run(
                asyncio.wait_for(run(settings, urls, cache, set(hosts)), args.timeout)
            )
            warm = asyncio.run(
                asyncio.wait_for(run(settings, urls, cache, set(hosts)), args.timeout)
            )
        finally:
            cache.close()
        served = len(server.log)
        in_flight = server.max_in_flight()

    requests, wall, failures, cpu = cold
    effective = min(args.global_, args.hosts * args.per_host)
    bound = requests * args.latency / effective
    print(
        f"sites: {args.hosts} hosts × {args.pages} pages = {len(urls)} pages, "
        f"latency {args.latency * 1000:.0f} ms, per-host {args.per_host}, global {args.global_}"
    )
    print(
        f"cold run:  requests {requests} (server saw {served - warm[0]}), "
        f"wall {wall:.3f} s, failures {failures}, max in flight {in_flight}"
    )
    # the server's threads share this process, so CPU includes serving the responses
    print(f"process CPU during the cold run: {cpu:.3f} s ({cpu / requests * 1000:.1f} ms/request)")
    print(f"politeness bound: {requests} × {args.latency:.3f} s ÷ {effective} = {bound:.3f} s")
    if args.delay:
        per_host = requests / args.hosts
        floor = (per_host - 1) * args.delay
        print(f"per-host delay floor: ({per_host:.0f} − 1) × {args.delay} s = {floor:.3f} s")
        bound = max(bound, floor)
    print(
        f"ratio wall/bound: {wall / bound:.2f}" if bound else "ratio wall/bound: n/a (no latency)"
    )
    print(f"warm rerun: requests {warm[0]}, wall {warm[1]:.3f} s, failures {warm[2]}")
    return 1 if failures or warm[2] else 0


if __name__ == "__main__":
    sys.exit(main())
