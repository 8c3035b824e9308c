"""The research graph for one account: a fixed pipeline whose routers follow what happened.

    fetch_site_pages ─┬─ reachable ──▶ fetch_job_board ──▶ fetch_newsroom ──▶ extract_fields ─┐
                      └─ unreachable (its error) ─────────────────────────────────────────────┤
                                                                                              ▼
      match_interview_notes ─┬─ LLM configured, site read ──▶ research_with_llm ──┐
                             └─ otherwise ─────────────────────────────────────────┤
                                                                                   ▼
                               detect_changes ──▶ score_account ──▶ persist_account

Nodes take `(state, runtime)` and return partial updates; the injected `Context` carries the
clients. Fetching nodes are `async`; CPU work never runs on the event loop: every page is
parsed once, in the worker pool (`Context.workers`), and all extractors read that one parsed
form in one worker job; the small CPU nodes are plain `def`s, which LangGraph runs in a thread.
A batch is many runs of this graph.
"""

from __future__ import annotations

from typing import Literal

from langgraph.graph import END, START, StateGraph
from langgraph.runtime import Runtime

from agent.changes import change_signals
from agent.context import Context
from agent.extraction import HiringQuestion, extract_account
from agent.icp import ICP
from agent.models import AccountResult
from agent.redaction import redact_in
from agent.scoring import score_against
from agent.state import InputState, OutputState, State
from tools.html import parse_html
from tools.jobs.board import research_hiring
from tools.signals.extract import dedupe
from tools.signals.newsroom import read_newsroom
from tools.website import fetch_site


async def fetch_site_pages(state: State, runtime: Runtime[Context]) -> dict:
    """Fetch the home page and the few pages worth reading, each parsed once in a worker."""
    context = runtime.context
    site = await fetch_site(context.http, state.domain, context.max_pages, parse=context.parse)
    update: dict = {
        "researched_on": context.today.isoformat(),
        "home_url": site.home_url,
        "pages": site.pages,
        "parsed": site.html_pages,
        "requested": site.requested,
        "notes": site.notes,
    }
    if not site.reachable:
        update["error"] = site.notes[-1] if site.notes else "site not reachable"
    return update


def route_after_fetch_site_pages(
    state: State,
) -> Literal["fetch_job_board", "match_interview_notes"]:
    """Research an unreachable site no further: its error goes on to scoring and the store."""
    return "match_interview_notes" if state.error else "fetch_job_board"


async def fetch_job_board(state: State, runtime: Runtime[Context]) -> dict:
    """Find the job board (ATS or JSON-LD) and read its open roles."""
    research = await research_hiring(
        runtime.context.http,
        [page for _, page in state.parsed],
        domain=state.domain,
        today=runtime.context.today,
        parse=runtime.context.parse,
        requested=state.requested,
        cpu=runtime.context.run_cpu,
    )
    return {
        "hiring": research.hiring,
        "job_technologies": research.technologies,
        "pages": state.pages + research.pages,
        "parsed": state.parsed + [("careers", page) for page in research.parsed],
        "notes": research.notes,
    }


async def fetch_newsroom(state: State, runtime: Runtime[Context]) -> dict:
    """Fetch the feeds, newsroom and undated releases that date the company's announcements."""
    context = runtime.context
    research = await read_newsroom(
        context.http, state.parsed, state.pages, state.domain, parse=context.parse,
        cpu=context.run_cpu,
    )  # fmt: skip
    # extractors read every page in the order fetched, feeds (read as markup) included
    parsed = list(research.parsed)
    added = []
    for record in research.pages:
        url = record.final_url or record.url
        if record.kind == "feed" and record.source:
            added.append(("feed", await context.run_cpu(parse_html, record.source, url)))
        elif parsed and parsed[0][1].url == url:
            added.append(parsed.pop(0))
    return {
        "pages": state.pages + research.pages,
        "parsed": state.parsed + added,
        "notes": research.notes,
    }


async def extract_fields(state: State, runtime: Runtime[Context]) -> dict:
    """Run the deterministic extractors over the parsed pages, in a worker process."""
    context = runtime.context
    icp = context.icp
    # the first ICP wins a key that several ask
    questions = {q.key: q for icp_ in reversed(context.icps) for q in icp_.specialized}
    extracted = await context.run_cpu(
        extract_account,
        state.parsed,
        state.pages,
        icp.industries if icp and icp.industries else None,
        state.job_technologies,
        state.hiring,
        [HiringQuestion(q.key, q.question, q.type) for q in questions.values()],
        state.domain,
        context.today,
    )
    return {
        "signals": extracted.signals,
        "buying_committee": extracted.buying_committee,
        "firmographics": extracted.firmographics,
        "alternatives": extracted.alternatives,
        "technographics": extracted.technographics,
        "specialized": extracted.specialized,
        "parsed": [],  # every extractor has read them; not held any longer
        # the markup has been read too: later steps, the LLM and the store use visible text
        "pages": [page.model_copy(update={"source": ""}) for page in state.pages],
    }


