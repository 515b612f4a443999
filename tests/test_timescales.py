"""The timescale engine (scr/timescales.py): frameworks, statuses, pauses, before rules."""

from datetime import date, timedelta

import pytest

from scr.timescales import clocks as ts
from scr.timescales import rows as milestone_rows
from scr.actions.rules import impact_review_start
from scr.errors import ScrError
from scr.timescales.workdays import WorkingCalendar

D = date
CAL = WorkingCalendar("england-and-wales")


def ms(**kw):
    base = dict(id="m", title="M", unit="working_days", amount=5, met_by="notify:panel:incident",
                start="aware")
    base.update(kw)
    return ts.Milestone(**base)


def ev(kind, day, planned=False, n=1):
    return {"id": f"e{n}", "kind": kind, "date": day, "planned": planned}


def facts(*events, pauses=(), actions=()):
    numbered = [dict(e, id=f"e{i + 1}") for i, e in enumerate(events)]
    return ts.Facts(events=numbered, pauses=list(pauses), impact_start=impact_review_start(actions))


def run(milestone, f, today):
    return ts.evaluate(milestone, f, today, CAL)


# --- statuses ---------------------------------------------------------------------------------

def test_waiting_when_clock_not_started():
    r = run(ms(), facts(), D(2026, 12, 1))
    assert r["status"] == "waiting" and r["due"] is None and r["from"] is None


def test_due_and_overdue_across_christmas_2026():
    f = facts(ev("aware", "2026-12-24"))
    assert run(ms(), f, D(2027, 1, 5))["due"] == D(2027, 1, 5)
    assert run(ms(), f, D(2027, 1, 5))["status"] == "due"
    assert run(ms(), f, D(2027, 1, 6))["status"] == "overdue"


def test_met_and_met_late():
    on_time = facts(ev("aware", "2026-12-24"), ev("notify:panel:incident", "2027-01-05"))
    late = facts(ev("aware", "2026-12-24"), ev("notify:panel:incident", "2027-01-06"))
    assert run(ms(), on_time, D(2027, 3, 1))["status"] == "met"
    assert run(ms(), on_time, D(2027, 3, 1))["met_on"] == D(2027, 1, 5)
    assert run(ms(), late, D(2027, 3, 1))["status"] == "met-late"


def test_earliest_from_event_counts_and_met_by_must_follow_the_start():
    f = facts(ev("aware", "2026-03-10"), ev("aware", "2026-03-02"),
              ev("notify:panel:incident", "2026-03-01"), ev("notify:panel:incident", "2026-03-12"),
              ev("notify:panel:incident", "2026-03-05"))
    r = run(ms(), f, D(2026, 4, 1))
    assert r["from"] == D(2026, 3, 2)
    assert r["due"] == D(2026, 3, 9)
    assert r["met_on"] == D(2026, 3, 5) and r["status"] == "met"


def test_notification_purposes():
    f = facts(ev("aware", "2026-03-02"), ev("notify:panel:decision", "2026-03-03"))
    assert run(ms(), f, D(2026, 4, 1))["status"] == "overdue"          # other purpose never meets
    assert run(ms(met_by="notify:panel"), f, D(2026, 4, 1))["status"] == "met"  # any purpose
    assert run(ms(met_by="notify:ofsted"), f, D(2026, 4, 1))["status"] == "overdue"
    assert ts.matches("notify:panel", "notify:panel")
    assert not ts.matches("notify:panelx:a", "notify:panel")


def test_planned_events_never_start_or_meet():
    f = facts(ev("aware", "2026-03-02", planned=True))
    assert run(ms(), f, D(2026, 4, 1))["status"] == "waiting"
    f = facts(ev("aware", "2026-03-02"), ev("notify:panel:incident", "2026-03-03", planned=True))
    assert run(ms(), f, D(2026, 4, 1))["status"] == "overdue"


