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


# --- the shipped table of bank holidays ---------------------------------------------------------

import json  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

from scr.timescales import workdays  # noqa: E402

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "bank_holidays.py"
SHIPPED = workdays.TABLE


def edited_table(tmp_path, add=(), remove=()):
    """A copy of the shipped table with England and Wales's holidays edited: ADD and REMOVE dates."""
    data = json.loads(SHIPPED.read_text(encoding="utf-8"))
    eng = data["regions"]["ENG"]
    for day in add:
        eng[str(day.year)] = sorted(set(eng.get(str(day.year), [])) | {day.isoformat()})
    for day in remove:
        eng[str(day.year)].remove(day.isoformat())
    path = tmp_path / f"bank_holidays-{len(list(tmp_path.glob('bank_holidays-*')))}.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.fixture
def table_at(monkeypatch):
    """Point scr at another table (the caches emptied before and after)."""
    def point(path):
        monkeypatch.setattr(workdays, "TABLE", path)
        workdays.shipped_table.cache_clear()
        workdays.bank_holidays.cache_clear()

    yield point
    workdays.shipped_table.cache_clear()
    workdays.bank_holidays.cache_clear()


def test_the_table_decides_the_deadline_for_its_years(tmp_path, table_at):
    """A holiday only the table has moves the deadline; one only the package has does not."""
    cal = WorkingCalendar("england-and-wales")
    assert cal.working_days_after(D(2014, 5, 2), 3) == D(2014, 5, 8)  # Monday 5 May is a holiday
    table_at(edited_table(tmp_path, add=[D(2014, 5, 6)], remove=[D(2014, 5, 5)]))
    assert cal.working_days_after(D(2014, 5, 2), 3) == D(2014, 5, 8)  # 5 May works, 6 May does not
    assert cal.is_working_day(D(2014, 5, 5)) and not cal.is_working_day(D(2014, 5, 6))
    assert D(2014, 5, 5) in workdays.package_bank_holidays("ENG", 2014)  # the package still says so
    table_at(edited_table(tmp_path, add=[D(2014, 5, 6)]))
    assert cal.working_days_after(D(2014, 5, 2), 3) == D(2014, 5, 9)


def test_a_statutory_deadline_follows_the_table(tmp_path, table_at, ws_path, run):
    """Through the command line: `scr show` moves a working-day deadline by the table's fake holiday."""
    # WT2015 (five working days for the incident notification): WT2013's have no fixed period
    assert run("new", "scr", "--ref", "r1", "--title", "T", "--subject", "Child F",
               "--aware", "2016-05-03").exit_code == 0

    def dues():
        result = run("show", "r1", "--json")
        assert result.exit_code == 0, result.stderr
        return {m["milestone"]: m["due"] for m in json.loads(result.stdout)["milestones"]}

    before = dues()
    table_at(edited_table(tmp_path, add=[D(2016, 5, 4), D(2016, 5, 5), D(2016, 5, 6)]))
    after = dues()
    moved = {name for name in before if before[name] != after[name]}
    assert moved, f"no deadline moved with three more holidays in May 2016: {before}"
    assert (before["incident-notification"], after["incident-notification"]) == ("2016-05-10", "2016-05-13")


def test_the_table_serves_whatever_holidays_version_is_installed(tmp_path):
    """With the package's version changed, or the package gone, the covered years still come from
    the table; only a year outside it needs the package (and fails plainly without it)."""
    code = ("import sys\nsys.modules['holidays'] = None\n"  # an import of holidays now fails
            "from datetime import date\nfrom scr.timescales import workdays\n"
            "workdays.installed_holidays_version = lambda: '99.0'\n"
            "print(date(2026, 12, 28) in workdays.bank_holidays('england-and-wales', 2026))\n"
            "print(date(2045, 11, 30) in workdays.bank_holidays('scotland', 2045))\n"
            "try:\n    workdays.bank_holidays('scotland', 2046)\nexcept ImportError:\n    print('needs the package')\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.split("\n")[:3] == ["True", "True", "needs the package"], out.stderr


def test_holidays_package_imported_only_outside_the_table():
    code = ("import sys\nfrom datetime import date\nfrom scr.timescales.workdays import WorkingCalendar\n"
            "cal = WorkingCalendar('scotland')\ncal.add_working_days(date(2026, 12, 24), 5)\n"
            "print('holidays' in sys.modules)\ncal.add_working_days(date(2050, 12, 24), 5)\n"
            "print('holidays' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.split() == ["False", "True"], out.stderr


def test_outside_the_table_the_package_answers():
    table = workdays.shipped_table()
    assert (table.first_year, table.last_year) == (2000, 2045)
    assert D(1999, 12, 31) in workdays.bank_holidays("england-and-wales", 1999)  # millennium holiday
    assert D(2050, 12, 26) in workdays.bank_holidays("scotland", 2050)


def test_compare_names_the_dates_that_differ(tmp_path):
    table = workdays.read_table(edited_table(tmp_path, add=[D(2014, 5, 6)], remove=[D(2014, 12, 25)]))
    differences = workdays.compare_with_package(table)
    assert differences["england-and-wales"] == {"only_in_table": [D(2014, 5, 6)],
                                                "only_in_package": [D(2014, 12, 25)]}


def test_check_holidays_prints_the_differences_and_exits_0(tmp_path):
    """`make check-holidays` (scripts/bank_holidays.py --check): a change upstream never fails CI."""
    path = edited_table(tmp_path, add=[D(2014, 5, 6)], remove=[D(2014, 12, 25)])
    out = subprocess.run([sys.executable, str(SCRIPT), "--check", "--table", str(path)],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    section = out.stdout.split("england-and-wales:")[1]
    assert "2014-05-06" in section and "2014-12-25" in section
    assert "wales:\n" not in out.stdout.replace("england-and-wales:\n", "")  # Wales's dates are untouched


def test_the_refreshed_table_round_trips(tmp_path):
    """scripts/bank_holidays.py writes a table scr reads back, with the installed package's dates."""
    path = tmp_path / "fresh.json"
    out = subprocess.run([sys.executable, str(SCRIPT), "--table", str(path)], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    fresh = workdays.read_table(path)
    assert (fresh.first_year, fresh.last_year) == (2000, 2045)
    assert fresh.days("SCT", 2026) == workdays.package_bank_holidays("SCT", 2026)
    assert workdays.compare_with_package(fresh) == {}


def test_a_damaged_table_is_refused_by_name(tmp_path):
    path = tmp_path / "bank_holidays.json"
    path.write_text('{"first_year": 2000}', encoding="utf-8")
    with pytest.raises(ScrError, match="bank_holidays.json"):
        workdays.read_table(path)
