"""How company sites usually phrase their facts (written from common phrasings, not any site).

Headcount on About and careers pages, listings and bootstrapping on investor and press pages,
founding and headquarters in seven languages, industries an ICP list names more broadly, and
business-model signals weighed by where they stand (a button is not a sentence).
"""

from __future__ import annotations

import pytest
from phrasing_checks import values_of

from tools.evidence import quote_occurs
from tools.firmographics.business_model import extract_business_model
from tools.firmographics.extract import extract_firmographics
from tools.firmographics.founded_year import extract_founded_year
from tools.firmographics.funding import extract_funding
from tools.firmographics.headcount import extract_headcount
from tools.firmographics.headquarters import extract_headquarters
from tools.firmographics.industries import map_to_icp
from tools.html import parse_html

URL = "https://acme.example/about"
NAMES = ["Acme", "acme"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("There are 40 of us now, spread over three time zones.", [40]),
        ("Forty-two of us work from the Denver office.", [42]),
        ("We've grown to 140 people since the seed round.", [140]),
        ("Our team has grown to just over 55 people.", [55]),
        ("We're just over 150 people across two offices.", [150]),
        ("Heute arbeiten rund 230 Menschen bei uns.", [230]),
        ("Nous sommes aujourd'hui 45 personnes.", [45]),
        ("Inmiddels werken er ruim 90 mensen bij ons.", [90]),
        ("Today we are upwards of 300 people in five countries.", [300]),
        # not the company's: a customer's team, someone else's growth, founders
        ("The team at Globex has grown to 300 people using our tools.", []),
        ("The three of us started Acme in a kitchen.", []),
    ],
)
def test_headcount_phrasings(text, expected):
    assert values_of(extract_headcount(text, URL, NAMES), text, "employee_count") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Acme is a publicly traded company (NASDAQ: ACME).", ["public"]),
        ("Our shares trade on the New York Stock Exchange under the symbol ACM.", ["public"]),
        ("Acme went public in 2021.", ["public"]),
        ("In 2019 Acme completed its initial public offering.", ["public"]),
        ("We have never taken outside investment.", ["bootstrapped"]),
        ("Acme has never raised venture capital and answers only to its customers.",
         ["bootstrapped"]),
        ("Wir sind seit der Gründung ohne externe Investoren gewachsen.", ["bootstrapped"]),
        ("Acme, a Series C company, is hiring across Europe.", ["series-c"]),
        ("We're a venture-backed Series A startup based in Leeds.", ["series-a"]),
        # other companies' listings and stages, and sayings that are not about funding
        ("We help companies that went public last year report faster.", []),
        ("Globex is a publicly traded company and an Acme customer.", []),
        ("Their shares trade on the NYSE.", []),
        ("Our customers include Series B companies and public enterprises.", []),
        ("We have never taken a day off on a launch week.", []),
        ("Acme is a privately held, family-owned company.", []),
    ],
)  # fmt: skip
def test_funding_stage_phrasings(text, expected):
    found = extract_funding(text, "https://acme.example/investors", NAMES)
    assert values_of(found, text, "funding_stage") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("La empresa nació en 2008 en Zaragoza.", [2008]),
        ("L'azienda è nata nel 1972 a Prato.", [1972]),
        ("We started in a garage in 2013 with one customer.", [2013]),
        ("Acme began as a side project in 2014.", [2014]),
        ("In 2016 we moved to a bigger office.", []),
    ],
)
def test_founded_year_phrasings(text, expected):
    assert values_of(extract_founded_year(text, URL, NAMES), text, "founded_year") == expected


@pytest.mark.parametrize(
    ("text", "city", "country"),
    [
        ("Siège social à Paris.", "Paris", "FR"),
        ("Basée à Lyon, Acme conçoit des capteurs.", "Lyon", "FR"),
        ("Gevestigd in Rotterdam.", "Rotterdam", "NL"),
        ("Our headquarters is in Midtown Atlanta.", "Atlanta", "US"),
        # a town the gazetteer lacks, after a headquarters phrase: the city, no country
        ("Con sede a Viareggio (LU), Acme produce luci.", "Viareggio", None),
        ("Wir haben unseren Sitz in Bad Homburg.", "Bad Homburg", None),
        # not a town
        ("Our headquarters are in Acme Tower.", None, None),
        ("Headquartered in Delaware.", None, None),
    ],
)
def test_headquarters_phrasings(text, city, country):
    found = extract_headquarters(text, URL, NAMES)
    cities = values_of(found, text, "hq_city")
    assert cities == ([city] if city else [])
    assert values_of(found, text, "hq_country") == ([country] if country else [])


