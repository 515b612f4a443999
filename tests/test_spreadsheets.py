"""scr/documents/spreadsheets.py: the one formula guard, as the action plan's CSV and the integrated
chronology's CSV both apply it."""

import csv
import io

import pytest

from scr.actions import sheets
from scr.chronology.export import to_csv
from scr.documents.spreadsheets import guard, unguard

FORMULAS = ["=1+1", "+44 20 7364 5000", "-1 officers", "@SUM(A1)", "\t=1+1", "\rnext", "\nnext",
            " =HYPERLINK(\"http://evil\")", "  +1", "\u00a0=1", "\uff1dcmd", "\uff0b1", "\uff0d1", "\uff20x"]
PLAIN = ["Home visit", "1 officer", "e-mail sent", "a=b", "", "'quoted", "  indented text"]


@pytest.mark.parametrize("text", FORMULAS)
def test_anything_a_spreadsheet_could_run_gets_a_quote(text):
    assert guard(text) == "'" + text
    assert unguard(guard(text)) == text


@pytest.mark.parametrize("text", PLAIN)
def test_plain_text_is_left_alone(text):
    assert guard(text) == text
    assert unguard(text) == text


def test_none_is_an_empty_cell():
    assert guard(None) == ""


def test_the_action_plan_and_the_chronology_guard_alike():
    for text in FORMULAS:
        assert sheets.csv_safe(text) == guard(text)
    entry = {"date": "2013-03-04", "precision": "day", "time": None, "agency": "Health",
             "event": "\t=1+1", "source": " @x", "significance": "", "practitioner": "",
             "possible_duplicate_of": None}
    rows = list(csv.reader(io.StringIO(to_csv([entry]))))
    assert rows[1][4:6] == ["'\t=1+1", "' @x"]
