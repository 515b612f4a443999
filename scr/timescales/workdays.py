"""Working-day and calendar arithmetic: the one module that does it (CLI.md, "Timescale frameworks").

- **N working days after D**: the Nth day after D that is not a Saturday, not a Sunday, not a bank
  holiday of the region, and not a closure day. D itself is not counted. **N working days before D**
  counts backwards the same way.
- **N days**: D plus N calendar days. **N months**: the same day of the month N months later, or
  that month's last day where the month is shorter. Calendar results are not moved off weekends or
  holidays.

Bank holidays come from the ``holidays`` package (England and Wales, Wales, Scotland, Northern
Ireland), imported lazily so that ``scr --help`` and ``scr status`` stay fast; each region's
holidays are computed once per year and cached. No guidance defines "working day" for these
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


#: The bank holidays the installed ``holidays`` package gives, saved for a span of years by
#: ``scripts/bank_holidays.py`` so that a command need not import the package (a fifth of a second).
#: Used only while the installed package is the version that wrote it; otherwise, and for years
#: outside the span, the package itself is asked.
TABLE = Path(__file__).parent / "data" / "bank_holidays.json"


def installed_holidays_version():
    """The installed ``holidays`` package's version, read from its dist-info without importing it."""
    import importlib.util

    spec = importlib.util.find_spec("holidays")
    if spec is None or not spec.origin:
        return None
    found = sorted(Path(spec.origin).parent.parent.glob("holidays-*.dist-info"))
    if len(found) != 1:
        return None
    return found[0].name[len("holidays-"):-len(".dist-info")]


@lru_cache(maxsize=None)
def _table():
    try:
        data = json.loads(TABLE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("holidays_version") != installed_holidays_version():
        return None
    return data


def package_bank_holidays(subdiv, year):
    """The bank holidays of a UK subdivision in YEAR, straight from the ``holidays`` package."""
    import holidays  # heavy: only when a working day is counted and the saved table cannot serve

    return frozenset(holidays.UK(subdiv=subdiv, years=[year]).keys())


@lru_cache(maxsize=None)
def bank_holidays(region, year):
    """The bank holidays of REGION in YEAR, substitute days included, as a frozenset of dates."""
    subdiv = check_region(region)
    table = _table()
    if table and table["first_year"] <= year <= table["last_year"]:
        return frozenset(date.fromisoformat(day) for day in table["regions"][subdiv].get(str(year), []))
    return package_bank_holidays(subdiv, year)


def build_table(first_year, last_year):
    """The saved table's content: every region's bank holidays for each year of the span."""
    import holidays

    regions = {}
    for subdiv in REGIONS.values():
        days = holidays.UK(subdiv=subdiv, years=range(first_year, last_year + 1)).keys()
        by_year = {}
        for day in sorted(days):
            by_year.setdefault(str(day.year), []).append(day.isoformat())
        regions[subdiv] = by_year
    return {"holidays_version": installed_holidays_version(), "first_year": first_year,
            "last_year": last_year, "regions": regions}


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
