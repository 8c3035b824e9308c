r"""Headquarters from prose (en, de, fr); postal addresses are in `tools.firmographics.addresses`.

"headquartered in Berlin", "our Utrecht headquarters", "our head office on the Kop van Zuid in
Rotterdam", "we're based in Denver's RiNo neighborhood", "Sitz in München", "notre siège à
Lyon". A move gives its destination ("moved our headquarters from Austin to Nashville",
"verlegte ihren Hauptsitz von Bonn nach Köln"); the place left, and one called former
("formerly headquartered in Austin", "our old Boston HQ"), come back as "former_hq_city"
candidates. Each value's evidence is the sentence it was read from.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from agent.models import Field
from tools import regex_scan
from tools.firmographics.addresses import clean_place, split_place
from tools.firmographics.geo import REGIONS, city_country, country_code, us_state
from tools.firmographics.rule_evidence import rule_field, sentence_at

Candidate = tuple[str, Field]

_CAPITALISED = r"[A-ZÄÖÜÉ][\w'’.-]*"
_PLACE = (
    rf"(?P<place>{_CAPITALISED}(?:[ -](?:{_CAPITALISED}|am|an|de|sur|upon))*"
    rf"(?:,\s?{_CAPITALISED}(?: {_CAPITALISED})*){{0,2}})"
)
_HQ_WORD = (
    r"(?:headquartered|headquarters|HQ|head office|main office|home base|"
    # a single office, described: "Our colorful office sits in the middle of Chelsea, New York"
    r"(?-i:[Oo]ur)(?: [a-z][\w-]*){0,2} office(?!s)(?= (?:is|sits|lives|in|at|on)\b))"
)
_HQ = [
    (rf"\b(?:headquartered|headquarters(?: is| are)?|HQ(?: is)?|head office(?: is)?)\s+"
     rf"(?:located\s+)?(?:in|at)\s+(?:the heart of\s+)?{_PLACE}", 0.8),
    (rf"\b(?:Hauptsitz|Firmensitz|Unternehmenssitz|Sitz|Zentrale)\s+(?:ist\s+)?(?:in|im)\s+"
     rf"{_PLACE}", 0.8),
    (rf"\b(?i:siège(?: social)?\s+(?:est\s+)?(?:situé\s+)?(?:à|en))\s+{_PLACE}", 0.8),
    (rf"\b(?:our|unser(?:e[mn]?)?|notre)\s+(?:new\s+|neue[nmr]?\s+|nouveau\s+)?"
     rf"(?P<place>{_CAPITALISED}(?: {_CAPITALISED}){{0,2}})"
     rf"\s+(?:headquarters|head office|HQ|Hauptsitz|Zentrale)\b", 0.75),
    # "Notion is based in beautiful downtown San Francisco": a few lower-case words may come first
    (rf"\b(?:we(?:'re|’re| are)|(?:is|are))\s+(?:(?:now|still|proudly)\s+)?(?:based|located)\s+"
     rf"in\s+(?:[a-z][\w-]*\s+){{0,3}}{_PLACE}", 0.7),
    # es, it, nl, pt: "con sede en Madrid", "con sede a Milano", "gevestigd in Utrecht",
    # "hoofdkantoor in Amsterdam", "com sede em Lisboa", "sede central en Barcelona"
    (rf"\b(?i:con sede (?:central |principal |legale )?(?:en|a|in)|sede (?:central|principal|"
     rf"legale|social)\s+(?:en|a|in|em|está en|è a)|com sede em|sediada em|sedeada em|"
     rf"hoofdkantoor (?:is )?(?:in|te)|gevestigd (?:in|te))\s+{_PLACE}", 0.75),
    (rf"\b(?i:based|located)\s+in\s+{_PLACE}", 0.55),
    (r"\b(?P<place>[A-Z]\w+(?: [A-Z]\w+)?)-based\b", 0.6),
    (rf"\b(?i:ansässig|beheimatet)\s+in\s+{_PLACE}", 0.65),
    (rf"\b(?i:basée?s?|implantée?s?|située?s?)\s+à\s+{_PLACE}", 0.65),
]  # fmt: skip
# The company's nationality in its self-description; only a company noun counts ("a French
# startup", not "French customers").
DEMONYMS = {
    "french": "FR", "german": "DE", "british": "GB", "american": "US", "canadian": "CA",
    "spanish": "ES", "italian": "IT", "dutch": "NL", "swiss": "CH", "swedish": "SE",
    "danish": "DK", "norwegian": "NO", "finnish": "FI", "irish": "IE", "belgian": "BE",
    "austrian": "AT", "portuguese": "PT", "polish": "PL", "israeli": "IL", "indian": "IN",
    "japanese": "JP", "australian": "AU", "brazilian": "BR", "singaporean": "SG",
    "estonian": "EE", "czech": "CZ", "mexican": "MX", "française": "FR", "français": "FR",
    "deutsches": "DE", "deutsche": "DE", "española": "ES", "español": "ES", "italiana": "IT",
    "italiano": "IT", "nederlands": "NL", "nederlandse": "NL", "portuguesa": "PT",
    "brasileira": "BR",
}  # fmt: skip
_COMPANY_NOUN = (
    r"(?:company|startup|start-up|scale-?up|firm|business|unicorn|provider|vendor|group|"
    r"Unternehmen|entreprise|société|start-up|empresa|azienda|società|bedrijf)"
)
_NATIONAL = re.compile(
    rf"(?:^|(?<=[.!?\n])|\b(?i:we are|we're|wir sind|nous sommes|somos|siamo|wij zijn)\b)"
    rf"[^.!?\n]{{0,60}}?\b(?i:is|are|sind|ist|est|es|è|is een|é|,)\s*"
    rf"(?i:a|an|the|une?|ein\w*|una?|een|uma?)\s+(?:[\w-]+\s+){{0,3}}?"
    rf"(?P<nat>(?i:{'|'.join(DEMONYMS)}))\s+(?:[\w-]+\s+){{0,3}}?(?i:{_COMPANY_NOUN})\b"
)
# An HQ word, then the first known place further on in the clause ("... on the Toronto
# waterfront", "... on the Kop van Zuid in Rotterdam").
_HQ_CLAUSE = re.compile(rf"\b{_HQ_WORD}\b(?P<rest>[^.!?\n;]{{1,90}})", re.I)
_PLACE_IN_CLAUSE = re.compile(rf"{_CAPITALISED}(?: {_CAPITALISED}){{0,2}}")
_NOT_PLACES = REGIONS | {"the", "our", "we", "us"}
_NOT_A_TOWN = re.compile(
    r"\b(?:Tower|Building|House|Park|Plaza|Street|Road|Avenue|Center|Centre|Campus|Square|"
    r"Downtown|Midtown|Uptown|Valley|Area|Region|County|State|Europe|America|Asia|Africa)\b"
)
# A city name the gazetteer lacks: one or two capitalised words ("Viareggio", "Bad Homburg").
_TOWN_WORD = r"[A-ZÄÖÜÉ][a-zäöüßéèàáíóúñç'’-]{2,}"
_UNKNOWN_CITY = re.compile(rf"{_TOWN_WORD}(?: {_TOWN_WORD})?")
_SECONDARY = re.compile(
    r"\b(?:with|plus|and|also|second|other|sales|regional)\b(?:\s+[\w'’-]+){0,4}\s*\Z|"
    r"\b(?:offices?|teammates|colleagues|remote\w*)\s+\Z",
    re.I,
)
_MOVE_VERB = (
    r"(?:mov(?:e|ed|es|ing)|relocat(?:e|ed|es|ing)|transferr(?:ed|ing)|shift(?:ed|ing)|"
    r"verleg\w*|zog|zogen|umgezogen|déménag\w*|transfér\w*)"
)
_HQ_NOUN = (
    r"(?:headquarters|HQ|head office|main office|home base|Hauptsitz|Firmensitz|"
    r"Unternehmenssitz|Sitz|Zentrale|siège(?: social)?)"
)
# The company's own headquarters ("our", "its", "unseren", "son"), not "help companies move their
# headquarters".
_OWN = (
    r"(?:our|its|the|the company's|[A-Z][\w&-]*['’]s|unser\w*|seinen|ihren|den|der|die|notre|"
    r"son|le|la)"
)
# "We moved our headquarters from Austin to Nashville", "Our HQ relocated to Denver in 2021",
# "verlegten wir unseren Firmensitz von Köln nach Berlin", "a transféré son siège de Lyon à Paris"
_MOVE = re.compile(
    rf"\b{_MOVE_VERB}\s+(?:[\w'’-]+\s+){{0,2}}?{_OWN}\s+(?:[\w'’-]+\s+)?{_HQ_NOUN}\b"
    rf"|\b{_OWN}\s+(?:[\w'’-]+\s+)?{_HQ_NOUN}\s+(?:(?:has|have|was|were|is|wurde|a|est|"
    rf"officially|then|\d{{4}})\s+){{0,3}}{_MOVE_VERB}\b",
    re.I,
)
_PLACE_NAME = (
    rf"{_CAPITALISED}(?:[ -](?:{_CAPITALISED}|am|an|sur|upon))*"
    rf"(?:,\s?{_CAPITALISED}(?: {_CAPITALISED})*){{0,2}}"
)
_ORIGIN = re.compile(rf"\b(?:from|von|de|d['’])\s*(?P<place>{_PLACE_NAME})")
_DESTINATION = re.compile(rf"\b(?:to|nach|à|vers)\s+(?P<place>{_PLACE_NAME})")
_FORMER_WORD = (
    r"(?:formerly|previously|originally|once|used to be|früher\w*|ehemal\w*|zuvor|anciennement|"
    r"auparavant|autrefois|former|old|previous|original|first|erstwhile|alte[nmr]?|"
    r"ancien(?:ne)?)"
)
# "formerly headquartered in Austin", "our old Austin HQ", "our first headquarters in Boulder"
_FORMER_HQ = r"(?i:headquarters|head office|HQ|Hauptsitz|Firmensitz|siège)"
# Keywords ignore case, place names do not (a place starts with a capital letter).
_FORMER = [
    re.compile(rf"(?<![\w-])(?i:{_FORMER_WORD}\s+(?:headquartered|based|located|ansässig|basée?|"
               rf"installée?)\s+(?:in|at|à|en))\s+(?P<place>{_PLACE_NAME})"),
    re.compile(rf"(?<![\w-])(?i:{_FORMER_WORD})\s+"
               rf"(?P<place>{_CAPITALISED}(?: {_CAPITALISED}){{0,2}})\s+{_FORMER_HQ}\b"),
    re.compile(rf"(?<![\w-])(?i:{_FORMER_WORD})\s+{_FORMER_HQ}\s+(?i:(?:was\s+|were\s+|war\s+|"
               rf"était\s+)?(?:in|at|im|à|en)\s+(?:the\s+|a\s+\w+\s+in\s+)?)(?P<place>{_PLACE_NAME})"),
]  # fmt: skip
# A job's place, a recruiter's client: "This position is based in Austin", "the role can be
# located in Chicago", "join its chemistry team located in Cambridge", "Our client headquartered
# in Manhattan".
_JOB_OR_CLIENT = re.compile(
    r"\b(?:position|role|roles|job|jobs|opportunity|opening|vacancy|internship|"
    r"candidates?|applicants?|department|lab|client|clients|customer|customers|"
    r"partner|partners|Stelle|poste|puesto|posizione|functie|vaga|work(?:ing)? (?:from|out of))\b"
    r"|\bjoin(?:ing)?\b.*\bteams?\b",
    re.I,
)
_OTHER_SITES = re.compile(
    r"\b(?:with|and|plus|as well as)\s+(?:\w+\s+){0,2}(?:offices|locations|hubs|sites|teams|"
    r"presence)\b",
    re.I,
)
_NEAR = re.compile(r"\b(?:north|south|east|west|outside|near|close to|just)\b(?: of)?\s*\Z", re.I)


def _not_the_company(subject: str) -> bool:
    """Whether the words before a place phrase make it a job's place or another company's.

    A headquarters called "our" stays the company's (see `_own_headquarters`).
    """
    return bool(_JOB_OR_CLIENT.search(subject))


def _own_headquarters(phrase: str, subject: str) -> bool:
    """Whether a headquarters is called the company's own ("at our corporate headquarters")."""
    own = r"\b(?:our|unser\w*|notre|nuestr\w*|nostr\w*|onze|noss\w*)"
    ours = regex_scan.search(rf"{own}\s+(?P<words>(?:[\w-]+\s+){{0,2}})\Z", subject, re.I)
    if ours and not _JOB_OR_CLIENT.search(ours.group("words")):
        return True  # "at our corporate headquarters in", not "our client headquartered in"
    return bool(regex_scan.match(own, phrase, re.I) and regex_scan.search(_HQ_NOUN, phrase, re.I))


