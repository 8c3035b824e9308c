"""What an archive says about a result's citations: page texts, robots rules, evidence checks.

Evaluation trusts only the archive: a quote is valid when it occurs (after
`tools.evidence.normalize_text`) in the visible text, the raw source, the text of the HTML
inside a JSON body, or a response header line of the 2xx page the cited URL leads to
(following archived redirects). A citation of a page robots.txt disallows is never valid.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import Any
from urllib.parse import urljoin, urlsplit

from protego import Protego

from tools.evidence import quote_occurs
from tools.html import parse_html
from tools.safe_json import loads_bounded
from tools.web.archive import WarcArchive
from tools.web.fetcher import DEFAULT_USER_AGENT

MAX_REDIRECTS = 5


def _json_strings(node: Any) -> Iterable[str]:
    if isinstance(node, dict):
        for value in node.values():
            yield from _json_strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _json_strings(value)
    elif isinstance(node, str):
        yield node


def _json_text(body: str) -> str:
    """Return the strings of a JSON document, HTML inside them turned into visible text."""
    try:
        data = loads_bounded(body)
    except ValueError:
        return ""
    parts = []
    for string in _json_strings(data):
        if "&lt;" in string:  # Greenhouse escapes the HTML of its descriptions once more
            string = html.unescape(string)
        parts.append(parse_html(string, "about:blank").text if "<" in string else string)
    return "\n".join(parts)


class ArchiveIndex:
    """Page texts and robots rules of a `WarcArchive`, computed once per URL."""

    def __init__(self, archive: WarcArchive, user_agent: str = DEFAULT_USER_AGENT):
        self.archive = archive
        self.user_agent = user_agent
        self._texts: dict[str, tuple[str, ...] | None] = {}
        self._robots: dict[str, Protego | None] = {}

    def _final(self, url: str) -> tuple[str, Any] | None:
        for _ in range(MAX_REDIRECTS + 1):
            found = self.archive.get(url)
            if found is None:
                return None
            location = dict((k.lower(), v) for k, v in found.headers).get("location")
            if 300 <= found.status < 400 and location:
                url = urljoin(url, location)
                continue
            return url, found
        return None

    def texts(self, url: str) -> tuple[str, ...] | None:
        """Return the texts a quote from `url` may occur in; None when no 2xx page is archived."""
        if url not in self._texts:
            self._texts[url] = self._load_texts(url)
        return self._texts[url]

    def _load_texts(self, url: str) -> tuple[str, ...] | None:
        final = self._final(url)
        if final is None or not 200 <= final[1].status < 300:
            return None
        final_url, found = final
        body = found.body.decode("utf-8", errors="replace")
        headers = "\n".join(f"{k}: {v}" for k, v in found.headers)
        content_type = dict((k.lower(), v) for k, v in found.headers).get("content-type", "")
        if "html" in content_type or body.lstrip().startswith("<"):
            return (parse_html(body, final_url).text, body, headers)
        if "json" in content_type:
            return (body, _json_text(body), headers)
        return (body, headers)

    def robots_allows(self, url: str) -> bool:
        """Return whether the archived robots.txt of the URL's host lets our user agent in."""
        parts = urlsplit(url)
        if parts.path == "/robots.txt":
            return True
        origin = f"{parts.scheme}://{parts.netloc}".lower()
        if origin not in self._robots:
            found = self.archive.get(origin + "/robots.txt")
            if found is not None and 200 <= found.status < 300:
                self._robots[origin] = Protego.parse(found.body.decode("utf-8", errors="replace"))
            else:
                self._robots[origin] = None
        rules = self._robots[origin]
        return rules is None or rules.can_fetch(url, self.user_agent)

    def evidence_problem(self, evidence: list[Any]) -> str | None:
        """Return why a value's evidence fails the archive check, or None when it all holds."""
        if not evidence:
            return "no evidence"
        for item in evidence:
            url = item.get("url", "") if isinstance(item, dict) else getattr(item, "url", "")
            quote = item.get("quote", "") if isinstance(item, dict) else getattr(item, "quote", "")
            if not self.robots_allows(url):
                return f"robots.txt disallows {url}"
            texts = self.texts(url)
            if texts is None:
                return f"no archived 2xx page at {url}"
            if not quote_occurs(quote, *texts):
                return f"quote not on {url}: {quote[:80]!r}"
        return None
