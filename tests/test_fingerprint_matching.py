"""The pieces under the fingerprint matcher: selectors, start tags, snippets, literals."""

import re

import pytest

from tools.regex_literals import (
    RequiredTexts,
    ascii_lowered,
    required_literal_groups,
    required_literals,
    required_literals_and_groups,
)
from tools.start_tags import TagIndex
from tools.technographics.css_selectors import AttributeTest, parse_selector, split_selector_list
from tools.technographics.fingerprint_index import index_of, key_word
from tools.technographics.fingerprints import compile_pattern, default_db
from tools.technographics.script_signals import global_assignments, is_data_island, script_urls

PAGE = """<html><head>
<link rel="stylesheet" href="/etc.clientlibs/site/clientlib.min.css">
<script id="loader" src="https://cdn.vendor.io/v2/boot.js" data-key="k1"></script>
<script>var markup = '<div id="not-a-tag">';</script>
</head><body class="home page-id-7">
<div id="app" class="wrapper aem-Grid aem-Grid--12">
  <section class="hero"><iframe src="https://player.video.example/embed/42"></iframe></section>
</div>
<p class="note">text</p>
</body></html>"""


@pytest.fixture(scope="module")
def tags():
    return TagIndex(PAGE)


@pytest.mark.parametrize(
    ("selector", "expected"),
    [
        ("div#app", '<div id="app" class="wrapper aem-Grid aem-Grid--12">'),
        ("div[class*='aem-Grid']", '<div id="app" class="wrapper aem-Grid aem-Grid--12">'),
        (".aem-Grid.wrapper", '<div id="app" class="wrapper aem-Grid aem-Grid--12">'),
        ("[class~='hero']", '<section class="hero">'),
        (
            "iframe[src^='https://player.video.example/']",
            '<iframe src="https://player.video.example/embed/42">',
        ),
        ("iframe[src$='/42']", '<iframe src="https://player.video.example/embed/42">'),
        (
            "link[href*='/etc.clientlibs/']",
            '<link rel="stylesheet" href="/etc.clientlibs/site/clientlib.min.css">',
        ),
        (
            "script#loader[data-key]",
            '<script id="loader" src="https://cdn.vendor.io/v2/boot.js" data-key="k1">',
        ),
        # descendant and child: the ancestor compound must match a tag earlier in the page
        ("div#app > section.hero", '<section class="hero">'),
        ("body.home iframe", '<iframe src="https://player.video.example/embed/42">'),
        ("p.note section.hero", None),
        # values are case-sensitive unless flagged
        ("div[class*='AEM-grid']", None),
        ("div[class*='AEM-grid' i]", '<div id="app" class="wrapper aem-Grid aem-Grid--12">'),
        ("div[id='ap']", None),
        # markup inside JavaScript strings is not part of the page
        ("div#not-a-tag", None),
    ],
)
def test_selector_select_first(tags, selector, expected):
    parsed = parse_selector(selector)
    assert parsed is not None
    found = parsed.select_first(tags)
    assert (found.raw if found else None) == expected


@pytest.mark.parametrize("selector", ["a:hover", "div::before", "p:not(.x)"])
def test_parse_selector_rejects_pseudo_classes(selector):
    assert parse_selector(selector) is None


def test_split_selector_list_keeps_commas_inside_brackets():
    assert split_selector_list("div#a, link[href*='a,b'] , img") == [
        "div#a",
        "link[href*='a,b']",
        "img",
    ]


@pytest.mark.parametrize(
    ("test", "words"),
    [
        (AttributeTest("src", "*=", "widget.intercom.io"), ["intercom"]),
        (AttributeTest("src", "*=", ".intercom.io/"), ["intercom"]),
        (AttributeTest("src", "^=", "https://widget.intercom.io"), ["https", "widget", "intercom"]),
        (AttributeTest("src", "=", "app.js"), ["app"]),
        (AttributeTest("src", "*=", "intercom"), []),
        (AttributeTest("src", "", ""), []),
    ],
)
def test_attribute_test_whole_words(test, words):
    assert test.whole_words() == words


def test_tag_index_collects_scripts_with_bodies(tags):
    assert [(s.attrs.get("id"), s.body.strip()[:10]) for s in tags.scripts] == [
        ("loader", ""), (None, "var markup")
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("regex", "literals"),
    [
        (r"cdn\.segment\.com/analytics\.js", ("cdn.segment.com/analytics.js",)),
        (r"js\.hs-scripts\.com/(\d+)\.js", ("js.hs-scripts.com/",)),
        (
            r"(?:api\.intercom\.io/api|static\.intercomcdn\.com/intercom\.v1)",
            ("api.intercom.io/api", "static.intercomcdn.com/intercom.v1"),
        ),
        (r"^nginx(?:/([\d.]+))?$", ("nginx",)),
        (r"(?:ab)?c", ()),  # nothing is certain
        (r"x(?:y|\d)z", ()),
    ],
)
def test_required_literals(regex, literals):
    assert required_literals(regex) == literals


@pytest.mark.parametrize(
    ("regex", "groups"),
    [
        # quadratic on a one-line page unless both texts are required first
        (r"<script[^>].*hybris.*.js", (("<script",), ("hybris",))),
        (
            r"(?:api\.intercom\.io|widget\.intercom\.io)/x",
            (("api.intercom.io", "widget.intercom.io"),),
        ),
        (r"ab(?:cd)?efg", (("efg",),)),  # an optional part is never required
        (r"(?:ab)?c", ()),
    ],
)
def test_required_literal_groups(regex, groups):
    assert required_literal_groups(regex) == groups


