"""Reading agencies' chronology files: shapes, header detection, dates, and every refusal with its
row number (scr/chronology/readers.py, rows.py and read_file)."""

import zipfile
from datetime import date, datetime, time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chronology_files import csv_file, docx, xlsx
from scr.chronology import read_file
from scr.chronology.rows import header_columns, parse_date_cell, parse_time
from scr.errors import DateError
from scr.errors import ScrError

TODAY = date(2014, 1, 5)
HEADER = ["Date", "Time", "Event", "Source", "Significance", "Practitioner"]


def read(path, **kwargs):
    entries, warnings = read_file(path, TODAY, **kwargs)
    return entries, warnings


def refused(path, **kwargs):
    with pytest.raises(ScrError) as caught:
        read_file(path, TODAY, **kwargs)
    return str(caught.value)


# -- shapes ---------------------------------------------------------------------------------------


def test_xlsx_with_title_rows_merged_cells_blank_rows_and_real_dates(tmp_path):
    path = xlsx(tmp_path / "csc.xlsx", [
        ["LBTH Children's Social Care: chronology for Baby A"],   # row 1, merged A1:F1
        [],
        ["Prepared by the review team"],
        HEADER,                                                   # row 4
        [datetime(2013, 3, 3, 14, 30), None, "Home visit", "Case note", None, "Social worker"],
        [date(2013, 3, 4), None, "Strategy meeting held", None, None, None],   # A6:A7 merged
        [None, time(9, 5), "Section 47 enquiry opened", None, None, None],
        [None, None, None, None, None, None],
        ["March 2013", "9.15", "Referral from GP", None, None, None],          # row 9
        ["5/4/13", None, "Child seen at clinic", None, "Missed sign", None],
        [2013, None, "Year only, as a number", None, None, None],
    ], merges=["A1:F1", "A6:A7"])
    entries, warnings = read(path)
    assert warnings == []
    got = [(e["row"], e["date"], e["precision"], e["time"], e["event"]) for e in entries]
    assert got == [
        (5, "2013-03-03", "day", "14:30", "Home visit"),
        (6, "2013-03-04", "day", None, "Strategy meeting held"),
        (7, "2013-03-04", "day", "09:05", "Section 47 enquiry opened"),
        (9, "2013-03-01", "month", "09:15", "Referral from GP"),
        (10, "2013-04-05", "day", None, "Child seen at clinic"),
        (11, "2013-01-01", "year", None, "Year only, as a number"),
    ]
    assert entries[0]["source"] == "Case note" and entries[0]["practitioner"] == "Social worker"
    assert entries[4]["significance"] == "Missed sign"


def test_xlsx_header_on_a_later_sheet_and_in_a_later_column(tmp_path):
    path = xlsx(tmp_path / "a.xlsx", [
        [None, None, "Chronology"],
        [None, "date of EVENT", "  Event   details ", "Worker"],
        [None, "01/02/2013", "Seen at home", "HV"],
    ], sheets_before=[("Notes", [["Read me"], ["Date"]])])
    entries, _ = read(path)
    assert [(e["row"], e["date"], e["event"], e["practitioner"]) for e in entries] == [
        (3, "2013-02-01", "Seen at home", "HV")
    ]


def test_a_header_merged_over_two_rows_and_repeated_headers(tmp_path):
    path = xlsx(tmp_path / "two.xlsx", [
        ["Date", "Event", "Source", None],          # row 1: Date and Event merged down over row 2
        [None, None, "Document", "Page"],
        ["1/2/2013", "Seen", "Notes", 4],
        ["Date", "Event", "Source", None],          # the header again (a second page pasted in)
        ["2/2/2013", "Seen again", None, None],
    ], merges=["A1:A2", "B1:B2"])
    entries, _ = read(path)
    assert [(e["row"], e["event"]) for e in entries] == [(3, "Seen"), (5, "Seen again")]


