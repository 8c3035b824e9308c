"""Splitting the lines of a Markdown or plain-text note into speaker turns.

A turn starts at a speaker label (`Customer:`, `**Jane:**`, `[00:01] Q:`), a bullet item, a
block quote, a Markdown table row or a plain line; wrapped lines (a sentence cut by a line
break, the next line in lower case) continue it. Headings and short `Label:` lines name the
section of the turns below them. Who speaks is decided in `tools.notes.speakers`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from tools.notes.speakers import (
    Role,
    Turn,
    is_question,
    is_speaker_label,
    label_role,
    needs_repeating,
    question_bullets,
    resolve_roles,
)


@dataclass(frozen=True)
class Utterance:
    """One turn of a note: who said it and what, verbatim (a newline between its lines)."""

    role: Role
    text: str
    speaker: str | None = None
    section: str | None = None
    line: int = 0


_HEADING = re.compile(r"^\s{0,3}#{1,6}(?:\s+|$)(.*?)[\s#]*$")
_RULE = re.compile(r"^\s*(?:[-*_=]\s*){3,}$|^\s*[\u2800\u00a0]+\s*$")
_QUOTED = re.compile(r"^\s*>\s?(.*)$")
_BULLET = re.compile(r"^([^\S\n]*)(->|=>|→|[-*+•●○◦▪▫■□‣⁃·]|\d{1,2}[.)])[^\S\n]+(\S.*)$")
_TIME = r"\[?\(?\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?\)?\]?"
_LABEL = re.compile(
    rf"^(?:\*\*|__)?\s*(?:{_TIME}\s+)?(?P<label>[^\W\d_][\w.'’ -]{{0,38}}?)(?:\s+{_TIME})?"
    r"\s*(?:\*\*|__)?\s*[:：]\s*(?:\*\*|__)?(?P<rest>.*)$"
)
_TIMESTAMPED_NAME = re.compile(rf"^(?P<label>[^\W\d_][\w.'’ -]{{0,38}}?)\s+{_TIME}\s*$")
_TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_WRAPPED = re.compile(r"^(\*\*|__|\*|_)(?P<inner>(?:(?!\1).)+)\1[\s\\]*$")


def _parts(raw: str) -> tuple[bool, str | None, str]:
    """Split a line into (block-quoted?, bullet style, body text)."""
    quoted = _QUOTED.match(raw)
    text = quoted.group(1) if quoted else raw
    bullet = _BULLET.match(text)
    if bullet:
        glyph = "n" if bullet.group(2)[0].isdigit() else bullet.group(2)
        return bool(quoted), f"{_indent(bullet.group(1))}:{glyph}", bullet.group(3)
    return bool(quoted), None, text.strip()


def _indent(text: str) -> int:
    return len(text.expandtabs(4)) - len(text.expandtabs(4).lstrip())


def _unwrap(text: str) -> tuple[str, bool]:
    """Return the text without emphasis wrapping the whole of it, and whether there was some."""
    text = text.strip().rstrip("\\").rstrip()
    match = _WRAPPED.match(text)
    return (match.group("inner").strip(), True) if match else (text, False)


def label_of(body: str) -> tuple[str, str] | None:
    """Return (speaker label, rest of the line) when the line starts with one."""
    match = _LABEL.match(body) or _TIMESTAMPED_NAME.match(body)
    if not match:
        return None
    label, rest = match.group("label").strip(), (match.groupdict().get("rest") or "").strip()
    if rest.startswith("//") or not is_speaker_label(label):
        return None
    return label, rest


def _heading(body: str) -> str | None:
    """Return the section name of a pseudo-heading line (`Pains:`, `**Current stack**`)."""
    inner, wrapped = _unwrap(body)
    inner = inner.strip("*_ ")
    words = inner.rstrip(":").split()
    if inner.endswith(":") and 1 <= len(words) <= 6:
        return inner.rstrip(":").strip()
    if wrapped and "?" not in inner and 1 <= len(words) <= 8 and inner[-1:] not in ".!,;":
        return inner
    return None


def segment_lines(lines: list[str], first_line: int, meta: dict[str, str]) -> list[Turn]:
    """Split the body lines of a note into turns (speaker labels, questions, items, lines)."""
    labels = Counter(found[0] for raw in lines if (found := label_of(_parts(raw)[2])))
    named = {
        word
        for key in ("interviewer", "interviewee", "customer")
        for word in meta.get(key, "").casefold().split()
    }
    turns: list[Turn] = []
    section: str | None = None
    speaker: str | None = None
    speaker_indent = 0
    speaker_bullet = False
    gap = 0
    for offset, raw in enumerate(lines):
        number = first_line + offset + 1
        if not raw.strip():
            gap += 1
            continue
        if _TABLE_ROW.match(raw):
            gap, speaker = 0, None
            turns.extend(_table_row(raw, number, section))
            continue
        heading = _HEADING.match(raw)
        if heading or _RULE.match(raw):
            if heading and heading.group(1).strip("*_ "):
                section, speaker = heading.group(1).strip("*_ "), None
            gap = 0
            continue
        quoted, bullet, body = _parts(raw)
        blank_lines, gap = gap, 0
        if not body:
            continue
        found = label_of(body)
        if found and needs_repeating(found[0]) and labels[found[0]] < 2:
            found = found if found[0].split()[0].casefold() in named else None
        if found:
            speaker, speaker_indent, speaker_bullet = found[0], _indent(raw), bool(bullet)
            turns.append(Turn(_unwrap(found[1])[0], number, speaker, section))
            continue
        if speaker and (
            (speaker_bullet and bullet) or _ends_turn(speaker, speaker_indent, raw, body)
        ):  # a label inside a bullet item speaks for that item only
            speaker = None
        if (name := _heading(body)) is not None and not quoted:
            section, speaker = name, None
            continue
        text, wrapped = _unwrap(body)
        asks = "?" in text and (wrapped or quoted)
        previous = turns[-1] if turns else None
        marked = bool(quoted or bullet)
        if speaker and previous and not asks:
            previous.text = _join(previous.text, text, marked)
            continue
        if previous and _continues(previous, text, blank_lines, quoted, bullet):
            previous.text = _join(previous.text, text, marked)
            previous.hint = "interviewer" if asks else previous.hint
            continue
        # Emphasis and block quotes are layout styles too: a note may set all its questions so.
        style = bullet or ("quote" if quoted else "emphasis" if wrapped else None)
        if asks:
            speaker = None
        turns.append(Turn(text, number, None, section, "interviewer" if asks else None, style))
        turns[-1].quoted = quoted
    return turns


_SENTENCE_END = re.compile(r"[.?!…:;][\"'”’)\]]*$")


def _wraps(before: str, after: str) -> bool:
    """Return whether `after` continues a sentence that a line break cut in two."""
    return not _SENTENCE_END.search(before) and after[:1].islower()


def _table_row(raw: str, number: int, section: str | None) -> list[Turn]:
    """Turn a Markdown table row into a turn; a `| label | value |` row names its section."""
    cells = [cell.strip() for cell in raw.strip().strip("|").split("|")]
    if all(set(cell) <= set("-: ") for cell in cells):
        return []  # the |---|---| separator
    if len(cells) == 2 and cells[0] and len(cells[0].split()) <= 6:
        label = _unwrap(cells[0])[0].strip("*_: ")
        text = _unwrap(cells[1])[0]
        return [Turn(text, number, None, label or section)] if text else []
    text = "\n".join(_unwrap(cell)[0] for cell in cells if cell)
    return [Turn(text, number, None, section)] if text else []


def _ends_turn(speaker: str, speaker_indent: int, raw: str, body: str) -> bool:
    """Return whether an unlabelled line ends the current speaker's turn."""
    # "- Question?\n  A: answer\n- Next question?": an item left of the label starts anew.
    if _indent(raw) < speaker_indent:
        return True
    return label_role(speaker) == "customer" and is_question(body)


