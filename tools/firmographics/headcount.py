"""Headcount from prose: "a team of 180+", "150–200 employees", "1.200 Mitarbeiter".

Every rule returns `("employee_count", Field)` candidates whose evidence quote is the sentence
of the page's visible text the value was read from. Fact-sheet lines ("Company size: 51-200
employees") are read in `tools.firmographics.labelled_facts`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from agent.models import Field
from tools import regex_scan
from tools.firmographics.numbers import NUMBER, NUMBER_WORDS, parse_quantity
from tools.firmographics.rule_evidence import rule_field, sentence_at
from tools.firmographics.subjects import is_biography
from tools.regex_literals import RequiredTexts

Candidate = tuple[str, Field]

QUALIFIER = (
    r"(?:(?:just over|just under|a little over|a little more than|slightly more than|well over|"
    r"upwards of|north of|at least|over|more than|nearly|almost|about|around|approximately|"
    r"roughly|close to|some|"
    r"über|mehr als|rund|ca\.|circa|etwa|knapp|plus de|près de|environ|quelque|más de|casi|"
    r"alrededor de|unos|oltre|più di|quasi|circa|ruim|meer dan|bijna|ongeveer|mais de|quase|"
    r"cerca de)\s+)?"
)
# The lookbehinds keep the "200" of "150-200" from matching on its own.
_NOT_RANGE_END = r"(?<![-–—\d.,])(?<![-–—]\s)(?<!\bto\s)(?<!\bbis\s)"
# ... and the negative lookahead the "2" of "a team of 2-4" (the start of a range).
QUANTITY = (
    rf"{_NOT_RANGE_END}(?P<qty>{NUMBER}|{NUMBER_WORDS})(?!\s?[-–—]\s?\d)(?P<plus>\s?\+)?"
)
"""A count ("180", "1.200", "two hundred"), optionally "180+"."""
RANGE = rf"(?P<low>{NUMBER})\s?(?:-|–|—|to|bis|à)\s?(?P<high>{NUMBER})"
"""A range of counts ("150-200", "50 bis 100")."""
_STAFF_NOUN = (
    r"(?:full[- ]time\s+)?(?:employees|employee|staff members|team members|staff|FTEs|"
    r"Mitarbeiter(?:innen|:innen|\*innen|_innen)?|Mitarbeitende[n]?|Beschäftigte[n]?|"
    r"employés|collaborateurs|collaboratrices|salariés|empleados|trabajadores|colaboradores|"
    r"profesionales|dipendenti|collaboratori|medewerkers|werknemers|collega's|funcionários|"
    r"funcionarios)"
)
_PEOPLE = r"(?:people|persons|Menschen|Personen|personnes|personas|persone|mensen|pessoas)"
_TEAM_WORD = r"(?:team|staff|workforce|headcount|crew|family|équipe|equipo|squadra|equipa|equipe)"
_EMPLOY = (
    r"(?:employ|employs|employing|beschäftigt|beschäftigen|emploie|emploient|emplea|impiega|"
    r"emprega|heeft|tem|cuenta con|conta con|conta com|telt)"
)
_WORK_HERE = (
    r"(?:work(?:ing)?\s+(?:at|for|here|with us)|on (?:our|the) team|in our team|"
    r"(?:arbeiten|arbeitet)\s+(?:heute\s+|derzeit\s+|mittlerweile\s+)?(?:bei uns|für uns)|"
    r"travaillent (?:chez nous|avec nous)|trabajan (?:con nosotros|en \w+)|"
    r"lavorano (?:con noi|in \w+)|"
    r"werken (?:bij ons|er)|trabalham (?:connosco|conosco))"
)
# "Heute arbeiten rund 230 Menschen bei uns", "Inmiddels werken er ruim 90 mensen bij ons"
_WORK_VERB = r"(?:arbeiten|werken(?: er)?|travaillent|trabajan|lavorano|trabalham)"
_HEADCOUNT = [
    (rf"\b{_TEAM_WORD}\s+(?:of|von|de|di|van)\s+{QUALIFIER}{QUANTITY}(?:\s+{_PEOPLE}|\s+{_STAFF_NOUN})?",
     0.7),
    (rf"\b{QUALIFIER}{RANGE}\s+{_STAFF_NOUN}\b", 0.65),
    (rf"\b{QUALIFIER}{QUANTITY}\s+{_STAFF_NOUN}\b", 0.7),
    (rf"\b{QUANTITY}[- ](?:strong|person|people|member)\s+team\b", 0.7),
    (rf"\b{_EMPLOY}\s+{QUALIFIER}{QUANTITY}\b", 0.7),
    (rf"\b(?:we are|we're|we’re|wir sind|nous sommes|somos|siamo|wij zijn|we zijn)\s+"
     rf"(?:(?:now|today|currently|already|ya|già|al|já|heute|inzwischen|mittlerweile|"
     rf"aujourd'hui|aujourd’hui|actuellement|désormais|hoy|actualmente|oggi|attualmente|"
     rf"inmiddels|vandaag|nu|hoje)\s+){{0,2}}{QUALIFIER}"
     rf"(?:{RANGE}|{QUANTITY})\s+{_PEOPLE}", 0.65),
    (rf"\b{QUALIFIER}{QUANTITY}\s+{_PEOPLE}\s+{_WORK_HERE}", 0.65),
    (rf"\b{_WORK_VERB}\s+(?:\w+\s+){{0,2}}{QUALIFIER}{QUANTITY}\s+(?:{_PEOPLE}|{_STAFF_NOUN})\s+"
     rf"(?:bei uns|bij ons|chez nous|con nosotros|con noi|connosco|conosco|(?:bei|bij|chez|en|in|"
     rf"na) [A-Z]\w+)", 0.65),
    # "There are 40 of us", "Forty-two of us work from Denver", "we're 60-odd people"
    (rf"\b(?:there are|we are|we're|we’re)\s+(?:now\s+|today\s+)?{QUALIFIER}{QUANTITY}\s+of us\b",
     0.6),
    (rf"(?:^|(?<=[.!?]\s)){QUALIFIER}{QUANTITY}\s+of us\s+(?:work|are|now)\b", 0.6),
    # "We've grown to 140 people", "our team has grown to 55 people"
    (rf"\b(?:grown|grew|expanded|scaled)\s+(?:to|into)\s+(?:a team of\s+)?{QUALIFIER}"
     rf"(?P<qty>{NUMBER}|{NUMBER_WORDS})(?P<plus>\s?\+)?"
     rf"\s+{_PEOPLE}", 0.65),
]  # fmt: skip


@dataclass(frozen=True)
class _Rule:
    """A headcount pattern, compiled once, with the texts every match holds."""

    regex: re.Pattern[str]
    confidence: float
    needs_owner: bool
    """"team of N", "N-person team": anyone's team unless the sentence speaks of the company."""
    required: RequiredTexts
    """What every match holds: a text without it is not searched."""

    @classmethod
    @functools.lru_cache(maxsize=256)  # noqa: B019 - a few rules per company name, kept small
    def of(cls, pattern: str, confidence: float, needs_owner: bool = False) -> _Rule:
        """Compile `pattern` (case-insensitive) with its required texts."""
        return cls(re.compile(pattern, re.I), confidence, needs_owner, RequiredTexts.of(pattern))


