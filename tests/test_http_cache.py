"""The SQLite HTTP cache, alone and behind the fetcher (over real HTTP on 127.0.0.1)."""

import asyncio
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from webserver import Reply

from store.http_cache import HttpCache
from tools.web.cache import DEFAULT_TTL, is_cacheable
from tools.web.fetcher import Fetcher, HttpSettings

pytest_plugins = ["conftest_web"]

LOCAL = HttpSettings(allow_private_network=True, per_host_delay=0.0, backoff_base=0.01)
NO_ROBOTS = replace(LOCAL, obey_robots=False)
ETAG = {"ETag": '"v1"'}
MODIFIED = {"Last-Modified": "Wed, 01 May 2024 10:00:00 GMT"}


class Clock:
    def __init__(self):
        self.now = datetime(2024, 6, 1, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def cache(tmp_path, clock):
    cache = HttpCache(tmp_path / "http-cache.db", clock=clock)
    yield cache
    cache.close()


def fetch_run(settings, cache, *urls, refresh=False, recorder=None):
    """Fetch `urls` one after another with a new Fetcher (a new run); return results, requests."""

    async def go():
        async with Fetcher(settings, cache=cache, refresh=refresh, recorder=recorder) as fetcher:
            results = [await fetcher.get(url) for url in urls]
            return results, fetcher.requests_made

    return asyncio.run(go())


# -- the cache alone -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "headers", "cacheable"),
    [
        (200, {}, True),
        (301, {}, True),
        (308, {}, True),
        (404, {}, True),
        (410, {}, True),
        (302, {}, False),
        (307, {}, False),
        (304, {}, False),
        (429, {}, False),
        (500, {}, False),
        (503, {}, False),
        (200, {"cache-control": "no-store"}, False),
        (200, {"cache-control": "private, no-store"}, False),
        (200, {"cache-control": "max-age=0, no-cache"}, True),
        (None, {}, False),
    ],
)
def test_is_cacheable(status, headers, cacheable):
    assert is_cacheable(status, headers) is cacheable


def test_cache_round_trip_and_persistence(tmp_path, cache):
    url = "https://acme.com/about"
    assert cache.store(url, 200, {"content-type": "text/html", "etag": '"a"'}, b"<p>About</p>")
    assert not cache.store("https://acme.com/busy", 503, {}, b"")
    cache.flush()  # written by the cache's writer thread
    reopened = HttpCache(tmp_path / "http-cache.db")
    entry = reopened.lookup(url)
    reopened.close()
    assert (entry.url, entry.status, entry.headers, entry.body, entry.truncated) == (
        url,
        200,
        {"content-type": "text/html", "etag": '"a"'},
        b"<p>About</p>",
        False,
    )
    assert entry.fetched_at == entry.validated_at == "2024-06-01T00:00:00+00:00"
    assert cache.lookup("https://acme.com/busy") is None
    assert len(cache) == 1


def test_cache_serves_what_it_has_not_written_yet_and_writes_it_all_on_close(tmp_path):
    cache = HttpCache(tmp_path / "http-cache.db")
    urls = [f"https://acme.com/page{i}" for i in range(300)]
    for url in urls:
        cache.store(url, 200, {"content-type": "text/html"}, url.encode() * 100)
    cache.store(urls[0], 200, {"content-type": "text/html"}, b"newer")
    # every lookup is answered at once, written or not, the latest answer winning
    assert [cache.lookup(url).body for url in urls[1:]] == [u.encode() * 100 for u in urls[1:]]
    assert cache.lookup(urls[0]).body == b"newer"
    cache.close()
    reopened = HttpCache(tmp_path / "http-cache.db")
    assert len(reopened) == 300 and reopened.lookup(urls[0]).body == b"newer"
    assert reopened.write_errors == 0
    reopened.close()


def test_cache_entries_expire_after_ttl(cache, clock):
    cache.store("https://acme.com/", 200, {}, b"home")
    entry = cache.lookup("https://acme.com/")
    clock.advance(days=29)
    assert cache.is_fresh(entry)
    clock.advance(days=2)
    assert not cache.is_fresh(entry)
    assert cache.is_fresh(entry, ttl=40 * 86400)
    assert DEFAULT_TTL == 30 * 86400


@pytest.mark.parametrize(
    ("headers", "validators"),
    [
        ({"etag": '"v1"'}, {"If-None-Match": '"v1"'}),
        (
            {"last-modified": MODIFIED["Last-Modified"]},
            {"If-Modified-Since": MODIFIED["Last-Modified"]},
        ),
        (
            {"etag": 'W/"v2"', "last-modified": "x"},
            {"If-None-Match": 'W/"v2"', "If-Modified-Since": "x"},
        ),
        ({}, {}),
    ],
)
def test_cache_entry_validators(cache, headers, validators):
    cache.store("https://acme.com/", 200, headers, b"home")
    assert cache.lookup("https://acme.com/").validators() == validators


def test_cache_revalidated_keeps_body_and_updates_headers(cache, clock):
    cache.store("https://acme.com/", 200, {"content-type": "text/html", "etag": '"v1"'}, b"home")
    clock.advance(days=31)
    entry = cache.revalidated("https://acme.com/", {"etag": '"v1"', "content-type": "text/plain"})
    assert (entry.body, entry.headers, entry.fetched_at, entry.validated_at) == (
        b"home",
        {"content-type": "text/html", "etag": '"v1"'},
        "2024-06-01T00:00:00+00:00",
        "2024-07-02T00:00:00+00:00",
    )
    assert cache.is_fresh(entry)
    assert cache.revalidated("https://acme.com/missing", {}) is None


# -- behind the fetcher ----------------------------------------------------------------------


