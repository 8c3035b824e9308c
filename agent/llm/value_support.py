"""Is a value what its quote says? Typed coercion and the support rules of the grounding gate.

`coerce` turns an LLM value into the declared type (or says why it cannot); `supports` says why
a verbatim quote does not back a value, or None when it does: numbers must appear in the quote
("1,200+ employees" backs 1200, "$45M" backs 45000000), names, cities and countries must be
named, a funding stage or business model must be stated, an answer must mention the subject of
its question. Pure functions.
"""

from __future__ import annotations

import re
from typing import Any

from agent.models import BusinessModel, FundingStage
from tools.evidence import normalize_text
from tools.firmographics.geo import COUNTRY_BY_NAME, city_country, country_code
from tools.firmographics.numbers import NUMBER, NUMBER_WORDS, parse_number, parse_number_words

FUNDING_STAGES: tuple[str, ...] = FundingStage.__args__  # type: ignore[attr-defined]
BUSINESS_MODELS: tuple[str, ...] = BusinessModel.__args__  # type: ignore[attr-defined]

_SCALES = {
    "k": 1e3, "thousand": 1e3, "m": 1e6, "mm": 1e6, "mn": 1e6, "mio": 1e6, "million": 1e6,
    "millions": 1e6, "b": 1e9, "bn": 1e9, "billion": 1e9, "mrd": 1e9,
}  # fmt: skip
_QUANTITY = re.compile(
    rf"(?P<num>{NUMBER})\s?(?P<scale>thousand|millions?|billion|mio|mrd|bn|mm|mn|[kmb])?(?![a-z])",
    re.I,
)
_NUMBER_WORDS = re.compile(rf"\b{NUMBER_WORDS}", re.I)
_FOREIGN_MONEY = re.compile(r"€|£|\b(?:eur|euros?|gbp|chf|cad|aud|ca\$|a\$|sek|nok|dkk)\b", re.I)
_LEGAL_SUFFIX = re.compile(
    r",?\s+(?:inc|llc|ltd|limited|gmbh|ag|sa|sas|sarl|bv|b\.v|nv|plc|corp|co|oy|ab|as|srl|spa)\.?$",
    re.I,
)
_STAGE_PATTERNS = {
    "pre-seed": r"pre[- ]?seed",
    "seed": r"(?<!pre-)(?<!pre )(?<!pre)\bseed\b",
    "series-a": r"series[- ]?a\b",
    "series-b": r"series[- ]?b\b",
    "series-c": r"series[- ]?c\b",
    "series-d+": r"series[- ]?[d-k]\b",
    "public": r"\bipo\b|nasdaq|nyse|stock exchange|publicly (?:traded|listed)|listed on|"
    r"\([a-z]+\s*:\s*[a-z.]+\)",
    "acquired": r"\bacquired\b|\bacquisition\b|\bsubsidiary\b|\bpart of\b",
    "bootstrapped": r"bootstrap|self[- ]funded|never raised|no (?:outside|external|venture) "
    r"(?:funding|capital|money|investors)|independently (?:owned|funded)",
}
_LOCATION = (
    r"headquarter|\bhq\b|based|located|office|address|\bsitz\b|siège|registered|street|"
    r"\bst\.|road|avenue|\bave\b|straße|strasse|weg\b|rue\b|suite|plaza|square"
)
# postal codes (US/DE/FR, NL, CA, UK), matched in the quote as written: upper case matters
_POSTAL = re.compile(
    r"\b\d{5}\b|\b\d{4} ?[A-Z]{2}\b|\b[A-Z]\d[A-Z] ?\d[A-Z]\d\b"
    r"|\b[A-Z]{1,2}\d{1,2}[A-Z]? ?\d[A-Z]{2}\b"
)
_MODEL_PATTERNS = {
    "b2b": r"\bb2b\b|business(?:es)?\b|compan(?:y|ies)|enterprises?|teams\b|organi[sz]ations|"
    r"\bsmbs?\b|\bsmes?\b|mid-market|brands|retailers|merchants|firms\b|agencies|manufacturers",
    "b2c": r"\bb2c\b|consumers?|individuals|families|shoppers|households|personal use",
    "b2b2c": r"b2b2c",
    "marketplace": r"marketplace|two-sided|buyers and sellers|connects? (?:buyers|sellers)",
}
# Words in a common industry label, and words in prose that point to it.
_INDUSTRY_HINTS = {
    "software": ("software", "saas", "platform", "app", "cloud", "api"),
    "financ": ("fintech", "bank", "payment", "financ", "insur", "lending", "accounting", "invoic"),
    "health": ("health", "medical", "clinic", "patient", "care", "pharma", "hospital"),
    "manufactur": ("manufactur", "factory", "machin", "industrial", "precision", "production"),
    "retail": ("retail", "e-commerce", "ecommerce", "shop", "store"),
    "logistic": ("logistic", "shipping", "freight", "delivery", "fleet", "transport", "route"),
    "educat": ("educat", "school", "learning", "student", "teacher", "universit"),
    "real estate": ("real estate", "property", "properties", "landlord", "tenant"),
    "marketing": ("marketing", "advertis", "campaign", "brand"),
}
_NUMBER_RANGES = {
    "int": (0, 10**12), "headcount": (1, 10**7), "founded": (1800, 2100), "money": (1, 10**13),
}  # fmt: skip
# A number, city or country only means something next to what it measures: "2,400 clinics" is
# not a headcount, "SaaStr 2026" not a founding year, "grow in Germany" not a headquarters.
_CONTEXT = {
    "headcount": r"employ|people|team|staff|colleague|member|headcount|\bftes?\b|workforce|"
    r"mitarbeit|beschäftigt|salarié|collaborat|engineers|experts|strong\b",
    "founded": r"found|since|establish|\best\b|start|launch|incorporat|gegründet|seit|fondé|"
    r"créé|depuis|began|history",
    "money": r"rais|fund|series|seed|round|invest|backed|capital|financ|venture|led by|"
    r"lève|levé|finanzierung|runde|eingesammelt",
    "city": _LOCATION,
    "country": _LOCATION,
}
_CONTEXT_NAMES = {
    "headcount": "number of employees", "founded": "founding year", "money": "funding",
    "city": "location", "country": "location",
}  # fmt: skip
_NEGATION = re.compile(r"\b(?:not|no longer|never|no|none|without)\b|n't\b")
_INTEGRATION = re.compile(
    r"integrat|connects? (?:with|to)|sync(?:s|hroni[sz]es)? (?:with|to)|partner|works with|"
    r"plug-?in|compatible with|import(?:s)? from|export(?:s)? to|add-?on|app (?:for|in)"
)
_STOPWORDS = frozenset(
    "does do did is are was were has have had can will would should could the a an this that "
    "these those they them their its it company company's companies business of for to in on at "
    "by with from and or any some what which who whom how when where why use uses using used "
    "about into there than then also more most other such only own same very just whether".split()
)
_QUESTION_WORDS = frozenset(
    "does do did is are was were has have had can will would should could what which who how "
    "when where why the they their it its a an".split()
)


