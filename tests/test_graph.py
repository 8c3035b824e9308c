"""The research graph end to end on an httpx MockTransport fetcher, with an in-process fake LLM.

Each route of the graph has a test that fails when its edge or router branch is removed:
reachable site (job board, extractors, notes, score, store), unreachable site (straight to
notes, score and store with its error), LLM configured (asked after the extractors) or not.
"""

import asyncio
from collections import Counter
from datetime import date
from pathlib import Path

import httpx
import pytest

from agent.context import Context
from agent.graph import graph
from agent.icp import parse_icp
from agent.models import Evidence, Field, Needs
from agent.worker_pool import WorkerPool
from store.db import Store
from tools.web.fetcher import Fetcher, HttpSettings

JOBS = (Path(__file__).parent / "fixtures" / "jobs" / "greenhouse_jobs.json").read_bytes()
HOME = (
    "<html><head><title>Acme Analytics</title></head><body><h1>Acme Analytics</h1>"
    "<p>Acme Analytics helps revenue teams forecast.</p>"
    "<a href='/about'>About us</a> <a href='/careers'>Careers</a></body></html>"
)
ABOUT = (
    "<html><body><h1>About Acme Analytics</h1><p>Founded in 2014, Acme Analytics has a team "
    "of 120 people in Austin.</p></body></html>"
)
CAREERS = (
    "<html><body><h1>Careers</h1>"
    "<a href='https://boards.greenhouse.io/acme'>See open roles</a></body></html>"
)
SITE = {
    "https://acme.test/": HOME,
    "https://acme.test/about": ABOUT,
    "https://acme.test/careers": CAREERS,
}
ICP = {
    "name": "t",
    "dimensions": [{"name": "size", "weight": 1.0, "criteria": [
        {"field": "firmographics.employee_count", "min": 100, "points": 1}]}],
}  # fmt: skip
NEEDS = Needs(interviews=1)


class Web:
    """The MockTransport handler: acme.test is a site, down.test refuses connections."""

    def __init__(self):
        self.requested: list[str] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        url = str(request.url)
        self.requested.append(url)
        if request.url.host.endswith("down.test"):
            raise httpx.ConnectError("connection refused", request=request)
        if url == "https://boards-api.greenhouse.io/v1/boards/acme/jobs?content=true":
            return httpx.Response(200, content=JOBS, headers={"content-type": "application/json"})
        if url in SITE:
            return httpx.Response(200, text=SITE[url], headers={"content-type": "text/html"})
        return httpx.Response(404, text="not found")


class FakeNeeds:
    def needs_for(self, domain):
        return NEEDS if domain in ("acme.test", "down.test") else None


class FakeLLM:
    """The LLM step behind `Context.llm`: records what it saw, fills one specialized answer."""

    def __init__(self):
        self.seen = []

    async def research(self, state, icps):
        self.seen.append((state.domain, state.firmographics.founded_year.value))
        answer = Field(value=True, confidence=0.7, method="llm", evidence=[
            Evidence(url="https://acme.test/about", quote="Founded in 2014")])  # fmt: skip
        return {"specialized": {**state.specialized, "llm_answer": answer}}


async def _public(host, port):
    return ["93.184.216.34"]


def research(domain, tmp_path, *, llm=None, icp=True, workers=None):
    web = Web()
    store = Store(tmp_path / "icp.db")
    settings = HttpSettings(per_host_delay=0, retries=0)

    async def go():
        async with Fetcher(settings, transport=httpx.MockTransport(web), resolver=_public) as http:
            context = Context(http=http, store=store, icps=[parse_icp(ICP)] if icp else [],
                              research=llm, needs=FakeNeeds(), today=date(2025, 6, 1), run_id=1,
                              workers=workers)  # fmt: skip
            output = await graph.ainvoke({"domain": domain, "input": {"d": domain}},
                                         context=context)  # fmt: skip
            return output["result"]

    result = asyncio.run(go())
    stored = store.load_record(domain)
    store.close()
    return result, web, stored


