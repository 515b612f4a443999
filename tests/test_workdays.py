"""Working-day arithmetic (scr/workdays.py): table tests and hypothesis properties."""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scr.errors import ScrError
from scr.timescales.workdays import REGIONS, WorkingCalendar, add_days, add_months

D = date

# (region, start, n, expected): N working days after START (negative N: before).
WORKING_DAYS = [
    # Christmas and New Year 2026: Christmas Friday, Boxing Day Saturday -> substitute Monday 28th.
    ("england-and-wales", D(2026, 12, 24), 1, D(2026, 12, 29)),
    ("england-and-wales", D(2026, 12, 24), 5, D(2027, 1, 5)),
    ("wales", D(2026, 12, 24), 5, D(2027, 1, 5)),
    ("northern-ireland", D(2026, 12, 24), 1, D(2026, 12, 29)),
    # Scotland: 2 January 2027 is a Saturday, its substitute is Monday 4 January.
    ("scotland", D(2026, 12, 24), 5, D(2027, 1, 6)),
    ("england-and-wales", D(2027, 1, 5), -7, D(2026, 12, 22)),
    ("england-and-wales", D(2026, 12, 29), -1, D(2026, 12, 24)),
    # Scotland's 2 January 2026 (a Friday).
    ("scotland", D(2025, 12, 31), 1, D(2026, 1, 5)),
    ("england-and-wales", D(2025, 12, 31), 1, D(2026, 1, 2)),
    # Easter 2026: Good Friday 3 April, Easter Monday 6 April (not a holiday in Scotland).
    ("england-and-wales", D(2026, 4, 2), 1, D(2026, 4, 7)),
    ("scotland", D(2026, 4, 2), 1, D(2026, 4, 6)),
    ("england-and-wales", D(2026, 4, 7), -1, D(2026, 4, 2)),
    # Easter 2013 (Good Friday 29 March, Easter Monday 1 April).
    ("england-and-wales", D(2013, 3, 27), 5, D(2013, 4, 5)),
    # Late May bank holiday, 25 May 2026.
    ("england-and-wales", D(2026, 5, 22), 1, D(2026, 5, 26)),
    # August: 31 August 2026 in England and Wales, 3 August 2026 in Scotland.
    ("england-and-wales", D(2026, 8, 28), 1, D(2026, 9, 1)),
    ("scotland", D(2026, 8, 28), 1, D(2026, 8, 31)),
    ("scotland", D(2026, 7, 31), 1, D(2026, 8, 4)),
    ("england-and-wales", D(2026, 7, 31), 1, D(2026, 8, 3)),
    # St Andrew's Day, Monday 30 November 2026, Scotland only.
    ("scotland", D(2026, 11, 27), 1, D(2026, 12, 1)),
    ("england-and-wales", D(2026, 11, 27), 1, D(2026, 11, 30)),
    # St Patrick's Day, Tuesday 17 March 2026, Northern Ireland only.
    ("northern-ireland", D(2026, 3, 16), 1, D(2026, 3, 18)),
    ("england-and-wales", D(2026, 3, 16), 1, D(2026, 3, 17)),
    # 29 February 2024 is a working day.
    ("england-and-wales", D(2024, 2, 28), 1, D(2024, 2, 29)),
    ("england-and-wales", D(2024, 3, 1), -1, D(2024, 2, 29)),
    # A weekend start: D itself never counts.
    ("england-and-wales", D(2026, 11, 28), 1, D(2026, 11, 30)),
    ("england-and-wales", D(2026, 11, 28), 5, D(2026, 12, 4)),
    ("england-and-wales", D(2026, 11, 30), 0, D(2026, 11, 30)),
]


@pytest.mark.parametrize("region, start, n, expected", WORKING_DAYS)
def test_working_days(region, start, n, expected):
    assert WorkingCalendar(region).add_working_days(start, n) == expected


def test_closures_are_not_working_days():
    cal = WorkingCalendar("england-and-wales", [D(2026, 12, 29), D(2026, 12, 30)])
    assert cal.working_days_after(D(2026, 12, 24), 1) == D(2026, 12, 31)
    assert cal.working_days_before(D(2026, 12, 31), 1) == D(2026, 12, 24)
    assert not cal.is_working_day(D(2026, 12, 29))


def test_boxing_day_substitute_is_a_holiday():
    cal = WorkingCalendar("england-and-wales")
    assert cal.is_holiday(D(2026, 12, 28))
    assert not cal.is_working_day(D(2026, 12, 26))


def test_unknown_region_refused():
    with pytest.raises(ScrError, match="unknown calendar region"):
        WorkingCalendar("mars")


# (start, n, expected): N months after START, month-end rule.
MONTHS = [
    (D(2013, 8, 31), 6, D(2014, 2, 28)),
    (D(2023, 8, 31), 6, D(2024, 2, 29)),
    (D(2024, 2, 29), 12, D(2025, 2, 28)),
    (D(2024, 2, 29), 48, D(2028, 2, 29)),
    (D(2025, 1, 31), 1, D(2025, 2, 28)),
    (D(2026, 4, 30), 1, D(2026, 5, 30)),
    (D(2026, 12, 15), 1, D(2027, 1, 15)),
    (D(2013, 12, 10), 6, D(2014, 6, 10)),
    (D(2026, 3, 31), -1, D(2026, 2, 28)),
    (D(2026, 1, 31), -2, D(2025, 11, 30)),
    # Calendar results are not moved off weekends or holidays: 25 December 2026 stays.
    (D(2026, 6, 25), 6, D(2026, 12, 25)),
]