def test_cache_hit_makes_no_request(web_server, cache):
    web_server.page("/robots.txt", "User-agent: *\nDisallow:\n", content_type="text/plain")
    web_server.page("/about", "<h1>About</h1>")
    url = web_server.url("/about")
    [first], cold = fetch_run(LOCAL, cache, url)
    web_server.clear_log()
    [second], warm = fetch_run(LOCAL, cache, url)
    assert (cold, warm, web_server.log) == (2, 0, [])
    assert (second.status, second.content, second.from_cache, first.from_cache) == (
        200,
        b"<h1>About</h1>",
        True,
        False,
    )
    assert (second.fetched_at, second.final_url) == (first.fetched_at, url)


@pytest.mark.parametrize(
    ("validator", "request_header"),
    [
        (ETAG, ("if-none-match", '"v1"')),
        (MODIFIED, ("if-modified-since", MODIFIED["Last-Modified"])),
    ],
)
def test_expired_entry_is_revalidated_and_304_reuses_body(
    web_server, cache, clock, validator, request_header
):
    web_server.route("/about", Reply(200, "<h1>About v1</h1>", headers=validator))
    url = web_server.url("/about")
    fetch_run(NO_ROBOTS, cache, url)
    clock.advance(days=31)
    # the server would now send a different body, but its validator still matches: a 304
    web_server.route("/about", Reply(200, "<h1>changed</h1>", headers=validator))
    web_server.clear_log()
    [result], requests = fetch_run(NO_ROBOTS, cache, url)
    [logged] = web_server.log
    assert logged.headers.get(request_header[0]) == request_header[1]
    assert (requests, result.status, result.content, result.from_cache) == (
        1,
        200,
        b"<h1>About v1</h1>",
        True,
    )
    assert cache.is_fresh(cache.lookup(url))


def test_expired_entry_with_new_version_is_replaced(web_server, cache, clock):
    web_server.route("/about", Reply(200, "v1", headers=ETAG))
    url = web_server.url("/about")
    fetch_run(NO_ROBOTS, cache, url)
    clock.advance(days=31)
    web_server.route("/about", Reply(200, "v2", headers={"ETag": '"v2"'}))
    [result], requests = fetch_run(NO_ROBOTS, cache, url)
    assert (requests, result.content, result.from_cache) == (1, b"v2", False)
    assert cache.lookup(url).body == b"v2"


def test_expired_entry_without_validators_is_fetched_again(web_server, cache, clock):
    web_server.page("/about", "v1")
    url = web_server.url("/about")
    fetch_run(NO_ROBOTS, cache, url)
    clock.advance(days=31)
    web_server.page("/about", "v2")
    web_server.clear_log()
    [result], requests = fetch_run(NO_ROBOTS, cache, url)
    assert (requests, result.content) == (1, b"v2")
    assert "if-none-match" not in web_server.log[0].headers


def test_refresh_bypasses_the_cache(web_server, cache):
    web_server.route("/about", Reply(200, "v1", headers=ETAG))
    url = web_server.url("/about")
    fetch_run(NO_ROBOTS, cache, url)
    web_server.route("/about", Reply(200, "v2", headers={"ETag": '"v2"'}))
    web_server.clear_log()
    [result], requests = fetch_run(NO_ROBOTS, cache, url, refresh=True)
    assert (requests, result.content, result.from_cache) == (1, b"v2", False)
    assert "if-none-match" not in web_server.log[0].headers
    # what a refresh fetched is what later runs reuse
    assert fetch_run(NO_ROBOTS, cache, url)[0][0].content == b"v2"


@pytest.mark.parametrize(
    ("reply", "cached"),
    [
        (Reply(404, "missing"), True),
        (Reply(200, "secret", headers={"Cache-Control": "no-store"}), False),
        (Reply(500, "oops"), False),
        (Reply(200, "late", delay=1.0), False),
        (Reply(200, b"%PDF", content_type="application/pdf"), True),
    ],
)
def test_fetcher_caches_only_reusable_answers(web_server, cache, reply, cached):
    web_server.route("/page", reply)
    settings = replace(NO_ROBOTS, retries=0, read_timeout=0.2)
    [first], _ = fetch_run(settings, cache, web_server.url("/page"))
    [second], requests = fetch_run(settings, cache, web_server.url("/page"))
    assert (requests == 0, second.from_cache) == (cached, cached)
    assert (second.status, second.error) == (first.status, first.error)


def test_cached_redirect_chain_needs_no_request(web_server, cache):
    web_server.redirect("/", "/home", status=301)
    web_server.page("/home", "welcome")
    [first], cold = fetch_run(NO_ROBOTS, cache, web_server.url("/"))
    [second], warm = fetch_run(NO_ROBOTS, cache, web_server.url("/"))
    assert (cold, warm) == (2, 0)
    assert (second.final_url, second.content) == (first.final_url, b"welcome")


def test_temporary_redirect_is_asked_again(web_server, cache):
    web_server.redirect("/", "/home", status=302)
    web_server.page("/home", "welcome")
    fetch_run(NO_ROBOTS, cache, web_server.url("/"))
    web_server.clear_log()
    [result], warm = fetch_run(NO_ROBOTS, cache, web_server.url("/"))
    assert (warm, web_server.paths(), result.content) == (1, ["/"], b"welcome")


def test_cache_hits_are_recorded(web_server, cache):
    web_server.page("/about", "about")
    url = web_server.url("/about")
    fetch_run(NO_ROBOTS, cache, url)
    recorded = []
    fetch_run(NO_ROBOTS, cache, url, recorder=lambda *args: recorded.append(args))
    [(recorded_url, status, headers, body)] = recorded
    assert (recorded_url, status, body) == (url, 200, b"about")
    assert ("content-type", "text/html; charset=utf-8") in headers
