"""Reading contact job titles: canonical words, seniority and department.

A title is folded (lower case, accents removed), phrases in other languages and abbreviations
are rewritten to canonical English ("Leiter Vertrieb" → "head of sales", "CRO" → "chief
revenue officer", "Sr." → "senior"), and ordered rules then read the seniority (c-level, vp,
director, manager, individual) and the department. Everything here is a pure function.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from agent.leads.title_words import (
    FILLER_WORDS,
    FRENCH_MARKERS,
    FRENCH_SALES,
    PHRASES,
    STOP_WORDS,
    WORDS,
)

_PUNCTUATION = re.compile(r"[^\w\s]+")
# A qualifier after " - ", ",", "(", "|" or ":" ("Data Scientist - Sales") does not name the
# department when the part before it does ("Software Engineer, Data Platform").
_QUALIFIER = re.compile(r"\s[-–—|]\s?|\s?[–—|(:,/]")
_PHRASE_PATTERN = re.compile(
    r"(?<!\w)(?:"
    + "|".join(re.escape(p) for p in sorted(PHRASES, key=len, reverse=True))
    + r")(?!\w)"
)

# Roles called "manager" that manage accounts, products or projects rather than people.
_INDIVIDUAL_MANAGERS = re.compile(
    r"\b(?:account|product|project|program|programme|customer success|success|community|"
    r"territory|partner|case|office|relationship|portfolio|category|channel|marketing campaign"
    r"|campaign|content|social media|event|events) manager\b"
)
_SENIORITY_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("manager", re.compile(r"\bchiefofstaff\b")),
    ("individual", re.compile(r"\bassistant$|\bassistant to\b|\bexecutive assistant\b")),
    ("c-level", re.compile(
        r"\bchief\b|\bfounder\b|\bcofounder\b|\bowner\b|(?<!vp )\bpresident\b"
        r"|\bmanaging director\b|\bmanaging partner\b|\bgeneral partner\b")),
    ("vp", re.compile(r"\bvp\b")),
    ("director", re.compile(r"\bdirector\b|\bhead\b|\bgeneral manager\b")),
    ("manager", re.compile(r"\bmanager\b|\bsupervisor\b|\bteam lead(?:er)?\b")),
)  # fmt: skip

_DEPARTMENT_RULES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern))
    for name, pattern in (
        (
            "sales_development",
            r"\bsales development\b|\bbusiness development representative\b"
            r"|\b(?:lead|account|market|pipeline) development representative\b|\bprospecting\b",
        ),
        (
            "revenue_operations",
            r"\b(?:revenue|sales|gtm|commercial) (?:operations|enablement)\b"
            r"|\bcrm\b|\bsalesforce administrator\b",
        ),
        ("design", r"\bdesign(?:er)?\b|\bux\b|\bui\b|\bcreative director\b|\bart director\b"),
        (
            "marketing",
            r"\bmarketing\b|\bdemand generation\b|\bbrand\b|\bcommunications\b"
            r"|\bpublic relations\b|\bseo\b|\bsocial media\b|\bcontent\b|\bgrowth\b"
            r"|\bdeveloper relations\b|\bcopywriter\b|\bevents?\b",
        ),
        (
            "customer_success",
            r"\bcustomer (?:success|support|service|experience|care)\b"
            r"|\bclient (?:success|services?)\b|\baccount management\b|\bsupport\b|\bonboarding\b"
            r"|\brenewals?\b|\bimplementation\b"
            r"|\b(?:technical )?account manager\b(?<!key account manager)",
        ),
        ("data", r"\brevenue (?:analytics|analyst)\b"),
        (
            "sales",
            r"\bsales\b|\brevenue\b|\baccount executive\b|\bbusiness development\b"
            r"|\bkey account\b|\bcommercial\b|\bpresales\b"
            r"|\bsolutions? (?:engineer|consultant|architect)\b"
            r"|\bpartnerships?\b|\bchannel\b|\balliances\b|\bbusiness developer\b",
        ),
        ("security", r"\bsecurity\b|\bcyber\w*\b"),
        (
            "data",
            r"\bdata\b|\banalytics\b|\banalyst\b|\bbusiness intelligence\b"
            r"|\bmachine learning\b|\bstatistic\w*\b|\bdeep learning\b|\bcomputer vision\b",
        ),
        (
            "research",
            r"\bscientists?\b|\bresearch\b|\blab(?:oratory)?\b|\bchemist\b|\bbiologist\b"
            r"|\bpostdoc\w*\b",
        ),
        (
            "product",
            r"\bproduct (?:manager|management|owner|lead|director|operations)\b"
            r"|\b(?:head|vp|director|chief) product\b|\bchief product officer\b",
        ),
        (
            "engineering",
            r"\bengineer(?:ing|s)?\b|\bdevelopers?\b|\bsoftware\b|\bdevops\b"
            r"|\bsite reliability\b|\bsre\b|\barchitect\b|\bprogrammer\b|\btechnology\b"
            r"|\bquality assurance\b|\bfirmware\b|\bfull ?stack\b|\bfront ?end\b|\bback ?end\b"
            r"|\btech lead\b|\btechnical\b",
        ),
        (
            "it",
            r"\bit\b|\binformation technology\b|\bchief information officer\b"
            r"|\bsystems? administrator\b|\bsysadmin\b|\bnetwork\b|\bhelp ?desk\b",
        ),
        (
            "finance",
            r"\bfinanc\w*\b|\baccount(?:ing|ant)\b|\bcontroller\b|\btreasur\w*\b"
            r"|\btax\b|\baudit\w*\b|\bpayroll\b|\bactuar\w*\b",
        ),
        ("people", r"\bhuman resources\b|\bpeople\b|\btalent\b|\brecruit\w*\b"),
        (
            "legal",
            r"\blegal\b|\bcounsel\b|\battorney\b|\blawyer\b|\bcompliance\b|\bparalegal\b"
            r"|\bprivacy\b",
        ),
        ("procurement", r"\bprocurement\b|\bpurchasing\b|\bsourcing\b"),
        (
            "operations",
            r"\boperations\b|\boperating\b|\blogistics\b|\bsupply chain\b"
            r"|\bfacilities\b|\boffice manager\b",
        ),
        (
            "executive",
            r"\bchief executive officer\b|\bfounder\b|\bcofounder\b|\bowner\b"
            r"|\bpresident\b|\bmanaging director\b|\bgeneral manager\b|\bmanaging partner\b"
            r"|\bchiefofstaff\b|\bexecutive director\b",
        ),
    )
)


@dataclass(frozen=True)
class ParsedTitle:
    """A job title read into canonical words, seniority and department."""

    title: str
    """The title as given."""
    words: tuple[str, ...]
    """Canonical English words without stop words ("vp revenue operations enablement")."""
    seniority: str | None
    """c-level | vp | director | manager | individual; None for an empty title."""
    department: str | None
    """One of `agent.personas.DEPARTMENTS`, or None when the title names none."""

    @property
    def canonical(self) -> str:
        """Return the canonical words as one string."""
        return " ".join(self.words)


def fold(text: str) -> str:
    """Return lower-case text without accents ("Geschäftsführer" → "geschaftsfuhrer")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().replace("ß", "ss"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=4096)
