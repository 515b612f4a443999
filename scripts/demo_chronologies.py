"""Build the demo's agency files from demo/chronologies/*.csv, in the shapes agencies send them:

    python scripts/demo_chronologies.py OUTDIR

- childrens-social-care.xlsx: two title rows (the first merged across the columns), a blank row,
  real date cells, and the date of two events on one day in one merged cell;
- met-police.docx: a heading, a table of contents table, then the chronology table;
- barts-health.csv: copied as it is.
"""

import csv
import shutil
import sys
from datetime import datetime
from pathlib import Path

from docx import Document
from openpyxl import Workbook

SOURCE = Path(__file__).resolve().parent.parent / "demo" / "chronologies"


def rows(name):
    with open(SOURCE / name, newline="", encoding="utf-8-sig") as handle:
        return list(csv.reader(handle))


def social_care(target):
    header, *body = rows("childrens-social-care.csv")
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Chronology"
    sheet.append(["London Borough of Tower Hamlets Children's Social Care: chronology for the SCR of Infant B"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    sheet.append(["Prepared for the independent author; OFFICIAL-SENSITIVE"])
    sheet.append([])
    sheet.append(header)
    merged_from = None
    for values in body:
        row = list(values)
        try:
            row[0] = datetime.strptime(row[0], "%d/%m/%Y")
        except ValueError:
            pass  # typed dates ("5 Dec 2012", "May 2013") stay text, as agencies type them
        if merged_from and row[0] == sheet.cell(merged_from, 1).value:
            row[0] = None
            sheet.append(row)
            sheet.merge_cells(start_row=merged_from, start_column=1, end_row=sheet.max_row, end_column=1)
            continue
        sheet.append(row)
        merged_from = sheet.max_row
        if isinstance(row[0], datetime):
            sheet.cell(merged_from, 1).number_format = "dd/mm/yyyy"
    workbook.save(target)


def police(target):
    document = Document()
    document.add_heading("Metropolitan Police Service: chronology, Infant B", level=1)
    contents = document.add_table(rows=2, cols=2)
    for cell, text in zip(contents.rows[0].cells + contents.rows[1].cells,
                          ["Section", "Page", "Chronology", "1"]):
        cell.text = text
    document.add_paragraph("")
    data = rows("met-police.csv")
    table = document.add_table(rows=len(data), cols=len(data[0]))
    table.style = "Table Grid"
    for r, values in enumerate(data):
        for c, text in enumerate(values):
            table.cell(r, c).text = text
    document.save(target)


def main(folder):
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    social_care(folder / "childrens-social-care.xlsx")
    police(folder / "met-police.docx")
    shutil.copyfile(SOURCE / "barts-health.csv", folder / "barts-health.csv")


if __name__ == "__main__":
    main(sys.argv[1])
