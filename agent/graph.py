"""The research graph for one account: a fixed pipeline with plain nodes.

    resolve_domain → fetch_site_pages → fetch_job_board → fetch_newsroom → extract_fields
        → research_with_llm → detect_changes → score_account → persist_account

An invalid domain goes straight to `persist_account` (with its error). Nodes are
`async def verb_noun(state, runtime) -> dict` returning partial updates; the injected
`Context` carries the clients. A batch is many runs of this graph.
"""

from __future__ import annotations

import functools
from dataclasses import replace
from typing import Literal

from langgraph.graph import END, START, StateGraph
from langgraph.runtime import Runtime

from agent.accounts import is_valid_domain
from agent.changes import change_signals
from agent.context import Context
from agent.icp import ICP
from agent.models import AccountResult, Field, Person
from agent.redaction import redact_in
from agent.scoring import score_against
from agent.state import InputState, OutputState, State
from tools.firmographics.extract import extract_firmographics
from tools.html import ParsedPage, parse_html
from tools.jobs.board import research_hiring
from tools.jobs.hiring_signals import answer_hiring_question
from tools.signals.extract import dedupe, hiring_surge, signals_from_feed, signals_from_pages
from tools.signals.feeds import parse_feed
from tools.signals.newsroom import read_newsroom
from tools.team import extract_team
from tools.technographics.detect import detect_technologies, merge_technologies
from tools.website import fetch_site


async def resolve_domain(state: State, runtime: Runtime[Context]) -> dict:
    """Check the domain is a plausible public host name."""
    day = runtime.context.today.isoformat()
    if not is_valid_domain(state.domain):
        return {"error": f"invalid domain {state.domain!r}", "researched_on": day}
    return {"researched_on": day}


def route_after_resolve_domain(state: State) -> Literal["fetch_site_pages", "persist_account"]:
    """Skip research for an invalid domain."""
    return "persist_account" if state.error else "fetch_site_pages"


async def fetch_site_pages(state: State, runtime: Runtime[Context]) -> dict:
    """Fetch the home page and the few pages worth reading, under the page budget."""
    site = await fetch_site(runtime.context.http, state.domain, runtime.context.max_pages)
    update: dict = {"home_url": site.home_url, "pages": site.pages, "notes": site.notes}
    if not site.reachable:
        update["error"] = site.notes[-1] if site.notes else "site not reachable"
    return update


async def fetch_job_board(state: State, runtime: Runtime[Context]) -> dict:
    """Find the job board (ATS or JSON-LD) and read its open roles."""
    parsed = _parsed_pages(state)
    research = await research_hiring(
        runtime.context.http,
        [page for _, page in parsed],
        domain=state.domain,
        today=runtime.context.today,
    )
    return {
        "hiring": research.hiring,
        "job_technologies": research.technologies,
        "pages": state.pages + research.pages,
        "notes": research.notes,
    }


async def fetch_newsroom(state: State, runtime: Runtime[Context]) -> dict:
    """Fetch the feeds, newsroom and undated releases that date the company's announcements."""
    research = await read_newsroom(runtime.context.http, _parsed_pages(state), state.pages,
                                   state.domain)  # fmt: skip
    return {"pages": state.pages + research.pages, "notes": research.notes}


def _signals(state: State, runtime: Runtime[Context], parsed: list, company: str | None) -> list:
    found = signals_from_pages(parsed, state.pages, state.domain, company)
    for page in state.pages:
        if page.kind == "feed" and page.source:
            url = page.final_url or page.url
            found += signals_from_feed(parse_feed(page.source, url), url, state.domain, company)
    surge = hiring_surge(state.hiring, state.pages, runtime.context.today)
    return dedupe(found + ([surge] if surge else []))


