"""The chronology template an agency fills in: one .xlsx with the standard columns and a sheet of
instructions (what to include, the scope period, the due date, who to send it to)."""

import io

from scr.values import show

COLUMNS = (
    ("Date", 14, "The date of the event: a date cell, or typed day first (3/3/2013). "
                 "Where only the month or year is known, type 'March 2013' or '2013'."),
    ("Time", 9, "24-hour clock, e.g. 14:30. Leave empty where not known."),
    ("Event", 70, "What happened: the contact, its purpose and outcome, who was seen."),
    ("Source", 24, "Where the entry comes from, e.g. case note, GP record, crime report number."),
    ("Significance", 40, "Why it matters for the review: risk, missed opportunity, good practice."),
    ("Practitioner", 22, "Role of the practitioner involved (a role, not a name where possible)."),
)
ROWS = 1000  # rows formatted and validated below the header


def _when(value):
    return show(value) if value else "not yet set"


def instructions(context):
    """The lines of the Instructions sheet."""
    scope = (
        f"{_when(context['scope_from'])} to {_when(context['scope_to'])}"
        if context["scope_from"] or context["scope_to"]
        else "the period set out in the terms of reference"
    )
    return [
        f"Chronology for {context['title']} ({context['subject']})",
        "",
        f"From: {context['board']}",
        f"Agency: {context['agency']}",
        f"Review reference: {context['ref']}",
        f"Scope period: {scope}",
        f"Please return by: {_when(context['due'])}",
        f"Send the completed workbook to: {context['return_to']}",
        "",
        "What to include",
        "- Every contact your agency had with the child and the family during the scope period:",
        "  visits, appointments (attended or missed), calls, referrals, meetings, assessments,",
        "  decisions, and information shared with or received from other agencies.",
        "- One event per row, in date order. Keep the column headings in row 1 as they are.",
        "- Dates day first (3/3/2013) or as date cells; where only the month or year is known,",
        "  type 'March 2013' or '2013'. No dates in the future.",
        "- Facts first in Event; your agency's view of why it matters in Significance.",
        "- Use the subject's pseudonym; give practitioners by role.",
        "- Every row needs a date and an event: a file with a row missing either is returned.",
        "",
        "The file may be returned as .xlsx (this workbook), .csv, or a table in a Word document",
        "with the same column headings.",
    ]


def build(context):
    """The template workbook as bytes."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Chronology"
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DCE6F1")
    for index, (name, width, _help) in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index, value=name)
        cell.font, cell.fill = bold, fill
        sheet.column_dimensions[cell.column_letter].width = width
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in range(2, ROWS + 2):
        sheet.cell(row=row, column=1).number_format = "dd/mm/yyyy"
        sheet.cell(row=row, column=2).number_format = "hh:mm"
        sheet.cell(row=row, column=3).alignment = wrap
        sheet.cell(row=row, column=5).alignment = wrap
    sheet.freeze_panes = "A2"
    last = ROWS + 1
    dates = DataValidation(
        type="date", operator="between", formula1="DATE(1900,1,1)", formula2="TODAY()",
        allow_blank=True, errorStyle="warning", showErrorMessage=True, showInputMessage=True,
        promptTitle="Date", prompt="Day first, e.g. 3/3/2013. Month or year only: type March 2013 or 2013.",
        errorTitle="Not a date",
        error="This is not a date up to today. Continue only for a month or year (March 2013, 2013).",
    )
    dates.add(f"A2:A{last}")
    times = DataValidation(
        type="time", operator="between", formula1="0", formula2="0.999988425925926",
        allow_blank=True, errorStyle="warning", showErrorMessage=True,
        errorTitle="Not a time", error="Type the time on the 24-hour clock, e.g. 14:30.",
    )
    times.add(f"B2:B{last}")
    events = DataValidation(
        type="textLength", operator="greaterThan", formula1="0", allow_blank=False,
        showInputMessage=True, promptTitle="Event", prompt="What happened (required).",
    )
    events.add(f"C2:C{last}")
    for validation in (dates, times, events):
        sheet.add_data_validation(validation)

    notes = workbook.create_sheet("Instructions")
    notes.column_dimensions["A"].width = 100
    for row, line in enumerate(instructions(context), start=1):
        cell = notes.cell(row=row, column=1)
        cell.value = line
        cell.data_type = "s"  # never a formula, whatever a name starts with
        if row == 1 or line in ("What to include",):
            cell.font = Font(bold=True, size=13 if row == 1 else 11)
    notes.cell(row=len(instructions(context)) + 2, column=1, value="The columns").font = bold
    for offset, (name, _width, text) in enumerate(COLUMNS):
        cell = notes.cell(row=len(instructions(context)) + 3 + offset, column=1)
        cell.value = f"{name}: {text}"
        cell.data_type = "s"
    workbook.active = 0
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
