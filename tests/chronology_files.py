"""Build real chronology files with the awkward shapes agencies send (for the chronology tests)."""

import csv
from datetime import date, datetime, time


def xlsx(path, rows, merges=(), sheets_before=()):
    """An .xlsx whose first sheet holds ``rows`` (lists of cells) from row 1; ``merges`` are
    ranges like "A1:D1"; ``sheets_before`` are (title, rows) sheets placed first."""
    from openpyxl import Workbook

    workbook = Workbook()
    first = workbook.active
    for index, (title, extra) in enumerate(sheets_before):
        sheet = first if index == 0 else workbook.create_sheet()
        sheet.title = title
        for row in extra:
            sheet.append(row)
    sheet = workbook.create_sheet("Chronology") if sheets_before else first
    for number, row in enumerate(rows, start=1):
        for column, value in enumerate(row, start=1):
            if value is None:
                continue
            cell = sheet.cell(row=number, column=column, value=value)
            if isinstance(value, (date, datetime)):
                cell.number_format = "dd/mm/yyyy hh:mm" if isinstance(value, datetime) else "dd/mm/yyyy"
            if isinstance(value, time):
                cell.number_format = "hh:mm"
    for merge in merges:
        sheet.merge_cells(merge)
    workbook.save(path)
    return path


def csv_file(path, rows, encoding="utf-8", delimiter=","):
    with open(path, "w", newline="", encoding=encoding) as handle:
        csv.writer(handle, delimiter=delimiter).writerows(rows)
    return path


def docx(path, tables, paragraphs=("Chronology of involvement",)):
    """A .docx with a paragraph or two, then each table (a list of rows of text) in turn."""
    from docx import Document

    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    for rows in tables:
        width = max(len(row) for row in rows)
        table = document.add_table(rows=len(rows), cols=width)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                table.cell(r, c).text = "" if value is None else str(value)
    document.save(path)
    return document, path
