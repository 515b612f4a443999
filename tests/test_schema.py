"""The schema of a review file: every record checked on every read, damage named by file, record
and field; schema versions migrated forward; the audit trail built to be read."""

import json
from datetime import date

import pytest

from scr.errors import DamagedFile
from scr.workspace import schema
from scr.workspace.migrate import STEPS, migrate
from scr.workspace.workspace import Workspace

REF = "2012-child-f"


def new(run, ref=REF):
    assert run("new", "scr", "--title", "T", "--subject", "Child F", "--ref", ref,
               "--aware", "2012-03-05").exit_code == 0


@pytest.fixture
def full(ws_path, run):
    """A review with a record in every table scr checks, and a healthy neighbour."""
    new(run)
    new(run, "2013-infant-b")
    steps = [
        ("set", REF, "scope-from", "2011-01-01"), ("set", REF, "scope-to", "2012-03-05"),
        ("pause", REF, "--from", "2012-06-01", "--reason", "trial"),
        ("chronology", "request", REF, "Police", "--due", "2012-06-01"),
        ("actions", "add", REF, "Train staff", "--recommendation", "1", "--agency", "Police",
         "--due", "2014-03-31"),
        ("redact", "add", REF, "Jane Smith"),
        ("link", REF, "2013-infant-b", "--as", "parallel"),
    ]
    for args in steps:
        result = run("--as-of", "2012-07-01", *args)
        assert result.exit_code == 0, (args, result.stderr)
    return ws_path / "reviews" / REF / "review.json"


# Each hand edit, and the record and field the damage names.
EDITS = [
    (lambda d: d["actions"]["1"].__setitem__("due", 20140331),
     "actions.1.due: expected a date (YYYY-MM-DD), got 20140331"),
    (lambda d: d["actions"]["1"].pop("n"), "actions.1.n: missing"),
    (lambda d: d["actions"]["1"].__setitem__("status", "done"),
     'actions.1.status: "done" is not one of'),
    (lambda d: d["actions"]["1"].__setitem__("n", "1"), "actions.1.n: expected a whole number"),
    (lambda d: d["actions"]["1"].__setitem__("n", 7), "actions.1.n: 7 is not the record's number 1"),
    (lambda d: d["actions"]["1"].__setitem__("version", 1.5), "actions.1.version: expected a whole number, got 1.5"),
    (lambda d: d["actions"]["1"].__setitem__("text", None), "actions.1.text: expected text, got null"),
    (lambda d: d["actions"]["1"].__setitem__("history", {}), "actions.1.history: expected a list"),
    (lambda d: d["actions"]["1"].update(status="completed", completed_on=None),
     "actions.1.completed_on: missing (the action is completed)"),
    (lambda d: d["actions"]["1"]["history"][0].__setitem__("date", "yesterday"),
     "actions.1.history.0.date: expected a real date"),
    (lambda d: d["review"]["1"].__setitem__("scope_from", "2011-02-30"),
     "review.1.scope_from: expected a real date (YYYY-MM-DD), got \"2011-02-30\""),
    (lambda d: d["review"]["1"].__setitem__("scope_from", "2013-01-01"),
     "review.1.scope_from: 2013-01-01 is after scope_to 2012-03-05"),
    (lambda d: d["review"]["1"].__setitem__("title", ["a"]), "review.1.title: expected text"),
    (lambda d: d["review"]["1"].__setitem__("incident", "murder"), "review.1.incident:"),
    (lambda d: d["review"]["1"].__setitem__("links", "2013-infant-b"), "review.1.links: expected a list"),
    (lambda d: d["review"]["1"]["links"][0].pop("relation"), "review.1.links.0.relation: missing"),
    (lambda d: d["review"]["1"].__setitem__("schema_version", "2"),
     "review.1.schema_version: expected a whole number from 1"),
    (lambda d: d["events"]["1"].__setitem__("planned", "no"), "events.1.planned: expected true or false"),
    (lambda d: d["events"]["1"].__setitem__("withdrawn", "oops"), "events.1.withdrawn: expected an object"),
    (lambda d: d["pauses"]["1"].__setitem__("to", "2012-05-01"), "pauses.1.to: 2012-05-01 is before from"),
    (lambda d: d["pauses"]["1"].pop("from"), "pauses.1.from: missing"),
    (lambda d: d["requests"]["1"].__setitem__("due", "1/6/2012"), "requests.1.due: expected a real date"),
    (lambda d: d["requests"]["1"].__setitem__("agency", 12), "requests.1.agency: expected text, got 12"),
    (lambda d: d["recommendations"]["1"].__setitem__("label", 1), "recommendations.1.label: expected text"),
    (lambda d: d["redactions"]["1"].__setitem__("replace_with", False), "redactions.1.replace_with: expected text"),
    (lambda d: d["audit"]["1"].__setitem__("changes", "all"), "audit.1.changes: expected a list"),
    (lambda d: d["events"].__setitem__("x", {"kind": "aware", "date": "2012-01-01", "planned": False}),
     "events.x: a record id must be a whole number"),
]


