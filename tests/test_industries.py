"""Industry from what a company says it is: category vs customers, precedence, sources."""

import pytest

from tools.evidence import quote_occurs
from tools.firmographics.industries import map_to_icp, rank_industries, score_description
from tools.firmographics.industry_sources import infer_industries
from tools.html import parse_html


def industry(text: str) -> str | None:
    ranked = rank_industries(score_description(text))
    return ranked[0] if ranked else None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # what the company is, before "for": its customers do not make it their industry
        ("Kestrel & Finch is an independent B2B marketing agency for SaaS and fintech firms.",
         "Marketing & Advertising"),
        ("Field service software for plumbing, HVAC and electrical contractors.", "Software"),
        ("Logiciel de gestion de flotte pour PME et ETI.", "Software"),
        ("Wir entwickeln Software für Unternehmen aus dem Maschinenbau.", "Software"),
        ("Wir fertigen Präzisionsteile für die Medizintechnik und die Automobilindustrie.",
         "Manufacturing"),
        ("Nous fabriquons des pièces par usinage CNC pour l'aéronautique.", "Manufacturing"),
        # a software company serving a regulated or established vertical takes the vertical
        ("Payroll and attendance software for restaurant groups.", "Human Resources & Staffing"),
        ("The core banking platform for community banks and credit unions.",
         "Financial Services"),
        ("Patient intake software for dental practices and clinics.", "Healthcare"),
        ("Accounts payable automation for mid-market finance teams.", "Financial Services"),
        ("The identity security platform for hybrid workforces.", "Cybersecurity"),
        ("Digital freight forwarding for European shippers.", "Logistics & Transportation"),
        ("Un logiciel de paie pour les cabinets comptables.", "Human Resources & Staffing"),
        # sellers of goods
        ("Trail-tested outdoor apparel and camp gear, designed in Oregon.", "E-commerce & Retail"),
        ("Handmade oak furniture, delivered to your door.", "E-commerce & Retail"),
        ("Acme is the marketplace where contractors rent excavators from each other.",
         "Construction"),
        ("Wir sind eine Werbeagentur aus Hamburg.", "Marketing & Advertising"),
        # German compounds joined by a hyphen
        ("Anbieter von HR-Software für den Mittelstand.", "Human Resources & Staffing"),
        ("Lagerlogistik-Software für den Großhandel.", "Logistics & Transportation"),
        # not self-descriptions of an industry
        ("Free shipping on orders over $50 and free returns.", None),
        ("Know which accounts are in-market before your competitors do.", None),
        ("Fleet tracking for vans, trucks and cars.", None),
        # a tie between two categories is not a guess
        ("Acme is a consulting and marketing firm.", None),
    ],
)  # fmt: skip
def test_rank_industries_reads_self_descriptions(text, expected):
    assert industry(text) == expected


def test_keywords_match_whole_words_only():
    # "HR" inside "three", "tech" inside "tech-stack" or "Präzisionstechnik" (precision
    # engineering), "hospital" in "hospitality" are not keywords
    assert industry("We ship three times a week using our tech-stack.") is None
    assert industry("Präzisionstechnik aus Esslingen") == "Manufacturing"
    assert industry("A hospitality group running four hotels.") == "Hospitality & Travel"


@pytest.mark.parametrize(
    ("canonical", "icp", "expected"),
    [
        ("E-commerce & Retail", ["Software", "Retail"], "Retail"),
        ("Human Resources & Staffing", ["Human Resources", "Software"], "Human Resources"),
        ("Logistics & Transportation", ["Logistics"], "Logistics"),
        ("Automotive", ["Software", "Other"], "Other"),
        ("Automotive", ["Software"], None),
    ],
)
def test_map_to_icp(canonical, icp, expected):
    assert map_to_icp(canonical, icp) == expected


def page(html: str, url: str = "https://www.kestrel-outdoor.example/"):
    return parse_html(html, url)


