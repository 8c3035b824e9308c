r"""Buying committee: people and titles from team/leadership pages, mapped to persona roles.

People come from schema.org Person markup (name + jobTitle) or from the visible text, where
team pages print a name with its title on the next line ("Jane Doe\\nChief Executive Officer")
or on the same one ("Jane Doe, CTO", "Jane Doe – Head of Sales"). Titles map to personas by
ordered rules: economic_buyer, technical_evaluator, champion, user; advisors, investors and
board members are not part of a buying committee and are left out.
"""

from __future__ import annotations

import re
from typing import Any

from agent.models import Evidence, Person, Persona
from tools.firmographics.structured_data import jsonld_quote
from tools.html import ParsedPage

TeamMember = Person
"""A person of the company (the contract's `Person`)."""


_TITLE_WORDS = (
    r"CEO|CTO|CFO|COO|CMO|CRO|CPO|CIO|CISO|CDO|Chief|President|Founder|Co-?founder|Owner|"
    r"Partner|Director|VP|SVP|EVP|Vice President|Head|Lead|Manager|Engineer|Developer|Architect|"
    r"Officer|Designer|Analyst|Specialist|Consultant|Executive|Representative|Associate|"
    r"Coordinator|Scientist|Counsel|Advisor|Adviser|Chair(?:man|woman|person)?|Board|Investor|"
    r"Recruiter|Marketer|Accountant|Administrator|Assistant|Intern|"
    r"Werkstudent(?:in)?|Praktikant(?:in)?|Referent(?:in)?|Assistent(?:in)?|Sachbearbeiter(?:in)?|"
    r"Stagiaire|Alternante?|Chargée? de|Chef de|"
    r"Geschäftsführer(?:in)?|Gründer(?:in)?|Mitgründer(?:in)?|Leiter(?:in)?|Vorstand\w*|"
    r"Inhaber(?:in)?|Entwickler(?:in)?|Ingenieur(?:in)?|Berater(?:in)?|Beirat|Aufsichtsrat|"
    r"Directeur|Directrice|Fondateur|Fondatrice|Cofondateur|Cofondatrice|PDG|Responsable|"
    r"Ingénieur|Ingénieure|Développeur|Développeuse|Gérant|Gérante|Président|Présidente"
)
_TITLE = re.compile(rf"(?<![\w-])(?:{_TITLE_WORDS})(?![\w-])", re.I)
# "Jane", "O’Neil", "McDonald", "Jean-Luc", "J."
_UPPER, _LOWER = "A-ZÀ-ÞŁŚŻ", "a-zà-ÿłśżćńó"
_NAME_TOKEN = rf"(?:(?:[A-Z]['’])?[{_UPPER}][{_LOWER}]+(?:-?[{_UPPER}][{_LOWER}]+)*|[A-Z]\.)"
_PARTICLE = r"(?:van|von|der|den|de|da|di|del|du|la|le|bin|al|ter|zu)"
_NAME = re.compile(rf"{_NAME_TOKEN}(?: (?:{_PARTICLE} )*{_NAME_TOKEN}){{1,3}}")
_NOT_NAME_WORDS = frozenset(
    "our the team meet about contact leadership board directors advisors investors management "
    "executive join us company news read more view profile careers home blog press privacy "
    "policy terms learn get started sign log book demo pricing product products customers "
    "partners resources support why how what we are unser unsere das die notre nos "
    "équipe follow open positions jobs linkedin twitter email office offices founders people "
    "culture values mission vision story history see all employees at with and for new".split()
)
_SAME_LINE = re.compile(
    r"^(?P<name>[^,|–—(]{3,50}?)\s*(?:,|\||–|—| - |\()\s*(?P<title>[^)]{2,80})\)?$"
)

