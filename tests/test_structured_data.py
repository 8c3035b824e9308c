"""Structured markup: schema.org JSON-LD and microdata, OpenGraph/meta, page dates."""

from __future__ import annotations

from pathlib import Path

import pytest

from tools.evidence import quote_occurs
from tools.firmographics.geo import country_code
from tools.firmographics.structured_data import (
    is_organization,
    jsonld_quote,
    organization_nodes,
    page_date,
    parse_employees,
    parse_jsonld_organization,
    parse_meta,
    parse_microdata_organization,
    parse_year,
)
from tools.html import parse_html

PAGES = Path(__file__).parent / "fixtures" / "pages"


def load(name: str, url: str):
    return parse_html((PAGES / name).read_text(), url)


def summary(candidates):
    return [(name, f.value, f.method, f.evidence[0].quote) for name, f in candidates]


def test_jsonld_organization_values_with_verbatim_source_quotes():
    page = load("about_jsonld.html", "https://nordlicht.example/about")
    candidates = parse_jsonld_organization(page)
    assert summary(candidates) == [
        ("company_name", "Nordlicht Analytics GmbH", "json-ld",
         '"name": "Nordlicht Analytics GmbH"'),
        ("founded_year", 2014, "json-ld", '"foundingDate": "2014-03-01"'),
        ("employee_count", 175, "json-ld",
         '"numberOfEmployees": {"@type": "QuantitativeValue", "minValue": 150, "maxValue": 200}'),
        ("hq_city", "Berlin", "json-ld", '"addressLocality": "Berlin"'),
        ("hq_country", "DE", "json-ld",
         '"addressCountry": {"@type": "Country", "name": "Germany"}'),
        ("same_as", ["https://www.linkedin.com/company/nordlicht-analytics",
                     "https://twitter.com/nordlicht"], "json-ld",
         '"sameAs": ["https://www.linkedin.com/company/nordlicht-analytics", '
         '"https://twitter.com/nordlicht"]'),
    ]  # fmt: skip
    for _, field in candidates:
        assert field.evidence[0].url == page.url
        assert field.evidence[0].quote in page.source  # byte-exact, not only normalized
        assert quote_occurs(field.evidence[0].quote, page.source)


def test_jsonld_range_is_less_certain_than_a_count():
    page = load("about_jsonld.html", "https://nordlicht.example/about")
    fields = dict(parse_jsonld_organization(page))
    assert fields["employee_count"].confidence < fields["founded_year"].confidence


def test_organization_nodes_prefer_the_sites_own_organization():
    source = """<script type="application/ld+json">{"@graph": [
      {"@type": "Organization", "name": "Partner", "url": "https://partner.example",
       "foundingDate": "1990", "numberOfEmployees": 5},
      {"@type": "WebPage", "name": "About"},
      {"@type": ["Organization", "Brand"], "name": "Acme", "url": "https://acme.example"}
    ]}</script>"""
    page = parse_html(source, "https://www.acme.example/about")
    assert [n["name"] for n in organization_nodes(page)] == ["Acme", "Partner"]
    assert summary(parse_jsonld_organization(page)) == [
        ("company_name", "Acme", "json-ld", '"name": "Acme"')
    ]


def test_organization_nested_in_about_page_main_entity():
    source = (
        '<script type="application/ld+json">{"@type": "AboutPage", "mainEntity": '
        '{"@type": "SoftwareCompany", "name": "Acme", "foundingDate": 2011}}</script>'
    )
    page = parse_html(source, "https://acme.example/about")
    assert summary(parse_jsonld_organization(page)) == [
        ("company_name", "Acme", "json-ld", '"name": "Acme"'),
        ("founded_year", 2011, "json-ld", '"foundingDate": 2011'),
    ]