def test_csv_encodings_and_delimiters(tmp_path):
    rows = [["Barts Health NHS Trust: chronology"], ["Date of event", "Details", "Source document"],
            ["04/03/2013", "Café visit — seen by midwife", "EPR"], [], ["2013", "Booking", "Maternity"]]
    for encoding in ("utf-8", "utf-8-sig", "cp1252"):
        for delimiter in (",", ";", "\t"):
            path = csv_file(tmp_path / f"b-{encoding}-{ord(delimiter)}.csv", rows, encoding, delimiter)
            entries, _ = read(path)
            assert [(e["row"], e["date"], e["precision"], e["event"]) for e in entries] == [
                (3, "2013-03-04", "day", "Café visit — seen by midwife"),
                (5, "2013-01-01", "year", "Booking"),
            ], (encoding, delimiter)


def test_csv_row_numbers_count_records_not_lines(tmp_path):
    path = csv_file(tmp_path / "c.csv", [["Date", "Event"], ["1/2/2013", "line one\nline two"],
                                          ["31/02/2013", "bad"]])
    message = refused(path)
    assert "c.csv row 3: '31/02/2013' is not a real date" in message


def test_docx_first_table_with_the_columns_and_merged_cells(tmp_path):
    document, path = docx(tmp_path / "met.docx", [
        [["Index", "Contents"], ["1", "Summary"]],
        [["Met Police chronology", "", ""],                 # row 1: a title row in the table
         ["Date", "Time", "Contact/Event"],                 # row 2
         ["3 Mar 2013", "14:00", "Police attended address"],
         ["4th March 2013", "", "Strategy meeting"],        # date merged down over row 5
         ["", "", "Officer attended strategy meeting"]],
    ])
    table = document.tables[1]
    table.cell(0, 0).merge(table.cell(0, 2))
    table.cell(3, 0).merge(table.cell(4, 0))
    table.cell(3, 0).text = "4th March 2013"
    document.save(path)
    entries, _ = read(path)
    assert [(e["row"], e["date"], e["time"], e["event"]) for e in entries] == [
        (3, "2013-03-03", "14:00", "Police attended address"),
        (4, "2013-03-04", None, "Strategy meeting"),
        (5, "2013-03-04", None, "Officer attended strategy meeting"),
    ]


def test_scope_period_gives_warnings_not_errors(tmp_path):
    path = csv_file(tmp_path / "s.csv", [["Date", "Event"], ["1/1/2010", "Early"], ["2013", "Year"],
                                          ["3/3/2013", "In scope"], ["1/12/2013", "Late"]])
    entries, warnings = read(path, scope_from=date(2013, 1, 1), scope_to=date(2013, 6, 30))
    assert len(entries) == 4
    assert warnings == [
        "s.csv row 2: 1 Jan 2010 is before the review's scope period (from 1 Jan 2013)",
        "s.csv row 5: 1 Dec 2013 is after the review's scope period (to 30 Jun 2013)",
    ]


# -- refusals -------------------------------------------------------------------------------------


def test_every_bad_row_is_named_with_its_spreadsheet_row(tmp_path):
    path = xlsx(tmp_path / "bad.xlsx", [
        ["Title"], [],
        ["Date", "Time", "Event"],                       # row 3
        ["31/02/2013", None, "Not a real day"],         # row 4
        [date(2014, 1, 6), None, "Tomorrow"],            # row 5 (future)
        ["3/3/2013", None, None],                        # row 6 (empty event)
        [None, None, "No date"],                         # row 7
        ["next tuesday", None, "Unreadable"],            # row 8
        ["3/3/2013", "25:00", "Bad time"],               # row 9
        ["2015", None, "Future year"],                   # row 10
        [],
        ["3/3/2013", None, "Good row"],                  # row 12
    ])
    message = refused(path)
    assert message.splitlines() == [
        "bad.xlsx row 4: '31/02/2013' is not a real date",
        "bad.xlsx row 5: the date 6 Jan 2014 is in the future (today is 5 Jan 2014)",
        "bad.xlsx row 6: the event is empty",
        "bad.xlsx row 7: the date is empty",
        "bad.xlsx row 8: cannot read the date 'next tuesday': use YYYY-MM-DD, D/M/YYYY (day first) or '3 March 2013'",
        "bad.xlsx row 9: cannot read the time '25:00': use 24-hour HH:MM, e.g. 14:30",
        "bad.xlsx row 10: the date 2015 is in the future (today is 5 Jan 2014)",
        "bad.xlsx: 7 problems; nothing was stored",
    ]


