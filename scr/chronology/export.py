"""The integrated chronology as .xlsx, .docx, .csv, .md or .html (bytes, for ws.write_output).

Every format has the same columns: No. (1-based position), Date, Time, Agency, Event, Source,
Significance, Practitioner, Possible duplicate of (the No. of the earlier entry). A partial date is
shown as its month or year.

The .xlsx is written directly as SpreadsheetML (a zip of XML parts) rather than through openpyxl:
50,000 rows take well under a second this way against ~10 s with openpyxl's write-only mode. Text is
written as inline strings, so a cell never becomes a formula whatever it starts with.
"""

import csv
import html
import io
import re
import zipfile
from datetime import date

from scr.documents import spreadsheets
from scr.values import DAY, MONTH, YEAR, show
from scr.workspace import outputs

COLUMNS = (
    "No.", "Date", "Time", "Agency", "Event", "Source", "Significance", "Practitioner",
    "Possible duplicate of",
)


def date_text(iso, precision):
    """'3 Mar 2013', 'Mar 2013' or '2013' (scr reads each of them back)."""
    return show(iso, precision)


def rows(entries):
    """Each entry as a tuple of display texts in COLUMNS order ('' for nothing)."""
    for number, entry in enumerate(entries, start=1):
        duplicate = entry.get("possible_duplicate_of")
        yield (
            str(number),
            date_text(entry["date"], entry["precision"]),
            entry.get("time") or "",
            entry["agency"],
            entry["event"],
            entry.get("source") or "",
            entry.get("significance") or "",
            entry.get("practitioner") or "",
            "" if duplicate is None else str(duplicate + 1),
        )


def export(entries, suffix, title):
    """The merged ``entries`` in the format of ``suffix``, as bytes."""
    writers = {"xlsx": to_xlsx, "docx": to_docx, "csv": to_csv, "md": to_markdown, "html": to_html}
    data = writers[outputs.format_of("chronology", f"integrated-chronology{suffix}")](entries, title)
    return data.encode("utf-8") if isinstance(data, str) else data


# -- csv ----------------------------------------------------------------------------------------

def to_csv(entries, title=None):
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows(entries):
        writer.writerow([spreadsheets.guard(cell) for cell in row])
    return out.getvalue()


# -- markdown -----------------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~$])")


def md_cell(text):
    return _MD_SPECIAL.sub(r"\\\1", text).replace("\r\n", "\n").replace("\n", "<br>")


def to_markdown(entries, title):
    lines = [f"# {md_cell(title)}", ""]
    lines.append("| " + " | ".join(COLUMNS) + " |")
    lines.append("|" + "|".join("---" for _ in COLUMNS) + "|")
    for row in rows(entries):
        lines.append("| " + " | ".join(md_cell(cell) for cell in row) + " |")
    duplicates = sum(1 for entry in entries if entry.get("possible_duplicate_of") is not None)
    lines += ["", f"{len(entries)} entries; {duplicates} marked as possible duplicates.", ""]
    return "\n".join(lines)


# -- html ---------------------------------------------------------------------------------------

_STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Arial,sans-serif;margin:1.5rem;color:#1b1b1b}
h1{font-size:1.4rem}
p.summary{color:#444}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{border:1px solid #bbb;padding:.3rem .45rem;vertical-align:top;text-align:left}
th{background:#e8eef4;position:sticky;top:0}
td.event{white-space:pre-wrap;min-width:20rem}
tr.dup td{background:#fff4cc}
td.num{text-align:right}
@media print{th{position:static}}
"""


def to_html(entries, title):
    esc = html.escape
    duplicates = sum(1 for entry in entries if entry.get("possible_duplicate_of") is not None)
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(title)}</title>",
        f"<style>{_STYLE}</style>",
        "</head>",
        "<body>",
        f"<h1>{esc(title)}</h1>",
        f'<p class="summary">{len(entries)} entries; {duplicates} marked as possible duplicates '
        "(highlighted).</p>",
        "<table>",
        "<thead><tr>" + "".join(f'<th scope="col">{esc(c)}</th>' for c in COLUMNS) + "</tr></thead>",
        "<tbody>",
    ]
    for number, row in enumerate(rows(entries), start=1):
        cls = ' class="dup"' if row[8] else ""
        cells = [f'<td class="num">{row[0]}</td>']
        cells += [f"<td>{esc(cell)}</td>" for cell in row[1:4]]
        cells.append(f'<td class="event">{esc(row[4])}</td>')
        cells += [f"<td>{esc(cell)}</td>" for cell in row[5:8]]
        link = f'<a href="#e{row[8]}">{row[8]}</a>' if row[8] else ""
        cells.append(f'<td class="num">{link}</td>')
        out.append(f'<tr id="e{number}"{cls}>' + "".join(cells) + "</tr>")
    out += ["</tbody>", "</table>", "</body>", "</html>", ""]
    return "\n".join(out)


# -- xlsx ---------------------------------------------------------------------------------------

_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_EPOCH = date(1899, 12, 30).toordinal()
_LETTERS = "ABCDEFGHI"
_NUMBER_FORMATS = {DAY: 1, MONTH: 2, YEAR: 3}  # style index of each precision's date format
WIDTHS = (7, 12, 7, 26, 70, 22, 30, 18, 12)


_XML_SPECIAL = re.compile(r"[&<>\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text):
    if not _XML_SPECIAL.search(text):
        return text
    return html.escape(_ILLEGAL_XML.sub("", text), quote=False)


def _t(text):
    """A <t> element; xml:space="preserve" only where spaces at either end must survive."""
    escaped = xml_text(text)
    if escaped[:1].isspace() or escaped[-1:].isspace():
        return f'<t xml:space="preserve">{escaped}</t>'
    return f"<t>{escaped}</t>"


_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>
<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>
</Types>"""

_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>
</Relationships>"""

_CORE = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<dc:title>{title}</dc:title><dc:creator>scr</dc:creator>
</cp:coreProperties>"""

_WORKBOOK = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<bookViews><workbookView/></bookViews>
<sheets><sheet name="Chronology" sheetId="1" r:id="rId1"/></sheets>
<definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">Chronology!$A$1:$I${last}</definedName><definedName name="_xlnm.Print_Titles" localSheetId="0">Chronology!$1:$1</definedName></definedNames>
</workbook>"""

_WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
</Relationships>"""

# cellXfs: 0 plain, 1 day date, 2 month date, 3 year date, 4 time, 5 header, 6 wrapped text,
# 7 wrapped text on a possible duplicate, 8 plain on a possible duplicate
_STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<numFmts count="4"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/><numFmt numFmtId="165" formatCode="mmm yyyy"/><numFmt numFmtId="166" formatCode="yyyy"/><numFmt numFmtId="167" formatCode="hh:mm"/></numFmts>
<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>
<fills count="4"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill><fill><patternFill patternType="solid"><fgColor rgb="FFDCE6F1"/><bgColor indexed="64"/></patternFill></fill><fill><patternFill patternType="solid"><fgColor rgb="FFFFF2CC"/><bgColor indexed="64"/></patternFill></fill></fills>
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="9">
<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"><alignment vertical="top"/></xf>
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"><alignment vertical="top"/></xf>
<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"><alignment vertical="top"/></xf>
<xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"><alignment vertical="top"/></xf>
<xf numFmtId="167" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"><alignment vertical="top"/></xf>
<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1"/>
<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>
<xf numFmtId="0" fontId="0" fillId="3" borderId="0" xfId="0" applyFill="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>
<xf numFmtId="0" fontId="0" fillId="3" borderId="0" xfId="0" applyFill="1"><alignment vertical="top"/></xf>
</cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>"""


def _sheet(entries):
    last = len(entries) + 1
    parts = [
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>'
        f'<dimension ref="A1:I{last}"/>'
        '<sheetViews><sheetView workbookViewId="0">'
        '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
        '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>'
        '<sheetFormatPr defaultRowHeight="15"/><cols>'
    ]
    for index, width in enumerate(WIDTHS, start=1):
        parts.append(f'<col min="{index}" max="{index}" width="{width}" customWidth="1"/>')
    parts.append('</cols><sheetData><row r="1">')
    for letter, name in zip(_LETTERS, COLUMNS):
        parts.append(f'<c r="{letter}1" s="5" t="inlineStr"><is><t>{xml_text(name)}</t></is></c>')
    parts.append("</row>")
    append = parts.append
    serials, clocks, texts = {}, {}, {}
    fields = (("D", "agency", False), ("F", "source", True), ("G", "significance", True),
              ("H", "practitioner", False))
    for number, entry in enumerate(entries, start=1):
        r = number + 1
        duplicate = entry.get("possible_duplicate_of")
        wrap, plain = (7, 8) if duplicate is not None else (6, 0)
        iso = entry["date"]
        serial = serials.get(iso)
        if serial is None:
            serial = serials[iso] = date(int(iso[:4]), int(iso[5:7]), int(iso[8:10])).toordinal() - _EPOCH
        append(
            f'<row r="{r}"><c r="A{r}" s="{plain}"><v>{number}</v></c>'
            f'<c r="B{r}" s="{_NUMBER_FORMATS[entry["precision"]]}"><v>{serial}</v></c>'
        )
        clock = entry.get("time")
        if clock:
            fraction = clocks.get(clock)
            if fraction is None:
                hours, minutes, *seconds = (int(part) for part in clock.split(":"))
                fraction = clocks[clock] = repr(
                    (hours * 3600 + minutes * 60 + (seconds[0] if seconds else 0)) / 86400)
            append(f'<c r="C{r}" s="4"><v>{fraction}</v></c>')
        for letter, field, wrapped in fields:
            value = entry.get(field)
            if value:
                escaped = texts.get(value)
                if escaped is None:
                    escaped = texts[value] = _t(value)
                append(
                    f'<c r="{letter}{r}" s="{wrap if wrapped else plain}" t="inlineStr"><is>'
                    f"{escaped}</is></c>"
                )
            if letter == "D":  # the event, never cached: nearly every one is different
                append(f'<c r="E{r}" s="{wrap}" t="inlineStr"><is>{_t(entry["event"])}</is></c>')
        if duplicate is not None:
            append(f'<c r="I{r}" s="{plain}"><v>{duplicate + 1}</v></c>')
        append("</row>")
    parts.append(f'</sheetData><autoFilter ref="A1:I{last}"/>')
    parts.append(
        '<pageMargins left="0.5" right="0.5" top="0.6" bottom="0.6" header="0.3" footer="0.3"/>'
        '<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/></worksheet>'
    )
    return "".join(parts)


def to_xlsx(entries, title):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("docProps/core.xml", _CORE.format(title=xml_text(title)))
        archive.writestr("xl/workbook.xml", _WORKBOOK.format(last=len(entries) + 1))
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        archive.writestr("xl/styles.xml", _STYLES)
        archive.writestr("xl/worksheets/sheet1.xml", _sheet(entries))
    return buffer.getvalue()


# -- docx ---------------------------------------------------------------------------------------

_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_DOCX_WIDTHS = (600, 1450, 750, 1700, 4200, 1500, 2200, 1500, 1200)  # twips; the sum fits A4 landscape


_SHADE = '<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="FFF2CC"/></w:tcPr>'


def _docx_row(row):
    """One table row as WordprocessingML text (widths come from the table grid, the 9 pt text
    and tight spacing from the document's Normal style, so each cell is only its text)."""
    shade = _SHADE if row[8] else ""
    cells = []
    for text in row:
        if not text:
            cells.append(f"<w:tc>{shade}<w:p/></w:tc>")
            continue
        paragraphs = "".join(
            f'<w:p><w:r><w:t xml:space="preserve">{xml_text(line)}</w:t></w:r></w:p>'
            for line in (text.splitlines() or [""])
        )
        cells.append(f"<w:tc>{shade}{paragraphs}</w:tc>")
    return "<w:tr>" + "".join(cells) + "</w:tr>"


def to_docx(entries, title):
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.oxml import parse_xml
    from docx.shared import Cm, Pt

    document = Document()
    normal = document.styles["Normal"]
    normal.font.size = Pt(9)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.space_before = Pt(0)
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))
    document.core_properties.title = title
    document.add_heading(title, level=1)
    duplicates = sum(1 for entry in entries if entry.get("possible_duplicate_of") is not None)
    document.add_paragraph(
        f"{len(entries)} entries; {duplicates} marked as possible duplicates (shaded)."
    )
    table = document.add_table(rows=1, cols=len(COLUMNS))
    table.style = "Table Grid"
    table.autofit = False
    for column, width in zip(table._tbl.tblGrid.gridCol_lst, _DOCX_WIDTHS):
        column.w = width * 635  # twips to EMU
    header = table.rows[0]
    header._tr.get_or_add_trPr().append(parse_xml(f'<w:tblHeader {_W}/>'))
    for cell, name, width in zip(header.cells, COLUMNS, _DOCX_WIDTHS):
        cell.text = ""
        run = cell.paragraphs[0].add_run(name)
        run.bold = True
        run.font.size = Pt(9)
        cell.width = width * 635  # twips to EMU
    # The body rows go into the saved document.xml as text, in place of a marker row: 50,000 rows
    # built as lxml elements through python-docx take seconds and gigabytes; as text, neither.
    marker = table.add_row().cells[0]
    marker.text = _MARKER
    saved = io.BytesIO()
    document.save(saved)
    return _replace_marker_row(saved.getvalue(), map(_docx_row, rows(entries)))


_MARKER = "@@scr-chronology-rows@@"


def _replace_marker_row(docx_bytes, rows_xml):
    """The .docx with the table row holding _MARKER replaced by the rows of ``rows_xml`` (an
    iterable of row texts), streamed into the archive in chunks."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename != "word/document.xml":
                target.writestr(item, data)
                continue
            xml = data.decode("utf-8")
            at = xml.index(_MARKER)
            start = max(xml.rfind("<w:tr>", 0, at), xml.rfind("<w:tr ", 0, at))
            end = xml.index("</w:tr>", at) + len("</w:tr>")
            with target.open(item.filename, "w") as stream:
                stream.write(xml[:start].encode("utf-8"))
                chunk = []
                for number, row in enumerate(rows_xml, start=1):
                    chunk.append(row)
                    if number % 2000 == 0:
                        stream.write("".join(chunk).encode("utf-8"))
                        chunk = []
                stream.write("".join(chunk).encode("utf-8"))
                stream.write(xml[end:].encode("utf-8"))
    return out.getvalue()