def test_when_branch():
    m = ms(id="not-init", when="not-initiated", start="not-initiated", unit="days", amount=14,
           met_by="notify:panel:not-initiated")
    assert run(m, facts(ev("decision", "2013-10-01")), D(2013, 12, 1)) is None
    assert run(m, facts(ev("not-initiated", "2013-10-01", planned=True)), D(2013, 12, 1)) is None
    r = run(m, facts(ev("not-initiated", "2013-10-01")), D(2013, 10, 10))
    assert r["due"] == D(2013, 10, 15) and r["status"] == "due"


def test_months_and_days_units():
    assert run(ms(unit="months", amount=6), facts(ev("aware", "2013-08-31")), D(2013, 9, 1))["due"] \
        == D(2014, 2, 28)
    assert run(ms(unit="days", amount=14), facts(ev("aware", "2026-12-20")), D(2013, 9, 1))["due"] \
        == D(2027, 1, 3)


# --- pauses -----------------------------------------------------------------------------------

PAUSABLE = ms(unit="months", amount=6, met_by="board-signoff", start="initiated", pausable=True)


def test_closed_pause_moves_due_by_its_length():
    f = facts(ev("initiated", "2013-12-10"), pauses=[{"id": "p1", "from": "2014-02-01", "to": "2014-03-03"}])
    r = run(PAUSABLE, f, D(2014, 4, 1))
    assert r["due"] == D(2014, 7, 10)  # 10 June + 30 days
    assert r["status"] == "due"


def test_pause_after_due_does_not_move_it_and_pauses_chain():
    f = facts(ev("initiated", "2013-12-10"), pauses=[
        {"id": "p1", "from": "2014-07-01", "to": "2014-08-01"},   # after 10 June: but see below
        {"id": "p2", "from": "2014-06-01", "to": "2014-06-30"},   # moves 10 June -> 9 July
    ])
    # p2 (earlier start) moves the due date to 9 July; p1 then starts before it and adds 31 days.
    assert run(PAUSABLE, f, D(2014, 9, 1))["due"] == D(2014, 8, 9)
    f = facts(ev("initiated", "2013-12-10"), pauses=[{"id": "p1", "from": "2014-07-01", "to": "2014-08-01"}])
    r = run(PAUSABLE, f, D(2014, 9, 1))
    assert r["due"] == D(2014, 6, 10) and r["status"] == "overdue"


def test_a_pause_moves_only_the_clock_it_interrupts():
    """CLI.md 1.1: the newcomer's case. A pause of 3 March to 2 June 2014 ended long before the
    publication clock started at sign-off on 30 September 2014: due 30 October 2014, not 29 January
    2015 (which would let a late publication show as met)."""
    publication = ms(start="board-signoff", unit="months", amount=1, met_by="published", pausable=True)
    pause = [{"id": "p1", "from": "2014-03-03", "to": "2014-06-02"}]
    f = facts(ev("board-signoff", "2014-09-30"), pauses=pause)
    assert run(publication, f, D(2014, 10, 1))["due"] == D(2014, 10, 30)
    f = facts(ev("board-signoff", "2014-09-30"), ev("published", "2014-12-01"), pauses=pause)
    assert run(publication, f, D(2014, 12, 2))["status"] == "met-late"


def test_a_pause_that_starts_before_the_clock_and_ends_inside_it_moves_the_days_after_the_start():
    publication = ms(start="board-signoff", unit="months", amount=1, met_by="published", pausable=True)
    # sign-off 15 July 2013 (due 15 August); paused 1 to 31 July: 16 days of it fall on the clock
    f = facts(ev("board-signoff", "2013-07-15"), pauses=[{"id": "p1", "from": "2013-07-01", "to": "2013-07-31"}])
    assert run(publication, f, D(2013, 8, 1))["due"] == D(2013, 8, 31)
    # a pause that ends on the day the clock starts moves nothing
    f = facts(ev("board-signoff", "2013-07-15"), pauses=[{"id": "p1", "from": "2013-07-01", "to": "2013-07-15"}])
    assert run(publication, f, D(2013, 8, 1))["due"] == D(2013, 8, 15)


