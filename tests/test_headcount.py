"""Headcount: the company's own staff, never a sub-team, a hire's former employer or a market."""

from __future__ import annotations

import pytest

from tools.evidence import quote_occurs
from tools.firmographics.headcount import extract_headcount
from tools.firmographics.labelled_facts import extract_labelled_facts

URL = "https://acme.example/careers"


def counts(text: str, names=("Acme",)) -> list[int]:
    found = extract_headcount(text, URL, list(names))
    assert all(quote_occurs(field.evidence[0].quote, text) for _, field in found)
    return [field.value for _, field in found]


@pytest.mark.parametrize(
    "text",
    [
        # the misreadings of issue 14, as real pages wrote them
        "We are a lean team of nine engineers building the future of claims, and we're seeking "
        "a Backend engineer to join us.",
        "Before joining Acme, Dana spent eight years at Globex, scaling the company from 250 to "
        "3,250 employees.",
        "Previously, he led sales at Initech, where the team grew to 1,700 employees.",
        "Now a team of 7 feels like 70.",
        "“Our team of 12 analysts saves 20 hours a week with Acme.”",
        "Our data science team of 40 researchers publishes every month.",
        "Used by 5,000,000 people in 190 countries.",
    ],
)
def test_headcount_is_not_read_from_other_peoples_numbers(text):
    assert counts(text) == []


@pytest.mark.parametrize(
    ("text", "names", "expected"),
    [
        ("More than 8,000 Stripes build products and support our users.", ["Stripe"], [8000]),
        ("340+\nAt-Bayers", ["At-Bay"], [340]),
        ("We are a team of 45 people across Europe.", [], [45]),
        ("Acme has grown to a team of 200.", ["Acme"], [200]),
        ("Our 45-strong team works remotely.", [], [45]),
        # other languages
        ("Acme cuenta con más de 300 empleados en España.", ["Acme"], [300]),
        ("Siamo un team di 25 persone a Milano.", [], [25]),
        ("Acme heeft ruim 150 medewerkers.", ["Acme"], [150]),
        ("A Acme tem mais de 80 colaboradores.", ["Acme"], [80]),
        ("Wir sind 85 Mitarbeitende an drei Standorten.", [], [85]),
        ("Nous sommes une équipe de 30 personnes.", [], [30]),
    ],
)
def test_headcount_of_the_company_itself(text, names, expected):
    assert counts(text, names) == expected


def test_demonyms_are_not_users_of_the_product():
    assert counts("Over 2,000 Notions users trust us.", ["Notion"]) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("86\nTeam members\nin 21 states", [86]),
        ("86Team membersin 21 states", [86]),
        ("1,200+\nemployees", [1200]),
        # a pricing calculator and JS-filled counters are not headcounts
        ("Team size\nMonthly savings$0", []),
        ("0\nTeam", []),
        ("5,000,000\npeople", []),
    ],
)
def test_stat_counters_and_calculators(text, expected):
    found = [f.value for n, f in extract_labelled_facts(text, URL) if n == "employee_count"]
    assert found == expected


def test_linkedin_band_gives_its_midpoint_and_keeps_the_band_in_the_quote():
    found = extract_labelled_facts("Company size\n51-200 employees", URL)
    assert [(n, f.value, f.evidence[0].quote) for n, f in found] == [
        ("employee_count", 125, "Company size\n51-200 employees")
    ]
    assert found[0][1].confidence < 0.75  # a band is less sure than a stated number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Acme heeft ruim zestig medewerkers.", [60]),
        ("Acme conta oltre ottanta dipendenti.", [80]),
        ("Somos treinta y cinco personas.", [35]),
        ("Wir sind zwanzig Mitarbeiter.", [20]),
    ],
)
def test_number_words_in_more_languages(text, expected):
    assert counts(text) == expected
