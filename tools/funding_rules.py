"""Prose rules for funding, ownership and business model (en, de, fr).

"raised a $40M Series B", "€12 Mio. Series-A", "a levé 5 millions d'euros", "publicly traded
on NASDAQ", "acquired by BigCo", "bootstrapped", "backed by Sequoia", "B2B SaaS for ...".
Amounts are converted to USD at fixed reference rates (approximate on purpose: the value is a
size signal, not accounting).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from agent.models import Evidence, Field
from tools.firmo_rules import sentence_at
from tools.numbers import NUMBER, parse_number

Candidate = tuple[str, Field]
USD_PER = {"USD": 1.0, "EUR": 1.08, "GBP": 1.27, "CHF": 1.13, "CAD": 0.73, "AUD": 0.66}
STAGE_ORDER = (
    "bootstrapped", "pre-seed", "seed", "series-a", "series-b", "series-c", "series-d+",
    "public", "acquired",
)  # fmt: skip

_CURRENCY = {"$": "USD", "us$": "USD", "usd": "USD", "dollars": "USD", "€": "EUR", "eur": "EUR",
             "euro": "EUR", "euros": "EUR", "d'euros": "EUR", "£": "GBP", "gbp": "GBP",
             "chf": "CHF", "ca$": "CAD", "cad": "CAD", "a$": "AUD", "aud": "AUD"}  # fmt: skip
_SCALE = {"k": 1e3, "thousand": 1e3, "m": 1e6, "mm": 1e6, "mn": 1e6, "mio": 1e6, "million": 1e6,
          "millions": 1e6, "millionen": 1e6, "b": 1e9, "bn": 1e9, "billion": 1e9, "mrd": 1e9,
          "milliard": 1e9, "milliarden": 1e9, "milliards": 1e9}  # fmt: skip
_CUR = r"(?P<cur>US\$|CA\$|A\$|\$|€|£|USD|EUR|GBP|CHF)"
# Longest first, and never half a word: "Millionen" is not "Million" + "en".
_UNITS = (
    r"(?:thousand|millionen|millions?|milliarden?|milliards?|billion|mio\.?|mrd\.?|mm|mn|bn|"
    r"[kmb])(?![a-zäöü])"
)
_POST_CUR = r"(?P<cur2>€|\$|£|USD|EUR|GBP|CHF|euros?|d'euros|dollars)"
AMOUNT = (
    rf"(?:{_CUR}\s?(?P<num>{NUMBER})\s?(?P<unit>{_UNITS})?\b"
    rf"|(?P<num2>{NUMBER})\s?(?P<unit2>{_UNITS})\s?{_POST_CUR}?)"
)
_PLAIN_AMOUNT = re.sub(r"\(\?P<\w+>", "(?:", AMOUNT)
_ROUND_ADJECTIVE = r"latest|recent|last|new|first|initial|oversubscribed"
_ROUND = (
    r"(?P<round>pre[- ]seed|seed|series[- ](?P<letter>[a-h])\b|serie[- ](?P<letter2>[a-h])\b|"
    r"série (?P<letter3>[a-h])\b|ipo|börsengang)"
)
_RAISE = (
    r"(?:rais(?:e|ed|es|ing)|secur(?:e|ed|es)|clos(?:e|ed|es)|land(?:ed|s)|receiv(?:e|ed|es)|"
    r"announc(?:e|ed|es)|complet(?:e|ed|es)|erhält|erhielt|sammelt|sammelte|schließt|"
    r"abgeschlossen|lève|levé|lever|boucle|bouclé|obtient|obtenu|réalis(?:e|é)|finalis(?:e|é)|"
    r"clôtur(?:e|é)|annonc(?:e|é))"
)
_FUNDING_WORD = (
    r"(?:funding|financing|round|investment|[\w-]*finanzierung\w*|"
    r"[\w-]*(?:finanzierungs|seed|investitions)runde|levée(?: de fonds)?|tour de table|"
    r"financement)"
)
_TOTAL = (
    r"(?:in total|total(?:ing)? (?:funding|investment)|a total of|to date|so far|insgesamt|"
    r"au total|Gesamtfinanzierung|financement total)"
)
# A total stated on its own ("That brings our total funding to $58 million.")
_FUNDING_TOTAL = (
    r"\btotal (?:funding|investment|capital raised|venture funding)\b|\bfunding to date\b|"
    r"\bGesamtfinanzierung\b|\bfinancement total\b|\blevé au total\b"
)
_PUBLIC = (
    r"\b(?:publicly traded|publicly listed|listed|traded|notiert|börsennotiert|cotée?)\s+"
    r"(?:on|at|an der|à la|à|sur)\s+(?:the\s+)?(?:NYSE|NASDAQ|New York Stock Exchange|London "
    r"Stock Exchange|LSE|Frankfurt(?:er)? (?:Stock Exchange|Wertpapierbörse)|Euronext|Xetra|"
    r"Börse|Bourse|TSX|ASX|SIX)"
    r"|\((?:NYSE|NASDAQ|Nasdaq|LSE|TSX|ASX|Euronext|XETRA|ETR|FWB|SIX)\s*:\s*[A-Z.]{1,6}\)"
)
_SUBJECT_US = r"(?:we|we've|we have|our company|the company|wir|nous|l'entreprise|la société)"
_ORG = r"[A-Z][\w&'-]*(?: [A-Z][\w&'-]*){0,3}"
_WAS_ACQUIRED = (
    r"\b(?:was|were|has been|have been|is now|wurde|a été)\s+(?:recently\s+)?"
    r"(?:acquired|purchased|bought|übernommen|rachetée?|acquise?)\s+(?:by|von|durch|par)\s+"
    rf"(?P<buyer>{_ORG})|\b(?:is|are) now (?:a )?part of (?P<buyer2>{_ORG})"
    rf"|\ba (?:wholly[- ]owned )?subsidiary of (?P<buyer3>{_ORG})"
)
_ACQUIRES = (
    rf"(?P<subject>{_ORG}|{_SUBJECT_US})\s+(?:has\s+|have\s+|hat\s+)?(?:acquired|acquires|to "
    rf"acquire|bought|buys|übernimmt|übernommen|rachète|a racheté)\s+(?P<target>{_ORG})"
)
_BOOTSTRAPPED = (
    r"\b(?:bootstrapped|self-funded|self funded|eigenfinanziert|autofinancée?|"
    r"without (?:any )?(?:outside|external|venture) (?:funding|capital|investors?|investment)|"
    r"no (?:outside|external) (?:investors|funding|capital))\b"
)
_BACKED = (
    r"\b(?:backed by|funded by|investors include|supported by investors|unterstützt von|"
    r"finanziert von|soutenue? par)\s+(?P<investors>[A-Z][^.!?\n]{2,120})"
)


def _field(value: object, url: str, quote: str, confidence: float) -> Field:
    return Field(value=value, evidence=[Evidence(url=url, quote=quote)],
                 confidence=round(confidence, 2), method="rule")  # fmt: skip


def parse_amount_usd(match: re.Match[str]) -> int | None:
    """Return the USD value of an AMOUNT match ("$40M", "€12 Mio.", "5 millions d'euros")."""
    groups = match.groupdict()
    number = parse_number(groups.get("num") or groups.get("num2") or "")
    unit = (groups.get("unit") or groups.get("unit2") or "").lower().rstrip(".")
    currency = _CURRENCY.get((groups.get("cur") or groups.get("cur2") or "").lower())
    if number is None or currency is None or (not unit and number < 10_000):
        return None
    return int(number * _SCALE.get(unit, 1) * USD_PER[currency])


def stage_of(match: re.Match[str]) -> str | None:
    """Return the contract funding stage of a _ROUND match."""
    text = match.group("round").lower()
    letter = match.group("letter") or match.group("letter2") or match.group("letter3")
    if letter:
        return f"series-{letter.lower()}" if letter.lower() in "abc" else "series-d+"
    if text in ("ipo", "börsengang"):
        return "public"
    return "pre-seed" if text.startswith("pre") else "seed"


def _sentences(
    text: str, pattern: str, flags: re.RegexFlag = re.I
) -> Iterable[tuple[str, re.Match[str]]]:
    for match in re.finditer(pattern, text, flags):
        yield sentence_at(text, match.start(), match.end()), match


def _amounts(sentence: str, url: str) -> list[Candidate]:
    """Return the sentence's funding amount: the stated total if there is one, else the round."""
    amounts = [
        (m.start(), a) for m in re.finditer(AMOUNT, sentence, re.I) if (a := parse_amount_usd(m))
    ]
    if not amounts:
        return []
    total = re.search(_TOTAL, sentence, re.I)
    if total is None:
        return [("total_funding_usd", _field(amounts[0][1], url, sentence, 0.55))]
    # "raised $40M ..., bringing total funding to $62M": the amount nearest the total phrase
    _, amount = min(amounts, key=lambda item: abs(item[0] - total.end()))
    return [("total_funding_usd", _field(amount, url, sentence, 0.7))]


