"""`scr chronology request | template | add | status | merge | chase` through the command line."""

import email
import time
import json
from datetime import date, datetime
from email import policy

import pytest

from chronology_files import csv_file, docx, xlsx
from conftest import snapshot

REF = "2013-baby-a"
CSC, BARTS, MET = "Children's Social Care", "Barts Health", "Met Police"


@pytest.fixture
def review(ws_path, run, monkeypatch):
    monkeypatch.setenv("SCR_AS_OF", "2014-01-05")
    config = ws_path / "scr.toml"
    config.write_text(config.read_text(encoding="utf-8") + (
        '\n[agencies."Children\'s Social Care"]\nemail = "csc-reviews@example.org"\n'
        'aliases = ["CSC", "LBTH Children\'s Social Care"]\n'
        '\n[agencies."Barts Health"]\nemail = "safeguarding@bartshealth.example.org"\n'
    ), encoding="utf-8")
    result = run("new", "scr", "--title", "Death of an infant", "--subject", "Baby A", "--aware", "2/12/2013",
                 "--ref", REF)
    assert result.exit_code == 0, result.output
    return ws_path / "reviews" / REF


def ok(result):
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return result


def fail(result, code=1):
    assert result.exit_code == code, (result.stdout, result.stderr)
    assert result.stdout == ""
    return result.stderr


def status(run):
    return json.loads(ok(run("chronology", "status", REF, "--json")).stdout)


def csc_file(tmp_path):
    return xlsx(tmp_path / "csc.xlsx", [
        ["LBTH Children's Social Care: chronology"], [],
        ["Date", "Time", "Event", "Source", "Significance", "Worker"],
        [datetime(2013, 3, 4, 10, 0), None, "Strategy meeting held", "Case note", "S47 agreed", "Team manager"],
        ["March 2013", None, "Referral received from GP", None, None, None],
        [date(2013, 5, 1), "11:00", "Home visit: baby seen asleep in cot", None, None, "Social worker"],
    ], merges=["A1:F1"])


def barts_file(tmp_path):
    return csv_file(tmp_path / "barts.csv", [
        ["Date of event", "Time", "Details", "Source document"],
        ["4/3/2013", "10:00", "Strategy meeting held.", "EPR"],
        ["2013", "", "Booking appointment", "Maternity"],
    ], encoding="utf-8-sig")


def test_request_status_add_and_overdue(review, run, tmp_path, monkeypatch):
    out = ok(run("chronology", "request", REF, "csc", BARTS, "Met police", "--due", "31/1/2014")).stdout
    assert out.splitlines() == [
        "r1  Children's Social Care  due 31 Jan 2014", "r2  Barts Health  due 31 Jan 2014",
        "r3  Met police  due 31 Jan 2014",
    ]
    rows = status(run)
    assert [(r["agency"], r["status"], r["due"], r["entries"]) for r in rows] == [
        (BARTS, "requested", "2014-01-31", 0), (CSC, "requested", "2014-01-31", 0),
        ("Met police", "requested", "2014-01-31", 0)]
    assert list(rows[0]) == ["agency", "requested", "due", "received", "entries", "status"]
    result = ok(run("chronology", "add", REF, "LBTH children's  social care", csc_file(tmp_path)))
    kept = review / "chronologies" / "childrens-social-care-1-csc.xlsx"
    assert result.stdout.strip() == str(kept)
    assert kept.read_bytes() == (tmp_path / "csc.xlsx").read_bytes()
    monkeypatch.setenv("SCR_AS_OF", "2014-02-01")
    rows = {r["agency"]: r for r in status(run)}
    assert rows[CSC] == {"agency": CSC, "requested": "2014-01-05", "due": "2014-01-31",
                         "received": "2014-01-05", "entries": 3, "status": "received"}
    assert rows[BARTS]["status"] == "overdue" and rows["Met police"]["status"] == "overdue"
    shown = json.loads(ok(run("show", REF, "--json")).stdout)
    assert shown["agencies"] == status(run)
    # withdrawing a request takes the agency off the list
    ok(run("withdraw", REF, "r3", "--reason", "asked in error"))
    assert [r["agency"] for r in status(run)] == [BARTS, CSC]


