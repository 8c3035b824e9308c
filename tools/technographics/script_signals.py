"""What a page's inline scripts load and define, read statically (no JavaScript is run).

Vendor snippets (Segment, Intercom, Hotjar, Pardot, Matomo, Zoho SalesIQ ...) rarely have a
`<script src>` in the HTML: they inject the script at run time and create global variables,
which is what the Wappalyzer engine sees in a browser (`scriptSrc`, `js`). Two static
equivalents, each keeping the exact source text as evidence:

- script URLs: string literals in inline code that are URLs (`"https://cdn.segment.com/..."`,
  `'//static.axept.io/sdk.js'`) or `.js` paths, matched like `<script src>` values;
- globals: assignments that create a global — `window.intercomSettings = {...}`,
  `w.Intercom = i` where `w` is bound to `window`, top-level `piAId = '1047213'`,
  `$zoho.salesiq = ...` — matched against the fingerprints' `js` keys.

Scripts that hold page data instead of code (Next.js flight data, `window.__NUXT__ = {...}`)
are skipped: their strings are page copy, where a vendor URL is a mention, not use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

QUOTE_LIMIT = 200
_DATA_ISLAND = re.compile(
    r"^\s*(?:self\.__next_[fs]\b|\(?\s*(?:window|self)\s*\.\s*__\w+__\s*=|"
    r"(?:window|self)\s*\[\s*[\"']__\w+__[\"']\s*\]\s*=)"
)
_STRING = re.compile(r"""(["'])((?:\\.|(?!\1)[^\\\n])*)\1""")
_URL = re.compile(r"^(?:https?:)?//[\w-]+(?:\.[\w-]+)+(?::\d+)?(?:[/?#]\S*)?$", re.I)
_JS_PATH = re.compile(r"^[^\s<>(){}]*\.js(?:[?#/]\S*)?$", re.I)
_GLOBAL_OBJECTS = ("window", "self", "globalThis")
_IDENTIFIER = r"[$A-Za-z_][\w$]*"
_ASSIGNMENT = re.compile(
    rf"(?<![\w$.])(?P<path>{_IDENTIFIER}(?:\s*\.\s*{_IDENTIFIER})*"
    rf"|(?:window|self|globalThis)\s*\[\s*[\"'](?P<key>[$\w.]+)[\"']\s*\])\s*=(?![=>])"
)
_FUNCTION = re.compile(rf"(?<![\w$.])function\s+(?P<path>{_IDENTIFIER})\s*\(")
_WINDOW_VARIABLE = re.compile(rf"\b(?:var|let|const)\s+({_IDENTIFIER})\s*=\s*window\b(?!\s*[.\[])")
_IIFE_PARAMETERS = re.compile(rf"^\W*function\s*\(\s*({_IDENTIFIER}(?:\s*,\s*{_IDENTIFIER})*)\)")
_IIFE_ARGUMENTS = re.compile(r"\}\s*\)?\s*\(([^()]*)\)\s*\)?\s*;?\s*$")
_STATEMENT_END = re.compile(r"[;\n]")


@dataclass(frozen=True)
class ScriptUrl:
    """A URL an inline script loads: the value to match and the literal as written."""

    url: str
    quote: str


@dataclass(frozen=True)
class GlobalAssignment:
    """A global an inline script creates: its path, the assigned text and the statement."""

    path: str
    value: str
    quote: str


def is_data_island(body: str) -> bool:
    """Return whether an inline script only carries page data (not vendor code)."""
    return bool(_DATA_ISLAND.match(body))


def script_urls(body: str) -> list[ScriptUrl]:
    """Return the URL and `.js` path string literals of one inline script."""
    found = []
    for match in _STRING.finditer(body):
        raw = match.group(2)
        value = raw.replace("\\/", "/")
        if _URL.match(value) or _JS_PATH.match(value):
            found.append(ScriptUrl(value, raw[:QUOTE_LIMIT]))
    return found


def _window_aliases(body: str) -> set[str]:
    """Names bound to `window`: `var w = window` and `(function(w, d){...})(window, document)`."""
    aliases = set(_WINDOW_VARIABLE.findall(body))
    parameters, arguments = _IIFE_PARAMETERS.search(body), _IIFE_ARGUMENTS.search(body)
    if parameters and arguments:
        names = [n.strip() for n in parameters.group(1).split(",")]
        values = [v.strip() for v in arguments.group(1).split(",")]
        aliases |= {n for n, v in zip(names, values, strict=False) if v in _GLOBAL_OBJECTS}
    return aliases


def _statement(body: str, start: int, end: int) -> str:
    stop = _STATEMENT_END.search(body, end)
    return body[start : stop.start() if stop else len(body)].strip()[:QUOTE_LIMIT]


def _assigned_value(body: str, end: int) -> str:
    stop = re.compile(r"[;,\n}]").search(body, end)
    value = body[end : stop.start() if stop else len(body)].strip()
    return value[1:-1] if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'" else value


def global_assignments(body: str) -> list[GlobalAssignment]:
    """Return the globals one inline script creates, as dotted paths (`$zoho.salesiq`).

    A plain name counts when it is a property of `window` (directly or through an alias) or
    assigned at the top level of the script; a dotted path counts anywhere, being specific.
    """
    aliases = set(_GLOBAL_OBJECTS) | _window_aliases(body)
    found: list[GlobalAssignment] = []
    depth, scanned = 0, 0
    matches = [(m, True) for m in _ASSIGNMENT.finditer(body)]
    matches += [(m, False) for m in _FUNCTION.finditer(body)]
    for match, is_assignment in sorted(matches, key=lambda item: item[0].start()):
        depth += body.count("{", scanned, match.start()) - body.count("}", scanned, match.start())
        scanned = match.start()
        if match.groupdict().get("key"):
            parts, explicit = [match.group("key")], True
        else:
            parts = [p.strip() for p in match.group("path").split(".")]
            explicit = len(parts) > 1 and parts[0] in aliases
            parts = parts[1:] if explicit else parts
        if not parts or (len(parts) == 1 and not explicit and depth > 0):
            continue
        value = _assigned_value(body, match.end()) if is_assignment else ""
        quote = _statement(body, match.start(), match.end())
        found.append(GlobalAssignment(".".join(parts), value, quote))
    return found