def coerce(kind: str, value: Any, allowed: tuple[str, ...] = ()) -> tuple[Any, str | None]:
    """Return (value in the declared type, None) or (None, why it is not of that type)."""
    if kind in _NUMBER_RANGES:
        number = _as_int(value)
        if number is None:
            return None, f"value {value!r} is not a whole number"
        low, high = _NUMBER_RANGES[kind]
        if not low <= number <= high:
            return None, f"value {number} is implausible"
        return number, None
    if kind == "bool":
        if isinstance(value, bool):
            return value, None
        text = str(value).strip().casefold()
        if text in ("yes", "true"):
            return True, None
        if text in ("no", "false"):
            return False, None
        return None, f"value {value!r} is not true or false"
    if kind == "list":
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(i, str | int) for i in items):
            return None, "value is not a list of strings"
        cleaned = list(dict.fromkeys(str(i).strip() for i in items if str(i).strip()))
        return (cleaned[:20], None) if cleaned else (None, "the list is empty")
    if not isinstance(value, str) or not value.strip():
        return None, f"value {value!r} is not text"
    text = value.strip()
    if len(text) > 300:
        return None, "value is longer than 300 characters"
    if kind == "country":
        code = text.upper() if re.fullmatch(r"[A-Za-z]{2}", text) else country_code(text)
        return (code, None) if code else (None, f"{text!r} is not a country")
    if kind == "industry" and allowed:
        match = next((label for label in allowed if label.casefold() == text.casefold()), None)
        return (match, None) if match else (None, f"{text!r} is not one of the ICP's industries")
    if kind == "funding_stage":
        stage = re.sub(r"[\s_]+", "-", text.casefold())
        stage = "series-d+" if re.fullmatch(r"series-[d-k]\+?", stage) else stage
        stage = "public" if stage == "ipo" else stage
        return (stage, None) if stage in FUNDING_STAGES else (None, f"{text!r} is not a stage")
    if kind == "business_model":
        model = re.sub(r"[\s_-]+", "", text.casefold())
        return (model, None) if model in BUSINESS_MODELS else (None, f"{text!r} is not a model")
    return text, None