def labels(pages, domain="kestrel-outdoor"):
    return [label for label, _ in infer_industries(pages, domain)]


def test_infer_industries_from_a_shop_home_page_is_retail_not_logistics():
    home = page("""<html><head><title>Kestrel Outdoor | Waterproof jackets &amp; hiking gear</title>
      <meta name="description" content="Jackets and packs built to be repaired.">
      </head><body><p>Free shipping on all orders · Free returns</p>
      <p>Our warehouse ships within 24 hours.</p></body></html>""")
    found = infer_industries([("home", home)], "kestrel-outdoor")
    assert [label for label, _ in found] == ["E-commerce & Retail"]
    for evidence in found[0][1].evidence:
        assert quote_occurs(evidence.quote, home.text, home.source)


def test_infer_industries_reads_jsonld_type_and_description():
    home = page("""<html><head><title>Home</title><script type="application/ld+json">
      {"@context": "https://schema.org", "@type": "ClothingStore", "name": "Kestrel Outdoor",
       "url": "https://www.kestrel-outdoor.example/"}</script></head><body></body></html>""")
    assert labels([("home", home)]) == ["E-commerce & Retail"]
    about = page(
        """<html><head><script type="application/ld+json">
      {"@type": "Organization", "name": "Kestrel", "url": "https://www.kestrel-outdoor.example/",
       "description": "Kestrel builds threat detection for cloud workloads."}</script></head>
      <body></body></html>""",
        "https://www.kestrel-outdoor.example/about",
    )
    found = infer_industries([("about", about)], "kestrel-outdoor")
    assert [label for label, _ in found][:1] == ["Cybersecurity"]
    assert found[0][1].evidence[0].quote.startswith('"description": "Kestrel builds')


def test_infer_industries_reads_prose_self_descriptions_not_other_pages():
    about = page(
        "<p>We're a small product studio.</p><p>Kestrel is a digital agency for "
        "consumer brands.</p>",
        "https://kestrel-outdoor.example/about",
    )
    blog = page(
        "<p>Kestrel is a bank now? No, but we wrote about payments.</p>",
        "https://kestrel-outdoor.example/blog/payments",
    )
    assert labels([("about", about), ("press", blog)]) == ["Marketing & Advertising"]
    assert labels([("press", blog)]) == []


def test_infer_industries_falls_back_to_seat_pricing_as_software():
    pricing = page(
        "<h1>Pricing</h1><p>Starter</p><p>$49/user/month</p>",
        "https://kestrel-outdoor.example/pricing",
    )
    found = infer_industries([("pricing", pricing)], "kestrel-outdoor")
    assert [(label, f.evidence[0].quote) for label, f in found] == [("Software", "$49/user/month")]
    hourly = page("<p>Plumbing from $90 per hour</p>", "https://kestrel-outdoor.example/pricing")
    assert infer_industries([("pricing", hourly)], "kestrel-outdoor") == []


def test_infer_industries_reads_the_legal_name_in_the_footer():
    home = page(
        "<p>Invoices that chase themselves.</p>"
        "<footer>Kestrel Software Inc. · 12 Main St · Halifax</footer>",
        "https://kestrel.example/",
    )
    found = infer_industries([("home", home)], "kestrel")
    assert [(label, f.evidence[0].quote) for label, f in found] == [
        ("Software", "Kestrel Software Inc.")
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # software for a trade: on a tie the software company is Software
        ("Construction management software.", "Software"),
        ("Restaurant point of sale software.", "Software"),
        # "app" or "platform" alone is a weak hint: a shop with an app is still a shop
        ("Shop outdoor apparel online or in our app.", "E-commerce & Retail"),
        ("Digital freight forwarder with its own booking platform.", "Logistics & Transportation"),
        ("The CRM for small teams.", "Software"),
        ("Financial infrastructure for the internet.", "Financial Services"),
    ],
)
def test_rank_industries_weighs_generic_software_words_lower(text, expected):
    assert industry(text) == expected


