"""Prose rules: founded year, headcount, HQ, addresses, fact sheets, funding, business model."""

from __future__ import annotations

import pytest

from tools.evidence import quote_occurs
from tools.firmographics.addresses import extract_addresses, split_place
from tools.firmographics.business_model import extract_business_model
from tools.firmographics.founded_year import extract_founded_year
from tools.firmographics.funding import extract_funding
from tools.firmographics.headcount import extract_headcount
from tools.firmographics.headquarters import extract_headquarters
from tools.firmographics.labelled_facts import extract_labelled_facts
from tools.firmographics.numbers import parse_number, parse_number_words
from tools.firmographics.ownership import extract_ownership
from tools.firmographics.rule_evidence import sentence_at

URL = "https://acme.example/about"


def values(candidates):
    return [(name, field.value) for name, field in candidates]


def round_(stage, amount, first=False):
    """A "funding_round" candidate's value."""
    return ("funding_round", {"stage": stage, "amount_usd": amount, "first": first})


def assert_quotes_verbatim(candidates, text):
    for _, field in candidates:
        assert field.method == "rule"
        assert [e.url for e in field.evidence] == [URL]
        assert quote_occurs(field.evidence[0].quote, text), field.evidence[0].quote


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1,200", 1200), ("1.200", 1200), ("1 200", 1200), ("1\u202f200", 1200),
        ("1.200.000", 1_200_000), ("2,5", 2.5), ("2.5", 2.5), ("180", 180),
    ],
)  # fmt: skip
def test_parse_number_reads_en_de_fr_formats(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("two hundred", 200), ("two hundred and fifty", 250), ("forty-five", 45),
     ("a dozen", 12), ("three thousand five hundred", 3500), ("one", None), ("team", None)],
)  # fmt: skip
def test_parse_number_words(text, expected):
    assert parse_number_words(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Acme was founded in 2015 by Jane Doe.", [2015]),
        ("Founded by Jane Doe and John Roe in 2009, Acme grew fast.", [2009]),
        ("In 2017, three former operators founded Acme.", [2017]),
        ("Die Acme GmbH wurde 2015 in Berlin gegründet.", [2015]),
        ("Gegründet am 1. März 2016 in Hamburg.", [2016]),
        ("Fondée en 2012, Acme compte 300 collaborateurs.", [2012]),
        ("Créée le 3 mai 2011 à Lyon.", [2011]),
        ("Serving customers since 1998.", [1998]),
        ("Founded in 2999 by time travellers.", []),
        ("© 2011–2024 Acme Inc. All rights reserved.", []),
    ],
)
def test_extract_founded_year(text, expected):
    found = extract_founded_year(text, URL)
    assert [field.value for _, field in found] == expected
    assert_quotes_verbatim(found, text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Today we are a team of 180+ people.", [180]),
        ("We have 150–200 employees in three offices.", [175]),
        ("We have 150 - 200 employees in three offices.", [175]),
        ("A team of two hundred people builds Acme.", [200]),
        ("We are two hundred people strong.", [200]),
        ("Acme employs more than 3,500 people worldwide.", [3500]),
        ("Our 45-strong team works remotely.", [45]),
        ("Die Acme GmbH beschäftigt heute über 1.200 Mitarbeiter.", [1200]),
        ("Wir sind 85 Mitarbeitende an drei Standorten.", [85]),
        ("Acme compte plus de 1 200 collaborateurs.", [1200]),
        ("Company size\n51-200 employees", [125]),
        # the market the company sells to is not its headcount
        ("Built for companies with 50–500 employees.", []),
        ("Für Unternehmen mit 10 bis 250 Mitarbeitern.", []),
        ("Plans for up to 25 employees.", []),
        ("Trusted by 2 million people worldwide.", []),
    ],
)
def test_extract_headcount(text, expected):
    found = extract_headcount(text, URL, ["Acme"])
    assert [field.value for _, field in found] == expected
    assert_quotes_verbatim(found, text)


