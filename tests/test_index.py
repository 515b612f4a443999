"""The derived index (scr/workspace/index.py) never changes an answer.

Random portfolios and histories: every command across reviews prints byte-identical output with
the index (cold, then warm), without it (SCR_NO_INDEX=1), after the index is deleted, after it is
damaged or belongs to another workspace, and after another process changed a review behind it.
"""

import os
import random
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from scr.actions import rules as actions
from scr.workspace import index
from scr.workspace import review as reviews_module
from scr.workspace.workspace import Workspace

ROOT = Path(__file__).resolve().parent.parent
AS_OF = "2014-06-30"
KINDS = ["aware", "referral", "decision", "initiated", "panel-meeting", "draft-received",
         "board-signoff", "published", "closed", "notify:ofsted:incident", "notify:panel:incident"]
COMMANDS = [
    ("status", "--json"),
    ("list", "--json"),
    ("list", "--all", "--json"),
    ("deadlines", "--json"),
    ("deadlines", "--all", "--json"),
    ("deadlines", "--within", "28", "--json"),
    ("actions", "list", "--json"),
    ("actions", "list", "--status", "in-progress", "--json"),
    ("actions", "overdue", "--json"),
    ("annual", "--from", "1/4/2013", "--to", "31/3/2014", "--json"),
]
FILES = [  # commands that write a file: its bytes are compared (less the time it was made)
    ("calendar", "-o", "{out}/deadlines.ics"),
    ("actions", "export", "-o", "{out}/plan.csv"),
]


def make_portfolio(root, seed):
    rng = random.Random(seed)
    ws = Workspace(root, today=date(2014, 6, 30), user="tester", command="test")
    for i in range(rng.randint(3, 7)):
        ref = f"r{i}"
        aware = date(2013, 1, 1) + timedelta(days=rng.randint(0, 400))
        framework = rng.choice(["wt2018", "wt2015", None])
        reviews_module.create(ws, "scr", f"Review {i}", f"Child {i}", ref, framework, aware)
        add_history(ws, ref, rng, aware)
    return ws


def add_history(ws, ref, rng, aware):
    with ws.open_review(ref, write=True) as rv:
        for _ in range(rng.randint(0, 6)):
            kind = rng.choice(KINDS)
            extra = {}
            if kind.startswith("notify:"):
                _, recipient, purpose = kind.split(":")
                extra = {"recipient": recipient, "purpose": purpose}
            rv.add_event(kind, aware + timedelta(days=rng.randint(0, 300)),
                         planned=rng.random() < 0.2, **extra)
        if rng.random() < 0.3:
            start = aware + timedelta(days=rng.randint(5, 100))
            end = start + timedelta(days=rng.randint(1, 60)) if rng.random() < 0.6 else None
            rv.table("pauses").insert({"from": start.isoformat(), "to": end and end.isoformat(),
                                       "reason": "inquest", "withdrawn": None})
        added = aware + timedelta(days=10)
        for n in range(1, rng.randint(0, 8) + 1):
            record = actions.new_action(
                n, recommendation=str(rng.randint(1, 3)), text=f"Action {n}",
                agency=rng.choice(["Health", "Police", "Children's Social Care"]),
                due=added + timedelta(days=rng.randint(0, 500)), added=added, today=added,
                user="tester")
            status = rng.choice(["not-started", "in-progress", "completed", "cancelled"])
            if status != "not-started":
                record = actions.change(record, {"status": status, "evidence": "Evidence"},
                                        today=added, user="tester", source="update",
                                        require_evidence=True)
            actions.ensure_recommendation(rv, record["recommendation"])
            actions.store_action(rv, record, new=True)


def answers(run, tmp_path, label):
    """Every command's stdout, stderr and exit code; each written file's bytes."""
    out = tmp_path / f"out-{label}"
    out.mkdir()
    seen = {}
    for args in COMMANDS:
        result = run("--as-of", AS_OF, *args)
        seen[args] = (result.exit_code, result.stdout, result.stderr)
    for args in FILES:
        filled = [a.format(out=out) for a in args]
        result = run("--as-of", AS_OF, *filled)
        assert result.exit_code == 0, result.output
        seen[args] = without_stamps(Path(filled[-1]).read_bytes())
    digests = out / "digests"
    result = run("--as-of", AS_OF, "actions", "remind", "-o", digests)
    seen["remind"] = (result.exit_code, result.stderr, sorted(
        (p.name, without_stamps(p.read_bytes())) for p in digests.glob("*")) if digests.exists() else [])
    return seen


def without_stamps(data):
    """A file's bytes less the moment it was made (a calendar's DTSTAMP, an e-mail's Date)."""
    return b"\n".join(line for line in data.splitlines()
                      if not line.startswith((b"DTSTAMP", b"Date:", b"Message-ID:")))