def canonical_words(text: str) -> tuple[str, ...]:
    """Return the canonical English words of a title or a persona pattern."""
    folded = fold(text).replace("&", " and ").replace("'", " ").replace("’", " ")
    folded = folded.replace("co-founder", "cofounder").replace("vice-president", "vp")
    folded = " ".join(_PUNCTUATION.sub(" ", folded).split())
    raw = folded.split()
    french = any(word in FRENCH_MARKERS for word in raw)
    folded = _PHRASE_PATTERN.sub(lambda m: PHRASES[m.group(0)], folded)
    words: list[str] = []
    for word in folded.split():
        if french and word in FRENCH_SALES:
            word = "sales"
        words.extend(WORDS.get(word, word).split())
    return tuple(w for w in words if w not in STOP_WORDS)


def seniority_of(canonical: str) -> str:
    """Return the seniority level read from canonical words."""
    for level, pattern in _SENIORITY_RULES:
        if pattern.search(canonical):
            if level == "manager" and _only_individual_manager(canonical):
                continue
            return level
    return "individual"


def _only_individual_manager(canonical: str) -> bool:
    """Whether every "manager" in the title is a role like "account manager" (not a boss)."""
    if not _INDIVIDUAL_MANAGERS.search(canonical):
        return False
    rest = _INDIVIDUAL_MANAGERS.sub(" ", canonical)
    return not re.search(r"\bmanager\b|\bsupervisor\b|\bteam lead", rest)


def department_of(canonical: str) -> str | None:
    """Return the department read from canonical words, or None."""
    for name, pattern in _DEPARTMENT_RULES:
        if pattern.search(canonical):
            return name
    return None


@lru_cache(maxsize=65536)
def parse_title(title: str) -> ParsedTitle:
    """Read a job title ("VP, Revenue Operations & Enablement") into seniority and department."""
    words = tuple(w for w in canonical_words(title) if w not in FILLER_WORDS)
    if not words:
        return ParsedTitle(title=title, words=(), seniority=None, department=None)
    return ParsedTitle(
        title=title,
        words=words,
        seniority=seniority_of(" ".join(words)),
        department=_leading_department(title),
    )


def _leading_department(title: str) -> str | None:
    """Return the department named earliest: in the first segment, else the first two ..."""
    cuts = [m.start() for m in _QUALIFIER.finditer(title)] + [len(title)]
    for cut in cuts:
        words = [w for w in canonical_words(title[:cut]) if w not in FILLER_WORDS]
        department = department_of(" ".join(words)) if words else None
        if department is not None:
            return department
    return None