@pytest.mark.parametrize("edit,named", EDITS, ids=[named.split(":")[0] for _, named in EDITS])
def test_every_wrong_record_is_damage_naming_file_record_and_field(full, ws_path, run, edit, named):
    data = json.loads(full.read_text())
    edit(data)
    full.write_text(json.dumps(data))
    doctor = run("doctor", "--json")
    assert doctor.exit_code == 3
    found = json.loads(doctor.stdout)["damaged"]
    assert [d["file"] for d in found] == [str(full)]
    assert named in found[0]["problem"], found
    plain = run("doctor")
    assert f"DAMAGED  {full}: {named}" in plain.stdout
    for args in (["list", "--json"], ["status"], ["deadlines", "--json"], ["actions", "overdue"],
                 ["actions", "list", "--json"], ["show", REF]):
        result = run("--as-of", "2014-06-01", *args)
        assert result.exit_code == 1 and result.stdout == "", (args, result.stdout)
        assert str(full) in result.stderr and named in result.stderr, (args, result.stderr)
        assert "bug in scr" not in result.stderr
    assert run("show", "2013-infant-b").exit_code == 0  # the neighbour still works


def test_doctor_lists_every_damage_of_every_file(full, ws_path, run):
    data = json.loads(full.read_text())
    data["actions"]["1"]["due"] = 20140331
    data["events"]["1"]["date"] = "soon"
    full.write_text(json.dumps(data))
    other = ws_path / "reviews" / "2013-infant-b" / "review.json"
    data = json.loads(other.read_text())
    data["review"]["1"].pop("title")
    other.write_text(json.dumps(data))
    doctor = run("doctor", "--json")
    assert doctor.exit_code == 3
    found = [(d["file"], d["problem"].split(":")[0]) for d in json.loads(doctor.stdout)["damaged"]]
    assert sorted(found) == sorted([(str(full), "actions.1.due"), (str(full), "events.1.date"),
                                    (str(other), "review.1.title")])
    status = run("status")
    assert status.exit_code == 1 and status.stdout == ""
    assert str(full) in status.stderr and str(other) in status.stderr


def test_fields_scr_does_not_know_are_kept_and_ignored(full, run):
    """A field or table another (newer) scr adds at the same schema version is no damage, and a
    change made here keeps it."""
    data = json.loads(full.read_text())
    data["actions"]["1"]["priority"] = "high"
    data["themes"] = {"1": {"theme": "neglect"}}
    full.write_text(json.dumps(data))
    assert run("doctor").exit_code == 0
    assert run("--as-of", "2012-07-02", "actions", "update", f"{REF}:1", "--status",
               "in-progress").exit_code == 0
    data = json.loads(full.read_text())
    assert data["actions"]["1"]["priority"] == "high" and data["themes"]["1"] == {"theme": "neglect"}


