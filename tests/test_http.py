"""The fetcher's manners, tested over real HTTP against servers on 127.0.0.1."""

import asyncio
import email.utils
import ipaddress
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from webserver import LoopbackTransport, Reply, WebServer

from tools.web.fetcher import Fetcher, HttpSettings
from tools.web.result import FetchResult, cut_body
from tools.web.retry import retry_after
from tools.web.robots import parse_robots, rules_from_response
from tools.web.ssrf import is_public_address

pytest_plugins = ["conftest_web"]

# the test server is on 127.0.0.1, so the guard is lifted except in the SSRF tests
LOCAL = HttpSettings(allow_private_network=True, per_host_delay=0.0, backoff_base=0.01)
UA = LOCAL.user_agent


def fetch(settings: HttpSettings, *urls: str, **kwargs) -> list[FetchResult]:
    """Fetch `urls` concurrently with a fresh Fetcher."""

    async def go():
        async with Fetcher(settings, **kwargs) as fetcher:
            return await asyncio.gather(*(fetcher.get(url) for url in urls))

    return asyncio.run(go())


def fake_resolver(table: dict[str, list[str]]):
    async def resolve(host: str, port: int) -> list[str]:
        if host in table:
            return table[host]
        try:
            return [str(ipaddress.ip_address(host.strip("[]")))]
        except ValueError:
            raise OSError(f"unknown host {host}") from None

    return resolve


def gaps(server: WebServer, prefix: str) -> list[float]:
    times = [r.time for r in server.log if r.path.startswith(prefix)]
    return [later - earlier for earlier, later in zip(times, times[1:], strict=False)]


def assert_spaced(server: WebServer, prefix: str, delay: float, count: int) -> None:
    """Assert `count` requests arrived at least `delay` apart (server-side, so with slack)."""
    spacing = gaps(server, prefix)
    assert len(spacing) == count - 1
    # arrival jitter does not add up over a span, so the span carries the strict check and
    # each gap only has to show the requests were not bunched
    assert sum(spacing) >= (count - 1) * delay - 0.05
    assert min(spacing) >= delay / 2


# -- SSRF guard ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("8.8.8.8", True),
        ("93.184.216.34", True),
        ("2606:4700:4700::1111", True),
        ("::ffff:8.8.8.8", True),
        ("64:ff9b::808:808", True),
        ("10.0.0.1", False),
        ("172.16.5.4", False),
        ("192.168.1.1", False),
        ("127.0.0.1", False),
        ("127.8.9.10", False),
        ("169.254.169.254", False),
        ("100.64.0.1", False),
        ("0.0.0.0", False),
        ("255.255.255.255", False),
        ("224.0.0.1", False),
        ("239.255.255.250", False),
        ("240.0.0.1", False),
        ("192.0.2.1", False),
        ("198.18.0.1", False),
        ("::1", False),
        ("[::1]", False),
        ("::", False),
        ("fe80::1", False),
        ("fe80::1%eth0", False),
        ("fc00::1", False),
        ("fd12:3456::1", False),
        ("fec0::1", False),
        ("ff02::1", False),
        ("2001:db8::1", False),
        ("::ffff:10.0.0.1", False),
        ("::ffff:127.0.0.1", False),
        ("::ffff:169.254.169.254", False),
        ("64:ff9b::a00:1", False),
        ("2002:a00:1::", False),
        ("::a00:1", False),
        ("not-an-ip", False),
    ],
)
def test_is_public_address_table(address, public):
    assert is_public_address(address) is public


