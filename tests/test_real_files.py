"""The files agencies and boards really keep: board action plans with their own headers, merged
cells, cover sheets, .xls and .ods (tests/data/, saved by LibreOffice), UTF-16 CSVs, chronologies
in the common templates' headers, the date forms CLI.md 1.1 lists, and scr.toml closures."""

import csv
import json
from datetime import date
from pathlib import Path

import pytest

import chronology_files as files
from conftest import snapshot
from scr.values import DateError, parse_date, parse_partial

DATA = Path(__file__).with_name("data")
REF = "2012-child-f"


@pytest.fixture
def review(ws_path, run):
    assert run("new", "scr", "--title", "T", "--subject", "Child F", "--ref", REF,
               "--aware", "2012-03-05").exit_code == 0
    return REF


def scr(run, *args):
    return run("--as-of", "2014-01-15", *args)


def actions(run):
    listing = json.loads(scr(run, "actions", "list", REF, "--json").stdout)
    return {a["text"]: a for a in listing}


# ------------------------------------------------------------------------------ dates


@pytest.mark.parametrize("text, expected", [
    ("12-Oct-2023", (date(2023, 10, 12), "day")),
    ("22-may-12", (date(2012, 5, 22), "day")),
    ("12 Oct 13", (date(2013, 10, 12), "day")),
    ("Thursday, October 3, 2013", (date(2013, 10, 3), "day")),
    ("October 3, 2013", (date(2013, 10, 3), "day")),
    ("2013-10", (date(2013, 10, 1), "month")),
    ("03/04/2013", (date(2013, 4, 3), "day")),  # numbers alone: day first, always
    ("3rd March 2013", (date(2013, 3, 3), "day")),
])
def test_the_date_forms_of_cli_1_1(text, expected):
    assert parse_partial(text) == expected


@pytest.mark.parametrize("text, message", [
    ("Friday, October 3, 2013", "3 Oct 2013 is a Thursday, not a Friday"),
    ("Caturday, October 3, 2013", "'caturday' is not a day of the week"),
    ("10/3/13x", "cannot read the date"),
])
def test_dates_that_do_not_hold_are_errors_quoting_them(text, message):
    with pytest.raises(DateError) as caught:
        parse_partial(text)
    assert message in str(caught.value)


def test_a_month_alone_is_not_a_whole_date():
    with pytest.raises(DateError):
        parse_date("2013-10")
    assert parse_date("12-Oct-2013") == date(2013, 10, 12)


# ------------------------------------------------------------------------ action plans


def test_a_board_plan_with_its_own_headers_merged_cells_and_a_cover_sheet(review, run):
    """The headers a board uses, title rows above them, the Recommendation merged over its two
    actions, the cover sheet active: every row imports, and the warning says how each column was
    read and which one was not."""
    result = scr(run, "actions", "import", REF, DATA / "board-plan.xlsx")
    assert result.exit_code == 0, result.stderr
    assert ("Warning: board-plan.xlsx: read the columns 'Lead agency' as Agency, 'Lead officer' as"
            " Owner, 'Target date' as Due, 'Progress update' as Status, 'Evidence of impact' as"
            " Evidence") in result.stderr
    assert "Warning: board-plan.xlsx: column 'Officer' is not scr's: ignored" in result.stderr
    found = actions(run)
    assert found["Audit escalation cases"]["recommendation"] == "1"  # the merged cell, lower row
    assert found["Train all staff in escalation"]["status"] == "in-progress"
    assert found["Train all staff in escalation"]["owner"] == "DI Jones"
    done = found["Publish the escalation protocol"]
    assert done["status"] == "completed" and done["evidence"] == "Protocol published 2 Dec 2013"


@pytest.mark.parametrize("name", ["board-plan.xls", "board-plan.ods"])
def test_xls_and_ods_plans_import(review, run, name):
    result = scr(run, "actions", "import", REF, DATA / name)
    assert result.exit_code == 0, result.stderr
    found = actions(run)
    assert sorted(found) == ["Audit escalation cases", "Publish the escalation protocol",
                             "Train all staff in escalation"]
    assert found["Audit escalation cases"]["due"] == "2014-06-30"
    assert found["Audit escalation cases"]["recommendation"] == "1"  # merged over two rows