@pytest.mark.parametrize("start, n, expected", MONTHS)
def test_months(start, n, expected):
    assert add_months(start, n) == expected


def test_days_are_calendar_days():
    assert add_days(D(2024, 2, 28), 1) == D(2024, 2, 29)
    assert add_days(D(2026, 12, 24), 2) == D(2026, 12, 26)  # a Saturday, not moved
    assert add_days(D(2027, 1, 5), -14) == D(2026, 12, 22)


def test_shift_by_unit():
    cal = WorkingCalendar()
    assert cal.shift(D(2026, 12, 24), 5, "working_days") == D(2027, 1, 5)
    assert cal.shift(D(2026, 12, 24), 5, "days") == D(2026, 12, 29)
    assert cal.shift(D(2026, 8, 31), 6, "months") == D(2027, 2, 28)
    with pytest.raises(ScrError):
        cal.shift(D(2026, 8, 31), 6, "weeks")


dates = st.dates(min_value=D(2005, 1, 1), max_value=D(2035, 12, 31))
regions = st.sampled_from(sorted(REGIONS))
counts = st.integers(min_value=0, max_value=60)


@settings(max_examples=150, deadline=None)
@given(regions, dates, st.integers(min_value=1, max_value=60))
def test_result_is_a_working_day(region, start, n):
    cal = WorkingCalendar(region)
    assert cal.is_working_day(cal.working_days_after(start, n))
    assert cal.is_working_day(cal.working_days_before(start, n))


@settings(max_examples=150, deadline=None)
@given(regions, dates, counts, counts)
def test_more_days_never_land_earlier(region, start, n, m):
    cal = WorkingCalendar(region)
    low, high = sorted((n, m))
    assert cal.working_days_after(start, low) <= cal.working_days_after(start, high)
    assert cal.working_days_before(start, low) >= cal.working_days_before(start, high)


@settings(max_examples=150, deadline=None)
@given(regions, dates, counts)
def test_forward_then_back_returns_to_a_working_day(region, start, n):
    cal = WorkingCalendar(region)
    while not cal.is_working_day(start):
        start += timedelta(days=1)
    assert cal.working_days_before(cal.working_days_after(start, n), n) == start


@settings(max_examples=150, deadline=None)
@given(regions, dates, st.integers(min_value=1, max_value=60))
def test_exactly_n_working_days_between(region, start, n):
    cal = WorkingCalendar(region)
    end = cal.working_days_after(start, n)
    between = [start + timedelta(days=i) for i in range(1, (end - start).days + 1)]
    assert sum(cal.is_working_day(day) for day in between) == n


@settings(max_examples=150, deadline=None)
@given(dates, st.integers(min_value=-120, max_value=120))
def test_months_keep_the_day_or_clamp_to_month_end(start, n):
    result = add_months(start, n)
    assert (result.year * 12 + result.month) - (start.year * 12 + start.month) == n
    assert result.day == start.day or (result.day < start.day and (result + timedelta(days=1)).day == 1)


# --- the saved table of bank holidays -----------------------------------------------------------

from scr.timescales import workdays  # noqa: E402


def test_saved_table_matches_the_installed_package():
    table = workdays._table()
    if table is None:
        pytest.skip("the installed holidays package is not the version that wrote the table: "
                    "run scripts/bank_holidays.py")
    for region, subdiv in REGIONS.items():
        for year in range(table["first_year"], table["last_year"] + 1):
            assert workdays.bank_holidays(region, year) == workdays.package_bank_holidays(subdiv, year), \
                (region, year)


def test_table_not_used_for_another_version_or_outside_its_span(monkeypatch):
    workdays.bank_holidays.cache_clear()
    workdays._table.cache_clear()
    monkeypatch.setattr(workdays, "installed_holidays_version", lambda: "0.0-not-this-one")
    try:
        assert workdays._table() is None
        assert D(2026, 12, 28) in workdays.bank_holidays("england-and-wales", 2026)
    finally:
        workdays.bank_holidays.cache_clear()
        workdays._table.cache_clear()
    assert D(1999, 12, 31) in workdays.bank_holidays("england-and-wales", 1999)  # millennium holiday
    assert D(2050, 12, 26) in workdays.bank_holidays("scotland", 2050)


def test_holidays_package_not_imported_when_the_table_serves():
    import subprocess
    import sys

    code = ("import sys\nfrom datetime import date\nfrom scr.timescales.workdays import WorkingCalendar, _table\n"
            "WorkingCalendar('scotland').add_working_days(date(2026, 12, 24), 5)\n"
            "print(_table() is not None, 'holidays' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.split()
    assert out == ["True", "False"] or out[0] == "False"
