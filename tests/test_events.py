"""scr/timescales/events.py: recording what happened to a review (events, notifications, pauses),
called directly on a review session, as `scr event`, `notify`, `pause` and `resume` call it."""

from datetime import date

import pytest

from scr import values
from scr.errors import ScrError
from scr.timescales import events
from scr.workspace.workspace import Workspace

TODAY = date(2014, 4, 30)


@pytest.fixture
def ws(ws_path, run):
    assert run("new", "scr", "--ref", "r1", "--title", "T", "--subject", "Child F",
               "--aware", "2013-01-07").exit_code == 0
    return Workspace(ws_path, today=TODAY, user="tester")


def recorded(ws):
    with ws.open_review("r1") as review:
        return {e["id"]: e for e in review.events()}, review.pauses()


@pytest.mark.parametrize("recipient, purpose, kind", [
    ("ofsted", None, "notify:ofsted"),
    ("ofsted", "incident", "notify:ofsted:incident"),
    ("panel", "rapid-review", "notify:panel:rapid-review"),
    ("secretary-of-state", "decision", "notify:secretary-of-state:decision"),
])
def test_a_notification_is_an_event_of_kind_notify_recipient_purpose(recipient, purpose, kind):
    assert events.notification_kind(recipient, purpose) == kind


@pytest.mark.parametrize("recipient, purpose", [("Ofsted", None), ("ofsted", "in cident"), ("", None),
                                                ("ofsted:panel", None), ("../x", "incident")])
def test_a_notification_recipient_or_purpose_must_be_a_slug(recipient, purpose):
    with pytest.raises(ScrError, match="invalid"):
        events.notification_kind(recipient, purpose)


@pytest.mark.parametrize("kind", ["referral", "tor-agreed", "notify:ofsted", "notify:panel:incident"])
def test_event_kinds_that_are_accepted(kind):
    assert values.check_event_kind(kind) == kind


@pytest.mark.parametrize("kind", ["", "Referral", "tor agreed", "notify:", "notify:Ofsted",
                                  "notify:a:b:c", "x:y"])
def test_event_kinds_that_are_refused(kind):
    with pytest.raises(ScrError):
        values.check_event_kind(kind)


def test_an_event_is_stored_with_its_day_and_note(ws):
    with ws.open_review("r1", write=True) as review:
        record = events.record_event(review, "referral", "10/1/2013", note="  From the police  ")
    stored, _ = recorded(ws)
    assert stored[record]["kind"] == "referral" and stored[record]["date"] == "2013-01-10"
    assert stored[record]["note"] == "From the police" and stored[record]["planned"] is False


def test_a_notification_records_its_recipient_and_purpose(ws):
    with ws.open_review("r1", write=True) as review:
        record = events.record_notification(review, "ofsted", "8/1/2013", purpose="incident",
                                            reference="OF-123")
    stored, _ = recorded(ws)
    assert stored[record]["kind"] == "notify:ofsted:incident"
    assert (stored[record]["recipient"], stored[record]["purpose"], stored[record]["reference"]) == \
        ("ofsted", "incident", "OF-123")


def test_only_a_planned_event_may_be_in_the_future(ws):
    with pytest.raises(ScrError, match="after today") as caught:
        with ws.open_review("r1", write=True) as review:
            events.record_event(review, "published", "1/9/2014")
    assert "2014-09-01" in str(caught.value) and "--planned" in str(caught.value)
    assert "published" not in {e["kind"] for e in recorded(ws)[0].values()}
    with ws.open_review("r1", write=True) as review:
        record = events.record_event(review, "published", "1/9/2014", planned=True)
    assert recorded(ws)[0][record]["planned"] is True


@pytest.mark.parametrize("call", [
    lambda rv: events.record_event(rv, "referral", "2013-01-10", note="   "),
    lambda rv: events.record_notification(rv, "ofsted", "2013-01-10", reference=" "),
    lambda rv: events.start_pause(rv, "2013-02-01", "  "),
    lambda rv: events.record_event(rv, "referral", "31/2/2013"),
    lambda rv: events.record_notification(rv, "ofsted", "2099-01-01"),
])
def test_bad_input_is_refused_and_nothing_is_written(ws, ws_path, call):
    before = (ws_path / "reviews" / "r1" / "review.json").read_bytes()
    with pytest.raises(ScrError):
        with ws.open_review("r1", write=True) as review:
            call(review)
    assert (ws_path / "reviews" / "r1" / "review.json").read_bytes() == before


def test_a_pause_runs_until_it_is_resumed(ws):
    with ws.open_review("r1", write=True) as review:
        pause = events.start_pause(review, "1/4/2013", "Inquest")
        assert events.open_pause(review)["id"] == pause
    with ws.open_review("r1", write=True) as review:
        assert events.resume(review, "1/5/2013") == pause
        assert events.open_pause(review) is None
    _, pauses = recorded(ws)
    assert [(p["from"], p["to"], p["reason"]) for p in pauses] == [("2013-04-01", "2013-05-01", "Inquest")]


def test_only_one_pause_is_open_at_a_time(ws):
    with ws.open_review("r1", write=True) as review:
        events.start_pause(review, "1/4/2013", "Inquest")
    with pytest.raises(ScrError, match="already has an open pause"):
        with ws.open_review("r1", write=True) as review:
            events.start_pause(review, "1/6/2013", "Criminal trial")


def test_resume_needs_an_open_pause_and_a_date_after_it_started(ws):
    with pytest.raises(ScrError, match="no open pause"):
        with ws.open_review("r1", write=True) as review:
            events.resume(review, "1/5/2013")
    with ws.open_review("r1", write=True) as review:
        events.start_pause(review, "1/4/2013", "Inquest")
    with pytest.raises(ScrError, match="cannot end before it starts"):
        with ws.open_review("r1", write=True) as review:
            events.resume(review, "1/3/2013")


def test_a_day_is_paused_only_once(ws):
    with ws.open_review("r1", write=True) as review:
        events.start_pause(review, "1/4/2013", "Inquest")
        events.resume(review, "1/5/2013")
    with pytest.raises(ScrError, match="falls inside the pause p1"):
        with ws.open_review("r1", write=True) as review:
            events.start_pause(review, "15/4/2013", "Trial")
    with ws.open_review("r1", write=True) as review:
        events.start_pause(review, "1/3/2013", "Trial")
    with pytest.raises(ScrError, match="overlap the pause p1"):
        with ws.open_review("r1", write=True) as review:
            events.resume(review, "10/4/2013")
