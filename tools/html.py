"""Pure HTML parsing: visible text, links, JSON-LD, meta tags and script sources.

One lxml tree per page; every field of `ParsedPage` is read from it in one pass each.
"""

from __future__ import annotations

import functools
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, NamedTuple
from urllib.parse import urljoin, urlsplit

from lxml import etree

from tools.evidence import normalize_text
from tools.safe_json import loads_bounded

_INVISIBLE_TAGS = frozenset((
    "script", "style", "noscript", "template", "svg", "head", "iframe", "object", "canvas",
    "audio", "video",
))  # fmt: skip
_BOILERPLATE_TAGS = ("nav",)
# strings a reader never sees as text even inside a visible element (code, ruby annotations)
_NO_TEXT_TAGS = frozenset({"script", "style", "template", "rt", "rp"})
_BLOCK_TAGS = frozenset((
    "p", "div", "section", "article", "li", "ul", "ol", "dl", "h1", "h2", "h3", "h4", "h5", "h6",
    "br", "hr", "tr", "td", "th", "table", "caption", "header", "footer", "main", "aside",
    "address", "dd", "dt", "blockquote", "pre", "figure", "figcaption", "form", "fieldset",
    "legend", "label", "option", "button", "details", "summary", "dialog", "hgroup", "center",
))  # fmt: skip
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
MAX_TEXT_CHARS = 200_000
"""Visible text kept per page (a long legal page has ~60,000 characters)."""
_START_TAG = re.compile(r"<[A-Za-z]")
_SKIPPED_SCHEMES = ("mailto:", "tel:", "javascript:", "data:", "sms:", "callto:")


class Link(NamedTuple):
    """An outgoing link: absolute URL and its anchor text.

    A named tuple: a page has ~100 links, each crossing to a worker process and back; a tuple
    is a third of a dataclass instance's memory and pickles faster.
    """

    url: str
    text: str


class _Markup:
    """The `source` of a `ParsedPage`: a str, or the same held compressed while it waits.

    A real page's markup is ~350,000 characters, and one curly quote or emoji makes Python
    store every character in 2 or 4 bytes: ~1 MB per page, 30 times its visible text. A
    batch holds every page of the accounts in flight from fetch to extraction, so it holds
    them packed (zlib, ~70 kB); reading `source` of a packed page unpacks a copy, and
    `ParsedPage.unpack` keeps it for a run of extractors.
    """

    def __get__(self, page: ParsedPage | None, owner: type | None = None) -> str:
        if page is None:
            return ""  # the dataclass default
        state = page.__dict__
        if "_source" in state:
            return state["_source"]
        return zlib.decompress(state["_packed"]).decode("utf-8", "surrogatepass")

    def __set__(self, page: ParsedPage, value: str) -> None:
        page.__dict__.pop("_packed", None)
        page.__dict__["_source"] = value


@dataclass
class ParsedPage:
    """What the extractors need from one HTML page."""

    url: str
    source: _Markup = _Markup()
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
    """The page had more than `MAX_ELEMENTS` elements or `MAX_TEXT_CHARS` of text; only the
    first ones were read."""

    # Quote checks compare normalized text; a page is normalized once, whoever asks first.
    @functools.cached_property
    def normalized_text(self) -> str:
        """Return the visible text normalized for quote matching (`normalize_text`)."""
        return normalize_text(self.text)

    @functools.cached_property
    def normalized_source(self) -> str:
        """Return the HTML source normalized for quote matching (`normalize_text`)."""
        return normalize_text(self.source)

    def pack(self) -> ParsedPage:
        """Hold the markup compressed until it is read again (see `_Markup`); return self."""
        state = self.__dict__
        if "_source" in state:
            markup = state.pop("_source").encode("utf-8", "surrogatepass")
            state["_packed"] = zlib.compress(markup, 1)
        return self

    def unpack(self) -> ParsedPage:
        """Hold the markup as a str again (for the extractors that read it); return self."""
        if "_packed" in self.__dict__:
            self.source = self.source
        return self


