"""RSS and Atom feeds: where a site announces them, and their items (title, link, date).

Pure functions. Feeds are untrusted XML: entities are never resolved, nothing is fetched by
the parser, and a document that is not a feed gives no items.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import urljoin, urlsplit

from lxml import etree

from tools.signals.dates import parse_stamp

FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json")
MAX_ITEMS = 50
_LINK_TAG = re.compile(r"<link\b[^>]{0,2000}>", re.I)
_ATTRIBUTE = re.compile(r"""([a-zA-Z-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))""")
_TAGS = re.compile(r"<[^>]{0,500}>")
_FEED_PATH = re.compile(r"(?:/feed/?|/rss/?|\.rss|/atom\.xml|/rss\.xml|/feed\.xml|/index\.xml)$")


@dataclass(frozen=True)
class FeedItem:
    """One entry of a feed."""

    title: str
    link: str | None
    published: date | None
    summary: str = ""


def feed_links(source: str, base_url: str) -> list[str]:
    """Return the feed URLs a page announces with `<link rel="alternate" type="…rss+xml">`."""
    found: list[str] = []
    for tag in _LINK_TAG.findall(source[:200_000]):
        attrs = {m[0].lower(): m[1] or m[2] or m[3] for m in _ATTRIBUTE.findall(tag)}
        rel = attrs.get("rel", "").lower().split()
        if "alternate" in rel and attrs.get("type", "").lower() in FEED_TYPES[:2]:
            href = attrs.get("href", "").strip()
            if href:
                found.append(urljoin(base_url, href))
    return list(dict.fromkeys(found))


def looks_like_feed_url(url: str) -> bool:
    """Return whether a link's URL looks like a feed (`/feed`, `rss.xml`, `.rss` …)."""
    try:
        path = urlsplit(url).path.lower()
    except ValueError:
        return False
    return bool(_FEED_PATH.search(path))


def _local(tag: object) -> str:
    return tag.split("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _child_text(node: etree._Element, *names: str) -> str:
    for child in node:
        if _local(child.tag) in names:
            return " ".join("".join(child.itertext()).split())
    return ""


def _atom_link(node: etree._Element) -> str | None:
    links = [child for child in node if _local(child.tag) == "link"]
    for child in links:
        if child.get("rel", "alternate") == "alternate" and child.get("href"):
            return child.get("href")
    return next((c.get("href") for c in links if c.get("href")), None)


def parse_feed(xml: str, url: str) -> list[FeedItem]:
    """Return the items of an RSS 2.0, RSS 1.0 or Atom feed (at most `MAX_ITEMS`)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=True)
    try:
        root = etree.fromstring(xml.encode("utf-8", "replace"), parser=parser)
    except (etree.XMLSyntaxError, ValueError):
        return []
    if root is None or _local(root.tag) not in ("rss", "feed", "rdf"):
        return []
    items: list[FeedItem] = []
    for node in root.iter():
        if _local(node.tag) not in ("item", "entry"):
            continue
        title = _child_text(node, "title")
        if not title:
            continue
        link = _child_text(node, "link") or _atom_link(node)
        stamp = _child_text(node, "pubdate", "published", "date", "issued", "updated")
        summary = _TAGS.sub(" ", _child_text(node, "description", "summary"))
        items.append(
            FeedItem(
                title=title,
                link=urljoin(url, link) if link else None,
                published=parse_stamp(stamp),
                summary=" ".join(summary.split())[:500],
            )
        )
        if len(items) >= MAX_ITEMS:
            break
    return items


def render_feed(items: list[FeedItem]) -> str:
    """Render items as the plain text evidence is checked against: title, date, summary."""
    blocks = []
    for item in items:
        day = item.published.isoformat() if item.published else ""
        blocks.append("\n".join(part for part in (item.title, day, item.summary) if part))
    return "\n\n".join(blocks)
