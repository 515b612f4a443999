"""How a pause moves a pausable milestone's due date (CLI.md 1.1, "Pauses").

A pause is the board's record that a clock stopped (parallel criminal proceedings, an inquest): it
is not the guidance's own rule, so it moves only the clock it interrupts. The clock runs over the
calendar days [from, due); a pause [start, resume) stops it. Taking pauses in order of start, each
one that begins before the due date as moved so far moves it later by the calendar days of the
pause that fall on or after the clock's start — the whole of the pause from then on, because a
stopped clock stays stopped until the resume. So:

- a pause that ended on or before the clock started, or began on or after the due date, moves
  nothing (a milestone already overdue when a pause begins stays overdue);
- a pause that starts before the clock and ends inside it moves the due date by the days from
  the clock's start to the resume;
- pauses always move by calendar days, whatever the milestone's unit.

This is exactly a day-by-day count of a clock that stops (tests/test_pauses.py checks the two
agree). An open pause runs to TODAY: the due date as if it ended today.
"""

from datetime import date, timedelta


def _day(value):
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value)


def _order(pause):
    digits = "".join(ch for ch in str(pause.get("id", "")) if ch.isdigit())
    return (_day(pause["from"]), int(digits) if digits else 0)


def spans(pauses, today):
    """The pauses as (start, end) dates in order of start; an open pause ends TODAY."""
    out = []
    for pause in sorted(pauses, key=_order):
        start = _day(pause["from"])
        end = _day(pause.get("to")) or today
        out.append((start, max(end, start)))
    return out


def moved_due(start, due, pauses, today):
    """DUE (the clock ran from START) moved later by the PAUSES that stopped the clock.

    START None (a ``before`` milestone) counts as a clock that has always run.
    """
    for pause_start, pause_end in spans(pauses, today):
        first = pause_start if start is None else max(pause_start, start)
        if first >= due:
            continue  # began on or after the due date (as moved so far): the clock had run out
        if pause_end > first:
            due += timedelta(days=(pause_end - first).days)
    return due


def stops(start, due, pauses, today):
    """True when an open pause has stopped this clock: it began before the due date as moved
    (CLI.md: "on or before") and runs past the clock's start."""
    for pause in pauses:
        if pause.get("to"):
            continue
        if _day(pause["from"]) <= due:
            return True
    return False


def simulate(start, due, pauses, today):
    """The due date found by counting the running days one by one (for tests and doubters).

    The clock needs (due - start) running days from START; a day inside a pause does not run.
    """
    need = (due - start).days
    paused = set()
    for pause_start, pause_end in spans(pauses, today):
        day = pause_start
        while day < pause_end:
            paused.add(day)
            day += timedelta(days=1)
    day, ran = start, 0
    while ran < need:
        if day not in paused:
            ran += 1
        day += timedelta(days=1)
    # the due date is the day after the last running day (START itself when nothing needs to run)
    return day if need else start
