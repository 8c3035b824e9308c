"""Interview notes: read .md/.txt, WebVTT and .docx into text plus speaker-tagged utterances.

Reading a note gives a `NoteDocument`: `text` (what quotes are verified against: the file's
text; for .vtt one line per speaker turn, for .docx one line per paragraph), `utterances` (who
said what — see `tools.notes.speakers` for how roles are decided) and `meta` (front matter such as
`account: acme.com`, either a `---` fenced block or leading `key: value` lines for the keys in
`LOOSE_KEYS`; in WebVTT a `NOTE account: acme.com` block). Notes are untrusted data: nothing
here interprets what they say.

A file that cannot be used raises `NoteError` (an `InputError`) whose message says why; callers
report it and skip the file.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path

from agent.errors import NoteError
from tools.notes.note_segments import Utterance, finish_turns, label_of, segment_lines
from tools.notes.speakers import Turn

SUPPORTED_SUFFIXES = (".md", ".markdown", ".txt", ".vtt", ".docx")
MAX_NOTE_BYTES = 5_000_000
LOOSE_KEYS = frozenset(
    {"account", "domain", "company", "date", "industry", "segment", "tier", "employees", "size"}
)


@dataclass
class NoteDocument:
    """One interview note, parsed."""

    file: str
    text: str
    utterances: list[Utterance]
    meta: dict[str, str] = field(default_factory=dict)
    format: str = "text"

    def evidence_texts(self) -> list[str]:
        """Return the texts that may be quoted as the customer's words (not the interviewer's)."""
        return [u.text for u in self.utterances if u.role != "interviewer"]


def read_note(path: str | Path, file: str | None = None) -> NoteDocument:
    """Read one note file; `file` is the name quotes cite (default: the file name)."""
    path = Path(path)
    file = file or path.name
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise NoteError(f"unsupported file type {suffix or '(none)'} (use .md, .txt, .vtt, .docx)")
    try:
        size = path.stat().st_size
        if size > MAX_NOTE_BYTES:
            raise NoteError(f"too large ({size:,} bytes; notes are limited to {MAX_NOTE_BYTES:,})")
        if size == 0:
            raise NoteError("empty file")
        if suffix == ".docx":
            return parse_text_note(docx_text(path), file, "docx")
        text = decode_text(path.read_bytes())
    except OSError as exc:
        raise NoteError(f"cannot read the file: {exc.strerror or exc}") from None
    if suffix == ".vtt":
        return parse_vtt(text, file)
    return parse_text_note(text, file, "text" if suffix == ".txt" else "markdown")


def decode_text(raw: bytes) -> str:
    """Decode a text file (UTF-8 with or without BOM, else Windows-1252); refuse binary data."""
    if b"\x00" in raw[:4096]:
        raise NoteError("binary content, not a text file")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    return text.replace("\r\n", "\n").replace("\r", "\n")


# -- front matter --------------------------------------------------------------------------

_FENCES = {"---", "+++"}
_META_LINE = re.compile(r"^\s*[*_]*\s*([A-Za-z][\w -]{0,30}?)\s*[*_]*\s*:\s*[*_]*\s*(.*?)\s*$")


def _key(name: str) -> str:
    return re.sub(r"[\s-]+", "_", name.strip().casefold())


def _value(text: str) -> str:
    return text.strip().strip("*_").strip().strip("\"'").strip()


def split_front_matter(text: str) -> tuple[dict[str, str], int]:
    """Return the front matter and the index of the first line after it."""
    lines = text.split("\n")
    start = next((i for i, line in enumerate(lines) if line.strip()), len(lines))
    if start < len(lines) and lines[start].strip() in _FENCES:
        for end in range(start + 1, min(len(lines), start + 60)):
            if lines[end].strip() in _FENCES | {"..."}:
                meta = {}
                for line in lines[start + 1 : end]:
                    match = _META_LINE.match(line)
                    if match and _value(match.group(2)):
                        meta[_key(match.group(1))] = _value(match.group(2))
                return meta, end + 1
    meta, index = {}, start
    while index < len(lines):
        match = _META_LINE.match(lines[index])
        if not match or _key(match.group(1)) not in LOOSE_KEYS or not _value(match.group(2)):
            break
        meta[_key(match.group(1))] = _value(match.group(2))
        index += 1
    return (meta, index) if meta else ({}, 0)


_HTML_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)


def _without_comments(text: str) -> str:
    """Blank out HTML comments (invisible once rendered; never what was said), keeping lines."""
    return _HTML_COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), text)


def parse_text_note(text: str, file: str, format: str = "markdown") -> NoteDocument:
    """Parse the text of a Markdown, plain-text or .docx note."""
    text = _without_comments(text.lstrip("\ufeff"))
    meta, body_start = split_front_matter(text)
    lines = text.split("\n")[body_start:]
    if not any(line.strip() for line in lines):
        raise NoteError("empty note (no text besides front matter)" if meta else "empty note")
    utterances = finish_turns(segment_lines(lines, body_start, meta), meta)
    if not utterances:
        raise NoteError("no interview text (only headings or separators)")
    return NoteDocument(file=file, text=text, utterances=utterances, meta=meta, format=format)


# -- WebVTT and .docx ---------------------------------------------------------------------

_VOICE = re.compile(r"<v(?:\.[\w.-]+)?\s+([^>]+)>")
_TAG = re.compile(r"</?[^>]*>")


def parse_vtt(text: str, file: str) -> NoteDocument:
    """Parse a WebVTT transcript: speakers from `<v Name>` voice tags or `Name:` prefixes."""
    text = text.lstrip("\ufeff")
    if not text.startswith("WEBVTT"):
        raise NoteError("not a WebVTT file (the first line must be WEBVTT)")
    meta: dict[str, str] = {}
    segments: list[tuple[str | None, str]] = []
    for block in re.split(r"\n[ \t]*\n", text)[1:]:
        lines = [line for line in block.strip("\n").split("\n") if line.strip()]
        if not lines:
            continue
        if lines[0].startswith("NOTE"):
            for line in [lines[0][4:], *lines[1:]]:
                match = _META_LINE.match(line)
                if match and _value(match.group(2)):
                    meta[_key(match.group(1))] = _value(match.group(2))
            continue
        timing = next((i for i, line in enumerate(lines) if "-->" in line), None)
        if timing is None:
            continue  # STYLE, REGION or a stray block
        speaker = None
        for line in lines[timing + 1 :]:
            voice = _VOICE.search(line)
            if voice:
                speaker = voice.group(1).strip()
            line = html.unescape(_TAG.sub("", line)).strip().lstrip("->").strip()
            found = label_of(line)
            if found and not voice:
                speaker, line = found
            if line:
                segments.append((speaker, line))
    if not segments:
        raise NoteError("no captions in the WebVTT file")
    turns: list[Turn] = []
    rendered: list[str] = []
    for speaker, line in segments:
        if turns and turns[-1].speaker == speaker:
            turns[-1].text += " " + line
            rendered[-1] += " " + line
            continue
        rendered.append(f"{speaker}: {line}" if speaker else line)
        turns.append(Turn(line, len(rendered), speaker))
    utterances = finish_turns(turns, meta)
    return NoteDocument(file, "\n".join(rendered), utterances, meta, "vtt")


def docx_text(path: Path) -> str:
    """Return a .docx file's paragraphs one per line (headings as `#`, tables as `| a | b |`)."""
    try:
        import docx
        from docx.table import Table
    except ImportError:  # pragma: no cover - python-docx is a dependency
        raise NoteError("reading .docx needs python-docx (pip install python-docx)") from None
    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises zip, XML and package errors alike
        raise NoteError(f"not a readable .docx file ({type(exc).__name__})") from None
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:  # as Markdown rows: `| label | value |` names a section
                cells = list(dict.fromkeys(" ".join(cell.text.split()) for cell in row.cells))
                lines.append("| " + " | ".join(cells) + " |")
            continue
        style = (block.style.name if block.style is not None else "") or ""
        text = block.text.strip()
        if style.startswith(("Heading", "Title")) and text:
            text = "# " + text
        elif "List" in style and text:
            text = "- " + text
        lines.append(text)
    if not any(lines):
        raise NoteError("empty document")
    return "\n".join(lines)
