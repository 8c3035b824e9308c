import pickle
import sys
from pathlib import Path

import pytest

from tools.evidence import find_sentence, quote_occurs
from tools.html import Link, ParsedPage, parse_html, same_site, visible_text

SITE = Path(__file__).parent / "fixtures" / "site"


def text_of(body: str) -> str:
    return parse_html(f"<html><body>{body}</body></html>", "https://acme.com/").text


# -- visible text ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("<p>Shown</p><script>var employees = 900;</script>", "Shown"),
        ("<p>Shown</p><style>p { color: red }</style>", "Shown"),
        ("<p>Shown</p><noscript>Enable JavaScript</noscript>", "Shown"),
        ("<p>Shown</p><template><p>Template copy</p></template>", "Shown"),
        ("<p>Shown</p><svg><text>Chart label</text><title>Icon</title></svg>", "Shown"),
        ("<p>Shown</p><iframe src='/x'>Fallback</iframe>", "Shown"),
        ("<p>Shown</p><video>Your browser cannot play video</video>", "Shown"),
        ("<nav><a href='/about'>About</a><a href='/jobs'>Jobs</a></nav><p>Shown</p>", "Shown"),
        ("<div role='navigation'><a href='/about'>About</a></div><p>Shown</p>", "Shown"),
        ("<p>Shown<!-- founded in 1999 --></p><!-- <p>500 employees</p> -->", "Shown"),
        ("<p>Shown</p><p hidden>Hidden attribute</p>", "Shown"),
        ("<p>Shown</p><p hidden='hidden'>Hidden attribute</p>", "Shown"),
        ("<p>Shown</p><p aria-hidden='true'>Aria hidden</p>", "Shown"),
        ("<p>Shown</p><p aria-hidden='TRUE'>Aria hidden</p>", "Shown"),
        ("<p>Shown</p><p aria-hidden='false'>Aria shown</p>", "Shown\nAria shown"),
        ("<p>Shown</p><p style='display:none'>Hidden</p>", "Shown"),
        ("<p>Shown</p><p style='display: none'>Hidden</p>", "Shown"),
        ("<p>Shown</p><p style='DISPLAY : NONE'>Hidden</p>", "Shown"),
        ("<p>Shown</p><p style='color: red;display:none !important'>Hidden</p>", "Shown"),
        ("<p>Shown</p><p style='visibility:hidden'>Hidden</p>", "Shown"),
        ("<p>Shown</p><p style='Visibility :  Hidden;'>Hidden</p>", "Shown"),
        ("<p>Shown</p><p style='display:block'>Block</p>", "Shown\nBlock"),
        ("<p>Shown</p><p style='visibility: visible'>Visible</p>", "Shown\nVisible"),
        ("<p>Shown</p><p style='--display:none'>Custom property</p>", "Shown\nCustom property"),
        ("<p>Shown<span class='sr-only'> for screen readers</span></p>", "Shown"),
        ("<p>Shown</p><p class='hidden md:block'>Wide screens</p>", "Shown\nWide screens"),
        ("<p>Shown</p><dialog>Closed dialog</dialog>", "Shown"),
        ("<p>Shown</p><dialog open>Open dialog</dialog>", "Shown\nOpen dialog"),
        # a hidden element inside a removed one is not removed twice
        ("<div hidden><p style='display:none'>x</p><nav>y</nav></div><p>Shown</p>", "Shown"),
        ("<nav><svg><title>t</title></svg></nav><p>Shown</p>", "Shown"),
    ],
)
def test_visible_text_drops_invisible_parts(body, expected):
    assert text_of(body) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("<p>We are 50 people</p><p>Founded 2010</p>", "We are 50 people\nFounded 2010"),
        ("<div>Berlin</div><div>Germany</div>", "Berlin\nGermany"),
        ("<ul><li>SOC 2</li><li>ISO 27001</li></ul>", "SOC 2\nISO 27001"),
        ("<h2>Team</h2><p>Jane Doe</p>", "Team\nJane Doe"),
        ("<table><tr><td>Founded</td><td>2010</td></tr></table>", "Founded\n2010"),
        ("<dl><dt>Employees</dt><dd>180</dd></dl>", "Employees\n180"),
        ("<p>Speicherstadt 1<br>20457 Hamburg</p>", "Speicherstadt 1\n20457 Hamburg"),
        ("<button>Sign in</button><button>Get started</button>", "Sign in\nGet started"),
        ("<details><summary>FAQ</summary>Answer</details>", "FAQ\nAnswer"),
        ("<p>a</p><hr><p>b</p>", "a\nb"),
        ("<p>Founded in <b>2010</b> by <a href='/x'>Jane</a>.</p>", "Founded in 2010 by Jane."),
        # a line break in the HTML source is a space on screen ...
        (
            "<p>We were founded\n      in 2014 in Hamburg.</p>",
            "We were founded in 2014 in Hamburg.",
        ),
        ("<p>A\r\nB\tC</p>", "A B C"),
        # ... except inside <pre>
        ("<pre>line one\nline two</pre>", "line one\nline two"),
        ("<p>  padded   words  </p>\n\n\n<p></p><p> </p>", "padded words"),
    ],
)
def test_visible_text_puts_each_block_on_its_own_line(body, expected):
    assert text_of(body) == expected


