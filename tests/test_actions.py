"""The action plan's rules: statuses, history, versions, RAG, ordering, overdue, impact review."""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scr.actions import rules as A
from scr.errors import ScrError
from scr.timescales.workdays import add_months

ADDED = date(2013, 9, 2)


def make(n=1, due="2014-03-31", added=ADDED, today=None, **extra):
    return A.new_action(
        n, recommendation="1", text="Mark key documents in the electronic record",
        agency="Children's Social Care", due=due, added=added, today=today or added, user="ann",
        **extra
    )


def step(action, today=date(2014, 1, 10), require_evidence=True, **fields):
    return A.change(action, fields, today=today, user="bob", source="update",
                    require_evidence=require_evidence)


# ------------------------------------------------------------------------- statuses, history


def test_new_action_starts_not_started_at_version_1_with_one_history_record():
    action = make(owner="Head of Service", outcome="Records show what matters")
    assert action["status"] == A.NOT_STARTED
    assert action["version"] == 1
    assert action["added"] == "2013-09-02"
    [first] = action["history"]
    assert first["version"] == 1 and first["user"] == "ann" and first["source"] == "add"
    assert first["changes"]["text"]["to"].startswith("Mark key")
    assert first["changes"]["outcome"] == {"from": None, "to": "Records show what matters"}


def test_each_status_change_is_kept_in_history_and_bumps_the_version():
    action = make()
    action = step(action, status="in-progress", today=date(2013, 10, 1))
    assert action["version"] == 2
    assert action["history"][-1]["changes"] == {
        "status": {"from": "not-started", "to": "in-progress"}
    }
    assert action["history"][-1]["date"] == "2013-10-01"
    action = step(action, status="completed", evidence="Audit of 20 files, Jan 2014")
    assert action["version"] == 3
    assert action["status"] == "completed" and action["completed_on"] == "2014-01-10"
    changes = action["history"][-1]["changes"]
    assert changes["status"] == {"from": "in-progress", "to": "completed"}
    assert changes["completed_on"] == {"from": None, "to": "2014-01-10"}
    assert changes["evidence"]["to"] == "Audit of 20 files, Jan 2014"
    # reopening clears the completion date; the history keeps it
    action = step(action, status="in-progress")
    assert action["version"] == 4 and action["completed_on"] is None
    assert action["history"][-1]["changes"]["completed_on"] == {"from": "2014-01-10", "to": None}
    action = step(action, status="cancelled", cancelled_on="2014-01-05")
    assert action["version"] == 5
    assert action["cancelled_on"] == "2014-01-05"
    assert [h["version"] for h in action["history"]] == [1, 2, 3, 4, 5]


def test_no_change_is_no_new_version():
    action = make()
    assert step(action, status="not-started", due="31/3/2014") is action


def test_unknown_status_is_refused():
    with pytest.raises(ScrError, match="unknown status 'done'"):
        step(make(), status="done")


@pytest.mark.parametrize("typed", ["In progress", "in_progress", "IN-PROGRESS", " in progress "])
def test_status_as_typed_by_people(typed):
    assert A.parse_status(typed) == "in-progress"


def test_completion_needs_evidence_where_required():
    with pytest.raises(ScrError, match="needs evidence"):
        step(make(), status="completed")
    done = step(make(), status="completed", require_evidence=False)
    assert done["status"] == "completed" and done["evidence"] is None


def test_evidence_recorded_earlier_counts():
    action = step(make(), evidence="Supervision audit")
    assert action["status"] == "not-started" and action["evidence"] == "Supervision audit"
    done = step(action, status="completed")
    assert done["status"] == "completed"


def test_completion_date_not_before_added_nor_after_today():
    with pytest.raises(ScrError, match="before the action was added"):
        step(make(), status="completed", evidence="x", completed_on="1/9/2013")
    with pytest.raises(ScrError, match="after today"):
        step(make(), status="completed", evidence="x", completed_on="11/1/2014")
    same_day = step(make(), status="completed", evidence="x", completed_on="2/9/2013")
    assert same_day["completed_on"] == "2013-09-02"


def test_completion_date_on_an_open_action_is_refused():
    with pytest.raises(ScrError, match="only a completed action"):
        step(make(), status="in-progress", completed_on="3/9/2013")


def test_blank_text_is_refused():
    with pytest.raises(ScrError, match="the action's text must not be blank"):
        step(make(), text="   ")


def test_action_born_completed_has_one_history_record():
    action = make(status="completed", completed_on="1/12/2013", evidence="Policy v2",
                  today=date(2014, 1, 1))
    assert action["version"] == 1 and len(action["history"]) == 1
    assert action["completed_on"] == "2013-12-01"
    assert action["history"][0]["changes"]["status"]["to"] == "completed"


# ---------------------------------------------------------------------------------- RAG


TODAY = date(2014, 3, 3)


@pytest.mark.parametrize(
    "due, expected",
    [
        (TODAY - timedelta(days=1), "red"),     # due yesterday
        (TODAY, "amber"),                         # due today
        (TODAY + timedelta(days=28), "amber"),   # due in exactly amber_days
        (TODAY + timedelta(days=29), "green"),
    ],
)
def test_rag_at_the_boundaries(due, expected):
    assert A.rag(make(due=due.isoformat()), TODAY, 28) == expected


