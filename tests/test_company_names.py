"""Company-name fallbacks: title part, copyright line, logo alt, the title part pages repeat."""

import pytest

from tools.evidence import quote_occurs
from tools.firmographics.company_names import (
    copyright_name,
    logo_name,
    repeated_title_name,
    resemblance,
    title_name,
)
from tools.html import parse_html


def page(html: str, url: str = "https://www.example.com/"):
    return parse_html(html, url)


def values(candidates):
    return [field.value for _, field in candidates]


@pytest.mark.parametrize(
    ("name", "domain", "expected"),
    [
        ("Marigold & Finch", "marigoldandfinch", 1.0),
        ("Brandtner Präzisionstechnik GmbH", "brandtner-praezision", 0.8),
        ("Fernhollow Outfitters", "fernhollow", 0.8),
        ("Acme, Inc.", "acme", 1.0),
        ("Brand studio", "marigoldandfinch", 0.0),
        ("Blog", "blogwise", 0.0),
        ("Otterly news distribution, targeting and monitoring", "otterly", 0.0),
    ],
)
def test_resemblance(name, domain, expected):
    assert resemblance(name, domain) == expected


@pytest.mark.parametrize(
    ("title", "domain", "expected"),
    [
        ("Marigold &amp; Finch | Brand studio", "marigoldandfinch", ["Marigold & Finch"]),
        ("Pricing · Otterly", "otterly", ["Otterly"]),
        ("Zürich Bikes – Velos für die Stadt", "zuerichbikes", ["Zürich Bikes"]),
        ("Welcome to our website", "otterly", []),
    ],
)
def test_title_name(title, domain, expected):
    parsed = page(f"<html><head><title>{title}</title></head><body></body></html>")
    found = title_name(parsed, domain)
    assert values(found) == expected
    assert all(quote_occurs(f.evidence[0].quote, parsed.source) for _, f in found)


@pytest.mark.parametrize(
    ("footer", "domain", "expected"),
    [
        ("© 2026 Marigold & Finch Ltd. All rights reserved.", "marigoldandfinch",
         ["Marigold & Finch Ltd"]),
        ("Copyright 2019–2025 Otterly GmbH · Impressum", "otterly", ["Otterly GmbH"]),
        ("(c) 2024, Fernhollow Outfitters", "fernhollow", ["Fernhollow Outfitters"]),
        # a copyright line of someone else (a theme, a parent) is not the company's name
        ("© 2026 Globex Corp. Theme by Studio Nine.", "otterly", []),
        ("© 2026", "otterly", []),
    ],
)  # fmt: skip
def test_copyright_name(footer, domain, expected):
    parsed = page(f"<footer><p>{footer}</p></footer>")
    found = copyright_name(parsed, domain)
    assert values(found) == expected
    assert all(quote_occurs(f.evidence[0].quote, parsed.text) for _, f in found)


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ('<a class="logo" href="/"><img src="/img/mark.svg" alt="Otterly"></a>', ["Otterly"]),
        ('<a href="/"><img src="/img/mark.svg" alt="Otterly"></a>', []),
        ('<img class="site-logo" src="/img/mark.svg" alt="Otterly logo">', ["Otterly"]),
        ('<img src="/img/otterly-logo.svg" alt="Otterly Labs">', ["Otterly Labs"]),
        ('<img class="logo" src="/img/o.svg" alt="Otterly: invoices on autopilot">', ["Otterly"]),
        # a customer's logo on a logo wall does not resemble the domain
        ('<img src="/logos/globex-logo.png" alt="Globex">', []),
        # a file name is not a name
        ('<img src="/img/otterly_logo_black.svg" alt="otterly_logotype_black">', []),
    ],
)
def test_logo_name(html, expected):
    parsed = page(html, "https://otterly.example/")
    found = logo_name(parsed, "otterly")
    assert values(found) == expected
    assert all(quote_occurs(f.evidence[0].quote, parsed.source) for _, f in found)


def test_repeated_title_name_needs_most_pages_to_agree():
    titles = ["Brand studio | Northwind & Co", "About us | Northwind & Co", "Work | Northwind & Co"]
    pages = [page(f"<title>{t}</title>", f"https://nw.example/{i}") for i, t in enumerate(titles)]
    found = repeated_title_name(pages)
    assert values(found) == ["Northwind & Co"]
    assert found[0][1].confidence < 0.5
    assert repeated_title_name(pages[:1]) == []
    generic = [page("<title>Home</title>", f"https://nw.example/{i}") for i in range(3)]
    assert repeated_title_name(generic) == []


@pytest.mark.parametrize(
    ("name", "domain", "expected"),
    [
        # "&" may be spelled "and" or left out of the domain
        ("Harbor & Finch", "harborfinch", 1.0),
        ("Salt & Pine", "saltandpine", 1.0),
        ("Brick & Mortar Studio", "brickmortar", 0.8),
        ("Harbor Freight", "harborfinch", 0.0),
    ],
)
def test_resemblance_reads_an_ampersand_both_ways(name, domain, expected):
    assert resemblance(name, domain) == expected