def test_visible_text_adjacent_blocks_do_not_fuse_into_one_sentence():
    text = text_of("<div>Trusted by 400 carriers</div><div>Founded 2010 in Berlin</div>")
    start = text.index("400")
    assert find_sentence(text, start, start + 3) == "Trusted by 400 carriers"
    assert "carriersFounded" not in text


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("<p>Smith &amp; Wesson</p>", "Smith & Wesson"),
        ("<p>&lt;b&gt; is bold</p>", "<b> is bold"),
        ("<p>Caf&eacute; &#8211; Z&uuml;rich &#x2014; ok</p>", "Café – Zürich — ok"),
        ("<p>We&#8217;re hiring</p>", "We\u2019re hiring"),
        ("<p>250&nbsp;Mitarbeiter</p>", "250 Mitarbeiter"),
        ("<p>&nbsp;</p><p>x</p>", "x"),
    ],
)
def test_visible_text_decodes_entities(body, expected):
    assert text_of(body) == expected


def test_visible_text_keeps_footer_and_address_and_boilerplate_on_request():
    source = (
        "<nav><a href='/about'>About</a></nav><main><p>Body</p></main>"
        "<footer><address>Acme GmbH, Hafenstraße 5, 28197 Bremen</address></footer>"
    )
    assert visible_text(source) == (
        "Body\nAcme GmbH, Hafenstraße 5, 28197 Bremen"
    )
    assert visible_text(source, drop_boilerplate=False) == (
        "About\nBody\nAcme GmbH, Hafenstraße 5, 28197 Bremen"
    )


def test_parse_html_home_page_whole_text():
    page = parse_html((SITE / "home_saas.html").read_text(), "https://acmeledger.com/")
    assert page.text.split("\n") == [
        "Invoicing for freight teams",
        "Trusted by 400 carriers",
        "We were founded in 2014 in Hamburg.",
        "Today a team of 180 people serves customers in 12 countries.",
        "Customer stories",
        "Why we raised",
        "Acme raises a Series B",
        "Open roles",
        "Partner site",
        "Twitter",
        "Acme Ledger GmbH, Speicherstadt 1, 20457 Hamburg, Germany",
        "Contact: hello@acmeledger.com +49 40 123456",
        "Back to top Cookie settings Impressum",
    ]
    for hidden in ("1999", "9,999", "Initech", "Decorative", "JavaScript", "Template", "Chart"):
        assert not quote_occurs(hidden, page.text)


def test_parse_html_home_page_structure():
    page = parse_html((SITE / "home_saas.html").read_text(), "https://acmeledger.com/")
    assert (page.url, page.title, page.lang) == (
        "https://acmeledger.com/",
        "Acme Ledger & Co | Invoicing for freight teams",
        "en-us",
    )
    assert page.meta == {
        "og:site_name": "Acme Ledger",
        "description": "Invoicing software for freight teams.",
        "foundingdate": "2014",
    }
    assert page.script_srcs == [
        "https://acmeledger.com/static/app.js",
        "https://cdn.acmeledger.com/vendor.js",
    ]
    assert page.iframe_srcs == ["https://player.example.net/embed/1"]
    assert page.jsonld == [
        {"@type": "Organization", "name": "Acme Ledger", "foundingDate": "2014"},
        {"@type": "WebSite", "url": "https://acmeledger.com/"},
    ]
    assert page.links == [
        Link("https://acmeledger.com/", "Home"),
        Link("https://acmeledger.com/company/about-us", "About us"),
        Link("https://acmeledger.com/careers", "Careers"),
        Link("https://acmeledger.com/pricing#plans", "Pricing"),
        Link("https://acmeledger.com/blog", "Blog"),
        Link("https://acmeledger.com/customers", "Customer stories"),
        Link("https://acmeledger.com/blog/2023/05/why-we-raised", "Why we raised"),
        Link("https://acmeledger.com/press/acme-raises-series-b", "Acme raises a Series B"),
        Link("https://jobs.acmeledger.com/", "Open roles"),
        Link("https://evilacmeledger.com/about", "Partner site"),
        Link("https://twitter.com/acmeledger", "Twitter"),
        Link("https://acmeledger.com/impressum", "Impressum"),
    ]