def test_decode_gives_typed_records(full):
    decoded = schema.decode(full.read_bytes(), full)
    assert decoded.record.ref == REF and decoded.record.scope_to == date(2012, 3, 5)
    assert decoded.actions[1].due == date(2014, 3, 31) and decoded.actions[1].status == "not-started"
    assert decoded.pauses[1].start == date(2012, 6, 1) and decoded.pauses[1].to is None
    assert decoded.requests[1].agency == "Police"
    data = json.loads(full.read_text())
    data["actions"]["1"]["due"] = "2014-02-30"
    with pytest.raises(DamagedFile) as caught:
        schema.decode(json.dumps(data).encode(), full)
    assert caught.value.problems == ['actions.1.due: expected a real date (YYYY-MM-DD), got "2014-02-30"']


# ------------------------------------------------------------------------------ migrations


def version_1_file():
    """A review file as scr wrote it at schema 1 (its audit records in the old form: whole
    histories as [old, new] pairs, local times)."""
    history = [{"version": 1, "date": "2013-09-01", "at": "2013-09-01T10:00:00+00:00",
                "user": "jane", "source": "add",
                "changes": {"text": {"from": None, "to": "Train staff"}}}]
    action = {"n": 1, "recommendation": "1", "text": "Train staff", "agency": "Police",
              "owner": None, "outcome": None, "due": "2014-03-31", "added": "2013-09-01",
              "status": "in-progress", "completed_on": None, "cancelled_on": None,
              "evidence": None, "version": 2,
              "history": history + [dict(history[0], version=2, source="update",
                                         changes={"status": {"from": "not-started",
                                                             "to": "in-progress"}})]}
    return {
        "review": {"1": {"ref": REF, "kind": "scr", "title": "T", "subject": "Child F",
                         "framework": None, "scope_from": None, "scope_to": None, "author": None,
                         "chair": None, "incident": None, "terms_of_reference": None, "links": [],
                         "schema_version": 1, "created": "2013-09-01", "board": "B"}},
        "events": {"1": {"kind": "aware", "date": "2012-03-05", "planned": False, "note": None,
                         "recipient": None, "purpose": None, "reference": None, "withdrawn": None}},
        "actions": {"1": action},
        "recommendations": {"1": {"label": "1", "text": "", "response": None}},
        "audit": {
            "1": {"timestamp": "2013-09-01T11:00:00+01:00", "user": "jane", "command": "scr new",
                  "changes": [{"table": "events", "id": "e1", "op": "added",
                               "values": {"kind": "aware", "date": "2012-03-05", "note": None}}]},
            "2": {"timestamp": "2013-09-02T11:00:00+01:00", "user": "jane",
                  "command": "scr actions update 2012-child-f:1 --status in-progress",
                  "changes": [{"table": "actions", "id": "1", "op": "changed",
                               "fields": {"status": ["not-started", "in-progress"],
                                          "history": [history, action["history"]]}}]},
        },
    }


def test_every_schema_version_has_a_step_up_to_the_current_one():
    assert sorted(STEPS) == list(range(1, schema.SCHEMA_VERSION))