def test_a_pause_beginning_on_or_after_the_due_date_moves_nothing_and_overdue_stays_overdue():
    publication = ms(start="board-signoff", unit="months", amount=1, met_by="published", pausable=True)
    for start in ("2013-08-15", "2013-08-16"):
        f = facts(ev("board-signoff", "2013-07-15"), pauses=[{"id": "p1", "from": start, "to": "2013-08-31"}])
        assert run(publication, f, D(2013, 9, 1))["due"] == D(2013, 8, 15)
    # overdue when the pause began: still overdue while it is open
    f = facts(ev("board-signoff", "2013-07-15"), pauses=[{"id": "p1", "from": "2013-08-20", "to": None}])
    r = run(publication, f, D(2013, 9, 1))
    assert (r["due"], r["status"]) == (D(2013, 8, 15), "overdue")


def test_pauses_move_working_day_milestones_by_calendar_days():
    notice = ms(unit="working_days", amount=5, pausable=True)  # aware Fri 1 Aug 2014 -> Fri 8 Aug
    f = facts(ev("aware", "2014-08-01"), pauses=[{"id": "p1", "from": "2014-08-04", "to": "2014-08-06"}])
    assert run(notice, f, D(2014, 8, 1))["due"] == D(2014, 8, 10)  # a Sunday: calendar days


def test_open_pause_is_paused_with_due_as_if_it_ended_today():
    f = facts(ev("initiated", "2013-12-10"), pauses=[{"id": "p1", "from": "2014-05-01", "to": None}])
    r = run(PAUSABLE, f, D(2014, 8, 1))
    assert r["status"] == "paused"
    assert r["due"] == D(2014, 9, 10)  # 10 June + 92 days (1 May .. 1 August)


def test_open_pause_does_not_touch_unpausable_or_waiting_or_met():
    pauses = [{"id": "p1", "from": "2014-05-01", "to": None}]
    assert run(ms(), facts(ev("aware", "2014-04-01"), pauses=pauses), D(2014, 6, 1))["status"] == "overdue"
    assert run(PAUSABLE, facts(pauses=pauses), D(2014, 6, 1))["status"] == "waiting"
    f = facts(ev("initiated", "2013-12-10"), ev("board-signoff", "2014-05-20"), pauses=pauses)
    assert run(PAUSABLE, f, D(2014, 6, 1))["status"] == "met"


# --- before rules -----------------------------------------------------------------------------

BEFORE = ms(id="pre", start=None, before="published", unit="working_days", amount=7,
            met_by="notify:panel:pre-publication")


def test_before_waits_without_a_target():
    assert run(BEFORE, facts(), D(2026, 1, 1))["status"] == "waiting"


def test_before_uses_planned_event_until_the_actual_one():
    f = facts(ev("published", "2027-01-05", planned=True))
    r = run(BEFORE, f, D(2026, 12, 1))
    assert r["due"] == D(2026, 12, 22) and r["status"] == "due" and r["before_planned"]
    f = facts(ev("published", "2027-01-05", planned=True), ev("published", "2026-12-01"))
    r = run(BEFORE, f, D(2026, 12, 2))
    assert r["due"] == D(2026, 11, 20) and r["status"] == "overdue" and not r["before_planned"]


def test_before_latest_plan_counts():
    f = facts(ev("published", "2027-01-05", planned=True), ev("published", "2027-03-01", planned=True))
    assert run(BEFORE, f, D(2026, 12, 1))["before"] == D(2027, 3, 1)


def test_before_met_and_met_late():
    f = facts(ev("published", "2027-01-05", planned=True), ev("notify:panel:pre-publication", "2026-12-21"))
    assert run(BEFORE, f, D(2026, 12, 28))["status"] == "met"
    f = facts(ev("published", "2027-01-05"), ev("notify:panel:pre-publication", "2026-12-23"))
    assert run(BEFORE, f, D(2027, 1, 6))["status"] == "met-late"


# --- impact review ----------------------------------------------------------------------------

