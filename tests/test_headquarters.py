"""Headquarters moves and former headquarters: the destination is the HQ, the origin is not."""

from __future__ import annotations

import pytest

from tools.evidence import quote_occurs
from tools.firmographics.headquarters import extract_headquarters

URL = "https://acme.example/about"


def values(candidates):
    return [(name, field.value) for name, field in candidates]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Last year we moved our head office from Leeds to Manchester.",
         [("former_hq_city", "Leeds"), ("hq_city", "Manchester"), ("hq_country", "GB")]),
        ("In 2019 the company relocated its headquarters to Denver from Boulder.",
         [("former_hq_city", "Boulder"), ("hq_city", "Denver"), ("hq_country", "US")]),
        ("Kestrel's headquarters moved to Lisbon in 2023.",
         [("hq_city", "Lisbon"), ("hq_country", "PT")]),
        ("We're relocating our HQ to Toronto this spring.",
         [("hq_city", "Toronto"), ("hq_country", "CA")]),
        ("Anfang 2020 verlegte die Firma ihren Hauptsitz von Bonn nach Köln.",
         [("former_hq_city", "Bonn"), ("hq_city", "Köln"), ("hq_country", "DE")]),
        ("Notre siège social a déménagé de Nantes à Bordeaux en 2021.",
         [("former_hq_city", "Nantes"), ("hq_city", "Bordeaux"), ("hq_country", "FR")]),
        # moved into a new building: the place it names
        ("The whole team moved into our new headquarters near the river in Glasgow.",
         [("hq_city", "Glasgow"), ("hq_country", "GB")]),
    ],
)  # fmt: skip
def test_a_move_gives_its_destination_and_a_former_city(text, expected):
    found = extract_headquarters(text, URL)
    assert values(found) == expected
    for _, field in found:
        assert quote_occurs(field.evidence[0].quote, text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Formerly headquartered in Seattle, Kestrel is now based in Vancouver.",
         [("former_hq_city", "Seattle"), ("hq_city", "Vancouver"), ("hq_country", "CA")]),
        ("We were previously based in Oslo.", [("former_hq_city", "Oslo")]),
        ("Our original headquarters in Palo Alto is now a café.",
         [("former_hq_city", "Palo Alto")]),
        ("Our old Boston HQ became a climbing gym.", [("former_hq_city", "Boston")]),
        # "old" inside a word, or a plain statement, is no former HQ
        ("Our 100-year-old headquarters in Boston has a roof garden.",
         [("hq_city", "Boston"), ("hq_country", "US")]),
    ],
)  # fmt: skip
def test_a_former_headquarters_is_not_the_headquarters(text, expected):
    assert values(extract_headquarters(text, URL)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "We help companies move their headquarters to Dublin.",
        "We moved our blog to a new address in 2021.",
        "Your head office in Munich can approve every invoice.",
    ],
)
def test_other_companies_headquarters_and_other_moves_are_ignored(text):
    assert extract_headquarters(text, URL) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Acme is based in beautiful downtown San Francisco, with offices around the world.",
         [("hq_city", "San Francisco"), ("hq_country", "US")]),
        ("Our colorful office sits right in the middle of Chelsea, surrounded by the best of "
         "New York's culture.", [("hq_city", "New York"), ("hq_country", "US")]),
        ("We are Acme AI, a pioneering French artificial intelligence startup.",
         [("hq_country", "FR")]),
        ("Acme es una empresa con sede en Madrid.", [("hq_city", "Madrid"), ("hq_country", "ES")]),
        ("Acme è un'azienda con sede a Milano.", [("hq_city", "Milano"), ("hq_country", "IT")]),
        ("Acme is gevestigd in Utrecht.", [("hq_city", "Utrecht"), ("hq_country", "NL")]),
        ("A Acme é uma empresa com sede em Lisboa.",
         [("hq_city", "Lisboa"), ("hq_country", "PT")]),
        # not the headquarters
        ("We love working with our French customers.", []),
        ("Our offices are in London, Paris and Berlin.", []),
        ("Our London office is growing.", []),
    ],
)  # fmt: skip
def test_headquarters_real_phrasings_and_languages(text, expected):
    found = extract_headquarters(text, URL, ["Acme"])
    assert values(found) == expected
    assert all(quote_occurs(field.evidence[0].quote, text) for _, field in found)
