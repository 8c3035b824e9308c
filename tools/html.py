"""Pure HTML parsing: visible text, links, JSON-LD, meta tags and script sources."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup, Comment

_INVISIBLE_TAGS = ("script", "style", "noscript", "template", "svg", "head", "iframe", "object")
_BOILERPLATE_TAGS = ("nav",)
_BLOCK_TAGS = (
    "p", "div", "section", "article", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
    "br", "tr", "td", "th", "table", "header", "footer", "main", "aside", "address", "dd", "dt",
    "blockquote", "figcaption", "form", "label", "option",
)  # fmt: skip
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_SPACES = re.compile(r"[ \t\r\f\v]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")


@dataclass
class Link:
    """An outgoing link: absolute URL and its anchor text."""

    url: str
    text: str


@dataclass
class ParsedPage:
    """What the extractors need from one HTML page."""

    url: str
    source: str
    title: str = ""
    text: str = ""
    links: list[Link] = field(default_factory=list)
    jsonld: list[dict[str, Any]] = field(default_factory=list)
    jsonld_sources: list[str] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    script_srcs: list[str] = field(default_factory=list)
    iframe_srcs: list[str] = field(default_factory=list)
    lang: str | None = None


def _is_hidden(tag: Any) -> bool:
    attrs = getattr(tag, "attrs", None) or {}
    if "hidden" in attrs or attrs.get("aria-hidden") == "true":
        return True
    return bool(_HIDDEN_STYLE.search(attrs.get("style", "")))


def _flatten_jsonld(node: Any) -> list[dict[str, Any]]:
    if isinstance(node, list):
        return [item for child in node for item in _flatten_jsonld(child)]
    if not isinstance(node, dict):
        return []
    items = [node] if "@type" in node else []
    if "@graph" in node:
        items.extend(_flatten_jsonld(node["@graph"]))
    return items


def visible_text(soup: BeautifulSoup, drop_boilerplate: bool = True) -> str:
    """Return the human-visible text, one block per line, without scripts or hidden parts."""
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    removable = _INVISIBLE_TAGS + (_BOILERPLATE_TAGS if drop_boilerplate else ())
    for tag in soup.find_all(removable):
        tag.decompose()
    for tag in soup.find_all(_is_hidden):
        tag.decompose()
    for tag in soup.find_all(_BLOCK_TAGS):
        tag.insert_before("\n")
        tag.insert_after("\n")
    text = soup.get_text("")
    lines = (_SPACES.sub(" ", line).strip() for line in text.splitlines())
    return _BLANK_LINES.sub("\n", "\n".join(line for line in lines if line)).strip()


def parse_html(source: str, url: str) -> ParsedPage:
    """Parse an HTML document fetched from `url`."""
    soup = BeautifulSoup(source, "lxml")
    page = ParsedPage(url=url, source=source)
    if soup.html is not None and soup.html.get("lang"):
        page.lang = str(soup.html.get("lang")).lower()
    if soup.title and soup.title.string:
        page.title = soup.title.string.strip()
    for meta in soup.find_all("meta"):
        key = meta.get("property") or meta.get("name") or meta.get("itemprop")
        if key and meta.get("content") is not None:
            page.meta.setdefault(str(key).lower(), str(meta["content"]).strip())
    for script in soup.find_all("script"):
        if script.get("src"):
            page.script_srcs.append(urljoin(url, script["src"]))
        elif (script.get("type") or "").lower() == "application/ld+json":
            raw = script.string or script.get_text()
            try:
                data = json.loads(raw)
            except (ValueError, TypeError):
                continue
            page.jsonld_sources.append(raw)
            page.jsonld.extend(_flatten_jsonld(data))
    page.iframe_srcs = [urljoin(url, f["src"]) for f in soup.find_all("iframe") if f.get("src")]
    for anchor in soup.find_all("a", href=True):
        href = anchor["href"].strip()
        if href.startswith(("mailto:", "tel:", "javascript:", "#")):
            continue
        page.links.append(Link(urljoin(url, href), anchor.get_text(" ", strip=True)))
    page.text = visible_text(soup)
    return page


def same_site(url: str, domain: str) -> bool:
    """Return whether `url` is on `domain` or one of its subdomains."""
    host = (urlsplit(url).hostname or "").lower()
    return host == domain or host.endswith("." + domain)