def _join(before: str, after: str, marked: bool = False) -> str:
    # A wrapped sentence joins with a space; separate lines, and lines that begin with a
    # marker (bullet, "> "), stay separate, so every sentence quoted later lies on one line
    # (or one marker-free wrapped run) of the file and verifies against it.
    if not before:
        return after
    return f"{before} {after}" if _wraps(before, after) and not marked else f"{before}\n{after}"


def _continues(previous: Turn, text: str, blank_lines: int, quoted: bool, bullet: str | None):
    if quoted and previous.quoted and not blank_lines:
        return True
    if bullet or blank_lines > 1:
        return False
    if previous.hint == "interviewer" and previous.text.rstrip().endswith("?"):
        return False
    return _wraps(previous.text, text)


def finish_turns(turns: list[Turn], meta: dict[str, str]) -> list[Utterance]:
    """Give every turn its role and return the utterances."""
    question_styles = question_bullets(turns)
    for turn in turns:
        if turn.speaker is None and turn.hint is None:
            asked = turn.quoted and "?" in turn.text
            if asked or turn.bullet in question_styles or is_question(turn.text):
                turn.hint = "interviewer"
    roles = resolve_roles(turns, meta)
    return [
        Utterance(
            role=roles.get(turn.speaker, "unknown") if turn.speaker else (turn.hint or "unknown"),
            text=turn.text,
            speaker=turn.speaker,
            section=turn.section,
            line=turn.line,
        )
        for turn in turns
        if turn.text.strip()
    ]
