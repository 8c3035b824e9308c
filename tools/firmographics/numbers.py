"""Numbers as companies write them: "1,200", "1.200", "1 200", "2,5 Mio.", "two hundred"."""

from __future__ import annotations

import re

NUMBER = r"\d{1,3}(?:(?:,|\.|[ \u00a0\u202f](?=\d{3}\b))\d{3})+(?!\d)|\d+(?:[.,]\d+)?"
"""A number with thousands separators (en, de, fr) or an optional decimal part."""

_GROUPED = re.compile(r"\d{1,3}(?:[.,\s\u00a0\u202f]\d{3})+")

_UNITS = {
    "zero": 0, "one": 1, "a": 1, "an": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
# Tens and small numbers in de, fr, es, it, nl, pt ("ruim zestig", "oltre ottanta", "treinta y
# cinco"); one-word compounds ("fünfundzwanzig") are not read.
_FOREIGN_UNITS = {
    "zwei": 2, "drei": 3, "fünf": 5, "sechs": 6, "sieben": 7, "neun": 9, "zehn": 10, "zwölf": 12,
    "zwanzig": 20, "dreißig": 30, "vierzig": 40, "fünfzig": 50, "sechzig": 60, "siebzig": 70,
    "achtzig": 80, "neunzig": 90,
    "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "douze": 12, "vingt": 20, "trente": 30,
    "quarante": 40, "cinquante": 50, "soixante": 60,
    "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7, "ocho": 8, "nueve": 9,
    "diez": 10, "doce": 12, "veinte": 20, "treinta": 30, "cuarenta": 40, "cincuenta": 50,
    "sesenta": 60, "setenta": 70, "ochenta": 80, "noventa": 90,
    "tre": 3, "quattro": 4, "cinque": 5, "sette": 7, "otto": 8, "nove": 9, "dieci": 10,
    "dodici": 12, "venti": 20, "trenta": 30, "quaranta": 40, "cinquanta": 50, "sessanta": 60,
    "settanta": 70, "ottanta": 80, "novanta": 90,
    "twee": 2, "drie": 3, "vijf": 5, "zes": 6, "zeven": 7, "negen": 9, "tien": 10, "twaalf": 12,
    "twintig": 20, "dertig": 30, "veertig": 40, "vijftig": 50, "zestig": 60, "zeventig": 70,
    "tachtig": 80, "negentig": 90,
    "dois": 2, "duas": 2, "três": 3, "quatro": 4, "sete": 7, "oito": 8, "dez": 10, "doze": 12,
    "vinte": 20, "trinta": 30, "quarenta": 40, "sessenta": 60, "oitenta": 80,
}  # fmt: skip
_UNITS.update(_FOREIGN_UNITS)
_SCALES = {"dozen": 12, "hundred": 100, "thousand": 1000, "hundert": 100, "tausend": 1000,
           "cent": 100, "cents": 100, "mille": 1000, "cien": 100, "ciento": 100, "cientos": 100,
           "mil": 1000, "cento": 100, "honderd": 100, "duizend": 1000, "cem": 100}  # fmt: skip
_CONNECTORS = ("and", "und", "et", "y", "e", "en")
_WORD = "|".join(sorted([*_UNITS, *_SCALES], key=len, reverse=True))
NUMBER_WORDS = rf"(?:(?:{_WORD})(?:[\s-]+(?:(?:{'|'.join(_CONNECTORS)})[\s-]+)?(?:{_WORD}))*)\b"
"""English number words such as "two hundred", "forty-five", "a dozen"."""


def parse_number(text: str) -> float | None:
    """Parse a digit number in any of the usual locales; a 3-digit group means thousands."""
    value = text.strip()
    if _GROUPED.fullmatch(value):
        return float(re.sub(r"[.,\s\u00a0\u202f]", "", value))
    try:
        return float(value.replace(",", "."))
    except ValueError:
        return None


def parse_number_words(text: str) -> int | None:
    """Parse number words ("two hundred and fifty" -> 250, "treinta y cinco" -> 35) or None."""
    total, current, seen = 0, 0, False
    for word in re.split(r"[\s-]+", text.strip().lower()):
        if word in _CONNECTORS:
            continue
        if word in _UNITS:
            current += _UNITS[word]
            seen = True
        elif word in _SCALES:
            current = max(current, 1) * _SCALES[word]
            if _SCALES[word] >= 1000:
                total, current = total + current, 0
            seen = True
        else:
            return None
    value = total + current
    return value if seen and value > 1 else None


def parse_quantity(text: str) -> int | None:
    """Parse digits or number words into an int."""
    number = parse_number(text)
    if number is None:
        return parse_number_words(text)
    return int(number)