def other_process_changes(root, ref):
    """Another process records an event on REF, as another user on the shared drive would."""
    script = (
        "import sys; from datetime import date; sys.path.insert(0, sys.argv[1])\n"
        "from scr.workspace.workspace import Workspace\n"
        "ws = Workspace(sys.argv[2], today=date(2014, 6, 1), user='other', command='event')\n"
        "with ws.open_review(sys.argv[3], write=True) as rv:\n"
        "    rv.add_event('closed', date(2014, 5, 1))\n"
    )
    subprocess.run([sys.executable, "-c", script, str(ROOT), str(root), ref], check=True)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_answer_is_the_same_with_and_without_the_index(ws_path, run, tmp_path, monkeypatch, seed):
    ws = make_portfolio(ws_path, seed)
    db = index.location(ws_path)

    monkeypatch.setenv("SCR_NO_INDEX", "1")
    truth = answers(run, tmp_path, "files")
    assert truth["remind"][2] and '"ref"' in truth[("status", "--json")][1]  # something to compare
    assert not db.exists()  # SCR_NO_INDEX=1 makes no index either
    monkeypatch.delenv("SCR_NO_INDEX")

    assert answers(run, tmp_path, "cold") == truth
    assert db.exists() and str(db).startswith(str(tmp_path / ".cache" / "scr"))
    assert answers(run, tmp_path, "warm") == truth

    db.unlink()
    assert answers(run, tmp_path, "deleted") == truth

    # Another process changes a review behind the index's back: seen at once.
    ref = sorted(ws.refs())[0]
    other_process_changes(ws_path, ref)
    changed = answers(run, tmp_path, "changed")
    monkeypatch.setenv("SCR_NO_INDEX", "1")
    assert changed == answers(run, tmp_path, "changed-files")
    assert changed != truth  # the change shows (the review is closed now)


def test_a_change_within_the_same_size_and_time_is_seen(ws_path, run, tmp_path):
    """A hand edit that keeps the size, and the modification time put back: the hash tells."""
    make_portfolio(ws_path, 4)
    path = ws_path / "reviews" / "r0" / "review.json"
    before = run("--as-of", AS_OF, "list", "--all", "--json").stdout
    assert '"Review 0"' in before
    st = os.stat(path)
    text = path.read_text(encoding="utf-8").replace('"Review 0"', '"Review Z"')
    path.write_text(text, encoding="utf-8")  # in place: the same inode, the same size
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    after = run("--as-of", AS_OF, "list", "--all", "--json").stdout
    assert '"Review Z"' in after and '"Review 0"' not in after


@pytest.mark.parametrize("spoil", ["garbage", "foreign", "truncated"])
def test_a_damaged_or_foreign_index_is_rebuilt_never_trusted(ws_path, run, tmp_path, spoil):
    make_portfolio(ws_path, 5)
    truth = run("--as-of", AS_OF, "status", "--json").stdout
    db = index.location(ws_path)
    assert db.exists()
    if spoil == "garbage":
        db.write_bytes(b"not a database at all" * 100)
    elif spoil == "truncated":
        db.write_bytes(db.read_bytes()[:1000])
    else:
        import sqlite3

        conn = sqlite3.connect(db)
        conn.execute("UPDATE meta SET value='/somewhere/else' WHERE key='workspace'")
        conn.execute("UPDATE parts SET value='{\"review\": {\"1\": {\"ref\": \"x\", \"title\": \"WRONG\"}}}'"
                     " WHERE name='tables'")
        conn.execute("UPDATE derived_row SET value='{\"title\": \"WRONG\"}'")
        conn.commit()
        conn.close()
    assert run("--as-of", AS_OF, "status", "--json").stdout == truth
    report = run("doctor", "--json")
    assert report.exit_code == 0
    assert '"rebuilt": false' in report.stdout  # rebuilt by status already; now sound


def test_doctor_says_when_it_rebuilt_the_index(ws_path, run):
    make_portfolio(ws_path, 6)
    run("list")
    index.location(ws_path).write_bytes(b"\0" * 4096)
    result = run("doctor")
    assert result.exit_code == 0
    assert "rebuilt the index" in result.stdout
    assert str(index.location(ws_path)) in result.stdout
    assert "index: ok" in run("doctor").stdout


def test_the_index_is_private(ws_path, run):
    make_portfolio(ws_path, 7)
    run("status")
    db = index.location(ws_path)
    assert (os.stat(db).st_mode & 0o077) == 0
    assert (os.stat(db.parent).st_mode & 0o077) == 0