@pytest.mark.parametrize(
    "target",
    [
        "http://10.0.0.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/",
        "http://[::ffff:10.0.0.1]/",
        "http://127.0.0.1/admin",
        "http://localhost/",
        "http://internal.test/",
    ],
)
def test_fetcher_refuses_redirect_to_private_address(web_server, target):
    web_server.redirect("/go", target, host="public.test")
    transport = LoopbackTransport(web_server)
    resolver = fake_resolver({
        "public.test": ["93.184.216.34"], "localhost": ["127.0.0.1"],
        "internal.test": ["93.184.216.35", "10.1.2.3"],
    })  # fmt: skip
    settings = replace(LOCAL, allow_private_network=False)
    [result] = fetch(settings, "http://public.test/go", transport=transport, resolver=resolver)
    assert (result.error, result.status, result.final_url) == (
        "blocked_private_address",
        None,
        target,
    )
    assert web_server.paths() == ["/robots.txt", "/go"]
    assert transport.urls == ["http://public.test/robots.txt", "http://public.test/go"]


def test_fetcher_refuses_loopback_server_before_connecting(web_server):
    web_server.page("/", "hello")
    results = fetch(HttpSettings(), web_server.url("/"), f"http://2130706433:{web_server.port}/")
    assert [(r.error, r.status) for r in results] == [("blocked_private_address", None)] * 2
    assert web_server.log == []


@pytest.mark.parametrize(
    ("url", "error"),
    [
        ("ftp://example.com/file", "invalid_url"),
        ("http:///nohost", "invalid_url"),
        ("http://[bad/", "invalid_url"),
        ("http://acme.test:99999/", "invalid_url"),
        ("http://acme.test:abc/", "invalid_url"),
        ("http://unknown.test/", "network"),
    ],
)
def test_fetcher_records_bad_urls(url, error):
    settings = replace(LOCAL, allow_private_network=False, retries=0)
    [result] = fetch(settings, url, resolver=fake_resolver({}))
    assert result.error == error


@pytest.mark.parametrize("location", ["file:///etc/passwd", "gopher://x.test/", "http://[bad/"])
def test_fetcher_refuses_redirect_to_bad_url(web_server, location):
    web_server.redirect("/go", location)
    [result] = fetch(LOCAL, web_server.url("/go"))
    assert (result.error, result.final_url) == ("invalid_url", location)


# -- robots.txt ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("robots", "disallowed"),
    [
        ("User-agent: *\nDisallow: /private\n", ["/private/page"]),
        ("User-agent: *\nDisallow: /\n\nUser-agent: icp-agent\nDisallow: /no-bots\n", ["/no-bots"]),
        ("User-agent: otherbot\nDisallow: /\n", []),
        ("User-agent: *\nDisallow: /*.php$\nDisallow: /private/\n", ["/private/page", "/x.php"]),
    ],
)
def test_fetcher_never_requests_disallowed_pages(web_server, robots, disallowed):
    web_server.page("/robots.txt", robots, content_type="text/plain")
    paths = ["/public", "/private/page", "/no-bots", "/x.php"]
    for path in paths:
        web_server.page(path, f"page {path}")
    results = fetch(LOCAL, *(web_server.url(path) for path in paths))
    expected = ["robots_disallowed" if path in disallowed else None for path in paths]
    assert [r.error for r in results] == expected
    assert web_server.paths()[0] == "/robots.txt"
    assert sorted(web_server.paths()[1:]) == sorted(set(paths) - set(disallowed))


@pytest.mark.parametrize(
    ("robots", "allowed"),
    [
        (Reply(404, "nope"), True),
        (Reply(410, ""), True),
        (Reply(503, "down"), False),
        (Reply(429, "slow"), False),
        (Reply(200, "User-agent: *\nDisallow:\n", content_type="application/octet-stream"), True),
        (Reply(200, "User-agent: *\nDisallow: /\n"), False),
    ],
)
def test_fetcher_robots_status_rules(web_server, robots, allowed):
    web_server.route("/robots.txt", robots)
    web_server.page("/page", "page")
    [result] = fetch(replace(LOCAL, retries=0), web_server.url("/page"))
    assert (result.error is None) is allowed
    assert web_server.paths() == (["/robots.txt", "/page"] if allowed else ["/robots.txt"])