def test_docx_errors_name_the_table_row(tmp_path):
    _, path = docx(tmp_path / "d.docx", [[["Date", "Event"], ["1/1/2013", "ok"], ["1/13/2013", "US date"]]])
    assert refused(path).splitlines()[0] == "d.docx row 3: '1/13/2013' is not a real date"


@pytest.mark.parametrize("name, content, expected", [
    ("empty.xlsx", b"", "empty.xlsx is empty: no header row found"),
    ("empty.csv", b"", "empty.csv is empty: no header row found"),
    ("text.xlsx", b"Date,Event\n1/1/2013,x\n", "text.xlsx is not a .xlsx file: it looks like a text file"),
    ("old.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100,
     "old.xlsx is not a .xlsx file: it looks like an old-style Office file (.xls or .doc)"),
    ("zip.csv", b"PK\x03\x04" + b"\0" * 100, "zip.csv is not a CSV file: it looks like a zip archive (an .xlsx or .docx file?)"),
    ("pdf.docx", b"%PDF-1.4\n", "pdf.docx is not a .docx file: it looks like a PDF"),
    ("table.pdf", b"%PDF-1.4\n", "table.pdf: cannot read '.pdf' files; send the chronology as .xlsx, .xls, .ods, .csv or .docx"),
    ("noheader.csv", b"Name,Notes\nA,B\n", "noheader.csv: no header row found: it needs a date column"),
    ("onlyheader.csv", b"Date,Event\n\n,\n", "onlyheader.csv: the header row has no entries under it"),
])
def test_files_refused(tmp_path, name, content, expected):
    path = tmp_path / name
    path.write_bytes(content)
    assert refused(path).startswith(expected)


def test_docx_renamed_xlsx_and_broken_zip(tmp_path):
    _, path = docx(tmp_path / "real.docx", [[["Date", "Event"], ["1/1/2013", "x"]]])
    renamed = tmp_path / "renamed.xlsx"
    renamed.write_bytes(path.read_bytes())
    assert refused(renamed) == "renamed.xlsx is not a .xlsx file: it is a .docx file with the wrong extension"
    broken = tmp_path / "broken.docx"
    broken.write_bytes(path.read_bytes()[:200])
    assert refused(broken).startswith("broken.docx is not a .docx file")
    noheader = xlsx(tmp_path / "noheader.xlsx", [["Title"], ["Name", "Notes"]])
    assert refused(noheader).startswith("noheader.xlsx: no header row found on any sheet")


def test_file_over_the_size_limit(tmp_path):
    path = csv_file(tmp_path / "big.csv", [["Date", "Event"]] + [["1/1/2013", "x" * 1000]] * 1200)
    assert refused(path, max_mb=1).startswith("big.csv is 1.2 MB, over the 1 MB limit")


