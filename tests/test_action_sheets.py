"""`scr actions export` and `scr actions import`: the spreadsheet round trip, conflicts, the umbrella
plan, and every bad row refused with nothing changed."""

import csv
import json
from datetime import date, datetime

import openpyxl
import pytest

from conftest import snapshot
from scr.actions import sheets as S

REF = "2013-child-f"
OTHER = "2014-baby-a"
TODAY = "2014-03-03"


@pytest.fixture
def plan(ws_path, run):
    for ref, subject in ((REF, "Child F"), (OTHER, "Baby A")):
        assert run("new", "scr", "--title", f"Review of {subject}", "--subject", subject,
                   "--ref", ref).exit_code == 0

    def add(ref, text, label, agency, due, *extra):
        result = run("--as-of", "2013-09-01", "actions", "add", ref, text, "--recommendation",
                     label, "--agency", agency, "--due", due, *extra)
        assert result.exit_code == 0, result.stderr
        return result.stdout.strip()

    add(REF, "Mark key documents in the record", "1", "Children's Social Care", "2014-01-31",
        "--owner", "Head of CIN")
    add(REF, "Information sharing protocol LAC/YOS", "2", "Youth Offending Service", "2014-03-20")
    add(REF, "=cmd|' /C calc'!A0", "10", "Children's Social Care", "2014-09-30")
    add(OTHER, "Safe sleeping leaflet", "1", "Health", "2014-06-30")
    return add


def scr(run, *args, as_of=TODAY):
    return run("--as-of", as_of, "actions", *args)


def listed(run, ref=None):
    result = scr(run, "list", *([ref] if ref else []), "--json")
    return {a["id"]: a for a in json.loads(result.stdout)}


def export_xlsx(run, tmp_path, ref=REF, name="plan.xlsx"):
    path = tmp_path / name
    result = scr(run, "export", *([ref] if ref else []), "-o", path)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == str(path.resolve())
    return path


def sheet_rows(path):
    book = openpyxl.load_workbook(path)
    sheet = book.active
    return book, sheet, [[c.value for c in row] for row in sheet.iter_rows()]


def set_cell(book, sheet, path, action_id, header, value):
    column = S.HEADERS.index(header) + 1 if header in S.HEADERS else header
    for row in range(2, sheet.max_row + 1):
        if sheet.cell(row=row, column=1).value == action_id:
            sheet.cell(row=row, column=column, value=value)
            break
    else:
        raise AssertionError(f"{action_id} not in the sheet")
    book.save(path)


# ------------------------------------------------------------------------------ export


def test_export_xlsx_layout(plan, run, tmp_path):
    path = export_xlsx(run, tmp_path)
    book, sheet, rows = sheet_rows(path)
    assert len(book.worksheets) == 1
    assert rows[0] == list(S.HEADERS)
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref.startswith("A1:N")
    assert sheet["A1"].font.bold
    # grouped by recommendation in natural order, IDs
    assert [r[0] for r in rows[1:]] == [f"{REF}:1", f"{REF}:2", f"{REF}:3"]
    assert [r[2] for r in rows[1:]] == ["1", "2", "10"]
    due = sheet.cell(row=2, column=S.HEADERS.index("Due") + 1)
    assert due.is_date and due.value == datetime(2014, 1, 31)
    added = sheet.cell(row=2, column=S.HEADERS.index("Added") + 1)
    assert added.is_date and added.value == datetime(2013, 9, 1)
    rag = {r[0]: r[S.HEADERS.index("RAG")] for r in rows[1:]}
    assert rag == {f"{REF}:1": "red", f"{REF}:2": "amber", f"{REF}:3": "green"}
    fill = sheet.cell(row=2, column=S.HEADERS.index("RAG") + 1).fill.fgColor.rgb
    assert fill.endswith(S.RAG_FILLS["red"])
    # the formula-looking action text is a text cell, not a formula
    cell = sheet.cell(row=4, column=S.HEADERS.index("Action") + 1)
    assert cell.data_type == "s" and cell.value == "=cmd|' /C calc'!A0"
    assert rows[1][S.HEADERS.index("Version")] == 1