# "move their headquarters to Dublin": another company's headquarters
_THEIRS_BEFORE = re.compile(r"\b(?:their|your|leurs?|votre|vos)\s+(?:[\w'’-]+\s+)?\Z", re.I)
_FORMER_BEFORE = re.compile(rf"(?<![\w-]){_FORMER_WORD}\s+(?:[\w'’-]+\s+)?\Z", re.I)


def _place_candidates(
    place: str, url: str, quote: str, confidence: float, strong: bool = False
) -> list[Candidate]:
    """Return the city and country a place names.

    A city the gazetteer does not know counts only after a headquarters phrase (`strong`:
    "headquartered in", "con sede a", "Sitz in"), less sure; "Midtown Atlanta" is Atlanta.
    """
    city, country = split_place(place)
    if city and city.lower() in _NOT_PLACES:
        return []
    if city and not city_country(city) and " " in city:
        last = city.rsplit(" ", 1)[1]
        if city_country(last):  # a neighbourhood before the city
            city, country = last, country or city_country(last)
    if city and not city_country(city) and not country:
        if not (strong and _UNKNOWN_CITY.fullmatch(city) and not us_state(city)) or (
            _NOT_A_TOWN.search(city)
        ):
            return []  # an unknown capitalised word with no country is too weak
        confidence -= 0.2
    found: list[Candidate] = []
    if city:
        found.append(("hq_city", rule_field(city, url, quote, confidence)))
    if country:
        found.append(("hq_country", rule_field(country, url, quote, confidence - 0.05)))
    return found


