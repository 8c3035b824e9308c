"""The CSS selectors of Wappalyzer `dom` rules, matched against a `TagIndex` without a DOM tree.

A selector is a chain of compound selectors (`div#app.main[data-x^='y'] > iframe[src*='z']`).
The subject (last compound) must match a start tag; each compound before it must match some
tag that starts earlier in the page. That is looser than a real descendant or child test, and
good enough for fingerprints, whose compounds are specific (ids, classes, vendor URLs) — while
costing a few dictionary look-ups instead of a parse into a tree and a soupsieve walk.
Pseudo-classes are not supported: a selector with one is rejected (`parse_selector` -> None).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from tools.start_tags import StartTag, TagIndex

_TAG = re.compile(r"\s*(\*|[a-zA-Z][\w-]*)")
_ID_OR_CLASS = re.compile(r"([#.])((?:[\w-]|\\.)+)")
_ATTRIBUTE = re.compile(
    r"\[\s*([\w:.-]+)\s*(?:([~|^$*]?=)\s*(?:\"([^\"]*)\"|'([^']*)'|([^\]\s]+))\s*(i|s)?\s*)?\]"
)
_COMBINATOR = re.compile(r"\s*[>+~]\s*|\s+")
_COMMA = re.compile(",")
WORD = re.compile(r"[A-Za-z0-9]+")
COMMON_WORDS = frozenset(
    "com net org www http https min js css content static assets stylesheet canonical "
    "cdn api widget embed icon true false text javascript".split()
)
_COMMON_ATTRIBUTES = frozenset("class id href src style rel type content name alt title".split())


@dataclass(frozen=True)
class AttributeTest:
    """`[name]`, `[name=value]`, `[name*=value]` ... with an optional case-insensitive flag."""

    name: str
    operator: str = ""
    value: str = ""
    ignore_case: bool = False

    def whole_words(self) -> list[str]:
        """Return the words of the value that every matching attribute value contains whole.

        A word at an open end of the value may continue in the attribute ("intercom" in
        `[src*='intercom.io']` may be part of "myintercom"), so it is left out.
        """
        if self.ignore_case or self.operator not in ("=", "^=", "$=", "*="):
            return []
        words = WORD.findall(self.value)
        open_start = self.operator in ("$=", "*=") and self.value[:1].isalnum()
        open_end = self.operator in ("^=", "*=") and self.value[-1:].isalnum()
        words = words[1 if open_start else 0 : len(words) - (1 if open_end else 0)]
        return [word for word in words if len(word) >= 3]

    def matches(self, attrs: dict[str, str]) -> bool:
        """Return whether a tag's attributes pass this test."""
        if self.name not in attrs:
            return False
        if not self.operator:
            return True
        actual, wanted = attrs[self.name], self.value
        if self.ignore_case:
            actual, wanted = actual.lower(), wanted.lower()
        if self.operator == "=":
            return actual == wanted
        if self.operator == "~=":
            return wanted in actual.split()
        if self.operator == "|=":
            return actual == wanted or actual.startswith(wanted + "-")
        if not wanted:  # [x^=""] matches nothing, per the CSS specification
            return False
        if self.operator == "^=":
            return actual.startswith(wanted)
        if self.operator == "$=":
            return actual.endswith(wanted)
        return wanted in actual  # *=


@dataclass(frozen=True)
class Compound:
    """One compound selector: tag name, id, classes and attribute tests."""

    tag: str = "*"
    element_id: str = ""
    classes: tuple[str, ...] = ()
    attributes: tuple[AttributeTest, ...] = ()

    @property
    def specific(self) -> bool:
        """Whether it names more than a tag (a bare `div` or `title` identifies nothing)."""
        return bool(self.element_id or self.classes or self.attributes) or "-" in self.tag

    def matches(self, tag: StartTag) -> bool:
        """Return whether a start tag matches this compound."""
        if self.tag != "*" and tag.name != self.tag:
            return False
        if self.element_id and tag.attrs.get("id") != self.element_id:
            return False
        if self.classes and not set(self.classes) <= set(tag.attrs.get("class", "").split()):
            return False
        return all(test.matches(tag.attrs) for test in self.attributes)

    def may_match(self, index: TagIndex) -> bool:
        """Cheap pre-check: every substring an attribute test needs occurs in that attribute."""
        for test in self.attributes:
            if test.operator in ("=", "*=", "^=", "$=") and not test.ignore_case:
                if test.value and test.value not in index.attribute_text(test.name):
                    return False
        return True

    def index_key(self) -> tuple[str, str]:
        """Return a (kind, key) a page must have for this compound to match anything.

        Kinds: "id", "class", "attribute" (a name), "token:<attribute>" (a whole word that
        the attribute's value must contain, e.g. "intercom" for `[src*='widget.intercom.io']`)
        and "name" (a tag name).
        """
        if self.element_id:
            return "id", self.element_id
        if self.classes:
            return "class", self.classes[0]
        tokens = [(word, test.name) for test in self.attributes for word in test.whole_words()]
        if tokens:
            word, name = max(tokens, key=lambda item: (item[0] not in COMMON_WORDS, len(item[0])))
            return f"token:{name}", word
        names = sorted((t.name for t in self.attributes), key=lambda n: n in _COMMON_ATTRIBUTES)
        if names:
            return "attribute", names[0]
        return "name", self.tag

    def candidates(self, index: TagIndex) -> list[StartTag]:
        """Return the few tags worth testing, from the most selective index."""
        if self.element_id:
            return index.by_id.get(self.element_id, [])
        lists = [index.by_class.get(name, []) for name in self.classes]
        lists += [index.by_attribute.get(test.name, []) for test in self.attributes]
        if self.tag != "*":
            lists.append(index.by_name.get(self.tag, []))
        return min(lists, key=len) if lists else index.tags

    def first_match(self, index: TagIndex, before: int | None = None) -> StartTag | None:
        """Return the first matching tag (starting before `before`, when given)."""
        for tag in self.candidates(index):
            if before is not None and tag.position >= before:
                break
            if self.matches(tag):
                return tag
        return None


