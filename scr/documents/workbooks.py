"""Reading the workbooks agencies and boards send: .xlsx, .xlsm, .xls and .ods, through
python-calamine (one fast reader for all four, where openpyxl reads only .xlsx).

:func:`sheets` yields every visible worksheet as ``(name, rows)``; ``rows`` yields ``(N, cells)``
with N the row number the spreadsheet shows, and cells ``None`` (empty), ``str``, ``int`` (a
whole number), ``float``, ``bool``, ``date``, ``datetime`` or ``time``, in the sheet's columns from
A. A value merged down over several rows belongs to each of them (a Recommendation merged over
its two actions, a date merged over three events); merged across columns, it stays in its first.
"""

from datetime import timedelta
from pathlib import Path

from scr.errors import ScrError

SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")


def _cell(value):
    if value == "" or value is None:
        return None
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)  # calamine reads every number as a float
    if isinstance(value, timedelta):
        return str(value)
    return value


_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"


def _ods_merges(path):
    """{sheet name: [((first row, first col), (last row, last col)), ...]} (0-based) of an .ods
    file's merged cells, which calamine does not report for OpenDocument, read from content.xml."""
    import zipfile

    from lxml import etree

    merges = {}
    try:
        with zipfile.ZipFile(path) as archive, archive.open("content.xml") as content:
            name, row, col = None, 0, 0
            parser = etree.iterparse(content, events=("start", "end"), resolve_entities=False,
                                     no_network=True)
            for event, element in parser:
                tag = element.tag
                if event == "start" and tag == _TABLE + "table":
                    name, row = element.get(_TABLE + "name"), 0
                    merges.setdefault(name, [])
                elif event == "start" and tag == _TABLE + "table-row":
                    col = 0
                elif event == "end" and tag == _TABLE + "table-row":
                    row += int(element.get(_TABLE + "number-rows-repeated", "1"))
                    element.clear()
                elif event == "start" and tag in (_TABLE + "table-cell", _TABLE + "covered-table-cell"):
                    rows = int(element.get(_TABLE + "number-rows-spanned", "1"))
                    cols = int(element.get(_TABLE + "number-columns-spanned", "1"))
                    if name is not None and (rows > 1 or cols > 1):
                        merges[name].append(((row, col), (row + rows - 1, col + cols - 1)))
                    col += int(element.get(_TABLE + "number-columns-repeated", "1"))
    except (OSError, KeyError, zipfile.BadZipFile, etree.XMLSyntaxError, ValueError):
        return {}  # calamine reads the cells all the same; only merges are not filled down
    return merges


def _rows(sheet, merged=None):
    top, left = sheet.start if sheet.start else (0, 0)
    fills = {}
    for (first_row, first_col), (last_row, _last_col) in sheet.merged_cell_ranges or merged or ():
        for row in range(first_row + 1, last_row + 1):
            fills.setdefault(row, []).append((first_col, first_row))
    kept = {}
    wanted = {(row, col) for spans in fills.values() for col, row in spans}
    for index, raw in enumerate(sheet.iter_rows()):
        number = top + index  # 0-based row of the sheet
        cells = [None] * left + [_cell(v) for v in raw]
        for col, row in fills.get(number, ()):
            while len(cells) <= col:
                cells.append(None)
            if cells[col] is None:
                cells[col] = kept.get((row, col))
        for row, col in wanted:
            if row == number and col < len(cells):
                kept[(row, col)] = cells[col]
        yield number + 1, tuple(cells)


def sheets(path):
    """Every visible worksheet of the workbook at ``path``, in the workbook's order."""
    import python_calamine

    path = Path(path)
    try:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
    except python_calamine.PasswordError:
        raise ScrError(f"{path.name} is protected by a password: save a copy without one") from None
    except Exception as error:  # calamine raises many kinds for a file that is not a workbook
        kind = path.suffix.lower() or "a"
        article = "an" if kind[1:2] in "aeiosx" else "a"
        raise ScrError(f"{path.name}: cannot read it as {article} {kind} workbook ({error})") from None
    merges = _ods_merges(path) if path.suffix.lower() == ".ods" else {}
    try:
        for meta in book.sheets_metadata:
            if str(meta.visible).rsplit(".", 1)[-1].lower() != "visible" \
                    or str(meta.typ).rsplit(".", 1)[-1].lower() != "worksheet":
                continue
            try:
                sheet = book.get_sheet_by_name(meta.name)
            except Exception as error:
                raise ScrError(f"{path.name}: cannot read its sheet '{meta.name}' ({error})") from None
            yield meta.name, _rows(sheet, merges.get(meta.name))
    finally:
        book.close()


# -- text files (CSV) ---------------------------------------------------------------------------

_BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe\x00\x00", "utf-32-le"),
         (b"\x00\x00\xfe\xff", "utf-32-be"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))


def utf16(head):
    """The encoding of UTF-16/32 text (Excel's "Unicode text"), by its byte-order mark or, without
    one, by the zero bytes of ASCII characters; else None."""
    for bom, encoding in _BOMS[1:]:
        if head.startswith(bom):
            return encoding
    sample = head[:512]
    if len(sample) >= 4 and sample[1::2].count(0) > len(sample) // 4 and not sample[0::2].count(0):
        return "utf-16-le"
    if len(sample) >= 4 and sample[0::2].count(0) > len(sample) // 4 and not sample[1::2].count(0):
        return "utf-16-be"
    return None


def text_of(data):
    """The text of a CSV file as the programs that write them save it: by its byte-order mark
    (UTF-8, UTF-16, UTF-32), else UTF-16 without one, else UTF-8, else Windows-1252 (Excel's
    "CSV (Comma delimited)")."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(encoding, errors="replace")
    if encoding := utf16(data[:4096]):
        return data.decode(encoding, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")
