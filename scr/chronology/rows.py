"""Find the header row of an agency's table and turn its rows into checked chronology entries.

The header row is the first row with a date column and an event column (CLI.md, "Chronologies").
Every row is checked; problems are collected, never stopped at, so one refusal names them all.
"""

import re
from datetime import date, datetime, time

from scr.errors import DateError
from scr.values import DAY, MONTH, YEAR, parse_partial, show, strip_control

HEADERS = {
    # CLI.md's headers first, then those of the common templates: Chronolator's special columns
    # (Date, Time, Source of Information) and local multi-agency chronology templates'.
    "date": ("Date", "Date of event", "Date/Time", "Date and time", "Date of contact",
             "Date of incident", "Event date", "Contact date", "Date of entry"),
    "time": ("Time", "Time of event", "Time of contact"),
    "event": ("Event", "Description", "Details", "Event details", "Contact/Event",
              "Event/Contact", "Details of event", "Details of contact", "Details of contact/event",
              "Description of event", "Event/Incident", "Incident", "Contact", "Summary",
              "Summary of event", "Narrative", "What happened", "Information",
              "Event/Contact details"),
    "source": ("Source", "Source document", "Record", "Source of information", "Information source",
               "Source of record", "Record reference", "Source/Reference", "Reference"),
    "significance": ("Significance", "Comment", "Analysis", "Relevance", "Comments",
                     "Analysis/Comment", "Comment/Analysis", "Significance/Analysis",
                     "Analysis/Significance", "Significance to the review", "Relevance to the review",
                     "Agency comment", "Reflection"),
    "practitioner": ("Practitioner", "Worker", "Staff", "Practitioner name", "Name of practitioner",
                     "Practitioner name and role", "Name and role", "Worker name", "Worker/Role",
                     "Professional", "Professional involved", "Staff member", "Author"),
}
FIELDS = tuple(HEADERS)
TEXT_FIELDS = ("event", "source", "significance", "practitioner")


def header_key(text):
    """A header as compared: case, spacing and punctuation ignored ('Date & time' is 'Date and
    time'; 'Event / contact' is 'Event/Contact')."""
    text = str(text).casefold().replace("&", " and ")
    return "".join(ch for ch in text if ch.isalnum())


_KNOWN = {header_key(h): field for field, headers in HEADERS.items() for h in headers}

_TIME = re.compile(r"(\d{1,2})(?:[:.](\d{2})(?:[:.](\d{2}))?)?\s*([ap]\.?m\.?)?")
_HHMM = re.compile(r"(\d{2})(\d{2})")
_TRAILING_TIME = re.compile(r"(.*?\S)(?:\s+|t)(\d{1,2}[:.]\d{2}(?:[:.]\d{2})?\s*(?:[ap]\.?m\.?)?)")


def header_columns(cells):
    """{field: column index} when ``cells`` is a header row, else None."""
    columns = {}
    for index, cell in enumerate(cells):
        if cell is None or not isinstance(cell, str):
            continue
        field = _KNOWN.get(header_key(cell))
        if field and field not in columns:
            columns[field] = index
    if "date" in columns and "event" in columns:
        return columns
    return None


def _blank(cell):
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _text(cell):
    if _blank(cell):
        return None
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    if isinstance(cell, datetime):
        cell = cell.date() if cell.time() == time() else cell
    if isinstance(cell, (date, datetime)):
        return show(cell) if type(cell) is date else cell.isoformat(sep=" ", timespec="minutes")

    return strip_control(str(cell)).strip()


def _clock(value):
    """'HH:MM' (or 'HH:MM:SS' where the seconds are not zero)."""
    if value.second:
        return f"{value.hour:02d}:{value.minute:02d}:{value.second:02d}"
    return f"{value.hour:02d}:{value.minute:02d}"