@dataclass(frozen=True)
class Selector:
    """A chain of compounds; the last one is the element the selector selects."""

    compounds: tuple[Compound, ...] = field(default_factory=tuple)

    @property
    def subject(self) -> Compound:
        """Return the compound of the selected element."""
        return self.compounds[-1]

    def select_first(
        self, index: TagIndex, accept: Callable[[dict[str, str]], bool] | None = None
    ) -> StartTag | None:
        """Return the first tag this selector (approximately) selects and `accept` takes.

        `accept` reads a tag's attributes only: tags sharing an attribute dictionary (the same
        attribute text, `TagIndex`) are judged once.
        """
        subject = self.subject
        candidates = subject.candidates(index)
        if not candidates or not subject.may_match(index):
            return None
        judged: dict[tuple[str, int], bool] = {}
        # where each ancestor compound first matches (candidate lists are in page order, so
        # "a match before this tag" is "the first match is before this tag")
        first_ancestors: list[int] | None = None
        for tag in candidates:
            key = (tag.name, id(tag.attrs))
            if (passed := judged.get(key)) is None:
                passed = subject.matches(tag) and (accept is None or accept(tag.attrs))
                judged[key] = passed
            if not passed:
                continue
            if first_ancestors is None:
                first_ancestors = []
                for ancestor in self.compounds[:-1]:
                    found = ancestor.first_match(index)
                    first_ancestors.append(found.position if found is not None else -1)
            if all(0 <= position < tag.position for position in first_ancestors):
                return tag
        return None


def _parse_compound(text: str) -> Compound | None:
    tag_match = _TAG.match(text)
    tag = tag_match.group(1).lower() if tag_match else "*"
    rest = text[tag_match.end() :] if tag_match else text
    element_id, classes, attributes = "", [], []
    while rest:
        if found := _ID_OR_CLASS.match(rest):
            name = found.group(2).replace("\\", "")
            if found.group(1) == "#":
                element_id = name
            else:
                classes.append(name)
        elif found := _ATTRIBUTE.match(rest):
            value = next((v for v in found.group(3, 4, 5) if v is not None), "")
            if found.group(1).lower() == "class" and found.group(2) == "~=" and not found.group(6):
                classes.append(value)  # [class~=x] is .x
                rest = rest[found.end() :]
                continue
            attributes.append(
                AttributeTest(
                    found.group(1).lower(), found.group(2) or "", value, found.group(6) == "i"
                )  # fmt: skip
            )
        else:
            return None
        rest = rest[found.end() :]
    return Compound(tag, element_id, tuple(classes), tuple(attributes))


def _split_top_level(text: str, separator: re.Pattern[str]) -> list[str]:
    """Split `text` on `separator` matches that stand outside brackets and quotes."""
    parts, depth, quote, start = [], 0, "", 0
    index = 0
    while index < len(text):
        char = text[index]
        if quote:
            quote = "" if char == quote else quote
        elif char in "\"'":
            quote = char
        elif char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
        elif depth == 0 and (found := separator.match(text, index)) and found.end() > index:
            parts.append(text[start:index])
            index = start = found.end()
            continue
        index += 1
    parts.append(text[start:])
    return parts


def _split_compounds(selector: str) -> list[str]:
    """Split on combinators outside brackets and quotes."""
    return [part for part in _split_top_level(selector, _COMBINATOR) if part]


def parse_selector(selector: str) -> Selector | None:
    """Parse one selector (no commas); None when it uses syntax this matcher does not know."""
    compounds = []
    for part in _split_compounds(selector.strip()):
        if (compound := _parse_compound(part)) is None:
            return None
        compounds.append(compound)
    return Selector(tuple(compounds)) if compounds else None


def split_selector_list(selectors: str) -> list[str]:
    """Split a selector list on commas outside brackets and quotes."""
    return [part.strip() for part in _split_top_level(selectors, _COMMA) if part.strip()]