def test_umbrella_export_has_every_review_grouped(plan, run, tmp_path):
    path = export_xlsx(run, tmp_path, ref=None)
    _, _, rows = sheet_rows(path)
    assert [r[1] for r in rows[1:]] == [REF, REF, REF, OTHER]


def test_export_default_paths(plan, run, ws_path):
    result = scr(run, "export", REF)
    assert result.exit_code == 0
    assert result.stdout.strip() == str(ws_path / "reviews" / REF / "action-plan" / f"{REF}-action-plan.xlsx")
    result = scr(run, "export", "--json")
    assert json.loads(result.stdout) == {"path": str(ws_path / "out" / "umbrella-action-plan.xlsx")}


def test_export_csv_guards_formulas(plan, run, tmp_path):
    path = tmp_path / "plan.csv"
    assert scr(run, "export", REF, "-o", path).exit_code == 0
    marking, *rows = list(csv.reader(path.open(encoding="utf-8")))
    assert marking == ["OFFICIAL-SENSITIVE"]  # the protective marking first: it holds personal data
    assert rows[0] == list(S.HEADERS)
    assert rows[3][S.HEADERS.index("Action")] == "'=cmd|' /C calc'!A0"
    assert rows[1][S.HEADERS.index("Due")] == "2014-01-31"


def test_export_refuses_other_formats(plan, run, tmp_path):
    result = scr(run, "export", REF, "-o", tmp_path / "plan.xls")
    assert result.exit_code == 1 and "Error:" in result.stderr
    assert not (tmp_path / "plan.xls").exists()


# -------------------------------------------------------------------------- round trip


def test_round_trip_export_edit_import(plan, run, tmp_path):
    path = export_xlsx(run, tmp_path)
    book, sheet, rows = sheet_rows(path)
    set_cell(book, sheet, path, f"{REF}:1", "Status", "Completed")
    set_cell(book, sheet, path, f"{REF}:1", "Completed", datetime(2014, 2, 20))
    set_cell(book, sheet, path, f"{REF}:1", "Evidence", "Audit of 20 files: all marked")
    set_cell(book, sheet, path, f"{REF}:2", "Status", "in progress")
    set_cell(book, sheet, path, f"{REF}:2", "Due", "30/4/2014")
    set_cell(book, sheet, path, f"{REF}:2", "Owner", "YOS manager")
    new_row = sheet.max_row + 1
    for header, value in {"Recommendation": "3", "Action": "Education of LAC in custody",
                          "Agency": "Virtual School", "Due": datetime(2014, 7, 31),
                          "Status": "not-started", "Outcome": "Every LAC in custody in education",
                          "Added": datetime(2014, 2, 1)}.items():
        sheet.cell(row=new_row, column=S.HEADERS.index(header) + 1, value=value)
    book.save(path)

    result = scr(run, "import", REF, path)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == f"{REF}: 1 added, 2 updated, 1 unchanged"
    actions = listed(run, REF)
    first = actions[f"{REF}:1"]
    assert first["status"] == "completed" and first["completed_on"] == "2014-02-20"
    assert first["evidence"] == "Audit of 20 files: all marked" and first["rag"] == "blue"
    assert first["version"] == 2 and first["history"][-1]["source"] == "import"
    second = actions[f"{REF}:2"]
    assert (second["status"], second["due"], second["owner"]) == ("in-progress", "2014-04-30", "YOS manager")
    new = actions[f"{REF}:4"]
    assert new["added"] == "2014-02-01" and new["agency"] == "Virtual School"
    assert new["outcome"] == "Every LAC in custody in education" and new["version"] == 1
    assert actions[f"{REF}:3"]["version"] == 1
    labels = [r["label"] for r in json.loads(run("recommendation", "list", REF, "--json").stdout)]
    assert labels == ["1", "2", "3", "10"]

    # the same file again: every row now stale except the unchanged one and the new row
    before = snapshot(tmp_path / "ws")
    result = scr(run, "import", REF, path)
    assert result.exit_code == 1
    assert f"row 2: {REF}:1 was changed in scr" in result.stderr
    assert f"row 3: {REF}:2 was changed in scr" in result.stderr
    assert snapshot(tmp_path / "ws") == before

    # a fresh export imports as all unchanged
    path = export_xlsx(run, tmp_path, name="again.xlsx")
    result = scr(run, "import", REF, path)
    assert result.stdout.strip() == f"{REF}: 0 added, 0 updated, 4 unchanged"


