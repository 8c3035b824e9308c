"""A transient research failure is retried on the next run (with backoff); a permanent one not."""

from datetime import UTC, datetime, timedelta

import pytest
from webserver import LoopbackTransport, Reply, WebServer

from agent.batch import run_enrich
from agent.retry_policy import is_transient, retry_delay, retry_due
from agent.settings import Settings
from store.db import Store
from tools.web.fetcher import HttpSettings

HOME = "<html><title>Acme</title><p>Founded in 2014, Acme has a team of 120.</p></html>"


@pytest.mark.parametrize(
    ("error", "transient"),
    [
        ("home page https://acme.test/ not available (timeout: read timed out)", True),
        ("home page https://acme.test/ not available (network: connection refused)", True),
        ("home page https://www.acme.test/ not available (HTTP 503)", True),
        ("home page https://acme.test/ not available (HTTP 429)", True),
        ("internal error: RuntimeError: boom", True),
        ("home page https://acme.test/ not available (HTTP 404)", False),
        ("home page https://acme.test/ not available (robots_disallowed)", False),
        ("invalid domain 'acme'", False),
        (None, False),
    ],
)
def test_is_transient(error, transient):
    assert is_transient(error) is transient


def test_retry_delay_backs_off():
    delays = [retry_delay(n) for n in range(1, 7)]
    assert delays == [timedelta(0), timedelta(hours=1), timedelta(hours=4), timedelta(hours=16),
                      timedelta(days=1), timedelta(days=1)]  # fmt: skip
    now = datetime(2026, 1, 1, 12, tzinfo=UTC)
    error = "home page https://acme.test/ not available (HTTP 503)"
    assert retry_due(error, 1, "2026-01-01T12:00:00+00:00", now)
    assert not retry_due(error, 2, "2026-01-01T11:30:00+00:00", now)
    assert retry_due(error, 2, "2026-01-01T10:59:00+00:00", now)
    assert not retry_due("not available (HTTP 404)", 1, "2026-01-01T00:00:00+00:00", now)


def run(tmp_path, server):
    accounts = tmp_path / "accounts.csv"
    accounts.write_text("domain\nacme.test\ngone.test\n", encoding="utf-8")
    settings = Settings.load({"db": tmp_path / "icp.db", "no_llm": True})
    summary = run_enrich(
        accounts, settings, transport=LoopbackTransport(server), keep_records=True,
        http=HttpSettings(allow_private_network=True, per_host_delay=0.0, retries=0),
    )  # fmt: skip
    return {r["domain"]: r for r in summary.records}, summary


def test_transient_failure_is_retried_next_run_and_permanent_is_not(tmp_path):
    with WebServer() as server:
        for host in ("acme.test", "www.acme.test"):
            server.route("/", Reply(503), Reply(200, HOME), host=host)
        for host in ("gone.test", "www.gone.test"):
            server.route("/", Reply(404), host=host)
        first, _ = run(tmp_path, server)
        assert first["acme.test"]["status"] == "error" and "503" in first["acme.test"]["error"]
        assert first["gone.test"]["status"] == "error" and "404" in first["gone.test"]["error"]
        store = Store(tmp_path / "icp.db")
        assert store.research_failures("acme.test") == 1
        store.close()
        server.clear_log()
        second, summary = run(tmp_path, server)
        assert second["acme.test"]["status"] == "ok"
        assert second["acme.test"]["firmographics"]["founded_year"]["value"] == 2014
        assert server.paths(host="gone.test") == [] and server.paths(host="www.gone.test") == []
        assert second["gone.test"]["status"] == "error"
        store = Store(tmp_path / "icp.db")
        assert store.research_failures("acme.test") == 0
        store.close()
