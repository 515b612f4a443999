"""The point-in-time view of a review file (scr/workspace/asof.py): every record dated after the
day is left out, as CLI.md 1.1 says, record kind by record kind."""

from datetime import date

from scr.workspace import asof

DAY = date(2014, 3, 1)


def _data(**tables):
    data = {"review": {"1": {"ref": "r1", "title": "Old title", "links": []}}, "audit": {}}
    data.update(tables)
    return data


def test_events_after_the_day_are_left_out_planned_ones_kept():
    data = _data(events={
        "1": {"kind": "aware", "date": "2014-02-01", "planned": False},
        "2": {"kind": "published", "date": "2014-07-01", "planned": False},
        "3": {"kind": "published", "date": "2014-09-01", "planned": True},
    })
    seen = asof.view(data, DAY)
    assert sorted(seen["events"]) == ["1", "3"]
    assert sorted(data["events"]) == ["1", "2", "3"]  # the file's own data is untouched


def test_a_withdrawal_made_after_the_day_had_not_happened_yet():
    withdrawn = {"reason": "typo", "date": "2014-05-01", "user": "x"}
    data = _data(events={"1": {"kind": "aware", "date": "2014-02-01", "planned": False,
                               "withdrawn": withdrawn}})
    assert asof.view(data, DAY)["events"]["1"]["withdrawn"] is None
    assert asof.view(data, date(2014, 5, 1))["events"]["1"]["withdrawn"] == withdrawn


def test_a_later_resumption_leaves_the_pause_open_and_a_later_pause_is_left_out():
    data = _data(pauses={"1": {"from": "2014-01-10", "to": "2014-04-01"},
                         "2": {"from": "2014-06-01", "to": None}})
    seen = asof.view(data, DAY)["pauses"]
    assert seen == {"1": {"from": "2014-01-10", "to": None}}


def _history(version, day, **changes):
    return {"version": version, "date": day, "changes": {k: {"from": a, "to": b} for k, (a, b) in changes.items()}}


def test_an_action_completed_after_the_day_is_open_and_one_added_after_it_is_absent():
    done = {"n": 1, "added": "2014-01-05", "status": "completed", "completed_on": "2014-04-02",
            "evidence": "minutes", "due": "2014-02-01", "version": 3, "history": [
                _history(1, "2014-01-05", status=(None, "not-started"), due=(None, "2014-02-01")),
                _history(2, "2014-02-10", status=("not-started", "in-progress")),
                _history(3, "2014-04-02", status=("in-progress", "completed"),
                         completed_on=(None, "2014-04-02"), evidence=(None, "minutes"))]}
    later = {"n": 2, "added": "2014-03-05", "status": "not-started", "history": []}
    seen = asof.view(_data(actions={"1": done, "2": later}), DAY)["actions"]
    assert list(seen) == ["1"]
    assert (seen["1"]["status"], seen["1"]["completed_on"], seen["1"]["evidence"]) == ("in-progress", None, None)
    assert seen["1"]["version"] == 2


def test_a_completion_recorded_late_but_dated_before_the_day_counts():
    action = {"n": 1, "added": "2014-01-05", "status": "completed", "completed_on": "2014-02-20",
              "due": "2014-02-01", "history": [
                  _history(1, "2014-01-05", status=(None, "not-started"), due=(None, "2014-02-01")),
                  _history(2, "2014-03-20", due=("2014-02-01", "2014-06-01")),
                  _history(3, "2014-03-25", status=("not-started", "completed"),
                           completed_on=(None, "2014-02-20"))]}
    seen = asof.view(_data(actions={"1": action}), DAY)["actions"]["1"]
    assert (seen["status"], seen["completed_on"]) == ("completed", "2014-02-20")
    assert seen["due"] == "2014-02-01"  # the new due date was set after the day


def test_requests_and_files_count_from_their_own_dates():
    data = _data(requests={"1": {"agency": "A", "requested": "2014-01-01"},
                           "2": {"agency": "B", "requested": "2014-04-01"}},
                 chronology_files={"1": {"agency": "A", "received": "2014-02-01", "replaced": "2014-05-01"},
                                   "2": {"agency": "A", "received": "2014-05-01", "replaced": None}})
    seen = asof.view(data, DAY)
    assert list(seen["requests"]) == ["1"]
    assert seen["chronology_files"] == {"1": {"agency": "A", "received": "2014-02-01", "replaced": None}}


def test_set_and_link_take_effect_from_the_day_they_were_made():
    data = _data()
    data["review"]["1"] = {"ref": "r1", "title": "New title", "links": [{"ref": "r2", "relation": "became"}]}
    data["audit"] = {
        "1": {"effective": "2014-01-01", "changes": [{"table": "review", "id": "1", "op": "added"}]},
        "2": {"effective": "2014-06-01", "changes": [
            {"table": "review", "id": "1", "op": "changed", "fields": {"title": ["Old title", "New title"]}}]},
        "3": {"effective": "2014-07-01", "changes": [
            {"table": "review", "id": "1", "op": "changed",
             "fields": {"links": [[], [{"ref": "r2", "relation": "became"}]]}}]},
        "4": {"changes": [{"table": "review", "id": "1", "op": "changed",
                           "fields": {"subject": ["x", "y"]}}]},  # before 1.1: no effective, in force
    }
    assert asof.view(data, DAY)["review"]["1"] == {"ref": "r1", "title": "Old title", "links": []}
    assert asof.view(data, date(2014, 6, 15))["review"]["1"]["title"] == "New title"
    assert asof.view(data, date(2014, 6, 15))["review"]["1"]["links"] == []


def test_nothing_after_the_day_gives_the_same_data_back():
    data = _data(events={"1": {"kind": "aware", "date": "2014-02-01", "planned": False}})
    assert asof.view(data, DAY) is data


def test_delays_count_from_the_day_they_were_recorded():
    data = _data(delays={"1": {"milestone": "publication", "reason": "trial", "date": "2014-02-01"},
                         "2": {"milestone": "publication", "reason": "inquest", "date": "2014-03-02"}})
    assert list(asof.view(data, DAY)["delays"]) == ["1"]


def test_from_its_latest_date_on_the_view_is_the_file_itself():
    """asof.latest: the derived index serves a review from its copy from this day on."""
    from datetime import timedelta

    withdrawn = {"reason": "typo", "date": "2014-05-01", "user": "x"}
    data = _data(
        events={"1": {"kind": "aware", "date": "2014-02-01", "planned": False},
                "2": {"kind": "published", "date": "2015-09-01", "planned": True},  # a plan: kept
                "3": {"kind": "initiated", "date": "2014-02-10", "planned": False,
                      "withdrawn": withdrawn}},
        pauses={"1": {"from": "2014-02-02", "to": "2014-04-20"}},
        actions={"1": {"added": "2014-01-05", "status": "completed", "completed_on": "2014-02-01",
                       "history": [{"date": "2014-01-05", "changes": {}},
                                   {"date": "2014-04-02", "changes": {"status": {"to": "completed"}}}]}},
    )
    day = asof.latest(data)
    assert day == "2014-05-01"  # the withdrawal, the latest date a rule reads
    assert asof.view(data, date.fromisoformat(day)) is data
    assert asof.view(data, date(2031, 1, 1)) is data
    assert asof.view(data, date.fromisoformat(day) - timedelta(days=1)) is not data
    assert asof.latest(_data()) == "0001-01-01"
    data["audit"] = {"1": {"effective": "2014-06-30", "changes": []}}
    assert asof.latest(data) == "2014-06-30"
