r"""Prose and fact-sheet rules for founded year, headcount and headquarters (en, de, fr).

Every rule returns `(field name, Field)` candidates whose evidence quote is the sentence (or the
"Label\\nvalue" pair) of the page's visible text the value was read from. Funding and business
model rules live in `tools.funding_rules`.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from agent.models import Evidence, Field
from tools.evidence import find_sentence
from tools.geo import city_country, country_code, us_state
from tools.numbers import NUMBER, NUMBER_WORDS, parse_quantity

Candidate = tuple[str, Field]
LABEL_CONFIDENCE = 0.75

YEAR = r"(?P<year>1[89]\d\d|20\d\d)"
_NO_END = r"[^.!?\n]"  # stays inside one sentence
_NO_END_OR_DIGIT = r"[^.!?\n\d]"
_QUALIFIER = (
    r"(?:(?:over|more than|nearly|almost|about|around|approximately|roughly|close to|some|"
    r"über|mehr als|rund|ca\.|circa|etwa|knapp|plus de|près de|environ|quelque)\s+)?"
)
# The lookbehinds keep the "200" of "150-200" from matching on its own.
_NOT_RANGE_END = r"(?<![-–—\d.,])(?<![-–—]\s)(?<!\bto\s)(?<!\bbis\s)"
_QTY = rf"{_NOT_RANGE_END}(?P<qty>{NUMBER}|{NUMBER_WORDS})(?P<plus>\s?\+)?"
_RANGE = rf"(?P<low>{NUMBER})\s?(?:-|–|—|to|bis|à)\s?(?P<high>{NUMBER})"
_STAFF_NOUN = (
    r"(?:full[- ]time\s+)?(?:employees|employee|staff members|team members|staff|FTEs|"
    r"Mitarbeiter(?:innen|:innen|\*innen|_innen)?|Mitarbeitende[n]?|Beschäftigte[n]?|"
    r"employés|collaborateurs|collaboratrices|salariés)"
)
_PEOPLE = r"(?:people|persons|Menschen|Personen|personnes)"
_TEAM_WORD = r"(?:team|staff|workforce|headcount|crew|family|équipe)"
_EMPLOY = r"(?:employ|employs|employing|beschäftigt|beschäftigen|emploie|emploient)"
_WORK_HERE = r"(?:work(?:ing)?\s+(?:at|for|here|with us)|on (?:our|the) team|in our team)"
_DAY_MONTH = rf"(?:\d{{1,2}}\.?\s*)?{_NO_END_OR_DIGIT}{{0,12}}"

_FOUNDED = [
    (rf"\b(?:founded|established|incorporated)\b(?: by {_NO_END}{{1,80}}?)?"
     rf"{_NO_END_OR_DIGIT}{{0,25}}\b{YEAR}\b", 0.8),
    (rf"\bin {YEAR},? {_NO_END}{{0,80}}?\b(?:founded|started|established)\b", 0.7),
    (rf"\b(?:gegründet|Gründung)\b{_NO_END_OR_DIGIT}{{0,25}}{_DAY_MONTH}\b{YEAR}\b", 0.8),
    (rf"\b{YEAR}\b{_NO_END_OR_DIGIT}{{0,60}}\bgegründet\b", 0.75),
    (rf"\b(?:fondée?s?|créée?s?|établie?s?)\b{_NO_END_OR_DIGIT}{{0,25}}{_DAY_MONTH}\b{YEAR}\b",
     0.8),
    # "since 2009" only opening a sentence or after "in business"/"serving ...": "profitable
    # since 2016" or "remote since 2020" are not founding dates.
    (rf"(?:^|(?<=[.!?]\s)|(?<=\n))(?:Since|Seit|Depuis)\s+{YEAR}\b", 0.35),
    (rf"\b(?:in business|serving {_NO_END}{{1,40}}|family[- ]owned|trading|operating)\s+"
     rf"since\s+{YEAR}\b", 0.4),
]  # fmt: skip
_HEADCOUNT = [
    (rf"\b{_TEAM_WORD}\s+(?:of|von|de)\s+{_QUALIFIER}{_QTY}(?:\s+{_PEOPLE}|\s+{_STAFF_NOUN})?",
     0.7),
    (rf"\b{_QUALIFIER}{_RANGE}\s+{_STAFF_NOUN}\b", 0.65),
    (rf"\b{_QUALIFIER}{_QTY}\s+{_STAFF_NOUN}\b", 0.7),
    (rf"\b{_QTY}[- ](?:strong|person|people|member)\s+team\b", 0.7),
    (rf"\b{_EMPLOY}\s+{_QUALIFIER}{_QTY}\b", 0.7),
    (rf"\b(?:we are|we're|wir sind|nous sommes)\s+(?:now\s+)?{_QUALIFIER}{_QTY}\s+{_PEOPLE}",
     0.65),
    (rf"\b{_QUALIFIER}{_QTY}\s+{_PEOPLE}\s+{_WORK_HERE}", 0.65),
]  # fmt: skip
# "for companies with 50-500 employees" describes the market, not the company.
_MARKET_CONTEXT = re.compile(
    r"\b(?:compan(?:y|ies)|businesses|organi[sz]ations|firms|teams|customers|clients|brands|"
    r"enterprises|Unternehmen|Firmen|entreprises|sociétés)\s+(?:with|of|having|mit|von|avec|de)"
    r"\s+(?:\w+\s+){0,3}\Z|\b(?:up to|bis zu|jusqu'à)\s+\Z",
    re.I,
)
_CAPITALISED = r"[A-ZÄÖÜÉ][\w'’.-]*"
_PLACE = (
    rf"(?P<place>{_CAPITALISED}(?:[ -](?:{_CAPITALISED}|am|an|de|sur|upon))*"
    rf"(?:,\s?{_CAPITALISED}(?: {_CAPITALISED})*){{0,2}})"
)
_HQ_WORD = r"(?:headquartered|headquarters(?: is| are)?|HQ(?: is)?|head office(?: is)?)"
_HQ = [
    (rf"\b{_HQ_WORD}\s+(?:located\s+)?(?:in|at)\s+(?:the heart of\s+)?{_PLACE}", 0.8),
    (rf"\b(?:based|located)\s+in\s+{_PLACE}", 0.65),
    (r"\b(?P<place>[A-Z]\w+(?: [A-Z]\w+)?)-based\b", 0.6),
    (rf"\b(?:Hauptsitz|Firmensitz|Unternehmenssitz|Sitz|Zentrale)\s+(?:ist\s+)?(?:in|im)\s+{_PLACE}",
     0.8),
    (rf"\b(?:ansässig|beheimatet)\s+in\s+{_PLACE}", 0.65),
    (rf"\bsiège(?: social)?\s+(?:est\s+)?(?:situé\s+)?(?:à|en)\s+{_PLACE}", 0.8),
    (rf"\b(?:basée?s?|implantée?s?|située?s?)\s+à\s+{_PLACE}", 0.65),
]  # fmt: skip
_UK_POSTCODE = r"[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}\b"
_ADDRESS = [
    (r"(?P<city>[A-Z][A-Za-z .'-]{1,30}),\s(?P<state>[A-Z]{2})\s\d{5}(?:-\d{4})?\b", "US"),
    (rf"(?P<city>[A-Z][a-z]+(?: [A-Z][a-z]+)?),?\s{_UK_POSTCODE}", "GB"),
    (r"\b(?:[A-Z]{1,2}-)?\d{4,5}\s(?P<city>[A-ZÄÖÜÉ][\w'.-]+(?: (?:am|an der|[A-Z][\w'.-]+))?)"
     r"(?:,\s?(?P<country>[A-Z][\w -]{1,30}))?", None),
]  # fmt: skip

# "Since 2023 Paris ..." or "© 2024 Berlin ...": a year before a city is not a postcode.
_YEAR_NOT_POSTCODE = re.compile(r"(?:\b(?:in|since|seit|depuis|en|im)|©)\s+(?:19|20)\d\d\s", re.I)

_LABELS = {
    "founded_year": r"Founded|Year founded|Founding year|Gegründet|Gründungsjahr|Gründung|"
                    r"Fondée|Fondé|Création|Année de création",
    "employee_count": r"Company size|Employees|Number of employees|Team size|Headcount|"
                      r"Mitarbeiter|Mitarbeiterzahl|Unternehmensgröße|Effectif|Employés|Salariés",
    "hq": r"Headquarters|HQ|Head office|Hauptsitz|Firmensitz|Sitz|Siège|Siège social",
    "industry": r"Industry|Industries|Sector|Branche|Secteur|Secteur d'activité",
    "company_type": r"Type|Company type|Unternehmensform|Rechtsform",
}  # fmt: skip
_PUBLIC_TYPE = r"\b(?:public company|publicly (?:held|traded)|börsennotiert|cotée en bourse)\b"


_ABBREVIATIONS = frozenset(
    "mio mrd ca dr inc ltd co corp st nr bzw mr ms mrs vs approx no jan feb mar apr jun jul aug "
    "sep sept oct nov dec e.g i.e z.b u.a d.h bzw gmbh".split()
)
_BOUNDARY = re.compile(r"[.!?](?=\s)|\n|\|")


def _is_boundary(text: str, index: int) -> bool:
    """Whether the character at `index` ends a sentence (not "Mio." or "Inc.")."""
    if text[index] != ".":
        return True
    word = re.search(r"([\w.]+)$", text[max(0, index - 20) : index])
    return not (word and (word.group(1).lower() in _ABBREVIATIONS or len(word.group(1)) == 1))


def sentence_at(text: str, start: int, end: int, limit: int = 300) -> str:
    """Return the sentence around [start, end), skipping abbreviations such as "Mio." or "Inc."."""
    left = 0
    for boundary in _BOUNDARY.finditer(text, 0, start):
        if _is_boundary(text, boundary.start()):
            left = boundary.end()
    right = len(text)
    for boundary in _BOUNDARY.finditer(text, end):
        if _is_boundary(text, boundary.start()):
            right = boundary.start() + (1 if text[boundary.start()] in ".!?" else 0)
            break
    sentence = text[left:right].strip()
    if len(sentence) <= limit:
        return sentence
    return find_sentence(text, start, end, limit)


def _field(value: Any, url: str, quote: str, confidence: float) -> Field:
    return Field(
        value=value,
        evidence=[Evidence(url=url, quote=quote)],
        confidence=round(confidence, 2),
        method="rule",
    )


def _plausible_year(year: int) -> bool:
    return 1800 <= year <= date.today().year


def extract_founded_year(text: str, url: str) -> list[Candidate]:
    """Find "founded in 2015", "gegründet 2015", "fondée en 2012", "since 2009" statements."""
    found: list[Candidate] = []
    for pattern, confidence in _FOUNDED:
        for match in re.finditer(pattern, text, re.I):
            year = int(match.group("year"))
            if _plausible_year(year):
                quote = sentence_at(text, match.start(), match.end())
                found.append(("founded_year", _field(year, url, quote, confidence)))
    return found


def headcount_value(match: re.Match[str]) -> tuple[int, float] | None:
    """Return (representative count, confidence penalty) of a headcount match.

    A range counts as its midpoint and "180+" as its lower bound, each slightly less sure.
    """
    groups = match.groupdict()
    if groups.get("low") and groups.get("high"):
        low, high = parse_quantity(groups["low"]), parse_quantity(groups["high"])
        if low is None or high is None or low >= high:
            return None
        return (low + high) // 2, 0.1
    if not groups.get("qty") or (value := parse_quantity(groups["qty"])) is None:
        return None
    penalty = (0.05 if groups.get("plus") else 0.0) + (
        0.05 if not groups["qty"][0].isdigit() else 0
    )
    return value, penalty


def extract_headcount(text: str, url: str) -> list[Candidate]:
    """Find headcount statements: "a team of 180+", "150–200 employees", "1.200 Mitarbeiter"."""
    found: list[Candidate] = []
    for pattern, confidence in _HEADCOUNT:
        for match in re.finditer(pattern, text, re.I):
            before = text[max(0, match.start() - 60) : match.start()].rsplit("\n", 1)[-1]
            if _MARKET_CONTEXT.search(before):
                continue
            parsed = headcount_value(match)
            if parsed is None or not 2 <= parsed[0] <= 5_000_000:
                continue
            quote = sentence_at(text, match.start(), match.end())
            found.append(("employee_count", _field(parsed[0], url, quote, confidence - parsed[1])))
    return found


def split_place(place: str) -> tuple[str | None, str | None]:
    """Split "Berlin, Germany" / "San Francisco, CA" / "Deutschland" into (city, ISO country)."""
    parts = [p.strip(" .") for p in place.split(",") if p.strip(" .")]
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


def extract_headquarters(text: str, url: str) -> list[Candidate]:
    """Find "headquartered in Berlin, Germany", "Sitz in München", "basée à Paris"."""
    found: list[Candidate] = []
    for pattern, confidence in _HQ:
        for match in re.finditer(pattern, text):
            city, country = split_place(match.group("place"))
            if city and not city_country(city) and not country:
                continue  # an unknown capitalised word with no country is too weak
            quote = sentence_at(text, match.start(), match.end())
            if city:
                found.append(("hq_city", _field(city, url, quote, confidence)))
            if country:
                found.append(("hq_country", _field(country, url, quote, confidence - 0.05)))
    return found


def extract_addresses(text: str, url: str) -> list[Candidate]:
    """Find postal addresses: "10117 Berlin, Germany", "Austin, TX 78701", "London EC1V 2NX"."""
    found: list[Candidate] = []
    for pattern, fixed_country in _ADDRESS:
        for match in re.finditer(pattern, text):
            city = match.group("city").strip()
            named = match.groupdict().get("country")
            country = (
                fixed_country or (country_code(named) if named else None) or city_country(city)
            )
            if fixed_country == "US" and not us_state(match.group("state")):
                continue
            if not country or _YEAR_NOT_POSTCODE.search(
                text[max(0, match.start() - 12) : match.end()]
            ):
                continue
            quote = sentence_at(text, match.start(), match.end())
            found.append(("hq_city", _field(city, url, quote, 0.55)))
            found.append(("hq_country", _field(country, url, quote, 0.55)))
    return found


def extract_labelled_facts(text: str, url: str) -> list[Candidate]:
    r"""Read fact sheets: "Founded\\n2011", "Company size: 51-200 employees", "Sitz: Berlin"."""
    found: list[Candidate] = []
    for key, labels in _LABELS.items():
        for match in re.finditer(
            rf"^(?:{labels})\s*(?::\s*|\n)(?P<value>[^\n]{{1,80}})$", text, re.M
        ):
            quote, value = match.group(0), match.group("value").strip()
            found.extend(_labelled_candidates(key, value, url, quote))
    return found


def _labelled_candidates(key: str, value: str, url: str, quote: str) -> list[Candidate]:
    if key == "founded_year":
        year = re.search(YEAR, value)
        ok = year and _plausible_year(int(year.group("year")))
        return (
            [("founded_year", _field(int(year.group("year")), url, quote, LABEL_CONFIDENCE))]
            if ok
            else []
        )
    if key == "employee_count":
        match = re.search(rf"{_RANGE}|{_QTY}", value)
        parsed = headcount_value(match) if match else None
        return (
            [("employee_count", _field(parsed[0], url, quote, LABEL_CONFIDENCE - parsed[1]))]
            if parsed
            else []
        )
    if key == "hq":
        city, country = split_place(value)
        out = [("hq_city", _field(city, url, quote, LABEL_CONFIDENCE))] if city else []
        return out + (
            [("hq_country", _field(country, url, quote, LABEL_CONFIDENCE))] if country else []
        )
    if key == "industry":
        return [("industry_label", _field(value, url, quote, LABEL_CONFIDENCE))]
    if re.search(
        r"\b(?:public company|publicly (?:held|traded)|börsennotiert|cotée en bourse)\b",
        value,
        re.I,
    ):
        return [("funding_stage", _field("public", url, quote, LABEL_CONFIDENCE))]
    return []