def test_csv_round_trip_keeps_formula_text(plan, run, tmp_path):
    path = tmp_path / "plan.csv"
    scr(run, "export", REF, "-o", path)
    text = path.read_text(encoding="utf-8").replace("Head of CIN", "Head of Children in Need")
    path.write_text(text, encoding="utf-8")
    result = scr(run, "import", REF, path)
    assert result.exit_code == 0, result.stderr
    actions = listed(run, REF)
    assert actions[f"{REF}:1"]["owner"] == "Head of Children in Need"
    assert actions[f"{REF}:3"]["text"] == "=cmd|' /C calc'!A0"
    assert actions[f"{REF}:3"]["version"] == 1


def test_version_conflict_named_and_force_takes_only_what_the_sheet_changed(plan, run, tmp_path):
    """Issue 16: --force put an action changed in scr since the export back to its old status,
    though the sheet had not changed it. Now each conflict names the field and both values, and
    --force overwrites only what the sheet changed."""
    path = export_xlsx(run, tmp_path)
    assert scr(run, "update", f"{REF}:2", "--status", "in-progress").exit_code == 0
    book, sheet, _ = sheet_rows(path)
    set_cell(book, sheet, path, f"{REF}:2", "Owner", "Someone")
    result = scr(run, "import", REF, path)
    assert result.exit_code == 1
    assert f"{path.name} row 3: {REF}:2 was changed in scr since this sheet was exported" in result.stderr
    assert "(version 1 in the file, 2 now)" in result.stderr and "--force" in result.stderr
    assert "Owner: the sheet has 'Someone', scr has nothing (changed in the sheet)" in result.stderr
    assert "Status: the sheet has 'not-started', scr has 'in-progress' (changed in scr)" in result.stderr
    assert all(line.startswith("Error:") for line in result.stderr.splitlines())
    assert listed(run, REF)[f"{REF}:2"]["owner"] is None
    result = scr(run, "import", REF, path, "--force")
    assert result.exit_code == 0, result.stderr
    action = listed(run, REF)[f"{REF}:2"]
    assert action["owner"] == "Someone" and action["status"] == "in-progress"  # scr's newer work kept
    assert action["version"] == 3
    assert action["history"][-1]["source"] == "import --force"
    assert action["history"][-1]["changes"] == {"owner": {"from": None, "to": "Someone"}}


def test_a_stale_row_the_sheet_did_not_change_is_no_conflict(plan, run, tmp_path):
    path = export_xlsx(run, tmp_path)
    assert scr(run, "update", f"{REF}:2", "--status", "in-progress", "--owner", "Ann").exit_code == 0
    before = listed(run, REF)[f"{REF}:2"]
    result = scr(run, "import", REF, path)
    assert result.exit_code == 0, result.stderr
    assert listed(run, REF)[f"{REF}:2"] == before


def test_both_changed_the_same_field_is_named_as_such(plan, run, tmp_path):
    path = export_xlsx(run, tmp_path)
    assert scr(run, "update", f"{REF}:2", "--owner", "Ann").exit_code == 0
    book, sheet, _ = sheet_rows(path)
    set_cell(book, sheet, path, f"{REF}:2", "Owner", "Bob")
    result = scr(run, "import", REF, path)
    assert result.exit_code == 1
    assert "Owner: the sheet has 'Bob', scr has 'Ann' (changed in both)" in result.stderr
    assert scr(run, "import", REF, path, "--force").exit_code == 0
    assert listed(run, REF)[f"{REF}:2"]["owner"] == "Bob"


