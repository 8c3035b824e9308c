"""Signals end to end: two snapshots of a site, change signals, the feed, `icp watch` alerts."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from click.testing import CliRunner

from agent.cli import cli
from tools.web.archive import build_archive

HOME = """<html><head><title>Acme Robotics</title>
<link rel="alternate" type="application/rss+xml" href="/feed.xml">{scripts}</head>
<body><h1>Acme Robotics</h1><p>Robots for warehouses.</p>
<a href="/about">About us</a> <a href="/news">News</a></body></html>"""
HUBSPOT = '<script src="https://js.hs-scripts.com/123.js"></script>'
INTERCOM = '<script src="https://widget.intercom.io/widget/abc"></script>'
SEGMENT = '<script src="https://cdn.segment.com/analytics.js/v1/key/analytics.min.js"></script>'
ABOUT = "<html><body><h1>About Acme Robotics</h1><p>Acme Robotics has {n} employees.</p></body>"
NEWS = """<html><body><h1>News</h1>{items}</body></html>"""
BERLIN = """<div><h3><a href="/news/berlin">Acme Robotics opens new office in Berlin</a></h3>
<p>March 3, 2023</p></div>"""
SERIES_B = """<div><h3><a href="/news/series-b">Acme Robotics raises $30M Series B</a></h3>
<p>November 1, 2026</p></div>"""
CUSTOMER = """<div><h3><a href="/news/globex">Globex, an Acme Robotics customer, raises $20M</a>
</h3><p>November 2, 2026</p></div>"""
FEED = """<?xml version="1.0"?><rss version="2.0"><channel><title>Acme</title>{items}
</channel></rss>"""
FEED_ITEM = "<item><title>{title}</title><pubDate>{date}</pubDate></item>"

ICP = """name = "Signals"
[[dimensions]]
name = "behavioural"
weight = 1.0
  [[dimensions.criteria]]
  signal = "funding"
  within_days = 180
  points = 60
  [[dimensions.criteria]]
  signal = "expansion"
  half_life_days = 0
  points = 40
