r"""Headquarters from prose and from postal addresses (en, de, fr; US, CA, UK, EU, NL, AU, IN).

Prose: "headquartered in Berlin", "our Utrecht headquarters", "our head office on the Kop van
Zuid in Rotterdam", "we're based in Denver's RiNo neighborhood", "Sitz in München", "notre
siège à Lyon". Addresses: "Austin, TX 78701", "Toronto, ON M5A 0W4 · Canada",
"1015 CJ Amsterdam", "73728 Esslingen am Neckar\nDeutschland", "London EC1M 5RS",
"Sydney NSW 2000", "Bengaluru, Karnataka 560103". Each value's evidence is the sentence or
the address line it was read from.
"""

from __future__ import annotations

import re

from agent.models import Field
from tools.geo import city_country, country_code, us_state
from tools.rule_evidence import rule_field, sentence_at

Candidate = tuple[str, Field]

_CAPITALISED = r"[A-ZÄÖÜÉ][\w'’.-]*"
_PLACE = (
    rf"(?P<place>{_CAPITALISED}(?:[ -](?:{_CAPITALISED}|am|an|de|sur|upon))*"
    rf"(?:,\s?{_CAPITALISED}(?: {_CAPITALISED})*){{0,2}})"
)
_HQ_WORD = r"(?:headquartered|headquarters|HQ|head office|main office|home base)"
_HQ = [
    (rf"\b(?:headquartered|headquarters(?: is| are)?|HQ(?: is)?|head office(?: is)?)\s+"
     rf"(?:located\s+)?(?:in|at)\s+(?:the heart of\s+)?{_PLACE}", 0.8),
    (rf"\b(?:Hauptsitz|Firmensitz|Unternehmenssitz|Sitz|Zentrale)\s+(?:ist\s+)?(?:in|im)\s+"
     rf"{_PLACE}", 0.8),
    (rf"\bsiège(?: social)?\s+(?:est\s+)?(?:situé\s+)?(?:à|en)\s+{_PLACE}", 0.8),
    (rf"\b(?:our|unser(?:e[mn]?)?|notre)\s+(?P<place>{_CAPITALISED}(?: {_CAPITALISED}){{0,2}})"
     rf"\s+(?:headquarters|head office|HQ|Hauptsitz|Zentrale)\b", 0.75),
    (rf"\b(?:we(?:'re|’re| are)|(?:is|are))\s+(?:(?:now|still|proudly)\s+)?(?:based|located)\s+"
     rf"in\s+{_PLACE}", 0.7),
    (rf"\b(?:based|located)\s+in\s+{_PLACE}", 0.55),
    (r"\b(?P<place>[A-Z]\w+(?: [A-Z]\w+)?)-based\b", 0.6),
    (rf"\b(?:ansässig|beheimatet)\s+in\s+{_PLACE}", 0.65),
    (rf"\b(?:basée?s?|implantée?s?|située?s?)\s+à\s+{_PLACE}", 0.65),
]  # fmt: skip
# An HQ word, then the first known place further on in the clause ("... on the Toronto
# waterfront", "... on the Kop van Zuid in Rotterdam").
_HQ_CLAUSE = re.compile(rf"\b{_HQ_WORD}\b(?P<rest>[^.!?\n;]{{1,90}})", re.I)
_PLACE_IN_CLAUSE = re.compile(rf"{_CAPITALISED}(?: {_CAPITALISED}){{0,2}}")
_NOT_PLACES = frozenset(
    "silicon valley|bay area|europe|north america|south america|latin america|asia|africa|"
    "emea|apac|dach|benelux|nordics|the|our|we|us".split("|")
)
_SECONDARY = re.compile(
    r"\b(?:with|plus|and|also|second|other|sales|regional)\b(?:\s+[\w'’-]+){0,4}\s*\Z|"
    r"\b(?:offices?|teammates|colleagues|remote\w*)\s+\Z",
    re.I,
)
_UK_POSTCODE = r"[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}\b"
_CITY = r"[A-ZÄÖÜÉ][\w'’.-]+(?:(?: (?:am|an der|an|sur|upon|im|ob der|bei))? [A-ZÄÖÜ][\w'’.-]+)?"
_COUNTRY_AFTER = r"(?:(?:,\s?|\s[·|•]\s|\s*\n)(?P<country>[A-Z][\w -]{1,30}))?"
_CA_PROVINCES = "AB|BC|MB|NB|NL|NS|NT|NU|ON|PE|QC|SK|YT"
_AU_STATES = "NSW|VIC|QLD|WA|SA|TAS|ACT|NT"
_ADDRESS = [
    (r"(?P<city>[A-Z][A-Za-z .'-]{1,30}),\s(?P<state>[A-Z]{2})\s\d{5}(?:-\d{4})?\b", "US"),
    (rf"(?P<city>[A-Z][\w .'’-]{{1,30}}?),?\s(?:{_CA_PROVINCES})\s[A-Z]\d[A-Z]\s?\d[A-Z]\d\b",
     "CA"),
    (rf"(?P<city>[A-Z][a-z]+(?: [A-Z][a-z]+)?),?\s{_UK_POSTCODE}", "GB"),
    (rf"\b\d{{4}}\s?[A-Z]{{2}}\s+(?P<city>{_CITY}){_COUNTRY_AFTER}", "NL"),
    (rf"(?P<city>[A-Z][a-z]+(?: [A-Z][a-z]+)?)\s(?:{_AU_STATES})\s\d{{4}}\b", "AU"),
    (rf"(?P<city>[A-Z][a-z]+(?: [A-Z][a-z]+)?),\s[A-Z][a-z]+(?: [A-Z][a-z]+)?\s[1-9]\d{{2}}\s?"
     rf"\d{{3}}\b{_COUNTRY_AFTER}", None),
    (rf"\b(?:[A-Z]{{1,2}}-)?\d{{4,5}}\s(?P<city>{_CITY}){_COUNTRY_AFTER}", None),
]  # fmt: skip
# "Since 2023 Paris ..." or "© 2024 Berlin ...": a year before a city is not a postcode.
_YEAR_NOT_POSTCODE = re.compile(r"(?:\b(?:in|since|seit|depuis|en|im)|©)\s+(?:19|20)\d\d\s", re.I)


