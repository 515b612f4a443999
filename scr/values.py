"""The values scr checks and shows, each decided once: refs and slugs, event kinds, text a person
typed (blank refused, no control characters), file-name parts, and dates (read day first, shown
"7 Aug 2014", partial "Mar 2013").

Dates typed by a person: day first, always.

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
from datetime import date, datetime, timezone

from scr.errors import DateError, ScrError

# -- refs and slugs ------------------------------------------------------------------------------

SLUG = r"[a-z0-9][a-z0-9-]{0,63}"
SLUG_PATTERN = re.compile(SLUG)


def is_slug(text):
    return isinstance(text, str) and SLUG_PATTERN.fullmatch(text) is not None


def check_slug(text, what="ref"):
    """Refs and slugs: ``^[a-z0-9][a-z0-9-]{0,63}$``, checked before any path is built."""
    if not is_slug(text):
        raise ScrError(
            f"invalid {what} {text!r}: use 1-64 lower-case letters, digits and hyphens,"
            " starting with a letter or digit (e.g. 2013-child-f)"
        )
    return text


def slug_of(text, fallback="file"):
    """A slug made from free text (an agency's or subject's name): "Children's Social Care" ->
    childrens-social-care. Apostrophes vanish, so the word stays whole."""
    text = re.sub(r"['\u2019]", "", str(text).casefold())
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or fallback


# -- event kinds ---------------------------------------------------------------------------------

NOTIFY = "notify"
_KIND = re.compile(rf"{SLUG}|{NOTIFY}:{SLUG}(?::{SLUG})?")


def is_event_kind(text):
    """True for an event kind: a slug, or ``notify:RECIPIENT`` / ``notify:RECIPIENT:PURPOSE``."""
    return isinstance(text, str) and _KIND.fullmatch(text) is not None


def is_notification(kind):
    return isinstance(kind, str) and kind.startswith(NOTIFY + ":")


def check_event_kind(kind):
    """An event kind is a slug, or notify:RECIPIENT[:PURPOSE] with slug parts."""
    if not isinstance(kind, str) or not kind:
        raise ScrError("an event kind is needed")
    parts = kind.split(":")
    if parts[0] == NOTIFY and 2 <= len(parts) <= 3:
        for part in parts[1:]:
            check_slug(part, "slug")
        return kind
    return check_slug(kind, "event kind")


def notification_kind(recipient, purpose=None):
    """The event kind of a notification: ``notify:RECIPIENT`` or ``notify:RECIPIENT:PURPOSE``."""
    check_slug(recipient, "recipient")
    if purpose is not None:
        check_slug(purpose, "purpose")
        return f"{NOTIFY}:{recipient}:{purpose}"
    return f"{NOTIFY}:{recipient}"


def notification_parts(kind):
    """``(recipient, purpose)`` of a notification kind (purpose None where not given)."""
    parts = kind.split(":")
    return parts[1], parts[2] if len(parts) > 2 else None


# -- text ----------------------------------------------------------------------------------------

# Characters XML (so Word and Excel files) cannot hold: C0 controls other than tab and line breaks.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Characters Windows forbids in a file name, and control characters.
_UNSAFE_NAME = re.compile(r'[<>:"/\\|?*\x00-\x1f]')


def check_text(value, what):
    """Text a person typed: refused where it holds a control character, which no Word or Excel file
    can carry (it would fail only later, when a letter, report or spreadsheet is written)."""
    if isinstance(value, str) and (found := _CONTROL.search(value)):
        raise ScrError(f"{what} holds a control character ({found.group()!r}): use plain text")
    return value


def text(value, what, required=True):
    """Text a person typed, stripped: blank is refused (None is refused too where ``required``,
    and passes as None where not), and so is a control character."""
    if value is None and not required:
        return None
    if value is None or not str(value).strip():
        raise ScrError(f"{what} must not be blank")
    return check_text(str(value).strip(), what)


def optional_text(value):
    """Text that may be left out: blank is the same as nothing."""
    if value is None:
        return None
    return str(value).strip() or None


def strip_control(text):
    """Text read from someone else's file, without the control characters no document can hold."""
    return _CONTROL.sub("", text) if isinstance(text, str) else text


def safe_filename(name):
    """A file name with no character Windows forbids (``:`` included)."""
    cleaned = _UNSAFE_NAME.sub("-", name).strip(" .")
    return cleaned or "file"


# -- timestamps ----------------------------------------------------------------------------------


def now():
    """The moment, in UTC: every timestamp scr records is UTC with "+00:00", wherever it runs."""
    return datetime.now(timezone.utc)


def timestamp():
    """``2026-12-01T08:50:10+00:00``: the audit trail, action history, lock holders."""
    return now().isoformat(timespec="seconds")


# -- dates ---------------------------------------------------------------------------------------

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


_SHORT_MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


def _as_date(value):
    return date.fromisoformat(value[:10]) if isinstance(value, str) else value


def show(value, precision=DAY, empty="-"):
    """The one display form of a date: ``7 Aug 2014``; partial ``Mar 2013`` or ``2013``.

    Month names are written here, not by strftime, so the locale cannot change them. ``empty`` is
    what nothing (None or "") is shown as."""
    if value in (None, ""):
        return empty
    value = _as_date(value)
    if precision == YEAR:
        return str(value.year)
    if precision == MONTH:
        return f"{_SHORT_MONTHS[value.month - 1]} {value.year}"
    return f"{value.day} {_SHORT_MONTHS[value.month - 1]} {value.year}"
