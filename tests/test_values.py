"""scr/values.py: dates as a person types and reads them (CLI.md, "Dates typed by a person").

Day first always (3/1/2012 is 3 January), partial dates only where a precision is wanted, and one
display form: "7 Aug 2014", partial "Mar 2013".
"""

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scr import values
from scr.errors import ScrError

D = date


@pytest.mark.parametrize("typed, expected", [
    ("2014-08-07", D(2014, 8, 7)),
    ("7/8/2014", D(2014, 8, 7)),        # day first: 7 August, never 8 July
    ("07/08/2014", D(2014, 8, 7)),
    ("3/1/2012", D(2012, 1, 3)),
    ("13/1/2012", D(2012, 1, 13)),
    ("7.8.14", D(2014, 8, 7)),
    ("7-8-2014", D(2014, 8, 7)),
    ("7 August 2014", D(2014, 8, 7)),
    ("7 Aug 2014", D(2014, 8, 7)),      # what scr shows can be typed back
    ("7th August 2014", D(2014, 8, 7)),
    ("1st Sept 2014", D(2014, 9, 1)),
    ("  7   AUGUST   2014 ", D(2014, 8, 7)),
    ("29/2/2012", D(2012, 2, 29)),
    ("1/1/68", D(2068, 1, 1)),          # two-digit years: 00-68 are 2000-2068
    ("1/1/69", D(1969, 1, 1)),          # 69-99 are 1969-1999
])
def test_typed_dates_are_read_day_first(typed, expected):
    assert values.parse_date(typed) == expected


@pytest.mark.parametrize("typed, message", [
    ("31/02/2013", "not a real date"),
    ("29/2/2013", "not a real date"),
    ("1/13/2013", "not a real date"),    # no month 13: never read as 13 January, month first
    ("32 Jan 2013", "not a real date"),
    ("3 Marchh 2013", "unknown month"),
    ("yesterday", "D/M/YYYY"),
    ("", "D/M/YYYY"),
    ("2013/01/02", "D/M/YYYY"),
])
def test_a_date_that_cannot_be_read_is_refused_naming_it(typed, message):
    with pytest.raises(ScrError) as caught:
        values.parse_date(typed, "--date")
    assert message in str(caught.value)
    assert str(caught.value).startswith("--date")  # the option is named
    if typed:
        assert typed in str(caught.value)


@pytest.mark.parametrize("typed, expected, precision", [
    ("March 2013", D(2013, 3, 1), "month"),
    ("Mar 2013", D(2013, 3, 1), "month"),
    ("mar. 2013", D(2013, 3, 1), "month"),
    ("2013", D(2013, 1, 1), "year"),
    ("3 March 2013", D(2013, 3, 3), "day"),
])
def test_partial_dates_keep_their_precision(typed, expected, precision):
    assert values.parse_partial(typed) == (expected, precision)


@pytest.mark.parametrize("typed", ["March 2013", "Mar 2013", "2013"])
def test_a_partial_date_is_refused_where_a_whole_date_is_needed(typed):
    with pytest.raises(ScrError, match="not a whole date"):
        values.parse_date(typed, "--due")


@pytest.mark.parametrize("day, shown", [
    (D(2014, 8, 7), "7 Aug 2014"),
    (D(2013, 3, 1), "1 Mar 2013"),
    (D(2026, 12, 28), "28 Dec 2026"),
    ("2014-08-07", "7 Aug 2014"),  # an ISO date as stored by scr
])
def test_a_date_is_shown_day_first_with_the_short_month(day, shown):
    assert values.show(day) == shown


def test_stored_dates_are_iso():
    assert values.iso(D(2014, 8, 7)) == "2014-08-07"
    assert values.from_iso("2014-08-07") == D(2014, 8, 7)
    assert values.iso(None) is None and values.from_iso(None) is None


days = st.dates(min_value=D(1969, 1, 1), max_value=D(2068, 12, 31))


@settings(max_examples=200, deadline=None)
@given(days)
def test_every_form_a_person_types_reads_back_the_same_day(day):
    for typed in (day.isoformat(), f"{day.day}/{day.month}/{day.year}", f"{day.day:02d}.{day.month:02d}.{day.year % 100:02d}",
                  day.strftime("%d %B %Y"), values.show(day)):
        assert values.parse_date(typed) == day, typed


@settings(max_examples=100, deadline=None)
@given(days)
def test_a_month_and_year_is_the_first_of_the_month(day):
    assert values.parse_partial(day.strftime("%B %Y")) == (day.replace(day=1), "month")
    assert values.parse_partial(day.strftime("%b %Y")) == (day.replace(day=1), "month")


# The partial display form, where a person reads it: a chronology entry of a month only, in a
# message and in the merged chronology. (Fails until every message shows "Mar 2013", issue 11.)

def test_a_partial_date_is_shown_as_mar_2013(ws_path, run, tmp_path):
    assert run("new", "scr", "--ref", "r1", "--title", "T", "--subject", "Child F").exit_code == 0
    source = tmp_path / "police.csv"
    source.write_text("Date,Event\nMarch 2099,Strategy discussion\n", encoding="utf-8")
    refused = run("chronology", "add", "r1", "Metropolitan Police", source)  # a date in the future
    assert refused.exit_code == 1
    assert "Mar 2099" in refused.stderr and "March 2099" not in refused.stderr, refused.stderr
    source.write_text("Date,Event\nMarch 2012,Strategy discussion\n", encoding="utf-8")
    assert run("chronology", "add", "r1", "Metropolitan Police", source).exit_code == 0
    out = tmp_path / "merged.md"
    assert run("chronology", "merge", "r1", "-o", out).exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert "Mar 2012" in text and "March 2012" not in text
