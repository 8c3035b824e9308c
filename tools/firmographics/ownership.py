"""Ownership from prose (en, de, fr): "acquired by BigCo", acquisitions, "backed by Sequoia".

A company bought by another has the funding stage "acquired"; the companies it bought and its
investors are extras (facts outside the contract). Whether the company is the buyer or the
bought one depends on the sentence's subject.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from agent.models import Field
from tools import regex_scan
from tools.firmographics.rule_evidence import rule_field, sentences_matching
from tools.firmographics.subjects import SUBJECT_US, names_in

Candidate = tuple[str, Field]

_ORG = r"[A-Z][\w&'-]*(?: [A-Z][\w&'-]*){0,3}"
_WAS_ACQUIRED = (
    r"\b(?:was|were|has been|have been|is now|wurde|a été|fue|ha sido|è stata|è stato|werd|"
    r"is|foi)\s+(?:(?:recently|in \d{4}|en \d{4}|nel \d{4}|em \d{4})\s+)?"
    r"(?:acquired|purchased|bought|übernommen|rachetée?|acquise?|adquirid[ao]|acquisit[ao]|"
    r"overgenomen|comprad[ao])\s+(?:by|von|durch|par|por|pela|pelo|da|dalla|door)\s+"
    rf"(?P<buyer>{_ORG})|\b(?:is|are) now (?:a )?part of (?P<buyer2>{_ORG})"
    rf"|\ba (?:wholly[- ]owned )?subsidiary of (?P<buyer3>{_ORG})"
)
_ACQUIRES = (
    rf"(?P<subject>{_ORG}|{SUBJECT_US})\s+(?:has\s+|have\s+|hat\s+)?(?:acquired|acquires|to "
    rf"acquire|bought|buys|übernimmt|übernommen|rachète|a racheté)\s+(?P<target>{_ORG})"
)
_POSSESSIVE = re.compile(r"['’]s?\b|['’]s?$")
_BACKED = (
    r"\b(?:backed by|funded by|investors include|supported by investors|unterstützt von|"
    r"finanziert von|soutenue? par)\s+(?P<investors>[A-Z][^.!?\n]{2,120})"
)


def extract_ownership(text: str, url: str, company_names: Iterable[str] = ()) -> list[Candidate]:
    """Find "acquired by X" (stage "acquired"), our acquisitions, and investors ("backed by").

    Whether the company is the buyer or the bought one depends on the sentence's subject:
    "we" or one of `company_names` (e.g. from JSON-LD or the domain) is the company itself.
    """
    names = [n.lower() for n in company_names if n and len(n) > 1]
    found: list[Candidate] = []
    for sentence, match in sentences_matching(text, _WAS_ACQUIRED, re.NOFLAG):
        before = sentence[: max(sentence.find(match.group(0)), 0)]
        buyer = match.group("buyer") or match.group("buyer2") or match.group("buyer3") or ""
        if names_in(buyer, names):
            continue  # "Acme Security, LLC is a wholly owned subsidiary of Acme, Inc."
        if (
            not before.strip()
            or regex_scan.search(rf"\b{SUBJECT_US}\b", before, re.I)
            or names_in(before, names)
        ):
            found.append(("funding_stage", rule_field("acquired", url, sentence, 0.7)))
    for sentence, match in sentences_matching(text, _ACQUIRES, re.NOFLAG):
        subject, target = match.group("subject"), match.group("target").strip()
        if _POSSESSIVE.search(target) or _POSSESSIVE.match(sentence, match.end("target")):
            continue  # "Globex to acquire Acme's mining operation" buys a part, not the company
        if regex_scan.fullmatch(SUBJECT_US, subject, re.I) or names_in(subject, names):
            found.append(("acquisitions", rule_field(target, url, sentence, 0.6)))
        elif names_in(target, names):
            found.append(("funding_stage", rule_field("acquired", url, sentence, 0.65)))
    for sentence, match in sentences_matching(text, _BACKED, re.NOFLAG):
        investors = [
            i.strip(" ,") for i in re.split(r",| and | und | et ", match.group("investors"))
        ]
        investors = [i for i in investors if i and i[0].isupper()][:6]
        if investors:
            found.append(("investors", rule_field(investors, url, sentence, 0.6)))
    return found
