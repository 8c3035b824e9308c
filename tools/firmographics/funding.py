"""Funding stage and rounds from prose and fact sheets (en, de, fr).

"raised a $40M Series B", "€12 Mio. Series-A", "a levé 5 millions d'euros", "publicly traded on
NASDAQ", "bootstrapped", "Funding: Seed ($6M)". Which amount is the total raised and which a
round is decided in `tools.firmographics.funding_amounts`; "acquired by", acquisitions and
investors are read in `tools.firmographics.ownership`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from agent.models import Field
from tools import regex_scan
from tools.firmographics.funding_amounts import (
    AMOUNT,
    BACKED_WITH,
    EARLIER_FUNDING,
    PLAIN_AMOUNT,
    ROUND,
    funding_amounts,
    parse_amount_usd,
    round_field,
    stage_of,
)
from tools.firmographics.rule_evidence import rule_field, sentences_matching
from tools.firmographics.subjects import SUBJECT_US, is_biography, names_in

Candidate = tuple[str, Field]
STAGE_ORDER = (
    "bootstrapped", "pre-seed", "seed", "series-a", "series-b", "series-c", "series-d+",
    "public", "acquired",
)  # fmt: skip

_ROUND_ADJECTIVE = r"latest|recent|last|new|first|initial|oversubscribed"
_RAISE = (
    r"(?:rais(?:e|ed|es|ing)|secur(?:e|ed|es)|exceed(?:s|ed)|clos(?:e|ed|es)|land(?:ed|s)|receiv(?:e|ed|es)|"
    r"announc(?:e|ed|es)|complet(?:e|ed|es)|erhält|erhielt|sammelt|sammelte|eingesammelt|"
    r"eingeworben|schließt|"
    r"abgeschlossen|lève|levé|lever|boucle|bouclé|obtient|obtenu|réalis(?:e|é)|finalis(?:e|é)|"
    r"clôtur(?:e|é)|annonc(?:e|é)|cierra|cerró|levanta|levantó|recauda|recaudó|obtiene|obtuvo|"
    r"consigue|consiguió|raccoglie|raccolto|chiude|chiuso|ottiene|ottenuto|haalt|haalde|"
    r"opgehaald|sluit|capta|captou|levantou|fecha|fechou|recebe|recebeu)"
)
_FUNDING_WORD = (
    r"(?:funding|financing|round|investment|[\w-]*finanzierung\w*|"
    r"[\w-]*(?:finanzierungs|seed|investitions)runde|levée(?: de fonds)?|tour de table|"
    r"financement|ronda(?: de financiación| de inversión)?|financiación|inversión|"
    r"finanziamento|round di investimento|investimento|financieringsronde|financiering|"
    r"investering|rodada(?: de investimento)?|financiamento|aporte)"
)
# A total stated on its own ("That brings our total funding to $58 million.")
_FUNDING_TOTAL = (
    r"\btotal (?:funding|investment|capital raised|venture funding)\b|\bfunding to date\b|"
    r"\bGesamtfinanzierung\b|\bfinancement total\b|\blevé au total\b"
)
_TOTAL_LABEL = r"total|to date|gesamt"
_BACKED_BY_AMOUNT = rf"(?<![\w ])\s*Backed by (?:over |more than )?{PLAIN_AMOUNT}"
_PUBLIC = (
    r"\b(?:publicly traded|publicly listed|listed|traded|notiert|börsennotiert|cotée?)\s+"
    r"(?:on|at|an der|à la|à|sur)\s+(?:the\s+)?(?:NYSE|NASDAQ|New York Stock Exchange|London "
    r"Stock Exchange|LSE|Frankfurt(?:er)? (?:Stock Exchange|Wertpapierbörse)|Euronext|Xetra|"
    r"Börse|Bourse|TSX|ASX|SIX)"
    r"|\((?:NYSE|NASDAQ|Nasdaq|LSE|TSX|ASX|Euronext|XETRA|ETR|FWB|SIX)\s*:\s*[A-Z.]{1,6}\)"
    r"|\b(?:cotizad[ao]s? en (?:la )?[Bb]olsa|quotat[ao] (?:in|alla) [Bb]orsa|beursgenoteerd|"
    r"genoteerd aan (?:de )?(?:beurs|Euronext)|cotad[ao] (?:na|em) [Bb]olsa)"
    # "is a publicly traded company", "went public in 2021", "completed its IPO"
    r"|\b(?:is|became) an? (?:publicly[- ](?:traded|listed|held)|public(?:ly)? listed|listed|"
    r"public) (?:company|corporation)\b"
    r"|\b(?:went|gone|going) public\b(?! (?:with|about)\b)"
    r"|\b(?:completed|closed|priced) (?:its|our|the company's) (?:initial public offering|IPO)\b"
)
# "Our shares trade on the New York Stock Exchange", "Acme's common stock is listed on Nasdaq"
_OWN_SHARES = (
    r"\b(?:shares|stock|common stock|ordinary shares|Aktien|actions)\s+(?:are\s+|is\s+)?"
    r"(?:traded|trade|trades|listed|quoted|notiert|cotées?)\s+(?:publicly\s+)?"
    r"(?:on|at|an der|sur)\s+"
    r"(?:the\s+)?(?:NYSE|NASDAQ|Nasdaq|New York Stock Exchange|London Stock Exchange|LSE|"
    r"Frankfurt|Euronext|Xetra|TSX|ASX|SIX)"
)
_BOOTSTRAPPED = (
    r"\b(?:bootstrapped|self-funded|self funded|eigenfinanziert|autofinancée?|"
    r"without (?:any )?(?:outside|external|venture) (?:funding|capital|investors?|investment)|"
    r"no (?:outside|external|venture) (?:investors|funding|capital|money)|"
    r"never (?:taken|raised|accepted|had) (?:any )?(?:outside|external|venture|VC|institutional)"
    r"(?: capital)? (?:investment|investors?|funding|capital|money|financing)|"
    r"(?:not|never) (?:been )?(?:venture|VC)[- ](?:backed|funded)|"
    r"autofinanciad[ao]|autofinanziat[ao]|autofinanc[ée]e?|"
    r"zelf gefinancierd|sin inversores externos|senza investitori esterni|"
    r"ohne (?:externe |fremde )?(?:Investoren|Risikokapital|Wagniskapital)|"
    r"sans (?:investisseurs|levée de fonds|capital-risque)|"
    r"sin (?:financiación externa|capital riesgo)|senza capitali esterni|"
    r"zonder externe (?:investeerders|financiering)|sem investidores externos)\b"
)


# "Series A through D", "from seed to Series C", "seed to scale": a span of rounds (often the
# customers' stages), not the company's own round.
_ROUND_SPAN_AFTER = re.compile(
    r"\s*(?i:through|thru|to|and|or|until|bis|à|a|al|tot|até|[-–—/])\s*"
    r"(?:(?i:series|serie|série)\s*)?[A-H]\b"
)
_ROUND_SPAN_BEFORE = re.compile(r"\b(?:from|von|desde)\s+(?:the\s+)?\Z", re.I)
_SPAN_END = re.compile(r"\b(?:to|through|thru|until|bis|à|a|al|tot|até)\s+\Z", re.I)
# A timeline line that is only a round ("Series E"), above a line about the company.
_ROUND_LINE = re.compile(rf"^\s*{ROUND}\s*$", re.I | re.M)

_field = rule_field
# "Acme, a Series C company", "We're a venture-backed, Series A startup"
_STAGE_NOUN = (
    r"(?:[\w-]+,?\s+){0,2}?(?:(?:series|serie|série)[- ](?P<letter>[a-h])|(?P<seed>seed))"
    r"(?:[- ](?:funded|backed|stage))?\s+(?:[\w-]+\s+)?(?:company|startup|start-up|scale-?up|"
    r"business|Unternehmen|entreprise|empresa|azienda|bedrijf)\b"
)


# compiled once: built per sentence, they churned the `re` module's cache
_BACKED_BY_AMOUNT_AT = re.compile(_BACKED_BY_AMOUNT, re.I)
_RAISE_WORD = re.compile(rf"\b{_RAISE}\b", re.I)
_AMOUNT_ROUND_OR_WORD = re.compile(rf"{PLAIN_AMOUNT}|{ROUND}|\b{_FUNDING_WORD}\b", re.I)
_FUNDING_TOTAL_AT = re.compile(_FUNDING_TOTAL, re.I)
_ROUND_WORD = re.compile(rf"\b{ROUND}", re.I)
_NEAR_LISTING = re.compile(r"\(|is\b|became\b|went\b|gone\b|completed\b|closed\b|priced\b")
_RELATIVE_OR_CLIENT = re.compile(r"\b(?:that|which|who|help\w*|clients?|customers?)\b", re.I)
_US = re.compile(rf"\b{SUBJECT_US}\b", re.I)
_HAS_RAISED = re.compile(r"\b(?:has|have|'ve|’ve)\s+(?:now\s+|already\s+)?raised\b", re.I)


def _is_span(sentence: str, match: re.Match[str]) -> bool:
    """Whether a round is one end of a span of rounds ("Series A through D")."""
    before = sentence[: match.start()]
    return bool(
        _ROUND_SPAN_AFTER.match(sentence, match.end())
        or _ROUND_SPAN_BEFORE.search(before)
        or (_SPAN_END.search(before) and _ROUND_WORD.search(before))
    )


def extract_funding(text: str, url: str, company_names: Iterable[str] = ()) -> list[Candidate]:
    """Find funding rounds, totals, listings and bootstrapping.

    Returns "funding_stage", "total_funding_usd" (cumulative statements, see
    `tools.firmographics.funding_amounts`), "funding_round" ({"stage", "amount_usd", "first"}) and
    "earlier_funding" (the stage "existing" or "seed investors" name, or None) candidates.
    A stock listing counts only when its subject is the company ("we", or one of
    `company_names` before it): "partners with Globex (NYSE: GLX)" is about Globex.
    """
    names = [n.lower() for n in company_names if n and len(n) > 1]
    # "led our $65M Series C", "Acme's seed round": the company's own round, whatever the verb
    owners = "|".join([r"our|notre|unsere[nmr]?", *(re.escape(n) + r"['’]s" for n in names)])
    own_round = (
        rf"\b(?:{owners})\s+(?:(?:{PLAIN_AMOUNT}|{_ROUND_ADJECTIVE})\s+){{0,2}}"
        rf"(?:(?:series|série|serie)[- ][a-h]\b"
        rf"|(?:pre-?)?seed[- ](?:round|funding|financing|runde)\b"
        rf"|IPO\b|initial public offering\b)"
    )
    found: list[Candidate] = []
    read: set[str] = set()
    for sentence, _ in sentences_matching(
        text, rf"\b{_RAISE}\b|\b{_FUNDING_WORD}\b|{own_round}|{_FUNDING_TOTAL}|{_BACKED_BY_AMOUNT}"
    ):
        funding = _BACKED_BY_AMOUNT_AT.match(sentence) or BACKED_WITH.search(sentence) or (
            _RAISE_WORD.search(sentence) and _AMOUNT_ROUND_OR_WORD.search(sentence)
        ) or regex_scan.search(own_round, sentence, re.I)
        # a total stated on its own ("That brings our total funding to $58 million.")
        total = _FUNDING_TOTAL_AT.search(sentence) and regex_scan.search(
            rf"\b(?:{owners}|we|wir|nous|its|the company['’]s)\b", sentence, re.I
        )
        if sentence in read or not (funding or total) or is_biography(sentence):
            continue
        read.add(sentence)
        for round_match in _ROUND_WORD.finditer(sentence):
            if (stage := stage_of(round_match)) and not _is_span(sentence, round_match):
                found.append(("funding_stage", _field(stage, url, sentence, 0.7)))
        # "Backed by $40M from leading investors" opening a sentence: the company's own money
        own = _is_ours(sentence, names) or bool(_BACKED_BY_AMOUNT_AT.match(sentence))
        found += funding_amounts(sentence, url, own=own)
    found += _timeline_rounds(text, url, names)
    for sentence, match in sentences_matching(text, EARLIER_FUNDING):
        kind = (match.group("kind") or "").lower()
        stage = kind if kind in ("seed", "pre-seed") else None
        found.append(("earlier_funding", _field(stage, url, sentence, 0.5)))
    for sentence, match in sentences_matching(text, _PUBLIC):
        before = sentence[: max(sentence.find(match.group(0)), 0)]
        # a ticker "(NYSE: GLX)" belongs to the name right before it, and "went public" to
        # the subject right before it ("we help companies that went public" is theirs)
        near = _NEAR_LISTING.match(match.group(0))
        subject = " ".join(before.split()[-3:]) if near else before
        if near and _RELATIVE_OR_CLIENT.search(subject):
            continue
        if not names or names_in(subject, names) or _US.search(subject):
            found.append(("funding_stage", _field("public", url, sentence, 0.75)))
    possessives = [r"our", r"its", r"the company['’]s", *(re.escape(n) + r"['’]s" for n in names)]
    owner = rf"\b(?:{'|'.join(possessives)})"
    for sentence, match in sentences_matching(text, _OWN_SHARES):
        before = sentence[: max(sentence.find(match.group(0)), 0)]
        if regex_scan.search(rf"{owner}\s+\Z", before, re.I):
            found.append(("funding_stage", _field("public", url, sentence, 0.75)))
    for sentence, _ in sentences_matching(text, _BOOTSTRAPPED):
        found.append(("funding_stage", _field("bootstrapped", url, sentence, 0.6)))
    found += _company_of_stage(text, url, names)
    return found


def _company_of_stage(text: str, url: str, names: list[str]) -> list[Candidate]:
    """Read "Acme, a Series C company", "we're a venture-backed Series A startup"."""
    subjects = "|".join([r"we(?:'re|’re| are)", *(re.escape(n) + r"(?: is|,)" for n in names)])
    found: list[Candidate] = []
    for sentence, match in sentences_matching(
        text, rf"\b(?:{subjects})\s+(?:now\s+)?an?\s+{_STAGE_NOUN}"
    ):
        letter = match.group("letter")
        stage = "seed" if match.group("seed") else f"series-{letter.lower()}"
        stage = stage if stage in STAGE_ORDER else "series-d+"
        if not is_biography(sentence):
            found.append(("funding_stage", _field(stage, url, sentence, 0.65)))
    return found


def _timeline_rounds(text: str, url: str, names: list[str]) -> list[Candidate]:
    """Read a growth timeline: a line that is only a round, then a line naming the company."""
    found: list[Candidate] = []
    for match in regex_scan.finditer(_ROUND_LINE, text):
        following = text[match.end() :].lstrip("\n").split("\n", 1)[0]
        if (stage := stage_of(match)) and names and names_in(following, names):
            quote = f"{match.group(0).strip()}\n{following.strip()}"
            found.append(("funding_stage", _field(stage, url, quote, 0.6)))
    return found


def parse_funding_label(label: str, value: str, url: str, quote: str) -> list[Candidate]:
    r"""Read a fact-sheet funding line: "Funding\nSeed ($6M, led by X)", "Total funding: $31M".

    A total label's amount is the total; a round's amount is a round; an amount alone under
    "Funding" is what the company says it raised: the total, less sure.
    """
    found: list[Candidate] = [
        ("funding_stage", _field(stage, url, quote, 0.7))
        for m in regex_scan.finditer(rf"\b{ROUND}", value, re.I)
        if (stage := stage_of(m))
    ]
    if regex_scan.search(_BOOTSTRAPPED, value, re.I):
        found.append(("funding_stage", _field("bootstrapped", url, quote, 0.7)))
    amounts = [a for m in regex_scan.finditer(AMOUNT, value, re.I) if (a := parse_amount_usd(m))]
    if not amounts:
        return found
    if regex_scan.search(_TOTAL_LABEL, label, re.I) or not found:
        return [*found, ("total_funding_usd", _field(amounts[0], url, quote, 0.7 if found
                                                      else 0.6))]  # fmt: skip
    stages = {str(c.value) for _, c in found} - {"bootstrapped"}
    stage = next(iter(stages)) if len(stages) == 1 else None
    return [*found, ("funding_round", round_field(amounts[0], stage, quote, url))]


def _is_ours(sentence: str, names: list[str]) -> bool:
    """Whether the company (we, or one of its names) is the subject of a funding sentence."""
    raised = _HAS_RAISED.search(sentence)
    before = sentence[: raised.start()] if raised else sentence
    return bool(_US.search(before) or names_in(before, names))
