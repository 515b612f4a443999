"""The pause rule of CLI.md 1.1 (scr/timescales/pauses.py) against a clock that stops, counted
day by day: the two must always agree, whatever the pauses."""

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from scr.timescales.pauses import moved_due, simulate, stops

D = date


def p(start, end, n=1):
    return {"id": f"p{n}", "from": start.isoformat(), "to": end.isoformat() if end else None}


def test_hand_worked_cases():
    start, due = D(2012, 11, 12), D(2013, 5, 12)  # Child F: six months from the decision
    # an inquest from 1 March to 31 May 2013 stops the clock for all 91 of its days
    assert moved_due(start, due, [p(D(2013, 3, 1), D(2013, 5, 31))], D(2013, 8, 1)) == D(2013, 8, 11)
    # the newcomer's case: a pause over before the clock started moves nothing
    assert moved_due(D(2014, 9, 30), D(2014, 10, 30), [p(D(2014, 3, 3), D(2014, 6, 2))],
                     D(2014, 10, 1)) == D(2014, 10, 30)
    # it starts before the clock and ends inside it: only the days from the clock's start count
    assert moved_due(D(2013, 7, 15), D(2013, 8, 15), [p(D(2013, 7, 1), D(2013, 7, 31))],
                     D(2013, 8, 1)) == D(2013, 8, 31)
    # a zero-day clock has nothing to stop
    assert moved_due(D(2013, 7, 15), D(2013, 7, 15), [p(D(2013, 7, 1), D(2013, 7, 31))],
                     D(2013, 8, 1)) == D(2013, 7, 15)


def test_an_open_pause_runs_to_today_and_stops_the_clock_only_if_it_began_by_the_due_date():
    start, due = D(2013, 12, 10), D(2014, 6, 10)
    open_pause = [p(D(2014, 3, 3), None)]
    assert moved_due(start, due, open_pause, D(2014, 4, 30)) == due + timedelta(days=58)
    assert stops(start, due + timedelta(days=58), open_pause, D(2014, 4, 30))
    late = [p(D(2014, 6, 11), None)]
    assert moved_due(start, due, late, D(2014, 7, 1)) == due
    assert not stops(start, due, late, D(2014, 7, 1))


days = st.dates(min_value=D(2012, 1, 1), max_value=D(2016, 12, 31))


@st.composite
def pauses(draw):
    """Pauses that never overlap one another (scr refuses one that would), the last maybe open."""
    out, day = [], draw(days)
    for n in range(draw(st.integers(0, 4))):
        day += timedelta(days=draw(st.integers(0, 60)))
        length = draw(st.integers(0, 120))
        out.append(p(day, day + timedelta(days=length), n + 1))
        day += timedelta(days=length)
    if out and draw(st.booleans()):
        out[-1]["to"] = None
    return out


@settings(max_examples=400, deadline=None)
@given(days, st.integers(0, 400), pauses(), st.integers(0, 900))
def test_overlap_rule_agrees_with_a_clock_that_stops(start, length, raw, later):
    due = start + timedelta(days=length)
    opened = [x for x in raw if x["to"] is None]
    first = D.fromisoformat(raw[0]["from"]) if raw else start
    today = max(start, first) + timedelta(days=later)  # an open pause began on or before today
    if opened:
        today = max(today, D.fromisoformat(opened[0]["from"]))
    assert moved_due(start, due, raw, today) == simulate(start, due, raw, today)


@settings(max_examples=150, deadline=None)
@given(days, pauses(), st.integers(0, 900))
def test_a_pausable_milestone_is_due_when_the_stopped_clock_runs_out(start, raw, later):
    """Through the clocks themselves: six months from `initiated`, moved exactly as the day count."""
    from scr.timescales import clocks
    from scr.timescales.workdays import WorkingCalendar, add_months

    opened = [x for x in raw if x["to"] is None]
    today = start + timedelta(days=later)
    if opened:
        today = max(today, D.fromisoformat(opened[0]["from"]))
    completion = clocks.Milestone(id="completion", title="C", unit="months", amount=6, met_by="board-signoff",
                                  start="initiated", pausable=True, basis="statutory-guidance", verified=False)
    facts = clocks.Facts(events=[{"id": "e1", "kind": "initiated", "date": start.isoformat(), "planned": False}],
                         pauses=raw)
    row = clocks.evaluate(completion, facts, today, WorkingCalendar("england-and-wales"))
    assert row["due"] == simulate(start, add_months(start, 6), raw, today)
    if row["status"] == "paused":
        assert opened and D.fromisoformat(opened[0]["from"]) <= row["due"]