def test_impact_review():
    assert ts.impact_milestone(facts(), D(2026, 1, 1))["status"] == "waiting"
    open_one = [{"status": "completed", "completed_on": "2025-01-31"}, {"status": "in-progress", "completed_on": None}]
    assert ts.impact_milestone(facts(actions=open_one), D(2026, 1, 1))["status"] == "waiting"
    done = [{"status": "completed", "completed_on": "2025-01-31"},
            {"status": "completed", "completed_on": "2024-02-29"}, {"status": "cancelled", "completed_on": None}]
    r = ts.impact_milestone(facts(actions=done), D(2026, 1, 1))
    assert r["from"] == D(2025, 1, 31) and r["due"] == D(2026, 1, 31) and r["status"] == "due"
    assert ts.impact_milestone(facts(actions=done), D(2026, 2, 1))["status"] == "overdue"
    r = ts.impact_milestone(facts(ev("impact-reviewed", "2026-01-20"), actions=done), D(2026, 3, 1))
    assert r["status"] == "met"


def test_compute_orders_and_next_due():
    fw = ts.load_frameworks()["wt2023"]
    f = facts(ev("aware", "2026-11-02"), ev("notify:panel:incident", "2026-11-05"))
    rows = ts.sort_rows(ts.compute("r", fw, f, D(2026, 11, 20), CAL))
    assert [r["milestone"] for r in rows][:3] == ["panel-notification", "partners-notification",
                                                 "rapid-review"]
    assert rows[0]["status"] == "met"
    assert rows[1]["status"] == "overdue"
    assert rows[-1]["due"] is None
    assert milestone_rows.next_due(rows) == "2026-11-09"
    dues = [r["due"] for r in rows if r["due"]]
    assert dues == sorted(dues)
    assert ts.within(rows, 0, D(2026, 11, 20)) == [rows[1]]
    assert {r["milestone"] for r in ts.within(rows, 30, D(2026, 11, 20))} == {
        "partners-notification", "rapid-review"}


# --- frameworks -------------------------------------------------------------------------------

BUILTINS = ["clr2021", "cmr2012", "cpr2013", "dardr2024", "dhr2016", "sar2014", "susr2024", "wt2010",
            "wt2013", "wt2015", "wt2018", "wt2018-scr", "wt2023"]


def test_builtins_load_and_every_milestone_has_a_source():
    frameworks = ts.load_frameworks()
    assert sorted(frameworks) == BUILTINS
    for fw in frameworks.values():
        assert fw.builtin and fw.source and fw.region
        assert fw.milestones
        for m in fw.milestones:
            assert m.source, (fw.id, m.id)
            assert m.basis in ts.BASES and isinstance(m.verified, bool), (fw.id, m.id)
            if m.basis == "scr":  # scr's own default is never presented as read in a source
                assert m.verified is False and "scr" in m.note, (fw.id, m.id)
            assert m.met_by.startswith("notify:") is False or m.met_by.count(":") == 2, (fw.id, m.id)


def test_builtin_periods():
    f = ts.load_frameworks()
    assert {(m.id, m.unit, m.amount) for m in f["wt2023"].milestones} >= {
        ("panel-notification", "working_days", 5), ("rapid-review", "working_days", 15),
        ("publication", "months", 6), ("prepublication-copy", "working_days", 7),
        ("prepublication-secretary-of-state", "working_days", 7)}
    not_init = [m for m in f["wt2015"].milestones if m.id == "not-initiated-to-panel"][0]
    assert (not_init.when, not_init.unit, not_init.amount) == ("not-initiated", "days", 14)