# compiled once: the regex module's own cache is shared by hundreds of patterns and churns
_RULES = [
    _Rule.of(pattern, confidence, needs_owner=index in (0, 3))
    for index, (pattern, confidence) in enumerate(_HEADCOUNT)
]
# "for companies with 50-500 employees" describes the market, not the company.
_MARKET_CONTEXT = re.compile(
    r"\b(?:compan(?:y|ies)|businesses|organi[sz]ations|firms|teams|customers|clients|brands|"
    r"enterprises|Unternehmen|Firmen|entreprises|sociétés)\s+(?:with|of|having|mit|von|avec|de)"
    r"\s+(?:\w+\s+){0,3}\Z|\b(?:up to|bis zu|jusqu'à)\s+\Z",
    re.I,
)


# "a lean team of nine engineers", "our team of 40 researchers": a part of the company.
_SUB_TEAM = re.compile(
    r"\s+(?:[\w-]+\s+)?(?:engineers|developers|designers|researchers|scientists|data scientists|"
    r"analysts|experts|specialists|consultants|lawyers|attorneys|advisors|advisers|nurses|"
    r"doctors|clinicians|physicians|PhDs|recruiters|reps|salespeople|agents|editors|writers|"
    r"volunteers|mentors|coaches|tutors|Ingenieur\w*|Entwickler\w*|ingénieurs|développeurs|"
    r"chercheurs|ingenieros|ingegneri|engenheiros)\b"
    # "a team of 60+ data engineers, analysts and go-to-market people" lists the whole company
    r"(?!\s*(?:,|and\b|&|und\b|et\b|y\b|e\b|en\b))",
    re.I,
)
# "scaling the company from 250 to 3,250 employees": growth, whose end is the current count
# only when the company itself grew ("we grew from 10 to 120 people").
_GROWTH_START = re.compile(r"\bfrom\s+\Z", re.I)
_GROWTH_OWNER = re.compile(
    r"\b(?:we(?:'ve| have)?|our (?:team|company|headcount))\s+(?:\w+\s+){0,2}"
    r"(?:grew|grown|scaled|went)\b",
    re.I,
)


_GROWN_TO = _HEADCOUNT[-1][0]
_FIRST_PERSON = re.compile(
    r"\b(?:we|we're|we’re|our|us|wir|unser\w*|nous|notre|nos|nosotros|nuestr\w*|noi|nostr\w*|"
    r"siamo|somos|wij|ons|onze|nós|noss\w*|the company|l'entreprise|la société|das Unternehmen|"
    r"la empresa|l'azienda|het bedrijf|a empresa)(?!\w)",
    re.I,
)


