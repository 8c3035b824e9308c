"""Which kind of buying signal a headline announces, and whether it is about this company.

Rules, not a model: a trigger phrase per signal type in EN, DE, FR, ES, IT, NL and PT, and a
subject check. The words before the trigger must name the company (its name, its domain's
brand, "we"), or be empty ("Raises $20M to …" on the company's own newsroom). A headline whose
subject is someone else ("Globex, an Acme customer, raises $20M", "How Globex raised its Series
B") is not this company's signal, and neither is a sentence addressed to a reader or a model.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from agent.models import SignalType
from tools.evidence import reads_like_instructions

# Trigger phrases on accent-free lower-case text, per type; the first match wins, so the
# order puts the unambiguous kinds first.
_TRIGGERS: tuple[tuple[SignalType, str], ...] = (
    (
        "acquisition",
        r"\b(?:acquires?|acquired|acquiring|to acquire|acquisition of|merges? with"
        r"|ubernimmt|uebernimmt|ubernahme|acquiert|rachete|rachat de|adquiere"
        r"|adquirida|adquirido|adquisicion de|acquisisce|acquisizione|neemt \w+ over"
        r"|overname|adquire|aquisicao)\b",
    ),
    (
        "funding",
        r"\b(?:raises?|raised|raising|secures?|secured|closes?|closed|lands?|announces?)"
        r"\b[^.!?]{0,80}?\b(?:funding|financing|investment|round|series [a-h]\b|seed\b"
        r"|pre-seed|growth equity|capital)"
        r"|\b(?:series [a-h]|seed|pre-seed) (?:funding|financing|round|investment)\b"
        r"|\b(?:finanzierungsrunde|sammelt|erhalt \S+ (?:millionen|mio)|leve|levee de fonds"
        r"|recauda|levanta|ronda de financiacion|raccoglie|round di|haalt \S+ op"
        r"|investeringsronde|capta|rodada de investimento)\b",
    ),
    (
        "leadership_hire",
        r"\b(?:appoints?|appointed|names?|named|hires?|hired|welcomes?|promotes?"
        r"|joins|has joined|ernennt|beruft|nomme|nommee?|nombra|nombrado|nomina"
        r"|nominato|benoemt|benoemd|nomeia|nomeado)\b",
    ),
    (
        "partnership",
        r"\b(?:partners? with|partnership|partnering|strategic alliance|teams up with"
        r"|collaboration with|partnerschaft|kooperation mit|partenariat|s'associe"
        r"|alianza|asociacion con|accordo con|samenwerking|parceria)\b",
    ),
    (
        "expansion",
        r"\b(?:opens?|opened|opening) (?:a |an |its |our )?(?:new )?(?:\w+ )?"
        r"(?:office|headquarters|hub|location|data ?cent(?:er|re))"
        r"|\bexpands? (?:to|into|in|its|our)\b|\bexpansion (?:to|into|in)\b"
        r"|\benters? the \w+(?: \w+)? market|\blaunch(?:es|ed)? in (?:the )?\w+"
        r"|\beroffnet|\bneuer? standort|\bexpandiert|\bouvre (?:un|une|son|ses)"
        r"|\bs'implante|\babre (?:una? |su )?(?:nueva? )?oficina|\bse expande"
        r"|\bapre (?:una? |il |la )?(?:nuov[oa] )?(?:sede|ufficio)|\bopent .*kantoor"
        r"|\babre (?:um|uma|seu|sua) (?:novo |nova )?escritorio",
    ),
    (
        "product_launch",
        r"\b(?:launch(?:es|ed|ing)?|introduc(?:es|ed|ing)|unveils?|unveiled"
        r"|announces? (?:the )?(?:general availability|availability|new|launch)"
        r"|now available|(?<!press )releases?|debuts?|rolls? out|startet|lanciert"
        r"|stellt \S+ vor|lance|lancement|presente|lanza|lanzamiento|lancia"
        r"|lanceert|introduceert|lanca|lancamento)\b",
    ),
)
_COMPILED = tuple((kind, re.compile(pattern)) for kind, pattern in _TRIGGERS)
# Leadership words: a hire is a leadership hire only with one of these in the headline.
_LEADERSHIP = re.compile(
    r"\b(?:chief|ceo|cfo|cto|coo|cro|cmo|cpo|ciso|cio|president|vice president|vp|svp|evp"
    r"|head of|general manager|managing director|board of directors|board member|chair"
    r"|geschaftsfuhrer|vorstand|directeur general|directrice generale|director general"
    r"|directeur|director|direttore|amministratore delegato|bestuurder|diretor)\b"
)
# Words saying the subject is somebody else the company works with.
_OTHER_PARTY = re.compile(
    r"\b(?:customers?|clients?|users?|partners?|portfolio compan(?:y|ies)|investees?"
    r"|kunden?|kundin|clientes?|cliente|klanten?|klant|how|why|case study|story|stories"
    r"|success)\b"
)
_FIRST_PERSON = re.compile(
    r"\b(?:we|we've|we're|our|wir|unser|nous|notre|nosotros|nuestra?"
    r"|noi|nostra|nostro|wij|ons|onze|nos|nossa|nosso)\b"
)
# Text addressed to a program, or telling the reader what to record, is never an announcement.
_ADDRESSED = re.compile(
    r"\b(?:agents?|ai|llms?|crawlers?|bots?|assistants?|models?|scrapers?)\s*[:,]"
    r"|\bplease (?:record|set|note|mark|store|update|ignore|treat|list)\b"
)
_WORD = re.compile(r"[a-z0-9][a-z0-9&'.-]*")
# Generic words a headline may start with before its verb ("Today, …", "Breaking: …").
_FILLER = frozenset(
    "today breaking news press release update announcement officially finally now just "
    "proudly heute aujourd'hui hoy oggi vandaag hoje the a an".split()
)


@dataclass(frozen=True)
class Classified:
    """A headline's signal type and the trigger words that decided it."""

    type: SignalType
    trigger: str