def supports(kind: str, value: Any, quote: str, question: str | None = None) -> str | None:
    """Return why `quote` does not back `value`, or None when it does."""
    text = normalize_text(quote)
    if kind in _CONTEXT and not has_context(kind, quote):
        return f"the quote does not say it is the company's {_CONTEXT_NAMES[kind]}"
    if kind == "int" and question and not mentions_subject(question, text):
        return "the quote does not mention what the question asks about"  # "2,400 clinics"
    if kind in ("int", "headcount", "founded"):
        ok = any(abs(n - value) < 0.5 for n in quote_numbers(quote))
        return None if ok else f"the number {value} does not appear in the quote"
    if kind == "money":
        return None if money_supported(value, quote) else "the amount does not appear in the quote"
    if kind in ("name", "city"):
        names = {value, _LEGAL_SUFFIX.sub("", value)}
        ok = any(appears(name, text) for name in names if name)
        return None if ok else f"{value!r} is not named in the quote"
    if kind == "country":
        return None if country_named(value, quote) else f"country {value} is not named in the quote"
    if kind == "industry":
        return None if industry_supported(value, text) else "nothing in the quote points to it"
    if kind == "funding_stage":
        ok = re.search(_STAGE_PATTERNS[value], text) is not None
        return None if ok else f"the quote does not state {value}"
    if kind == "business_model":
        ok = re.search(_MODEL_PATTERNS[value], text) is not None
        return None if ok else f"the quote does not say who the company sells to ({value})"
    if kind == "technology":
        if not appears(value, text):
            return f"{value!r} is not named in the quote"
        if _INTEGRATION.search(text):
            return "the quote describes an integration or partnership, not use"
        return None
    if kind == "bool":
        if question and not mentions_subject(question, text):
            return "the quote does not mention what the question asks about"
        if value is True and _NEGATION.search(text):
            return "the quote is negated"
        return None
    if kind == "list":
        item = normalize_text(str(value))
        words = content_words(item)
        ok = appears(item, text) or (bool(words) and all(_has_word(w, text) for w in words))
        return None if ok else f"{value!r} is not named in the quote"
    return _text_supported(str(value), text)


def has_context(kind: str, quote: str) -> bool:
    """Return whether the quote talks about what a value of `kind` measures."""
    if re.search(_CONTEXT[kind], normalize_text(quote)):
        return True
    return kind in ("city", "country") and _POSTAL.search(quote) is not None


def _text_supported(value: str, text: str) -> str | None:
    numbers = quote_numbers(text)
    for match in re.finditer(NUMBER, value):
        number = parse_number(match.group())
        if number is not None and not any(abs(n - number) < 0.5 for n in numbers):
            return f"the number {match.group()} does not appear in the quote"
    for entity in named_entities(value):
        if not appears(entity, text):
            return f"{entity!r} is not named in the quote"
    words = content_words(normalize_text(value))
    if words and sum(_has_word(w, text) for w in words) * 2 < len(words):
        return "the answer is not what the quote says"
    return None


def appears(needle: str, text: str) -> bool:
    """Return whether `needle` occurs in `text` as whole words (both normalized)."""
    needle = normalize_text(needle)
    if not needle:
        return False
    return re.search(rf"(?<!\w){re.escape(needle)}(?!\w)", normalize_text(text)) is not None


