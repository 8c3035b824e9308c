r"""Prose and fact-sheet rules for founded year and headcount (en, de, fr).

Every rule returns `(field name, Field)` candidates whose evidence quote is the sentence (or the
"Label\\nvalue" pair) of the page's visible text the value was read from. Headquarters and
address rules live in `tools.firmographics.hq_rules`, funding and business model in
`tools.firmographics.funding_rules`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from agent.models import Field
from tools.firmographics.funding_amounts import PLAIN_AMOUNT, PLAIN_ROUND
from tools.firmographics.funding_rules import parse_funding_label
from tools.firmographics.geo import REGIONS, city_country, country_code
from tools.firmographics.hq_rules import extract_addresses, extract_headquarters, split_place
from tools.firmographics.numbers import NUMBER, NUMBER_WORDS, parse_quantity
from tools.firmographics.rule_evidence import rule_field, sentence_at

__all__ = ["extract_addresses", "extract_founded_year", "extract_headcount",
           "extract_headquarters", "extract_labelled_facts", "headcount_value", "sentence_at",
           "split_place"]  # fmt: skip

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

# "started"/"launched" found a company, but not "started offering" or "started to sell".
_FOUNDING_VERB = (
    r"(?:co-?founded|founded|established|incorporated|"
    r"(?:started|began|launched|set up|created|opened)(?!\s+(?:to\s|offering|selling|"
    r"working|building|using|shipping|hiring|\w+ing\b)))"
)
_SINCE_VERB = (
    r"(?:helping|serving|building|making|designing|crafting|manufacturing|producing|"
    r"delivering|providing|supporting|developing|creating|selling|fixing|repairing)"
)
_FOUNDED = [
    (rf"\b(?:founded|established|incorporated)\b(?: by {_NO_END}{{1,80}}?)?"
     rf"{_NO_END_OR_DIGIT}{{0,25}}\b{YEAR}\b", 0.8),
    (rf"\bin {YEAR},? {_NO_END}{{0,80}}?\b(?:co-?founded|founded|established|incorporated|"
     rf"started(?!\s+(?:to\s|\w+ing\b)))\b", 0.7),
    (rf"\bin {YEAR},? (?:our|the|two|three|four) (?:co-?)?founders?\b{_NO_END}{{0,80}}?\b"
     rf"{_FOUNDING_VERB}\b", 0.65),
    (rf"\b(?:gegründet|Gründung)\b{_NO_END_OR_DIGIT}{{0,25}}{_DAY_MONTH}\b{YEAR}\b", 0.8),
    (rf"\b{YEAR}\b{_NO_END_OR_DIGIT}{{0,60}}\b(?:gegründet|gründete[n]?)\b", 0.75),
    (rf"\b{YEAR}\s*[–-]\s*(?:Gründung|Founded|Fondation|Création)\b", 0.75),
    (rf"\b(?:fondée?s?|créée?s?|établie?s?)\b{_NO_END_OR_DIGIT}{{0,25}}{_DAY_MONTH}\b{YEAR}\b",
     0.8),
    (rf"\b(?:création|fondation)\b{_NO_END_OR_DIGIT}{{0,25}}\b{YEAR}\b", 0.7),
    # "since 2009" only opening a sentence or after "in business"/"serving ...": "profitable
    # since 2016" or "remote since 2020" are not founding dates.
    (rf"(?:^|(?<=[.!?]\s)|(?<=\n))(?:Since|Seit|Depuis)\s+{YEAR}\b", 0.35),
    (rf"\b(?:in business|serving {_NO_END}{{1,40}}|family[- ]owned|trading|operating)\s+"
     rf"since\s+{YEAR}\b", 0.4),
    (rf"\b(?:has|have|'ve|’ve) been {_SINCE_VERB}\b{_NO_END}{{0,80}}?\bsince {YEAR}\b", 0.5),
    (rf"\bsince (?:our|its|the company's|the) (?:very )?(?:first|founding|launch|start|"
     rf"beginnings?|inception)\b{_NO_END_OR_DIGIT}{{0,50}}\bin {YEAR}\b", 0.45),
    # "Est. 2020", "EST. 1987", "Estd 1995" (shop signs, footers, fact boxes)
    (rf"(?<![\w.])(?-i:Est|EST|Estd)\.?\s+{YEAR}\b", 0.7),
    (rf"\b(?:we )?(?:opened|open) our doors\b{_NO_END_OR_DIGIT}{{0,30}}\b{YEAR}\b", 0.55),
    (rf"\b(?:our|the company's|the) story (?:began|begins|started|starts)\b"
     rf"{_NO_END_OR_DIGIT}{{0,30}}\bin {YEAR}\b", 0.55),
    (rf"\bit all (?:began|started) (?:back )?in {YEAR}\b", 0.55),
]  # fmt: skip
# "opened its first office in Scottsdale in 2006", "opened the first Brightwell clinic in 2016":
# the first site of a company is its start, unless it is a first abroad ("first US office").
_SITE_NOUN = (
    r"(?:office|clinic|store|shop|location|restaurant|branch|studio|practice|warehouse|factory|"
    r"plant|bakery|café|cafe|gym|salon|hotel|showroom|workshop|lab|mill|dealership|school|"
    r"pharmacy|centre|center)s?\b"
)
_FIRST = (
    r"\b(?:opened|opens|launched) (?:its|our|their|the|a) (?:very )?first "
    rf"(?P<between>(?:[\w&'’-]+ ){{0,3}}?){_SITE_NOUN}"
)
_FIRST_SITE = [
    re.compile(rf"{_FIRST}(?P<after>[^.!?\n\d]{{0,50}}?)\bin {YEAR}\b"),
    re.compile(rf"\b[Ii]n {YEAR},? [^.!?\n\d]{{0,60}}?{_FIRST}(?P<after>[^.!?\n\d]{{0,40}})"),
]
_ABROAD = re.compile(
    r"\b(?:outside|abroad|overseas|international|foreign|outpost|expan\w*|second)\b|"
    r"(?:an|ean|ish|ese|ian)$",
    re.I,
)
# "<Company> started in 2014", "We began in 2012", "Attendra was started in 2017 by ..."
_SUBJECT_FOUNDED = (
    r"(?:was\s+|were\s+)?(?:first\s+|originally\s+)?(?:founded|started|began|launched|"
    r"established|created|born|set up|opened(?: (?:its|our|their) doors)?)\s+(?:back\s+)?in\s+"
    + YEAR
    + r"\b"
)
_HEADCOUNT = [
    (rf"\b{_TEAM_WORD}\s+(?:of|von|de)\s+{_QUALIFIER}{_QTY}(?:\s+{_PEOPLE}|\s+{_STAFF_NOUN})?",
     0.7),
    (rf"\b{_QUALIFIER}{_RANGE}\s+{_STAFF_NOUN}\b", 0.65),
    (rf"\b{_QUALIFIER}{_QTY}\s+{_STAFF_NOUN}\b", 0.7),
    (rf"\b{_QTY}[- ](?:strong|person|people|member)\s+team\b", 0.7),
    (rf"\b{_EMPLOY}\s+{_QUALIFIER}{_QTY}\b", 0.7),
    (rf"\b(?:we are|we're|we’re|wir sind|nous sommes)\s+(?:now\s+)?{_QUALIFIER}"
     rf"(?:{_RANGE}|{_QTY})\s+{_PEOPLE}", 0.65),
    (rf"\b{_QUALIFIER}{_QTY}\s+{_PEOPLE}\s+{_WORK_HERE}", 0.65),
]  # fmt: skip
# "for companies with 50-500 employees" describes the market, not the company.
_MARKET_CONTEXT = re.compile(
    r"\b(?:compan(?:y|ies)|businesses|organi[sz]ations|firms|teams|customers|clients|brands|"
    r"enterprises|Unternehmen|Firmen|entreprises|sociétés)\s+(?:with|of|having|mit|von|avec|de)"
    r"\s+(?:\w+\s+){0,3}\Z|\b(?:up to|bis zu|jusqu'à)\s+\Z",
    re.I,
)
_LABELS = {
    "founded_year": r"Founded|Year founded|Founding year|Established|Est\.|Gegründet|"
                    r"Gründungsjahr|Gründung|Fondée|Fondé|Création|Année de création",
    "employee_count": r"Company size|Employees|Number of employees|Team size|Headcount|"
                      r"Mitarbeiter|Mitarbeiterzahl|Unternehmensgröße|Effectif|Employés|Salariés",
    "hq": r"Headquarters|HQ|Head office|Hauptsitz|Firmensitz|Sitz|Siège|Siège social",
    "industry": r"Industry|Industries|Sector|Branche|Secteur|Secteur d'activité",
    "company_type": r"Type|Company type|Unternehmensform|Rechtsform",
    "funding": r"Total funding|Total raised|Funding to date|Raised to date|Funding raised|"
               r"Funding stage|Funding|Stage|Last round|Latest round|Gesamtfinanzierung|"
               r"Finanzierungsphase|Finanzierung|Levée de fonds|Financement total|Financement",
}  # fmt: skip
# "Seed ($6M, led by X)", "Series C", "$31M", "Bootstrapped"; not "Seed your pipeline"
_FUNDING_VALUE = re.compile(
    rf"(?:{PLAIN_ROUND}|{PLAIN_AMOUNT})(?:\s*$|\s*[(,·–—-]|\s+(?:round|funding|financing|Runde|"
    rf"{PLAIN_ROUND}))|(?:bootstrapped|self-funded|eigenfinanziert|autofinancée?)\b",
    re.I,
)
_PUBLIC_TYPE = r"\b(?:public company|publicly (?:held|traded)|börsennotiert|cotée en bourse)\b"


_field = rule_field


def _plausible_year(year: int) -> bool:
    return 1800 <= year <= date.today().year


def extract_founded_year(text: str, url: str, company_names: Iterable[str] = ()) -> list[Candidate]:
    """Find "founded in 2015", "Acme started in 2014", "gegründet 2015", "fondée en 2012".

    "<name> started/began/launched in <year>" counts only with the company as its subject:
    "we", "our company" or one of `company_names` (the project or the product may start later).
    """
    subjects = [re.escape(n) for n in company_names if n and len(n) > 1]
    subject = "|".join([*subjects, r"we", r"our company", r"the company", r"the business"])
    patterns = [*_FOUNDED, (rf"\b(?:{subject})\s+{_SUBJECT_FOUNDED}", 0.75)]
    found: list[Candidate] = []
    seen: set[tuple[int, str]] = set()
    for pattern, confidence in patterns:
        for match in re.finditer(pattern, text, re.I):
            year = int(match.group("year"))
            quote = sentence_at(text, match.start(), match.end())
            if _plausible_year(year) and (year, quote) not in seen:
                seen.add((year, quote))
                found.append(("founded_year", _field(year, url, quote, confidence)))
    # the company's first site: "Kestrel opened its first ...", "... the first Kestrel clinic"
    owner = re.compile(
        rf"\b(?:{subject}|(?:our|the|its|their|two|three) (?:co-?)?founders?)\b", re.I
    )
    for match in (m for pattern in _FIRST_SITE for m in pattern.finditer(text)):
        year, quote = int(match.group("year")), sentence_at(text, match.start(), match.end())
        head = re.split(r"[.!?\n]", text[max(0, match.start() - 120) : match.start("between")])[-1]
        if not (owner.search(head) or owner.search(match.group("between"))):
            continue
        if _plausible_year(year) and not _first_abroad(match) and (year, quote) not in seen:
            seen.add((year, quote))
            found.append(("founded_year", _field(year, url, quote, 0.55)))
    return found


def _first_abroad(match: re.Match[str]) -> bool:
    """Whether a "first office" is a first abroad: "first US office", "first store in Europe"."""
    words = match.group("between").split()
    if any(country_code(w) or city_country(w) or _ABROAD.search(w) for w in words):
        return True
    after = match.group("after")
    places = re.findall(r"\b(?:in|outside|across) ((?:[A-Z][\w'’-]+ ?){1,3})", after)
    return bool(_ABROAD.search(after)) or any(
        country_code(p.strip()) or p.strip().lower() in REGIONS for p in places
    )


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


def extract_labelled_facts(text: str, url: str) -> list[Candidate]:
    r"""Read fact sheets: "Founded\\n2011", "Company size: 51-200 employees", "Sitz: Berlin"."""
    found: list[Candidate] = []
    for key, labels in _LABELS.items():
        for match in re.finditer(
            rf"^(?P<label>{labels})\s*(?::\s*|\n)(?P<value>[^\n]{{1,80}})$", text, re.M
        ):
            quote, value = match.group(0), match.group("value").strip()
            if key == "funding":
                if _FUNDING_VALUE.match(value):
                    found += parse_funding_label(match.group("label"), value, url, quote)
                continue
            found.extend(_labelled_candidates(key, value, url, quote))
    return found


def _labelled_candidates(key: str, value: str, url: str, quote: str) -> list[Candidate]:
    if key == "founded_year":
        year = re.search(YEAR, value)
        if year and _plausible_year(int(year.group("year"))):
            return [("founded_year", _field(int(year.group("year")), url, quote, LABEL_CONFIDENCE))]
        return []
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
