import asyncio
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tools.web.archive import (
    ReplayTransport,
    WarcArchive,
    WarcRecorder,
    build_archive,
    manifest_entries,
    site_file_url,
    url_key,
)
from tools.web.fetcher import Fetcher, HttpSettings

LOCAL = HttpSettings(allow_private_network=True, per_host_delay=0, retries=0)


def fetch_all(urls, **fetcher_args):
    async def run():
        async with Fetcher(LOCAL, **fetcher_args) as fetcher:
            return [await fetcher.get(url) for url in urls]

    return asyncio.run(run())


@pytest.fixture
def archive(tmp_path):
    path = tmp_path / "a.warc.gz"
    recorder = WarcRecorder(path)
    recorder.write_response(
        "https://Example.com/jobs?b=2&a=1", 200, [("Content-Type", "application/json")], b"{}"
    )
    recorder.write_response("https://example.com/", 200, [("Content-Type", "text/html")], b"hi")
    recorder.write_response("https://example.com/old", 301, [("Location", "/")], b"")
    recorder.close()
    return WarcArchive.load(path)


@pytest.mark.parametrize(
    ("url", "found"),
    [
        ("https://example.com/jobs?a=1&b=2", True),
        ("https://EXAMPLE.com/jobs?b=2&a=1", True),
        ("https://example.com/jobs?a=1", False),
        ("https://example.com/jobs?a=1&b=2&c=3", False),
        ("http://example.com/jobs?a=1&b=2", False),
        ("https://example.com/Jobs?a=1&b=2", False),
        ("https://example.com", True),
        ("https://www.example.com/", False),
    ],
)
def test_archive_get_matches_scheme_host_path_and_query_in_any_order(archive, url, found):
    assert (archive.get(url) is not None) is found


def test_replay_transport_miss_is_404_and_redirects_are_followed(archive):
    transport = ReplayTransport(archive)
    missing, moved = fetch_all(
        ["https://example.com/nope", "https://example.com/old"], transport=transport
    )
    assert (missing.status, missing.ok, missing.error) == (404, False, None)
    assert (moved.status, moved.final_url, moved.text) == (200, "https://example.com/", "hi")
    assert transport.requests == [
        "https://example.com/robots.txt",
        "https://example.com/nope",
        "https://example.com/old",
        "https://example.com/",
    ]


def test_url_key_normalizes_empty_path():
    assert url_key("https://a.com") == url_key("https://A.com/")


@pytest.mark.parametrize(
    ("relative", "url"),
    [
        ("index.html", "https://a.com/"),
        ("about.html", "https://a.com/about"),
        ("blog/index.html", "https://a.com/blog/"),
        ("blog/2019/post.html", "https://a.com/blog/2019/post"),
        ("robots.txt", "https://a.com/robots.txt"),
    ],
)
def test_site_file_url(relative, url):
    assert site_file_url("a.com", relative) == url


def test_build_archive_from_manifest_is_deterministic(tmp_path):
    site = tmp_path / "sites" / "a.com"
    site.mkdir(parents=True)
    (site / "index.html").write_text("<h1>A</h1>")
    (site / "about.html").write_text("<p>about</p>")
    (tmp_path / "manifest.toml").write_text(
        '[[site]]\nhost = "a.com"\ndir = "sites/a.com"\n'
        '[[response]]\nurl = "https://a.com/about"\nstatus = 500\nbody = "oops"\n'
        '[[response]]\nurl = "https://api.a.com/v1?x=1"\nbody = "{}"\n'
        'headers = { "Content-Type" = "application/json" }\n'
    )
    first, second = tmp_path / "1.warc.gz", tmp_path / "2.warc.gz"
    assert build_archive(tmp_path / "manifest.toml", first) == 3
    build_archive(tmp_path / "manifest.toml", second)
    assert first.read_bytes() == second.read_bytes()
    archive = WarcArchive.load(first)
    assert archive.get("https://a.com/about").status == 500
    assert archive.get("https://a.com/").body == b"<h1>A</h1>"
    assert dict(archive.get("https://api.a.com/v1?x=1").headers)["Content-Type"] == (
        "application/json"
    )
    assert len(manifest_entries(tmp_path / "manifest.toml")) == 3


class _Site(BaseHTTPRequestHandler):
    pages = {
        "/": (200, "text/html", b"<a href='/about'>About</a>"),
        "/about": (200, "text/html", b"<p>Founded in 2011.</p>"),
        "/jobs?team=sales&page=2": (200, "application/json", b'{"jobs": []}'),
        "/moved": (302, "text/html", b""),
    }
    log: list[str] = []

    def do_GET(self):  # noqa: N802
        self.log.append(self.path)
        status, kind, body = self.pages.get(self.path, (404, "text/plain", b"no"))
        self.send_response(status)
        self.send_header("Content-Type", kind)
        if status == 302:
            self.send_header("Location", "/about")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def site_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Site)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Site.log = []
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_record_then_replay_round_trip(tmp_path, site_server):
    urls = [f"{site_server}/", f"{site_server}/jobs?team=sales&page=2", f"{site_server}/moved",
            f"{site_server}/missing"]  # fmt: skip
    recorder = WarcRecorder(tmp_path / "rec.warc.gz")
    live = fetch_all(urls, recorder=recorder.write_response)
    recorder.close()
    requests_live = list(_Site.log)
    assert "/about" in requests_live

    transport = ReplayTransport(WarcArchive.load(tmp_path / "rec.warc.gz"))
    # query parameters in another order still match
    replay_urls = urls[:1] + [f"{site_server}/jobs?page=2&team=sales"] + urls[2:]
    replayed = fetch_all(replay_urls, transport=transport)
    assert _Site.log == requests_live  # replay sent nothing to the server
    for a, b in zip(live, replayed, strict=True):
        assert (a.status, a.content) == (b.status, b.content)
        assert url_key(a.final_url) == url_key(b.final_url)
        assert a.headers.get("content-type") == b.headers.get("content-type")
    assert replayed[2].text == "<p>Founded in 2011.</p>"
    assert replayed[3].status == 404


def test_replay_with_record_writes_the_served_responses(tmp_path, archive):
    recorder = WarcRecorder(tmp_path / "audit.warc.gz")
    fetch_all(["https://example.com/jobs?a=1&b=2", "https://example.com/x"],
              transport=ReplayTransport(archive), recorder=recorder.write_response)  # fmt: skip
    recorder.close()
    audit = WarcArchive.load(tmp_path / "audit.warc.gz")
    assert audit.get("https://example.com/jobs?b=2&a=1").body == b"{}"
    assert audit.get("https://example.com/x").status == 404


@pytest.mark.parametrize("content", [b"garbage\n", b"\x1f\x8b\x08\x00broken gzip"])
def test_archive_load_unreadable_file_is_an_archive_error(tmp_path, content):
    from agent.errors import ArchiveError

    path = tmp_path / "bad.warc.gz"
    path.write_bytes(content)
    with pytest.raises(ArchiveError, match="bad.warc.gz: not a readable WARC archive"):
        WarcArchive.load(path)