@pytest.mark.parametrize("kind, day, expected", [
    ("scr", D(2012, 10, 15), "wt2010"),
    ("scr", D(2013, 4, 14), "wt2010"),
    ("scr", D(2013, 4, 15), "wt2013"),
    ("scr", D(2013, 6, 1), "wt2013"),
    ("scr", D(2015, 3, 25), "wt2013"),
    ("scr", D(2015, 3, 26), "wt2015"),
    ("scr", D(2018, 6, 28), "wt2015"),
    ("scr", D(2018, 6, 29), "wt2018-scr"),
    ("scr", D(2019, 9, 29), "wt2018-scr"),
    ("scr", D(2026, 1, 1), None),
    ("sar", D(2020, 1, 1), "sar2014"),
    ("dardr", D(2026, 1, 1), "dardr2024"),
    ("cpr", D(2015, 1, 1), "cpr2013"),
    ("susr", D(2026, 1, 1), "susr2024"),
    ("clr", D(2026, 1, 1), "clr2021"),
    ("cmr", D(2026, 1, 1), "cmr2012"),
    ("rapid", D(2019, 1, 1), "wt2018"),
    ("lcspr", D(2026, 11, 26), "wt2023"),
    ("lcspr", D(2012, 1, 1), None),
    ("dhr", D(2020, 1, 1), "dhr2016"),
    ("thematic", D(2014, 1, 1), None),
    ("learning", D(2026, 1, 1), None),
])
def test_default_framework(kind, day, expected):
    assert ts.default_framework(ts.load_frameworks(), kind, day) == expected


def test_workspace_framework_replaces_and_adds(tmp_path):
    (tmp_path / "mine.toml").write_text(
        'id = "wt2023"\ntitle = "Our rules"\napplies_to = ["lcspr"]\nin_force_from = 2024-01-01\n'
        '[[milestones]]\nid = "x"\ntitle = "X"\nfrom = "aware"\ndays = 3\nmet_by = "notify:panel"\n',
        encoding="utf-8")
    (tmp_path / "extra.toml").write_text(
        'id = "local-learning"\ntitle = "Learning reviews"\napplies_to = ["learning"]\n', encoding="utf-8")
    f = ts.load_frameworks(tmp_path)
    assert f["wt2023"].title == "Our rules" and not f["wt2023"].builtin
    assert [m.id for m in f["wt2023"].milestones] == ["x"]
    assert ts.default_framework(f, "learning", D(2026, 1, 1)) == "local-learning"
    assert ts.default_framework(f, "rapid", D(2026, 1, 1)) is None  # wt2023 now lcspr only; wt2018 ended


BAD = [
    ('id = "Bad Id"\ntitle = "t"\n', 'key "id"'),
    ('id = "a"\ntitle = "t"\nfoo = 1\n', 'key "foo"'),
    ('id = "a"\ntitle = "t"\nin_force_from = "13/4/2013"\n', 'key "in_force_from"'),
    ('id = "a"\n', 'key "title"'),
    ('id = "a"\ntitle = "t"\n[[milestones]]\nid = "m1"\ntitle = "M"\nfrom = "aware"\nworking_days = "5"\nmet_by = "x"\n',
     'milestone "m1": key "working_days"'),
    ('id = "a"\ntitle = "t"\n[[milestones]]\nid = "m1"\ntitle = "M"\nfrom = "aware"\ndays = 5\nmonths = 1\nmet_by = "x"\n',
     'milestone "m1": key "working_days"'),
    ('id = "a"\ntitle = "t"\n[[milestones]]\nid = "m1"\ntitle = "M"\nfrom = "aware"\nbefore = "published"\ndays = 5\nmet_by = "x"\n',
     'milestone "m1": key "from"'),
    ('id = "a"\ntitle = "t"\n[[milestones]]\nid = "m1"\ntitle = "M"\nfrom = "Aware Date"\ndays = 5\nmet_by = "x"\n',
     'milestone "m1": key "from"'),
    ('id = "a"\ntitle = "t"\n[[milestones]]\nid = "m1"\ntitle = "M"\nfrom = "aware"\ndays = 5\n',
     'milestone "m1": key "met_by"'),
    ('id = "a"\ntitle = "t"\n[[milestones]]\nid = "m1"\ntitle = "M"\nfrom = "aware"\ndays = 5\nmet_by = "notify:"\n',
     'milestone "m1": key "met_by"'),
    ('id = "a"\ntitle = "t"\n[[milestones]]\nid = "m1"\ntitle = "M"\nfrom = "aware"\ndays = 5\nmet_by = "x"\npausable = "yes"\n',
     'milestone "m1": key "pausable"'),
    ('id = "a"\ntitle = "t"\n[[milestones]]\nid = "m1"\ntitle = "M"\nfrom = "aware"\ndays = 5\nmet_by = "x"\nwhen = "Not Initiated"\n',
     'milestone "m1": key "when"'),
    ('id = "a"\ntitle = "t"\n[[milestones]]\nid = "m1"\ntitle = "M"\nfrom = "aware"\ndays = 5\nmet_by = "x"\nwhn = "y"\n',
     'milestone "m1": key "whn"'),
    ('id = "a"\ntitle = "t"\n[[milestones]]\ntitle = "M"\nfrom = "aware"\ndays = 5\nmet_by = "x"\n',
     'milestone "#1": key "id"'),
    ('id = "a"\ntitle = "t"\n[[milestones]]\nid = "m1"\ntitle = "M"\nfrom = "aware"\ndays = -1\nmet_by = "x"\n',
     'milestone "m1": key "days"'),
    ('id = "a"\ntitle = "t"\n[[milestones]]\nid = "m1"\ntitle = "M"\nfrom = "aware"\ndays = 1\nmet_by = "x"\n'
     '[[milestones]]\nid = "m1"\ntitle = "M"\nfrom = "aware"\ndays = 1\nmet_by = "x"\n',
     'milestone "m1": key "id"'),
    ('id = "a"\ntitle = "t"\napplies_to = "scr"\n', 'key "applies_to"'),
    ('id = "a"\ntitle = "t\n', 'not valid TOML'),
]