def extract_funding(text: str, url: str, company_names: Iterable[str] = ()) -> list[Candidate]:
    """Find funding rounds, totals, listings and bootstrapping: stage and total_funding_usd.

    A stock listing counts only when its subject is the company ("we", or one of
    `company_names` before it): "partners with Globex (NYSE: GLX)" is about Globex.
    """
    names = [n.lower() for n in company_names if n and len(n) > 1]
    # "led our $65M Series C", "Acme's seed round": the company's own round, whatever the verb
    owners = "|".join([r"our|notre|unsere[nmr]?", *(re.escape(n) + r"['’]s" for n in names)])
    own_round = (
        rf"\b(?:{owners})\s+(?:(?:{_PLAIN_AMOUNT}|{_ROUND_ADJECTIVE})\s+){{0,2}}"
        rf"(?:(?:series|série|serie)[- ][a-h]\b"
        rf"|(?:pre-?)?seed[- ](?:round|funding|financing|runde)\b)"
    )
    found: list[Candidate] = []
    for sentence, _ in _sentences(text, rf"\b{_RAISE}\b|\b{_FUNDING_WORD}\b|{own_round}"):
        if any(c[1].evidence[0].quote == sentence for c in found):
            continue
        funding = (
            re.search(rf"\b{_RAISE}\b", sentence, re.I)
            and re.search(rf"{AMOUNT}|{_ROUND}|\b{_FUNDING_WORD}\b", sentence, re.I)
        ) or re.search(own_round, sentence, re.I)
        if not funding:
            continue
        for round_match in re.finditer(rf"\b{_ROUND}", sentence, re.I):
            if stage := stage_of(round_match):
                found.append(("funding_stage", _field(stage, url, sentence, 0.7)))
        found += _amounts(sentence, url)
    for sentence, _ in _sentences(text, _FUNDING_TOTAL):
        owned = re.search(rf"\b(?:{owners}|we|wir|nous)\b", sentence, re.I)
        if owned and not any(c[1].evidence[0].quote == sentence for c in found):
            found += [("total_funding_usd", c.model_copy(update={"confidence": 0.7}))
                      for _, c in _amounts(sentence, url)]  # fmt: skip
    for sentence, match in _sentences(text, _PUBLIC):
        before = sentence[: max(sentence.find(match.group(0)), 0)]
        # a ticker "(NYSE: GLX)" belongs to the name right before it
        subject = " ".join(before.split()[-3:]) if match.group(0).startswith("(") else before
        if (
            not names
            or _names_in(subject, names)
            or re.search(rf"\b{_SUBJECT_US}\b", subject, re.I)
        ):
            found.append(("funding_stage", _field("public", url, sentence, 0.75)))
    for sentence, _ in _sentences(text, _BOOTSTRAPPED):
        found.append(("funding_stage", _field("bootstrapped", url, sentence, 0.6)))
    return found


