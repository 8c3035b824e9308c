"""Precision of the prose rules on real job posts, against the employers' Glassdoor facts.

../shared/realdata/glassdoor-ds-jobs-2020/glassdoor_jobs.csv holds 956 real job postings with
their full description text and the employer's Glassdoor firmographics (headquarters, size band,
founding year, ownership). A careers page is prose the rules read, so every value the rules
take from a description is checked against those facts:

- headquarters: the city read equals Glassdoor's headquarters city;
- headcount: the count read falls in Glassdoor's size band;
- founded year: the year read equals Glassdoor's;
- listing: "public" read only for employers Glassdoor calls public.

Glassdoor's facts are themselves imperfect (a subsidiary's posting under its parent, a band
from another year), so the figure is a floor; each disagreement is listed for a person to judge.
Reported, not gated. The data is read in place and never copied into the repository.

Usage: PYTHONPATH=. python benchmarks/firmographics_glassdoor.py [CSV] [--json OUT.json]
"""

from __future__ import annotations

import argparse
import csv
import json
import re
from pathlib import Path
from typing import Any

from tools.firmographics.founded_year import extract_founded_year
from tools.firmographics.funding import extract_funding
from tools.firmographics.headcount import extract_headcount
from tools.firmographics.headquarters import extract_headquarters
from tools.firmographics.ownership import extract_ownership

DEFAULT_CSV = (
    Path(__file__).resolve().parents[2]
    / "shared" / "realdata" / "glassdoor-ds-jobs-2020" / "glassdoor_jobs.csv"
)  # fmt: skip
URL = "https://employer.example/careers"


def _band(size: str) -> tuple[int, int] | None:
    if match := re.match(r"(\d+) to (\d+) employees", size):
        return int(match[1]), int(match[2])
    if match := re.match(r"(\d+)\+ employees", size):
        return int(match[1]), 10**7
    return None


def _known(value: str) -> bool:
    return value.strip() not in ("", "-1")


def check_posting(row: dict[str, str]) -> list[tuple[str, bool, dict[str, Any]]]:
    """Return (fact, agrees, detail) for every value the rules read from one description."""
    text = row["Job Description"]
    name = row["Company Name"].split("\n")[0].strip()
    names = [name, name.split()[0]] if name else []
    checks: list[tuple[str, bool, dict[str, Any]]] = []

    def check(fact: str, field: Any, agrees: bool, expected: str) -> None:
        detail = {"company": name, "read": field.value, "expected": expected,
                  "quote": field.evidence[0].quote[:200]}  # fmt: skip
        checks.append((fact, agrees, detail))

    cities = [f for n, f in extract_headquarters(text, URL, names) if n == "hq_city"]
    if cities and _known(row["Headquarters"]):
        expected = row["Headquarters"].split(",")[0].strip()
        read = str(cities[0].value).lower().removesuffix(" city")  # "New York City"
        check("hq_city", cities[0], read == expected.lower(), expected)
    counts = [f for _, f in extract_headcount(text, URL, names)]
    if counts and (band := _band(row["Size"])):
        value = int(counts[0].value)
        check("employee_count", counts[0], band[0] <= value <= band[1], row["Size"])
    years = [f for _, f in extract_founded_year(text, URL, names)]
    if years and _known(row["Founded"]):
        best = max(years, key=lambda f: f.confidence)
        check("founded_year", best, str(best.value) == row["Founded"].strip(), row["Founded"])
    stages = extract_funding(text, URL, names) + extract_ownership(text, URL, names)
    public = [f for n, f in stages if n == "funding_stage" and f.value == "public"]
    if public and _known(row["Type of ownership"]):
        ownership = row["Type of ownership"]
        check("public", public[0], "Public" in ownership, ownership)
    return checks


def run(path: Path) -> dict[str, Any]:
    """Check every distinct description once; return agreement per fact with disagreements."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    seen: set[str] = set()
    figures: dict[str, dict[str, Any]] = {}
    for row in rows:
        if row["Job Description"] in seen:
            continue
        seen.add(row["Job Description"])
        for fact, agrees, detail in check_posting(row):
            entry = figures.setdefault(fact, {"read": 0, "agree": 0, "disagreements": []})
            entry["read"] += 1
            entry["agree"] += int(agrees)
            if not agrees:
                entry["disagreements"].append(detail)
    return {"postings": len(seen), "facts": figures}


def main() -> None:
    """Print the agreement per fact (and write JSON when asked)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("csv", nargs="?", type=Path, default=DEFAULT_CSV)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    if not args.csv.is_file():
        print(f"skipped: {args.csv} not found")
        return
    report = run(args.csv)
    print(f"{report['postings']} distinct job descriptions")
    for fact, entry in report["facts"].items():
        share = entry["agree"] / entry["read"] if entry["read"] else 0.0
        print(f"  {fact}: read {entry['read']}, agree {entry['agree']} ({share:.0%})")
        for detail in entry["disagreements"]:
            print(f"    read {detail['read']!r}, Glassdoor {detail['expected']!r}: "
                  f"{detail['quote']}")  # fmt: skip
    if args.json:
        args.json.write_text(json.dumps(report, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