def test_add_refuses_bad_files_and_stores_nothing(review, run, tmp_path):
    ok(run("chronology", "request", REF, CSC, BARTS, "--due", "31/1/2014"))
    bad = xlsx(tmp_path / "bad.xlsx", [["Chronology"], ["Date", "Event"], ["31/02/2013", "x"],
                                       ["1/1/2013", None], ["6/1/2014", "tomorrow"]])
    before = snapshot(review)
    stderr = fail(run("chronology", "add", REF, CSC, bad))
    assert stderr.splitlines() == [
        "Error: bad.xlsx row 3: '31/02/2013' is not a real date",
        "Error: bad.xlsx row 4: the event is empty",
        "Error: bad.xlsx row 5: the date 6 Jan 2014 is in the future (today is 5 Jan 2014)",
        "Error: bad.xlsx: 3 problems; nothing was stored",
    ]
    stderr = fail(run("chronology", "add", REF, "Met Police", barts_file(tmp_path)))
    assert stderr.startswith(
        "Error: unknown agency 'Met Police' for review '2013-baby-a': the agencies asked for a chronology"
        " are Barts Health, Children's Social Care")
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    assert fail(run("chronology", "add", REF, CSC, empty)) == "Error: empty.csv is empty: no header row found\n"
    fake = tmp_path / "fake.xlsx"
    fake.write_text("Date,Event\n", encoding="utf-8")
    assert "fake.xlsx is not a .xlsx file" in fail(run("chronology", "add", REF, CSC, fake))
    (review.parent.parent / "scr.toml").open("a").write("\n[chronology]\nmax_file_mb = 0.001\n")
    assert "over the 0.001 MB limit" in fail(run("chronology", "add", REF, CSC, csc_file(tmp_path)))
    assert snapshot(review) == before
    assert fail(run("chronology", "add", REF, CSC, tmp_path / "missing.csv"), 1).startswith("Error: ")
    # a folder where the file should be is a value present but wrong: exit 1, not click's usage error 2
    (tmp_path / "folder.csv").mkdir()
    assert fail(run("chronology", "add", REF, CSC, tmp_path / "folder.csv")) == (
        f"Error: {tmp_path / 'folder.csv'} is a folder, not a file\n")
    assert fail(run("chronology", "add", REF, CSC, tmp_path)).startswith("Error: ")


def test_replace_and_scope_warnings(review, run, tmp_path):
    ok(run("set", REF, "scope-from", "1/4/2013"))
    result = ok(run("chronology", "add", REF, BARTS, barts_file(tmp_path)))
    assert "Warning: barts.csv row 2: 4 Mar 2013 is before the review's scope period (from 1 Apr 2013)" in result.stderr
    stderr = fail(run("chronology", "add", REF, "barts  HEALTH", barts_file(tmp_path)))
    assert "already has a chronology from Barts Health (barts.csv, received 5 Jan 2014): use --replace" in stderr
    second = csv_file(tmp_path / "barts2.csv", [["Date", "Event"], ["2/2/2013", "Only entry"]])
    ok(run("chronology", "add", REF, BARTS, second, "--replace"))
    assert sorted(p.name for p in (review / "chronologies").iterdir()) == [
        "barts-health-1-barts.csv", "barts-health-1-barts.csv.entries.json",
        "barts-health-2-barts2.csv", "barts-health-2-barts2.csv.entries.json"]
    rows = json.loads(ok(run("chronology", "merge", REF, "--json")).stdout)
    assert [r["event"] for r in rows] == ["Only entry"]
    assert status(run)[0]["entries"] == 1