def test_rag_of_completed_is_blue_and_cancelled_none():
    done = step(make(due="2013-10-01"), status="completed", evidence="x")
    assert A.rag(done, TODAY, 28) == "blue"
    cancelled = step(make(), status="cancelled")
    assert A.rag(cancelled, TODAY, 28) is None


@settings(max_examples=200, deadline=None)
@given(offset=st.integers(-400, 400), amber=st.integers(0, 90))
def test_rag_is_exactly_the_rule(offset, amber):
    action = make(due=(TODAY + timedelta(days=offset)).isoformat())
    expected = "red" if offset < 0 else "amber" if offset <= amber else "green"
    assert A.rag(action, TODAY, amber) == expected
    assert A.is_overdue(action, TODAY) == (offset < 0)


# ----------------------------------------------------------------------------- ordering


def test_ids_order_by_review_then_number():
    ids = ["b:1", "a:10", "a:2", "a:1"]
    assert sorted(ids, key=A.id_key) == ["a:1", "a:2", "a:10", "b:1"]


@pytest.mark.parametrize("bad", ["", "a", "a:", "a:0", "a:x", "A:1", "../x:1", ":3", "a:-1"])
def test_bad_ids_are_refused(bad):
    with pytest.raises(ScrError, match="not an action ID"):
        A.parse_id(bad)


def test_labels_in_natural_order():
    labels = ["10", "2b", "1", "2a", "2"]
    assert sorted(labels, key=A.label_key) == ["1", "2", "2a", "2b", "10"]


def test_overdue_ordered_by_due_then_id():
    views = [
        A.view("b", make(n=1, due="2014-01-01"), TODAY, 28),
        A.view("a", make(n=10, due="2014-01-01"), TODAY, 28),
        A.view("a", make(n=2, due="2014-01-01"), TODAY, 28),
        A.view("a", make(n=3, due="2013-12-01"), TODAY, 28),
        A.view("a", make(n=4, due="2014-12-01"), TODAY, 28),
    ]
    assert [v["id"] for v in A.overdue(views)] == ["a:3", "a:2", "a:10", "b:1"]


def test_view_has_the_contract_fields():
    view = A.view("2013-child-f", make(n=3), TODAY, 28)
    for field in ("id", "review", "recommendation", "text", "agency", "owner", "due", "status",
                  "completed_on", "added", "rag"):
        assert field in view
    assert view["id"] == "2013-child-f:3"


# ------------------------------------------------------------------------- impact review


def test_impact_review_waits_until_every_action_is_closed():
    assert A.impact_review_start([]) is None
    first = step(make(n=1), status="completed", evidence="x", completed_on="1/12/2013")
    second = make(n=2)
    assert A.impact_review_due([first, second]) is None
    second = step(second, status="completed", evidence="y", completed_on="31/12/2013")
    cancelled = step(make(n=3), status="cancelled")
    assert A.impact_review_start([first, second, cancelled]) == date(2013, 12, 31)
    assert A.impact_review_due([first, second, cancelled]) == date(2014, 12, 31)


def test_impact_review_none_when_all_cancelled():
    assert A.impact_review_due([step(make(), status="cancelled")]) is None


def test_add_months_clamps_to_month_end():
    assert add_months(date(2015, 2, 28), 12) == date(2016, 2, 28)
    assert add_months(date(2016, 2, 29), 12) == date(2017, 2, 28)
    assert add_months(date(2013, 8, 31), 6) == date(2014, 2, 28)


def test_counts_and_period_counts():
    done = step(make(n=1, due="2014-01-01"), status="completed", evidence="x",
                completed_on="2013-12-01")
    late = make(n=2, due="2014-01-01")
    later = make(n=3, due="2015-01-01")
    assert A.counts([done, late, later], TODAY) == {"total": 3, "completed": 1, "overdue": 1}
    assert A.counts_for_period([done, late, later], date(2013, 11, 30)) == {
        "total": 3, "completed": 0, "overdue": 0,
    }
    assert A.counts_for_period([done, late, later], date(2014, 3, 31)) == {
        "total": 3, "completed": 1, "overdue": 1,
    }


def test_cancellation_date_checked():
    with pytest.raises(ScrError, match="after today"):
        step(make(), status="cancelled", cancelled_on="2014-02-01")
    with pytest.raises(ScrError, match="before the action was added"):
        step(make(), status="cancelled", cancelled_on="2013-01-01")


def test_counts_kept_whatever_the_day_count_as_each_action_does():
    """rules.tally keeps what counts are made from; counts_on counts an action overdue exactly
    where is_overdue says so, on any day (the derived index keeps the tally for years)."""
    import random

    rng = random.Random(7)
    for _ in range(300):
        actions = [{"status": rng.choice(A.STATUSES), "due": (date(2013, 1, 1) + timedelta(days=rng.randint(0, 900))).isoformat()}
                   for _ in range(rng.randint(0, 40))]
        day = date(2013, 1, 1) + timedelta(days=rng.randint(-10, 910))
        counted = A.counts_on(A.tally(actions), day)
        assert counted["overdue"] == sum(1 for a in actions if A.is_overdue(a, day))
        assert counted["completed"] == sum(1 for a in actions if a["status"] == A.COMPLETED)
        assert counted["total"] == len(actions)
