"""Postal addresses: the city is the word next to the postcode, never the street line."""

from __future__ import annotations

import pytest

from tools.evidence import quote_occurs
from tools.firmographics.addresses import (
    address_part_city,
    extract_addresses,
    is_street_line,
    split_place,
)
from tools.firmographics.labelled_facts import extract_labelled_facts

URL = "https://acme.example/contact"


def values(candidates):
    return [(name, field.value) for name, field in candidates]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # street first, then postcode + city, in each country's own order
        ("18 avenue de l'Opéra, 75001 Paris, France", ("Paris", "FR")),
        ("3 quai Saint-Vincent, 69001 Lyon", ("Lyon", "FR")),
        ("Lindenallee 5, 50968 Köln", ("Köln", "DE")),
        ("Herengracht 88, 1015 BS Amsterdam, Nederland", ("Amsterdam", "NL")),
        ("9 Brindley Place, Birmingham B1 2HS", ("Birmingham", "GB")),
        ("500 Elm Street, Suite 300, Dallas, TX 75201", ("Dallas", "US")),
        ("2200 Yonge Street, Toronto, ON M4S 2C6", ("Toronto", "CA")),
        ("Calle de Serrano 41, 28001 Madrid, España", ("Madrid", "ES")),
        ("Corso Vittorio Emanuele 12, 10123 Torino", ("Torino", "IT")),
        ("Seefeldstrasse 9, CH-8008 Zürich", ("Zürich", "CH")),
        ("Praterstraße 1, 1020 Wien, Österreich", ("Wien", "AT")),
        ("Avenue Louise 54, 1050 Bruxelles, Belgique", ("Bruxelles", "BE")),
        ("ul. Prosta 20, 00-850 Warszawa", ("Warszawa", "PL")),
        ("Rua Augusta 27, 1100-048 Lisboa, Portugal", ("Lisboa", "PT")),
        # the city alone, or with its state: unchanged
        ("St. Louis, MO", ("St. Louis", "US")),
        ("Portland, OR 97209", ("Portland", "US")),
        # nothing but a street is no place
        ("24 rue des Lilas", (None, None)),
        ("Suite 400, 12 Harbour Road", (None, None)),
    ],
)  # fmt: skip
def test_split_place_skips_street_lines_and_drops_postcodes(text, expected):
    assert split_place(text) == expected


@pytest.mark.parametrize(
    ("part", "street"),
    [
        ("24 rue des Lilas", True), ("Keizersgracht 241", True), ("Hafenstraße 7", True),
        ("NW Everett St", True), ("Level 12", True), ("16th Floor", True),
        ("Bahnhofstrasse", True), ("St. Louis", False), ("Rotterdam", False),
        ("Mountain View", False), ("Frankfurt am Main", False),
    ],
)  # fmt: skip
def test_is_street_line(part, street):
    assert is_street_line(part) is street


@pytest.mark.parametrize(
    ("part", "city"),
    [("75010 Paris", "Paris"), ("D-80331 München", "München"), ("1016 EA Amsterdam", "Amsterdam"),
     ("Leeds LS1 4DY", "Leeds"), ("TX 78701", "TX"), ("114 35 Stockholm", "Stockholm"),
     ("1600 Grant Street", None), ("Keizersgracht 241", None), ("Oslo", "Oslo")],
)  # fmt: skip
def test_address_part_city(part, city):
    assert address_part_city(part) == city


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Orrin SAS · 7 rue du Sentier, 75002 Paris, France", ("Paris", "FR")),
        ("Kestrel GmbH · Lindenallee 5 · 50968 Köln", ("Köln", "DE")),
        ("Calle de Serrano 41, 28001 Madrid", ("Madrid", "ES")),
        ("Stureplan 4, 114 35 Stockholm", ("Stockholm", "SE")),
        ("Avenida da Liberdade 110, 1269-046 Lisboa, Portugal", ("Lisboa", "PT")),
        # no comma between the street and the city
        ("1600 Grant Street Denver, CO 80203", ("Denver", "US")),
        # a street number of four or five digits is not a postcode
        ("10250 Constellation Blvd, Los Angeles, CA 90067", ("Los Angeles", "US")),
        ("4100 Harbor Ave, Suite 2", None),
    ],
)  # fmt: skip
def test_extract_addresses_takes_the_city_next_to_the_postcode(text, expected):
    found = extract_addresses(text, URL)
    assert values(found) == ([("hq_city", expected[0]), ("hq_country", expected[1])]
                             if expected else [])  # fmt: skip
    for _, field in found:
        assert quote_occurs(field.evidence[0].quote, text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Siège social\n18 avenue de l'Opéra, 75001 Paris, France",
         [("hq_city", "Paris"), ("hq_country", "FR")]),
        ("Headquarters: 500 Elm Street, Dallas, TX 75201",
         [("hq_city", "Dallas"), ("hq_country", "US")]),
        ("Firmensitz: Lindenallee 5, 50968 Köln", [("hq_city", "Köln"), ("hq_country", "DE")]),
        ("HQ\nSuite 9, 40 Dock Road", []),
    ],
)  # fmt: skip
def test_labelled_headquarters_with_a_street_line(text, expected):
    found = [(n, f) for n, f in extract_labelled_facts(text, URL) if n.startswith("hq_")]
    assert values(found) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("© 2025 San Francisco, CA 94114", [("hq_city", "San Francisco"), ("hq_country", "US")]),
        ("Acme 233 Spring Street New York, NY", [("hq_city", "New York"), ("hq_country", "US")]),
        ("101 THOMSON ROAD, #28-03A, UNITED SQUARE, SINGAPORE 307591",
         [("hq_city", "Singapore"), ("hq_country", "SG")]),
        # a partner's address in the footer's small print belongs to the partner
        ("Payment services in the United States are provided by Globex Global Services Inc. "
         "(GGSI), a licensed money transmitter. Mailing address: 900 Metro Center Blvd, "
         "Mailstop 1Z, Foster City, CA 94404.", []),
        ("Acme, Inc., 500 Main Street, Austin, TX 78701",
         [("hq_city", "Austin"), ("hq_country", "US")]),
    ],
)  # fmt: skip
def test_extract_addresses_of_the_company_only(text, expected):
    found = extract_addresses(text, "https://acme.example/", ["acme"])
    assert [(name, field.value) for name, field in found] == expected
