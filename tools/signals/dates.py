"""Dates as pages write them: ISO and feed stamps, written dates in seven languages, "2 days ago".

Every function returns None rather than guess: a date is only ever read from the text, and a
relative date ("3 days ago") only resolves against the time the page was fetched.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timedelta
from email.utils import parsedate_to_datetime

# Month names (and their usual abbreviations) in EN, DE, FR, ES, IT, NL, PT, without accents.
_MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        "january jan januar janvier enero gennaio januari janeiro jänner janner",
        "february feb februar fevrier febrero febbraio februari fevereiro",
        "march mar marz maerz mars marzo maart marco",
        "april apr avril abril aprile",
        "may mai mayo maggio mei maio",
        "june jun juni juin junio giugno junho",
        "july jul juli juillet julio luglio julho",
        "august aug aout agosto augustus",
        "september sep sept septembre septiembre settembre setembro setiembre",
        "october oct oktober octobre octubre ottobre okt outubro",
        "november nov novembre noviembre novembro",
        "december dec dezember decembre diciembre dicembre dez dezembro",
    ),
    start=1,
):
    for _name in _names.split():
        _MONTHS[_name] = _number
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))

_ISO = re.compile(r"(?<!\d)((?:19|20)\d\d)-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(?!\d)")
# "March 5, 2024", "Mar. 5th 2024"
_MONTH_DAY_YEAR = re.compile(
    rf"\b({_MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+((?:19|20)\d\d)\b", re.I
)
# "5 March 2024", "5. März 2024", "5 de marzo de 2024", "le 5 mars 2024", "1er juin 2024"
_DAY_MONTH_YEAR = re.compile(
    rf"\b(\d{{1,2}})(?:\.|er|º|°|st|nd|rd|th)?\s+(?:de\s+)?({_MONTH})\.?,?\s+(?:de\s+)?((?:19|20)\d\d)\b",
    re.I,
)
# "05.03.2024" (DE, NL, FR with dots or slashes: day first); "03/05/2024" is ambiguous
_DOTTED = re.compile(r"\b(0?[1-9]|[12]\d|3[01])\.(0?[1-9]|1[0-2])\.((?:19|20)\d\d)\b")
_RELATIVE = re.compile(
    r"\b(?:(\d{1,3}|an?|one)\s+(minute|hour|day|week|month)s?\s+ago"
    r"|vor\s+(\d{1,3}|einem|einer)\s+(minute|stunde|tag|woche|monat)(?:n|en|e)?"
    r"|il\s+y\s+a\s+(\d{1,3}|un|une)\s+(minute|heure|jour|semaine|mois)s?"
    r"|hace\s+(\d{1,3}|un|una)\s+(minuto|hora|dia|semana|mes)(?:s|es)?"
    r"|(\d{1,3}|un|una)\s+(minut|or|giorn|settiman|mes)[aoie]\s+fa"
    r"|(\d{1,3}|een)\s+(minuut|minuten|uur|dag|dagen|week|weken|maand|maanden)\s+geleden)\b",
    re.I,
)
_UNIT_DAYS = {
    "minute": 0, "hour": 0, "day": 1, "week": 7, "month": 30,
    "minuto": 0, "minut": 0, "stunde": 0, "heure": 0, "hora": 0, "or": 0, "uur": 0,
    "minuut": 0, "minuten": 0,
    "tag": 1, "jour": 1, "dia": 1, "giorn": 1, "dag": 1, "dagen": 1,
    "woche": 7, "semaine": 7, "semana": 7, "settiman": 7, "weken": 7,
    "monat": 30, "mois": 30, "mes": 30, "maand": 30, "maanden": 30,
}  # fmt: skip
_ONE = {"a", "an", "one", "einem", "einer", "un", "une", "una", "een"}
_TODAY = re.compile(r"\b(?:today|heute|aujourd'hui|hoy|oggi|vandaag|hoje)\b", re.I)
_YESTERDAY = re.compile(r"\b(?:yesterday|gestern|ayer|ieri|gisteren|ontem)\b", re.I)


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def _make(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_stamp(value: object) -> date | None:
    """Read a machine date: ISO 8601 (`datePublished`, `<time datetime>`) or RFC 822 (RSS)."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text or len(text) > 64:
        return None
    iso = _ISO.match(text)
    if iso:
        return _make(int(iso[1]), int(iso[2]), int(iso[3]))
    try:
        return parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def find_written_date(text: str) -> tuple[date, str] | None:
    """Return the first absolute date written in `text` and the words that state it."""
    plain = _plain(text)
    found: list[tuple[int, date, str]] = []
    for match in _ISO.finditer(plain):
        made = _make(int(match[1]), int(match[2]), int(match[3]))
        if made:
            found.append((match.start(), made, match[0]))
    for match in _MONTH_DAY_YEAR.finditer(plain):
        made = _make(int(match[3]), _MONTHS[match[1].lower()], int(match[2]))
        if made:
            found.append((match.start(), made, match[0]))
    for match in _DAY_MONTH_YEAR.finditer(plain):
        made = _make(int(match[3]), _MONTHS[match[2].lower()], int(match[1]))
        if made:
            found.append((match.start(), made, match[0]))
    for match in _DOTTED.finditer(plain):
        made = _make(int(match[3]), int(match[2]), int(match[1]))
        if made:
            found.append((match.start(), made, match[0]))
    if not found:
        return None
    start, made, _ = min(found, key=lambda item: item[0])
    # the words as written in the original text (same length: NFKD only strips accents)
    length = len(next(words for pos, _, words in found if pos == start))
    return made, _original_span(text, start, length)


def _original_span(text: str, start: int, length: int) -> str:
    """Map a span of the accent-stripped text back onto the original text."""
    index = 0
    plain_pos = 0
    begin = None
    for index, char in enumerate(text):
        if plain_pos == start and begin is None:
            begin = index
        plain_pos += len(_plain(char))
        if begin is not None and plain_pos >= start + length:
            return text[begin : index + 1]
    return text[begin or 0 :]


def find_relative_date(text: str, fetched: date) -> tuple[date, str] | None:
    """Resolve "3 days ago" / "vor 2 Tagen" against the day the page was fetched.

    Only for a short date label (a `<time>` element, the line under a headline): in running
    prose "today" rarely dates the event.
    """
    if len(text) > 60:
        return None
    plain = _plain(text)
    match = _RELATIVE.search(plain)
    if match:
        groups = [g for g in match.groups() if g is not None]
        amount_text, unit = groups[0].lower(), groups[1].lower()
        amount = 1 if amount_text in _ONE else int(amount_text)
        days = _UNIT_DAYS.get(unit, _UNIT_DAYS.get(unit.rstrip("s"), 1))
        return fetched - timedelta(days=amount * days), match[0]
    if _YESTERDAY.search(plain):
        return fetched - timedelta(days=1), _YESTERDAY.search(plain)[0]  # type: ignore[index]
    if _TODAY.search(plain):
        return fetched, _TODAY.search(plain)[0]  # type: ignore[index]
    return None


def fetched_day(fetched_at: str | None) -> date | None:
    """Return the day a page was fetched (from `PageRecord.fetched_at`), if known."""
    if not fetched_at:
        return None
    try:
        return datetime.fromisoformat(fetched_at.replace("Z", "+00:00")).date()
    except ValueError:
        return None