async def extract_fields(state: State, runtime: Runtime[Context]) -> dict:
    """Run the deterministic extractors over the fetched pages."""
    parsed = _parsed_pages(state)
    icp = runtime.context.icp
    firmo = extract_firmographics(parsed, icp.industries if icp and icp.industries else None)
    headers = {page.final_url or page.url: page.headers for page in state.pages}
    found = [
        tech for _, page in parsed for tech in detect_technologies(page, headers.get(page.url, {}))
    ]
    technographics = merge_technologies(found + state.job_technologies)
    specialized: dict[str, Field] = {}
    questions = {q.key: q for icp_ in reversed(runtime.context.icps) for q in icp_.specialized}
    for question in questions.values():
        answer = answer_hiring_question(
            question.question, question.type, state.hiring, pages=state.pages
        )
        specialized[question.key] = answer or Field.empty()
    committee: dict[str, Person] = {}
    for kind, page in parsed:
        if kind in ("team", "about"):
            for person in extract_team(page):
                if person.persona is not None:
                    committee.setdefault(person.name.casefold(), person)
    needs_source = runtime.context.needs
    company = firmo.firmographics.company_name.value
    return {
        "signals": _signals(state, runtime, parsed, company if isinstance(company, str) else None),
        "buying_committee": list(committee.values()),
        "firmographics": firmo.firmographics,
        "alternatives": firmo.alternatives,
        "technographics": technographics,
        "specialized": specialized,
        "needs": needs_source.needs_for(state.domain) if needs_source else None,
    }


async def research_with_llm(state: State, runtime: Runtime[Context]) -> dict:
    """Fill what the extractors left empty with a grounded LLM step (when configured)."""
    research = runtime.context.research
    if research is None:
        return {}
    return dict(await research.research(state, runtime.context.icps))


async def detect_changes(state: State, runtime: Runtime[Context]) -> dict:
    """Add the changes since the account's previous research (from the store) as signals."""
    store = runtime.context.store
    if store is None or state.error:
        return {}
    previous = store.load_record(state.domain)
    changes = change_signals(previous, _result(state), state.pages, runtime.context.today)
    return {"signals": dedupe(state.signals + changes)} if changes else {}


def _result(state: State) -> AccountResult:
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
    )


async def score_account(state: State, runtime: Runtime[Context]) -> dict:
    """Score the research against each ICP (a pure function of the fields); keep the best."""
    if not runtime.context.icps:
        return {}
    return score_update(runtime.context.icps, _result(state).contract_dict())


def score_update(icps: list[ICP], record: dict) -> dict:
    """Return the state update of scoring one record against one or several ICPs."""
    scored = score_against(icps, record)
    update = scored.result_fields()
    return update if len(scored.scores) == 1 else {**update, "all_scores": scored.scores}


async def persist_account(state: State, runtime: Runtime[Context]) -> dict:
    """Write the account's research atomically and return the result."""
    update: dict = {}
    if state.score is None and runtime.context.icps:
        update = score_update(runtime.context.icps, _result(state).contract_dict())
        state = replace(state, **update)
    result = _result(state)
    store = runtime.context.store
    if store is not None:
        # what enters the store (and every export made from it) carries no API key
        result = AccountResult.model_validate(redact_in(result.model_dump(mode="json")))
        store.save_account(
            result, state.pages, run_id=runtime.context.run_id, alternatives=state.alternatives,
            extra_scores=state.all_scores,
        )  # fmt: skip
    return {"result": result}


@functools.lru_cache(maxsize=128)
def _parse(source: str, url: str) -> ParsedPage:
    # two nodes read the same pages; the state keeps only serializable page records
    return parse_html(source, url)


def _parsed_pages(state: State) -> list[tuple[str, ParsedPage]]:
    return [
        (page.kind, _parse(page.source, page.final_url or page.url))
        for page in state.pages
        if page.source
    ]


def build_graph():
    """Build and compile the research graph."""
    builder = StateGraph(
        State, input_schema=InputState, output_schema=OutputState, context_schema=Context
    )
    builder.add_node(resolve_domain)
    builder.add_node(fetch_site_pages)
    builder.add_node(fetch_job_board)
    builder.add_node(fetch_newsroom)
    builder.add_node(extract_fields)
    builder.add_node(research_with_llm)
    builder.add_node(detect_changes)
    builder.add_node(score_account)
    builder.add_node(persist_account)
    builder.add_edge(START, "resolve_domain")
    builder.add_conditional_edges("resolve_domain", route_after_resolve_domain)
    builder.add_edge("fetch_site_pages", "fetch_job_board")
    builder.add_edge("fetch_job_board", "fetch_newsroom")
    builder.add_edge("fetch_newsroom", "extract_fields")
    builder.add_edge("extract_fields", "research_with_llm")
    builder.add_edge("research_with_llm", "detect_changes")
    builder.add_edge("detect_changes", "score_account")
    builder.add_edge("score_account", "persist_account")
    builder.add_edge("persist_account", END)
    return builder.compile(name="icp-research")


graph = build_graph()