def test_fetcher_custom_user_agent_sent_and_used_for_robots(web_server):
    web_server.page("/robots.txt", "User-agent: acmebot\nDisallow: /secret\n")
    web_server.page("/open", "open")
    web_server.page("/secret", "secret")
    settings = replace(LOCAL, user_agent="AcmeBot/2.0 (+https://acme.example/bot)")
    results = fetch(settings, web_server.url("/open"), web_server.url("/secret"))
    assert [r.error for r in results] == [None, "robots_disallowed"]
    assert {r.headers["user-agent"] for r in web_server.log} == {settings.user_agent}


def test_default_user_agent_identifies_the_bot(web_server):
    web_server.page("/", "home")
    fetch(replace(LOCAL, obey_robots=False), web_server.url("/"))
    assert web_server.log[0].headers["user-agent"] == UA
    assert UA.startswith("icp-agent/") and "+http" in UA


@pytest.mark.parametrize(
    ("text", "delay"),
    [
        ("User-agent: *\nCrawl-delay: 2\n", 2.0),
        ("User-agent: *\nRequest-rate: 1/5\n", 5.0),
        ("User-agent: icp-agent\nCrawl-delay: 3\n\nUser-agent: *\nCrawl-delay: 1\n", 3.0),
        ("User-agent: *\nDisallow: /x\n", 0.0),
    ],
)
def test_robots_delay(text, delay):
    assert parse_robots(text).delay(UA) == delay


def test_rules_from_unreachable_robots_deny_all():
    rules = rules_from_response(None, "")
    assert (rules.allows("https://a.com/", UA), rules.reason) == (
        False,
        "robots.txt unavailable (unreachable)",
    )


def test_fetcher_honours_crawl_delay(web_server):
    web_server.page("/robots.txt", "User-agent: *\nCrawl-delay: 0.2\n", content_type="text/plain")
    for index in range(4):
        web_server.page(f"/p{index}", "page")
    fetch(LOCAL, *(web_server.url(f"/p{index}") for index in range(4)))
    assert_spaced(web_server, "/", 0.2, count=5)  # robots.txt, then the four pages


def test_fetcher_honours_per_host_delay(web_server):
    for index in range(4):
        web_server.page(f"/p{index}", "page")
    settings = replace(LOCAL, per_host_delay=0.15, obey_robots=False)
    fetch(settings, *(web_server.url(f"/p{index}") for index in range(4)))
    assert_spaced(web_server, "/p", 0.15, count=4)


# -- concurrency -----------------------------------------------------------------------------


def test_fetcher_limits_per_host_concurrency(web_server):
    web_server.latency = 0.15
    for index in range(6):
        web_server.page(f"/p{index}", "page")
    settings = replace(LOCAL, obey_robots=False)
    results = fetch(settings, *(web_server.url(f"/p{index}") for index in range(6)))
    assert all(r.ok for r in results)
    assert web_server.max_in_flight("127.0.0.1") == 2


def test_fetcher_limits_global_concurrency(web_server):
    web_server.latency = 0.15
    web_server.page("/p", "page")
    hosts = ["a.test", "b.test", "c.test"]
    resolver = fake_resolver({host: ["127.0.0.1"] for host in hosts})
    settings = replace(LOCAL, obey_robots=False, global_concurrency=3, per_host_concurrency=2)
    urls = [web_server.url(f"/p?{i}", host=host) for host in hosts for i in range(3)]
    results = fetch(settings, *urls, resolver=resolver)
    assert all(r.ok for r in results)
    assert web_server.max_in_flight() == 3
    assert max(web_server.max_in_flight(host) for host in hosts) <= 2


# -- timeouts and retries --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reply", "settings"),
    [
        (Reply(200, "late", delay=2.0), replace(LOCAL, read_timeout=0.2)),
        (Reply(200, "late body", body_delay=2.0), replace(LOCAL, read_timeout=0.2)),
        (Reply(200, "late body", body_delay=2.0), replace(LOCAL, total_timeout=0.3)),
    ],
)
def test_fetcher_records_timeout(web_server, reply, settings):
    web_server.route("/slow", reply)
    [result] = fetch(replace(settings, obey_robots=False, retries=1), web_server.url("/slow"))
    assert (result.error, result.status, result.attempts) == ("timeout", None, 2)
    assert web_server.paths() == ["/slow", "/slow"]