def quote_numbers(quote: str) -> list[float]:
    """Return every quantity in a quote: "1,200" -> 1200, "$4.5M" -> 4500000, "two hundred"."""
    found = []
    for match in _QUANTITY.finditer(quote):
        number = parse_number(match["num"])
        if number is None:
            continue
        scale = _SCALES.get((match["scale"] or "").casefold(), 1)
        found.append(number * scale)
    for match in _NUMBER_WORDS.finditer(quote):
        if (number := parse_number_words(match.group())) is not None:
            found.append(float(number))
    return found


def money_supported(value: int, quote: str) -> bool:
    """Return whether an amount in the quote is `value` (USD, or converted from a currency)."""
    amounts = [n for n in quote_numbers(quote) if n >= 1000]
    if any(abs(n - value) <= 0.005 * n for n in amounts):
        return True
    # a converted amount (EUR 12M as USD 13M) cannot match exactly; allow usual rates
    return bool(_FOREIGN_MONEY.search(quote)) and any(0.6 * n <= value <= 1.5 * n for n in amounts)


def country_named(code: str, quote: str) -> bool:
    """Return whether the quote names the country (a name, an unambiguous code, or a city)."""
    words = re.findall(r"[\w.'’-]+", quote)
    for size in (4, 3, 2, 1):
        for start in range(len(words) - size + 1):
            phrase = " ".join(words[start : start + size]).strip(".,;")
            # "us", "it" are words too: short names count only written as codes ("US")
            if len(phrase.replace(".", "")) <= 3 and not phrase.isupper():
                continue
            if COUNTRY_BY_NAME.get(phrase.casefold()) == code or city_country(phrase) == code:
                return True
    return False


def industry_supported(label: str, text: str) -> bool:
    """Return whether normalized quote text points to the industry label."""
    label_text = normalize_text(label)
    hints = [hint for key, words in _INDUSTRY_HINTS.items() if key in label_text for hint in words]
    hints += [w[:6] for w in content_words(label_text) if len(w) >= 4]
    return any(re.search(rf"(?<!\w){re.escape(hint)}", text) for hint in hints)


def named_entities(text: str) -> list[str]:
    """Return the proper names in a question or answer ("SaaStr", "SOC 2", "Salesforce")."""
    entities = [q for pair in re.findall(r'"([^"]+)"|“([^”]+)”', text) for q in pair if q]
    tokens = re.findall(r"[\w][\w&+./-]*", text)
    for index, token in enumerate(tokens):
        token = token.rstrip("./")
        if token.casefold() in _QUESTION_WORDS or len(token) < 2:
            continue
        capitalized = token[0].isupper() and index > 0
        inner = any(c.isupper() for c in token[1:]) or any(c.isdigit() for c in token)
        if capitalized or inner:
            parts = token.split("/")
            # "SDR/BDR" names two things; "Money20/20" is one
            split = len(parts) > 1 and all(p.isalpha() and len(p) > 1 for p in parts)
            entities.extend(parts if split else [token])
    return list(dict.fromkeys(entities))


def content_words(text: str) -> list[str]:
    """Return the words of `text` that carry meaning (no stopwords, at least 3 letters)."""
    words = re.findall(r"[^\W\d_][\w'-]*", text.casefold())
    return [w for w in dict.fromkeys(words) if len(w) >= 3 and w not in _STOPWORDS]


def mentions_subject(question: str, text: str) -> bool:
    """Return whether normalized quote text mentions what the question asks about."""
    entities = named_entities(question)
    if entities:  # "BDRs" mentions "BDR"
        return any(appears(entity, text) or appears(entity + "s", text) for entity in entities)
    return any(_has_word(word, text) for word in content_words(question))


def _has_word(word: str, text: str) -> bool:
    stem = word[:5] if len(word) > 5 else word  # "sponsors" ~ "sponsoring"
    return re.search(rf"(?<!\w){re.escape(stem)}", text) is not None


def _as_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    if isinstance(value, str):
        text = re.sub(r"[\s,+$€£]", "", value)
        return int(text) if text.isdigit() else None
    return None