def _is_hidden(element: Any) -> bool:
    attrs = element.attrib
    if "hidden" in attrs or attrs.get("aria-hidden", "").strip().lower() == "true":
        return True
    if element.tag == "dialog" and "open" not in attrs:
        return True
    if _SCREEN_READER_CLASSES.intersection(attrs.get("class", "").split()):
        return True
    return bool(_HIDDEN_STYLE.search(attrs.get("style", "")))


def _is_removed(element: Any, drop_boilerplate: bool) -> bool:
    """Whether an element and everything inside it is not on screen (or is boilerplate)."""
    if element.tag in _INVISIBLE_TAGS:
        return True
    if drop_boilerplate and (
        element.tag in _BOILERPLATE_TAGS
        or element.get("role", "").strip().lower() == "navigation"
    ):
        return True
    return _is_hidden(element)


def _strings(element: Any) -> Iterator[str]:
    """Yield the text strings inside `element` as a reader sees them (no code, no comments)."""
    # an explicit stack: linear whatever the nesting depth
    stack: list[tuple[Any, bool]] = [(element, False)]  # (node, its tail is due)
    while stack:
        node, tail = stack.pop()
        if tail:
            if node.tail:
                yield node.tail
            continue
        if node is not element:
            stack.append((node, True))
        if not isinstance(node.tag, str) or node.tag in _NO_TEXT_TAGS:
            continue
        if node.text:
            yield node.text
        stack.extend((child, False) for child in reversed(node))


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


def parse_tree(source: str) -> Any:
    """Parse an HTML document into an lxml tree; None when there is no element at all."""
    # huge_tree: nesting up to 2,048 levels is read (the default stops at 256); the element
    # count is capped before parsing (`bounded_markup`)
    parser = etree.HTMLParser(recover=True, remove_pis=False, huge_tree=True)
    try:
        # fed as text, so an XML declaration naming an encoding is harmless
        parser.feed(source)
        return parser.close()
    except etree.LxmlError:
        return None


def visible_text(document: str | Any, drop_boilerplate: bool = True) -> str:
    """Return the human-visible text, one block per line, without scripts or hidden parts.

    `document` is HTML source or a tree from `parse_tree` (left unchanged). One walk with an
    explicit stack: linear in the number of nodes whatever the shape (20,000 siblings or
    thousands of levels of nesting). Comments, `<template>`, `<noscript>` and elements hidden
    by attribute or inline style add nothing.
    """
    root = parse_tree(document) if isinstance(document, str) else document
    if root is None or _is_removed(root, drop_boilerplate):
        return ""
    pieces: list[str] = []
    # (node, inside <pre>, inside code or annotations, step): "open" reads the element and
    # queues its children; "close" ends its block; "tail" is the text after it
    stack: list[tuple[Any, bool, bool, str]] = [(root, False, False, "open")]
    while stack:
        node, in_pre, no_text, step = stack.pop()
        if step == "tail":
            if node.tail and not no_text:
                pieces.append(_screen_text(node.tail, in_pre))
            continue
        if step == "close":
            pieces.append("\n")
            continue
        in_pre = in_pre or node.tag == "pre"
        no_text = no_text or node.tag in _NO_TEXT_TAGS
        if node.tag in _BLOCK_TAGS:
            # a line break around every block, so text of adjacent blocks never fuses
            pieces.append("\n")
            stack.append((node, in_pre, no_text, "close"))
        if node.text and not no_text:
            pieces.append(_screen_text(node.text, in_pre))
        for child in reversed(node):
            # the tail of a child is text of this element, after the child
            stack.append((child, in_pre, no_text, "tail"))
            # comments and processing instructions have no text of their own, only a tail
            if isinstance(child.tag, str) and not _is_removed(child, drop_boilerplate):
                stack.append((child, in_pre, no_text, "open"))
    lines = (_SPACES.sub(" ", line).strip() for line in "".join(pieces).split("\n"))
    return "\n".join(line for line in lines if line)