def test_parse_html_german_home_page_drops_role_navigation():
    page = parse_html((SITE / "home_de.html").read_text(), "https://beispiel.de/de/")
    assert page.lang == "de"
    assert page.text.split("\n") == [
        "Logistik, die mitdenkt",
        "Seit 1998 beschäftigen wir über 250 Mitarbeiter.",
        "Preise · Referenzen",
        "Pressemitteilung 2024",
        "Tipps für Spediteure",
        "Beispiel Logistik GmbH · Hafenstraße 5 · 28197 Bremen",
        "Impressum Kontakt",
    ]
    assert page.links[0] == Link("https://beispiel.de/de/%C3%BCber-uns/", "Über uns")


# -- links ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("href", "expected"),
    [
        ("/careers", "https://acme.com/careers"),
        ("team", "https://acme.com/company/about/team"),
        ("../press", "https://acme.com/company/press"),
        ("../../pricing", "https://acme.com/pricing"),
        ("//blog.acme.com/post", "https://blog.acme.com/post"),
        ("https://other.com/a", "https://other.com/a"),
        ("HTTP://Other.com/B", "HTTP://Other.com/B"),
        ("  /padded  ", "https://acme.com/padded"),
        ("?page=2", "https://acme.com/company/about/?page=2"),
        ("/pricing#plans", "https://acme.com/pricing#plans"),
        ("mailto:hello@acme.com", None),
        ("MAILTO:hello@acme.com", None),
        ("tel:+4940123456", None),
        ("javascript:void(0)", None),
        ("JavaScript:openChat()", None),
        ("#top", None),
        ("#", None),
        ("", None),
        ("data:text/html,hi", None),
        ("ftp://files.acme.com/x", None),
        ("http://[broken", None),
        ("https://acme.com:99999/", None),
    ],
)
def test_parse_html_links_are_absolute_http_urls(href, expected):
    page = parse_html(f"<a href='{href}'>Link</a><p>Body</p>", "https://acme.com/company/about/")
    assert [link.url for link in page.links] == ([expected] if expected else [])
    assert page.text == "Link\nBody"


@pytest.mark.parametrize(
    ("anchor", "expected"),
    [
        ("<a href='/a'>About\n      us</a>", "About us"),
        ("<a href='/a'><span>Join</span><span>us</span></a>", "Join us"),
        ("<a href='/a' aria-label='Careers'><svg></svg></a>", "Careers"),
        ("<a href='/a' title='Contact'> <img src='x.png'> </a>", "Contact"),
        ("<a href='/a'><img src='x.png'></a>", ""),
    ],
)
def test_parse_html_link_text_is_collapsed(anchor, expected):
    assert parse_html(anchor, "https://acme.com/").links == [Link("https://acme.com/a", expected)]


def test_parse_html_resolves_against_base_href():
    page = parse_html(
        "<head><base href='/en/'></head><a href='about'>About</a><script src='app.js'></script>",
        "https://acme.com/landing/x",
    )
    assert page.links == [Link("https://acme.com/en/about", "About")]
    assert page.script_srcs == ["https://acme.com/en/app.js"]


# -- JSON-LD --------------------------------------------------------------------------------

ORG = '{"@type": "Organization", "name": "Acme"}'