def test_fetcher_records_refused_connection():
    [result] = fetch(replace(LOCAL, retries=0, obey_robots=False), "http://127.0.0.1:9/")
    assert result.error == "network"


def test_fetcher_retries_429_after_retry_after(web_server):
    web_server.route(
        "/busy", Reply(429, "slow down", headers={"Retry-After": "1"}), Reply(200, "ok")
    )
    [result] = fetch(replace(LOCAL, obey_robots=False), web_server.url("/busy"))
    assert (result.status, result.text, result.attempts) == (200, "ok", 2)
    # backoff alone would wait ~0.01 s: the gap shows Retry-After was honoured
    assert gaps(web_server, "/busy")[0] >= 0.8


def test_fetcher_gives_up_when_retry_after_too_long(web_server):
    web_server.route("/busy", Reply(429, "come back tomorrow", headers={"Retry-After": "86400"}))
    [result] = fetch(replace(LOCAL, obey_robots=False), web_server.url("/busy"))
    assert (result.status, result.error, result.attempts) == (429, None, 1)


@pytest.mark.parametrize(
    ("replies", "status", "requests"),
    [
        ([Reply(503), Reply(200, "ok")], 200, 2),
        ([Reply(502), Reply(504), Reply(200, "ok")], 200, 3),
        ([Reply(408), Reply(200, "ok")], 200, 2),
        ([Reply(500)], 500, 3),
        ([Reply(404)], 404, 1),
        ([Reply(403)], 403, 1),
    ],
)
def test_fetcher_retries_transient_statuses(web_server, replies, status, requests):
    web_server.route("/page", *replies)
    [result] = fetch(replace(LOCAL, obey_robots=False, retries=2), web_server.url("/page"))
    assert (result.status, result.attempts, len(web_server.paths())) == (status, requests, requests)


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("5", 5.0),
        ("0", 0.0),
        ("-3", 0.0),
        (None, None),
        ("soon", None),
        (email.utils.format_datetime(datetime.now(UTC) - timedelta(hours=1), usegmt=True), 0.0),
    ],
)
def test_retry_after_seconds(value, seconds):
    assert retry_after({} if value is None else {"retry-after": value}) == seconds


def test_retry_after_seconds_http_date():
    later = email.utils.format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True)
    assert 25 <= retry_after({"retry-after": later}) <= 30


# -- redirects, size and type ----------------------------------------------------------------


@pytest.mark.parametrize(("max_redirects", "error"), [(3, None), (2, "too_many_redirects")])
def test_fetcher_limits_redirects(web_server, max_redirects, error):
    web_server.redirect("/a", "/b", status=301)
    web_server.redirect("/b", web_server.url("/c"))
    web_server.redirect("/c", "/d", status=307)
    web_server.page("/d", "done")
    settings = replace(LOCAL, obey_robots=False, max_redirects=max_redirects)
    [result] = fetch(settings, web_server.url("/a"))
    assert result.error == error
    # when the limit is hit, final_url is the hop that was not followed
    assert (result.url, result.final_url) == (web_server.url("/a"), web_server.url("/d"))
    assert web_server.paths() == ["/a", "/b", "/c", "/d"][: max_redirects + 1]


def test_fetcher_stops_redirect_loop(web_server):
    web_server.redirect("/a", "/b")
    web_server.redirect("/b", "/a")
    [result] = fetch(replace(LOCAL, obey_robots=False), web_server.url("/a"))
    assert result.error == "too_many_redirects"
    assert len(web_server.log) == LOCAL.max_redirects + 1


