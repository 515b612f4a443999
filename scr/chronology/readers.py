"""Open an agency's chronology file and hand back its tables as rows of cells.

A *table* is an iterator of ``(N, cells)`` where N is the row number a person sees: the spreadsheet
row for .xlsx, the record number for .csv (a quoted cell spanning lines is still one row, as a
spreadsheet shows it), and the row of the Word table for .docx (counting every row of that table,
titles and the header included). Cells are ``None``, ``str``, ``datetime``, ``date``, ``time`` or
numbers, as the file holds them.

python-calamine (workbooks) and python-docx are imported inside the functions that need them.
"""

import csv
import io
import zipfile
from pathlib import Path

from scr.chronology import limits
from scr.errors import FileRefused, ScrError
from scr.workspace.config import MAX_FILE_MB as MAX_MB

SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".csv", ".docx")
WORKBOOKS = (".xlsx", ".xlsm", ".xls", ".ods")

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls / .doc


def _looks_like(head):
    """A short name for what a file's first bytes say it is, or None for text."""
    if head.startswith(_OLE):
        return "an old-style Office file (.xls or .doc)"
    if head.startswith(b"PK\x03\x04"):
        return "a zip archive (an .xlsx or .docx file?)"
    if head.startswith(b"%PDF"):
        return "a PDF"
    if b"\x00" in head:
        return "a binary file"
    return None


def check_file(path, max_mb=MAX_MB):
    """Refuse what cannot be a chronology before opening it: returns the file's suffix."""
    path = Path(path)
    name = path.name
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise FileRefused(
            f"{name}: cannot read '{path.suffix or 'no extension'}' files; "
            "send the chronology as .xlsx, .xls, .ods, .csv or .docx"
        )
    if path.is_dir():
        raise FileRefused(f"{path} is a folder, not a file")
    if not path.is_file():
        raise FileRefused(f"{path}: no such file")
    size = path.stat().st_size
    if size == 0:
        raise FileRefused(f"{name} is empty: no header row found")
    if size > max_mb * 1024 * 1024:
        raise FileRefused(
            f"{name} is {size / 1024 / 1024:.1f} MB, over the {max_mb} MB limit "
            "(scr.toml [chronology] max_file_mb)"
        )
    with open(path, "rb") as handle:
        head = handle.read(4096)
    kind = _looks_like(head)
    if suffix == ".csv":
        from scr.documents.workbooks import utf16

        if kind and not utf16(head):
            raise FileRefused(f"{name} is not a CSV file: it looks like {kind}")
        return suffix
    if suffix == ".xls":
        if not head.startswith(_OLE):
            raise FileRefused(f"{name} is not an .xls file: it looks like {kind or 'a text file'}")
        return suffix
    if not head.startswith(b"PK\x03\x04"):
        what = kind or "a text file"
        raise FileRefused(f"{name} is not a {suffix} file: it looks like {what}")
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        raise FileRefused(f"{name} is not a {suffix} file: it is a damaged zip archive") from None
    limits.check_zip(path)
    wanted = {".docx": "word/document.xml", ".ods": "content.xml"}.get(suffix, "xl/workbook.xml")
    if wanted not in names:
        other = (".docx" if "word/document.xml" in names else ".xlsx" if "xl/workbook.xml" in names
                 else ".ods" if "content.xml" in names else None)
        raise FileRefused(
            f"{name} is not a {suffix} file"
            + (f": it is a {other} file with the wrong extension" if other else "")
        )
    return suffix


def tables(path, suffix):
    """Every table in the file, in order (sheets of a workbook, tables of a document)."""
    reader = {".csv": _csv_tables, ".docx": _docx_tables}.get(suffix, _workbook_tables)
    try:
        for table in reader(Path(path)):
            yield limits.bounded_rows(Path(path).name, table)
    except ScrError:
        raise
    except Exception as exc:  # a damaged file: openpyxl/python-docx/lxml raise many kinds
        raise FileRefused(f"{Path(path).name} cannot be read as {suffix}: {exc}") from None


# -- workbooks ----------------------------------------------------------------------------------


def _workbook_tables(path):
    """Every visible sheet of a workbook (.xlsx, .xls, .ods), merged cells filled down."""
    from scr.documents.workbooks import sheets

    for _name, rows in sheets(path):
        yield rows


# -- csv ----------------------------------------------------------------------------------------


def decode(data):
    """Text of a CSV file (see :func:`scr.documents.workbooks.text_of`)."""
    from scr.documents.workbooks import text_of

    return text_of(data)


def delimiter(text):
    """The delimiter that makes a header row appear (agencies' CSV files use , ; tab or |),
    else the sniffer's guess, else a comma."""
    from scr.chronology.rows import header_columns

    sample = text[:65536]
    for candidate in (",", ";", "\t", "|"):
        reader = csv.reader(io.StringIO(sample, newline=""), delimiter=candidate)
        try:
            for _count, row in zip(range(200), reader):
                if header_columns(row):
                    return candidate
        except csv.Error:
            continue
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        return ","


def _csv_tables(path):
    text = decode(path.read_bytes())
    limits.csv_limit()
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter(text))

    def rows():
        number = 0
        try:
            for number, row in enumerate(reader, start=1):
                yield number, tuple(row)
        except csv.Error as exc:
            raise limits.csv_error(path.name, exc, number + 1) from None

    yield rows()


# -- docx ---------------------------------------------------------------------------------------


def _docx_rows(table):
    """Rows of a Word table by grid column: a horizontally merged cell fills its first column,
    a vertically merged one repeats its value down (as a merged cell in a spreadsheet)."""
    from docx.oxml.ns import qn

    above = {}
    for number, tr in enumerate(table._tbl.tr_lst, start=1):
        cells = []
        column = tr.grid_before
        cells.extend([None] * column)
        for tc in tr.tc_lst:
            vmerge = tc.vMerge
            if vmerge == "continue":
                text = above.get(column)
            else:
                text = "\n".join(
                    "".join(t.text or "" for t in p.iter(qn("w:t"))) for p in tc.iter(qn("w:p"))
                ).strip()
                above[column] = text
            cells.append(text)
            span = tc.grid_span
            cells.extend([None] * (span - 1))
            column += span
        yield number, tuple(cells)


def _docx_tables(path):
    from docx import Document

    document = Document(str(path))
    for table in document.tables:
        yield _docx_rows(table)
