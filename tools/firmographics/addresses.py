r"""Postal addresses: the city and country of an address line, never its street.

Footers and contact pages write addresses in each country's own order: "Austin, TX 78701",
"Toronto, ON M5A 0W4", "London EC1M 5RS", "1016 EA Amsterdam", "75010 Paris", "D-10117 Berlin",
"CH-8001 Zürich", "00-950 Warszawa", "Sydney NSW 2000", "Bengaluru, Karnataka 560103". The
city is the word or words next to the postcode; a part that starts or ends with a house number
or names a street ("24 rue du Faubourg Poissonnière", "Hafenstraße 112", "600 Mill Street",
"Keizersgracht 241", "Suite 1800") is never a city.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from agent.models import Field
from tools import regex_scan
from tools.firmographics.company_names import LEGAL_SUFFIX
from tools.firmographics.geo import city_country, country_code, us_state
from tools.firmographics.rule_evidence import rule_field, sentence_at

Candidate = tuple[str, Field]

_STREET_WORDS = (
    r"street|avenue|road|boulevard|drive|lane|parkway|highway|terrace|square|suite|floor|"
    r"level|unit|building|p\.?\s?o\.? box|postfach|rue|chemin|quai|allée|impasse|cours|place|"
    r"straße|strasse|gasse|platz|allee|via|viale|piazza|corso|calle|avenida|paseo|carrer|rua|"
    r"travessa|laan|straat|gracht|kade|plein|singel|weg"
)
# Abbreviations only at the end of a part: "NW Raleigh St" is a street, "St. Louis" a city.
_STREET_ABBREVIATIONS = r"st|rd|ave|blvd|dr|ln|pl|pkwy|hwy|ste|str"
_STREET = re.compile(
    rf"\b(?:{_STREET_WORDS})\b|\b(?:{_STREET_ABBREVIATIONS})\.?$"
    # German and Dutch compounds: "Hafenstraße", "Keizersgracht", "Lindenallee"
    r"|\w(?:straße|strasse|str\.|weg|gasse|platz|allee|damm|ufer|gracht|straat|laan|kade|"
    r"plein|singel|steeg)\b"
    # a house number before or after the name, "16th Floor", "Level 5"
    r"|^\d+[a-z]?\b|\b\d+[a-z]?(?:-\d+[a-z]?)?$|\b\d+(?:st|nd|rd|th)\b",
    re.I,
)
_ABBREVIATION = re.compile(rf"(?:{_STREET_ABBREVIATIONS})\.?", re.I)
_POSTCODE_FIRST = re.compile(
    r"^(?:[A-Z]{1,2}-)?(?:\d{4} ?[A-Z]{2}(?=\s)|\d{4,5}|\d{2}-\d{3}|\d{4}-\d{3}|\d{3} \d{2})"
    r"\s+(?P<city>.+)$"
)
_UK_POSTCODE = r"[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}"
_POSTCODE_AFTER = re.compile(
    rf"^(?P<city>.+?)\s+(?:{_UK_POSTCODE}|[A-Z]\d[A-Z]\s?\d[A-Z]\d|[A-Z]{{2,3}}\s\d{{4,6}}|"
    r"\d{4,6}(?:-\d{4})?)$"
)
_CITY = r"[A-ZÄÖÜÉ][\w'’.-]+(?:(?: (?:am|an der|an|sur|upon|im|ob der|bei))? [A-ZÄÖÜ][\w'’.-]+)?"
_COUNTRY_AFTER = r"(?:(?:,\s?|\s[·|•]\s|\s*\n)(?P<country>[A-Z][\w -]{1,30}))?"
_CA_PROVINCES = "AB|BC|MB|NB|NL|NS|NT|NU|ON|PE|QC|SK|YT"
_AU_STATES = "NSW|VIC|QLD|WA|SA|TAS|ACT|NT"
_ADDRESS = [
    (r"(?P<city>[A-Z][A-Za-z .'-]{1,30}),\s(?P<state>[A-Z]{2})\s\d{5}(?:-\d{4})?\b", "US"),
    # a street line, then "City, ST" without a ZIP code: "233 Spring Street New York, NY"
    (r"\b\d{1,5}\s+(?:[A-Z][\w.'-]*\s+){1,4}(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|"
     r"Drive|Dr|Way|Lane|Ln|Place|Pl|Plaza|Broadway|Parkway|Pkwy)\.?,?\s+"
     r"(?P<city>[A-Z][a-z]+(?: [A-Z][a-z]+){0,2}),\s(?P<state>[A-Z]{2})\b(?![ \t]*\d)", "US"),
    # city-states write the postcode after the name, often in capitals: "SINGAPORE 307591"
    (r"\b(?P<city>(?i:Singapore|Hong Kong|Luxembourg|Monaco))\s\d{4,6}\b", None),
    (rf"(?P<city>[A-Z][\w .'’-]{{1,30}}?),?\s(?:{_CA_PROVINCES})\s[A-Z]\d[A-Z]\s?\d[A-Z]\d\b",
     "CA"),
    (rf"(?P<city>[A-Z][a-z]+(?: [A-Z][a-z]+)?),?\s{_UK_POSTCODE}\b", "GB"),
    (rf"\b\d{{4}}\s?[A-Z]{{2}}\s+(?P<city>{_CITY}){_COUNTRY_AFTER}", "NL"),
    (rf"(?P<city>[A-Z][a-z]+(?: [A-Z][a-z]+)?)\s(?:{_AU_STATES})\s\d{{4}}\b", "AU"),
    (rf"(?P<city>[A-Z][a-z]+(?: [A-Z][a-z]+)?),\s[A-Z][a-z]+(?: [A-Z][a-z]+)?\s[1-9]\d{{2}}\s?"
     rf"\d{{3}}\b{_COUNTRY_AFTER}", None),
    # FR, DE, ES, IT (5 digits), CH, AT, BE, DK, NO (4), PL (00-950), PT (1000-001), SE (114 55)
    # a province or the country may follow in brackets: "55100 Lucca (LU), Italia",
    # "41001 Sevilla (España)"
    (rf"(?<![\w-])(?:[A-Z]{{1,2}}-)?(?:\d{{4,5}}|\d{{2}}-\d{{3}}|\d{{4}}-\d{{3}}|\d{{3}} \d{{2}})"
     rf"\s(?P<city>{_CITY})(?:\s\((?P<bracket>[A-Za-zÀ-ÿ .'-]{{2,25}})\))?{_COUNTRY_AFTER}", None),
]  # fmt: skip
# "Payments are provided by Globex Payments Inc.", "issued by Northwind Bank, N.A.", "Member FDIC"
_OTHER_OWNER = re.compile(
    rf"\b[A-Z][\w&'’.-]*(?: [A-Z&][\w&'’.-]*){{0,4}},? (?:{LEGAL_SUFFIX}|N\.A\.)(?!\w)"
    r"|\b(?:provided|issued|offered|operated|powered) by [A-Z][\w&'’.-]*(?: [A-Z][\w&'’.-]*){0,4}",
)
# "Since 2023 Paris ..." or "© 2024 Berlin ...": a year before a city is not a postcode.
_YEAR_NOT_POSTCODE = re.compile(r"(?:\b(?:in|since|seit|depuis|en|im)|©)\s+(?:19|20)\d\d\s", re.I)


def is_street_line(part: str) -> bool:
    """Return whether an address part is a street line ("24 rue de la Paix", "Suite 600")."""
    return bool(_STREET.search(part.strip(" .,")))


def address_part_city(part: str) -> str | None:
    """Return the place of one address part: "75010 Paris" -> "Paris", "TX 78701" -> "TX".

    A street line gives None; a part without a postcode is returned as it is.
    """
    text = part.strip(" .,")
    for pattern in (_POSTCODE_FIRST, _POSTCODE_AFTER):
        if match := pattern.match(text):
            text = match.group("city").strip(" .,")
            break
    return None if not text or is_street_line(text) else text


def city_after_street(city: str) -> str | None:
    """Return the words after a street name glued to a city ("Division Street Nashville")."""
    words = city.split()
    for index in range(len(words) - 1, -1, -1):
        # an abbreviation ends a street only after its name: "Main St Austin", not "St. Louis"
        if is_street_line(words[index]) and (index or not _ABBREVIATION.fullmatch(words[index])):
            return " ".join(words[index + 1 :]) or None
    return city


def split_place(place: str) -> tuple[str | None, str | None]:
    """Split "Berlin, Germany", "San Francisco, CA", "24 rue X, 75010 Paris" into (city, ISO).

    Street lines are skipped and postcodes dropped, so a whole address line works too.
    """
    raw = [p for p in re.split(r",|\s[·|•]\s|\n", place) if p.strip(" .")]
    parts = [city for p in raw if (city := address_part_city(clean_place(p)))]
    if not parts:
        return None, None
    if country := country_code(parts[0]) if parts[0] not in ("US", "IN") else None:
        return None, country
    city, country = parts[0], None
    known = city_country(city)
    for part in parts[1:]:
        iso = country_code(part)
        if us_state(part):
            # "CA", "DE", "IN" are US states and countries: only a known city makes it a country.
            country = iso if iso and iso == known else "US"
        elif part in _CA_PROVINCES.split("|") and (known == "CA" or part not in ("NL", "PE", "SK")):
            country = "CA"  # "ON", "QC"; "NL", "PE", "SK" are also countries
        else:
            country = iso
        if country:
            break
    return city, country or known


def clean_place(place: str) -> str:
    """Drop a possessive and what follows it ("Denver's RiNo" -> "Denver")."""
    return re.split(r"['’]s\b", place.strip(" .,"))[0].strip()


def _someone_elses(text: str, start: int, names: list[str]) -> bool:
    """Whether the paragraph before an address names another company as its owner.

    Footers' small print gives the partners' addresses ("Payment services are provided by
    Globex Payments Inc. ... Mailing address: 900 Metro Center Blvd, Foster City, CA 94404").
    """
    if not names:
        return False  # without the company's names, nobody can be told apart from it
    paragraph = text[text.rfind("\n", 0, start) + 1 : start]
    owners = [m.group(0) for m in _OTHER_OWNER.finditer(paragraph)]
    return any(not any(n in owner.lower() for n in names) for owner in owners)


def extract_addresses(text: str, url: str, company_names: Iterable[str] = ()) -> list[Candidate]:
    """Find postal addresses: "10117 Berlin, Germany", "Austin, TX 78701", "1015 CJ Amsterdam".

    An address in a paragraph that names another legal entity or service provider is that
    company's (see `_someone_elses`), unless the entity is one of `company_names`.
    """
    names = [n.lower() for n in company_names if n and len(n) > 2]
    found: list[Candidate] = []
    taken: list[tuple[int, int]] = []
    for pattern, fixed_country in _ADDRESS:
        for match in regex_scan.finditer(pattern, text):
            if any(start <= match.start() < end for start, end in taken):
                continue  # a more specific pattern already read this address
            city = city_after_street(match.group("city").strip())
            if city is None:
                continue
            city = city.title() if city.isupper() else city  # "SINGAPORE 307591"
            groups = match.groupdict()
            bracket = groups.get("bracket") or ""  # a country's name, not a province code
            named = country_code(groups.get("country") or "") or (
                country_code(bracket) if len(bracket) > 3 else None
            )
            country = fixed_country or named or city_country(city)
            if fixed_country == "US" and not us_state(match.group("state")):
                continue
            if fixed_country == "NL" and not (named == "NL" or city_country(city) == "NL"):
                continue  # "1234 AB Word" is too common a shape to trust without Dutch context
            postcode_first = match.group(0)[:1].isdigit() or match.group(0)[1:2] == "-"
            if not country or (
                postcode_first
                and _YEAR_NOT_POSTCODE.search(text[max(0, match.start() - 12) : match.end()])
            ):
                continue
            if _someone_elses(text, match.start(), names):
                continue
            taken.append((match.start(), match.end()))
            quote = sentence_at(text, match.start(), match.end())
            found.append(("hq_city", rule_field(city, url, quote, 0.55)))
            found.append(("hq_country", rule_field(country, url, quote, 0.55)))
    return found