def test_headcount_range_and_plus_are_less_certain_than_exact():
    exact = extract_headcount("Acme has 200 employees.", URL)[0][1]
    ranged = extract_headcount("Acme has 150-250 employees.", URL)[0][1]
    plus = extract_headcount("Acme has 200+ employees.", URL)[0][1]
    assert exact.confidence > plus.confidence > ranged.confidence


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Acme is headquartered in Berlin, Germany.",
         [("hq_city", "Berlin"), ("hq_country", "DE")]),
        ("Acme is headquartered in San Francisco, CA.",
         [("hq_city", "San Francisco"), ("hq_country", "US")]),
        ("We are based in Austin, Texas.", [("hq_city", "Austin"), ("hq_country", "US")]),
        ("Acme is a London-based startup.", [("hq_city", "London"), ("hq_country", "GB")]),
        ("Unser Hauptsitz ist in München, Deutschland.",
         [("hq_city", "München"), ("hq_country", "DE")]),
        ("Die Firma hat ihren Sitz in Hamburg.", [("hq_city", "Hamburg"), ("hq_country", "DE")]),
        ("Notre siège social est à Lyon, France.", [("hq_city", "Lyon"), ("hq_country", "FR")]),
        ("Une start-up basée à Paris.", [("hq_city", "Paris"), ("hq_country", "FR")]),
        ("Acme is based in Germany.", [("hq_country", "DE")]),
        # an unknown capitalised word without a country proves nothing
        ("Our app is based in Kubernetes.", []),
        ("Cloud-based invoicing for teams.", []),
    ],
)  # fmt: skip
def test_extract_headquarters(text, expected):
    found = extract_headquarters(text, URL)
    assert values(found) == expected
    assert_quotes_verbatim(found, text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Friedrichstraße 68, 10117 Berlin, Germany",
         [("hq_city", "Berlin"), ("hq_country", "DE")]),
        ("100 Congress Ave, Austin, TX 78701", [("hq_city", "Austin"), ("hq_country", "US")]),
        ("Kemp House, 152 City Road\nLondon EC1V 2NX",
         [("hq_city", "London"), ("hq_country", "GB")]),
        ("12 rue de la Paix, 75002 Paris", [("hq_city", "Paris"), ("hq_country", "FR")]),
        ("Call 2015 Acme for details", []),
        ("Since 2019 Berlin has been our home.", []),
    ],
)  # fmt: skip
def test_extract_addresses(text, expected):
    found = extract_addresses(text, URL)
    assert values(found) == expected
    assert_quotes_verbatim(found, text)


def test_extract_labelled_facts_reads_a_fact_sheet():
    text = (
        "Industry\nAdvertising Services\nCompany size\n51-200 employees\n"
        "Headquarters\nLondon, London\nType\nPublic Company\nFounded\n2011\nGründungsjahr: 2009"
    )
    found = extract_labelled_facts(text, URL)
    assert values(found) == [
        ("founded_year", 2011), ("founded_year", 2009), ("employee_count", 125),
        ("hq_city", "London"), ("hq_country", "GB"), ("industry_label", "Advertising Services"),
        ("funding_stage", "public"),
    ]  # fmt: skip
    assert found[0][1].evidence[0].quote == "Founded\n2011"
    assert_quotes_verbatim(found, text)


@pytest.mark.parametrize(
    ("place", "expected"),
    [("Berlin, Germany", ("Berlin", "DE")), ("San Francisco, CA", ("San Francisco", "US")),
     ("Deutschland", (None, "DE")), ("Springfield", ("Springfield", None)),
     ("London, London", ("London", "GB"))],
)  # fmt: skip
def test_split_place(place, expected):
    assert split_place(place) == expected


def test_sentence_at_skips_abbreviations():
    text = "Intro line.\nAcme hat €12 Mio. eingesammelt. Next one."
    start = text.index("€12")
    assert sentence_at(text, start, start + 3) == "Acme hat €12 Mio. eingesammelt."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a round announcement is the round, not the total raised
        ("Acme raised a $40M Series B led by Northstar.",
         [("funding_stage", "series-b"), round_("series-b", 40_000_000)]),
        ("Acme hat eine Series-A-Finanzierung über €12 Mio. abgeschlossen.",
         [("funding_stage", "series-a"), round_("series-a", 12_960_000)]),
        ("Acme sammelt 2,5 Mio. Euro in einer Seed-Runde ein.",
         [("funding_stage", "seed"), round_("seed", 2_700_000)]),
        ("En 2021, Acme a levé 25 millions d'euros en série B.",
         [("funding_stage", "series-b"), round_("series-b", 27_000_000)]),
        ("We closed a £5m pre-seed round.",
         [("funding_stage", "pre-seed"), round_("pre-seed", 6_350_000)]),
        ("Acme raised its Series E last spring.", [("funding_stage", "series-d+")]),
        ("Acme has raised $85 million in total.", [("total_funding_usd", 85_000_000)]),
        ("Acme is publicly traded on the NASDAQ.", [("funding_stage", "public")]),
        ("Acme Corp (NYSE: ACME) reported results.", [("funding_stage", "public")]),
        ("We are bootstrapped and profitable.", [("funding_stage", "bootstrapped")]),
        # marketing copy with a funding-like verb is not funding
        ("Acme raises the bar for finance teams.", []),
        ("Seed your CRM with clean data.", []),
    ],
)  # fmt: skip
def test_extract_funding(text, expected):
    found = extract_funding(text, URL)
    assert values(found) == expected
    assert_quotes_verbatim(found, text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Acme (NASDAQ: ACME) reported results.", ["public"]),
        ("We are listed on the Frankfurt Stock Exchange.", ["public"]),
        ("Acme partners with Globex (NYSE: GLX) on payments.", []),
        ("Globex is publicly traded on the NYSE and uses Acme.", []),
    ],
)
def test_listing_counts_only_for_the_company_itself(text, expected):
    found = extract_funding(text, URL, company_names=["Acme"])
    assert [field.value for _, field in found] == expected


