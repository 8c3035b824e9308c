"""Pure HTML parsing: visible text, links, JSON-LD, meta tags and script sources."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup, CData, NavigableString, Tag

from tools.safe_json import loads_bounded

_INVISIBLE_TAGS = (
    "script", "style", "noscript", "template", "svg", "head", "iframe", "object", "canvas",
    "audio", "video",
)  # fmt: skip
_BOILERPLATE_TAGS = ("nav",)
_BLOCK_TAGS = (
    "p", "div", "section", "article", "li", "ul", "ol", "dl", "h1", "h2", "h3", "h4", "h5", "h6",
    "br", "hr", "tr", "td", "th", "table", "caption", "header", "footer", "main", "aside",
    "address", "dd", "dt", "blockquote", "pre", "figure", "figcaption", "form", "fieldset",
    "legend", "label", "option", "button", "details", "summary", "dialog", "hgroup", "center",
)  # fmt: skip
# a declaration of its own (not `--display:none` or `max-display`), any spacing or case
_HIDDEN_STYLE = re.compile(
    r"(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*(?:hidden|collapse))\b", re.I
)
# classes every CSS framework uses for screen-reader-only text (never a bare `hidden`, which
# Tailwind combines with `md:block` to show the element on wider screens)
_SCREEN_READER_CLASSES = frozenset({"sr-only", "visually-hidden", "screen-reader-text"})
_SPACES = re.compile(r"[^\S\n]+")
_SOURCE_BREAKS = re.compile(r"[^\S ]")
_WHITESPACE = re.compile(r"\s+")
_JSON_WRAPPERS = re.compile(r"^\s*(?://\s*)?(?:<!--|<!\[CDATA\[)|(?://\s*)?(?:-->|\]\]>)\s*$")
MAX_ELEMENTS = 60_000
_START_TAG = re.compile(r"<[A-Za-z]")
_TEXT_TYPES = (NavigableString, CData)  # not comments, doctypes or script bodies
_SKIPPED_SCHEMES = ("mailto:", "tel:", "javascript:", "data:", "sms:", "callto:")


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
    truncated: bool = False
    """The page had more than `MAX_ELEMENTS` elements; only the first ones were read."""


def _is_hidden(tag: Any) -> bool:
    attrs = getattr(tag, "attrs", None) or {}
    if "hidden" in attrs or str(attrs.get("aria-hidden", "")).strip().lower() == "true":
        return True
    if tag.name == "dialog" and "open" not in attrs:
        return True
    if _SCREEN_READER_CLASSES.intersection(attrs.get("class") or ()):
        return True
    return bool(_HIDDEN_STYLE.search(str(attrs.get("style", ""))))


def _is_navigation(tag: Any) -> bool:
    attrs = getattr(tag, "attrs", None) or {}
    return str(attrs.get("role", "")).strip().lower() == "navigation"


def _flatten_jsonld(node: Any) -> list[dict[str, Any]]:
    if isinstance(node, list):
        return [item for child in node for item in _flatten_jsonld(child)]
    if not isinstance(node, dict):
        return []
    items = [node] if "@type" in node else []
    if "@graph" in node:
        items.extend(_flatten_jsonld(node["@graph"]))
    return items


def _load_jsonld(raw: str) -> Any:
    """Return the JSON in a JSON-LD block (tolerating comment wrappers), or None if invalid."""
    text = _JSON_WRAPPERS.sub("", raw.strip()).strip().rstrip(";")
    try:
        # strict=False: raw line breaks inside strings are common and harmless
        return loads_bounded(text, strict=False)
    except (ValueError, TypeError):  # JsonRefused (too deep) is a ValueError
        return None


def _absolute(base: str, href: str) -> str | None:
    """Resolve `href` against `base`; None for a malformed URL."""
    try:
        url = urljoin(base, href.strip())
        urlsplit(url).port  # noqa: B018 - raises ValueError on a bad port or IPv6 literal
    except ValueError:
        return None
    return url


def _collapse(text: str) -> str:
    return " ".join(text.split())


def _skipped(tag: Tag, drop_boilerplate: bool) -> bool:
    """Whether nothing inside `tag` is visible text (or it is boilerplate being dropped)."""
    if tag.name in _INVISIBLE_TAGS or _is_hidden(tag):
        return True
    return drop_boilerplate and (tag.name in _BOILERPLATE_TAGS or _is_navigation(tag))


_LINE_BREAK = object()


def visible_text(soup: BeautifulSoup | Tag, drop_boilerplate: bool = True) -> str:
    """Return the human-visible text, one block per line, without scripts or hidden parts.

    One walk over the tree with an explicit stack: linear in the number of nodes whatever the
    shape (20,000 siblings or 100,000 levels of nesting), and the tree is left unchanged.
    Comments, `<template>`, `<noscript>` and elements hidden by attribute or inline style add
    nothing.
    """
    pieces: list[str] = []
    # (node, inside <pre>) in reverse document order; _LINE_BREAK marks a block's end
    stack: list[tuple[Any, bool]] = [(soup, False)]
    while stack:
        node, in_pre = stack.pop()
        if node is _LINE_BREAK:
            pieces.append("\n")
        elif isinstance(node, Tag):
            if node is not soup and _skipped(node, drop_boilerplate):
                continue
            block = node.name in _BLOCK_TAGS
            if block:
                # a line break around every block, so text of adjacent blocks never fuses
                pieces.append("\n")
                stack.append((_LINE_BREAK, in_pre))
            inner_pre = in_pre or node.name == "pre"
            stack.extend((child, inner_pre) for child in reversed(node.contents))
        elif type(node) in _TEXT_TYPES:
            text = str(node)
            if not in_pre and _SOURCE_BREAKS.search(text):
                # a line break in the source is a space on screen (except inside <pre>)
                text = _WHITESPACE.sub(" ", text)
            pieces.append(text)
    lines = (_SPACES.sub(" ", line).strip() for line in "".join(pieces).split("\n"))
    return "\n".join(line for line in lines if line)


def _title(soup: BeautifulSoup) -> str:
    for tag in soup.find_all("title"):
        if tag.find_parent("svg") is None:
            return _collapse(tag.get_text(" "))
    return ""


def _lang(soup: BeautifulSoup) -> str | None:
    root = soup.find("html")
    value = ""
    if isinstance(root, Tag):
        value = str(root.get("lang") or root.get("xml:lang") or "")
    if not value.strip():
        for meta in soup.find_all("meta", attrs={"http-equiv": True}):
            if str(meta["http-equiv"]).strip().lower() == "content-language":
                value = str(meta.get("content") or "").split(",")[0]
                break
    return value.strip().lower() or None


def _base_url(soup: BeautifulSoup, url: str) -> str:
    """Return the URL relative links resolve against (`<base href>` when given)."""
    base = soup.find("base", href=True)
    if isinstance(base, Tag):
        resolved = _absolute(url, str(base["href"]))
        if resolved and urlsplit(resolved).scheme in ("http", "https"):
            return resolved
    return url


def bounded_markup(source: str, max_elements: int = MAX_ELEMENTS) -> tuple[str, bool]:
    """Return the part of `source` holding its first `max_elements` tags, and whether cut.

    Parsing and every walk after it are linear in the number of elements; this caps that
    number, so one crafted page (hundreds of thousands of nested or sibling tags, all under
    the size cap) costs seconds, not minutes. Real pages stay far below the cap.
    """
    for count, match in enumerate(_START_TAG.finditer(source), 1):
        if count > max_elements:
            return source[: match.start()], True
    return source, False


def parse_html(source: str, url: str) -> ParsedPage:
    """Parse an HTML document fetched from `url` (at most `MAX_ELEMENTS` elements of it)."""
    markup, cut = bounded_markup(source)
    soup = BeautifulSoup(markup, "lxml")
    page = ParsedPage(url=url, source=source, title=_title(soup), lang=_lang(soup))
    page.truncated = cut
    base = _base_url(soup, url)
    for meta in soup.find_all("meta"):
        key = meta.get("property") or meta.get("name") or meta.get("itemprop")
        if key and meta.get("content") is not None:
            page.meta.setdefault(str(key).strip().lower(), str(meta["content"]).strip())
    for script in soup.find_all("script"):
        if _attr(script, "src").strip():
            if src := _absolute(base, _attr(script, "src")):
                page.script_srcs.append(src)
            continue
        media_type = str(script.get("type") or "").split(";")[0].strip().lower()
        if media_type == "application/ld+json":
            raw = script.string or script.get_text()
            data = _load_jsonld(raw)
            if data is not None:
                page.jsonld_sources.append(raw)
                page.jsonld.extend(_flatten_jsonld(data))
    for frame in soup.find_all("iframe", src=True):
        if src := _absolute(base, _attr(frame, "src")):
            page.iframe_srcs.append(src)
    for anchor in soup.find_all("a", href=True):
        href = _attr(anchor, "href").strip()
        if not href or href.startswith("#") or href.lower().startswith(_SKIPPED_SCHEMES):
            continue
        link = _absolute(base, href)
        if link is None or urlsplit(link).scheme not in ("http", "https"):
            continue
        # icon-only links name themselves in aria-label or title
        text = _collapse(anchor.get_text(" "))
        text = text or _collapse(str(anchor.get("aria-label") or anchor.get("title") or ""))
        page.links.append(Link(link, text))
    page.text = visible_text(soup)
    return page


def _attr(tag: Tag, name: str) -> str:
    # src and href are single-valued, so bs4 gives a str (a list only for class, rel ...)
    value = tag.get(name)
    return value if isinstance(value, str) else ""


def _bare_host(host: str) -> str:
    return host.strip().rstrip(".").lower().removeprefix("www.")


def same_site(url: str, domain: str) -> bool:
    """Return whether `url` is on `domain` (with or without `www.`) or one of its subdomains."""
    try:
        host = _bare_host(urlsplit(url).hostname or "")
    except ValueError:
        return False
    site = _bare_host(domain)
    return bool(host) and bool(site) and (host == site or host.endswith("." + site))