@pytest.mark.parametrize(
    ("node_type", "expected"),
    [("Organization", True), ("Corporation", True), ("LocalBusiness", True),
     ("NGO", True), ("https://schema.org/EducationalOrganization", True),
     ("Person", False), ("WebSite", False), ("Product", False)],
)  # fmt: skip
def test_is_organization(node_type, expected):
    assert is_organization({"@type": node_type}) is expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(69, (69, False)), ("250", (250, False)), ("51-200", (125, True)),
     ({"@type": "QuantitativeValue", "value": 69}, (69, False)),
     ({"minValue": 11, "maxValue": 50}, (30, True)), ({"minValue": 1000}, (1000, False)),
     ("1,200", (1200, False)), ("many", None), ({}, None)],
)  # fmt: skip
def test_parse_employees(value, expected):
    assert parse_employees(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2014", 2014), ("2014-03-01", 2014), (2011, 2011), ("March 2014", None), (None, None)],
)
def test_parse_year(value, expected):
    assert parse_year(value) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [("GB", "GB"), ("UK", "GB"), ("United Kingdom", "GB"), ("Deutschland", "DE"),
     ("Allemagne", "DE"), ("USA", "US"), ("United States", "US"), ("PE", "PE"),
     ("Royaume-Uni", "GB"), ("Schweiz", "CH"), ("in", None), ("", None)],
)  # fmt: skip
def test_country_code(name, expected):
    assert country_code(name) == expected


def test_microdata_organization_ignores_nested_people():
    page = load("home_microdata.html", "https://quillstone.example/")
    assert summary(parse_microdata_organization(page)) == [
        ("company_name", "Quillstone", "meta", "Quillstone"),
        ("founded_year", 2018, "meta", '<meta itemprop="foundingDate" content="2018">'),
        ("hq_city", "London", "meta", "London"),
        ("hq_country", "GB", "meta", "United Kingdom"),
    ]


def test_meta_site_name_quotes_the_tag():
    page = load("home_microdata.html", "https://quillstone.example/")
    assert summary(parse_meta(page)) == [
        (
            "company_name",
            "Quillstone",
            "meta",
            '<meta property="og:site_name" content="Quillstone">',
        )
    ]


def test_jsonld_quote_matches_escaped_values():
    source = (
        '<script type="application/ld+json">'
        '{"@type":"Organization","name":"Caf\\u00e9 AG"}</script>'
    )
    page = parse_html(source, "https://cafe.example/")
    assert jsonld_quote(page, "name", "Café AG") == '"name":"Caf\\u00e9 AG"'
    assert jsonld_quote(page, "name", "Other") is None


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        ('<meta property="article:published_time" content="2019-06-04T09:00:00Z">', "2019-06-04"),
        ('<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": '
         '"2021-02-03", "dateModified": "2022-05-06"}</script>', "2022-05-06"),
        ("<title>No date</title>", None),
    ],
)  # fmt: skip
def test_page_date(head, expected):
    assert (
        page_date(parse_html(f"<html><head>{head}</head></html>", "https://a.example/")) == expected
    )


def _jsonld_page(node: str):
    html = f'<html><head><script type="application/ld+json">{node}</script></head></html>'
    return parse_html(html, "https://acme.com/")


def test_a_list_of_offices_in_several_cities_names_no_headquarters():
    page = _jsonld_page(
        '{"@context":"https://schema.org","@type":"FinancialService","name":"Acme","url":'
        '"https://acme.com/","address":[{"@type":"PostalAddress","addressLocality":"San Francisco",'
        '"addressCountry":"US"},{"@type":"PostalAddress","addressLocality":"New York",'
        '"addressCountry":"US"}]}'
    )
    names = [name for name, _ in parse_jsonld_organization(page)]
    assert "hq_city" not in names and "hq_country" not in names


def test_a_us_state_region_gives_the_country_of_a_us_city():
    page = _jsonld_page(
        '{"@context":"https://schema.org","@type":"Corporation","name":"Acme","address":'
        '{"@type":"PostalAddress","streetAddress":"315 Montgomery Street","addressLocality":'
        '"San Francisco","addressRegion":"CA"}}'
    )
    found = {name: field for name, field in parse_jsonld_organization(page)}
    assert (found["hq_city"].value, found["hq_country"].value) == ("San Francisco", "US")
    assert found["hq_country"].evidence[0].quote == '"addressRegion":"CA"'


def test_graph_array_and_quantitative_value_employees():
    page = _jsonld_page(
        '{"@context":"https://schema.org","@graph":[{"@type":"WebSite","url":"https://acme.com/"},'
        '{"@type":"Organization","name":"Acme","url":"https://acme.com/","foundingDate":"2016",'
        '"numberOfEmployees":{"@type":"QuantitativeValue","value":364}}]}'
    )
    found = {name: field.value for name, field in parse_jsonld_organization(page)}
    assert (found["founded_year"], found["employee_count"]) == (2016, 364)