def test_merge_outputs(review, run, tmp_path):
    ok(run("chronology", "add", REF, CSC, csc_file(tmp_path)))
    ok(run("chronology", "add", REF, BARTS, barts_file(tmp_path)))
    _, met = docx(tmp_path / "met.docx", [[["Date", "Time", "Contact/Event"], ["4 March 2013", "10:00", "Strategy meeting held"]]])
    ok(run("chronology", "add", REF, MET, met))
    rows = json.loads(ok(run("chronology", "merge", REF, "--json")).stdout)
    assert [(r["date"], r["time"], r["agency"], r["possible_duplicate_of"]) for r in rows] == [
        ("2013-01-01", None, BARTS, None),
        ("2013-03-01", None, CSC, None),
        ("2013-03-04", "10:00", BARTS, None),
        ("2013-03-04", "10:00", CSC, 2),
        ("2013-03-04", "10:00", MET, 2),
        ("2013-05-01", "11:00", CSC, None),
    ]
    default = ok(run("chronology", "merge", REF)).stdout.strip()
    assert default == str(review / "documents" / "integrated-chronology.xlsx")
    for suffix in (".xlsx", ".docx", ".csv", ".md", ".html"):
        target = tmp_path / "out" / f"chronology{suffix}"
        assert ok(run("chronology", "merge", REF, "-o", target)).stdout.strip() == str(target)
        assert target.stat().st_size > 0
    fail(run("chronology", "merge", REF, "-o", tmp_path / "c.pdf"))
    # round trip through the command line: the .xlsx read back with openpyxl equals the JSON
    from openpyxl import load_workbook

    sheet = load_workbook(tmp_path / "out" / "chronology.xlsx").active
    precision = {"dd/mm/yyyy": "day", "mmm yyyy": "month", "yyyy": "year"}
    back = [
        {"date": d.value.date().isoformat(), "precision": precision[d.number_format],
         "time": t.value.strftime("%H:%M") if t.value else None, "agency": a.value, "event": e.value,
         "source": s.value, "significance": g.value,
         "possible_duplicate_of": None if dup.value is None else dup.value - 1}
        for _n, d, t, a, e, s, g, _p, dup in sheet.iter_rows(min_row=2)
    ]
    assert back == rows
    both = ok(run("chronology", "merge", REF, "--json", "-o", tmp_path / "both.csv"))
    assert json.loads(both.stdout) == rows and str(tmp_path / "both.csv") in both.stderr


def test_an_entries_file_changed_behind_scrs_back_is_reported(review, run, tmp_path):
    ok(run("chronology", "add", REF, BARTS, barts_file(tmp_path)))
    stored = review / "chronologies" / "barts-health-1-barts.csv.entries.json"
    stored.write_bytes(stored.read_bytes().replace(b"Booking", b"Bookinh"))
    stderr = fail(run("chronology", "merge", REF, "--json"))
    assert f"{stored} is damaged: it changed after scr wrote it: add barts.csv again with --replace" in stderr
    stored.unlink()
    assert "is damaged: cannot read it" in fail(run("chronology", "merge", REF))
    ok(run("chronology", "add", REF, BARTS, barts_file(tmp_path), "--replace"))
    assert len(json.loads(ok(run("chronology", "merge", REF, "--json")).stdout)) == 2


def test_merge_with_nothing_is_an_error(review, run):
    assert "has no chronology entries yet" in fail(run("chronology", "merge", REF, "--json"))
    assert "no review 'nope'" in fail(run("chronology", "merge", "nope"))
    assert "invalid review ref" in fail(run("chronology", "status", "../x"))


def test_template(review, run, tmp_path):
    from openpyxl import load_workbook

    ok(run("set", REF, "scope-from", "1/1/2013"))
    ok(run("set", REF, "scope-to", "2/12/2013"))
    ok(run("chronology", "request", REF, BARTS, "--due", "31/1/2014"))
    path = ok(run("chronology", "template", REF, "barts health")).stdout.strip()
    assert path == str(review / "documents" / "chronology-template-barts-health.xlsx")
    workbook = load_workbook(path)
    sheet = workbook["Chronology"]
    assert [c.value for c in sheet[1]] == ["Date", "Time", "Event", "Source", "Significance", "Practitioner"]
    assert sheet.freeze_panes == "A2"
    assert sheet["A2"].number_format == "dd/mm/yyyy" and sheet["B2"].number_format == "hh:mm"
    validation = [v for v in sheet.data_validations.dataValidation if v.type == "date"][0]
    assert str(validation.sqref) == "A2:A1001"
    notes = "\n".join(str(c.value) for c in workbook["Instructions"]["A"] if c.value)
    assert "Scope period: 1 Jan 2013 to 2 Dec 2013" in notes
    assert "Please return by: 31 Jan 2014" in notes
    assert "Send the completed workbook to: the Tower Hamlets Safeguarding Children Board business manager" in notes
    assert "Agency: Barts Health" in notes
    # the template, filled in, imports
    sheet.append([date(2013, 3, 4), None, "Seen in clinic"])
    workbook.save(tmp_path / "filled.xlsx")
    ok(run("chronology", "add", REF, BARTS, tmp_path / "filled.xlsx"))
    assert status(run)[0]["entries"] == 1
    other = tmp_path / "t.xlsx"
    assert ok(run("chronology", "template", REF, BARTS, "-o", other)).stdout.strip() == str(other)
    assert "unknown agency 'Nobody'" in fail(run("chronology", "template", REF, "Nobody"))
    assert ".xlsx" in fail(run("chronology", "template", REF, BARTS, "-o", tmp_path / "t.csv"))


