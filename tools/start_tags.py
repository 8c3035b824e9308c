"""Start tags of an HTML source as written, indexed for fast selector matching.

Fingerprint matching needs the exact start tag as evidence and must be fast on 300 kB pages,
so instead of building a DOM tree this reads every start tag once with a regular expression
(script and style bodies are skipped: a `<div>` inside JavaScript is not part of the page) and
indexes the tags by id, class, attribute name and tag name.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict
from dataclasses import dataclass

_WORD = re.compile(r"[A-Za-z0-9]+")
_WORD_CHARACTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.S)
_ATTRIBUTE = re.compile(r"""([^\s=/>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+)))?""")
# A script/style element is consumed whole (its body is code, not markup); any other start tag
# is read on its own. The body is the text up to the first end tag of its element, read in
# runs without "<" (possessive: the same as a lazy `.*?`, at half the cost on long scripts).
# The groups leave out the leading "<", so the pattern starts with it and the search jumps
# from one "<" to the next instead of trying every character.
_TAG_OR_RAW_TEXT = re.compile(
    r"<(?:((script|style)\b([^>]*)>)((?:[^<]++|<(?!/\2\s*>))*+)</\2\s*>"
    r"|(([a-zA-Z][\w:.-]*)(\s[^>]*)?/?>))",
    re.S | re.I,
)


def strip_comments(source: str) -> str:
    """Remove HTML comments (they are not evidence)."""
    return _COMMENT.sub("", source)


def tag_attributes(tag: str) -> dict[str, tuple[str, str]]:
    """Return {lower-case name: (unescaped value, raw value)} of one start tag's attributes."""
    inner = re.sub(r"^<[\w:.-]+", "", tag).rstrip(">").rstrip("/")
    found: dict[str, tuple[str, str]] = {}
    for name, double, single, bare in _ATTRIBUTE.findall(inner):
        raw = double or single or bare
        found.setdefault(name.lower(), (html.unescape(raw), raw))
    return found


def _attribute_values(inner: str) -> dict[str, str]:
    """Return {lower-case name: unescaped value} of the attribute text of a start tag."""
    found: dict[str, str] = {}
    for name, double, single, bare in _ATTRIBUTE.findall(inner.rstrip("/")):
        raw = double or single or bare
        found.setdefault(name.lower(), html.unescape(raw) if "&" in raw else raw)
    return found


def _read_attributes(
    attrs_text: str,
) -> tuple[dict[str, str], tuple[str, ...], str, tuple[str, ...]]:
    """Return the attributes of one start tag's attribute text, their names, id and classes."""
    attrs = _attribute_values(attrs_text) if attrs_text.strip() else {}
    classes = tuple(dict.fromkeys(attrs["class"].split())) if attrs.get("class") else ()
    return attrs, tuple(attrs), attrs.get("id", ""), classes


@dataclass(slots=True)
class StartTag:
    """One start tag: lower-case name, attributes (unescaped values), text and rank in page."""

    name: str
    attrs: dict[str, str]
    raw: str
    position: int


@dataclass(slots=True)
class Script:
    """One `<script>` element: its attributes and its body as written."""

    attrs: dict[str, str]
    body: str
    tag: str