def test_total_statement_is_more_certain_than_a_single_round():
    (_, stage), (_, round_amount) = extract_funding("Acme raised a $40M Series B.", URL)
    (_, total), = extract_funding("Acme has raised $62 million to date.", URL)  # fmt: skip
    assert total.confidence > round_amount.confidence
    assert round_amount.value["amount_usd"] == 40_000_000


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("In 2021, Acme was acquired by BigCo Holdings.", [("funding_stage", "acquired")]),
        ("BigCo acquires Acme to expand in Europe.", [("funding_stage", "acquired")]),
        ("Acme has acquired DataFlow, a data startup.", [("acquisitions", "DataFlow")]),
        # another company being bought is not our ownership
        ("Zeta was acquired by BigCo last year.", []),
        ("Acme is backed by Sequoia Capital, Index Ventures and Y Combinator.",
         [("investors", ["Sequoia Capital", "Index Ventures", "Y Combinator"])]),
    ],
)  # fmt: skip
def test_extract_ownership(text, expected):
    found = extract_ownership(text, URL, company_names=["Acme"])
    assert values(found) == expected
    assert_quotes_verbatim(found, text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Acme is the B2B platform for freight brokers.", "b2b"),
        ("Acme builds software for businesses. Book a demo.", "b2b"),
        ("Download the app and shop now.", "b2c"),
        ("Acme is a marketplace connecting farmers with restaurants.", "marketplace"),
        ("Acme is an online marketplace for used cameras.", "marketplace"),
        ("Our B2B2C platform lets banks serve their customers.", "b2b2c"),
        ("Get Acme from the Salesforce AppExchange marketplace.", None),
        ("We love coffee.", None),
    ],
)
def test_extract_business_model(text, expected):
    found = extract_business_model(text, URL)
    assert [field.value for _, field in found] == ([expected] if expected else [])
    assert_quotes_verbatim(found, text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the company as the subject of "started / began / launched in <year>"
        ("Kestrel started in 2014 when two planners got tired of phone tag.", [2014]),
        ("Kestrel began in 2009 as a side project in a garage.", [2009]),
        ("Kestrel was launched back in 2019 by three engineers.", [2019]),
        ("We started in 2016 with two people and a van.", [2016]),
        ("In 2011, our founders opened a small repair workshop.", [2011]),
        ("In 2011 our co-founder set up the first office in Leeds.", [2011]),
        ("We've been crafting furniture since 1998.", [1998]),
        ("Kestrel has been helping B2B companies grow since 2014.", [2014]),
        ("Every jacket is repairable since our first rain shell in 2011.", [2011]),
        ("Since 2011, we have been building tools for growers.", [2011]),
        ("1987 gründete Karl Brandt die Firma in einer Garage.", [1987]),
        ("1995 – Gründung der GmbH in Ulm", [1995]),
        ("Depuis sa création en 2009, l'entreprise a grandi.", [2009]),
        # not every year is a founding year
        ("In 2019 we started offering payroll to our customers.", []),
        ("Construction of the new plant started in 2019.", []),
        ("The project began in 2020 with a pilot.", []),
        ("In 2020, our founder spoke at SaaStr about pricing.", []),
        ("In 2022 we launched our mobile app.", []),
        ("We have been fully remote since 2020.", []),
        ("Globex started in 1990 and is our biggest customer.", []),
    ],
)
def test_extract_founded_year_subject_and_since_phrasings(text, expected):
    found = extract_founded_year(text, URL, company_names=["kestrel"])
    assert [field.value for _, field in found] == expected
    assert_quotes_verbatim(found, text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Visit our Utrecht headquarters any time.",
         [("hq_city", "Utrecht"), ("hq_country", "NL")]),
        ("Our head office is on the Kop van Zuid in Rotterdam.",
         [("hq_city", "Rotterdam"), ("hq_country", "NL")]),
        ("Our headquarters sits on the Toronto waterfront.",
         [("hq_city", "Toronto"), ("hq_country", "CA")]),
        ("We're based in Denver's RiNo neighborhood.",
         [("hq_city", "Denver"), ("hq_country", "US")]),
        ("Kestrel is based in Toronto, with a second office in Ottawa.",
         [("hq_city", "Toronto"), ("hq_country", "CA")]),
        ("Nous sommes basés à Nantes.", [("hq_city", "Nantes"), ("hq_country", "FR")]),
        # an office or a teammate is not the headquarters; a region is not a city
        ("Our Berlin office opened last year.", []),
        ("We also have a sales office located in Munich.", []),
        ("We're headquartered in Austin, with teammates based in Lisbon.",
         [("hq_city", "Austin"), ("hq_country", "US")]),
        ("We are headquartered in the heart of Silicon Valley.", []),
    ],
)  # fmt: skip
def test_extract_headquarters_more_phrasings(text, expected):
    found = extract_headquarters(text, URL)
    assert values(found) == expected
    assert_quotes_verbatim(found, text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("© 2026 Kestrel B.V. · Keizersgracht 123, 1015 CJ Amsterdam",
         [("hq_city", "Amsterdam"), ("hq_country", "NL")]),
        ("Wilhelminakade 91\n3072 AP Rotterdam\nThe Netherlands",
         [("hq_city", "Rotterdam"), ("hq_country", "NL")]),
        ("155 Queens Quay East, Suite 600 · Toronto, ON M5A 0W4 · Canada",
         [("hq_city", "Toronto"), ("hq_country", "CA")]),
        ("1701 Hollis St · Halifax, NS B3J 3M8", [("hq_city", "Halifax"), ("hq_country", "CA")]),
        ("Level 5, 20 Martin Place, Sydney NSW 2000",
         [("hq_city", "Sydney"), ("hq_country", "AU")]),
        ("4th Floor, Outer Ring Road, Bengaluru, Karnataka 560103",
         [("hq_city", "Bengaluru"), ("hq_country", "IN")]),
        ("Fabrikstraße 18\n73728 Esslingen am Neckar\nDeutschland",
         [("hq_city", "Esslingen am Neckar"), ("hq_country", "DE")]),
        # a "1234 AB Word" shape without Dutch context is not an address
        ("Order 4411 QA Testing for your team", []),
        ("Call us on 0800 123 4567", []),
    ],
)  # fmt: skip
def test_extract_addresses_footer_formats(text, expected):
    found = extract_addresses(text, URL)
    assert values(found) == expected
    assert_quotes_verbatim(found, text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Larkspur Ventures, which led our $65M Series C in 2024, joined the board.",
         [("funding_stage", "series-c"), round_("series-c", 65_000_000)]),
        ("Quarry Road Partners led our $9M seed round.",
         [("funding_stage", "seed"), round_("seed", 9_000_000)]),
        ("Kestrel's $30M Series B was led by Foxglove.",
         [("funding_stage", "series-b"), round_("series-b", 30_000_000)]),
        ("We closed a Series C last spring.", [("funding_stage", "series-c")]),
        ("Kestrel a réalisé une levée de fonds de Série B de 25 millions d'euros.",
         [("funding_stage", "series-b"), round_("series-b", 27_000_000)]),
        ("Kestrel annonce une levée de fonds de 15 M€.", [round_(None, 16_200_000)]),
        ("Die Kestrel GmbH hat eine Finanzierungsrunde über 8 Millionen Euro abgeschlossen.",
         [round_(None, 8_640_000)]),
        ("That brings our total funding to $58 million.", [("total_funding_usd", 58_000_000)]),
        # someone else's round, or no round at all
        ("Our VP previously led a $40M Series B at Globex.", []),
        ("Our series of webinars starts in May.", []),
        ("Our team loves seed catalogues.", []),
        ("Globex's total funding is $1 billion.", []),
    ],
)  # fmt: skip
def test_extract_funding_more_phrasings(text, expected):
    found = extract_funding(text, URL, company_names=["Kestrel"])
    assert values(found) == expected
    assert_quotes_verbatim(found, text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Free shipping on orders over $75 · Free returns within 60 days", "b2c"),
        ("New gear every week. Shop the collection.", "b2c"),
        ("Trusted by 3,800+ businesses across India.", "b2b"),
        ("Contact sales", "b2b"),
        ("Get a demoHow it works", "b2b"),  # button text glued to the next link
        ("Growth\n$249/rep/mo", "b2b"),
        ("Today it helps a few thousand agencies get paid on time.", "b2b"),
        ("Unsere Kunden sind Tier-1-Zulieferer der Automobilindustrie.", "b2b"),
        ("We love our customers.", None),
    ],
)
def test_extract_business_model_more_signals(text, expected):
    found = extract_business_model(text, URL)
    assert [field.value for _, field in found] == ([expected] if expected else [])
    assert_quotes_verbatim(found, text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the company's first site is its start
        ("Kestrel opened its first bakery in Leeds in 1994 with two ovens.", [1994]),
        ("Dr. Ana Ruiz opened the first Kestrel clinic in 2011, above a pharmacy.", [2011]),
        ("In 2008, two mechanics opened the first Kestrel workshop in Tulsa.", [2008]),
        ("We opened our doors in 1995 on Main Street.", [1995]),
        ("Our story began in 2012 in a converted garage.", [2012]),
        ("It all started in 2016 with a single food truck.", [2016]),
        ("Est. 1999", [1999]),
        ("Family recipes · EST. 1962 · Made in Vermont", [1962]),
        # a first site abroad, a second site, or a word that only looks like "est"
        ("In 2019 Kestrel opened its first US office in Boston.", []),
        ("Kestrel opened its first office outside Germany in 2021.", []),
        ("We opened our first store in Europe in 2022.", []),
        ("Kestrel opened its first European warehouse in 2020.", []),
        ("We opened a second clinic in 2018.", []),
        # another company's first site or doors
        ("Globex opened its first showroom in Leeds in 2013.", []),
        ("The city museum opened its doors in 1923.", []),
        ("Kestrel opened its doors in 1987.", [1987]),
        ("The best 2020 campaign of the year.", []),
        ("Son chiffre d'affaires est 2019 fois plus grand.", []),
    ],
)  # fmt: skip
def test_extract_founded_year_first_site_and_sign_phrasings(text, expected):
    found = extract_founded_year(text, URL, company_names=["Kestrel"])
    assert [field.value for _, field in found] == expected
    assert_quotes_verbatim(found, text)