EVAL_ICP = ["Software", "Financial Services", "Healthcare", "Manufacturing", "Retail",
            "Logistics", "Education"]  # fmt: skip


@pytest.mark.parametrize(
    ("canonical", "icp", "expected"),
    [
        ("Insurance", EVAL_ICP, "Financial Services"),
        ("Hardware & Electronics", EVAL_ICP, "Manufacturing"),
        ("Pharmaceuticals & Biotech", EVAL_ICP, "Healthcare"),
        ("Cybersecurity", EVAL_ICP, "Software"),
        ("Insurance", ["Insurance", "Financial Services"], "Insurance"),
        ("Media & Entertainment", EVAL_ICP, None),
        ("Insurance", ["Software", "Other"], "Other"),
    ],
)
def test_an_icp_list_without_the_label_takes_its_broader_label(canonical, icp, expected):
    assert map_to_icp(canonical, icp) == expected


def _home(title: str, description: str, body: str, domain: str) -> list:
    html = (
        f'<html><head><title>{title}</title><meta name="description" content="{description}">'
        f"</head><body>{body}</body></html>"
    )
    return [("home", parse_html(html, f"https://{domain}/"))]


@pytest.mark.parametrize(
    ("title", "description", "body", "domain", "expected"),
    [
        ("Lumina S.r.l. – Illuminazione LED per la nautica",
         "Progettiamo e produciamo luci LED per yacht.", "<h1>Luce per il mare</h1>",
         "lumina.it", "Manufacturing"),
        ("Kaai | Planningssoftware voor containerterminals", "Slimmer plannen op de kade.",
         "<h1>Kaai</h1>", "kaai.nl", "Logistics"),
        ("Shieldly | Renters insurance built into the lease",
         "Embedded renters insurance for property managers.", "<h1>Cover on move-in day</h1>",
         "shieldly.com", "Financial Services"),
        ("Stride | Running shoes", "Running shoes designed in Portland.",
         "<p>Shop men</p><p>Shop women</p>", "stride.com", "Retail"),
        # a data warehouse is software, not a warehouse
        ("Lakely | The data platform",
         "Lakely offers one platform for data warehousing, analytics and AI.", "<h1>Lakely</h1>",
         "lakely.com", "Software"),
    ],
)  # fmt: skip
def test_industry_from_what_the_company_sells(title, description, body, domain, expected):
    pages = _home(title, description, body, domain)
    industry = extract_firmographics(pages, EVAL_ICP).firmographics.industry
    assert industry.value == expected


def _model(text: str) -> str | None:
    found = extract_business_model(text, URL)
    assert all(quote_occurs(f.evidence[0].quote, text) for _, f in found)
    return found[0][1].value if found else None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a consumer app with a sales button for teams stays a consumer app
        ("Turn any photo into a video in seconds. Free for personal use.\nGet the app\n"
         "Book a demo", "b2c"),
        ("The budgeting app loved by 2 million families.\nBook a demo", "b2c"),
        # a B2B API with a consumer help link in its menu stays B2B
        ("Card issuing APIs for fintechs and banks.\nFor consumers\nContact sales", "b2b"),
        # buttons alone, one for each side: nothing is stated
        ("Book a demo\nFor consumers", None),
    ],
)
def test_business_model_buttons_weigh_less_than_sentences(text, expected):
    assert _model(text) == expected


class _PagesFetcher:
    """Answers GETs from a dict of URL -> HTML (404 otherwise) and records what was asked."""

    def __init__(self, pages: dict[str, str]) -> None:
        self.pages = pages
        self.asked: list[str] = []

    async def get(self, url: str):
        from tools.web.result import FetchResult

        self.asked.append(url)
        if url not in self.pages:
            return FetchResult(url=url, final_url=url, status=404)
        return FetchResult(url=url, final_url=url, status=200,
                           headers={"content-type": "text/html; charset=utf-8"},
                           content=self.pages[url].encode())  # fmt: skip


def test_a_dated_funding_release_is_read_for_its_round_and_total():
    import asyncio

    from tools.signals.newsroom import read_newsroom

    newsroom = (
        "<html><body><h1>Newsroom</h1><ul>"
        '<li><a href="/news/acme-raises-series-b">Acme raises $35 million Series B to expand '
        "into Europe</a> March 4, 2025</li>"
        '<li><a href="/news/acme-at-conference">Meet the Acme team at the logistics summit in '
        "Rotterdam</a> May 2, 2025</li></ul></body></html>"
    )
    release = (
        "<html><body><h1>Acme raises $35 million Series B</h1><p>March 4, 2025. Acme today "
        "announced a $35 million Series B led by Foxglove Partners, bringing its total funding "
        "to $58 million.</p></body></html>"
    )
    home = parse_html("<html><body><p>Acme</p></body></html>", "https://acme.example/")
    press = parse_html(newsroom, "https://acme.example/news")
    fetcher = _PagesFetcher({"https://acme.example/news/acme-raises-series-b": release})
    research = asyncio.run(
        read_newsroom(fetcher, [("home", home), ("press", press)], [], "acme.example", "Acme")
    )
    assert fetcher.asked == ["https://acme.example/news/acme-raises-series-b"]
    pages = [("home", home), ("press", press), *research.parsed]
    firmographics = extract_firmographics(pages).firmographics
    assert (firmographics.funding_stage.value, firmographics.total_funding_usd.value) == (
        "series-b", 58_000_000
    )
    assert firmographics.total_funding_usd.evidence[0].url.endswith("/acme-raises-series-b")


