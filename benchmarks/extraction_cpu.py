"""CPU per page of parsing and of each deterministic extractor, on real saved pages.

Builds the sites of the peer farm (`benchmarks/peer_farm.py`: real home/about/product/careers
pages of ../shared/realdata with brand and domain rewritten per site), parses every HTML page
once, then runs the extractors the way `agent/extraction.py` does: firmographics over each
site's pages together, technographics per page, the team reader on team and About pages,
signals over each site's pages. Prints CPU milliseconds per page (process time, so other
processes on the machine do not count; the best of `--rounds` rounds per stage).

Usage: PYTHONPATH=. python benchmarks/extraction_cpu.py [--accounts 50] [--rounds 3]
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from urllib.parse import urlsplit

import peer_farm

from agent.models import PageRecord
from tools.firmographics.extract import extract_firmographics
from tools.html import ParsedPage, parse_html
from tools.signals.extract import signals_from_pages
from tools.team import extract_team
from tools.technographics.detect import detect_technologies
from tools.website import classify_url

Site = list[tuple[str, str, str]]
"""(kind, url, HTML source) of one site's pages."""


def html_sites(accounts: int) -> dict[str, Site]:
    """Return each farm site's HTML pages (status 200), by the site's bare domain."""
    sites: dict[str, Site] = defaultdict(list)
    for host, pages in peer_farm.build_sites(accounts).items():
        for path, page in pages.items():
            if page.status != 200 or "html" not in page.content_type:
                continue
            url = f"https://{host}{path}"
            kind = "home" if path in ("", "/") else classify_url(url) or "other"
            sites[host.removeprefix("www.")].append(
                (kind, url, page.body.decode("utf-8", "replace"))
            )
    return dict(sites)


def _cpu(work: Callable[[], object]) -> float:
    start = time.process_time()
    work()
    return time.process_time() - start


def _parse_all(sites: dict[str, Site]) -> dict[str, list[tuple[str, ParsedPage]]]:
    return {
        domain: [(kind, parse_html(source, url)) for kind, url, source in pages]
        for domain, pages in sites.items()
    }


def _copies(
    parsed: dict[str, list[tuple[str, ParsedPage]]],
) -> dict[str, list[tuple[str, ParsedPage]]]:
    """Fresh pages (no cached normalized text), so every round pays what a real run pays."""
    return {
        domain: [(kind, dataclasses.replace(page)) for kind, page in pages]
        for domain, pages in parsed.items()
    }


def measure(sites: dict[str, Site], rounds: int) -> dict[str, float]:
    """Return the best CPU seconds of each stage over `rounds` rounds."""
    parsed = _parse_all(sites)
    records = {
        domain: [PageRecord(url=page.url, kind=kind, status=200) for kind, page in pages]
        for domain, pages in parsed.items()
    }
    stages: dict[str, Callable[[dict[str, list[tuple[str, ParsedPage]]]], object]] = {
        "firmographics": lambda data: [extract_firmographics(p) for p in data.values()],
        "technographics": lambda data: [
            detect_technologies(page, {}) for pages in data.values() for _, page in pages
        ],
        "team": lambda data: [
            extract_team(page)
            for pages in data.values()
            for kind, page in pages
            if kind in ("team", "about")
        ],
        "signals": lambda data: [
            signals_from_pages(pages, records[domain], domain, None)
            for domain, pages in data.items()
        ],
    }
    best = {"parse": min(_cpu(lambda: _parse_all(sites)) for _ in range(rounds))}
    for name, stage in stages.items():
        times = []
        for _ in range(rounds):
            data = _copies(parsed)
            times.append(_cpu(lambda data=data, stage=stage: stage(data)))  # type: ignore[misc]
        best[name] = min(times)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--accounts", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if not peer_farm.available():
        print(f"skipped: no real pages at {peer_farm.WARC}", file=sys.stderr)
        return 0
    sites = html_sites(args.accounts)
    pages = sum(len(p) for p in sites.values())
    size = sum(len(source) for p in sites.values() for _, _, source in p) / pages / 1000
    hosts = {urlsplit(url).hostname for p in sites.values() for _, url, _ in p}
    best = measure(sites, args.rounds)
    print(
        f"{len(sites)} sites, {len(hosts)} hosts, {pages} HTML pages ({size:.0f} kB on average);"
        f" CPU ms per page, best of {args.rounds}:"
    )
    for name, seconds in best.items():
        print(f"  {name:<15} {seconds / pages * 1000:8.1f}")
    print(f"  {'total':<15} {sum(best.values()) / pages * 1000:8.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
