"""Dates typed by a person: day first, always.

Accepted (CLI.md, "Dates typed by a person"): ISO ``YYYY-MM-DD``; ``D/M/YYYY`` and ``D/M/YY`` with
``/``, ``.`` or ``-`` between; ``3 March 2013``, ``3rd March 2013``, ``3 Mar 2013``, and (1.1) a
month word between day and year with ``-`` or spaces and a two-digit year (``12-Oct-2013``,
``12 Oct 13``, ``22-may-12``), or before the day (``October 3, 2013``, ``Thursday, October 3,
2013``: a month word makes month first unambiguous; a weekday given must be that date's). Numbers
alone are always day first. Two-digit years 00-68 are 2000-2068, 69-99 are 1969-1999. Partial
dates (``March 2013``, ``Mar 2013``, ``2013-10``, ``2013``) are read only where a precision is
wanted (chronology entries).
"""

import re
from datetime import date, datetime

from scr.errors import ScrError

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}

WEEKDAYS = {
    name: number
    for number, names in enumerate(
        [("monday", "mon"), ("tuesday", "tue", "tues"), ("wednesday", "wed"),
         ("thursday", "thu", "thur", "thurs"), ("friday", "fri"), ("saturday", "sat"),
         ("sunday", "sun")]
    )
    for name in names
}

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_ISO_MONTH = re.compile(r"(\d{4})-(\d{1,2})")
_NUMERIC = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})")
_WEEKDAY = r"(?:([a-z]+)\.?,?\s+)?"
# A month word between day and year: 3 March 2013, 3rd Mar 2013, 12-Oct-2013, 12 Oct 13, 22-may-12.
_WORDS = re.compile(_WEEKDAY + r"(\d{1,2})(?:st|nd|rd|th)?(?:\s+|\s*[-/.]\s*)([a-z]+)\.?,?"
                    r"(?:\s+|\s*[-/.]\s*)(\d{4}|\d{2})")
# A month word before the day (unambiguous, so read as written): October 3, 2013; Thursday, October 3, 2013.
_MONTH_FIRST = re.compile(_WEEKDAY + r"([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})")
_MONTH_YEAR = re.compile(r"([a-z]+)\.?,?(?:\s+|\s*[-/]\s*)(\d{4})")
_YEAR = re.compile(r"(\d{4})")

DAY, MONTH, YEAR = "day", "month", "year"


class DateError(ScrError):
    """A date that could not be read, or that does not exist (31/02/2013)."""


def _year(text):
    if len(text) == 4:
        return int(text)
    two = int(text)
    return 2000 + two if two <= 68 else 1900 + two


def _make(year, month, day, original):
    try:
        return date(year, month, day)
    except ValueError:
        raise DateError(f"'{original}' is not a real date") from None


def _month(name, original):
    number = MONTHS.get(name)
    if number is None:
        raise DateError(f"cannot read the date '{original}': unknown month '{name}'")
    return number


def _weekday(name, day, original):
    """A weekday written before a date must be a weekday, and that date's."""
    if name is None:
        return day
    number = WEEKDAYS.get(name)
    if number is None:
        raise DateError(f"cannot read the date '{original}': '{name}' is not a day of the week")
    if day.weekday() != number:
        raise DateError(f"'{original}': {show(day)} is a {day.strftime('%A')}, not a {name.title()}")
    return day


def parse_partial(text, months=True):
    """Read a typed date that may be partial. Returns ``(date, precision)``.

    ``precision`` is ``"day"``, ``"month"`` or ``"year"``; a partial date is the first day of its
    month or year. ``months``: also ``2013-10`` (precision month), as agencies' files write it.
    """
    original = text
    if not isinstance(text, str):
        raise DateError(f"cannot read the date {text!r}")
    text = " ".join(text.strip().lower().split())
    if m := _ISO.fullmatch(text):
        return _make(int(m[1]), int(m[2]), int(m[3]), original), DAY
    if m := _NUMERIC.fullmatch(text):
        return _make(_year(m[4]), int(m[3]), int(m[1]), original), DAY
    if m := _WORDS.fullmatch(text):
        day = _make(_year(m[4]), _month(m[3], original), int(m[2]), original)
        return _weekday(m[1], day, original), DAY
    if m := _MONTH_FIRST.fullmatch(text):
        day = _make(int(m[4]), _month(m[2], original), int(m[3]), original)
        return _weekday(m[1], day, original), DAY
    if months and (m := _ISO_MONTH.fullmatch(text)):
        return _make(int(m[1]), int(m[2]), 1, original), MONTH
    if m := _MONTH_YEAR.fullmatch(text):
        return _make(int(m[2]), _month(m[1], original), 1, original), MONTH
    if m := _YEAR.fullmatch(text):
        return _make(int(m[1]), 1, 1, original), YEAR
    raise DateError(
        f"cannot read the date '{original}': use YYYY-MM-DD, D/M/YYYY (day first) or '3 March 2013'"
    )


def parse_date(text, what="date"):
    """Read a full typed date (day precision). A partial date is an error."""
    if isinstance(text, datetime):
        return text.date()
    if isinstance(text, date):
        return text
    try:
        value, precision = parse_partial(text)
    except DateError as exc:
        raise DateError(f"{what}: {exc}") from None
    if precision != DAY:
        raise DateError(f"{what} '{text}' is not a whole date: give the day too, e.g. 3/3/2013")
    return value


def iso(value):
    """ISO string for JSON, or None."""
    return value.isoformat() if value else None


def from_iso(text):
    """Read an ISO date stored by scr itself (None stays None)."""
    return date.fromisoformat(text) if text else None


def show(value):
    """A date as a person reads it here: day first, e.g. ``3 Mar 2013``."""
    if value is None:
        return "-"
    if isinstance(value, str):
        value = date.fromisoformat(value)
    return f"{value.day} {value.strftime('%b %Y')}"