def test_graph_reachable_site_reads_pages_board_notes_and_scores(tmp_path):
    result, web, stored = research("acme.test", tmp_path)
    assert (result.status, result.error) == ("ok", None)
    firmo = result.firmographics
    assert (firmo.founded_year.value, firmo.employee_count.value) == (2014, 120)
    assert (result.hiring.ats, result.hiring.status) == ("greenhouse", "ok")
    assert result.hiring.open_roles == 4
    assert result.needs == NEEDS
    assert result.score is not None and result.score.total == 100
    assert stored is not None and stored["firmographics"]["founded_year"]["value"] == 2014
    # every URL asked once: pages, robots.txt per host, the board API
    assert [url for url, n in Counter(web.requested).items() if n > 1] == []
    assert "https://boards-api.greenhouse.io/v1/boards/acme/jobs?content=true" in web.requested


def test_graph_unreachable_site_goes_to_notes_score_and_store_with_its_error(tmp_path):
    llm = FakeLLM()
    result, web, stored = research("down.test", tmp_path, llm=llm)
    assert result.status == "error"
    assert result.error.startswith("home page https://www.down.test/ not available (network")
    # nothing after the site fetch was asked: no job board, no careers page, no LLM
    assert {httpx.URL(url).host for url in web.requested} == {"down.test", "www.down.test"}
    assert result.notes == [
        "home page https://down.test/ not available (network: ConnectError: connection refused)",
        "home page https://www.down.test/ not available (network: ConnectError: connection "
        "refused)",
    ]
    assert not any("job board" in note for note in result.notes)
    assert llm.seen == []
    assert result.needs == NEEDS
    assert result.score is not None and result.score.total == 0
    assert stored is not None and stored["status"] == "error"


def test_graph_asks_the_configured_llm_after_the_extractors(tmp_path):
    llm = FakeLLM()
    result, _, stored = research("acme.test", tmp_path, llm=llm)
    assert llm.seen == [("acme.test", 2014)]
    assert result.specialized["llm_answer"].value is True
    assert stored["specialized"]["llm_answer"]["value"] is True
    assert result.score is not None


def test_graph_without_llm_or_icp_neither_asks_nor_scores(tmp_path):
    result, _, stored = research("acme.test", tmp_path, icp=False)
    assert result.specialized == {}
    assert result.score is None
    assert stored is not None


def test_graph_in_worker_processes_gives_the_same_result(tmp_path):
    pool = WorkerPool(1)
    try:
        pooled, web, _ = research("acme.test", tmp_path / "pool", workers=pool)
    finally:
        pool.close()
    inline, _, _ = research("acme.test", tmp_path / "inline")
    assert pooled.contract_dict() == inline.contract_dict()
    assert [url for url, n in Counter(web.requested).items() if n > 1] == []


def test_graph_edges_are_the_documented_pipeline():
    edges = {(edge.source, edge.target, edge.conditional) for edge in graph.get_graph().edges}
    assert edges == {
        ("__start__", "fetch_site_pages", False),
        ("fetch_site_pages", "fetch_job_board", True),
        ("fetch_site_pages", "match_interview_notes", True),
        ("fetch_job_board", "fetch_newsroom", False),
        ("fetch_newsroom", "extract_fields", False),
        ("extract_fields", "match_interview_notes", False),
        ("match_interview_notes", "research_with_llm", True),
        ("match_interview_notes", "detect_changes", True),
        ("research_with_llm", "detect_changes", False),
        ("detect_changes", "score_account", False),
        ("score_account", "persist_account", False),
        ("persist_account", "__end__", False),
    }


@pytest.fixture(autouse=True)
def _tmp(tmp_path):
    (tmp_path / "pool").mkdir()
    (tmp_path / "inline").mkdir()


def test_graph_declares_its_end():
    # LangGraph ends a run at a node without outgoing edges, so the END edge changes no run;
    # it is declared so the graph reads (and draws) as the pipeline it is
    assert ("persist_account", "__end__") in graph.builder.edges
    assert set(graph.builder.branches) == {"fetch_site_pages", "match_interview_notes"}
