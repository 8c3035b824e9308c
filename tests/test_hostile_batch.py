"""Hostile sites and endpoints through the real batch: a row for every account, no traceback,
no key written anywhere. Servers run on 127.0.0.1; every host name is routed to them."""

import json
import logging

import pytest
from click.testing import CliRunner
from hostile_farm import (
    SECRET_KEY,
    careers_link,
    jsonld_job_dated,
    jsonld_nested,
    lever_board,
    nested_json,
    page,
)
from llm_server import LLMTestServer
from llm_server import Reply as LLMReply
from webserver import LoopbackTransport, Reply

import agent.batch
from agent.batch import run_enrich
from agent.cli import cli
from agent.settings import Settings
from tools.web.fetcher import HttpSettings

PLAIN = page("<h1>Plain Co</h1><p>Plain Co makes chairs. Founded in 2012.</p>")
FAST = HttpSettings(allow_private_network=True, per_host_delay=0.0, retries=0)


def serve_site(server, host, home, **routes):
    server.route("/", Reply(body=home), host=host)
    for path, (api_host, body) in routes.items():
        server.route(path, Reply(body=body, content_type="application/json"), host=api_host)


def enrich(tmp_path, server, domains, http=FAST, **options):
    accounts = tmp_path / "accounts.csv"
    accounts.write_text("domain\n" + "".join(f"{d}\n" for d in domains), encoding="utf-8")
    out = tmp_path / "results.jsonl"
    settings = Settings.load({"db": tmp_path / "icp.db", "out": out, "no_llm": True, **options})
    run_enrich(accounts, settings, transport=LoopbackTransport(server), http=http)
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def test_hostile_json_and_timestamps_cost_a_field_not_the_account(tmp_path, web_server):
    serve_site(
        web_server,
        "deepboard.test",
        careers_link("https://boards.greenhouse.io/deep"),
        **{"/v1/boards/deep/jobs": ("boards-api.greenhouse.io", nested_json(100_000))},
    )
    serve_site(
        web_server,
        "hugedate.test",
        careers_link("https://jobs.lever.co/huge"),
        **{"/v0/postings/huge": ("api.lever.co", lever_board(1e20))},
    )
    serve_site(web_server, "jsonlddate.test", jsonld_job_dated(1e20))
    serve_site(web_server, "deepjsonld.test", jsonld_nested(900))
    rows = enrich(
        tmp_path,
        web_server,
        ["deepboard.test", "hugedate.test", "jsonlddate.test", "deepjsonld.test"],
    )
    assert [(r["domain"], r["status"], r["error"]) for r in rows] == [
        ("deepboard.test", "ok", None),
        ("hugedate.test", "ok", None),
        ("jsonlddate.test", "ok", None),
        ("deepjsonld.test", "ok", None),
    ]
    deep, huge = rows[0], rows[1]
    assert deep["hiring"]["status"] == "fetch_failed"
    assert any("nested 100,000 levels deep" in note for note in deep.get("notes", []))
    assert [(p["title"], p["posted_at"]) for p in huge["hiring"]["postings"]] == [
        ("Sales Development Representative", None)
    ]


def test_account_deadline_stops_a_runaway_account_and_the_batch_goes_on(tmp_path, web_server):
    web_server.route("/", Reply(body=PLAIN, delay=30), host="tarpit.test")
    web_server.route("/", Reply(body=PLAIN), host="plain.test")
    slow = HttpSettings(
        allow_private_network=True, per_host_delay=0.0, retries=0, read_timeout=60, total_timeout=60
    )
    # the deadline leaves the plain account room on a loaded machine (a 1 s deadline failed it
    # under load); the tarpit answers after 30 s, far past it
    rows = enrich(
        tmp_path, web_server, ["tarpit.test", "plain.test"], account_timeout=6.0, http=slow
    )
    assert [(r["domain"], r["status"], r["error"]) for r in rows] == [
        (
            "tarpit.test",
            "error",
            "research stopped at the 6 s account deadline (--account-timeout)",
        ),
        ("plain.test", "ok", None),
    ]


def test_a_bug_is_one_short_error_row_with_the_traceback_only_in_verbose_logs(
    tmp_path, web_server, monkeypatch, caplog
):
    web_server.route("/", Reply(body=PLAIN))

    async def broken(row, context):
        if row.domain == "broken.test":
            raise KeyError("x" * 500)
        return await research(row, context)

    research = agent.batch._research
    monkeypatch.setattr(agent.batch, "_research", broken)
    with caplog.at_level(logging.WARNING):
        rows = enrich(tmp_path, web_server, ["broken.test", "plain.test"])
    assert [(r["domain"], r["status"]) for r in rows] == [
        ("broken.test", "error"),
        ("plain.test", "ok"),
    ]
    assert rows[0]["error"].startswith("internal error: KeyError: 'xxx")
    assert len(rows[0]["error"]) <= 220
    assert "Traceback" not in caplog.text
    caplog.clear()
    with caplog.at_level(logging.INFO):
        enrich(tmp_path, web_server, ["broken.test"], refresh=True)
    assert "Traceback" in caplog.text


def key_echo(body):
    key = body["_headers"].get("authorization", "").removeprefix("Bearer ")
    return LLMReply(
        status=401,
        body={
            "error": {"message": f"Incorrect API key provided: {key}.", "code": "invalid_api_key"}
        },
    )


def test_a_key_echoed_by_the_llm_endpoint_is_never_written(tmp_path, web_server, monkeypatch):
    web_server.route("/", Reply(body=PLAIN))
    monkeypatch.setenv("OPENAI_API_KEY", SECRET_KEY)
    accounts = tmp_path / "accounts.csv"
    accounts.write_text("domain\nplain.test\n", encoding="utf-8")
    with LLMTestServer(responder=key_echo) as llm:
        monkeypatch.setattr(agent.batch, "run_enrich", run_enrich)
        out = tmp_path / "results.jsonl"
        settings = Settings.load(
            {"db": tmp_path / "icp.db", "out": out, "llm_base_url": llm.url, "llm_model": "m"}
        )
        run_enrich(accounts, settings, transport=LoopbackTransport(web_server), http=FAST)
    runner = CliRunner()
    exported = runner.invoke(cli, ["export", "--format", "jsonl", "--db", str(tmp_path / "icp.db")])
    assert "Incorrect API key provided" in out.read_text() + exported.output  # the error is kept
    written = [
        p for p in tmp_path.rglob("*") if p.is_file() and SECRET_KEY.encode() in p.read_bytes()
    ]
    assert written == []
    assert SECRET_KEY not in exported.output


@pytest.mark.parametrize("text", [
    f"Error code: 401 - {{'error': {{'message': 'Incorrect API key provided: {SECRET_KEY}'}}}}",
    "Authorization: Bearer abcdefgh12345678",
])  # fmt: skip
def test_redact_secrets_removes_keys_and_tokens(text, monkeypatch):
    from agent.redaction import redact_secrets

    monkeypatch.setenv("OPENAI_API_KEY", SECRET_KEY)
    redacted = redact_secrets(text)
    assert "[redacted]" in redacted
    assert SECRET_KEY not in redacted and "abcdefgh12345678" not in redacted


def test_redact_secrets_keeps_public_tokens_of_page_urls():
    from agent.redaction import redact_secrets

    quote = "https://js.qualified.com/qualified.js?token=abcdefgh12345678"
    assert redact_secrets(quote) == quote