def parse_time(cell):
    """A time cell or typed time ('14:30', '2.30pm', '1430', '9am') as 'HH:MM', None if blank."""
    if _blank(cell):
        return None
    if isinstance(cell, datetime):
        return _clock(cell.time())
    if isinstance(cell, time):
        return _clock(cell)
    if isinstance(cell, float) and 0 <= cell < 1:  # a time cell without a time format
        seconds = round(cell * 86400)
        return _clock(time(seconds // 3600, seconds // 60 % 60, seconds % 60))
    text = str(cell).strip().lower()
    hour = minute = second = None
    if m := _HHMM.fullmatch(text):
        hour, minute, second = int(m[1]), int(m[2]), 0
    elif m := _TIME.fullmatch(text):
        hour, minute, second = int(m[1]), int(m[2] or 0), int(m[3] or 0)
        if m[2] is None and not m[4]:
            hour = None  # a bare number is not a time
        elif m[4]:
            if not 1 <= hour <= 12:
                hour = None
            else:
                hour = hour % 12 + (12 if m[4].startswith("p") else 0)
    if hour is None or hour > 23 or minute > 59 or second > 59:
        raise DateError(f"cannot read the time '{cell}': use 24-hour HH:MM, e.g. 14:30")
    return _clock(time(hour, minute, second))


def parse_date_cell(cell):
    """(date, precision, time or None) from a date cell or typed date. Raises DateError."""
    if isinstance(cell, datetime):
        when = cell.time()
        return cell.date(), DAY, (_clock(when) if when != time() else None)
    if isinstance(cell, date):
        return cell, DAY, None
    if isinstance(cell, time):
        raise DateError(f"the date cell holds only a time ({_clock(cell)})")
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        if float(cell).is_integer() and 1000 <= cell <= 9999:
            return date(int(cell), 1, 1), YEAR, None
        raise DateError(f"the date cell holds the number {cell:g}, not a date: format it as a date")
    text = str(cell).strip()
    found = _TRAILING_TIME.fullmatch(text.lower())
    if found:
        value, precision = parse_partial(text[: found.end(1)])
        return value, precision, parse_time(text[found.start(2) :])
    value, precision = parse_partial(text)
    return value, precision, None


def period_end(value, precision):
    """The last day a (possibly partial) date can stand for."""
    if precision == YEAR:
        return date(value.year, 12, 31)
    if precision == MONTH:
        following = date(value.year + value.month // 12, value.month % 12 + 1, 1)
        return date.fromordinal(following.toordinal() - 1)
    return value


def shown(value, precision):
    return show(value, precision)


def find_header(table):
    """Advance ``table`` to its header row: returns ``(columns, header N)`` or None."""
    found = find_header_row(table)
    return found[:2] if found else None


def find_header_row(table):
    """As :func:`find_header`, with the header's cells: ``(columns, N, cells)`` or None."""
    for number, cells in table:
        columns = header_columns(cells)
        if columns:
            return columns, number, cells
    return None


def ignored_columns(cells, columns):
    """The headings of a header row that scr does not read (named in a warning: an agency's
    'Officer' column is not dropped without a word)."""
    used = set(columns.values())
    return [str(cell).strip() for index, cell in enumerate(cells)
            if index not in used and not _blank(cell) and isinstance(cell, str)]


def check_rows(table, columns, name, today, scope_from=None, scope_to=None):
    """Check every row of ``table`` after its header (see :func:`find_header`).

    Returns ``(entries, problems, warnings)``. Each entry is a dict with ``date`` (ISO),
    ``precision``, ``time``, ``event``, ``source``, ``significance``, ``practitioner`` and ``row``
    (N); problems and warnings are ``'NAME row N: …'`` lines. Rows whose cells are all empty are
    passed over, and so are repeats of a header row.
    """
    entries, problems, warnings = [], [], []
    at_date = columns["date"]
    at_time = columns.get("time")
    texts = [(field, columns[field]) for field in TEXT_FIELDS if field in columns]
    for number, cells in table:
        if all(_blank(cell) for cell in cells):
            continue
        if header_columns(cells):
            continue  # the header again: a page break in a Word table, a header merged over two rows
        width = len(cells)
        cell = cells[at_date] if at_date < width else None
        where = f"{name} row {number}"
        entry = {field: None for field in FIELDS}
        for field, index in texts:
            entry[field] = _text(cells[index]) if index < width else None
        entry["row"] = number
        bad = False
        if _blank(cell):
            problems.append(f"{where}: the date is empty")
            bad = True
        else:
            try:
                value, precision, clock = parse_date_cell(cell)
            except DateError as exc:
                problems.append(f"{where}: {exc}")
                bad = True
            else:
                if value > today:
                    problems.append(
                        f"{where}: the date {shown(value, precision)} is in the future "
                        f"(today is {show(today)})"
                    )
                    bad = True
                else:
                    if scope_from and period_end(value, precision) < scope_from:
                        warnings.append(
                            f"{where}: {shown(value, precision)} is before the review's scope "
                            f"period (from {show(scope_from)})"
                        )
                    elif scope_to and value > scope_to:
                        warnings.append(
                            f"{where}: {shown(value, precision)} is after the review's scope "
                            f"period (to {show(scope_to)})"
                        )
                    entry["date"], entry["precision"], entry["time"] = value.isoformat(), precision, clock
        if at_time is not None and at_time < width and not _blank(cells[at_time]):
            try:
                entry["time"] = parse_time(cells[at_time])
            except DateError as exc:
                problems.append(f"{where}: {exc}")
                bad = True
        if entry["event"] is None:
            problems.append(f"{where}: the event is empty")
            bad = True
        if not bad:
            entries.append(entry)
    return entries, problems, warnings
