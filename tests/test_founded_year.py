"""Founded year: a founding statement about the company, not a benefits sentence or a bio."""

from __future__ import annotations

import pytest

from tools.evidence import quote_occurs
from tools.firmographics.founded_year import extract_founded_year
from tools.firmographics.labelled_facts import extract_labelled_facts

URL = "https://acme.example/about"


def years(text: str, names=("Acme",)) -> list[int]:
    found = extract_founded_year(text, URL, list(names))
    assert all(quote_occurs(field.evidence[0].quote, text) for _, field in found)
    return [field.value for _, field in found]


@pytest.mark.parametrize(
    "text",
    [
        "Since 2023, 66%+ of employees have received salary increases, with multiple new team "
        "members joining just last year.",
        "Since 2020, remote work has been the norm for our industry.",
        "Before joining Acme, she founded her first company in 2009.",
        "Thread Bank has been around since 1906.",
        "In 2020, Acme was one of the first companies to productionize LLMs.",
    ],
)
def test_founded_year_is_not_read_from_other_statements(text):
    assert years(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Since 2011, we have been building tools for growers.", [2011]),
        ("Since 2014, Acme has helped 3,000 clinics.", [2014]),
        ("Acme fue fundada en 2012 en Madrid.", [2012]),
        ("Fundada en 2015, Acme ayuda a las pymes.", [2015]),
        ("Acme è stata fondata nel 2010 a Torino.", [2010]),
        ("Acme werd opgericht in 1998.", [1998]),
        ("Opgericht in 2004 in Utrecht.", [2004]),
        ("A Acme foi fundada em 2016 em Lisboa.", [2016]),
        ("Desde 2009, nosotros ayudamos a las empresas.", [2009]),
    ],
)
def test_founded_year_in_six_languages(text, expected):
    assert years(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Fundada\n2012", [2012]), ("Anno di fondazione: 1987", [1987]), ("Opgericht: 1998", [1998]),
     ("Ano de fundação\n2016", [2016])],
)  # fmt: skip
def test_founded_year_fact_sheet_labels_in_more_languages(text, expected):
    found = [f.value for n, f in extract_labelled_facts(text, URL) if n == "founded_year"]
    assert found == expected
