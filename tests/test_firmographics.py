"""Firmographics orchestration: candidates from every page, conflicts resolved, proof kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from tools.evidence import quote_occurs
from tools.firmographics.extract import FirmographicsResult, extract_firmographics
from tools.html import parse_html

PAGES = Path(__file__).parent / "fixtures" / "pages"


def load(name: str, url: str):
    return parse_html((PAGES / name).read_text(), url)


def known(result: FirmographicsResult) -> dict[str, tuple]:
    """Field name -> (value, method, evidence URLs) for every known field."""
    return {
        name: (field.value, field.method, [e.url for e in field.evidence])
        for name, field in result.firmographics
        if field.value is not None
    }


def assert_all_evidence_verbatim(result: FirmographicsResult, pages) -> None:
    texts = {page.url: (page.text, page.source) for _, page in pages}
    fields = [f for _, f in result.firmographics if f.value is not None]
    for field in fields + [f for _, f in result.alternatives + result.extras]:
        assert field.evidence, field
        for evidence in field.evidence:
            assert quote_occurs(evidence.quote, *texts[evidence.url]), evidence


NORDLICHT = "https://nordlicht.example/about"
BRIGHTLANE = "https://brightlane.example"


def test_about_page_with_jsonld_prefers_jsonld_and_keeps_prose_as_alternatives():
    pages = [("about", load("about_jsonld.html", NORDLICHT))]
    result = extract_firmographics(pages)
    assert known(result) == {
        "company_name": ("Nordlicht Analytics GmbH", "json-ld", [NORDLICHT]),
        "industry": ("Financial Services", "rule", [NORDLICHT]),
        "employee_count": (175, "json-ld", [NORDLICHT]),
        "hq_city": ("Berlin", "json-ld", [NORDLICHT]),
        "hq_country": ("DE", "json-ld", [NORDLICHT]),
        "founded_year": (2014, "json-ld", [NORDLICHT]),
        "business_model": ("b2b", "rule", [NORDLICHT]),
    }
    assert [(n, f.value) for n, f in result.alternatives] == [
        ("company_name", "Nordlicht Analytics"),
        ("employee_count", 180),
    ]
    # hidden text ("founded in 1999") and the HTML comment ("Vienna") never surface
    values = [f.value for _, f in result.alternatives] + [f.value for _, f in result.firmographics]
    assert 1999 not in values and 1990 not in values and "Vienna" not in values
    assert_all_evidence_verbatim(result, pages)


@pytest.mark.parametrize(
    ("fixture", "url", "expected"),
    [
        # "Wir entwickeln Software für ... Maschinenbau": a software company serving machine
        # builders is Software; the name is the title part that spells the domain. A Series A
        # or B of €12M / €25M is that round, not the total raised (earlier money exists).
        ("about_prose_de.html", "https://bergwerk.example/ueber-uns", {
            "company_name": "Bergwerk Software",
            "industry": "Software", "employee_count": 1200, "hq_city": "München",
            "hq_country": "DE", "founded_year": 2015, "funding_stage": "series-a",
            "business_model": "b2b"}),
        ("about_prose_fr.html", "https://lumiere.example/a-propos", {
            "company_name": "Lumière Data",
            "employee_count": 1200, "hq_city": "Lyon", "hq_country": "FR",
            "founded_year": 2012, "funding_stage": "series-b"}),
        # "payments software for banks" is sold to businesses
        ("about_public.html", "https://corvane.example/about", {
            "industry": "Financial Services", "employee_count": 3500, "hq_city": "Boston",
            "hq_country": "US", "funding_stage": "public", "business_model": "b2b"}),
        ("about_bootstrapped.html", "https://tidepool.example/about", {
            "employee_count": 12, "funding_stage": "bootstrapped"}),
    ],
)  # fmt: skip
def test_prose_about_pages_in_three_languages(fixture, url, expected):
    pages = [("about", load(fixture, url))]
    result = extract_firmographics(pages)
    assert {name: value for name, (value, _, _) in known(result).items()} == expected
    assert_all_evidence_verbatim(result, pages)


def brightlane_pages():
    return [
        ("about", load("about_prose_en.html", f"{BRIGHTLANE}/about")),
        ("press", load("press_old_funding.html", f"{BRIGHTLANE}/press/series-a")),
        ("integrations", load("integrations_page.html", f"{BRIGHTLANE}/integrations")),
    ]


def test_about_page_and_newer_statements_beat_an_old_press_release():
    pages = brightlane_pages()
    result = extract_firmographics(pages)
    values = {name: value for name, (value, _, _) in known(result).items()}
    assert values == {
        "company_name": "Brightlane",
        "industry": "Logistics & Transportation",
        "employee_count": 200,  # "a team of two hundred people", not 2019's "40 employees"
        "hq_city": "Austin",  # About page, not the press release's "Dallas"
        "hq_country": "US",
        "founded_year": 2017,
        "funding_stage": "series-b",  # a later round beats the 2019 Series A
        "total_funding_usd": 62_000_000,  # the stated total, not the $40M round
        "business_model": "b2b",
    }
    alternatives = {(n, f.value) for n, f in result.alternatives}
    assert {("employee_count", 40), ("hq_city", "Dallas"),
            ("funding_stage", "series-a")} <= alternatives  # fmt: skip
    extras = {(n, str(f.value)) for n, f in result.extras}
    assert ("investors", "['Northstar Ventures', 'Harbor Capital', 'Y Combinator']") in extras
    rounds = [f.value for n, f in result.extras if n == "funding_round"]
    assert {"stage": "series-a", "amount_usd": 10_000_000, "first": False} in rounds
    assert {"stage": "series-b", "amount_usd": 40_000_000, "first": False} in rounds
    assert_all_evidence_verbatim(result, pages)


def test_acquisition_ends_the_funding_progression_and_own_acquisitions_are_extras():
    pages = brightlane_pages() + [
        ("press", load("press_acquired.html", f"{BRIGHTLANE}/press/atlas"))
    ]
    result = extract_firmographics(pages)
    stage = result.firmographics.funding_stage
    assert (stage.value, [e.url for e in stage.evidence]) == (
        "acquired",
        [f"{BRIGHTLANE}/press/atlas"],
    )
    assert ("acquisitions", "Parcelbook") in [(n, f.value) for n, f in result.extras]
    assert_all_evidence_verbatim(result, pages)


def test_home_microdata_and_contact_footer_address_agree():
    home, contact = "https://quillstone.example/", "https://quillstone.example/contact"
    pages = [
        ("home", load("home_microdata.html", home)),
        ("contact", load("contact_address.html", contact)),
    ]
    result = extract_firmographics(pages)
    assert known(result) == {
        "company_name": ("Quillstone", "meta", [home, contact]),
        "hq_city": ("London", "meta", [home, contact]),
        "hq_country": ("GB", "meta", [home, contact]),
        "founded_year": (2018, "meta", [home]),
        "business_model": ("b2b", "rule", [home]),  # "Contract intelligence for legal teams."
    }
    assert result.firmographics.hq_city.confidence > 0.8  # corroborated by a second page
    assert_all_evidence_verbatim(result, pages)


@pytest.mark.parametrize(
    ("industries", "expected"),
    [
        (None, "Financial Services"),
        (["Software", "Financial Services", "Healthcare"], "Financial Services"),
        (["SaaS", "Fintech", "Other"], "Fintech"),
        (["Healthcare", "Other"], "Other"),
        (["Healthcare", "Education"], None),  # kept as an alternative
    ],
)
def test_industry_maps_onto_the_icp_list(industries, expected):
    pages = [("about", load("about_jsonld.html", NORDLICHT))]
    assert extract_firmographics(pages, industries).firmographics.industry.value == expected


def test_pages_that_describe_other_companies_are_not_read_as_prose():
    text = "<p>Globex was founded in 1989, employs 12,000 people and is headquartered in Paris.</p>"
    pages = [("customers", parse_html(text, "https://acme.example/customers/globex"))]
    assert known(extract_firmographics(pages)) == {}


def test_no_pages_gives_all_unknown():
    result = extract_firmographics([])
    assert known(result) == {} and result.alternatives == []


def test_realdata_linkedin_company_page(realdata):
    folder = realdata / "metascraper-company-pages" / "linkedin-company"
    url = "https://www.linkedin.com/company/10529043/"
    pages = [("about", parse_html((folder / "input.html").read_text(), url))]
    result = extract_firmographics(pages, industries=["Software", "Marketing", "Healthcare"])
    assert {name: value for name, (value, _, _) in known(result).items()} == {
        "company_name": "Audiense",
        "industry": "Marketing",  # "Industry Advertising Services"
        "employee_count": 69,  # JSON-LD numberOfEmployees; the "51-200 employees" band is kept
        "hq_city": "London",
        "hq_country": "GB",
        "founded_year": 2011,
        "business_model": "b2b",  # "... for savvy agencies."
    }
    assert ("employee_count", 125) in {(n, f.value) for n, f in result.alternatives}
    assert result.firmographics.founded_year.evidence[0].quote == "Founded\n2011"
    assert_all_evidence_verbatim(result, pages)


def test_industry_outside_the_icp_list_is_kept_as_an_alternative():
    pages = [("about", load("about_jsonld.html", NORDLICHT))]
    result = extract_firmographics(pages, ["Healthcare", "Education"])
    assert ("industry", "Financial Services") in [(n, f.value) for n, f in result.alternatives]


def test_agency_site_with_name_only_in_the_title_and_an_address_in_the_footer():
    home, about = "https://northwindandco.example/", "https://northwindandco.example/about"
    pages = [
        ("home", load("home_agency_title_only.html", home)),
        ("about", load("about_agency_story.html", about)),
    ]
    result = extract_firmographics(pages, ["Software", "Marketing & Advertising", "Retail"])
    assert {name: value for name, (value, _, _) in known(result).items()} == {
        "company_name": "Northwind & Co",
        "industry": "Marketing & Advertising",  # "a ... marketing studio for B2B software ..."
        "hq_city": "Utrecht",
        "hq_country": "NL",
        "founded_year": 2013,  # "Northwind started in 2013", not "in 2019 we started offering"
        "business_model": "b2b",
    }
    assert result.firmographics.company_name.confidence < 0.8  # a fallback, not markup
    assert_all_evidence_verbatim(result, pages)


def test_shop_home_page_is_retail_and_b2c_not_logistics():
    home = "https://www.larchmeregoods.example/"
    pages = [("home", load("home_shop_footer.html", home))]
    result = extract_firmographics(pages, ["Software", "Logistics", "Retail"])
    assert {name: value for name, (value, _, _) in known(result).items()} == {
        "company_name": "Larchmere Goods",
        "industry": "Retail",
        "hq_city": "Berlin",
        "hq_country": "DE",
        "business_model": "b2c",
    }
    assert_all_evidence_verbatim(result, pages)


def test_a_since_hint_on_the_about_page_does_not_beat_a_founding_statement():
    home = parse_html(
        "<p>Founded in 2009, Kestrel makes routing software.</p>", "https://kestrel.example/"
    )
    about = parse_html(
        "<p>Since 2020, we have been building tools for growers.</p>",
        "https://kestrel.example/about",
    )
    result = extract_firmographics([("home", home), ("about", about)])
    assert result.firmographics.founded_year.value == 2009
    assert ("founded_year", 2020) in [(n, f.value) for n, f in result.alternatives]


def test_a_move_makes_the_old_headquarters_an_alternative_not_the_answer():
    about, press = "https://fenwicklabs.example/about", "https://fenwicklabs.example/news/new-hq"
    pages = [
        ("about", load("about_moved_hq.html", about)),
        ("press", load("press_old_hq.html", press)),
    ]
    result = extract_firmographics(pages)
    values = {name: value for name, (value, _, _) in known(result).items()}
    assert (values["hq_city"], values["hq_country"]) == ("Manchester", "GB")
    assert values["founded_year"] == 2012  # "opened its first office in Leeds in 2012"
    assert ("hq_city", "Leeds") in [(n, f.value) for n, f in result.alternatives]
    assert ("former_hq_city", "Leeds") in [(n, f.value) for n, f in result.extras]
    assert_all_evidence_verbatim(result, pages)


def test_a_company_named_with_an_ampersand_is_the_subject_of_its_founding_sentence():
    url = "https://www.quillivy.example/pages/our-story"
    html = (
        "<title>Our story | Quill &amp; Ivy</title>"
        "<p>Quill &amp; Ivy started in 2011 with one letterpress in a garage.</p>"
    )
    result = extract_firmographics([("about", parse_html(html, url))])
    assert result.firmographics.founded_year.value == 2011
    assert result.firmographics.company_name.value == "Quill & Ivy"
