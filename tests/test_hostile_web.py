"""Politeness under adverse timing: the gap the server sees is never shorter than asked."""

import asyncio
from dataclasses import replace

import httpx
import pytest
from webserver import LoopbackTransport

from tools.web.fetcher import Fetcher, HttpSettings

LOCAL = HttpSettings(allow_private_network=True, per_host_delay=0.0, retries=0)


class SlowFirstRequest(LoopbackTransport):
    """Every first request reaches the server late (a slow connect, a busy accept queue)."""

    def __init__(self, server, lag: float):
        super().__init__(server)
        self.lag = lag

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if len(self.urls) == 0:
            await asyncio.sleep(self.lag)
        return await super().handle_async_request(request)


def arrival_gaps(server):
    times = [r.time for r in server.log]
    return [b - a for a, b in zip(times, times[1:], strict=False)]


@pytest.mark.parametrize("concurrency", [1, 2])
def test_crawl_delay_is_kept_between_arrivals_even_when_a_request_arrives_late(
    web_server, concurrency
):
    delay = 0.4
    web_server.page("/robots.txt", f"User-agent: *\nCrawl-delay: {delay}\n",
                    content_type="text/plain")  # fmt: skip
    for index in range(3):
        web_server.page(f"/p{index}", "page")
    settings = replace(LOCAL, per_host_concurrency=concurrency)

    async def run():
        async with Fetcher(settings, transport=SlowFirstRequest(web_server, lag=0.3)) as fetcher:
            await asyncio.gather(*(fetcher.get(f"http://slow.test/p{i}") for i in range(3)))

    asyncio.run(run())
    assert [r.path for r in web_server.log][0] == "/robots.txt"
    assert len(web_server.log) == 4
    assert min(arrival_gaps(web_server)) >= delay