def test_umbrella_import(plan, run, tmp_path):
    path = export_xlsx(run, tmp_path, ref=None)
    book, sheet, _ = sheet_rows(path)
    set_cell(book, sheet, path, f"{OTHER}:1", "Owner", "Named nurse")
    set_cell(book, sheet, path, f"{REF}:3", "Owner", "Principal social worker")
    row = sheet.max_row + 1
    for header, value in {"Review": OTHER, "Recommendation": "2", "Action": "Training",
                          "Agency": "Health", "Due": "31/12/2014", "Status": "Not started"}.items():
        sheet.cell(row=row, column=S.HEADERS.index(header) + 1, value=value)
    book.save(path)
    result = scr(run, "import", "--umbrella", path)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"{REF}: 0 added, 1 updated, 2 unchanged",
        f"{OTHER}: 1 added, 1 updated, 0 unchanged",
    ]
    actions = listed(run)
    assert actions[f"{OTHER}:1"]["owner"] == "Named nurse"
    assert actions[f"{OTHER}:2"]["text"] == "Training"
    assert actions[f"{REF}:3"]["owner"] == "Principal social worker"


def test_umbrella_rows_must_name_their_review(plan, run, tmp_path, ws_path):
    path = export_xlsx(run, tmp_path, ref=None)
    book, sheet, _ = sheet_rows(path)
    row = sheet.max_row + 1
    for header, value in {"Recommendation": "2", "Action": "Training", "Agency": "Health",
                          "Due": "31/12/2014", "Status": "not-started"}.items():
        sheet.cell(row=row, column=S.HEADERS.index(header) + 1, value=value)
    sheet.cell(row=row + 1, column=2, value="nowhere")
    for header, value in {"Recommendation": "2", "Action": "x", "Agency": "Health",
                          "Due": "31/12/2014", "Status": "not-started"}.items():
        sheet.cell(row=row + 1, column=S.HEADERS.index(header) + 1, value=value)
    book.save(path)
    before = snapshot(ws_path)
    result = scr(run, "import", "--umbrella", path)
    assert result.exit_code == 1
    assert f"row {row}: the Review cell is empty" in result.stderr
    assert f"row {row + 1}: no review 'nowhere'" in result.stderr
    assert snapshot(ws_path) == before


def test_import_usage(plan, run, tmp_path):
    path = export_xlsx(run, tmp_path)
    assert scr(run, "import", REF).exit_code == 2
    assert scr(run, "import", "--umbrella", REF, path).exit_code == 2
    assert scr(run, "import", "Bad Ref", path).exit_code == 1
    assert scr(run, "import", "nope", path).exit_code == 1


# ---------------------------------------------------------------------- bad input


def write_csv(path, rows, headers=S.HEADERS):
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        if headers:
            writer.writerow(headers)
        for row in rows:
            writer.writerow([row.get(h, "") for h in headers] if headers else row)
    return path


NEW = {"Recommendation": "1", "Action": "Do it", "Agency": "Health", "Due": "31/12/2014",
       "Status": "not-started"}


@pytest.mark.parametrize("rows, message", [
    ([dict(NEW, ID=f"{OTHER}:1")], f"row 2: ID {OTHER}:1 belongs to review {OTHER}, not {REF}"),
    ([dict(NEW, Review=OTHER)], f"row 2: the row is for review {OTHER}, not {REF}"),
    ([dict(NEW, ID=f"{REF}:1", Version="1"), dict(NEW, ID=f"{REF}:1", Version="1")],
     f"row 3: ID {REF}:1 appears twice (first on row 2)"),
    ([dict(NEW, ID=f"{REF}:9", Version="1")], f"row 2: unknown action ID '{REF}:9'"),
    ([dict(NEW, ID="rubbish")], "row 2: 'rubbish' is not an action ID"),
    ([dict(NEW, Due="next spring")], "row 2: Due: cannot read the date 'next spring'"),
    ([dict(NEW, Due="31/02/2014")], "row 2: Due: '31/02/2014' is not a real date"),
    ([dict(NEW, Due="")], "row 2: Due is empty"),
    ([dict(NEW, Status="done")], "row 2: unknown status 'done'"),
    ([dict(NEW, Status="completed", Completed="1/3/2014")], "row 2: completing an action needs evidence: give --evidence, or fill the row's Evidence cell"),
    ([dict(NEW, Status="completed", Completed="1/3/2014", Evidence="x", Added="2/3/2014")],
     "row 2: completion date 2014-03-01 is before the action was added (2014-03-02)"),
    ([dict(NEW, ID=f"{REF}:1", Version="1", Status="completed", Completed="31/8/2013",
           Evidence="x")],
     "row 2: completion date 2013-08-31 is before the action was added (2013-09-01)"),
    ([dict(NEW, Status="in-progress", Completed="1/3/2014")], "row 2: Completed is filled"),
    ([dict(NEW, Added="soon")], "row 2: Added: cannot read the date 'soon'"),
    ([dict(NEW, Action="")], "row 2: Action is empty"),
    ([dict(NEW, Version="two", ID=f"{REF}:1")], "row 2: Version: 'two' is not a whole number"),
    ([dict(NEW, ID=f"{REF}:1")], f"row 2: {REF}:1 was changed in scr since"),
])
def test_bad_rows_refuse_the_whole_file(plan, run, tmp_path, ws_path, rows, message):
    path = write_csv(tmp_path / "plan.csv", [dict(NEW, Action="A good row")] + rows)
    # the good row is row 2; shift the expected row numbers by one
    number = int(message.split("row ")[1].split(":")[0].split(" ")[0])
    message = message.replace(f"row {number}", f"row {number + 1}", 1)
    message = message.replace("(first on row 2)", "(first on row 3)")
    before = snapshot(ws_path)
    result = scr(run, "import", REF, path)
    assert result.exit_code == 1, result.output
    assert f"Error: plan.csv {message}" in result.stderr, result.stderr
    assert "nothing was imported" in result.stderr
    assert snapshot(ws_path) == before


