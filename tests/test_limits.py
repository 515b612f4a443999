"""Bounded work for hostile files (scr/chronology/limits.py), through the CLI: every limit ends in a
clean error naming the file, the row and what to fix, and nothing is stored."""

import zipfile

import pytest
from openpyxl import Workbook

from conftest import snapshot
from scr.chronology import limits

REF = "2013-child-h"


@pytest.fixture
def review(ws_path, run, monkeypatch):
    monkeypatch.setenv("SCR_AS_OF", "2013-06-01")
    assert run("new", "scr", "--ref", REF, "--title", "Child H", "--subject", "Child H",
               "--aware", "2013-01-10").exit_code == 0
    assert run("chronology", "request", REF, "Health", "Police", "--due", "2013-05-01").exit_code == 0
    return ws_path


def xlsx(path, rows, extra=None):
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    book.save(path)
    if extra:
        with zipfile.ZipFile(path, "a") as archive:
            for name, data in extra.items():
                archive.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED)
    return path


def refused(run, review, *args):
    before = snapshot(review)
    result = run(*args)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and "bug" not in result.stderr
    assert snapshot(review) == before
    return result.stderr


def test_a_cell_longer_than_excel_allows_is_refused_naming_row_and_column(review, run, tmp_path):
    path = xlsx(tmp_path / "health.xlsx", [["Date", "Event"], ["3/2/2013", "x" * 40_000]])
    message = refused(run, review, "chronology", "add", REF, "Health", path)
    assert "health.xlsx row 2 column 2: 32,767 characters reach the 32,767" in message
    path = tmp_path / "police.csv"
    path.write_text("Date,Event\n3/2/2013," + "x" * 40_000 + "\n", encoding="utf-8")
    assert "police.csv row 2 column 2: 40,000 characters" in refused(run, review, "chronology", "add", REF, "Police", path)


def test_an_xlsx_that_unpacks_to_too_much_is_refused_before_it_is_opened(review, run, tmp_path):
    bomb = b"\0" * (limits.MAX_UNCOMPRESSED_MB * 1024 * 1024 + 1)
    path = xlsx(tmp_path / "health.xlsx", [["Date", "Event"], ["3/2/2013", "Visit"]],
                extra={"xl/media/padding.bin": bomb})
    assert path.stat().st_size < 1024 * 1024  # a small file...
    message = refused(run, review, "chronology", "add", REF, "Health", path)
    assert "health.xlsx unpacks to 64 MB" in message or "health.xlsx unpacks to 65 MB" in message


def test_a_csv_field_over_128_kb_is_refused_naming_its_row(review, run, tmp_path):
    path = tmp_path / "police.csv"
    path.write_text('Date,Event\n3/2/2013,Visit\n4/2/2013,"' + "y" * 200_000 + '"\n', encoding="utf-8")
    message = refused(run, review, "chronology", "add", REF, "Police", path)
    assert "police.csv row 3: a field is longer than 128 KB" in message


def test_an_unclosed_quote_is_named_as_the_likely_cause(review, run, tmp_path):
    path = tmp_path / "police.csv"
    path.write_text('Date,Event\n3/2/2013,"Visit\n' + "more text\n" * 20_000, encoding="utf-8")
    assert "unclosed quote" in refused(run, review, "chronology", "add", REF, "Police", path)


def test_rows_per_file_and_entries_per_review_are_bounded(review, run, tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_ROWS", 5)
    path = tmp_path / "police.csv"
    path.write_text("Date,Event\n" + "3/2/2013,Visit\n" * 10, encoding="utf-8")
    assert "police.csv: more than 5 rows" in refused(run, review, "chronology", "add", REF, "Police", path)
    monkeypatch.setattr(limits, "MAX_ROWS", 100)
    monkeypatch.setattr(limits, "MAX_ENTRIES", 12)
    assert run("chronology", "add", REF, "Police", path).exit_code == 0
    health = tmp_path / "health.csv"
    health.write_text("Date,Event\n" + "3/2/2013,Visit\n" * 3, encoding="utf-8")
    message = refused(run, review, "chronology", "add", REF, "Health", health)
    assert "health.csv: 3 entries would make 13 in this review, over the 12" in message


def test_an_action_plan_with_an_oversized_field_or_cell_is_refused(review, run, tmp_path):
    path = tmp_path / "plan.csv"
    path.write_text("ID,Review,Recommendation,Action,Agency,Owner,Due,Status,Completed,RAG,Evidence\n"
                    f',{REF},1,"' + "z" * 200_000 + '",Health,,2014-01-01,not-started,,,\n', encoding="utf-8")
    assert "plan.csv row 2: a field is longer than 128 KB" in refused(run, review, "actions", "import", REF, path)
    book = xlsx(tmp_path / "plan.xlsx", [
        ["ID", "Review", "Recommendation", "Action", "Agency", "Owner", "Due", "Status", "Completed", "RAG", "Evidence"],
        ["", REF, "1", "a" * 33_000, "Health", "", "2014-01-01", "not-started", "", "", ""]])
    assert "plan.xlsx row 2 column 4: 32,767 characters" in refused(run, review, "actions", "import", REF, book)
