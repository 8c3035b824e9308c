"""Numbers as CRMs and people write them: `$1,200,000`, `1.2M`, `€ 3 000 000`, `USD 5,000,000.00`.

The one parser of amounts and counts in CRM columns, used by scoring (`input.*` criteria),
discover, report, calibrate and the CRM exports. It reads:

- a currency sign or ISO 4217 code before or after the number (`$`, `€`, `£`, `¥`, `₹`,
  `USD`, `EUR`, `CHF` …), which is dropped: amounts are compared as written;
- thousands grouped by commas, dots, spaces (also no-break and thin spaces) or apostrophes
  (`1,200,000`, `1.200.000`, `3 000 000`, `1'200'000`); one separator followed by exactly
  three digits groups thousands too (`1,200` and `12.000` are twelve hundred and twelve
  thousand, as US and European exports write them; `0.500` is a half);
- a decimal comma when it is the last separator and not followed by exactly three digits
  (`1.200.000,50`, `3,5`), else a decimal point (`5,000,000.00`, `1.2`);
- a scale: `k`, `m`, `mm`, `mn`, `b`, `bn` (any case) or the words thousand, million, billion;
- a minus sign or accounting parentheses for a negative amount.

Anything else (`call me`, `1M-5M`, `12 employees`) is not an amount: `None`.
"""

from __future__ import annotations

import re

_CODES = (
    "USD|EUR|GBP|CHF|JPY|CAD|AUD|NZD|SEK|NOK|DKK|PLN|CZK|HUF|INR|CNY|BRL|MXN|ZAR|SGD|HKD|ILS|"
    "AED|SAR|KRW|TRY"
)
_CURRENCY = re.compile(
    rf"^(?:{_CODES}|US\$|A\$|C\$|R\$|[$€£¥₹])\s*|\s*(?:{_CODES}|[$€£¥₹])$", re.IGNORECASE
)
_SCALE = {
    "k": 1e3, "thousand": 1e3, "m": 1e6, "mm": 1e6, "mn": 1e6, "mio": 1e6, "million": 1e6,
    "b": 1e9, "bn": 1e9, "billion": 1e9,
}  # fmt: skip
_NUMBER = re.compile(r"^(\d[\d.,'\s]*)\s*([a-z]*)$")
_GROUPED = re.compile(r"^[1-9]\d{0,2}(?:([.,' ])\d{3})(?:\1\d{3})*$")
_BLANK = frozenset({"", "-", "—", "–", "n/a", "na", "none", "null", "unknown", "?"})


def is_blank(text: str) -> bool:
    """Whether a cell says "no value" (empty, a dash, n/a, none …) rather than a wrong one."""
    return text.strip().lower() in _BLANK


def _plain(digits: str) -> float | None:
    """Return the value of digits with separators (no sign, currency or scale)."""
    digits = re.sub(r"[\s\u00a0\u202f\u2009]", " ", digits).strip()
    if _GROUPED.match(digits):  # 1,200,000 / 1.200.000 / 3 000 000 / 1'200'000
        return float(re.sub(r"[.,' ]", "", digits))
    separators = [char for char in digits if char in ".,"]
    if " " in digits or "'" in digits:
        head, _, tail = digits.rpartition(separators[-1]) if separators else (digits, "", "")
        if separators and not re.fullmatch(r"\d[\d' ]*", head):
            return None
        digits = re.sub(r"[ ']", "", head) + ("." + tail if separators else "")
        return _float(digits)
    if not separators:
        return _float(digits)
    decimal = separators[-1]
    head, _, tail = digits.rpartition(decimal)
    if decimal == "," and len(separators) == 1 and len(tail) == 3:
        return _float(head + tail)  # "1,200": a thousands comma
    thousands = "." if decimal == "," else ","
    if not re.fullmatch(rf"\d{{1,3}}(?:\{thousands}\d{{3}})*|\d+", head):
        return None
    return _float(head.replace(thousands, "") + "." + tail)


def _float(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def parse_amount(text: str) -> float | None:
    """Return the number an amount or count cell states; None when it states none."""
    cleaned = text.strip()
    negative = False
    if cleaned.startswith("(") and cleaned.endswith(")"):
        negative, cleaned = True, cleaned[1:-1].strip()
    if cleaned.startswith(("-", "−")):
        negative, cleaned = True, cleaned[1:].strip()
    for _ in range(2):  # a code and a sign may both be there: "USD $5,000"
        cleaned = _CURRENCY.sub("", cleaned).strip()
    if cleaned.startswith(("-", "−")):  # "$-5"
        negative, cleaned = True, cleaned[1:].strip()
    match = _NUMBER.match(cleaned.lower())
    if match is None:
        return None
    digits, scale = match.groups()
    if scale and scale not in _SCALE:
        return None
    value = _plain(digits)
    if value is None:
        return None
    value *= _SCALE.get(scale, 1.0)
    return -value if negative else value
