"""Bounded work for files from outside: every limit on what scr reads, checked before memory grows.

An agency's chronology or a board's action-plan sheet is a file from someone else's system. A
206 KB .xlsx can hold a 200 MB cell (its XML compresses a thousandfold); a CSV can hold one field
of a gigabyte. These limits are far above any real chronology or plan, and each refusal names the
file, the row and what to fix:

- ``MAX_UNCOMPRESSED_MB``: the total a .xlsx or .docx unpacks to (the zip's own sizes; Python's
  zip reader never returns more than a member declares);
- ``MAX_CELL``: characters in one cell — Excel's own limit, 32,767 (a cell that reaches it is
  refused: the .xlsx reader cuts longer text to exactly that length);
- ``MAX_CSV_FIELD``: bytes in one CSV field (128 KB: Python's csv limit, named);
- ``MAX_ROWS``: rows in one file; ``MAX_COLUMNS``: filled columns in one row;
- ``MAX_ENTRIES``: chronology entries in one review, all agencies together.

Nothing here prints.
"""

import csv
import zipfile
from pathlib import Path

from scr.errors import ScrError

MAX_UNCOMPRESSED_MB = 64
MAX_CELL = 32_767
MAX_CSV_FIELD = 128 * 1024
MAX_ROWS = 100_000
MAX_COLUMNS = 1_000
MAX_ENTRIES = 250_000


class TooLarge(ScrError):
    """A file or a value over one of scr's limits."""


def check_zip(path):
    """Refuse a .xlsx/.docx whose parts unpack to more than ``MAX_UNCOMPRESSED_MB``."""
    path = Path(path)
    try:
        with zipfile.ZipFile(path) as archive:
            total = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError):
        return  # the reader reports a damaged file in its own words
    if total > MAX_UNCOMPRESSED_MB * 1024 * 1024:
        raise TooLarge(
            f"{path.name} unpacks to {total / 1024 / 1024:.0f} MB, over the {MAX_UNCOMPRESSED_MB} MB"
            " a chronology or plan may hold: it is not an ordinary spreadsheet or document"
            " (remove pictures or embedded files, or split it)"
        )


def csv_limit():
    """Set the csv module's field limit to ``MAX_CSV_FIELD`` (the default, said out loud)."""
    csv.field_size_limit(MAX_CSV_FIELD)


def csv_error(name, error, row):
    """A clean error for a CSV the csv module could not read at ``row`` (1-based record)."""
    text = str(error)
    if "field larger than field limit" in text:
        return TooLarge(f"{name} row {row}: a field is longer than {MAX_CSV_FIELD // 1024} KB"
                        f" (an unclosed quote \" makes the rest of the file one field): fix the row")
    return ScrError(f"{name} row {row}: cannot be read as CSV ({text})")


def bounded_rows(name, rows):
    """``rows`` — ``(N, cells)`` pairs — checked as they come: no cell over ``MAX_CELL``
    characters, no more than ``MAX_COLUMNS`` filled columns, no more than ``MAX_ROWS`` rows."""
    count = 0
    for number, cells in rows:
        count += 1
        if count > MAX_ROWS:
            raise TooLarge(f"{name}: more than {MAX_ROWS:,} rows; split the file")
        cells = tuple(cells)
        if len(cells) > MAX_COLUMNS:
            filled = [i for i, c in enumerate(cells) if c not in (None, "")]
            if filled and filled[-1] >= MAX_COLUMNS:
                raise TooLarge(f"{name} row {number}: more than {MAX_COLUMNS:,} columns are filled")
            cells = cells[:MAX_COLUMNS]
        for column, cell in enumerate(cells, start=1):
            # openpyxl cuts a longer cell to exactly MAX_CELL: reaching it means text was lost
            if isinstance(cell, str) and len(cell) >= MAX_CELL:
                raise TooLarge(
                    f"{name} row {number} column {column}: {len(cell):,} characters reach the"
                    f" {MAX_CELL:,} a spreadsheet cell holds (longer text is cut off): shorten it"
                )
        yield number, cells


def check_entries(name, adding, already):
    """Refuse adding ``adding`` chronology entries to a review that holds ``already``."""
    if adding + already > MAX_ENTRIES:
        raise TooLarge(f"{name}: {adding:,} entries would make {adding + already:,} in this review,"
                       f" over the {MAX_ENTRIES:,} a review may hold")
