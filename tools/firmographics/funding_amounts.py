"""Funding amounts: the total a company has raised, and the rounds it names (en, de, fr).

The contract's `total_funding_usd` is the total raised. The policy, strongest first:

1. A cumulative statement is the total: "We've raised $62 million to date, including a
   $40 million Series B" is 62M (never the round named inside it), as are "brings total
   funding to", "a total of", "a combined", "since our founding", "insgesamt", "au total".
2. A raise with no round named, in the perfect tense and by the company itself ("We've raised
   $85 million from investors"), states what it raised so far: the total, less sure.
3. Otherwise a round amount is only a round ("funding_round" extra: stage and amount). It is
   the best-supported total only when it is the only funding the pages state and a first round
   (pre-seed, seed, or one the text calls its first): a Series A or later round, a second round,
   or "existing investors" all say earlier money exists, so the total stays null.

Amounts are converted to USD at fixed reference rates (approximate on purpose: the value is a
size signal, not accounting).
"""

from __future__ import annotations

import re

from agent.models import Evidence, Field
from tools import regex_scan
from tools.firmographics.numbers import NUMBER, parse_number

Candidate = tuple[str, Field]
USD_PER = {"USD": 1.0, "EUR": 1.08, "GBP": 1.27, "CHF": 1.13, "CAD": 0.73, "AUD": 0.66}
FIRST_ROUNDS = ("pre-seed", "seed")

_CURRENCY = {"$": "USD", "us$": "USD", "usd": "USD", "dollars": "USD", "€": "EUR", "eur": "EUR",
             "euro": "EUR", "euros": "EUR", "d'euros": "EUR", "£": "GBP", "gbp": "GBP",
             "chf": "CHF", "ca$": "CAD", "cad": "CAD", "a$": "AUD", "aud": "AUD",
             "de euros": "EUR", "di euro": "EUR", "de dólares": "USD",
             "de dolares": "USD"}  # fmt: skip
_SCALE = {"k": 1e3, "thousand": 1e3, "m": 1e6, "mm": 1e6, "mn": 1e6, "mio": 1e6, "million": 1e6,
          "millions": 1e6, "millionen": 1e6, "b": 1e9, "bn": 1e9, "billion": 1e9, "mrd": 1e9,
          "milliard": 1e9, "milliarden": 1e9, "milliards": 1e9, "millones": 1e6, "millón": 1e6,
          "milioni": 1e6, "milione": 1e6, "miljoen": 1e6, "milhões": 1e6, "milhão": 1e6,
          "miliardi": 1e9, "miljard": 1e9, "mil millones": 1e9}  # fmt: skip