_EXCLUDED = re.compile(
    r"\b(?:advis[eo]r|investor|board member|member of the board|non[- ]executive|chair(?:man|"
    r"woman|person)?\b|beirat|aufsichtsrat|conseil d'administration|intern|praktikant|stagiaire)",
    re.I,
)
_TOP_EXECUTIVE = re.compile(
    r"\b(?:CEO|chief executive|president|owner|managing director|managing partner|general "
    r"manager|geschäftsführer\w*|inhaber\w*|vorstand\w*|PDG|directeur général|directrice "
    r"générale|gérante?|présidente?)\b",
    re.I,
)
_TECHNICAL = re.compile(
    r"\b(?:CTO|CIO|CISO|chief (?:technology|technical|information|security|data|digital) "
    r"officer|engineer\w*|developer|architect|IT|technolog\w*|technical|security|infrastructure|"
    r"devops|platform|site reliability|SRE|data|sysadmin|entwickl\w*|ingenieur\w*|informatik|"
    r"développeu\w*|ingénieu\w*|technique|informatique)\b",
    re.I,
)
_SENIOR = re.compile(
    r"\b(?:chief|C[A-Z]O|founder|co-?founder|VP|SVP|EVP|vice president|partner|gründer\w*|"
    r"mitgründer\w*|fondat\w*|cofondat\w*)\b",
    re.I,
)
_CHAMPION = re.compile(
    r"\b(?:head|director|directeur|directrice|lead|manager|leiter\w*|responsable|principal)\b", re.I
)
_INDIVIDUAL_MANAGER = re.compile(r"\b(?:account|success|community|office) manager\b", re.I)


def persona_for(title: str) -> Persona | None:
    """Map a job title to a buying-committee persona; None for advisors, investors, the board."""
    if _EXCLUDED.search(title):
        return None
    if _TOP_EXECUTIVE.search(title):
        return "economic_buyer"
    if _TECHNICAL.search(title):
        return "technical_evaluator"
    if _SENIOR.search(title):
        return "economic_buyer"
    if _CHAMPION.search(title) and not _INDIVIDUAL_MANAGER.search(title):
        return "champion"
    return "user"


def is_title(line: str) -> bool:
    """Return whether a line reads like a job title."""
    return len(line) <= 100 and bool(_TITLE.search(line)) and not line.endswith((".", "!", "?"))


def is_person_name(line: str) -> bool:
    """Return whether a line reads like a person's name (2-4 capitalised words, no title)."""
    text = line.strip()
    if len(text) > 50 or not _NAME.fullmatch(text) or _TITLE.search(text):
        return False
    return not any(word.lower().strip(".") in _NOT_NAME_WORDS for word in text.split())


def _member(name: str, title: str, quotes: list[str], url: str) -> TeamMember:
    return TeamMember(
        name=name.strip(),
        title=title.strip(),
        persona=persona_for(title),
        evidence=[Evidence(url=url, quote=q) for q in quotes],
    )


_PERSON_KEYS = ("employee", "employees", "founder", "founders", "member", "members")


def _people_in_jsonld(page: ParsedPage) -> list[TeamMember]:
    people: list[dict[str, Any]] = []

    def walk(node: Any) -> None:
        if isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            types = node.get("@type", [])
            if "Person" in (types if isinstance(types, list) else [types]):
                people.append(node)
            for key, value in node.items():  # document order
                if key in _PERSON_KEYS:
                    walk(value)

    walk(page.jsonld)
    members = []
    for person in people:
        name, title = person.get("name"), person.get("jobTitle")
        if not (isinstance(name, str) and isinstance(title, str)):
            continue
        quotes = [jsonld_quote(page, "name", name), jsonld_quote(page, "jobTitle", title)]
        if all(quotes):
            members.append(_member(name, title, [q for q in quotes if q], page.url))
    return members


def _people_in_text(page: ParsedPage) -> list[TeamMember]:
    lines = page.text.splitlines()
    members: list[TeamMember] = []
    index = 0
    while index < len(lines):
        line = lines[index].strip()
        following = lines[index + 1].strip() if index + 1 < len(lines) else ""
        if is_person_name(line) and is_title(following) and not is_person_name(following):
            members.append(
                _member(line, following, [f"{lines[index]}\n{lines[index + 1]}"], page.url)
            )
            index += 2
            continue
        same_line = _SAME_LINE.match(line)
        if same_line and is_person_name(same_line["name"]) and is_title(same_line["title"]):
            members.append(_member(same_line["name"], same_line["title"], [line], page.url))
        index += 1
    return members


def extract_team(page: ParsedPage) -> list[TeamMember]:
    """Return the people named with a title on a team/leadership page, with personas."""
    members = _people_in_jsonld(page)
    known = {m.name.lower() for m in members}
    for member in _people_in_text(page):
        if member.name.lower() not in known:
            known.add(member.name.lower())
            members.append(member)
    return members
