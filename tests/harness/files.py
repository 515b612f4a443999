"""Importer file contents (CSV in several encodings, .xlsx, .docx, truncated and junk files, huge
cells, formulas) and the placeholders for files a command line reads or writes."""

import csv
import io
import zipfile
from datetime import date, datetime

from hypothesis import strategies as st

from harness.text import HOSTILE_TEXT, INJECTIONS, OUTPUT_SUFFIXES, AGENCIES, date_text, plain_text, words

# Importer files ---------------------------------------------------------------------------------

CHRONOLOGY_HEADERS = ["Date", "Time", "Event", "Source", "Significance", "Practitioner"]
ACTION_HEADERS = ["ID", "Review", "Recommendation", "Action", "Agency", "Owner", "Due", "Status",
                  "Completed", "RAG", "Evidence", "Outcome", "Added", "Version"]

cell = st.one_of(
    date_text,
    plain_text,
    st.sampled_from(INJECTIONS),
    st.sampled_from(["", None, "x" * 40000, "Ⅻ", "1", "r1:1", "r1", "in-progress", "completed", "10:30",
                     "25:99", "1", "2"]),
    st.sampled_from(AGENCIES),
    st.integers(-10, 10 ** 12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2100, 1, 1)),
    st.text(max_size=20),
)


@st.composite
def table_rows(draw):
    headers = draw(st.sampled_from(["chronology", "actions", "random", "none"]))
    if headers == "chronology":
        header = draw(st.permutations(CHRONOLOGY_HEADERS).map(lambda h: h[: len(h)]))
        header = header[: draw(st.integers(1, len(header)))]
    elif headers == "actions":
        header = ACTION_HEADERS[: draw(st.integers(1, len(ACTION_HEADERS)))]
    elif headers == "random":
        header = draw(st.lists(st.sampled_from(CHRONOLOGY_HEADERS + ACTION_HEADERS) | words, max_size=8))
    else:
        header = []
    titles = draw(st.lists(st.lists(cell, max_size=3), max_size=2))
    width = max(len(header), 1)
    rows = draw(st.lists(st.lists(cell, min_size=0, max_size=width + 1), max_size=6))
    return titles + ([header] if header else []) + rows


def _text_cell(value):
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    return str(value)


def csv_bytes(rows, encoding, delimiter):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    for row in rows:
        writer.writerow([_text_cell(c) for c in row])
    return buffer.getvalue().encode(encoding, errors="replace")


def xlsx_bytes(rows, sheets=1):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for _ in range(sheets - 1):
        book.create_sheet()
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
                value = str(value)  # openpyxl cannot store NaN or infinity
            if isinstance(value, str):
                value = "".join(ch for ch in value if ch >= " " or ch in "\t\n\r")[:32767]
            try:
                sheet.cell(row=r, column=c, value=value)  # "=…" becomes a real formula cell
            except (ValueError, TypeError):
                sheet.cell(row=r, column=c, value=str(value))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def docx_bytes(rows):
    import docx

    document = docx.Document()
    document.add_paragraph("Chronology")
    width = max((len(r) for r in rows), default=1) or 1
    if rows:
        table = document.add_table(rows=len(rows), cols=width)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                text = "".join(ch for ch in _text_cell(value) if ch >= " " or ch in "\t\n")[:5000]
                table.cell(r, c).text = text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


hostile_cell = st.one_of(plain_text, plain_text, st.sampled_from(INJECTIONS), st.sampled_from(HOSTILE_TEXT[14:]))
good_date = st.dates(min_value=date(2011, 1, 2), max_value=date(2013, 1, 6))


