"""Buying committee: people and titles from team pages, mapped to personas."""

from __future__ import annotations

from pathlib import Path

import pytest

from tools.evidence import quote_occurs
from tools.html import parse_html
from tools.team import extract_team, is_person_name, persona_for

PAGES = Path(__file__).parent / "fixtures" / "pages"


@pytest.mark.parametrize(
    ("title", "persona"),
    [
        ("Co-founder & CEO", "economic_buyer"),
        ("President and Chief Operating Officer", "economic_buyer"),
        ("VP of Finance", "economic_buyer"),
        ("Chief Revenue Officer", "economic_buyer"),
        ("Geschäftsführerin", "economic_buyer"),
        ("Directeur général", "economic_buyer"),
        ("Co-founder & CTO", "technical_evaluator"),
        ("Chief Information Security Officer", "technical_evaluator"),
        ("VP Engineering", "technical_evaluator"),
        ("Senior Platform Engineer", "technical_evaluator"),
        ("Leiter IT-Infrastruktur", "technical_evaluator"),
        ("Ingénieure logiciel", "technical_evaluator"),
        ("Head of Revenue Operations", "champion"),
        ("Director of Marketing", "champion"),
        ("Leiterin Vertrieb", "champion"),
        ("Responsable des achats", "champion"),
        ("Account Executive", "user"),
        ("Customer Success Manager", "user"),
        ("Sales Development Representative", "user"),
        ("Werkstudent Marketing", "user"),
        ("Board Advisor", None),
        ("Non Executive Chair", None),
        ("Investor", None),
        ("Marketing Intern", None),
    ],
)
def test_persona_for_title(title, persona):
    assert persona_for(title) == persona


@pytest.mark.parametrize(
    ("line", "expected"),
    [("Maya Okafor", True), ("Daniel van der Berg", True), ("Sarah O’Neil", True),
     ("Jean-Luc Picard", True), ("J. R. Smith", True), ("Meet the team", False),
     ("Leadership Team", False), ("Chief Technology Officer", False), ("Maya", False),
     ("Read More About Us", False), ("Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!", False)],
)  # fmt: skip
def test_is_person_name(line, expected):
    assert is_person_name(line) is expected


def members(name: str, url: str):
    page = parse_html((PAGES / name).read_text(), url)
    found = extract_team(page)
    for member in found:
        for evidence in member.evidence:
            assert evidence.url == url
            assert quote_occurs(evidence.quote, page.text, page.source), evidence.quote
    return [(m.name, m.title, m.persona) for m in found], found


def test_team_page_cards_and_same_line_entries():
    rows, found = members("team_leadership.html", "https://brightlane.example/team")
    assert rows == [
        ("Maya Okafor", "Co-founder & CEO", "economic_buyer"),
        ("Daniel van der Berg", "Chief Technology Officer", "technical_evaluator"),
        ("Sarah O’Neil", "VP of Finance", "economic_buyer"),
        ("Luis García", "Head of Revenue Operations", "champion"),
        ("Priya Natarajan", "Senior Platform Engineer", "technical_evaluator"),
        ("Tom Becker", "Account Executive", "user"),
        ("Jonas Weber", "Customer Success Manager", "user"),
        # listed, but not part of a buying committee; the hidden card never appears
        ("Eleanor Price", "Board Advisor", None),
    ]
    assert found[0].evidence[0].quote == "Maya Okafor\nCo-founder & CEO"


def test_team_page_jsonld_people_then_visible_ones():
    rows, found = members("team_jsonld_de.html", "https://bergwerk.example/team")
    assert rows == [
        ("Katrin Vogel", "Geschäftsführerin", "economic_buyer"),
        ("Felix Hartmann", "Leiter IT-Infrastruktur", "technical_evaluator"),
        ("Anna Schmidt", "Leiterin Vertrieb", "champion"),
        ("Moritz Klein", "Werkstudent Marketing", "user"),
    ]
    assert [e.quote for e in found[0].evidence] == [
        '"name": "Katrin Vogel"',
        '"jobTitle": "Geschäftsführerin"',
    ]


def test_pages_without_people_give_nothing():
    page = parse_html(
        "<p>Acme builds software.</p><h2>Our Values</h2><p>Be kind.</p>", "https://a.example/"
    )
    assert extract_team(page) == []
