"""What the LLM step costs on the bundled sample, and what it adds.

Runs agent/sample (accounts.csv, icp.toml, sample.warc.gz) through `agent.batch.run_enrich`
twice into one database: a first run, then a `--refresh` rerun that must be answered entirely
from the LLM cache. The LLM is, by default, the local OpenAI-compatible test server
(tests/llm_server.py) answering like a small model would: grounded answers where a page states
the fact, and a confident invented headcount or "false" where none does, which the grounding
gate must drop. With OPENAI_BASE_URL or OPENAI_API_KEY set, the configured endpoint is used.

Prints, per account: LLM calls and prompt+completion tokens (goal <= 3,000); then the share of
filled fields that needed no LLM call (goal >= 60 %), grounding drops by reason, whether every
LLM value's quote occurs in its archived page, and the calls of the cache-hit rerun (must be 0).

Usage: PYTHONPATH=. python benchmarks/llm_cost.py [--budget 3000] [--db PATH]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sqlite3
import sys
import tempfile
from collections import Counter, defaultdict
from dataclasses import replace
from pathlib import Path
from typing import Any

from agent.batch import run_enrich
from agent.llm.costs import format_cost
from agent.settings import Settings
from store.db import Store
from tests.llm_server import LLMTestServer, Reply
from tools.evidence import find_sentence, quote_occurs

SAMPLE = Path(__file__).resolve().parents[1] / "agent" / "sample"
TOKEN_GOAL = 3000
SHARE_GOAL = 0.60
_PAGE = re.compile(r'<untrusted_page url="([^"]*)">\n(.*?)\n</untrusted_page>', re.S)
_FACTS = [  # field, pattern (group 1 = value), value conversion
    ("employee_count", r"(\d[\d,]*)\+?\s+(?:employees|people|colleagues|staff)\b",
     lambda m: int(m.replace(",", ""))),
    ("founded_year", r"(?:founded|since|established)\D{0,25}((?:19|20)\d\d)", int),
    ("hq_city", r"(?:headquartered|based|headquarters) in ([A-Z][a-z]+(?: [A-Z][a-z]+)?)", str),
    ("funding_stage", r"\b(Series [A-C])\b", lambda m: m.lower().replace(" ", "-")),
    ("total_funding_usd", r"\$(\d+(?:\.\d+)?)\s?(?:M|million)\b",
     lambda m: int(float(m) * 1_000_000)),
    ("business_model", r"\b(?:for|helps?) [\w\s-]{0,40}(teams|companies|businesses)\b",
     lambda m: "b2b"),
]  # fmt: skip


class SmallModel:
    """A deterministic stand-in for a small local model: mostly grounded, sometimes invented."""

    def __init__(self) -> None:
        self.by_domain: dict[str, Counter] = defaultdict(Counter)

    def __call__(self, body: dict[str, Any]) -> Reply:
        user = body["messages"][1]["content"]  # a re-ask repeats the first question
        pages = _PAGE.findall(user)
        domain = re.search(r"Company domain: (\S+)", user)
        if "Fields to fill:" in user:
            fields = re.search(r"Fields to fill: (.*)", user)[1].split(", ")
            reply = {"facts": self.facts(fields, pages), "technologies": self.stack(pages)}
        else:
            questions = re.findall(r"^- (\w+) \| (\w+) \| (.*)$", user, re.M)
            reply = {"answers": [self.answer(k, t, q, pages) for k, t, q in questions]}
        content = json.dumps(reply)
        usage = (len(json.dumps(body["messages"])) // 4, len(content) // 4)
        tally = self.by_domain[domain[1] if domain else "?"]
        tally.update(calls=1, prompt_tokens=usage[0], completion_tokens=usage[1])
        return Reply(content=content, usage=usage)

    def facts(self, fields: list[str], pages: list[tuple[str, str]]) -> list[dict[str, Any]]:
        facts = []
        for field, pattern, convert in _FACTS:
            if field not in fields:
                continue
            found = _find(pages, pattern)
            if found:
                url, quote, value = found
                facts.append(_item("field", field, convert(value), url, quote))
            elif field == "employee_count" and pages:  # the typical small-model invention
                facts.append(_item("field", field, 100, pages[0][0], "We are a team of 100."))
        if "hq_country" in fields and (found := _find(pages, r"\b(Germany|United States|USA)\b")):
            url, quote, value = found
            facts.append(_item("field", "hq_country", {"Germany": "DE"}.get(value, "US"),
                               url, quote))  # fmt: skip
        return facts

    def stack(self, pages: list[tuple[str, str]]) -> list[dict[str, Any]]:
        found = _find(pages, r"\b(?:we use|built on|experience with) ([A-Z][A-Za-z]+)")
        if not found:
            return []
        url, quote, name = found
        return [{"name": name, "category": "Other", "evidence": [{"url": url, "quote": quote}]}]

    def answer(self, key: str, kind: str, question: str, pages: list) -> dict[str, Any]:
        names = re.findall(r"\b([A-Z][a-z]*[A-Z]\w*)\b", question)  # "SaaStr", "HubSpot"
        found = names and _find(pages, rf"\b({'|'.join(map(re.escape, names))})\b")
        if kind == "bool" and found:
            url, quote, _ = found
            return _item("key", key, True, url, quote)
        if kind == "bool" and pages:  # answers "no" from silence: the gate must drop it
            url, text = pages[0]
            return _item("key", key, False, url, text.splitlines()[0][:200])
        return {"key": key, "value": None, "evidence": [], "confidence": 0.0}


def _find(pages: list[tuple[str, str]], pattern: str) -> tuple[str, str, str] | None:
    for url, text in pages:
        text = text.replace("\n[...]\n", "\n")
        if match := re.search(pattern, text):
            return url, find_sentence(text, match.start(), match.end()), match.group(1)
    return None


def _item(name: str, key: str, value: Any, url: str, quote: str) -> dict[str, Any]:
    return {name: key, "value": value, "evidence": [{"url": url, "quote": quote}],
            "confidence": 0.8}  # fmt: skip


def run_usage(db: Path, run_id: int) -> dict[str, Any]:
    """Return the LLM usage the batch stored for a run."""
    with sqlite3.connect(db) as connection:
        row = connection.execute(
            "SELECT llm_calls, prompt_tokens, completion_tokens, cost_usd FROM runs WHERE id = ?",
            [run_id],
        ).fetchone()
    keys = ("calls", "prompt_tokens", "completion_tokens", "cost_usd")
    return dict(zip(keys, row or (0, 0, 0, None), strict=True))


def field_counts(records: list[dict[str, Any]]) -> tuple[int, int, int]:
    """Return (fields filled without the LLM, fields filled by it, technologies by it)."""
    rule = llm = 0
    for record in records:
        fields = [*record["firmographics"].values(), *record["specialized"].values()]
        for field in fields:
            if field["value"] is not None:
                llm += field["method"] == "llm"
                rule += field["method"] != "llm"
    techs = sum(t["method"] == "llm" for r in records for t in r["technographics"])
    return rule, llm, techs


def verified_llm_evidence(records: list[dict[str, Any]], db: Path) -> tuple[int, int]:
    """Return (LLM values whose every quote occurs in its stored page, all LLM values)."""
    store = Store(db)
    ok = total = 0
    for record in records:
        texts = {}
        for page in store.load_pages(record["domain"]):
            for url in (page["url"], page["final_url"]):
                if url:
                    texts[url] = page["text"] or ""
        items = [*record["firmographics"].values(), *record["specialized"].values(),
                 *record["technographics"]]  # fmt: skip
        for item in items:
            if item.get("method") != "llm" or item.get("value", True) is None:
                continue
            total += 1
            ok += all(quote_occurs(e["quote"], texts.get(e["url"], "")) for e in item["evidence"])
    store.close()
    return ok, total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--budget", type=int, default=TOKEN_GOAL, help="tokens per account")
    parser.add_argument("--db", type=Path, default=None, help="database (default: a temp dir)")
    args = parser.parse_args(argv)
    external = bool(os.environ.get("OPENAI_BASE_URL") or os.environ.get("OPENAI_API_KEY"))
    os.environ["ICP_LLM_TOKEN_BUDGET"] = str(args.budget)
    db = args.db or Path(tempfile.mkdtemp(prefix="icp-llm-cost-")) / "icp.db"
    flags = {"icp": (SAMPLE / "icp.toml",), "db": db, "replay": SAMPLE / "sample.warc.gz"}
    accounts = SAMPLE / "accounts.csv"  # interview notes play no part in the LLM step
    model = SmallModel()
    server = None if external else LLMTestServer(responder=model).start()
    try:
        if server is not None:
            os.environ["OPENAI_BASE_URL"] = server.url
            os.environ.setdefault("ICP_LLM_MODEL", "small-model-stand-in")
        settings = Settings.load(flags)  # after the endpoint is set in the environment
        first = run_enrich(accounts, settings, keep_records=True)
        first_requests = len(server.requests) if server else None
        second = run_enrich(accounts, replace(settings, refresh=True), keep_records=True)
        rerun_requests = len(server.requests) - first_requests if server else None
    finally:
        if server is not None:
            server.stop()
    return report(first, second, db, model, external, rerun_requests)


def report(first, second, db: Path, model: SmallModel, external: bool, rerun_requests) -> int:
    """Print the numbers and return 0 when every goal is met."""
    usage, rerun = run_usage(db, first.run_id), run_usage(db, second.run_id)
    if not usage["calls"] and any("LLM" in step for step in first.skipped_steps):
        print("the batch skipped the LLM step:", "; ".join(first.skipped_steps), file=sys.stderr)
        return 2
    ledger = getattr(first, "llm_ledger", None)
    if ledger is not None:
        per_account = {a: (u.calls, u.total_tokens) for a, u in ledger.by_account().items()}
    else:
        per_account = {
            domain: (tally["calls"], tally["prompt_tokens"] + tally["completion_tokens"])
            for domain, tally in model.by_domain.items()
        }
    where = "configured endpoint" if external else "local test server (small-model stand-in)"
    print(f"LLM: {where}")
    print(f"{'account':28} {'calls':>5} {'tokens':>7}")
    for record in first.records:
        calls, tokens = per_account.get(record["domain"], (0, 0))
        print(f"{record['domain']:28} {calls:>5} {tokens:>7}")
    accounts = len(first.records)
    worst = max((t for _, t in per_account.values()), default=0)
    total_tokens = usage["prompt_tokens"] + usage["completion_tokens"]
    print(f"run: {usage['calls']} calls, {usage['prompt_tokens']} prompt + "
          f"{usage['completion_tokens']} completion tokens, {total_tokens / accounts:.0f} per "
          f"account (max {worst}), cost {format_cost(usage['cost_usd'])}")  # fmt: skip
    rule, llm, techs = field_counts(first.records)
    share = rule / (rule + llm) if rule + llm else 1.0
    print(f"fields filled: {rule} without the LLM, {llm} by it (+{techs} technologies); "
          f"share without an LLM call {share:.0%}")  # fmt: skip
    drops = Counter(
        re.sub(r"\d+", "N", note.split("(", 1)[-1].rstrip(")"))
        for record in first.records for note in record["notes"]
        if note.startswith("LLM value dropped")
    )  # fmt: skip
    print(f"grounding drops: {sum(drops.values())}")
    for reason, count in drops.most_common():
        print(f"  {count:>3}  {reason}")
    ok, total = verified_llm_evidence(first.records, db)
    print(f"LLM values whose quotes occur in the archived page: {ok}/{total}")
    calls_again = rerun_requests if rerun_requests is not None else rerun["calls"]
    print(f"cache-hit rerun: {calls_again} LLM calls")
    goals = {
        f"tokens per account <= {TOKEN_GOAL}": worst <= TOKEN_GOAL,
        f"share without an LLM call >= {SHARE_GOAL:.0%}": share >= SHARE_GOAL,
        "every LLM quote verified": ok == total,
        "rerun makes 0 calls": calls_again == 0,
    }
    for goal, met in goals.items():
        print(f"{'PASS' if met else 'FAIL'}  {goal}")
    return 0 if all(goals.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