def write_csv(path, rows, encoding="utf-8"):
    with path.open("w", encoding=encoding, newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


HEADER = ["Recommendation", "Action", "Agency", "Due", "Status"]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-8-sig", "utf-32"])
def test_unicode_csvs_with_or_without_a_byte_order_mark(review, run, tmp_path, encoding):
    path = write_csv(tmp_path / "plan.csv", [HEADER, ["1", "Réunion des équipes", "Police",
                                                      "31/3/2014", "not-started"]], encoding)
    result = scr(run, "actions", "import", REF, path)
    assert result.exit_code == 0, result.stderr
    assert "Réunion des équipes" in actions(run)


def test_every_problem_of_a_row_is_reported(review, run, tmp_path, ws_path):
    path = write_csv(tmp_path / "plan.csv", [HEADER, ["", "Do it", "Police", "next spring", "done"]])
    before = snapshot(ws_path)
    result = scr(run, "actions", "import", REF, path)
    assert result.exit_code == 1
    for problem in ("plan.csv row 2: Recommendation is empty",
                    "plan.csv row 2: Due: cannot read the date 'next spring'",
                    "plan.csv row 2: unknown status 'done'"):
        assert problem in result.stderr, result.stderr
    assert snapshot(ws_path) == before


def test_no_header_row_says_what_it_looks_for_not_fourteen_columns(review, run, tmp_path):
    path = write_csv(tmp_path / "plan.csv", [["Title"], ["Name", "Notes"], ["a", "b"]])
    result = scr(run, "actions", "import", REF, path)
    assert result.exit_code == 1
    assert "no header row: scr looks in the first 20 rows for a row naming the columns" \
           " Recommendation, Action, Agency, Due, Status" in result.stderr


@pytest.mark.parametrize("column", ["Owner", "Evidence", "Action"])
def test_a_control_character_in_a_cell_is_a_clean_error(review, run, tmp_path, column):
    """It would break every later .xlsx export of the workspace."""
    header = HEADER + ["Owner", "Evidence"]
    row = {"Recommendation": "1", "Action": "Do it", "Agency": "Police", "Due": "31/3/2014",
           "Status": "not-started", "Owner": "Ann", "Evidence": "Minutes"}
    row[column] = "bad\x07value"
    path = write_csv(tmp_path / "plan.csv", [header, [row[h] for h in header]])
    result = scr(run, "actions", "import", REF, path)
    assert result.exit_code == 1
    assert f"plan.csv row 2: {column} holds a control character ('\\x07'): use plain text" in result.stderr
    assert "bug in scr" not in result.stderr
    assert scr(run, "actions", "export", REF, "-o", tmp_path / "out.xlsx").exit_code == 0


def test_import_is_linear_in_rows(review, ws_path, tmp_path, monkeypatch):
    """10,000 rows took 17 s: one TinyDB insert per row, each rereading and rewriting the whole
    table. Now the rows are stored in one pass, whatever their number (counted, not timed: speed is
    measured by `make bench`, never asserted in a timed test)."""
    from scr.actions import sheets
    from scr.workspace.store import BufferedStorage
    from scr.workspace.workspace import Workspace

    writes = []
    original = BufferedStorage.write
    monkeypatch.setattr(BufferedStorage, "write", lambda self, data: (writes.append(1), original(self, data)))
    ws = Workspace(ws_path, today=date(2014, 1, 15), user="t", command="scr actions import")
    for count in (100, 2000):
        rows = [HEADER] + [[str(i % 20 + 1), f"Action {count}-{i}", f"Agency {i % 7}", "31/3/2014",
                            "not-started"] for i in range(count)]
        writes.clear()
        sheets.import_file(ws, write_csv(tmp_path / f"plan{count}.csv", rows), REF)
        assert len(writes) <= 25, f"{count} rows: {len(writes)} table rewrites"
    with ws.open_review(REF) as r:
        assert len(r.storage.data["actions"]) == 2100


# ------------------------------------------------------------------------ chronologies


@pytest.mark.parametrize("name", ["agency-chronology.xls", "agency-chronology.ods"])
def test_chronologies_in_xls_and_ods_with_common_template_headers(review, run, name):
    """Chronolator's 'Source of Information', 'Details of contact/event', 'Analysis/Comment';
    an agency's own 'Officer' column named in a warning, not dropped without a word."""
    result = scr(run, "chronology", "add", REF, "Police", DATA / name)
    assert result.exit_code == 0, result.stderr
    assert f"{name} row 2: column 'Officer' is not one scr reads: ignored" in result.stderr
    merged = json.loads(scr(run, "chronology", "merge", REF, "--json").stdout)
    assert [(e["date"], e["time"], e["source"], e["event"], e["significance"]) for e in merged] == [
        ("2011-10-12", None, "Log", "Referral to CSC", None),
        ("2012-01-10", "14:30", "Crime record 123", "Domestic incident attended", "Risk not assessed"),
    ]


@pytest.mark.parametrize("headers", [
    ["Date of contact", "Time of contact", "Source of information", "Details of event", "Comments",
     "Name and role"],
    ["Date & Time", "Event / Incident", "Record reference", "Significance to the review",
     "Practitioner name"],
])
def test_chronology_template_headers(review, run, tmp_path, headers):
    rows = [["Multi-agency chronology"], headers,
            ["3 Feb 2012 10:00", "Home visit", "Case note 4", "Missed sign", "HV1", "x"][:len(headers)]]
    if len(headers) == 6:
        rows[2] = ["3/2/2012", "10:00", "Case note 4", "Home visit", "Missed sign", "HV1"]
    path = files.csv_file(tmp_path / "health.csv", rows)
    result = scr(run, "chronology", "add", REF, "Health", path)
    assert result.exit_code == 0, result.stderr
    (entry,) = json.loads(scr(run, "chronology", "merge", REF, "--json").stdout)
    assert entry["date"] == "2012-02-03" and entry["time"] == "10:00"
    assert entry["source"] == "Case note 4" and entry["significance"] == "Missed sign"


def test_chronology_dates_as_agencies_write_them(review, run, tmp_path):
    rows = [["Date", "Event"], ["12-Oct-2011", "a"], ["22-may-12", "b"],
            ["Thursday, October 3, 2013", "c"], ["2013-10", "d"]]
    path = files.csv_file(tmp_path / "police.csv", rows)
    result = scr(run, "chronology", "add", REF, "Police", path)
    assert result.exit_code == 0, result.stderr
    merged = json.loads(scr(run, "chronology", "merge", REF, "--json").stdout)
    assert [(e["date"], e["precision"], e["event"]) for e in merged] == [
        ("2011-10-12", "day", "a"), ("2012-05-22", "day", "b"), ("2013-10-01", "month", "d"),
        ("2013-10-03", "day", "c")]


def test_a_utf16_chronology_is_not_called_binary(review, run, tmp_path):
    path = files.csv_file(tmp_path / "csc.csv", [["Date", "Event"], ["1/2/2012", "Visit"]],
                          encoding="utf-16")
    result = scr(run, "chronology", "add", REF, "Children's Social Care", path)
    assert result.exit_code == 0, result.stderr


# ------------------------------------------------------------------------------ scr.toml


@pytest.mark.parametrize("closure, shown", [
    ("2014-12-24T09:00:00", "the date-time 2014-12-24T09:00:00"),
    ('"24/12/2014"', "'24/12/2014'"),
    ("20141224", "20141224"),
])
def test_a_closure_that_is_not_a_date_is_an_error(ws_path, run, closure, shown):
    """A TOML date-time closure was silently ignored."""
    config = ws_path / "scr.toml"
    text = config.read_text()
    assert "closures = []" in text
    config.write_text(text.replace("closures = []", f"closures = [{closure}]"))
    result = run("list")
    assert result.exit_code == 1
    assert f"[calendar] closures holds {shown}, not a date: write each closure day as 2014-12-24" in result.stderr
