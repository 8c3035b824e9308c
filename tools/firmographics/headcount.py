"""Headcount from prose: "a team of 180+", "150–200 employees", "1.200 Mitarbeiter".

Every rule returns `("employee_count", Field)` candidates whose evidence quote is the sentence
of the page's visible text the value was read from. Fact-sheet lines ("Company size: 51-200
employees") are read in `tools.firmographics.labelled_facts`.
"""

from __future__ import annotations

import re

from agent.models import Field
from tools.firmographics.numbers import NUMBER, NUMBER_WORDS, parse_quantity
from tools.firmographics.rule_evidence import rule_field, sentence_at

Candidate = tuple[str, Field]

QUALIFIER = (
    r"(?:(?:over|more than|nearly|almost|about|around|approximately|roughly|close to|some|"
    r"über|mehr als|rund|ca\.|circa|etwa|knapp|plus de|près de|environ|quelque)\s+)?"
)
# The lookbehinds keep the "200" of "150-200" from matching on its own.
_NOT_RANGE_END = r"(?<![-–—\d.,])(?<![-–—]\s)(?<!\bto\s)(?<!\bbis\s)"
QUANTITY = rf"{_NOT_RANGE_END}(?P<qty>{NUMBER}|{NUMBER_WORDS})(?P<plus>\s?\+)?"
"""A count ("180", "1.200", "two hundred"), optionally "180+"."""
RANGE = rf"(?P<low>{NUMBER})\s?(?:-|–|—|to|bis|à)\s?(?P<high>{NUMBER})"
"""A range of counts ("150-200", "50 bis 100")."""
_STAFF_NOUN = (
    r"(?:full[- ]time\s+)?(?:employees|employee|staff members|team members|staff|FTEs|"
    r"Mitarbeiter(?:innen|:innen|\*innen|_innen)?|Mitarbeitende[n]?|Beschäftigte[n]?|"
    r"employés|collaborateurs|collaboratrices|salariés)"
)
_PEOPLE = r"(?:people|persons|Menschen|Personen|personnes)"
_TEAM_WORD = r"(?:team|staff|workforce|headcount|crew|family|équipe)"
_EMPLOY = r"(?:employ|employs|employing|beschäftigt|beschäftigen|emploie|emploient)"
_WORK_HERE = r"(?:work(?:ing)?\s+(?:at|for|here|with us)|on (?:our|the) team|in our team)"
_HEADCOUNT = [
    (rf"\b{_TEAM_WORD}\s+(?:of|von|de)\s+{QUALIFIER}{QUANTITY}(?:\s+{_PEOPLE}|\s+{_STAFF_NOUN})?",
     0.7),
    (rf"\b{QUALIFIER}{RANGE}\s+{_STAFF_NOUN}\b", 0.65),
    (rf"\b{QUALIFIER}{QUANTITY}\s+{_STAFF_NOUN}\b", 0.7),
    (rf"\b{QUANTITY}[- ](?:strong|person|people|member)\s+team\b", 0.7),
    (rf"\b{_EMPLOY}\s+{QUALIFIER}{QUANTITY}\b", 0.7),
    (rf"\b(?:we are|we're|we’re|wir sind|nous sommes)\s+(?:now\s+)?{QUALIFIER}"
     rf"(?:{RANGE}|{QUANTITY})\s+{_PEOPLE}", 0.65),
    (rf"\b{QUALIFIER}{QUANTITY}\s+{_PEOPLE}\s+{_WORK_HERE}", 0.65),
]  # fmt: skip
# "for companies with 50-500 employees" describes the market, not the company.
_MARKET_CONTEXT = re.compile(
    r"\b(?:compan(?:y|ies)|businesses|organi[sz]ations|firms|teams|customers|clients|brands|"
    r"enterprises|Unternehmen|Firmen|entreprises|sociétés)\s+(?:with|of|having|mit|von|avec|de)"
    r"\s+(?:\w+\s+){0,3}\Z|\b(?:up to|bis zu|jusqu'à)\s+\Z",
    re.I,
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
            found.append(
                ("employee_count", rule_field(parsed[0], url, quote, confidence - parsed[1]))
            )
    return found
