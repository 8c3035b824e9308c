"""Reading a CSV export row by row with the line number of each row and clean errors.

CRMs write UTF-8 (HubSpot with, Salesforce reports without a byte-order mark); delimiters
other than commas come from spreadsheet locales. Every problem names the file and the line.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from agent.errors import InputError

MAX_CELL_CHARS = 65_536
"""A longer cell is an error of its row (a pasted document, a broken export), not of the file."""
_READ_FIELD_LIMIT = 64 * 1024 * 1024


@dataclass
class CsvRow:
    """One data row: its line in the file (the header is line 1) and its cells by header."""

    line: int
    cells: dict[str, str]
    extra: list[str]
    """Cells beyond the header's width (a row with more values than columns)."""
    problem: str | None = None
    """Why the row cannot be used (its cells are then empty), e.g. an unbalanced quote."""
    text: str = ""
    """The start of the row's first line, as written, when it has a problem."""

    def get(self, column: str | None) -> str:
        """Return the stripped cell of `column` ("" when the column is None or the cell empty)."""
        return (self.cells.get(column) or "").strip() if column else ""

    def is_empty(self) -> bool:
        """Return whether every cell is blank."""
        return not any(value.strip() for value in [*self.cells.values(), *self.extra])


def _dialect(sample: str) -> type[csv.Dialect] | csv.Dialect:
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        return csv.excel


@dataclass
class CsvFile:
    """A CSV export: its path, a word for what it holds (for messages) and its header."""

    path: Path
    what: str
    header: list[str]

    def rows(self) -> Iterator[CsvRow]:
        """Yield the data rows one at a time (the file is never loaded whole).

        A row that cannot be read (an unbalanced quote, a cell over `MAX_CELL_CHARS`) comes
        with a `problem` and reading goes on, so one broken row never hides the rest.
        """
        limit = csv.field_size_limit(_READ_FIELD_LIMIT)
        try:
            with _open(self.path, self.what) as stream:
                yield from _without_report_footer(self._rows(stream), len(self.header))
        finally:
            csv.field_size_limit(limit)

    def _rows(self, stream: TextIO) -> Iterator[CsvRow]:
        dialect = _dialect(stream.read(16384))
        stream.seek(0)
        records = _records(stream, dialect)
        line = 1
        try:
            next(records, None)  # the header
            for line, values, text in records:
                if isinstance(values, str):
                    yield CsvRow(line, dict.fromkeys(self.header, ""), [], values, text)
                    continue
                cells = {
                    name: (values[i] if i < len(values) else "")
                    for i, name in enumerate(self.header)
                }
                row = CsvRow(line, cells, values[len(self.header) :])
                yield self._checked(row, values)
        except UnicodeDecodeError as exc:
            raise InputError(f"{self.path}: line {line + 1}: cannot read the CSV: {exc}") from None

    def _checked(self, row: CsvRow, values: list[str]) -> CsvRow:
        for index, value in enumerate(values):
            if len(value) > MAX_CELL_CHARS:
                name = self.header[index] if index < len(self.header) else f"column {index + 1}"
                problem = (
                    f"cell {name!r} has {len(value):,} characters (the limit is {MAX_CELL_CHARS:,})"
                )
                text = values[0][:200] if values else ""
                return CsvRow(row.line, dict.fromkeys(self.header, ""), [], problem, text)
        return row


def _values(row: CsvRow) -> int:
    return sum(1 for value in [*row.cells.values(), *row.extra] if value.strip())


def _without_report_footer(rows: Iterator[CsvRow], width: int) -> Iterator[CsvRow]:
    """Yield the rows without the footer a Salesforce report export ends with.

    After the data such an export writes an empty row, then lines of one cell each
    (`"Grand Totals (16 records)"`, `"Confidential Information - Do Not Distribute"`,
    `"Copyright (c) 2000-2026 salesforce.com, inc. …"`). A trailing block that starts with an
    empty row and holds at most one value per row is that footer, not accounts; rows like it
    followed by more data are kept as they are.
    """
    held: list[CsvRow] = []
    for row in rows:
        if width > 1 and row.problem is None and _values(row) <= 1 and (held or row.is_empty()):
            held.append(row)
            continue
        yield from held
        held = []
        yield row
    if held and not any(_values(row) for row in held):
        yield from held  # only empty rows: left to the caller, as before


class _Lines:
    """The lines of a text stream, remembering those of the CSV record being read."""

    def __init__(self, lines: Iterable[str]):
        self.source = iter(lines)
        self.number = 0
        """Physical lines read so far."""
        self.record: list[str] = []
        """Lines of the current record (from its first line on)."""
        self.record_start = 1

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        line = next(self.source)
        self.number += 1
        self.record.append(line)
        return line

    def start_record(self) -> None:
        """Mark the next line as the first line of a new record."""
        self.record = []
        self.record_start = self.number + 1


def _records(
    lines: Iterable[str], dialect: type[csv.Dialect] | csv.Dialect
) -> Iterator[tuple[int, list[str] | str, str]]:
    """Yield (last line, values, "") per record, (first line, problem, its text) if broken.

    A broken record (an unbalanced quote that runs to the end of the file, text after a closing
    quote) is reported at its first line, and reading resumes on the line after it, so one bad
    quote costs one row instead of silently swallowing the rest of the file.
    """
    pending: Iterable[str] = lines
    offset = 0
    while True:
        tracked = _Lines(pending)
        reader = csv.reader(tracked, dialect, strict=True)
        try:
            for values in reader:
                yield offset + tracked.number, values, ""  # a row is named by its last line
                tracked.start_record()
            return
        except csv.Error as exc:
            problem = str(exc)
            if problem == "unexpected end of data":
                problem = "unbalanced quote (the quoted value never ends)"
            first = tracked.record[0].strip()[:200] if tracked.record else ""
            yield offset + tracked.record_start, f"cannot read the CSV row: {problem}", first
            # resume after the first line of the broken record: its other lines come back,
            # then whatever was not read yet
            offset += tracked.record_start
            pending = _chain(tracked.record[1:], tracked.source)


def _chain(first: list[str], then: Iterator[str]) -> Iterator[str]:
    yield from first
    yield from then


def _open(path: Path, what: str):
    try:
        return open(path, encoding="utf-8-sig", newline="")  # noqa: SIM115
    except FileNotFoundError:
        raise InputError(f"{path}: {what} not found") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a folder, expected a CSV file") from None


def open_csv(path: str | Path, what: str = "CSV file") -> CsvFile:
    """Open a CSV export and read its header row.

    Raises:
        InputError: the file is missing, not UTF-8, or has no header row.
    """
    path = Path(path)
    with _open(path, what) as stream:
        try:
            sample = stream.read(16384)
        except UnicodeDecodeError:
            raise InputError(f"{path}: not UTF-8 text (save the CSV as UTF-8)") from None
        stream.seek(0)
        try:
            header = next(csv.reader(stream, _dialect(sample)))
        except StopIteration:
            raise InputError(f"{path}: the file is empty (expected a header row)") from None
        except csv.Error as exc:
            raise InputError(f"{path}: line 1: cannot read the CSV: {exc}") from None
    names = [h.strip() for h in header]
    if not any(names):
        raise InputError(f"{path}: line 1: the header row is empty")
    return CsvFile(path, what, names)