_CUR = r"(?P<cur>US\$|CA\$|A\$|\$|€|£|USD|EUR|GBP|CHF)"
# Longest first, and never half a word: "Millionen" is not "Million" + "en".
_UNITS = (
    r"(?:thousand|millionen|millions?|milliarden?|milliards?|billion|mil millones|millones|"
    r"millón|milioni|milione|miljoen|milhões|milhão|miliardi|miljard|mio\.?|mrd\.?|mm|mn|bn|"
    r"[kmb])(?![a-zäöü])"
)
_POST_CUR = r"(?P<cur2>€|\$|£|USD|EUR|GBP|CHF|euros?|d'euros|de euros|di euro|de dólares|dollars)"
AMOUNT = (
    rf"(?:{_CUR}\s?(?P<num>{NUMBER})\s?(?P<unit>{_UNITS})?\b"
    rf"|(?P<num2>{NUMBER})\s?(?P<unit2>{_UNITS})\s?{_POST_CUR}?)"
)
PLAIN_AMOUNT = re.sub(r"\(\?P<\w+>", "(?:", AMOUNT)
ROUND = (
    r"(?P<round>pre[- ]seed|seed|series[- ](?P<letter>[a-h])\b|serie[- ](?P<letter2>[a-h])\b|"
    r"série (?P<letter3>[a-h])\b|ipo|börsengang)"
)
PLAIN_ROUND = re.sub(r"\(\?P<\w+>", "(?:", ROUND)
_ROUND_NOUN = rf"(?:{PLAIN_ROUND}|round|[\w-]*runde|tour de table|levée)"
# "$40M Series B", "$24 million in Series A funding", "2,5 Mio. Euro in einer Seed-Runde"
_ROUND_AFTER = re.compile(
    rf"^\s*(?:(?:in|of|as|for|en|with)\s+(?:(?:a|an|its|our|the|their|new|une?|einer?)\s+)?)?"
    rf"{_ROUND_NOUN}",
    re.I,
)
# "including a $40M Series B", "Series B of $40M", "Series-A-Finanzierung über €12 Mio."
_ROUND_BEFORE = re.compile(
    r"(?:\b(?:including|incl\.|of which|after|following|plus|davon|dont|y compris|inklusive|"
    r"einschließlich)\s+(?:(?:a|an|the|our|its|une?|eine[nmr]?)\s+)?"
    rf"|{_ROUND_NOUN}[\w\s-]{{0,25}}?\s(?:of|über|von|de|worth|totall?ing|at)\s+)\Z",
    re.I,
)
_CUMULATIVE = (
    r"\b(?:to date|in total|so far|all told|in aggregate|cumulatively|a total of|a combined|"
    r"combined total|total(?:ing)? (?:funding|investment|capital|venture funding|equity)|"
    r"since (?:our |its |the company's )?(?:founding|inception|launch|day one)|insgesamt|"
    r"bislang|bisher|seit (?:der )?Gründung|Gesamtfinanzierung|au total|en tout|cumulé\w*|"
    r"depuis (?:sa|notre) création|financement total)\b"
)
_RAISED_SO_FAR = re.compile(
    r"\b(?:we(?:'ve|’ve| have)|(?:has|have))\s+(?:now\s+|already\s+)?raised\s+"
    r"(?:(?:more than|over|nearly|almost|about|around|roughly)\s+)?" + PLAIN_AMOUNT,
    re.I,
)
# "Backed by $40M from leading investors", "With $75 million in funding from Sequoia"
BACKED_WITH = re.compile(
    rf"(?:^\s*(?:backed by|with)|\b(?:has|have|'ve|’ve) (?:secured|received))\s+"
    rf"(?:over |more than )?"
    rf"{PLAIN_AMOUNT}\s+(?:(?:in|of)\s+(?:venture\s+)?(?:funding|capital|investment|financing)"
    rf"|from\b)",
    re.I,
)
_A_ROUND = re.compile(
    rf"\b{_ROUND_NOUN}|\b(?:new|fresh|additional|latest|today|announc\w*)\b", re.I
)
_FIRST = re.compile(
    r"\b(?:first|initial|maiden|debut|erste[nrs]?|première|premier)\s+(?:(?:outside|external|"
    r"ever|\w+)\s+)?(?:round|funding|financing|raise|investment|Finanzierung\w*|levée)",
    re.I,
)
# Money raised before the round in view: "existing investors", "our seed investors".
EARLIER_FUNDING = (
    r"\b(?:existing|previous|earlier|prior|returning|bestehende[nr]?|bisherige[nr]?|früheren?)\s+"
    r"(?:investors?|backers|rounds?|funding|financing|Investoren|Geldgeber|Gesellschafter)\b"
    r"|\b(?P<kind>seed|pre-seed)\s+(?:investors?|backers)\b"
    r"|\binvestisseurs (?:historiques|existants)\b"
)


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
    """Return the contract funding stage of a ROUND match."""
    text = match.group("round").lower()
    letter = match.group("letter") or match.group("letter2") or match.group("letter3")
    if letter:
        return f"series-{letter.lower()}" if letter.lower() in "abc" else "series-d+"
    if text in ("ipo", "börsengang"):
        return "public"
    return "pre-seed" if text.startswith("pre") else "seed"


def _field(value: object, url: str, quote: str, confidence: float) -> Field:
    return Field(value=value, evidence=[Evidence(url=url, quote=quote)],
                 confidence=round(confidence, 2), method="rule")  # fmt: skip


_VALUATION = re.compile(
    r"\s*(?:post-money |pre-money )?(?:valuation|Bewertung|valorisation|valoración|valutazione)",
    re.I,
)
_VALUED = re.compile(
    r"(?:valued at|valuation of|valuation to|Bewertung von|valorisée? à|worth|at a|at an|"
    r"(?:\b[A-H]|round|seed|funding|\d[MBK]?)\s+at)\s+\Z",
    re.I,
)