@st.composite
def valid_rows(draw):
    """Rows an importer should accept, with hostile text (formulas, huge, odd characters) where text goes."""
    if draw(st.booleans()):
        header = ["Date", "Time", "Event", "Source", "Significance", "Practitioner"]
        rows = [[draw(st.one_of(good_date, good_date.map(lambda d: f"{d.day}/{d.month}/{d.year}"),
                                good_date.map(lambda d: d.strftime("%B %Y")))),
                 draw(st.sampled_from(["", "09:30", "17:05"])), draw(hostile_cell.filter(lambda t: t.strip())),
                 draw(hostile_cell), draw(hostile_cell), draw(hostile_cell)]
                for _ in range(draw(st.integers(1, 5)))]
    else:
        header = ["ID", "Review", "Recommendation", "Action", "Agency", "Owner", "Due", "Status", "Completed",
                  "RAG", "Evidence", "Outcome"]
        rows = []
        for _ in range(draw(st.integers(1, 4))):
            status = draw(st.sampled_from(["not-started", "in-progress", "completed"]))
            rows.append([draw(st.sampled_from(["", "", "r1:1", "r1:2"])), "r1", draw(st.sampled_from(["1", "2", "4"])),
                         draw(hostile_cell.filter(lambda t: t.strip())), draw(st.sampled_from(AGENCIES)),
                         draw(hostile_cell), "2014-09-01", status, "2014-04-30" if status == "completed" else "",
                         "", draw(hostile_cell) if status != "completed" else "Audit evidence", draw(hostile_cell)])
    return [header] + rows


@st.composite
def input_file(draw):
    """(suffix, bytes) of a file an importer might be given: well-formed, malformed or junk."""
    form = draw(st.sampled_from(["valid-csv", "csv", "valid-xlsx", "xlsx", "valid-docx", "docx", "md", "junk",
                                 "truncated", "zip", "empty"]))
    if form.startswith("valid-"):
        rows = draw(valid_rows())
        form = form[len("valid-"):]
    elif form in ("csv", "xlsx", "docx", "truncated"):
        rows = draw(table_rows())
    if form == "csv":
        encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "latin-1", "utf-16", "cp1252"]))
        data = csv_bytes(rows, encoding, draw(st.sampled_from([",", ",", ";", "\t"])))
        return draw(st.sampled_from([".csv", ".CSV", ".txt"])), data
    if form == "xlsx":
        return draw(st.sampled_from([".xlsx", ".XLSX", ".csv"])), xlsx_bytes(rows, draw(st.integers(1, 2)))
    if form == "docx":
        return ".docx", docx_bytes(rows)
    if form == "md":
        return draw(st.sampled_from([".md", ".txt", ""])), draw(st.text(max_size=300)).encode("utf-8", "replace")
    if form == "truncated":
        data = xlsx_bytes(rows)  # its length varies with the clock (zip time stamps): cut at a fraction
        return draw(st.sampled_from([".xlsx", ".docx"])), data[: len(data) * draw(st.integers(0, 99)) // 100]
    if form == "zip":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("[Content_Types].xml", draw(st.binary(max_size=200)))
            archive.writestr("xl/workbook.xml", draw(st.binary(max_size=200)))
        return draw(st.sampled_from([".xlsx", ".docx"])), buffer.getvalue()
    if form == "empty":
        return draw(st.sampled_from([".csv", ".xlsx", ".docx", ".md"])), b""
    return draw(st.sampled_from([".csv", ".xlsx", ".docx", ".md", ".bin"])), draw(st.binary(max_size=3000))


class InputFile:
    """A file to be written into the example's scratch folder before the command runs."""

    def __init__(self, suffix, data):
        self.suffix, self.data = suffix, data

    def __repr__(self):
        return f"InputFile({self.suffix!r}, {len(self.data)} bytes: {self.data[:60]!r})"


class OutputPath:
    """An output path in the example's scratch folder (or inside the workspace)."""

    def __init__(self, where, suffix):
        self.where, self.suffix = where, suffix

    def __repr__(self):
        return f"OutputPath({self.where!r}, {self.suffix!r})"


input_files = input_file().map(lambda pair: InputFile(*pair))
output_paths = st.builds(OutputPath, st.sampled_from(["scratch", "scratch", "nested", "workspace", "folder", "existing-folder"]),
                         st.sampled_from(OUTPUT_SUFFIXES))