"""


def _archive(tmp_path, name, date, scripts, employees, news, feed_items):
    root = tmp_path / name
    site = root / "sites" / "acme.test"
    (site / "news").mkdir(parents=True)
    (site / "index.html").write_text(HOME.format(scripts=scripts))
    (site / "about.html").write_text(ABOUT.format(n=employees))
    (site / "news.html").write_text(NEWS.format(items=news))
    (site / "feed.xml").write_text(FEED.format(items=feed_items))
    manifest = f'date = "{date}"\n[[site]]\nhost = "acme.test"\ndir = "sites/acme.test"\n'
    (root / "manifest.toml").write_text(manifest)
    build_archive(root / "manifest.toml", root / "a.warc.gz")
    return root / "a.warc.gz"


@pytest.fixture
def snapshots(tmp_path):
    berlin_item = FEED_ITEM.format(title="Acme Robotics opens new office in Berlin",
                                   date="Fri, 03 Mar 2023 09:00:00 GMT")  # fmt: skip
    first = _archive(tmp_path, "one", "2026-10-01T00:00:00Z", HUBSPOT + INTERCOM, 120,
                     BERLIN, berlin_item)  # fmt: skip
    second = _archive(tmp_path, "two", "2026-12-01T00:00:00Z", HUBSPOT + SEGMENT, 150,
                      SERIES_B + CUSTOMER + BERLIN, berlin_item)  # fmt: skip
    accounts = tmp_path / "accounts.csv"
    accounts.write_text("domain,name\nacme.test,Acme Robotics\n")
    icp = tmp_path / "icp.toml"
    icp.write_text(ICP)
    return first, second, accounts, icp


def _enrich(tmp_path, archive, accounts, icp, *extra):
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(cli, ["enrich", str(accounts), "--icp", str(icp), "--replay",
                                      str(archive), "--out", str(out), "--db",
                                      str(tmp_path / "icp.db"), "--quiet", *extra])  # fmt: skip
    assert result.exit_code == 0, result.output
    return json.loads(out.read_text().splitlines()[0])


def _changes(record):
    kinds = ("tech_adopted", "tech_dropped", "headcount_change", "open_roles_change",
             "funding_stage_change")  # fmt: skip
    return [(s["type"], s["date"], s["summary"]) for s in record["signals"] if s["type"] in kinds]


def test_two_snapshots_then_no_change(tmp_path, snapshots):
    first, second, accounts, icp = snapshots
    one = _enrich(tmp_path, first, accounts, icp)
    assert one["researched_on"] == "2026-10-01"
    assert _changes(one) == []
    assert [(s["type"], s["date"]) for s in one["signals"]] == [("expansion", "2023-03-03")]
    assert one["score"]["total"] == 40  # expansion counts (no decay asked), no funding yet

    two = _enrich(tmp_path, second, accounts, icp, "--refresh")
    assert _changes(two) == [
        ("tech_dropped", "2026-12-01", "No longer uses Intercom (Live chat)"),
        ("tech_adopted", "2026-12-01", "Started using Segment (Customer data platform)"),
        ("headcount_change", "2026-12-01", "Headcount 120 → 150 (+25%)"),
    ]
    headcount = next(s for s in two["signals"] if s["type"] == "headcount_change")
    assert [e["quote"] for e in headcount["evidence"]] == [
        "Acme Robotics has 120 employees.", "Acme Robotics has 150 employees."
    ]
    funding = [s for s in two["signals"] if s["type"] == "funding"]
    assert [(s["date"], s["summary"]) for s in funding] == [
        ("2026-11-01", "Acme Robotics raises $30M Series B")
    ]  # the customer's round is not Acme's
    assert two["score"]["dimensions"]["behavioural"]["reasons"][0].startswith(
        "met: funding signal in the last 180 days (Acme Robotics raises $30M Series B — "
        "2026-11-01, 30 days old)"
    )

    three = _enrich(tmp_path, second, accounts, icp, "--refresh")
    assert _changes(three) == []

    feed = CliRunner().invoke(cli, ["signals", "--db", str(tmp_path / "icp.db"), "--json"])
    assert feed.exit_code == 0, feed.output
    rows = [json.loads(line) for line in feed.output.splitlines()]
    assert sorted((r["type"], r["date"]) for r in rows[:3]) == [
        ("headcount_change", "2026-12-01"), ("tech_adopted", "2026-12-01"),
        ("tech_dropped", "2026-12-01"),
    ]
    assert sum(r["type"] == "expansion" for r in rows) == 1  # seen three times, stored once
    only = CliRunner().invoke(cli, ["signals", "--db", str(tmp_path / "icp.db"), "--json",
                                    "--type", "funding", "--since", "2026-10-15"])  # fmt: skip
    assert [json.loads(line)["summary"] for line in only.output.splitlines()] == [
        "Acme Robotics raises $30M Series B"
    ]
    table = CliRunner().invoke(cli, ["signals", "--db", str(tmp_path / "icp.db")])
    assert "Acme Robotics raises $30M Series B" in table.output

    show = CliRunner().invoke(cli, ["show", "acme.test", "--db", str(tmp_path / "icp.db")])
    assert "Headcount 120 → 150 (+25%)" in show.output
    assert "Researched 3 times" in show.output
    html = tmp_path / "report.html"
    report = CliRunner().invoke(cli, ["report", "--db", str(tmp_path / "icp.db"),
                                      "--html", str(html)])  # fmt: skip
    assert report.exit_code == 0, report.output
    page = html.read_text()
    assert "What changed" in page and "No longer uses Intercom (Live chat)" in page


class Hook:
    """A local webhook that fails the first POST with a 503, then takes every message."""

    def __init__(self):
        self.messages = []
        self.calls = 0
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                body = self.rfile.read(int(self.headers["Content-Length"]))
                outer.calls += 1
                status = 503 if outer.calls == 1 else 200
                if status == 200:
                    outer.messages.append(json.loads(body))
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hooks/T000/B000/secret"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()


@pytest.fixture
def hook():
    server = Hook()
    yield server
    server.close()


def test_watch_posts_each_new_signal_once(tmp_path, snapshots, hook, monkeypatch):
    monkeypatch.setattr("time.sleep", lambda seconds: None)
    first, second, accounts, icp = snapshots
    _enrich(tmp_path, first, accounts, icp)
    db = str(tmp_path / "icp.db")

    def watch():
        result = CliRunner().invoke(cli, ["watch", str(accounts), "--icp", str(icp), "--db", db,
                                          "--replay", str(second), "--max-age", "0s",
                                          "--webhook", hook.url])  # fmt: skip
        assert result.exit_code == 0, result.output
        return [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]

    lines = watch()
    types = sorted(line["type"] for line in lines)
    assert types == ["expansion", "funding", "headcount_change", "tech_adopted", "tech_dropped"]
    assert sorted(m["text"].split(" at ")[0] for m in hook.messages) == [
        "Expansion", "Funding", "Headcount change", "Technology adopted", "Technology dropped"
    ]
    assert hook.calls == 6  # one 503, retried
    assert all("blocks" in m for m in hook.messages)

    assert watch() == []  # nothing new: nothing printed, nothing posted
    assert len(hook.messages) == 5
    with open(tmp_path / "icp.db", "rb") as handle:
        assert b"secret" not in handle.read()  # the webhook URL is never stored
