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
        conn.execute("UPDATE files SET tables='{\"review\": {\"1\": {\"ref\": \"x\", \"title\": \"WRONG\"}}}'")
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