def test_every_bad_row_is_reported(plan, run, tmp_path):
    path = write_csv(tmp_path / "plan.csv", [dict(NEW, Due="x"), NEW, dict(NEW, Status="?")])
    result = scr(run, "import", REF, path)
    assert "plan.csv row 2:" in result.stderr and "plan.csv row 4:" in result.stderr
    assert "row 3" not in result.stderr


@pytest.mark.parametrize("content", ["", "\n\n", "just,some,words\n1,2,3\n"])
def test_no_header_row_is_refused(plan, run, tmp_path, content):
    path = tmp_path / "plan.csv"
    path.write_text(content, encoding="utf-8")
    result = scr(run, "import", REF, path)
    assert result.exit_code == 1 and "no header row" in result.stderr


def test_empty_xlsx_is_refused(plan, run, tmp_path):
    path = tmp_path / "empty.xlsx"
    openpyxl.Workbook().save(path)
    result = scr(run, "import", REF, path)
    assert result.exit_code == 1 and "no header row" in result.stderr


def test_not_a_workbook_is_refused(plan, run, tmp_path):
    path = tmp_path / "plan.xlsx"
    path.write_text("not a zip", encoding="utf-8")
    result = scr(run, "import", REF, path)
    assert result.exit_code == 1 and "cannot read it as an .xlsx workbook" in result.stderr


def test_a_folder_or_a_missing_file_is_a_clean_error(plan, run, tmp_path):
    (tmp_path / "plan.csv").mkdir()
    result = scr(run, "import", REF, tmp_path / "plan.csv")
    assert result.exit_code == 1 and result.stderr == f"Error: {tmp_path / 'plan.csv'} is a folder, not a file\n"
    result = scr(run, "import", REF, tmp_path / "gone.xlsx")
    assert result.exit_code == 1 and result.stderr.startswith("Error: ") and "no such file" in result.stderr


def test_missing_required_column_is_refused(plan, run, tmp_path):
    headers = [h for h in S.HEADERS if h != "Agency"]
    path = write_csv(tmp_path / "plan.csv", [NEW], headers=headers)
    result = scr(run, "import", REF, path)
    assert result.exit_code == 1 and "lacks the column Agency" in result.stderr


def test_board_columns_are_ignored_with_a_warning(plan, run, tmp_path):
    headers = list(S.HEADERS) + ["QA comment"]
    path = write_csv(tmp_path / "plan.csv", [dict(NEW, **{"QA comment": "chase"})], headers=headers)
    result = scr(run, "import", REF, path)
    assert result.exit_code == 0, result.stderr
    assert "Warning: plan.csv: column 'QA comment' is not scr's: ignored" in result.stderr