def _owned(sentence: str, company_names: Iterable[str]) -> bool:
    """Whether a sentence speaks of the company: first person, or one of its names."""
    lowered = sentence.lower()
    return bool(_FIRST_PERSON.search(sentence)) or any(
        n and len(n) > 2 and regex_scan.search(rf"\b{re.escape(n.lower())}\b", lowered)
        for n in company_names
    )


def _grew_itself(before: str, company_names: Iterable[str]) -> bool:
    """Whether "grown to N people" has the company as its subject ("we've", "Acme has")."""
    names = [re.escape(n) for n in company_names if n and len(n) > 2]
    subject = "|".join([r"we", r"we've", r"we’ve", r"we have", r"our (?:team|company|headcount)",
                        r"the company", *names])  # fmt: skip
    return bool(
        regex_scan.search(
            rf"\b(?:{subject})\s+(?:has\s+|have\s+|had\s+)?(?:now\s+|since\s+\w+\s+)?\Z",
            before,
            re.I,
        )  # fmt: skip
    )


def headcount_value(match: re.Match[str]) -> tuple[int, float] | None:
    """Return (representative count, confidence penalty) of a headcount match.

    A range counts as its midpoint and "180+" as its lower bound, each slightly less sure.
    """
    groups = match.groupdict()
    if groups.get("low") and groups.get("high"):
        low, high = parse_quantity(groups["low"]), parse_quantity(groups["high"])
        if low is None or high is None or not 0 < low < high:
            return None  # "gone from 0 to 230 employees" is growth, not a band
        return (low + high) // 2, 0.1
    if not groups.get("qty") or (value := parse_quantity(groups["qty"])) is None:
        return None
    penalty = (0.05 if groups.get("plus") else 0.0) + (
        0.05 if not groups["qty"][0].isdigit() else 0
    )
    return value, penalty


def _demonym_pattern(names: Iterable[str]) -> str | None:
    """Staff called after the company: "340+ At-Bayers", "8,000 Stripes", "200 Acmeites"."""
    spelled = [re.escape(n) for n in names if n and len(n) >= 4 and " " not in n]
    if not spelled:
        return None
    return (
        rf"\b{QUALIFIER}{QUANTITY}\s*\n?\s*(?-i:(?:{'|'.join(spelled)}))(?:s|ers|ians|ites)"
        r"(?![\w-])(?!\s+(?:users|customers|clients|members of))"
    )


def extract_headcount(text: str, url: str, company_names: Iterable[str] = ()) -> list[Candidate]:
    """Find headcount statements: "a team of 180+", "150–200 employees", "1.200 Mitarbeiter".

    Not a headcount: a part of the company ("a team of nine engineers"), the market ("for
    companies with 50-500 employees"), a career in a biography ("scaled Globex from 250 to
    3,250 employees") or another company's growth. Staff named after the company ("8,000
    Stripes") count when `company_names` spell it.
    """
    rules = list(_RULES)
    if demonym := _demonym_pattern(company_names):
        rules.append(_Rule.of(demonym, 0.65))
    lowered = text.lower()
    found: list[Candidate] = []
    seen: set[tuple[int, str]] = set()
    for rule in rules:
        if not rule.required.may_occur_in(lowered):
            continue
        for match in regex_scan.finditer(rule.regex, text):
            before = text[max(0, match.start() - 60) : match.start()].rsplit("\n", 1)[-1]
            if _MARKET_CONTEXT.search(before) or _SUB_TEAM.match(text, match.end()):
                continue
            quote = sentence_at(text, match.start(), match.end())
            if is_biography(quote) or _quoted_speech(quote):
                continue
            if rule.needs_owner and not _owned(quote, company_names):
                continue  # "Now a team of 7 feels like 70": anyone's team
            if rule.regex.pattern == _GROWN_TO and not _grew_itself(before, company_names):
                continue  # "the team at Globex has grown to 300 people"
            parsed = headcount_value(match)
            if parsed and match.groupdict().get("low") and _GROWTH_START.search(before):
                if not _GROWTH_OWNER.search(quote):
                    continue
                parsed = (parse_quantity(match.group("high")) or 0, 0.1)
            if parsed is None or not 2 <= parsed[0] <= 5_000_000 or (parsed[0], quote) in seen:
                continue
            seen.add((parsed[0], quote))
            found.append(
                ("employee_count", rule_field(parsed[0], url, quote, rule.confidence - parsed[1]))
            )
    return found


def _quoted_speech(sentence: str) -> bool:
    """Whether the sentence is a quotation (a customer's testimonial), not the company speaking."""
    return sentence.lstrip()[:1] in '"“”„«' or sentence.rstrip()[-1:] in '"“”»'
