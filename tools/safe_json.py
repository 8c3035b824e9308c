"""Decoding JSON from strangers (job-board APIs, JSON-LD, LLM replies) with bounded work.

`json.loads` recurses once per nesting level: a reply nested 100,000 arrays deep raises
`RecursionError` (which is not a `ValueError`) and every walker of the decoded value recurses
again. `loads_bounded` measures the nesting first, in one linear pass that skips the contents
of strings, and refuses a document deeper than `MAX_JSON_DEPTH` or longer than `max_chars`
with `JsonRefused`, a `ValueError`, so callers treat it as any other undecodable response.
"""

from __future__ import annotations

import json
import re
from itertools import accumulate
from typing import Any

MAX_JSON_DEPTH = 64
"""Deeper than any real job board, JSON-LD block or structured LLM reply (they stay under 15)."""
MAX_JSON_CHARS = 16 * 1024 * 1024

_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)
_BRACKET = re.compile(r"[\[\]{}]")
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


class JsonRefused(ValueError):
    """A JSON document too deep or too large to decode safely."""


def json_depth(text: str) -> int:
    """Return the deepest nesting of arrays and objects in `text` (brackets in strings skipped)."""
    brackets = _BRACKET.findall(_STRING.sub('""', text))
    return max(accumulate((_STEP[b] for b in brackets), initial=0))


def loads_bounded(
    text: str | bytes,
    *,
    max_depth: int = MAX_JSON_DEPTH,
    max_chars: int = MAX_JSON_CHARS,
    strict: bool = True,
) -> Any:
    """Decode JSON like `json.loads`, refusing documents nested deeper than `max_depth`.

    Raises:
        JsonRefused: too deep or too long (a `ValueError`).
        ValueError: not JSON (`json.JSONDecodeError`, as `json.loads` raises).
    """
    if isinstance(text, bytes | bytearray):
        text = text.decode("utf-8", errors="replace")
    if len(text) > max_chars:
        raise JsonRefused(f"JSON of {len(text):,} characters (the limit is {max_chars:,})")
    depth = json_depth(text)
    if depth > max_depth:
        raise JsonRefused(f"JSON nested {depth:,} levels deep (the limit is {max_depth})")
    try:
        return json.loads(text, strict=strict)
    except RecursionError:  # unreachable after the depth check; kept as the last line of defence
        raise JsonRefused("JSON nested too deep to decode") from None
