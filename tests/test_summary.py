"""scr/board/summary.py: what `scr list` and `scr show` report about a review, called directly on a
review built through the commands: its stage, its next due date, what was withdrawn, the agencies'
chronologies and the action plan's counts."""

from datetime import date

import pytest

from scr.board import summary
from scr.workspace.workspace import Workspace

TODAY = date(2014, 4, 30)


@pytest.fixture
def ws_path(ws_path, run, monkeypatch):
    monkeypatch.setenv("SCR_AS_OF", TODAY.isoformat())
    for args in (
        ["new", "scr", "--ref", "r1", "--title", "SCR Child F", "--subject", "Child F", "--aware", "2013-01-07",
         "--framework", "wt2013"],
        ["event", "r1", "decision", "--date", "2013-01-20"],
        ["event", "r1", "initiated", "--date", "2013-02-01"],
        ["chronology", "request", "r1", "Education", "--due", "2013-03-01", "--date", "2013-01-15"],
        ["actions", "add", "r1", "Audit", "--recommendation", "1", "--agency", "Education", "--due", "2013-06-01"],
        ["actions", "add", "r1", "Train", "--recommendation", "1", "--agency", "Education", "--due", "2014-12-01"],
        ["actions", "add", "r1", "Report", "--recommendation", "2", "--agency", "Education", "--due", "2014-01-01"],
        ["actions", "update", "r1:3", "--status", "completed", "--date", "2014-04-30", "--evidence", "Audit report"],
    ):
        result = run(*args)
        assert result.exit_code == 0, (args, result.stderr)
    return ws_path


def review(ws_path, ref="r1"):
    return Workspace(ws_path, today=TODAY, user="tester").open_review(ref)


def test_a_review_row_says_what_it_is_where_it_stands_and_what_is_due_next(ws_path):
    with review(ws_path) as rv:
        row = summary.review_row(rv)
    assert row == {"ref": "r1", "kind": "scr", "title": "SCR Child F", "subject": "Child F",
                   "framework": "wt2013", "stage": "initiated", "next_due": "2013-02-15", "closed": False,
                   "themes": []}


def test_the_next_due_date_moves_on_when_a_milestone_is_met(ws_path, run):
    """Ofsted told of the decision (due 15 Feb 2013: WT2013's incident notifications have no fixed
    period, and the panel did not exist yet): the next due is the completion, six months on."""
    assert run("notify", "r1", "ofsted", "--date", "2013-02-10", "--purpose", "decision").exit_code == 0
    with review(ws_path) as rv:
        assert summary.review_row(rv)["next_due"] == "2013-08-01"


def test_a_closed_review_says_so(ws_path, run):
    assert run("event", "r1", "closed", "--date", "2014-04-01").exit_code == 0
    with review(ws_path) as rv:
        row = summary.review_row(rv)
    assert row["closed"] is True and row["stage"] == "closed"


def test_the_detail_keeps_a_withdrawn_event_with_its_reason_and_drops_it_from_the_stage(ws_path, run):
    assert run("withdraw", "r1", "e3", "--reason", "Entered in error").exit_code == 0
    with review(ws_path) as rv:
        detail = summary.review_detail(rv)
    withdrawn = {e["id"]: e["withdrawn"] for e in detail["events"]}
    assert withdrawn["e3"]["reason"] == "Entered in error" and withdrawn["e2"] is None
    assert detail["stage"] == "decision"  # the initiation was withdrawn


def test_the_detail_counts_the_action_plan_and_the_chronologies(ws_path):
    with review(ws_path) as rv:
        detail = summary.review_detail(rv)
    # three actions: one completed, one past its due date (1 Jun 2013), one due in December
    assert detail["actions"] == {"total": 3, "completed": 1, "overdue": 1}
    assert summary.action_counts(rv) == detail["actions"]
    assert [(a["agency"], a["due"], a["status"], a["entries"]) for a in detail["agencies"]] == \
        [("Education", "2013-03-01", "overdue", 0)]
    assert detail["requests"] == [{"id": "r1", "agency": "Education", "requested": "2013-01-15",
                                   "due": "2013-03-01", "withdrawn": None}]


def test_the_detail_shows_a_pause_and_the_paused_milestone(ws_path, run):
    assert run("pause", "r1", "--from", "2013-03-01", "--reason", "Inquest").exit_code == 0
    with review(ws_path) as rv:
        detail = summary.review_detail(rv)
    assert detail["pauses"] == [{"id": "p1", "from": "2013-03-01", "to": None, "reason": "Inquest",
                                 "category": "inquest", "withdrawn": None}]  # 1.1: guessed from the reason
    completion = {m["milestone"]: m for m in detail["milestones"]}["completion"]
    assert completion["status"] == "paused"


def test_the_detail_is_what_scr_show_prints(ws_path, run):
    import json

    with review(ws_path) as rv:
        detail = summary.review_detail(rv)
    shown = run("show", "r1", "--json")
    assert shown.exit_code == 0 and json.loads(shown.stdout) == json.loads(json.dumps(detail))