def test_version_1_migrates_to_2_keeping_its_audit_records_as_they_are(ws_path, run):
    folder = ws_path / "reviews" / REF
    for sub in ("chronologies", "report/sections", "documents", "action-plan"):
        (folder / sub).mkdir(parents=True)
    for name in (".lock", ".lock-holder"):
        (folder / name).write_text("")
    old = version_1_file()
    (folder / "review.json").write_text(json.dumps(old))
    data = json.loads(json.dumps(old))
    assert migrate(data, "x") == 1 and data["review"]["1"]["schema_version"] == 2
    assert data["audit"] == old["audit"]
    schema.check(data, "x")
    assert run("doctor").exit_code == 0
    assert run("show", REF).exit_code == 0
    assert (folder / "review.json").read_text() == json.dumps(old)  # reading changes nothing
    lines = run("log", REF).stdout.splitlines()
    assert lines[0] == "1 Sep 2013 10:00:00 +00:00  jane  events e1 added: kind aware, date 5 Mar 2012  [scr new]"
    assert lines[1].endswith("actions 1 changed: status not-started -> in-progress"
                             "  [scr actions update 2012-child-f:1 --status in-progress]")
    assert run("--as-of", "2014-01-01", "actions", "update", f"{REF}:1", "--due", "2014-06-30").exit_code == 0
    written = json.loads((folder / "review.json").read_text())
    assert written["review"]["1"]["schema_version"] == 2
    assert written["audit"]["1"] == old["audit"]["1"] and written["audit"]["2"] == old["audit"]["2"]
    assert written["audit"]["3"]["changes"] == [{"table": "actions", "id": "1", "op": "changed",
                                                 "fields": {"due": {"old": "2014-03-31", "new": "2014-06-30"},
                                                            "version": {"old": 2, "new": 3}}}]
    assert run("log", REF, "--json").exit_code == 0


def test_a_file_from_a_newer_scr_is_refused_not_rewritten(ws_path, run):
    new(run)
    path = ws_path / "reviews" / REF / "review.json"
    data = json.loads(path.read_text())
    data["review"]["1"]["schema_version"] = schema.SCHEMA_VERSION + 1
    path.write_text(json.dumps(data))
    before = path.read_bytes()
    result = run("set", REF, "author", "A")
    assert result.exit_code == 1 and "upgrade scr" in result.stderr
    assert path.read_bytes() == before


# ------------------------------------------------------------------------------ the audit


def test_audit_records_only_what_changed_and_grows_linearly(ws_path, run):
    """1,000 updates of one action stay under 1 MB: no audit record copies a history. The updates
    are the session's own steps (snapshot, change, diff, audit record) without a disk write each;
    the commands' wiring of the same steps is checked by the real updates at the end."""
    from scr.actions import rules
    from scr.workspace import audit
    from scr.workspace.store import dumps

    new(run)
    assert run("--as-of", "2013-01-01", "actions", "add", REF, "Train staff", "--recommendation",
               "1", "--agency", "Police", "--due", "2014-03-31").exit_code == 0
    path = ws_path / "reviews" / REF / "review.json"
    ws = Workspace(ws_path, today=date(2013, 6, 1), user="jane", command="scr actions update")
    data = json.loads(path.read_text())
    sizes = []
    for i in range(1000):
        before = {table: dict(records) for table, records in data.items()}  # change() copies
        action = rules.change(data["actions"]["1"], {"owner": f"Owner {i}"}, today=ws.today,
                              user=ws.user, source="update", require_evidence=True)
        data["actions"]["1"] = action
        audit.append(data, audit.entry(ws, audit.diff(before, data)))
        if i in (99, 999):
            sizes.append(len(dumps(data).encode()))
    assert sizes[1] < 1_000_000
    assert sizes[1] < 11 * sizes[0]  # linear: ten times the changes, about ten times the size
    last = data["audit"][max(data["audit"], key=int)]
    assert last["changes"] == [{"table": "actions", "id": "1", "op": "changed",
                                "fields": {"owner": {"old": "Owner 998", "new": "Owner 999"},
                                           "version": {"old": 1000, "new": 1001}}}]
    assert len(data["actions"]["1"]["history"]) == 1001  # the action keeps its own history
    path.write_text(dumps(data))
    for i in range(3):
        assert run("--as-of", "2013-06-01", "--user", "jane", "actions", "update", f"{REF}:1",
                   "--owner", f"Owner {1000 + i}").exit_code == 0
    written = json.loads(path.read_text())
    last = written["audit"][max(written["audit"], key=int)]
    assert last["changes"] == [{"table": "actions", "id": "1", "op": "changed",
                                "fields": {"owner": {"old": "Owner 1001", "new": "Owner 1002"},
                                           "version": {"old": 1003, "new": 1004}}}]
    assert last["timestamp"].endswith("+00:00") and last["effective"] == "2013-06-01"
    lines = run("log", REF).stdout.splitlines()
    assert lines[-1].endswith("jane  actions 1 changed: owner Owner 1001 -> Owner 1002, version 1003 -> 1004"
                              f"  [scr --as-of 2013-06-01 --user jane actions update {REF}:1 --owner 'Owner 1002']")
    assert not any("'" in line.split("  [")[0] or "{" in line for line in lines[-5:])  # no reprs