def _clean_place(place: str) -> str:
    """Drop a possessive and what follows it ("Denver's RiNo" -> "Denver")."""
    return re.split(r"['’]s\b", place.strip(" .,"))[0].strip()


def split_place(place: str) -> tuple[str | None, str | None]:
    """Split "Berlin, Germany" / "San Francisco, CA" / "Deutschland" into (city, ISO country)."""
    parts = [_clean_place(p) for p in place.split(",") if p.strip(" .")]
    parts = [p for p in parts if p]
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
        else:
            country = iso
        if country:
            break
    return city, country or known


def _place_candidates(place: str, url: str, quote: str, confidence: float) -> list[Candidate]:
    city, country = split_place(place)
    if city and city.lower() in _NOT_PLACES:
        return []
    if city and not city_country(city) and not country:
        return []  # an unknown capitalised word with no country is too weak
    found: list[Candidate] = []
    if city:
        found.append(("hq_city", rule_field(city, url, quote, confidence)))
    if country:
        found.append(("hq_country", rule_field(country, url, quote, confidence - 0.05)))
    return found


def extract_headquarters(text: str, url: str) -> list[Candidate]:
    """Find "headquartered in Berlin, Germany", "our Utrecht HQ", "Sitz in München", "basée à"."""
    found: list[Candidate] = []
    quoted: set[str] = set()
    for pattern, confidence in _HQ:
        for match in re.finditer(pattern, text):
            before = text[max(0, match.start() - 40) : match.start()]
            if _SECONDARY.search(before):
                continue  # "... with teammates based in Lisbon" is not where the company is
            quote = sentence_at(text, match.start(), match.end())
            candidates = _place_candidates(match.group("place"), url, quote, confidence)
            if candidates and quote not in quoted:
                quoted.add(quote)
                found += candidates
    for clause in _HQ_CLAUSE.finditer(text):
        quote = sentence_at(text, clause.start(), clause.end())
        if quote in quoted:
            continue
        for place in _PLACE_IN_CLAUSE.finditer(clause.group("rest")):
            name = _clean_place(place.group(0))
            if city_country(name) or country_code(name):
                found += _place_candidates(name, url, quote, 0.7)
                quoted.add(quote)
                break
    return found


def extract_addresses(text: str, url: str) -> list[Candidate]:
    """Find postal addresses: "10117 Berlin, Germany", "Austin, TX 78701", "1015 CJ Amsterdam"."""
    found: list[Candidate] = []
    taken: list[tuple[int, int]] = []
    for pattern, fixed_country in _ADDRESS:
        for match in re.finditer(pattern, text):
            if any(start <= match.start() < end for start, end in taken):
                continue  # a more specific pattern already read this address
            city = match.group("city").strip()
            named = country_code(match.groupdict().get("country") or "")
            country = fixed_country or named or city_country(city)
            if fixed_country == "US" and not us_state(match.group("state")):
                continue
            if fixed_country == "NL" and not (named == "NL" or city_country(city) == "NL"):
                continue  # "1234 AB Word" is too common a shape to trust without Dutch context
            if not country or _YEAR_NOT_POSTCODE.search(
                text[max(0, match.start() - 12) : match.end()]
            ):
                continue
            taken.append((match.start(), match.end()))
            quote = sentence_at(text, match.start(), match.end())
            found.append(("hq_city", rule_field(city, url, quote, 0.55)))
            found.append(("hq_country", rule_field(country, url, quote, 0.55)))
    return found