@pytest.fixture
def away_from_utc(monkeypatch):
    """The machine's clock in India (+05:30), to show which timestamps follow it."""
    monkeypatch.setenv("TZ", "Asia/Kolkata")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_chase(review, run, tmp_path, monkeypatch, away_from_utc):
    ok(run("chronology", "request", REF, CSC, BARTS, MET, "--due", "31/1/2014"))
    ok(run("chronology", "add", REF, BARTS, barts_file(tmp_path)))
    assert ok(run("chronology", "chase", REF)).stdout == ""  # nothing overdue yet
    monkeypatch.setenv("SCR_AS_OF", "2014-02-10")
    result = ok(run("chronology", "chase", REF, "-o", tmp_path / "mail"))
    paths = result.stdout.split()
    assert [p.rsplit("/", 1)[1] for p in paths] == [
        "chase-chronology-childrens-social-care-2014-02-10.eml", "chase-chronology-met-police-2014-02-10.eml"]
    assert "Warning: no email address for Met Police" in result.stderr
    with open(paths[0], "rb") as handle:
        message = email.message_from_binary_file(handle, policy=policy.default)
    assert message["To"] == "csc-reviews@example.org"
    assert message["Subject"] == "Chronology overdue: Death of an infant (2013-baby-a)"
    assert message["X-Unsent"] == "1"
    assert message["Date"].endswith("+0000")  # UTC whatever the machine's time zone, as every timestamp
    body = message.get_content()
    assert "It was due on 31 Jan 2014" in body and "10 days overdue" in body
    # the board's own template
    templates = review.parent.parent / "templates"
    templates.mkdir()
    (templates / "chronology-chase.txt").write_text(
        "Subject: Where is it, {{ agency }}?\n\nDue {{ due }}.\n", encoding="utf-8")
    paths = ok(run("chronology", "chase", REF)).stdout.split()
    assert paths[0].startswith(str(review / "documents"))
    with open(paths[0], "rb") as handle:
        message = email.message_from_binary_file(handle, policy=policy.default)
    assert message["Subject"] == "Where is it, Children's Social Care?"
    assert message.get_content().strip() == "Due 2014-01-31."
    (templates / "chronology-chase.txt").write_text("Subject: {{ nope }}\n\nx\n", encoding="utf-8")
    assert "'nope' is undefined" in fail(run("chronology", "chase", REF))
    (templates / "chronology-chase.txt").write_text(
        "Subject: x\n\n{{ ''.__class__.__mro__ }}\n", encoding="utf-8")
    refused = fail(run("chronology", "chase", REF))
    assert "chronology-chase.txt line 3" in refused and "unsafe" in refused


def test_request_checks(review, run):
    # a due date already past is recorded, with a warning: the chronology is overdue from the start
    late = run("chronology", "request", REF, CSC, "--due", "1/1/2014")
    assert late.exit_code == 0 and "Warning: the due date 1 Jan 2014 is before the request" in late.stderr
    assert [(row["agency"], row["due"], row["status"]) for row in status(run)] == [
        (CSC, "2014-01-01", "overdue")]
    assert "cannot read the date" in fail(run("chronology", "request", REF, CSC, "--due", "soon"))
    assert "blank" in fail(run("chronology", "request", REF, " ", "--due", "1/2/2014"))
    assert run("chronology", "request", REF, "--due", "1/2/2014").exit_code == 2