def _names_in(text: str, names: list[str]) -> bool:
    lowered = text.lower()
    return any(re.search(rf"\b{re.escape(n)}\b", lowered) for n in names)


def extract_ownership(text: str, url: str, company_names: Iterable[str] = ()) -> list[Candidate]:
    """Find "acquired by X" (stage "acquired"), our acquisitions, and investors ("backed by").

    Whether the company is the buyer or the bought one depends on the sentence's subject:
    "we" or one of `company_names` (e.g. from JSON-LD or the domain) is the company itself.
    """
    names = [n.lower() for n in company_names if n and len(n) > 1]
    found: list[Candidate] = []
    for sentence, match in _sentences(text, _WAS_ACQUIRED, re.NOFLAG):
        before = sentence[: max(sentence.find(match.group(0)), 0)]
        if (
            not before.strip()
            or re.search(rf"\b{_SUBJECT_US}\b", before, re.I)
            or _names_in(before, names)
        ):
            found.append(("funding_stage", _field("acquired", url, sentence, 0.7)))
    for sentence, match in _sentences(text, _ACQUIRES, re.NOFLAG):
        subject, target = match.group("subject"), match.group("target").strip()
        if re.fullmatch(_SUBJECT_US, subject, re.I) or _names_in(subject, names):
            found.append(("acquisitions", _field(target, url, sentence, 0.6)))
        elif _names_in(target, names):
            found.append(("funding_stage", _field("acquired", url, sentence, 0.65)))
    for sentence, match in _sentences(text, _BACKED, re.NOFLAG):
        investors = [
            i.strip(" ,") for i in re.split(r",| and | und | et ", match.group("investors"))
        ]
        investors = [i for i in investors if i and i[0].isupper()][:6]
        if investors:
            found.append(("investors", _field(investors, url, sentence, 0.6)))
    return found


