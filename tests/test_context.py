"""Wiring: one LLM client and one LLM cache per run, shared by the research step and the notes."""

import asyncio
from collections import Counter

from click.testing import CliRunner
from llm_server import LLMTestServer, Reply

from agent.cli import cli
from agent.context import Context
from agent.llm.client import LLMClient
from agent.settings import Settings
from agent.wiring import build_context
from store.llm_cache import LLMCache
from tools.web.archive import build_archive

ABOUT = ("<html><body><h1>About Acme</h1><p>Acme makes route planning software. We are hiring "
         "across Europe and our employees work remotely.</p></body></html>")  # fmt: skip
NOTE = ("Interviewer: What slows you down?\n"
        "Customer: Our reps spend hours cleaning CRM data by hand every week.\n")  # fmt: skip


def counting(monkeypatch, cls, name, counts):
    original = cls.__init__

    def init(self, *args, **kwargs):
        counts[name] += 1
        original(self, *args, **kwargs)

    monkeypatch.setattr(cls, "__init__", init)


def project(tmp_path):
    site = tmp_path / "sites" / "acme.test"
    site.mkdir(parents=True)
    (site / "index.html").write_text("<html><title>Acme</title><a href='/about'>About</a></html>")
    (site / "about.html").write_text(ABOUT)
    manifest = '[[site]]\nhost = "acme.test"\ndir = "sites/acme.test"\n'
    (tmp_path / "manifest.toml").write_text(manifest)
    build_archive(tmp_path / "manifest.toml", tmp_path / "site.warc.gz")
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "acme.test_2024-03-01_call.md").write_text(NOTE, encoding="utf-8")
    (tmp_path / "accounts.csv").write_text("domain\nacme.test\n", encoding="utf-8")


def test_enrich_with_notes_builds_one_llm_client_and_one_llm_cache(tmp_path, monkeypatch):
    project(tmp_path)
    counts: Counter = Counter()
    counting(monkeypatch, LLMClient, "clients", counts)
    counting(monkeypatch, LLMCache, "caches", counts)
    with LLMTestServer(responder=lambda body: Reply.json({})) as server:
        result = CliRunner().invoke(cli, [
            "enrich", str(tmp_path / "accounts.csv"), "--replay", str(tmp_path / "site.warc.gz"),
            "--notes", str(tmp_path / "notes"), "--db", str(tmp_path / "icp.db"),
            "--llm-base-url", server.url, "--quiet",
        ])  # fmt: skip
        prompts = {body["response_format"]["json_schema"]["name"] for body in server.requests}
    assert result.exit_code == 0, result.output
    assert counts == {"clients": 1, "caches": 1}
    # both the notes and the research step asked the model, through that one client
    assert "assess_interview" in prompts and "research_firmographics" in prompts


def test_no_llm_run_builds_no_client_and_no_cache(tmp_path, monkeypatch):
    project(tmp_path)
    counts: Counter = Counter()
    counting(monkeypatch, LLMClient, "clients", counts)
    counting(monkeypatch, LLMCache, "caches", counts)
    result = CliRunner().invoke(cli, [
        "enrich", str(tmp_path / "accounts.csv"), "--replay", str(tmp_path / "site.warc.gz"),
        "--notes", str(tmp_path / "notes"), "--db", str(tmp_path / "icp.db"), "--no-llm",
        "--quiet",
    ], env={"OPENAI_BASE_URL": "http://127.0.0.1:9/v1"})  # fmt: skip
    assert result.exit_code == 0, result.output
    assert counts == {}


def test_build_context_takes_the_settings_as_given(tmp_path, monkeypatch):
    monkeypatch.setenv("ICP_MAX_PAGES", "5")  # read only by Settings.load, never by Context
    settings = Settings(db=tmp_path / "icp.db", max_pages=12)

    async def built() -> Context:
        async with build_context(settings) as context:
            return context

    context = asyncio.run(built())
    assert (context.max_pages, context.research, context.needs) == (12, None, None)
    assert context.store is not None and context.store.path == tmp_path / "icp.db"
