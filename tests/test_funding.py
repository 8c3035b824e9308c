"""Funding stage and rounds: the company's own latest round, not a span, a valuation or a bio."""

from __future__ import annotations

import pytest

from tools.evidence import quote_occurs
from tools.firmographics.extract import extract_firmographics
from tools.firmographics.funding import extract_funding
from tools.firmographics.labelled_facts import extract_labelled_facts
from tools.firmographics.ownership import extract_ownership
from tools.html import parse_html

URL = "https://acme.example/news"


def stages(text: str, names=("acme",)) -> list[str]:
    found = extract_funding(text, URL, list(names))
    assert all(quote_occurs(field.evidence[0].quote, text) for _, field in found)
    return [field.value for name, field in found if name == "funding_stage"]


@pytest.mark.parametrize(
    "text",
    [
        "Since launch, Acme has raised four major funding rounds (Series A through D).",
        "Equity management for startups, from seed to scale.",
        "We help founders from Series A to Series C raise faster.",
        "Before joining Acme, she led Globex's Series B raise.",
    ],
)
def test_no_stage_from_spans_of_rounds_or_biographies(text):
    assert stages(text) == []


@pytest.mark.parametrize(
    ("text", "names", "expected"),
    [
        ("Acme Exceeds $1B in Series C Funding at $39B Post-Money Valuation", ["acme"],
         ["series-c"]),
        ("Today, we’re announcing Acme's $300M Series C — a mix of primary and secondary funding "
         "— at a $3.5B valuation, led by Sequoia Capital.", ["acme"], ["series-c"]),
        ("Acme Announces $305M Series B to Scale AI Acceleration Cloud", ["acme"], ["series-b"]),
        ("90 days later — Reflecting on Acme’s IPO", ["acme"], ["public"]),
        ("Series E\nACME triples valuation to $9.1B as demand surges", ["acme"], ["series-d+"]),
        ("Announcing our $300M Series A Funding", [], ["series-a"]),
        ("Acme cierra una ronda Serie B de 20 millones de euros.", ["acme"], ["series-b"]),
    ],
)  # fmt: skip
def test_latest_round_phrasings(text, names, expected):
    assert stages(text, names) == expected


def test_a_valuation_is_not_a_round_amount():
    found = extract_funding("Acme raises $131M series C at $1.5B", URL, ["acme"])
    amounts = [f.value["amount_usd"] for n, f in found if n == "funding_round"]
    assert amounts == [131_000_000]


def test_total_funding_stat_counter():
    found = extract_labelled_facts("$295.7M\nin total funding", URL)
    assert [(n, f.value) for n, f in found] == [("total_funding_usd", 295_700_000)]
    assert extract_labelled_facts("$ 0 M\nCapital raised", URL) == []  # a JS-filled counter


@pytest.mark.parametrize(
    "text",
    [
        "*Acme Security, LLC is a wholly owned subsidiary of Acme, Inc., providing "
        "cybersecurity services including MDR and incident response.",
        "NYDIG to acquire Acme’s bitcoin mining operation",
        "NYDIG to acquire Acme's bitcoin mining operation",
    ],
)
def test_subsidiaries_and_sold_units_are_not_acquisitions_of_the_company(text):
    assert extract_ownership(text, URL, ["acme"]) == []


def test_acquired_by_another_company_still_counts():
    found = extract_ownership("Acme was acquired by Globex in 2021.", URL, ["acme"])
    assert [(n, f.value) for n, f in found] == [("funding_stage", "acquired")]


def test_a_total_stated_with_an_older_round_is_out_of_date():
    html = (
        "<html><head><title>News | Acme</title></head><body>"
        "<p>We've raised a $65m Series B led by Bain Capital Ventures to bring our total funding "
        "to $100m.</p><p>Acme has raised a $131M series C at a $1.5B valuation.</p></body></html>"
    )
    result = extract_firmographics([("press", parse_html(html, "https://acme.com/news"))])
    assert result.firmographics.funding_stage.value == "series-c"
    assert result.firmographics.total_funding_usd.value is None
    assert ("total_funding_usd", 100_000_000) in [(n, f.value) for n, f in result.alternatives]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Acme es una empresa cotizada en Bolsa desde 2019.", ["public"]),
        ("Acme è quotata in Borsa Italiana.", ["public"]),
        ("Acme is beursgenoteerd sinds 2015.", ["public"]),
        ("Acme é uma empresa autofinanciada.", ["bootstrapped"]),
        ("Acme raccoglie 12 milioni di euro in un round di Serie A.", ["series-a"]),
        ("Acme haalt 8 miljoen euro op in een serie A-financieringsronde.", ["series-a"]),
        ("A Acme capta R$ 30 milhões em rodada Série B.", ["series-b"]),
    ],
)
def test_funding_in_more_languages(text, expected):
    assert stages(text) == expected


@pytest.mark.parametrize(
    "text",
    ["Acme fue adquirida por Globex en 2021.", "Acme è stata acquisita da Globex nel 2022.",
     "Acme werd in 2020 overgenomen door Globex.", "A Acme foi adquirida pela Globex em 2023."],
)  # fmt: skip
def test_acquired_in_more_languages(text):
    found = extract_ownership(text, URL, ["acme"])
    assert [(n, f.value) for n, f in found] == [("funding_stage", "acquired")]