@pytest.mark.parametrize("text, message", BAD)
def test_malformed_framework_names_file_milestone_and_key(tmp_path, text, message):
    path = tmp_path / "broken.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScrError) as err:  # FrameworkError, or the TOML reader's error naming the file
        ts.load_frameworks(tmp_path)
    assert str(path) in str(err.value)
    assert message in str(err.value)


def test_two_workspace_files_with_one_id(tmp_path):
    for name in ("a.toml", "b.toml"):
        (tmp_path / name).write_text('id = "same"\ntitle = "t"\n', encoding="utf-8")
    with pytest.raises(ts.FrameworkError, match="also defined"):
        ts.load_frameworks(tmp_path)


# --- properties -------------------------------------------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

days_ = st.dates(min_value=D(2012, 1, 1), max_value=D(2030, 12, 31))
spans = st.lists(st.tuples(days_, st.integers(min_value=0, max_value=200)), max_size=4)


@settings(max_examples=150, deadline=None)
@given(days_, spans, days_)
def test_closed_pauses_never_bring_a_due_date_earlier(start, raw_pauses, today):
    pauses = [{"id": f"p{i}", "from": p.isoformat(), "to": (p + timedelta(days=n)).isoformat()}
              for i, (p, n) in enumerate(raw_pauses)]
    f_plain = facts(ev("initiated", start.isoformat()))
    f_paused = facts(ev("initiated", start.isoformat()), pauses=pauses)
    plain = run(PAUSABLE, f_plain, today)
    paused = run(PAUSABLE, f_paused, today)
    assert paused["due"] >= plain["due"]
    assert paused["due"] - plain["due"] <= sum((timedelta(days=n) for _, n in raw_pauses), timedelta())
    assert paused["status"] == ("overdue" if today > paused["due"] else "due")


@settings(max_examples=150, deadline=None)
@given(days_, st.one_of(st.none(), days_), days_)
def test_status_agrees_with_dates(start, met_on, today):
    events = [ev("aware", start.isoformat())]
    if met_on is not None:
        events.append(ev("notify:panel:incident", met_on.isoformat()))
    r = run(ms(), facts(*events), today)
    counted = met_on is not None and met_on >= start
    if counted:
        assert r["met_on"] == met_on and r["status"] == ("met" if met_on <= r["due"] else "met-late")
    else:
        assert r["met_on"] is None and r["status"] == ("due" if r["due"] >= today else "overdue")
    assert CAL.is_working_day(r["due"]) and r["due"] > start