def test_regex_field_candidates_are_the_patterns_whose_required_texts_occur():
    index = index_of(default_db())
    page = (
        '<script src="https://js.hs-scripts.com/123.js"></script><p>static.hotjar.com</p>'
        '<div class="uk-container"><iframe src="https://www.youtube.com/embed/abcdefgh"></iframe>'
        "<script>analytics.load('abcdefgh123'); var _hjSettings = {hjid: 1};</script>"
    ).lower()
    for field in (index.script_src, index.scripts, index.html):
        check = field.check(page)
        expected = [
            (fp, pattern)
            for fp, pattern in field.items
            if all(any(text in page for text in group) for group in pattern.required)
        ]
        assert field.candidates(check) == expected
        assert expected  # every field has candidates on this page
    check = index.script_src.check(page)
    keyed = [p for items in index.script_src_by_word.values() for _, p in items]
    assert [p for p in keyed if check.allows(p)] == [
        p for p in keyed if all(any(t in page for t in g) for g in p.required)
    ]


@pytest.mark.parametrize(
    ("raw", "text", "may"),
    [
        (r"cdn\.Segment\.com", "https://cdn.segment.com/x", True),
        (r"cdn\.segment\.com", "https://cdn.example.com/x", False),
        ("", "anything", True),
    ],
)
def test_pattern_may_occur_in_agrees_with_search(raw, text, may):
    pattern = compile_pattern(raw)
    assert pattern.may_occur_in(text.lower()) is may
    assert (pattern.search(text) is not None) is may


@pytest.mark.parametrize(
    ("literal", "word"),
    [
        ("cdn.segment.com/analytics.js", "analytics"),
        ("klaviyo.com", ""),
        (".hotjar.com/", "hotjar"),
    ],
)
def test_key_word_is_whole_inside_the_literal(literal, word):
    assert key_word(literal) == word


@pytest.mark.parametrize(
    ("body", "urls"),
    [
        ("s.src='https://cdn.vendor.io/sdk.js?v=2';", ["https://cdn.vendor.io/sdk.js?v=2"]),
        ('e.src = "//static.vendor.io/sdk.js";', ["//static.vendor.io/sdk.js"]),
        # a host without a dot is not a URL; a `.js` path is, even as a fragment
        (
            "x = ('https:' == p ? 'https://pi' : 'http://cdn') + '.vendor.com/pd.js';",
            [".vendor.com/pd.js"],
        ),
        ('var u = "https:\\/\\/api.vendor.io\\/v1";', ["https://api.vendor.io/v1"]),
        ("track('signup', 'Pricing page');", []),
    ],
)
def test_script_urls(body, urls):
    assert [u.url for u in script_urls(body)] == urls
    assert all(u.quote in body for u in script_urls(body))


@pytest.mark.parametrize(
    ("body", "paths"),
    [
        ("window.vendorSettings = {id: 1};", ["vendorSettings"]),
        ("(function(w,d){w.Vendor=function(){};})(window,document);", ["Vendor"]),
        ("(function(){var g = window; g.Vendor = 1;})();", ["Vendor"]),
        ("vendorKey = 'x'; function go(){ localOnly = 2; }", ["vendorKey", "go"]),
        ("$vendor.chat = $vendor.chat || {};", ["$vendor.chat"]),
        ("if (a == b) { x.y === 3; }", []),
        ("const handler = () => 1;", ["handler"]),
    ],
)
def test_global_assignments(body, paths):
    assert [g.path for g in global_assignments(body) if g.path not in ("g",)] == paths


@pytest.mark.parametrize(
    ("body", "island"),
    [
        ('self.__next_f.push([1,"x"])', True),
        ("window.__INITIAL_STATE__ = {}", True),
        ("window['__APOLLO_STATE__'] = {}", True),
        ("window.dataLayer = window.dataLayer || [];", False),
    ],
)
def test_is_data_island(body, island):
    assert is_data_island(body) is island


def test_compiled_patterns_are_case_insensitive():
    assert compile_pattern("Widget").regex.flags & re.IGNORECASE


@pytest.mark.parametrize(
    "text",
    [
        "See https://Boards.Greenhouse.IO/acme — “quoted” Ünïcode",
        "plain ascii https://jobs.lever.co/acme",
        "https:\\/\\/JOBS.LEVER.CO\\/acme",
        "no board here, only café and ÉCOLE",
        "Kelvin \u212a: https://jobs.lever.co/ac\u212ame",  # lower-cases to ASCII "k"
        "\u0130stanbul https://jobs.lever.co/x",
        "lone surrogate \udcff https://apply.workable.com/acme",
    ],
)
def test_required_texts_in_bytes_agree_with_str_lower(text):
    required = RequiredTexts.of(r"https?://[a-z.]*(?:greenhouse\.io|lever\.co|workable\.com)/\w")
    lowered = ascii_lowered(text)
    if "\u212a" in text or "\u0130" in text:
        assert lowered is None
    else:
        assert lowered is not None
        assert required.may_occur_in_bytes(lowered) == required.may_occur_in(text.lower())


@pytest.mark.parametrize(
    "regex",
    [r"<script[^>].*hybris.*\.js", r"(?:api\.intercom\.io/api|static\.intercomcdn\.com/x)", "",
     r"cdn\.Segment\.com", "(unclosed"],
)  # fmt: skip
def test_required_literals_and_groups_parse_once_with_the_same_answer(regex):
    assert required_literals_and_groups(regex) == (
        required_literals(regex),
        required_literal_groups(regex),
    )