def _former(place: str, url: str, quote: str) -> list[Candidate]:
    """Return a "former_hq_city" candidate: a place the company says it has left."""
    found = _place_candidates(place, url, quote, 0.7)
    return [("former_hq_city", field) for name, field in found if name == "hq_city"]


def _moves(text: str, url: str) -> tuple[list[Candidate], set[str]]:
    """Read HQ moves: the destination is the headquarters, the origin a former one."""
    found: list[Candidate] = []
    quoted: set[str] = set()
    for move in regex_scan.finditer(_MOVE, text):
        quote = sentence_at(text, move.start(), move.end())
        if quote in quoted:
            continue
        quoted.add(quote)
        origins = [m.group("place") for m in _ORIGIN.finditer(quote)]
        for origin in origins:
            found += _former(origin, url, quote)
        destinations = [m.group("place") for m in _DESTINATION.finditer(quote)]
        # "moved into our new headquarters on South Lamar in Austin": the known place after it
        offset = max(quote.find(move.group(0)), 0) + len(move.group(0))
        destinations += [m.group(0) for m in _PLACE_IN_CLAUSE.finditer(quote[offset:])]
        for place in destinations:
            name = clean_place(place)
            if any(name == clean_place(o) for o in origins):
                continue
            if candidates := _place_candidates(place, url, quote, 0.8):
                found += candidates
                break
    return found, quoted


