"""Reading a CSV export row by row with the line number of each row and clean errors.

CRMs write UTF-8 (HubSpot with, Salesforce reports without a byte-order mark); delimiters
other than commas come from spreadsheet locales. Every problem names the file and the line.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from agent.errors import InputError


@dataclass
class CsvRow:
    """One data row: its line in the file (the header is line 1) and its cells by header."""

    line: int
    cells: dict[str, str]
    extra: list[str]
    """Cells beyond the header's width (a row with more values than columns)."""

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
        """Yield the data rows one at a time (the file is never loaded whole)."""
        with _open(self.path, self.what) as stream:
            dialect = _dialect(stream.read(16384))
            stream.seek(0)
            reader = csv.reader(stream, dialect)
            next(reader, None)
            line = 1
            try:
                for values in reader:
                    line = reader.line_num
                    cells = {
                        name: (values[i] if i < len(values) else "")
                        for i, name in enumerate(self.header)
                    }
                    yield CsvRow(line, cells, values[len(self.header) :])
            except (csv.Error, UnicodeDecodeError) as exc:
                raise InputError(
                    f"{self.path}: line {line + 1}: cannot read the CSV: {exc}"
                ) from None


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
