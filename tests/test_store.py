"""Storage that loses nothing: atomic writes under kill -9, locking across processes, damaged
files, permissions. Real files and real processes; nothing mocked."""

import json
import os
import random
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from scr.errors import DamagedFile, LockTimeout, ScrError
from scr.workspace.store import ReviewLock, atomic_write, load_json
from scr.workspace.workspace import Workspace

WRITER = str(Path(__file__).with_name("writer.py"))
ROOT = str(Path(__file__).resolve().parent.parent)


def _env():
    env = dict(os.environ)
    env["PYTHONPATH"] = ROOT + os.pathsep + env.get("PYTHONPATH", "")
    return env


def _notes(ws_path, ref):
    data = json.loads((ws_path / "reviews" / ref / "review.json").read_text(encoding="utf-8"))
    return {event["note"] for event in data["events"].values() if event["kind"] == "update"}


@pytest.fixture
def review(ws_path, run):
    assert run("new", "scr", "--title", "T", "--subject", "Child F", "--ref", "r1").exit_code == 0
    return "r1"


def test_kill_minus_nine_never_tears_the_file_and_keeps_every_returned_update(ws_path, review):
    rng = random.Random(20131216)
    confirmed = set()
    for attempt in range(50):
        proc = subprocess.Popen(
            [sys.executable, WRITER, str(ws_path), review, f"k{attempt}", "1000"],
            stdout=subprocess.PIPE, env=_env(), text=True,
        )
        first = proc.stdout.readline()  # the writer is running and has committed once
        time.sleep(rng.uniform(0.0, 0.2))  # then kill it at a random moment of its writing
        proc.send_signal(signal.SIGKILL)
        out, _ = proc.communicate()
        confirmed |= {f"k{attempt}-{line}" for line in (first + out).split()}
        data = load_json(ws_path / "reviews" / review / "review.json")  # valid JSON, every time
        assert "review" in data
    missing = confirmed - _notes(ws_path, review)
    assert not missing, f"updates whose command returned were lost: {sorted(missing)[:5]}"
    assert len(confirmed) > 50  # the writers really did write between the kills


def test_four_processes_fifty_updates_each_lose_nothing(ws_path, review):
    procs = [
        subprocess.Popen([sys.executable, WRITER, str(ws_path), review, f"w{n}", "50"],
                         stdout=subprocess.PIPE, env=_env(), text=True)
        for n in range(4)
    ]
    for proc in procs:
        proc.communicate(timeout=120)
        assert proc.returncode == 0
    notes = _notes(ws_path, review)
    assert notes == {f"w{n}-{i}" for n in range(4) for i in range(50)}
    audit = json.loads((ws_path / "reviews" / review / "review.json").read_text())["audit"]
    assert len(audit) == 1 + 200  # `new`, then one record per update


def test_a_held_lock_times_out_naming_its_holder(ws_path, review):
    folder = ws_path / "reviews" / review
    holder = ReviewLock(folder, "alice", timeout=1).acquire()
    try:
        ws = Workspace(ws_path, user="bob")
        ws.lock_timeout = 0.2
        with pytest.raises(LockTimeout) as caught:
            with ws.open_review(review, write=True):
                pass
        message = str(caught.value)
        assert "alice" in message and str(os.getpid()) in message and "since" in message
    finally:
        holder.release()
    # Released: the next writer gets in, and the lock files are still there, empty.
    with Workspace(ws_path, user="bob").open_review(review, write=True) as r:
        r.add_event("update", r.ws.today, note="after")
    assert (folder / ".lock").exists() and (folder / ".lock-holder").read_text() == ""


def test_lock_left_by_a_dead_process_is_recovered_with_a_message(ws_path, review, run):
    folder = ws_path / "reviews" / review
    code = (
        "import os,sys; sys.path.insert(0, %r)\n"
        "from scr.workspace.store import ReviewLock\n"
        "ReviewLock(%r, 'crashed-user').acquire(); os._exit(0)\n" % (ROOT, str(folder))
    )
    subprocess.run([sys.executable, "-c", code], check=True)
    assert "crashed-user" in (folder / ".lock-holder").read_text()
    result = run("set", review, "author", "Jane Author")
    assert result.exit_code == 0
    assert "recovered the lock" in result.stderr and "crashed-user" in result.stderr


def test_atomic_write_failure_leaves_old_file(tmp_path):
    target = tmp_path / "f.json"
    target.write_text("old")
    (tmp_path / "sub").mkdir()
    with pytest.raises(ScrError):
        atomic_write(tmp_path / "sub", "new")  # a folder cannot be replaced by a file
    assert target.read_text() == "old"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize("content, where", [
    ('{"review": {"1": {"ref": "x"', "line 1 column"),
    ("", "empty"),
    ("[1, 2]", "not a TinyDB file"),
    ('{"review": {"1": {}}}\n\n  oops', "line 3 column 3"),
])
def test_damaged_file_names_file_and_position(tmp_path, content, where):
    path = tmp_path / "review.json"
    path.write_text(content)
    with pytest.raises(DamagedFile) as caught:
        load_json(path)
    assert str(path) in str(caught.value) and where in str(caught.value)


def test_review_json_is_sorted_and_indented(ws_path, review):
    text = (ws_path / "reviews" / review / "review.json").read_text(encoding="utf-8")
    data = json.loads(text)
    assert text == json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


@pytest.mark.parametrize("umask", [0o000, 0o022, 0o077])
def test_new_review_is_private_whatever_the_umask(ws_path, run, umask):
    old = os.umask(umask)
    try:
        assert run("new", "scr", "--title", "T", "--subject", "S", "--ref", "p1").exit_code == 0
    finally:
        os.umask(old)
    folder = ws_path / "reviews" / "p1"
    for path in [ws_path / "reviews", folder, *folder.rglob("*")]:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o700 if path.is_dir() else 0o600), (path, oct(mode))


def test_group_access_gives_0770_and_0660(ws_path, run):
    config = ws_path / "scr.toml"
    config.write_text(config.read_text().replace("group = false", "group = true"))
    assert run("new", "scr", "--title", "T", "--subject", "S", "--ref", "g1").exit_code == 0
    folder = ws_path / "reviews" / "g1"
    for path in [folder, *folder.rglob("*")]:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o770 if path.is_dir() else 0o660), (path, oct(mode))
        assert path.stat().st_gid == ws_path.stat().st_gid