def test_first_site_is_less_certain_than_a_founding_statement():
    (_, opened), = extract_founded_year("We opened our first shop in 2006.", URL)  # fmt: skip
    (_, founded), = extract_founded_year("Kestrel was founded in 2004.", URL)  # fmt: skip
    assert opened.confidence < 0.6 <= founded.confidence


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We're 40–60 people across two offices.", [50]),
        ("We are 120 to 150 people, most of us engineers.", [135]),
        ("Wir sind 80–100 Personen in Leipzig.", [90]),
        # a range of customers' sizes is not ours
        ("Built for teams of 40–60 people.", []),
    ],
)
def test_extract_headcount_range_after_we_are(text, expected):
    found = extract_headcount(text, URL)
    assert [field.value for _, field in found] == expected
    assert_quotes_verbatim(found, text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Est.\n1999", [("founded_year", 1999)]),
        ("Established: 2004", [("founded_year", 2004)]),
        ("Funding\nSeed ($4M, led by Foxglove)",
         [("funding_stage", "seed"), round_("seed", 4_000_000)]),
        ("Total funding: €20M", [("total_funding_usd", 21_600_000)]),
        ("Stage\nSeries C", [("funding_stage", "series-c")]),
        ("Funding: Bootstrapped", [("funding_stage", "bootstrapped")]),
        ("Funding\n$12M", [("total_funding_usd", 12_000_000)]),
        ("Latest round: Series B, $45M", [("funding_stage", "series-b"),
                                          round_("series-b", 45_000_000)]),
        # a heading that only looks like a fact label
        ("Stage\nSeed your pipeline with intent data", []),
        ("Funding\nWe help founders find investors", []),
    ],
)  # fmt: skip
def test_extract_labelled_facts_founding_and_funding(text, expected):
    found = extract_labelled_facts(text, URL)
    assert values(found) == expected
    assert_quotes_verbatim(found, text)