class TagIndex:
    """Every start tag of a page, indexed by id, class, attribute name and tag name."""

    def __init__(self, source: str) -> None:
        self.tags: list[StartTag] = []
        self.scripts: list[Script] = []
        self.by_id: dict[str, list[StartTag]] = defaultdict(list)
        self.by_class: dict[str, list[StartTag]] = defaultdict(list)
        self.by_attribute: dict[str, list[StartTag]] = defaultdict(list)
        self.by_name: dict[str, list[StartTag]] = defaultdict(list)
        self._attribute_text: dict[tuple[str, bool], str] = {}
        self._attribute_words: dict[str, set[str]] = {}
        # findall's tuples are much cheaper than match objects; the position of a tag is its
        # rank in the page, which is all the selector matcher compares.
        found = _TAG_OR_RAW_TEXT.findall(source)
        # Pages repeat the same attribute text (`class="col"`) on most tags: each text is read
        # once and its dictionary shared by every tag that has it (tags never change it).
        read: dict[str, tuple[dict[str, str], tuple[str, ...], str, tuple[str, ...]]] = {}
        tags, by_name, by_attribute = self.tags, self.by_name, self.by_attribute
        by_id, by_class = self.by_id, self.by_class
        for position, (raw_tag, raw_name, raw_attrs, body, tag_rest, name, attrs_text) in enumerate(
            found
        ):
            if raw_name:
                name, attrs_text, tag_text = raw_name.lower(), raw_attrs, "<" + raw_tag
            else:
                name, tag_text = name.lower(), "<" + tag_rest
            if (known := read.get(attrs_text)) is None:
                known = read[attrs_text] = _read_attributes(attrs_text)
            attrs, names, tag_id, classes = known
            tag = StartTag(name, attrs, tag_text, position)
            tags.append(tag)
            by_name[name].append(tag)
            for attribute in names:
                by_attribute[attribute].append(tag)
            if tag_id:
                by_id[tag_id].append(tag)
            for class_name in classes:
                by_class[class_name].append(tag)
            if name == "script" and raw_name:
                self.scripts.append(Script(attrs, body, tag_text))

    def keys(self, kind: str) -> set[str] | dict[str, list[StartTag]]:
        """Return the keys of one index: "id", "class", "attribute", "name" or "token:<attr>"."""
        if kind.startswith("token:"):
            return self.attribute_words(kind[6:])
        indexes = {"id": self.by_id, "class": self.by_class, "attribute": self.by_attribute}
        if kind in indexes:
            return indexes[kind]
        return {**self.by_name, "*": []}

    def attribute_words(self, name: str) -> set[str]:
        """Return the words (letter and digit runs) of every value of one attribute."""
        if (words := self._attribute_words.get(name)) is None:
            words = self._attribute_words[name] = set(_WORD.findall(self.attribute_text(name)))
        return words

    def has_word(self, name: str, word: str) -> bool:
        """Return whether `word` is one of `attribute_words(name)`, without collecting them all."""
        text = self.attribute_text(name)
        start = text.find(word)
        while start >= 0:
            end = start + len(word)
            if (start == 0 or text[start - 1] not in _WORD_CHARACTERS) and (
                end == len(text) or text[end] not in _WORD_CHARACTERS
            ):
                return True
            start = text.find(word, start + 1)
        return False

    def attribute_text(self, name: str, lower: bool = False) -> str:
        """Return every value of one attribute joined by newlines (for substring pre-checks)."""
        key = (name, lower)
        if (text := self._attribute_text.get(key)) is None:
            text = "\n".join(tag.attrs[name] for tag in self.by_attribute.get(name, []))
            text = text.lower() if lower else text
            self._attribute_text[key] = text
        return text


def tags_named(source: str, name: str) -> list[tuple[StartTag, StartTag | None]]:
    """Return the start tags called `name`, each with the tag right before it (None: first).

    The same tags, attributes and ranks as `TagIndex(source)` gives, without indexing them all
    (a page has thousands of tags; a reader of its logo needs a few).
    """
    found = _TAG_OR_RAW_TEXT.findall(source)

    def tag_at(position: int) -> StartTag:
        raw_tag, raw_name, raw_attrs, _, tag_rest, tag_name, attrs_text = found[position]
        if raw_name:
            tag_name, attrs_text, tag_text = raw_name.lower(), raw_attrs, "<" + raw_tag
        else:
            tag_name, tag_text = tag_name.lower(), "<" + tag_rest
        attrs = _attribute_values(attrs_text) if attrs_text.strip() else {}
        return StartTag(tag_name, attrs, tag_text, position)

    return [
        (tag_at(position), tag_at(position - 1) if position else None)
        for position, item in enumerate(found)
        if (item[1] or item[5]).lower() == name
    ]
