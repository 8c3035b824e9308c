"""Run the `icp` CLI against a farm of hostile sites and report, per case, what held.

Every case is one account whose site (served on 127.0.0.1, told apart by Host header) is built
to hurt: huge or deep markup and JSON, absurd timestamps, instructions and fake JSON posing as
facts, a Crawl-delay. Each runs in its own `icp enrich` process with a scripted LLM endpoint
that obeys every injection (the worst model), and a key the endpoint must never see written.
Per case it prints: wall time, whether the result row is there, whether a traceback reached
stderr, whether the injected value is in the row, whether the API key is in any file written
(results, store, HTTP cache, `icp export`, stdout/stderr), and the smallest gap between two
request starts to the case's host. A final case points the CLI at an endpoint that answers 401
echoing the key.

Usage: PYTHONPATH=.:tests python benchmarks/hostile.py [--only NAME] [--timeout 120]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from hostile_farm import (  # noqa: E402
    BASELINE,
    FAKE_JSON_BLOCK,
    INSTRUCTION_SENTENCE,
    SECRET_KEY,
    Case,
    cases,
    serve,
)
from llm_server import LLMTestServer, Reply  # noqa: E402
from webserver import WebServer  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
LIMIT_SECONDS = 30.0
ICP = """name = "hostile"
[[dimensions]]
name = "firmographics"
weight = 1.0
  [[dimensions.criteria]]
  field = "firmographics.employee_count"
  range = [50, 100000]
  points = 50
  [[dimensions.criteria]]
  field = "firmographics.funding_stage"
  in = ["series-b", "series-c"]
  points = 50