_BUSINESS_AUDIENCE = (
    r"(?:businesses|enterprises|companies|teams|organi[sz]ations|firms|agencies|studios|"
    r"consultancies|startups|SMBs|SMEs|merchants|retailers|manufacturers|brands|clinics|"
    r"practices|contractors|trades|shippers|carriers|B2B|SDRs|reps|Unternehmen|Firmen|"
    r"Betriebe|KMU|Mittelstand|Industriekunden|entreprises|PME|ETI|professionnels)"
)
_MODEL_SIGNALS = [
    ("b2b2c", r"\bB2B2C\b|\bwhite[- ]label(?:ed)?\b[^.!?\n]{0,60}\b(?:your|their) "
              r"customers\b", 3.0),
    ("marketplace", r"\b(?:two-sided |online |B2B |global )?marketplace (?:for|that connects|"
                    r"connecting)\b|\b(?:is|are) (?:a|an|the) [^.!?\n]{0,40}marketplace\b"
                    r"|\bMarktplatz für\b|\bplace de marché\b", 3.0),
    ("b2b", r"\bB2B\b", 3.0),
    ("b2c", r"\bB2C\b", 3.0),
    ("b2b", rf"\b(?:for|built for|für|pour(?: les)?)\s+(?:(?:your|our|the|mid-market|small|"
            rf"medium|large|growing|[\w'’-]+)\s+){{0,3}}{_BUSINESS_AUDIENCE}\b"
            rf"|\btrusted by (?:[\d,.]+\+?\s+)?{_BUSINESS_AUDIENCE}\b"
            rf"|\bhelps? (?:(?:a|few|thousands?|hundreds?|of|[\d,.]+\+?|[\w'’-]+)\s+){{0,4}}"
            rf"{_BUSINESS_AUDIENCE}\b"
            # call-to-action buttons are often glued to the next word ("Get a demoHow it works")
            r"|(?:book|request|schedule|get|see) (?:a|your) (?:free |personali[sz]ed |live |"
            r"custom )?demo|\bDemo (?:anfragen|vereinbaren)\b|\bdemander une démo\b|"
            r"\b(?:contact|talk to) (?:our )?sales\b|\btalk to an expert\b|"
            r"\bper (?:employee|seat|user|rep|agent)\b|/(?:seat|user|rep|agent)/mo\b|"
            r"\benterprise customers\b|\b(?:supplier|Zulieferer|fournisseur) (?:to|for|der|de)\b",
     1.0),
    ("b2c", r"\b(?:for consumers|for individuals and families|download (?:the|our) app|"
            r"shop now|shop the|add to (?:cart|bag)|free (?:shipping|returns|delivery) on|"
            r"off your first order|in den Warenkorb|ajouter au panier|für Privatkunden|"
            r"livraison gratuite|kostenloser Versand)\b", 1.0),
]  # fmt: skip


_MODEL_SPECIFICITY = ("b2c", "b2b", "marketplace", "b2b2c")


def extract_business_model(text: str, url: str) -> list[Candidate]:
    """Score business-model signals; return the best model with its strongest sentence."""
    scores: dict[str, float] = {}
    best_quote: dict[str, tuple[float, str]] = {}
    for model, pattern, weight in _MODEL_SIGNALS:
        for sentence, _ in _sentences(text, pattern):
            scores[model] = scores.get(model, 0.0) + weight
            if weight > best_quote.get(model, (0.0, ""))[0]:
                best_quote[model] = (weight, sentence)
    if not scores:
        return []
    # On a tie the more specific model wins (b2b2c and marketplace are kinds of b2b/b2c).
    model = max(scores, key=lambda m: (scores[m], _MODEL_SPECIFICITY.index(m)))
    confidence = 0.7 if best_quote[model][0] >= 3 else 0.45
    return [("business_model", _field(model, url, best_quote[model][1], confidence))]