def test_a_plan_kept_by_hand_imports_cleanly(plan, run, tmp_path):
    """No Outcome, Added or Version columns (nor RAG's colour); a title row above the header;
    completed rows with their dates; statuses and dates as people type them."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Child F SCR action plan (kept by the QA subgroup)"])
    sheet.append(["ID", "Review", "Recommendation", "Action", "Agency", "Owner", "Due",
                  "Status", "Completed", "RAG", "Evidence"])
    sheet.append([None, None, 4, "Reviewed placement-finding process", "Children's Social Care",
                  "Head of Placements", date(2013, 12, 31), "Completed", date(2013, 11, 15),
                  "Blue", "Placement policy v3, signed off Nov 2013"])
    sheet.append([None, REF, "5", "Monitor education of LAC in custody", "Virtual School",
                  None, "March 2014", "In progress", None, "Amber", None])
    sheet.append([None, None, None, None, None, None, None, None, None, None, None])
    path = tmp_path / "by-hand.xlsx"
    book.save(path)
    result = scr(run, "import", REF, path, as_of="2014-01-10")
    assert result.exit_code == 0, result.stderr
    actions = listed(run, REF)
    done = actions[f"{REF}:4"]
    assert done["status"] == "completed" and done["completed_on"] == "2013-11-15"
    assert done["added"] == "2013-11-15"  # no Added column: dated on its completion, before today
    assert done["recommendation"] == "4"
    later = actions[f"{REF}:5"]
    assert later["due"] == "2014-03-31" and later["status"] == "in-progress"


def test_completed_row_without_added_is_dated_before_its_completion(plan, run, tmp_path):
    """A completed row of a plan kept by hand, with no Added column: its completion is history,
    so it cannot be refused for being "before it was added" today."""
    path = write_csv(tmp_path / "plan.csv",
                     [dict(NEW, Status="completed", Completed="1/10/2013", Evidence="Done")],
                     headers=[h for h in S.HEADERS if h not in ("Added", "Version", "Outcome")])
    result = scr(run, "import", REF, path)
    assert result.exit_code == 0, result.stderr
    action = listed(run, REF)[f"{REF}:4"]
    assert action["completed_on"] == "2013-10-01" and action["added"] == "2013-10-01"


# ------------------------------------------------------------------ properties of cells

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40).filter(
    lambda t: t.strip() == t and t and not t.startswith("'"))


@settings(max_examples=25, deadline=None)
@given(texts=st.lists(TEXT, min_size=1, max_size=5))
def test_any_text_survives_a_csv_and_xlsx_round_trip(tmp_path_factory, texts):
    from scr.actions import rules as A

    folder = tmp_path_factory.mktemp("cells")
    views = [
        A.view("r", A.new_action(n + 1, recommendation="1", text=text, agency=text, due="2014-01-01",
                                 added="2013-01-01", today=date(2013, 1, 1), user="u", owner=text),
               date(2014, 1, 1), 28)
        for n, text in enumerate(texts)
    ]
    for suffix in (".csv", ".xlsx"):
        path = folder / f"plan{suffix}"
        path.write_bytes(S.export_bytes(views, suffix))
        rows, warnings = S.read_sheet(path)
        assert warnings == []
        by_id = {cells["ID"]: cells for _, cells in rows}
        for view in views:
            cells = by_id[view["id"]]
            assert S._text(cells["Action"]) == view["text"]
            assert S._text(cells["Owner"]) == view["owner"]
            assert S._date(cells["Due"], "Due") == date(2014, 1, 1)


def test_csv_saved_by_excel_on_windows_imports(plan, run, tmp_path):
    headers = ",".join(h for h in S.HEADERS if h not in ("Added", "Version", "Outcome"))
    row = ",,1,Caf\xe9 \u2013 review the placement,Health,,31/12/2014,Not started,,,"
    path = tmp_path / "excel.csv"
    path.write_bytes((headers + "\r\n" + row + "\r\n").encode("cp1252"))
    result = scr(run, "import", REF, path)
    assert result.exit_code == 0, result.stderr
    assert listed(run, REF)[f"{REF}:4"]["text"] == "Caf\xe9 \u2013 review the placement"
