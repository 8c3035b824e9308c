"""The SSRF-guarded transport: every connection is resolved, checked and pinned by our backend."""

from __future__ import annotations

import asyncio
import ipaddress
import socket

import httpx
import pytest
from webserver import Reply

from tools.web import ssrf
from tools.web.fetcher import Fetcher, HttpSettings
from tools.web.guarded_transport import GuardedTransport
from tools.web.ssrf import AddressBlocked, resolve_host

pytest_plugins = ["conftest_web"]

LIMITS = httpx.Limits(max_connections=4)


def table_resolver(table: dict[str, list[str]]):
    """Resolve names from `table`, IP literals to themselves; anything else does not exist."""

    async def resolve(host: str, port: int) -> list[str]:
        if host in table:
            return table[host]
        try:
            return [str(ipaddress.ip_address(host.strip("[]")))]
        except ValueError:
            raise OSError(f"unknown host {host}") from None

    return resolve


def get(url: str, *, resolver=resolve_host, allow_private: bool = False, **client_options):
    """GET `url` through a fresh GuardedTransport; return (status, text)."""

    async def go():
        transport = GuardedTransport(resolver, allow_private_network=allow_private, limits=LIMITS)
        async with httpx.AsyncClient(transport=transport, **client_options) as client:
            response = await client.get(url)
            return response.status_code, response.text

    return asyncio.run(go())


@pytest.fixture
def test_server_is_public(monkeypatch):
    """Let the policy count 127.0.0.1 (the test server) as public; every other rule stands."""
    policy = ssrf.is_public_address
    monkeypatch.setattr(ssrf, "is_public_address", lambda a: a == "127.0.0.1" or policy(a))


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:{port}/",
        "http://127.8.9.10:{port}/",
        "http://[::1]:{port}/",
        "http://[::ffff:127.0.0.1]:{port}/",
        "http://0.0.0.0:{port}/",
        "http://2130706433:{port}/",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.1/",
        "http://[fe80::1]/",
    ],
)
def test_guarded_transport_refuses_non_public_ip_literals(web_server, url):
    web_server.page("/", "hello")
    with pytest.raises(AddressBlocked):
        get(url.format(port=web_server.port))
    assert web_server.log == []


@pytest.mark.parametrize(
    "answers",
    [["127.0.0.1"], ["::1"], ["93.184.216.34", "10.1.2.3"], []],
)
def test_guarded_transport_refuses_names_resolving_to_non_public(web_server, answers):
    web_server.page("/", "hello")
    with pytest.raises(AddressBlocked):
        get(web_server.url("/", host="site.test"), resolver=table_resolver({"site.test": answers}))
    assert web_server.log == []


def test_guarded_transport_with_private_network_allowed_connects_to_the_checked_address(
    web_server,
):
    web_server.page("/", "hello")
    # "site.test" exists only in our resolver: the socket goes to the address it returned
    resolver = table_resolver({"site.test": ["127.0.0.1"]})
    url = web_server.url("/", host="site.test")
    assert get(url, resolver=resolver, allow_private=True) == (200, "hello")
    assert get(web_server.url("/"), allow_private=True) == (200, "hello")
    assert [(r.host, r.path) for r in web_server.log] == [("site.test", "/"), ("127.0.0.1", "/")]


def test_guarded_transport_keeps_one_pool_per_origin_and_closes_idle_ones(web_server):
    web_server.page("/", "hello")
    web_server.page("/", "hello", host="b.test")
    resolver = table_resolver({"a.test": ["127.0.0.1"], "b.test": ["127.0.0.1"]})
    limits = httpx.Limits(max_connections=4, keepalive_expiry=0.5)

    async def go():
        transport = GuardedTransport(resolver, allow_private_network=True, limits=limits)
        async with httpx.AsyncClient(transport=transport) as client:
            for host in ("a.test", "a.test", "b.test"):
                assert (await client.get(web_server.url("/", host=host))).text == "hello"
            assert len(transport._origins) == 2
            await asyncio.sleep(0.7)
            # the next request closes every pool unused for keepalive_expiry seconds
            await client.get(web_server.url("/", host="b.test"))
            assert [key[1] for key in transport._origins] == [b"b.test"]
            await client.get(web_server.url("/", host="a.test"))

    asyncio.run(go())
    a1, a2, b1, b2, a3 = [r.peer for r in web_server.log]
    assert a1 == a2  # kept alive for the same origin
    assert len({a1, b1}) == 2  # another origin, another connection
    assert a3 not in (a1, b2)  # a's idle connection was closed, not reused


@pytest.mark.parametrize(
    "target",
    [
        "http://10.0.0.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/",
        "http://internal.test/",
        "http://rebound.test/",
    ],
)
def test_guarded_transport_refuses_redirect_hop_to_non_public(
    web_server, test_server_is_public, target
):
    web_server.redirect("/go", target, host="public.test")
    resolver = table_resolver({
        "public.test": ["127.0.0.1"], "internal.test": ["10.1.2.3"],
        "rebound.test": ["127.0.0.1", "192.168.0.7"],
    })  # fmt: skip
    with pytest.raises(AddressBlocked):
        get(web_server.url("/go", host="public.test"), resolver=resolver, follow_redirects=True)
    assert [(r.host, r.path) for r in web_server.log] == [("public.test", "/go")]


def test_fetcher_with_its_default_transport_refuses_redirect_hop(web_server, test_server_is_public):
    web_server.redirect("/go", "http://internal.test/admin", host="public.test")
    resolver = table_resolver({"public.test": ["127.0.0.1"], "internal.test": ["10.1.2.3"]})
    settings = HttpSettings(per_host_delay=0.0, retries=0)

    async def go():
        async with Fetcher(settings, resolver=resolver) as fetcher:
            return await fetcher.get(web_server.url("/go", host="public.test"))

    result = asyncio.run(go())
    assert (result.error, result.final_url) == (
        "blocked_private_address",
        "http://internal.test/admin",
    )
    assert web_server.paths() == ["/robots.txt", "/go"]


@pytest.mark.parametrize(
    ("url", "reply", "error"),
    [
        ("http://127.0.0.1:9/", None, httpx.ConnectError),
        ("http://nowhere.test/", None, httpx.ConnectError),
        ("/slow", Reply(200, "late", delay=2.0), httpx.ReadTimeout),
        ("/slow-body", Reply(200, "late", body_delay=2.0), httpx.ReadTimeout),
    ],
)
def test_guarded_transport_raises_httpx_errors(web_server, url, reply, error):
    if reply is not None:
        web_server.route(url, reply)
        url = web_server.url(url)
    with pytest.raises(error):
        get(url, resolver=table_resolver({}), allow_private=True, timeout=0.3)


@pytest.mark.parametrize(
    ("code", "attempts"),
    [(socket.EAI_NONAME, 1), (socket.EAI_AGAIN, 3)],
)
def test_a_name_that_does_not_exist_is_not_asked_again(code, attempts):
    asked = []

    async def resolver(host: str, port: int) -> list[str]:
        asked.append(host)
        raise socket.gaierror(code, "no answer")

    async def go():
        settings = HttpSettings(retries=2, backoff_base=0.01, allow_private_network=True)
        async with Fetcher(settings, resolver=resolver) as fetcher:
            return await fetcher.get("https://gone.test/", robots=False)

    result = asyncio.run(go())
    assert result.error == "network" and "cannot resolve gone.test" in (result.detail or "")
    # NXDOMAIN is an answer; a DNS server that failed (EAI_AGAIN) may answer next time
    assert len(asked) == attempts and result.attempts == attempts