def _nationality(text: str, url: str, company_names: Iterable[str]) -> list[Candidate]:
    """Read "We are Mistral AI, a pioneering French AI startup": the company's country."""
    names = [n.lower() for n in company_names if n and len(n) > 2]
    found: list[Candidate] = []
    for match in regex_scan.finditer(_NATIONAL, text):
        quote = sentence_at(text, match.start(), match.end())
        subject = text[max(0, match.start() - 1) : match.start("nat")]
        we = regex_scan.match(r"\W*(?i:we|wir|nous|somos|siamo|wij|somos)\b", subject)
        if we or any(n in subject.lower()[:60] for n in names):
            country = DEMONYMS[match.group("nat").lower()]
            found.append(("hq_country", rule_field(country, url, quote, 0.5)))
    return found


def extract_headquarters(text: str, url: str, company_names: Iterable[str] = ()) -> list[Candidate]:
    """Find "headquartered in Berlin, Germany", "our Utrecht HQ", "Sitz in München", "basée à".

    Moves and former headquarters are read first (see the module docstring); another
    company's headquarters ("help companies move their headquarters") is skipped.
    """
    found, quoted = _moves(text, url)
    for pattern in _FORMER:
        for match in regex_scan.finditer(pattern, text):
            quote = sentence_at(text, match.start(), match.end())
            found += _former(match.group("place"), url, quote)
    for regex, confidence in _HQ:
        for match in regex_scan.finditer(regex, text):
            before = text[max(0, match.start() - 40) : match.start()]
            if any(p.search(before) for p in (_SECONDARY, _FORMER_BEFORE, _THEIRS_BEFORE)):
                continue  # "... with teammates based in Lisbon" is not where the company is
            quote = sentence_at(text, match.start(), match.end())
            subject = quote[: max(quote.find(match.group(0)), 0)]
            if _not_the_company(subject) and not _own_headquarters(match.group(0), subject):
                continue  # "This position is based in Austin", "our client headquartered in"
            candidates = _place_candidates(
                match.group("place"), url, quote, confidence, strong=confidence >= 0.75
            )
            if candidates and quote not in quoted:
                quoted.add(quote)
                found += candidates
    found += _nationality(text, url, company_names)
    for clause in regex_scan.finditer(_HQ_CLAUSE, text):
        quote = sentence_at(text, clause.start(), clause.end())
        before = text[max(0, clause.start() - 40) : clause.start()]
        if quote in quoted or _FORMER_BEFORE.search(before) or _THEIRS_BEFORE.search(before):
            continue
        subject = quote[: max(quote.find(clause.group(0)), 0)]
        if _not_the_company(subject) and not _own_headquarters(clause.group(0), subject):
            continue
        # "headquartered in NYC with locations in London": the other offices are not the HQ
        rest = _OTHER_SITES.split(clause.group("rest"), 1)[0]
        for place in _PLACE_IN_CLAUSE.finditer(rest):
            if _NEAR.search(rest[: place.start()]):
                break  # "headquartered south of Charlotte" is not in Charlotte
            name = clean_place(place.group(0))
            if city_country(name) or country_code(name):
                found += _place_candidates(name, url, quote, 0.7)
                quoted.add(quote)
                break
    return found