def _reader_text(element: Any) -> str:
    """Return the text a reader sees in an element (nothing inside a template or script)."""
    if any(parent.tag in _NO_TEXT_TAGS for parent in element.iterancestors()):
        return ""
    return _collapse(" ".join(_strings(element)))


def _screen_text(text: str, in_pre: int) -> str:
    # a line break in the source is a space on screen (except inside <pre>)
    if in_pre or not _SOURCE_BREAKS.search(text):
        return text
    return _WHITESPACE.sub(" ", text)


def _title(root: Any) -> str:
    for tag in root.iter("title"):
        if not any(parent.tag == "svg" for parent in tag.iterancestors()):
            return _reader_text(tag)
    return ""


def _lang(root: Any) -> str | None:
    html_tag = root if root.tag == "html" else next(root.iter("html"), None)
    value = ""
    if html_tag is not None:
        value = html_tag.get("lang") or html_tag.get("xml:lang") or ""
    if not value.strip():
        for meta in root.iter("meta"):
            equiv = meta.get("http-equiv")
            if equiv is not None and equiv.strip().lower() == "content-language":
                value = (meta.get("content") or "").split(",")[0]
                break
    return value.strip().lower() or None


def _base_url(root: Any, url: str) -> str:
    """Return the URL relative links resolve against (`<base href>` when given)."""
    for base in root.iter("base"):
        href = base.get("href")
        if href is None:
            continue
        resolved = _absolute(url, href)
        if resolved and urlsplit(resolved).scheme in ("http", "https"):
            return resolved
        break
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
    """Parse an HTML document fetched from `url` (one tree of its first `MAX_ELEMENTS`)."""
    markup, cut = bounded_markup(source)
    page = ParsedPage(url=url, source=source, truncated=cut)
    root = parse_tree(markup)
    if root is None:
        return page
    page.title, page.lang = _title(root), _lang(root)
    base = _base_url(root, url)
    for meta in root.iter("meta"):
        key = meta.get("property") or meta.get("name") or meta.get("itemprop")
        if key and meta.get("content") is not None:
            page.meta.setdefault(key.strip().lower(), meta.get("content", "").strip())
    for script in root.iter("script"):
        src = script.get("src") or ""
        if src.strip():
            if absolute := _absolute(base, src):
                page.script_srcs.append(absolute)
            continue
        media_type = (script.get("type") or "").split(";")[0].strip().lower()
        if media_type == "application/ld+json":
            raw = script.text or ""
            data = _load_jsonld(raw)
            if data is not None:
                page.jsonld_sources.append(raw)
                page.jsonld.extend(_flatten_jsonld(data))
    for frame in root.iter("iframe"):
        if (src := frame.get("src")) is not None and (absolute := _absolute(base, src)):
            page.iframe_srcs.append(absolute)
    for anchor in root.iter("a"):
        href = (anchor.get("href") or "").strip()
        if not href or href.startswith("#") or href.lower().startswith(_SKIPPED_SCHEMES):
            continue
        link = _absolute(base, href)
        if link is None or urlsplit(link).scheme not in ("http", "https"):
            continue
        # icon-only links name themselves in aria-label or title
        text = _reader_text(anchor)
        text = text or _collapse(anchor.get("aria-label") or anchor.get("title") or "")
        page.links.append(Link(link, text))
    page.text = visible_text(root)
    if len(page.text) > MAX_TEXT_CHARS:
        # every rule, matcher and excerpt reads the text: its size is what their time grows with
        page.text = page.text[: page.text.rfind("\n", 0, MAX_TEXT_CHARS) + 1 or MAX_TEXT_CHARS]
        page.text = page.text.rstrip("\n")
        page.truncated = True
    return page


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