def test_formula_cells_are_text_or_their_value(tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Date", "Event"])
    sheet.append(["1/1/2013", "=1+1"])
    sheet["B2"].data_type = "s"
    workbook.save(tmp_path / "f.xlsx")
    entries, _ = read(tmp_path / "f.xlsx")
    assert entries[0]["event"] == "=1+1"


# -- dates and times ------------------------------------------------------------------------------


@pytest.mark.parametrize("cell, expected", [
    (datetime(2013, 3, 3, 0, 0), (date(2013, 3, 3), "day", None)),
    (datetime(2013, 3, 3, 9, 5, 30), (date(2013, 3, 3), "day", "09:05:30")),
    ("03/04/2013", (date(2013, 4, 3), "day", None)),
    ("3.4.13", (date(2013, 4, 3), "day", None)),
    ("3-4-69", (date(1969, 4, 3), "day", None)),
    ("3rd March 2013", (date(2013, 3, 3), "day", None)),
    ("03/03/2013 14:30", (date(2013, 3, 3), "day", "14:30")),
    ("2013-03-03T14:30:00", (date(2013, 3, 3), "day", "14:30")),
    ("Mar 2013", (date(2013, 3, 1), "month", None)),
    ("2013", (date(2013, 1, 1), "year", None)),
])
def test_date_cells(cell, expected):
    assert parse_date_cell(cell) == expected


@pytest.mark.parametrize("cell, expected", [
    ("14:30", "14:30"), ("9.05", "09:05"), ("1430", "14:30"), ("2.30pm", "14:30"), ("12am", "00:00"),
    ("12 p.m.", "12:00"), (time(7, 0), "07:00"), (0.5, "12:00"), ("", None), (None, None),
])
def test_times(cell, expected):
    assert parse_time(cell) == expected


@pytest.mark.parametrize("cell", ["25:00", "13pm", "9", "noon", "14:60"])
def test_bad_times(cell):
    with pytest.raises(DateError):
        parse_time(cell)


MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December"]


@st.composite
def typed_dates(draw):
    value = draw(st.dates(min_value=date(1969, 1, 1), max_value=date(2068, 12, 31)))
    form = draw(st.sampled_from(["dmy", "dmyy", "iso", "words", "short", "ordinal"]))
    sep = draw(st.sampled_from("/.-"))
    day = draw(st.sampled_from([str(value.day), f"{value.day:02d}"]))
    month = draw(st.sampled_from([str(value.month), f"{value.month:02d}"]))
    name = MONTH_NAMES[value.month - 1]
    text = {
        "dmy": f"{day}{sep}{month}{sep}{value.year}",
        "dmyy": f"{day}{sep}{month}{sep}{value.year % 100:02d}",
        "iso": value.isoformat(),
        "words": f"{value.day} {name} {value.year}",
        "short": f"{value.day} {name[:3]} {value.year}",
        "ordinal": f"{value.day}{'th' if 10 <= value.day % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(value.day % 10, 'th')} {name} {value.year}",
    }[form]
    return text, value


@settings(max_examples=300, deadline=None)
@given(typed_dates())
def test_day_first_typed_dates_read_right(case):
    text, value = case
    assert parse_date_cell(text) == (value, "day", None)


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 99), st.integers(1, 99), st.integers(1900, 2099), st.sampled_from("/.-"))
def test_impossible_numeric_dates_are_errors_never_wrong_dates(day, month, year, sep):
    text = f"{day}{sep}{month}{sep}{year}"
    try:
        expected = date(year, month, day)
    except ValueError:
        with pytest.raises(DateError):
            parse_date_cell(text)
    else:
        assert parse_date_cell(text) == (expected, "day", None)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Nd",)), min_size=1, max_size=30))
def test_garbage_without_digits_is_an_error(text):
    with pytest.raises(DateError):
        parse_date_cell(text)


def test_header_detection():
    assert header_columns(["DATE/TIME", "description", "Relevance", "Staff"]) == {
        "date": 0, "event": 1, "significance": 2, "practitioner": 3}
    assert header_columns(["Date", "Notes"]) is None
    assert header_columns([None, 3, "Date", "Details:"]) == {"date": 2, "event": 3}


def test_the_zip_check_reads_names_only(tmp_path):
    path = tmp_path / "x.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hi")
    assert refused(path) == "x.xlsx is not a .xlsx file"


@pytest.mark.parametrize("suffix", [".xlsx", ".docx"])
def test_damaged_files_are_clean_errors_never_tracebacks(tmp_path, suffix):
    if suffix == ".xlsx":
        good = xlsx(tmp_path / "good.xlsx", [["Date", "Event"], ["1/1/2013", "x"]])
    else:
        _, good = docx(tmp_path / "good.docx", [[["Date", "Event"], ["1/1/2013", "x"]]])
    data = good.read_bytes()
    for cut in (10, 100, len(data) // 3, len(data) // 2, len(data) - 30):
        broken = tmp_path / f"broken-{cut}{suffix}"
        broken.write_bytes(data[:cut])
        with pytest.raises(ScrError):
            read_file(broken, TODAY)
    flipped = bytearray(data)
    for at in range(200, len(flipped), 997):
        flipped[at] ^= 0xFF
    broken = tmp_path / f"flipped{suffix}"
    broken.write_bytes(bytes(flipped))
    try:
        read_file(broken, TODAY)  # a flip may land where nothing is checked: then it reads
    except ScrError as error:
        assert broken.name in str(error), str(error)  # else the message names the file