def plain(text: str) -> str:
    """Lower-case `text` without accents or curly apostrophes, spaces collapsed."""
    decomposed = unicodedata.normalize("NFKD", text.replace("\u2019", "'"))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.lower().split())


def company_aliases(domain: str, company_name: str | None) -> list[str]:
    """Return the names a page may call the company: its name and its domain's brand."""
    aliases: list[str] = []
    if company_name:
        name = plain(company_name)
        aliases.append(name)
        # "Acme Robotics, Inc." is also written "Acme Robotics" and "Acme"
        core = re.sub(r",?\s+(?:inc|llc|ltd|gmbh|ag|sa|sas|bv|nv|plc|corp|co)\.?$", "", name)
        aliases.extend({core, core.split()[0]} - {name})
    labels = domain.lower().removeprefix("www.").split(".")
    if labels and len(labels[0]) >= 3:
        aliases.append(labels[0])
    return [alias for alias in dict.fromkeys(aliases) if len(alias) >= 2]


def _names_company(words: str, aliases: list[str]) -> bool:
    squashed = words.replace(" ", "").replace("-", "")
    return any(
        re.search(rf"(?<![a-z0-9]){re.escape(alias)}(?![a-z0-9])", words)
        or alias.replace(" ", "").replace("-", "") in squashed.split("'")[0]
        for alias in aliases
    )


def _subject_is_company(subject: str, aliases: list[str]) -> bool:
    if _OTHER_PARTY.search(subject):
        return False
    if _names_company(subject, aliases) or _FIRST_PERSON.search(subject):
        return True
    words = [w for w in _WORD.findall(subject) if w not in _FILLER]
    return not words  # nothing before the verb: the site's own announcement


def classify_headline(text: str, aliases: list[str]) -> Classified | None:
    """Return the signal a headline announces about the company, or None."""
    if not 12 <= len(text) <= 400 or reads_like_instructions(text):
        return None
    lowered = plain(text)
    if _ADDRESSED.search(lowered):
        return None
    if lowered.endswith("?"):
        return None  # "Should you raise a Series A?" asks, it does not announce
    for kind, pattern in _COMPILED:
        match = pattern.search(lowered)
        if match is None:
            continue
        subject = lowered[: match.start()]
        if kind == "acquisition":
            # "Acme acquires Initech" and "Initech acquires Acme" are both Acme's event
            if not (_names_company(lowered, aliases) or _subject_is_company(subject, aliases)):
                return None
            if _OTHER_PARTY.search(subject):
                return None
        elif kind in ("partnership", "product_launch"):
            if not _subject_is_company(subject, aliases):
                return None
            if kind == "product_launch" and not _WORD.search(lowered[match.end() :]):
                return None  # "Product releases" names a section, not a launch
        elif kind == "leadership_hire":
            if not _LEADERSHIP.search(lowered):
                continue  # "welcomes customers" is no hire; a launch may still match
            joined = re.search(r"\b(?:joins|has joined)\b", lowered)
            if joined and not _names_company(lowered[joined.end() :], aliases):
                return None
            if not joined and not _subject_is_company(subject, aliases):
                return None
        elif not _subject_is_company(subject, aliases):
            return None
        return Classified(kind, match[0])
    return None
