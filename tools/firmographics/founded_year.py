r"""Founded year from prose (en, de, fr): "founded in 2015", "Acme started in 2014".

Every rule returns `("founded_year", Field)` candidates whose evidence quote is the sentence of
the page's visible text the year was read from. A weak "since 2009" counts only where it opens a
sentence or follows "in business"; the company's first site ("opened its first clinic in 2016")
counts unless it is a first abroad. Fact-sheet lines ("Founded\n2011") are read in
`tools.firmographics.labelled_facts`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from agent.models import Field
from tools import regex_scan
from tools.firmographics.geo import REGIONS, city_country, country_code
from tools.firmographics.rule_evidence import rule_field, sentence_at
from tools.firmographics.subjects import is_biography

Candidate = tuple[str, Field]

YEAR = r"(?P<year>1[89]\d\d|20\d\d)"
"""A plausible year, captured as `year`."""
_NO_END = r"[^.!?\n]"  # stays inside one sentence
_NO_END_OR_DIGIT = r"[^.!?\n\d]"
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
    # es, it, nl, pt: "fundada en 2012", "fondata nel 2010", "opgericht in 1998", "fundada em 2016"
    (rf"\b(?:fundad[ao]s?|fundó|fondat[ao]|fondata|opgericht|gesticht|fundad[ao]|criad[ao])\b"
     rf"{_NO_END_OR_DIGIT}{{0,25}}\b{YEAR}\b", 0.8),
    (rf"\b(?:fundación|fondazione|oprichting|fundação)\b{_NO_END_OR_DIGIT}{{0,25}}\b{YEAR}\b",
     0.7),
    # "La empresa nació en 2008", "è nata nel 1972", "nasceu em 2015", "ontstond in 1990"
    (rf"\b(?:nació|nacimos|nacque|(?:è|e) nat[ao]|nasceu|nascemos|ontstond|ontstaan)\b"
     rf"{_NO_END_OR_DIGIT}{{0,25}}\b{YEAR}\b", 0.7),
    # "since 2009" only opening a sentence about the company ("Since 2011, we have been ...") or
    # after "in business"/"serving ...": "profitable since 2016", "remote since 2020" and "Since
    # 2023, 66% of employees have received raises" are not founding dates.
    (rf"(?:^|(?<=[.!?]\s)|(?<=\n))(?:Since|Seit|Depuis|Desde|Dal|Sinds)\s+{YEAR},?\s+"
     rf"(?:we|our|wir|unser\w*|nous|notre|nosotros|hemos|abbiamo|wij|we've|{{subject}})\b", 0.35),
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


def plausible_year(year: int) -> bool:
    """Return whether a year can be a founding year (1800 up to this year)."""
    return 1800 <= year <= date.today().year


def extract_founded_year(text: str, url: str, company_names: Iterable[str] = ()) -> list[Candidate]:
    """Find "founded in 2015", "Acme started in 2014", "gegründet 2015", "fondée en 2012".

    "<name> started/began/launched in <year>" counts only with the company as its subject:
    "we", "our company" or one of `company_names` (the project or the product may start later).
    """
    subjects = [re.escape(n) for n in company_names if n and len(n) > 1]
    subject = "|".join([*subjects, r"we", r"our company", r"the company", r"the business"])
    patterns = [(p.replace("{subject}", subject), c) for p, c in _FOUNDED]
    patterns.append((rf"\b(?:{subject})\s+{_SUBJECT_FOUNDED}", 0.75))
    # "We started in a garage in 2013", "Acme began as a side project in 2014"
    patterns.append((rf"\b(?:{subject})\s+(?:first\s+)?(?:started|began)(?: out)?\s+(?:in|as)\s+"
                     rf"{_NO_END_OR_DIGIT}{{0,50}}\bin {YEAR}\b", 0.6))
    found: list[Candidate] = []
    seen: set[tuple[int, str]] = set()
    for pattern, confidence in patterns:
        for match in regex_scan.finditer(pattern, text, re.I):
            year = int(match.group("year"))
            quote = sentence_at(text, match.start(), match.end())
            if is_biography(quote):
                continue  # "she founded her first company in 2009"
            if plausible_year(year) and (year, quote) not in seen:
                seen.add((year, quote))
                found.append(("founded_year", rule_field(year, url, quote, confidence)))
    # the company's first site: "Kestrel opened its first ...", "... the first Kestrel clinic"
    owner = re.compile(
        rf"\b(?:{subject}|(?:our|the|its|their|two|three) (?:co-?)?founders?)\b", re.I
    )
    for match in (m for pattern in _FIRST_SITE for m in regex_scan.finditer(pattern, text)):
        year, quote = int(match.group("year")), sentence_at(text, match.start(), match.end())
        head = re.split(r"[.!?\n]", text[max(0, match.start() - 120) : match.start("between")])[-1]
        if not (owner.search(head) or owner.search(match.group("between"))):
            continue
        if plausible_year(year) and not _first_abroad(match) and (year, quote) not in seen:
            seen.add((year, quote))
            found.append(("founded_year", rule_field(year, url, quote, 0.55)))
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