def match_interview_notes(state: State, runtime: Runtime[Context]) -> dict:
    """Attach the needs told in the account's interview notes (site reachable or not)."""
    needs_source = runtime.context.needs
    return {"needs": needs_source.needs_for(state.domain) if needs_source else None}


def route_after_match_interview_notes(
    state: State, runtime: Runtime[Context]
) -> Literal["research_with_llm", "detect_changes"]:
    """Ask the LLM only when one is configured and the site could be read."""
    skip = runtime.context.research is None or state.error
    return "detect_changes" if skip else "research_with_llm"


async def research_with_llm(state: State, runtime: Runtime[Context]) -> dict:
    """Fill what the extractors left empty with a grounded LLM step."""
    research = runtime.context.research
    assert research is not None, "route_after_match_interview_notes sends no account here"
    return dict(await research.research(state, runtime.context.icps))


async def detect_changes(state: State, runtime: Runtime[Context]) -> dict:
    """Add the changes since the account's previous research (from the store) as signals."""
    store = runtime.context.store
    if store is None or state.error:
        return {}
    previous = store.load_record(state.domain)
    changes = change_signals(previous, result_of(state), state.pages, runtime.context.today)
    return {"signals": dedupe(state.signals + changes)} if changes else {}


def result_of(state: State) -> AccountResult:
    """Return the contract-shaped result of the research in `state`."""
    return AccountResult(
        domain=state.domain,
        input=state.input,
        status="error" if state.error else "ok",
        error=state.error,
        firmographics=state.firmographics,
        technographics=state.technographics,
        hiring=state.hiring,
        specialized=state.specialized,
        needs=state.needs,
        buying_committee=state.buying_committee,
        signals=state.signals,
        researched_on=state.researched_on,
        score=state.score,
        best_icp=state.best_icp,
        scores=state.scores,
        notes=state.notes,
        reconciliation=state.reconciliation,
    )


def score_account(state: State, runtime: Runtime[Context]) -> dict:
    """Score the research against each ICP (a pure function of the fields); keep the best."""
    if not runtime.context.icps:
        return {}
    return score_update(runtime.context.icps, result_of(state).contract_dict())


def score_update(icps: list[ICP], record: dict) -> dict:
    """Return the state update of scoring one record against one or several ICPs."""
    scored = score_against(icps, record)
    update = scored.result_fields()
    return update if len(scored.scores) == 1 else {**update, "all_scores": scored.scores}


async def persist_account(state: State, runtime: Runtime[Context]) -> dict:
    """Write the account's research atomically and return the result."""
    result = result_of(state)
    store = runtime.context.store
    if store is not None:
        # what enters the store (and every export made from it) carries no API key
        result = AccountResult.model_validate(redact_in(result.model_dump(mode="json")))
        store.save_account(
            result, state.pages, run_id=runtime.context.run_id, alternatives=state.alternatives,
            extra_scores=state.all_scores,
        )  # fmt: skip
    return {"result": result}


def build_graph():
    """Build and compile the research graph."""
    builder = StateGraph(
        State, input_schema=InputState, output_schema=OutputState, context_schema=Context
    )
    builder.add_node(fetch_site_pages)
    builder.add_node(fetch_job_board)
    builder.add_node(fetch_newsroom)
    builder.add_node(extract_fields)
    builder.add_node(match_interview_notes)
    builder.add_node(research_with_llm)
    builder.add_node(detect_changes)
    builder.add_node(score_account)
    builder.add_node(persist_account)
    builder.add_edge(START, "fetch_site_pages")
    builder.add_conditional_edges("fetch_site_pages", route_after_fetch_site_pages)
    builder.add_edge("fetch_job_board", "fetch_newsroom")
    builder.add_edge("fetch_newsroom", "extract_fields")
    builder.add_edge("extract_fields", "match_interview_notes")
    builder.add_conditional_edges("match_interview_notes", route_after_match_interview_notes)
    builder.add_edge("research_with_llm", "detect_changes")
    builder.add_edge("detect_changes", "score_account")
    builder.add_edge("score_account", "persist_account")
    builder.add_edge("persist_account", END)
    return builder.compile(name="icp-research")


graph = build_graph()
