"""Working-day and calendar arithmetic: the one module that does it (CLI.md, "Timescale frameworks").

- **N working days after D**: the Nth day after D that is not a Saturday, not a Sunday, not a bank
  holiday of the region, and not a closure day. D itself is not counted. **N working days before D**
  counts backwards the same way.
- **N days**: D plus N calendar days. **N months**: the same day of the month N months later, or
  that month's last day where the month is shorter. Calendar results are not moved off weekends or
  holidays.

Bank holidays (England and Wales, Wales, Scotland, Northern Ireland) come from the table shipped in
``data/bank_holidays.json`` for the years it covers, whatever ``holidays`` version is installed; the
``holidays`` package is imported (lazily) only for a year outside the table. No guidance defines "working day" for these
duties: this rule is scr's choice (see docs/timescales.md).
"""

import calendar as _calendar
import json
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

from scr.errors import ScrError

#: scr.toml ``[calendar] region`` -> the ``holidays`` package's UK subdivision code.
REGIONS = {
    "england-and-wales": "ENG",
    "wales": "WLS",
    "scotland": "SCT",
    "northern-ireland": "NIR",
}

UNITS = ("working_days", "days", "months")

_ONE_DAY = timedelta(days=1)


def check_region(region):
    """Return REGION's subdivision code, or raise naming the regions that exist."""
    try:
        return REGIONS[region]
    except (KeyError, TypeError):
        known = ", ".join(f'"{name}"' for name in REGIONS)
        raise ScrError(f'unknown calendar region "{region}" in scr.toml (use one of {known})') from None


#: The shipped table of bank holidays: the one source for every year it covers, whatever version
#: of the ``holidays`` package is installed, so that an upgrade never silently changes a statutory
#: deadline. Written by ``scripts/bank_holidays.py``; ``make check-holidays`` compares it with the
#: installed package.
TABLE = Path(__file__).parent / "data" / "bank_holidays.json"


def installed_holidays_version():
    """The installed ``holidays`` package's version, read from its dist-info without importing it."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("holidays")
    except PackageNotFoundError:
        return None


class HolidayTable:
    """A saved table of bank holidays: each region's dates for the years FIRST_YEAR..LAST_YEAR."""

    def __init__(self, data, path=None):
        try:
            self.first_year, self.last_year = int(data["first_year"]), int(data["last_year"])
            self.source = data.get("holidays_version")
            self.regions = {
                subdiv: {int(year): frozenset(date.fromisoformat(day) for day in days)
                         for year, days in data["regions"][subdiv].items()}
                for subdiv in REGIONS.values()
            }
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ScrError(f"the bank holiday table {path or TABLE} is damaged ({exc!r}): "
                           "reinstall scr or run scripts/bank_holidays.py") from None

    def covers(self, year):
        return self.first_year <= year <= self.last_year

    def days(self, subdiv, year):
        # A year the table covers with no entry has no bank holidays in that region.
        return self.regions[subdiv].get(year, frozenset())


def read_table(path=None):
    """The table saved at PATH (the shipped one by default)."""
    path = Path(path or TABLE)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ScrError(f"cannot read the bank holiday table {path}: {exc}") from None
    return HolidayTable(data, path)


@lru_cache(maxsize=None)
def shipped_table():
    """The shipped table, read once per process."""
    return read_table(TABLE)


def package_bank_holidays(subdiv, year):
    """The bank holidays of a UK subdivision in YEAR, straight from the ``holidays`` package."""
    import holidays  # heavy (a fifth of a second): only for a year the table does not cover

    return frozenset(holidays.UK(subdiv=subdiv, years=[year]).keys())


@lru_cache(maxsize=None)
def bank_holidays(region, year):
    """The bank holidays of REGION in YEAR, substitute days included, as a frozenset of dates: from
    the shipped table for the years it covers, from the ``holidays`` package for any other year."""
    subdiv = check_region(region)
    table = shipped_table()
    if table.covers(year):
        return table.days(subdiv, year)
    return package_bank_holidays(subdiv, year)


def build_table(first_year, last_year):
    """A table's content from the installed ``holidays`` package: every region's bank holidays for
    each year of the span (what ``scripts/bank_holidays.py`` saves)."""
    import holidays

    regions = {}
    for subdiv in REGIONS.values():
        days = holidays.UK(subdiv=subdiv, years=range(first_year, last_year + 1)).keys()
        by_year = {str(year): [] for year in range(first_year, last_year + 1)}
        for day in sorted(days):
            by_year[str(day.year)].append(day.isoformat())
        regions[subdiv] = by_year
    return {"holidays_version": installed_holidays_version(), "first_year": first_year,
            "last_year": last_year, "regions": regions}


def compare_with_package(table=None):
    """How the installed ``holidays`` package differs from TABLE (the shipped one by default), for
    the years the table covers: {region: {"only_in_table": [dates], "only_in_package": [dates]}},
    only the regions that differ."""
    table = table or shipped_table()
    fresh = HolidayTable(build_table(table.first_year, table.last_year))
    differences = {}
    for region, subdiv in REGIONS.items():
        saved, upstream = set(), set()
        for year in range(table.first_year, table.last_year + 1):
            saved |= table.days(subdiv, year)
            upstream |= fresh.days(subdiv, year)
        if saved != upstream:
            differences[region] = {"only_in_table": sorted(saved - upstream),
                                   "only_in_package": sorted(upstream - saved)}
    return differences


class WorkingCalendar:
    """The working days of one region, less a board's closure days."""

    def __init__(self, region="england-and-wales", closures=()):
        check_region(region)
        self.region = region
        self.closures = frozenset(closures)

    def __repr__(self):
        return f"WorkingCalendar({self.region!r}, closures={sorted(self.closures)!r})"

    def is_holiday(self, day):
        return day in bank_holidays(self.region, day.year)

    def is_working_day(self, day):
        return day.weekday() < 5 and day not in self.closures and not self.is_holiday(day)

    def add_working_days(self, start, n):
        """The Nth working day after START (N > 0), or before it (N < 0); START itself not counted.

        N = 0 gives START unchanged.
        """
        step = _ONE_DAY if n >= 0 else -_ONE_DAY
        day = start
        for _ in range(abs(n)):
            day += step
            while not self.is_working_day(day):
                day += step
        return day

    def working_days_after(self, start, n):
        return self.add_working_days(start, n)

    def working_days_before(self, start, n):
        return self.add_working_days(start, -n)

    def shift(self, start, n, unit):
        """START moved N units (``working_days``, ``days`` or ``months``); negative N goes back."""
        if unit == "working_days":
            return self.add_working_days(start, n)
        if unit == "days":
            return add_days(start, n)
        if unit == "months":
            return add_months(start, n)
        raise ScrError(f'unknown unit "{unit}" (use one of {", ".join(UNITS)})')


def add_days(start, n):
    """START plus N calendar days (N may be negative)."""
    return start + timedelta(days=n)


def add_months(start, n):
    """The same day of the month N months later (earlier where N < 0), or that month's last day."""
    index = start.year * 12 + (start.month - 1) + n
    year, month = divmod(index, 12)
    month += 1
    last = _calendar.monthrange(year, month)[1]
    return date(year, month, min(start.day, last))


def for_workspace(ws):
    """The working calendar of a workspace: its ``[calendar]`` region and closure days."""
    return WorkingCalendar(ws.region, ws.closures)