def _round_stage(sentence: str, start: int, end: int) -> tuple[bool, str | None]:
    """Whether the amount at [start, end) is a round's, and the stage named with it."""
    if after := _ROUND_AFTER.match(sentence[end:]):
        named = regex_scan.search(rf"\b{ROUND}", sentence[end : end + after.end()], re.I)
    elif before := _ROUND_BEFORE.search(sentence[max(0, start - 60) : start]):
        # "Series B of $40M", or "including a $40M round ..." naming it further on
        named = regex_scan.search(rf"\b{ROUND}", before.group(0), re.I) or regex_scan.search(
            rf"\b{ROUND}", sentence[end : end + 40], re.I
        )
    else:
        return False, None
    return True, stage_of(named) if named else None


def funding_amounts(sentence: str, url: str, own: bool = True) -> list[Candidate]:
    """Return the total and the round amounts one funding sentence states (see module policy).

    `own` says whether the company is the sentence's subject (needed for "has raised").
    """
    amounts = []
    for match in regex_scan.finditer(AMOUNT, sentence, re.I):
        if _VALUATION.match(sentence, match.end()) or _VALUED.search(sentence[: match.start()]):
            continue  # "at a $1.5B valuation" is what the company is worth, not what it raised
        if value := parse_amount_usd(match):
            is_round, stage = _round_stage(sentence, match.start(), match.end())
            amounts.append((match.start(), match.end(), value, is_round, stage))
    if not amounts:
        return []
    found: list[Candidate] = []
    stages = {stage_of(m) for m in regex_scan.finditer(rf"\b{ROUND}", sentence, re.I)} - {None}
    for _, _, value, is_round, stage in amounts:
        if is_round:
            stage = stage or (next(iter(stages)) if len(stages) == 1 else None)
            found.append(("funding_round", round_field(value, stage, sentence, url)))
    cumulative = regex_scan.search(_CUMULATIVE, sentence, re.I)
    totals = [a for a in amounts if not a[3]]
    if cumulative and totals:
        # the amount the phrase qualifies: "$62M to date", "total funding to $58M"
        nearest = min(totals, key=lambda a: max(a[0] - cumulative.end(), cumulative.start() - a[1]))
        return [("total_funding_usd", _field(nearest[2], url, sentence, 0.75)), *found]
    so_far = _RAISED_SO_FAR.search(sentence) or BACKED_WITH.search(sentence)
    # "We've raised $58M, most recently a $35M Series B": the round has its own amount
    if so_far and own and totals and (found or not _A_ROUND.search(sentence)):
        return [("total_funding_usd", _field(totals[0][2], url, sentence, 0.6)), *found]
    if totals and not found:
        # "Acme raised $5M from Foxglove": a round, of a stage the sentence may name
        stage = next(iter(stages)) if len(stages) == 1 else None
        found.append(("funding_round", round_field(totals[0][2], stage, sentence, url)))
    return found


def round_field(amount: int, stage: str | None, sentence: str, url: str) -> Field:
    """Return a "funding_round" Field: {"stage", "amount_usd", "first" (called a first round)}."""
    value = {"stage": stage, "amount_usd": amount, "first": bool(_FIRST.search(sentence))}
    return _field(value, url, sentence, 0.55)


def total_from_rounds(rounds: list[Field], stages: list[str], earlier: list[Field]) -> Field | None:
    """Return the single first round as the total when it is the only funding stated, else None.

    `stages` are the funding stages stated anywhere on the site, `earlier` the "existing
    investors" / "our seed investors" statements (their value: the stage they name, or None).
    """
    amounts = {r.value["amount_usd"] for r in rounds}
    if len(amounts) != 1:
        return None
    named = {r.value["stage"] for r in rounds} - {None}
    stage = next(iter(named)) if len(named) == 1 else None
    if len(named) > 1 or not (stage in FIRST_ROUNDS or any(r.value["first"] for r in rounds)):
        return None
    other_stages = set(stages) - {stage, "bootstrapped", "public", "acquired", None}
    if other_stages or any(e.value != stage for e in earlier):
        return None
    best = max(rounds, key=lambda r: r.confidence)
    return Field(value=best.value["amount_usd"], evidence=list(best.evidence), confidence=0.5,
                 method="rule")  # fmt: skip