@pytest.mark.parametrize(
    ("blocks", "expected"),
    [
        ([ORG], [{"@type": "Organization", "name": "Acme"}]),
        (
            ['{"@context": "https://schema.org", "@graph": [' + ORG + ', {"@type": "WebPage"}]}'],
            [{"@type": "Organization", "name": "Acme"}, {"@type": "WebPage"}],
        ),
        (
            ['[{"@type": "WebSite"}, {"@graph": {"@type": "Person", "name": "Jane"}}, "x", 3]'],
            [{"@type": "WebSite"}, {"@type": "Person", "name": "Jane"}],
        ),
        (['{"@context": "https://schema.org"}'], []),
        (["{not json", ORG], [{"@type": "Organization", "name": "Acme"}]),
        (["", "   "], []),
        (
            [ORG, '{"@type": "Person"}'],
            [{"@type": "Organization", "name": "Acme"}, {"@type": "Person"}],
        ),
        # real pages: raw line breaks in strings, comment and CDATA wrappers, a stray semicolon
        (
            ['{"@type": "Organization", "description": "line one\nline two"}'],
            [{"@type": "Organization", "description": "line one\nline two"}],
        ),
        (["<!--\n" + ORG + "\n-->"], [{"@type": "Organization", "name": "Acme"}]),
        (["//<![CDATA[\n" + ORG + "\n//]]>"], [{"@type": "Organization", "name": "Acme"}]),
        ([ORG + ";"], [{"@type": "Organization", "name": "Acme"}]),
    ],
)
def test_parse_html_jsonld(blocks, expected):
    scripts = "".join(f'<script type="application/ld+json">{b}</script>' for b in blocks)
    page = parse_html(f"<html><head>{scripts}</head><body>x</body></html>", "https://acme.com/")
    assert page.jsonld == expected
    assert page.text == "x"


@pytest.mark.parametrize(
    ("script_type", "found"),
    [
        ("application/ld+json", True),
        ("application/ld+json; charset=utf-8", True),
        (" Application/LD+JSON ", True),
        ("application/json", False),
        ("text/javascript", False),
    ],
)
def test_parse_html_jsonld_script_type(script_type, found):
    page = parse_html(f'<script type="{script_type}">{ORG}</script>', "https://acme.com/")
    assert page.jsonld == ([{"@type": "Organization", "name": "Acme"}] if found else [])
    assert page.jsonld_sources == ([ORG] if found else [])


def test_parse_html_jsonld_sources_keep_raw_text_of_valid_blocks_only():
    raw = '\n  {"@type": "Organization",\n   "name": "Acme"}\n'
    page = parse_html(
        f'<script type="application/ld+json">{raw}</script>'
        '<script type="application/ld+json">{broken</script>',
        "https://acme.com/",
    )
    assert page.jsonld_sources == [raw]


# -- meta, scripts, lang, title ---------------------------------------------------------------


def test_parse_html_meta_by_property_name_and_itemprop():
    page = parse_html(
        "<head>"
        '<meta property="og:title" content=" Acme ">'
        '<meta name="Description" content="Invoicing">'
        '<meta name="description" content="second one loses">'
        '<meta itemprop="foundingDate" content="2014">'
        '<meta name="twitter:site" content="">'
        '<meta name="no-content">'
        '<meta charset="utf-8">'
        "</head><body><div itemscope><meta itemprop='numberOfEmployees' content='180'></div>",
        "https://acme.com/",
    )
    assert page.meta == {
        "og:title": "Acme",
        "description": "Invoicing",
        "foundingdate": "2014",
        "twitter:site": "",
        "numberofemployees": "180",
    }