def test_damaged_review_files_are_named_with_the_index_as_without(ws_path, run, monkeypatch):
    make_portfolio(ws_path, 8)
    run("list")
    (ws_path / "reviews" / "r1" / "review.json").write_text('{"review": ', encoding="utf-8")
    with_index = run("list")
    monkeypatch.setenv("SCR_NO_INDEX", "1")
    without = run("list")
    assert with_index.exit_code == without.exit_code == 1
    assert with_index.stderr == without.stderr
    assert "r1" in with_index.stderr and "line 1" in with_index.stderr


def test_an_unwritable_cache_folder_changes_no_answer(ws_path, run, monkeypatch, tmp_path):
    make_portfolio(ws_path, 9)
    blocked = tmp_path / "blocked"
    blocked.write_text("a file, not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    result = run("--as-of", AS_OF, "status", "--json")
    monkeypatch.setenv("SCR_NO_INDEX", "1")
    assert result.exit_code == 0
    assert result.stdout == run("--as-of", AS_OF, "status", "--json").stdout


def test_one_changed_review_is_the_only_one_read_again(ws_path, run):
    make_portfolio(ws_path, 10)
    run("status")
    other_process_changes(ws_path, "r1")
    state = index.check(Workspace(ws_path, user="tester"))
    assert (state["rebuilt"], state["stale"]) == (False, 1)
    assert index.check(Workspace(ws_path, user="tester"))["stale"] == 0


TABLES = [  # the same commands as a person reads them: the tables, not the JSON
    ("status",), ("list", "--all"), ("deadlines", "--within", "60"), ("actions", "overdue"),
]
DAYS = ["2013-03-01", "2013-11-15", AS_OF, "2015-06-30", "2031-01-01"]


def linked_portfolio(root, seed, run):
    """make_portfolio, with a rapid review that became an lcspr (they share their events), themes,
    and a check-in interval: everything the kept parts depend on beyond one file."""
    ws = make_portfolio(root, seed)
    rng = random.Random(seed)
    for ref, kind in (("rapid", "rapid"), ("lcspr", "lcspr")):
        reviews_module.create(ws, kind, f"Linked {kind}", "Child L", ref, "wt2018", date(2013, 5, 2))
        add_history(ws, ref, rng, date(2013, 5, 2))
    assert run("--as-of", "2013-06-01", "link", "rapid", "lcspr", "--as", "became").exit_code == 0
    assert run("--as-of", "2013-06-01", "theme", "lcspr", "neglect").exit_code == 0
    assert run("--as-of", "2013-06-01", "set", "r0", "check-in-weeks", "6").exit_code == 0
    return ws


def every_day(run):
    seen = {}
    for day in DAYS:
        for args in COMMANDS[:-1] + TABLES:
            result = run("--as-of", day, *args)
            seen[day, args] = (result.exit_code, result.stdout, result.stderr)
    return seen


@pytest.mark.parametrize("seed", [11, 12])
def test_the_kept_parts_answer_for_every_day_as_the_files_do(ws_path, run, monkeypatch, seed):
    """The index keeps each review's parts made on no particular day; asked for days before, among
    and after its records (with links, open pauses, themes and check-ins), warm from another day,
    every answer is the files' own."""
    linked_portfolio(ws_path, seed, run)
    monkeypatch.setenv("SCR_NO_INDEX", "1")
    truth = every_day(run)
    monkeypatch.delenv("SCR_NO_INDEX")
    assert any('"overdue"' in out for _, out, _ in truth.values())  # something to decide by day
    run("--as-of", AS_OF, "status", "--json")  # the index made, on one day
    assert every_day(run) == truth
    assert every_day(run) == truth  # and warm for every day


def test_a_linked_review_changed_makes_its_partner_again(ws_path, run, monkeypatch):
    """The lcspr's clocks count the rapid review's events: a change to the rapid review alone
    changes the lcspr's answer, with the index as without."""
    linked_portfolio(ws_path, 13, run)
    before = run("--as-of", AS_OF, "deadlines", "lcspr", "--json").stdout
    run("--as-of", AS_OF, "deadlines", "--all", "--json")
    assert run("--as-of", "2013-05-20", "event", "rapid", "initiated", "--date", "2013-05-20").exit_code == 0
    with_index = run("--as-of", AS_OF, "deadlines", "--all", "--json").stdout
    monkeypatch.setenv("SCR_NO_INDEX", "1")
    assert with_index == run("--as-of", AS_OF, "deadlines", "--all", "--json").stdout
    assert run("--as-of", AS_OF, "deadlines", "lcspr", "--json").stdout != before


def test_changed_settings_make_every_part_again(ws_path, run, monkeypatch):
    """The kept parts depend on scr.toml (amber period, check-ins, region): a change is seen."""
    ws = linked_portfolio(ws_path, 14, run)
    reviews_module.create(ws, "lcspr", "Fresh", "Child F", "fresh", "wt2018", date(2014, 1, 6))
    with ws.open_review("fresh", write=True) as rv:
        rv.add_event("initiated", date(2014, 2, 3))
    run("--as-of", AS_OF, "status", "--json")
    config = ws_path / "scr.toml"
    config.write_text(config.read_text(encoding="utf-8").replace("amber_days = 28", "amber_days = 400")
                      + "\n[reviews]\ncheck_in_weeks = 3\n", encoding="utf-8")
    seen = [run("--as-of", AS_OF, *args).stdout for args in COMMANDS[:-1]]
    monkeypatch.setenv("SCR_NO_INDEX", "1")
    assert seen == [run("--as-of", AS_OF, *args).stdout for args in COMMANDS[:-1]]
    assert '"check-in"' in seen[3]  # fresh: initiated, three weeks on


def test_json_is_printed_as_json_dumps_prints_it(run):
    """`--json` documents are encoded by msgspec: the bytes json.dumps(indent=2) would print."""
    import json

    import click
    from click.testing import CliRunner

    from scr.commands import output

    document = [{"ref": "r1", "title": "Child “A” — ß\u2028\t\"x\"", "n": 3, "cost": 1234.5,
                 "none": None, "yes": True, "empty": [], "nested": {"a": [1, {}]}}] * 2500

    @click.command()
    def show():
        output.print_json(document)
        output.print_json(document[0])

    printed = CliRunner().invoke(show).stdout_bytes
    expected = "".join(json.dumps(d, ensure_ascii=False, indent=2) + "\n"
                       for d in (document, document[0]))
    assert printed == expected.encode("utf-8")


def test_a_part_made_while_a_linked_review_is_cut_is_not_kept(ws_path, run, monkeypatch):
    """The lcspr's clocks read the rapid review as of the day asked: on a day before the rapid
    review's latest record, what the lcspr's parts would be is that day's only. Asked again later,
    the answer is the files' own."""
    ws = Workspace(ws_path, today=date(2013, 5, 2), user="tester", command="test")
    reviews_module.create(ws, "rapid", "Rapid", "Child R", "rapid", "wt2018", date(2013, 5, 2))
    reviews_module.create(ws, "lcspr", "Practice", "Child R", "lcspr", "wt2018", date(2013, 5, 2))
    assert run("--as-of", "2013-05-03", "link", "rapid", "lcspr", "--as", "became").exit_code == 0
    with Workspace(ws_path, today=date(2013, 6, 1), user="tester").open_review("lcspr", write=True) as rv:
        rv.add_event("initiated", date(2013, 6, 1))
    later = Workspace(ws_path, today=date(2014, 3, 3), user="tester")
    with later.open_review("rapid", write=True) as rv:  # recorded on the rapid review, long after
        rv.add_event("published", date(2014, 3, 3))
    for day in ("2013-09-01", AS_OF, "2013-09-01", AS_OF):
        with_index = run("--as-of", day, "deadlines", "--all", "--json").stdout
        monkeypatch.setenv("SCR_NO_INDEX", "1")
        assert with_index == run("--as-of", day, "deadlines", "--all", "--json").stdout, day
        monkeypatch.delenv("SCR_NO_INDEX")
    assert '"met_on": "2014-03-03"' in with_index  # the lcspr's publication, met by the rapid's


def test_a_rebuild_shared_between_processes_answers_as_the_files_do(ws_path, run, tmp_path, monkeypatch):
    """Many files to read again are shared between forked processes (one per core): the same
    answers, the same damaged files named."""
    if not sys.platform.startswith("linux"):
        pytest.skip("processes are forked on Linux only")
    make_portfolio(ws_path, 15)
    monkeypatch.setenv("SCR_NO_INDEX", "1")
    truth = answers(run, tmp_path, "files")
    monkeypatch.delenv("SCR_NO_INDEX")
    monkeypatch.setattr(index, "PARALLEL", 2)  # a handful of files is "many" here
    monkeypatch.setenv("SCR_INDEX_WORKERS", "2")
    assert index._workers(3) == min(2, len(os.sched_getaffinity(0)))
    assert answers(run, tmp_path, "shared") == truth
    index.location(ws_path).unlink()
    (ws_path / "reviews" / "r1" / "review.json").write_text('{"review": ', encoding="utf-8")
    shared = run("--as-of", AS_OF, "status", "--json")
    monkeypatch.setenv("SCR_NO_INDEX", "1")
    alone = run("--as-of", AS_OF, "status", "--json")
    assert shared.exit_code == alone.exit_code == 1
    assert shared.stderr == alone.stderr and "r1" in shared.stderr