def _site(pages: list[tuple[str, str, str, str]], domain: str = "acme.example"):
    """Firmographics of (kind, path, title, body) pages against the dev set's ICP list."""
    parsed = [
        (kind, parse_html(f"<html><head><title>{title}</title></head><body>{body}</body></html>",
                          f"https://{domain}{path}"))
        for kind, path, title, body in pages
    ]  # fmt: skip
    return extract_firmographics(parsed, EVAL_ICP).firmographics


@pytest.mark.parametrize(
    ("kind", "body", "stage", "total"),
    [
        ("about", "<p>We've raised $58 million from Foxglove and Ridgeline, most recently a $35 "
                  "million Series B in 2025.</p>", "series-b", 58_000_000),
        ("about", "<p>Backed by $40M from leading investors.</p>", None, 40_000_000),
        ("about", "<p>With $75 million in funding from Sequoia and Accel, Acme is hiring.</p>",
         None, 75_000_000),
        ("press", "<p>Acme Secures $20M in Series A Funding to Accelerate Growth</p><p>The new "
                  "capital brings the company's total funding to $26 million.</p>", "series-a",
         26_000_000),
        # a customer's money and a market are not the company's funding
        ("about", "<p>Startups with $10M in funding use Acme to hire their first sales team.</p>",
         None, None),
        ("about", "<p>Acme helps startups with $1M in funding get to Series A.</p>", None, None),
    ],
)  # fmt: skip
def test_total_funding_phrasings(kind, body, stage, total):
    firmographics = _site([(kind, "/about", "", body)])
    assert (firmographics.funding_stage.value, firmographics.total_funding_usd.value) == (
        stage, total
    )


@pytest.mark.parametrize(
    ("title", "domain", "expected"),
    [
        # the trade in the company's name
        ("Palex Logística | Inicio", "palex.es", "Logistics"),
        ("Northwind Maschinenbau GmbH | Startseite", "northwind.de", "Manufacturing"),
        # a name that is only the domain says nothing
        ("Palex | Inicio", "palex.es", None),
    ],
)
def test_industry_from_the_trade_in_the_name(title, domain, expected):
    firmographics = _site([("home", "/", title, "<h1>Bienvenidos</h1>")], domain)
    assert firmographics.industry.value == expected


def test_a_shop_whose_stated_industry_is_off_the_list_is_retail():
    body = "<p>Shop coffee</p><p>Free shipping on orders over $35</p>"
    firmographics = _site([("home", "/", "Kettle Coffee Roasters | Home", body)], "kettle.com")
    assert firmographics.industry.value == "Retail"
    assert firmographics.industry.evidence[0].quote == "Free shipping on orders over $35"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Enterprise-grade AI for clinical conversations, trusted by the largest healthcare "
         "systems.", "b2b"),
        ("Over 25% of the Fortune 100 run their data on Acme.", "b2b"),
        ("Ridesharing trusted by millions of riders.", None),
    ],
)  # fmt: skip
def test_enterprise_signals_are_business_to_business(text, expected):
    assert _model(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Acme S.r.l. · Via Roma 3, 24121 Bergamo (BG), Italia", [("Bergamo", "IT")]),
        ("Acme S.L. · Calle Feria 12, 41001 Sevilla (España)", [("Sevilla", "ES")]),
        ("Acme SA, Avenue de la Gare 1, 1003 Lausanne (VD)", [("Lausanne", "CH")]),
        # a province code is no country, and an unknown town needs one
        ("Acme, Via Mazzini 4, 37100 Verona (VR)", []),
    ],
)
def test_addresses_with_a_province_or_country_in_brackets(text, expected):
    from tools.firmographics.addresses import extract_addresses

    found = extract_addresses(text, URL, NAMES)
    cities = values_of(found, text, "hq_city")
    countries = values_of(found, text, "hq_country")
    assert list(zip(cities, countries, strict=True)) == expected