def test_infer_industries_ignores_customer_testimonials():
    home = page(
        """<html><head><title>Kestrel | Scheduling software for small teams</title>
      </head><body><p>Kestrel is a scheduling app for small teams.</p>
      <blockquote>“Kestrel is a lifesaver for our clinic and our patients.”</blockquote>
      <p>"Kestrel is the best tool our bank has bought."</p></body></html>""",
        "https://kestrel.example/",
    )
    assert labels([("home", home)], "kestrel") == ["Software"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # education: tutoring and test prep
        ("Vetted tutors for K-12 math, reading and test prep.", "Education"),
        ("Online tutoring for adult learners.", "Education"),
        # manufacturing: textile mills and weavers
        ("Weaving technical textiles in the Carolinas since 1948.", "Manufacturing"),
        ("A family-owned textile mill making upholstery fabric.", "Manufacturing"),
        # lenders and financing companies
        ("Working capital loans and equipment financing for growing manufacturers.",
         "Financial Services"),
        ("Invoice factoring for trucking companies.", "Financial Services"),
        ("Kredite für den Mittelstand.", "Financial Services"),
        ("Handmade oak furniture with flexible financing.", "E-commerce & Retail"),
        # software serving one vertical takes it; serving two equally is horizontal
        ("Claims software for insurers.", "Insurance"),
        ("Une plateforme logicielle pour les assureurs et les collectivités.", "Software"),
        ("Scheduling software for banks and hospitals.", "Software"),
    ],
)  # fmt: skip
def test_rank_industries_education_manufacturing_lending_and_vertical_ties(text, expected):
    assert industry(text) == expected


def _industry(html: str, kind: str = "home") -> str | None:
    from tools.firmographics.extract import extract_firmographics

    page = parse_html(html, "https://acme.com/")
    return extract_firmographics([(kind, page)]).firmographics.industry.value


@pytest.mark.parametrize(
    "menu",
    ["Industries\nRetail\nHealthcare\nTravel", "Industries\nBanking & finance\nInsurance"],
)
def test_a_customer_industry_menu_is_not_the_companys_industry(menu):
    items = "".join(f"<li>{line}</li>" for line in menu.split("\n"))
    html = (
        "<html><head><title>Acme | AI agents for customer experience</title></head><body>"
        f"<nav><ul>{items}</ul></nav><p>Acme is the AI platform for support teams.</p>"
        "</body></html>"
    )
    assert _industry(html) == "Software"


def test_how_a_company_earns_is_not_what_it_is():
    html = (
        "<html><head><title>Acme</title></head><body><p>Acme is the simplest way to check your "
        "EBT balance and save money.</p><p>We make money through advertising, but we're "
        "selective about what we promote.</p></body></html>"
    )
    assert _industry(html) != "Marketing & Advertising"


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Acme is the collaborative browser-based IDE for web developers.", ["Software"]),
        ("Acme builds humanoid robots for general purpose work.", ["Hardware & Electronics"]),
    ],
)
def test_products_name_the_industry(sentence, expected):
    assert rank_industries(score_description(sentence)) == expected


def test_a_fact_sheet_industry_line_counts():
    from tools.firmographics.labelled_facts import extract_labelled_facts

    sheet = "Industry\nSoftware Development\nCompany size\n51-200 employees"
    found = [f.value for n, f in extract_labelled_facts(sheet, "u") if n == "industry_label"]
    assert found == ["Software Development"]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Acme es una empresa de software para la gestión de flotas.", ["Software"]),
        ("Siamo un'azienda di lavorazioni meccaniche di precisione.", ["Manufacturing"]),
        ("Wij zijn een logistiek bedrijf in Rotterdam.", ["Logistics & Transportation"]),
        ("A Acme é uma seguradora digital.", ["Insurance"]),
        ("Somos una inmobiliaria con 20 años de experiencia.", ["Real Estate"]),
    ],
)
def test_self_descriptions_in_more_languages(sentence, expected):
    assert rank_industries(score_description(sentence)) == expected