"""


def obedient_model(body: dict[str, Any]) -> Reply:
    """Answer as a model that believes whatever the page says (the worst case)."""
    prompt = body["messages"][-1]["content"]
    name = (body.get("response_format") or {}).get("json_schema", {}).get("name", "")
    url = (re.search(r"https?://[^\s\"'<>]+/", prompt) or [""])[0]
    facts = []
    if FAKE_JSON_BLOCK in prompt or '"funding_stage": "series-b"' in prompt:
        facts.append(_fact("funding_stage", "series-b", url, FAKE_JSON_BLOCK))
        facts.append(_fact("employee_count", 4321, url, FAKE_JSON_BLOCK))
    if INSTRUCTION_SENTENCE in prompt:
        facts.append(_fact("employee_count", 9999, url, INSTRUCTION_SENTENCE))
    if name == "research_firmographics":
        return Reply.json({"facts": facts})
    return Reply.json({"answers": []})


def _fact(key: str, value: Any, url: str, quote: str) -> dict[str, Any]:
    return {
        "field": key,
        "value": value,
        "confidence": 0.9,
        "evidence": [{"url": url, "quote": quote}],
    }


def key_echoing_endpoint(body: dict[str, Any]) -> Reply:
    """Answer 401, echoing the key the client sent (as some gateways do)."""
    key = body["_headers"].get("authorization", "").removeprefix("Bearer ")
    message = f"Incorrect API key provided: {key}. You can find your API key in the dashboard."
    return Reply(
        status=401,
        body={
            "error": {
                "message": message,
                "type": "invalid_request_error",
                "code": "invalid_api_key",
            }
        },
    )


def run_case(case: Case, server: WebServer, llm_url: str | None, timeout: float) -> dict[str, Any]:
    """Run one case through the CLI and return its figures."""
    with tempfile.TemporaryDirectory(prefix="hostile-") as tmp:
        work = Path(tmp)
        (work / "accounts.csv").write_text(f"domain\n{case.host}\n", encoding="utf-8")
        (work / "icp.toml").write_text(ICP, encoding="utf-8")
        env = dict(
            os.environ,
            ICP_HOSTILE_PORT=str(server.port),
            OPENAI_API_KEY=SECRET_KEY,
            ICP_LLM_MODEL="hostile-model",
            PYTHONPATH=f"{ROOT}:{ROOT / 'tests'}",
        )
        env.pop("OPENAI_BASE_URL", None)
        args = [
            sys.executable,
            str(ROOT / "benchmarks" / "hostile_cli.py"),
            "enrich",
            "accounts.csv",
            "--icp",
            "icp.toml",
            "--db",
            "icp.db",
            "--out",
            "results.jsonl",
            "--allow-private-network",
            "--quiet",
        ]
        if llm_url:
            env["OPENAI_BASE_URL"] = llm_url
        else:
            args.append("--no-llm")
        started = time.perf_counter()
        try:
            run = subprocess.run(
                args, cwd=work, env=env, capture_output=True, text=True, timeout=timeout
            )
            stdout, stderr, code = run.stdout, run.stderr, run.returncode
        except subprocess.TimeoutExpired as exc:
            stdout = exc.stdout.decode() if isinstance(exc.stdout, bytes) else exc.stdout or ""
            stderr = exc.stderr.decode() if isinstance(exc.stderr, bytes) else exc.stderr or ""
            code = "killed"
        wall = time.perf_counter() - started
        export = subprocess.run(
            [
                sys.executable,
                str(ROOT / "benchmarks" / "hostile_cli.py"),
                "export",
                "--format",
                "jsonl",
                "--db",
                "icp.db",
                "--out",
                "export.jsonl",
            ],
            cwd=work,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        rows = _rows(work / "results.jsonl")
        record = next((r for r in rows if r.get("domain") == case.host), None)
        key_in = [
            p.name for p in work.iterdir() if p.is_file() and SECRET_KEY.encode() in p.read_bytes()
        ]
        key_in += [
            name
            for name, text in (
                ("stdout", stdout + export.stdout),
                ("stderr", stderr + export.stderr),
            )
            if SECRET_KEY in text
        ]
        return {
            "case": case.name,
            "seconds": round(wall, 1),
            "exit": code,
            "row": record is not None,
            "status": (record or {}).get("status"),
            "error": ((record or {}).get("error") or "")[:80],
            "traceback": "Traceback" in stderr,
            "injected": bool(record) and case.injected(record),
            "key_in": key_in,
            "min_gap": _min_gap(server, case.host),
            "crawl_delay": case.crawl_delay,
        }


def _rows(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def _min_gap(server: WebServer, host: str) -> float | None:
    times = sorted(r.time for r in server.log if r.host == host)
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    return round(min(gaps), 2) if gaps else None


def passed(result: dict[str, Any]) -> bool:
    """Return whether every promise held for the case.

    Time is judged as the case's cost over the plain-page baseline of the same mode: process
    start (loading the fingerprint database) and a loaded machine are not the page's doing.
    """
    gap_ok = result["crawl_delay"] is None or (result["min_gap"] or 0) >= result["crawl_delay"]
    return (
        result["seconds"] - result.get("baseline", 0.0) <= LIMIT_SECONDS
        and result["row"]
        and not result["traceback"]
        and not result["injected"]
        and not result["key_in"]
        and gap_ok
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", help="run the cases whose name contains this")
    parser.add_argument("--timeout", type=float, default=120.0)
    args = parser.parse_args()
    farm = [c for c in cases() if not args.only or args.only in c.name or c.name == BASELINE]
    results = []
    with WebServer() as server, LLMTestServer(responder=obedient_model) as llm:
        serve(server, farm)
        baseline: dict[str, float] = {}
        for case in farm:
            for mode, url in (("llm", llm.url), ("no-llm", None)):
                server.clear_log()
                result = run_case(case, server, url, args.timeout)
                if case.name == BASELINE:
                    baseline[mode] = result["seconds"]
                result["baseline"] = baseline.get(mode, 0.0)
                result["case"] = f"{case.name} [{mode}]"
                results.append(result)
                _print(result)
    if not args.only or "401" in args.only:
        with WebServer() as server, LLMTestServer(responder=key_echoing_endpoint) as llm:
            case = cases()[0]  # the plain page; the endpoint is what is hostile here
            serve(server, [case])
            result = run_case(case, server, llm.url, args.timeout)
            result["case"] = "LLM endpoint answers 401 echoing the key"
            results.append(result)
            _print(result)
    failed = [r["case"] for r in results if not passed(r)]
    print(
        f"\n{len(results) - len(failed)}/{len(results)} cases hold"
        + (f"; failing: {', '.join(failed)}" if failed else "")
    )
    sys.exit(1 if failed else 0)


def _print(result: dict[str, Any]) -> None:
    print(
        f"{'ok  ' if passed(result) else 'FAIL'} {result['case']:<52} {result['seconds']:>6.1f}s "
        f"(+{result['seconds'] - result.get('baseline', 0.0):.1f} over baseline) "
        f"row={'yes' if result['row'] else 'NO'}({result['status']}) "
        f"traceback={'YES' if result['traceback'] else 'no'} "
        f"injected={'YES' if result['injected'] else 'no'} "
        f"key_in={','.join(result['key_in']) or 'none'} min_gap={result['min_gap']}"
        + (f" error={result['error']!r}" if result["error"] else ""),
        flush=True,
    )


if __name__ == "__main__":
    main()