def test_parse_html_script_and_iframe_sources_are_absolute():
    page = parse_html(
        "<script src='/static/app.js'></script>"
        "<script src='//js.hs-scripts.com/1.js' async></script>"
        "<script src=' vendor/x.js '></script>"
        "<script src='https://www.googletagmanager.com/gtm.js?id=GTM-1'></script>"
        "<script>window.inline = 1</script>"
        "<script src=''>window.empty = 1</script>"
        "<iframe src='https://boards.greenhouse.io/embed/job_board?for=acme'></iframe>"
        "<iframe src='/embed/video'></iframe><iframe></iframe>",
        "https://www.acme.com/en/home",
    )
    assert page.script_srcs == [
        "https://www.acme.com/static/app.js",
        "https://js.hs-scripts.com/1.js",
        "https://www.acme.com/en/vendor/x.js",
        "https://www.googletagmanager.com/gtm.js?id=GTM-1",
    ]
    assert page.iframe_srcs == [
        "https://boards.greenhouse.io/embed/job_board?for=acme",
        "https://www.acme.com/embed/video",
    ]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('<html lang="en-US"><body>x</body></html>', "en-us"),
        ('<html lang=" DE "><body>x</body></html>', "de"),
        ('<html lang=""><body>x</body></html>', None),
        ("<html><body>x</body></html>", None),
        ('<html xml:lang="fr"><body>x</body></html>', "fr"),
        (
            '<html><head><meta http-equiv="Content-Language" content="de, en"></head></html>',
            "de",
        ),
    ],
)
def test_parse_html_lang(source, expected):
    assert parse_html(source, "https://acme.com/").lang == expected


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("<head><title>Acme &amp; Co\n  | Home</title></head>", "Acme & Co | Home"),
        ("<head></head><body><svg><title>icon</title></svg></body>", ""),
        ("<body><svg><title>icon</title></svg></body><title>Late title</title>", "Late title"),
        ("<p>no title</p>", ""),
    ],
)
def test_parse_html_title(source, expected):
    assert parse_html(source, "https://acme.com/").title == expected


# -- same_site ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "domain", "expected"),
    [
        ("https://acme.com/about", "acme.com", True),
        ("https://www.acme.com/", "acme.com", True),
        ("https://jobs.acme.com/x", "acme.com", True),
        ("https://eu.jobs.acme.com/x", "acme.com", True),
        ("http://ACME.com:8080/x", "acme.com", True),
        ("https://acme.com/", "ACME.COM", True),
        ("https://acme.com/", "www.acme.com", True),
        ("https://blog.acme.com/", "www.acme.com", True),
        ("https://acme.com./", "acme.com", True),
        ("https://evilacme.com/", "acme.com", False),
        ("https://acme.com.evil.com/", "acme.com", False),
        ("https://acme.co/", "acme.com", False),
        ("https://acme.com@evil.com/", "acme.com", False),
        ("https://www.evilacme.com/", "www.acme.com", False),
        ("mailto:hello@acme.com", "acme.com", False),
        ("/relative/path", "acme.com", False),
        ("https://[broken/", "acme.com", False),
        ("https://acme.com/", "", False),
    ],
)
def test_same_site(url, domain, expected):
    assert same_site(url, domain) is expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # the space after a comment is on screen
        ("<p>1M<!-- --> <span>+</span></p>", "1M +"),
        ("<p>a<?php echo 1 ?> b</p>", "a b"),
        # ruby annotations are not part of the running text
        ("<p>漢<rt>kan</rt><rp>(</rp>字</p>", "漢字"),
        ("<p>Shown</p><template><p>Mounted later</p></template>", "Shown"),
    ],
)
def test_visible_text_comment_tails_and_annotations(body, expected):
    assert text_of(body) == expected


def test_parse_html_link_text_skips_template_and_script_strings():
    page = parse_html(
        "<body><a href='/a'>Sign<script>x()</script> in</a>"
        "<template><a href='/b' aria-label='Dashboard'>Dash<b>board</b></a></template></body>",
        "https://acme.test/",
    )
    assert [(link.url, link.text) for link in page.links] == [
        ("https://acme.test/a", "Sign in"),
        ("https://acme.test/b", "Dashboard"),  # text inside <template> is not rendered
    ]


def test_parse_html_empty_and_declared_encoding_documents():
    assert parse_html("", "https://acme.test/").text == ""
    page = parse_html('<?xml version="1.0" encoding="ISO-8859-1"?><html><p>Zürich</p></html>',
                      "https://acme.test/")  # fmt: skip
    assert page.text == "Zürich"


def test_a_packed_page_reads_the_same_markup_and_travels_small():
    # curly quotes and an emoji make Python hold every character in 4 bytes
    filler = "<div>filler text</div>" * 2000
    markup = f"<html><body><p>We’re hiring 🎉</p>{filler}</body></html>"
    page = parse_html(markup, "https://acme.test/")
    page.pack()
    assert page.source == markup  # read back whole, as often as asked
    assert page.source == markup
    assert sys.getsizeof(page.__dict__["_packed"]) < sys.getsizeof(markup) / 10
    copy = pickle.loads(pickle.dumps(page))
    assert copy == page and copy.source == markup
    assert copy.unpack().source == markup and "_packed" not in copy.__dict__
    assert ParsedPage("https://acme.test/").source == ""