@pytest.mark.parametrize(
    ("size", "max_bytes", "truncated"),
    [
        (10 * 1024 * 1024, 100_000, True),
        (6 * 1024 * 1024, 5 * 1024 * 1024, True),
        (5000, 5000, False),
    ],
)
def test_fetcher_caps_body_size(web_server, size, max_bytes, truncated):
    web_server.route("/huge", Reply(200, size=size, content_type="text/plain"))
    settings = replace(LOCAL, obey_robots=False, max_bytes=max_bytes)
    [result] = fetch(settings, web_server.url("/huge"))
    assert (result.ok, result.truncated, len(result.content)) == (
        True,
        truncated,
        min(size, max_bytes),
    )


def test_default_size_cap_is_5_mb():
    assert HttpSettings().max_bytes == 5 * 1024 * 1024


@pytest.mark.parametrize(
    ("body", "limit", "expected"),
    [
        (b"abcdef", 10, b"abcdef"),
        (b"abcdef", 3, b"abc"),
        ("aé".encode(), 2, b"a"),
        ("aé".encode(), 3, "aé".encode()),
        ("a€b".encode(), 3, b"a"),
        ("a€b".encode(), 4, "a€".encode()),
        ("a😀".encode(), 4, b"a"),
        ("a😀".encode(), 5, "a😀".encode()),
    ],
)
def test_cut_body_keeps_whole_characters(body, limit, expected):
    assert cut_body(body, limit) == expected


@pytest.mark.parametrize(
    ("content_type", "error", "body"),
    [
        ("text/html; charset=utf-8", None, b"data"),
        ("application/json", None, b"data"),
        ("application/ld+json", None, b"data"),
        ("text/plain", None, b"data"),
        ("application/pdf", "unsupported_content_type", b""),
        ("image/png", "unsupported_content_type", b""),
    ],
)
def test_fetcher_checks_content_type(web_server, content_type, error, body):
    web_server.page("/file", "data", content_type=content_type)
    [result] = fetch(replace(LOCAL, obey_robots=False), web_server.url("/file"))
    assert (result.status, result.error, result.content) == (200, error, body)


def test_fetcher_records_every_response(web_server):
    web_server.redirect("/old", "/new", status=301)
    web_server.page("/new", "new page")
    recorded = []
    settings = replace(LOCAL, obey_robots=False)
    fetch(settings, web_server.url("/old"), recorder=lambda *args: recorded.append(args[:2]))
    assert recorded == [(web_server.url("/old"), 301), (web_server.url("/new"), 200)]


def test_fetcher_counts_requests(web_server):
    web_server.page("/robots.txt", "", content_type="text/plain")
    web_server.page("/a", "a")

    async def go():
        async with Fetcher(LOCAL) as fetcher:
            await fetcher.get(web_server.url("/a"))
            await fetcher.get(web_server.url("/a"))
            return fetcher.requests_made, dict(fetcher.stats)

    assert asyncio.run(go()) == (3, {"requests": 3})


def test_unreachable_host_is_a_network_failure_not_a_robots_refusal():
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    async def run():
        settings = HttpSettings(allow_private_network=True, per_host_delay=0, retries=0)
        async with Fetcher(settings, transport=httpx.MockTransport(refuse)) as fetcher:
            return await fetcher.get("https://down.test/about")

    result = asyncio.run(run())
    assert result.error == "network"
    assert "connection refused" in (result.detail or "")


def test_a_url_asked_again_while_under_way_is_requested_once(web_server):
    web_server.page("/jobs", "<p>Jobs</p>", delay=0.3)
    url = web_server.url("/jobs")
    first, second, third = fetch(LOCAL, url, url, url)
    assert web_server.paths() == ["/robots.txt", "/jobs"]  # one request for three callers
    assert first.text == second.text == third.text == "<p>Jobs</p>"
    assert first is not second  # each caller its own copy
    [again] = fetch(LOCAL, url)  # a new fetcher (no cache): asked again
    assert again.text == "<p>Jobs</p>" and web_server.paths().count("/jobs") == 2