# ------------------------------------------------------------------ leftovers and --repair


def test_leftovers_are_warnings_and_repair_removes_them_saying_what(ws_path, run):
    import os
    import time

    new(run)
    folder = ws_path / "reviews" / REF
    old = time.time() - 60
    temp = folder / ".review.json.abcd1234.tmp"
    temp.write_text("{half")
    os.utime(temp, (old, old))
    orphan = folder / "chronologies" / "police-1-police.csv"
    orphan.write_text("Date,Event\n")
    doctor = run("doctor", "--json")
    assert doctor.exit_code == 0  # leftovers are warnings; damage is exit 3
    warned = {}
    for warning in json.loads(doctor.stdout)["warnings"]:
        warned[warning["file"]] = warned.get(warning["file"], "") + warning["problem"] + "; "
    assert "interrupted write" in warned[str(temp)] and "--repair" in warned[str(temp)]
    assert "no record names this chronology copy" in warned[str(orphan)]
    repair = run("doctor", "--repair")
    assert repair.exit_code == 0
    assert f"REPAIRED removed {temp}, a temporary file left by an interrupted write" in repair.stdout
    assert f"REPAIRED removed {orphan}, a chronology copy no record names" in repair.stdout
    assert not temp.exists() and not orphan.exists()
    assert json.loads(run("doctor", "--json").stdout)["warnings"] == []


def test_an_orphan_copy_left_by_a_killed_add_no_longer_blocks_the_agency(ws_path, run, tmp_path):
    """Before: every later add for that agency failed ('already exists: move it away'),
    --replace included, while doctor said ok."""
    new(run)
    folder = ws_path / "reviews" / REF / "chronologies"
    (folder / "police-1-police.csv").write_text("left by a killed add")
    (folder / "police-1-police.csv.entries.json").write_text("{}")
    source = tmp_path / "police.csv"
    source.write_text("Date,Event\n1/2/2012,Visit\n")
    result = run("--as-of", "2014-01-01", "chronology", "add", REF, "Police", source)
    assert result.exit_code == 0, result.stderr
    assert "replacing" in result.stderr and "interrupted `scr chronology add`" in result.stderr
    assert (folder / "police-1-police.csv").read_text() == source.read_text()
    assert run("doctor").exit_code == 0


def test_the_next_writer_finishes_a_commit_a_kill_interrupted(ws_path, run):
    """A journal written, the renames not done: the next writer of the review completes them."""
    from scr.workspace import commit
    from scr.workspace.store import dumps

    new(run)
    folder = ws_path / "reviews" / REF
    data = json.loads((folder / "review.json").read_text())
    data["review"]["1"]["author"] = "Committed Author"
    section = folder / "report" / "sections" / "01-x.md"
    temps = [(commit.write_temp(section, "# One\n", 0o600), section),
             (commit.write_temp(folder / "review.json", dumps(data), 0o600), folder / "review.json")]
    commit.write_journals(temps, [folder])  # the commit point; then the kill
    assert not section.exists() and commit.journals(folder)
    doctor = run("doctor", "--json")
    assert doctor.exit_code == 0
    assert any("unfinished commit" in w["problem"] for w in json.loads(doctor.stdout)["warnings"])
    result = run("set", REF, "chair", "Jane Chair")
    assert result.exit_code == 0 and "finished an interrupted write" in result.stderr
    shown = json.loads(run("show", REF, "--json").stdout)
    assert shown["author"] == "Committed Author" and shown["chair"] == "Jane Chair"
    assert section.read_text() == "# One\n" and not commit.journals(folder)
