"""Faults: kill -9 at every kind of point of every writing command, a full disk, a lock left by a
process that died, a read-only workspace. Real ``scr`` processes, real file systems (a tmpfs mounted
inside the test when running as root), a real unprivileged user (setpriv); nothing simulated.

Where the kill lands: tests/killer/sitecustomize.py counts, through Python's audit hooks, each change
a process makes to the files of the example (open for writing, mkdir, chmod, rename, replace, remove)
and sends the process SIGKILL just before the chosen one. The first run of each command counts its
changes; the kills then land before the first change, before the last, and at points between.
"""

import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pytest

import harness
from conftest import snapshot

KILLER = str(Path(__file__).with_name("killer"))
WRITERS = harness.available(harness.WRITERS)
READERS = harness.available(harness.READERS)
IDS = [" ".join(argv[:3]) for argv in WRITERS]


@pytest.fixture(scope="module")
def seed(tmp_path_factory):
    return harness.build_seed(tmp_path_factory.mktemp("seed"))


@contextmanager
def example(seed, base):
    """A fresh copy of the seed and the writers' input files; yields (scratch, substitutions)."""
    with harness.Scratch(seed, base) as scratch:
        yield scratch, harness.writer_inputs(scratch.folder)


def scr_process(args, ws, env=None, timeout=120, user=None):
    full = dict(os.environ, SCR_WORKSPACE=str(ws), SCR_AS_OF=harness.AS_OF, SCR_USER="faults", NO_COLOR="1")
    full["PYTHONPATH"] = os.pathsep.join([KILLER, str(harness.ROOT), full.get("PYTHONPATH", "")])
    full.update(env or {})
    prefix = []
    if user is not None:
        prefix = ["setpriv", f"--reuid={user}", f"--regid={user}", "--clear-groups"]
    return subprocess.run([*prefix, sys.executable, "-m", "scr", *args], capture_output=True, text=True,
                          env=full, timeout=timeout, errors="replace")


def assert_clean(proc_or_result, argv):
    stderr = proc_or_result.stderr
    code = getattr(proc_or_result, "returncode", getattr(proc_or_result, "exit_code", None))
    assert "Traceback" not in stderr and "this is a bug in scr" not in stderr, f"scr {argv}: {stderr}"
    assert code in (0, 1, 2, 3), f"scr {argv} exit {code}: {stderr}"
    if code == 1:
        assert "Error:" in stderr, f"scr {argv}: {stderr}"


def assert_healthy(ws):
    """The workspace reads, every review file is whole, doctor passes."""
    doctor = harness.invoke(["doctor", "--json"], ws)
    assert doctor.exit_code == 0, doctor.stdout + doctor.stderr
    assert json.loads(doctor.stdout)["damaged"] == []
    listing = harness.invoke(["list", "--all", "--json"], ws)
    assert listing.exit_code == 0, listing.stderr
    for path in Path(ws, "reviews").glob("*/review.json"):
        json.loads(path.read_text(encoding="utf-8"))


def test_every_writer_succeeds_on_the_seed(seed, tmp_path):
    """The fault tests below are only worth something if each command line really writes."""
    failures = []
    for argv in WRITERS:
        with example(seed, tmp_path) as (scratch, subs):
            args = harness.fill(argv, subs)
            before = snapshot(scratch.folder)
            result = harness.invoke(args, scratch.ws)
            if result.exit_code != 0:
                failures.append(f"scr {' '.join(args)}: exit {result.exit_code}: {result.stderr.strip()[-300:]}")
            elif snapshot(scratch.folder) == before:
                failures.append(f"scr {' '.join(args)} wrote nothing")
    assert not failures, "\n".join(failures)


def test_every_command_is_classified():
    """A command that lands must be listed as a writer (for the fault tests) or a reader."""
    classified = {harness.path_of(argv) for argv in WRITERS + READERS}
    missing = [path for path in harness.command_paths() if path not in classified]
    assert not missing, f"add these to WRITERS or READERS in tests/harness/workspace.py: {missing}"


#: Kill points per writer beyond the first and the last change, drawn anew for each writer (and
#: each SCR_KILL_SEED): the suite samples; `SCR_KILL_POINTS=0 pytest tests/test_faults.py` kills
#: every writer at every one of its changes.
KILL_POINTS = int(os.environ.get("SCR_KILL_POINTS", "4"))


def state(folder):
    """What a person would call the workspace's state: each review file's records (the audit
    trail's times and an action history's clock aside, which differ between runs), and the other
    files by name. Leftovers of interrupted writes (temporary files, journals) are not state."""
    found = {}
    for name, data in snapshot(folder).items():
        base = os.path.basename(name)
        if base.startswith(".") and (base.endswith(".tmp") or base.startswith(".scr-journal-")):
            continue
        if base in (".lock", ".lock-holder"):
            continue
        if base == "review.json":
            record = json.loads(data)
            record.pop("audit", None)
            for action in record.get("actions", {}).values():
                for entry in action.get("history", []):
                    entry.pop("at", None)
            found[name] = json.dumps(record, sort_keys=True)
        else:
            found[name] = None
    return found


@pytest.mark.parametrize("argv", WRITERS, ids=IDS)
def test_kill_minus_nine_anywhere_leaves_the_old_state_or_the_new(argv, seed, tmp_path):
    """Killed at any change it makes, a writer leaves the workspace as it was or as the command
    would have left it (once `doctor --repair`, or the next writer, finishes an interrupted
    commit), never an orphan that blocks later work."""
    # Count the changes the command makes when left alone, and what it leaves.
    with example(seed, tmp_path) as (scratch, subs):
        count_file = tmp_path / "count"  # outside the counted folder
        args = harness.fill(argv, subs)
        old = state(scratch.folder)
        proc = scr_process(args, scratch.ws, {"SCR_FAULT_ROOT": str(scratch.folder), "SCR_COUNT_TO": str(count_file)})
        assert proc.returncode == 0, proc.stderr
        total = int(count_file.read_text())
        new = state(scratch.folder)
    assert total > 0
    rng = random.Random(" ".join(argv) + os.environ.get("SCR_KILL_SEED", ""))
    if KILL_POINTS <= 0:
        points = set(range(1, total + 1))
    else:
        points = {1, total} | {rng.randint(1, total) for _ in range(KILL_POINTS)}
    for point in sorted(points):
        with example(seed, tmp_path) as (scratch, subs):
            args = harness.fill(argv, subs)
            killed = scr_process(args, scratch.ws, {"SCR_FAULT_ROOT": str(scratch.folder), "SCR_KILL_AT": str(point)})
            assert killed.returncode == -9, f"kill point {point}/{total} not reached: {killed.stderr}"
            ws = scratch.ws
            if harness.path_of(argv) == "init":
                ws = Path(args[1])
                if not (ws / "scr.toml").exists():
                    continue  # killed before the workspace existed: nothing to read
            assert_healthy(ws)
            repair = harness.invoke(["doctor", "--repair", "--json"], ws)
            assert repair.exit_code == 0, repair.stdout + repair.stderr
            left = [w for w in json.loads(repair.stdout)["warnings"]
                    if "interrupted" in w["problem"] and not w["file"].endswith(".tmp")]
            assert not left, left
            after = state(scratch.folder)
            if harness.path_of(argv) != "init":
                assert after in (old, new), (
                    f"kill at {point}/{total}: neither the old state nor the new; differs from the old in "
                    f"{sorted(k for k in set(old) | set(after) if old.get(k) != after.get(k))[:6]}, from the new in "
                    f"{sorted(k for k in set(new) | set(after) if new.get(k) != after.get(k))[:6]}")
            holder = ws / "reviews" / "r1" / ".lock-holder"
            stale = holder.exists() and holder.read_text().strip()
            # The same command again: it works, or refuses cleanly (e.g. the ref now exists).
            again = harness.invoke(args, ws)
            assert_clean(again, args)
            if stale and again.exit_code == 0 and "r1" in args:
                assert "recovered the lock" in again.stderr, again.stderr
            if after == old and harness.path_of(argv) not in ("init", "new"):
                assert again.exit_code == 0, f"after a kill at {point}/{total}: {again.stderr}"
            assert_healthy(ws)


def test_lock_left_by_a_killed_scr_is_recovered_with_a_clear_message(seed, tmp_path):
    with example(seed, tmp_path) as (scratch, _):
        # Killed while it holds the lock, as it is about to write the review file.
        killed = scr_process(["set", "r1", "author", "Killed Author"], scratch.ws,
                             {"SCR_FAULT_ROOT": str(scratch.folder), "SCR_KILL_ON": ".review.json."})
        assert killed.returncode == -9
        holder = json.loads((scratch.ws / "reviews" / "r1" / ".lock-holder").read_text())
        after = scr_process(["set", "r1", "author", "Next Author"], scratch.ws)
        assert after.returncode == 0, after.stderr
        assert "recovered the lock of review 'r1'" in after.stderr and f"pid {holder['pid']}" in after.stderr
        shown = json.loads(scr_process(["show", "r1", "--json"], scratch.ws).stdout)
        assert shown["author"] == "Next Author"
        assert (scratch.ws / "reviews" / "r1" / ".lock-holder").read_text() == ""


# Real file systems: a full disk and a read-only one ----------------------------------------------

def _can_mount():
    if os.geteuid() != 0 or not shutil.which("mount"):
        return False
    folder = tempfile.mkdtemp()
    try:
        ok = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", folder], capture_output=True).returncode == 0
        if ok:
            subprocess.run(["umount", folder], check=True)
        return ok
    finally:
        os.rmdir(folder)


needs_mount = pytest.mark.skipif(not _can_mount(), reason="needs root (or CAP_SYS_ADMIN) to mount a tmpfs")


@contextmanager
def tmpfs(size):
    folder = tempfile.mkdtemp(prefix="scr-fs-")
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", folder], check=True)
    try:
        yield Path(folder)
    finally:
        subprocess.run(["umount", "-l", folder], check=False)
        os.rmdir(folder)


@contextmanager
def seeded_tmpfs(seed, room):
    """A tmpfs holding a copy of the seed (ws/) and the writers' input files, with ``room`` bytes to spare."""
    with tmpfs(sum(len(data) for _, data, _ in seed.files) + room) as disk:
        seed.lay_down(disk / "ws")
        yield disk, harness.writer_inputs(disk)


def run_writers(disk, subs, reason, problems):
    """Every writer on the workspace in ``disk``: each must fail cleanly, exit 1, with ``reason`` and
    the file named. Yields (args, result) after each; what is wrong goes into ``problems``."""
    for argv in WRITERS:
        args = harness.fill(argv, subs)
        result = harness.invoke(args, disk / "ws")
        assert_clean(result, args)
        if result.exit_code != 1 or reason not in result.stderr:
            problems.append(f"scr {' '.join(args)}: exit {result.exit_code}: {result.stderr.strip()[-300:]}")
        elif str(disk) not in result.stderr:
            problems.append(f"scr {' '.join(args)}: the error names no file: {result.stderr.strip()}")
        yield args, result


def fill_disk(folder):
    """Write a filler file until the file system is full, to the byte."""
    with open(folder / "filler", "wb", buffering=0) as handle:
        for chunk in (65536, 4096, 512, 1):
            block = b"\0" * chunk
            while True:
                try:
                    handle.write(block)
                except OSError:
                    break


@needs_mount
def test_a_full_disk_leaves_every_file_as_it_was_with_a_clear_error(seed):
    with seeded_tmpfs(seed, 256 * 1024) as (disk, subs):
        fill_disk(disk)
        before = snapshot(disk / "ws")
        problems = []
        for args, _result in run_writers(disk, subs, "No space left on device", problems):
            after = snapshot(disk / "ws")
            if after != before:
                problems.append(f"scr {' '.join(args)} changed files on a full disk: "
                                f"{sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))[:4]}")
                before = after
        assert not problems, "\n".join(problems)
        os.remove(disk / "filler")
        assert_healthy(disk / "ws")
        assert harness.invoke(harness.fill(WRITERS[2], subs), disk / "ws").exit_code == 0  # room again: it works


@needs_mount
def test_a_read_only_workspace_gives_a_clear_error_and_still_reads(seed):
    with seeded_tmpfs(seed, 4 * 1024 * 1024) as (disk, subs):
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        before = snapshot(disk / "ws")
        problems = []
        for _ in run_writers(disk, subs, "Read-only file system", problems):
            pass
        for argv in READERS:
            result = harness.invoke(argv, disk / "ws")
            assert_clean(result, argv)
            if result.exit_code not in (0, 3):
                problems.append(f"scr {' '.join(argv)} cannot read a read-only workspace: {result.stderr.strip()[-300:]}")
        assert snapshot(disk / "ws") == before
        assert not problems, "\n".join(problems)


def _nobody():
    if os.geteuid() != 0 or not shutil.which("setpriv"):
        return None
    probe = subprocess.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", sys.executable,
                            "-c", "import sys; sys.path.insert(0, %r); import scr.cli" % str(harness.ROOT)],
                           capture_output=True)
    return 65534 if probe.returncode == 0 else None


NOBODY = _nobody()
needs_nobody = pytest.mark.skipif(NOBODY is None, reason="needs root and setpriv to run scr as an unprivileged user")


@pytest.fixture
def shared_folder():
    """A folder an unprivileged user can reach (pytest's own tmp folders are private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="scr-user-"))
    os.chmod(folder, 0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@needs_nobody
def test_someone_elses_private_workspace_is_refused_cleanly(seed, shared_folder):
    """Run as another user: review folders are 0700, so every command is a clean permission error."""
    seed.lay_down(shared_folder / "ws")
    os.chmod(shared_folder / "ws", 0o755)
    os.chmod(shared_folder / "ws" / "scr.toml", 0o644)
    subs = harness.writer_inputs(shared_folder)
    for argv in [*READERS[:4], *WRITERS[1:4]]:
        args = harness.fill(argv, subs)
        proc = scr_process(args, shared_folder / "ws", user=NOBODY)
        assert_clean(proc, args)
        assert proc.returncode == 1 and "permission denied" in proc.stderr.lower(), (args, proc.stderr)
        assert str(shared_folder / "ws") in proc.stderr, (args, proc.stderr)


@needs_nobody
def test_a_workspace_without_write_permission_gives_a_clear_error(seed, shared_folder):
    """The user owns the workspace but it is made read-only (chmod a-w): writes refused, reads work."""
    seed.lay_down(shared_folder / "ws")
    subs = harness.writer_inputs(shared_folder)
    for folder, dirs, files in os.walk(shared_folder):
        for name in dirs + files:
            os.chown(os.path.join(folder, name), NOBODY, NOBODY)
    os.chown(shared_folder / "out", NOBODY, NOBODY)
    for folder, dirs, files in os.walk(shared_folder / "ws"):
        for name in files:
            os.chmod(os.path.join(folder, name), 0o400)
        for name in dirs:
            os.chmod(os.path.join(folder, name), 0o500)
    os.chmod(shared_folder / "ws", 0o500)
    before = snapshot(shared_folder / "ws")
    for argv in WRITERS[1:]:
        args = harness.fill(argv, subs)
        if "{out}" in " ".join(argv):
            continue  # these write outside the workspace, where the user may write
        proc = scr_process(args, shared_folder / "ws", user=NOBODY)
        assert_clean(proc, args)
        assert proc.returncode == 1 and "permission denied" in proc.stderr.lower(), (args, proc.stderr)
    for argv in READERS[:3]:
        proc = scr_process(argv, shared_folder / "ws", user=NOBODY)
        assert proc.returncode == 0, (argv, proc.stderr)
    assert snapshot(shared_folder / "ws") == before


def test_a_reader_that_goes_away_is_not_an_error(tmp_path):
    """`scr list | head -1`: the pipe closes while scr is still writing; scr stops quietly (exit 0),
    with no `Error: Broken pipe` and no traceback from the interpreter's last flush."""
    from datetime import date

    from scr.workspace import review as reviews
    from scr.workspace.workspace import Workspace, create

    base = harness.fast_base(tmp_path)
    try:
        root = create(base / "ws", "Board")
        ws = Workspace(root, today=date(2014, 4, 30), user="t")
        for n in range(150):
            reviews.create(ws, "scr", f"Review {n} " + "x" * 600, f"Child {n}", f"r{n:03d}", None, None)
        for args in (["list"], ["list", "--json"]):
            proc = subprocess.Popen([sys.executable, "-m", "scr", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                    env=dict(os.environ, SCR_WORKSPACE=str(root), PYTHONPATH=str(harness.ROOT)))
            proc.stdout.read(10)
            proc.stdout.close()
            stderr = proc.stderr.read().decode()
            proc.wait(timeout=60)
            assert proc.returncode == 0 and stderr == "", (args, proc.returncode, stderr)
    finally:
        shutil.rmtree(base, ignore_errors=True)


def test_a_review_folder_left_by_a_killed_new_is_named(seed, tmp_path):
    """Killed after making the folder, before review.json: doctor warns, and `new` says what to do."""
    with example(seed, tmp_path) as (scratch, _):
        args = ["new", "scr", "--title", "T", "--subject", "S", "--ref", "half"]
        killed = scr_process(args, scratch.ws, {"SCR_FAULT_ROOT": str(scratch.folder), "SCR_KILL_ON": "review.json"})
        assert killed.returncode == -9
        assert (scratch.ws / "reviews" / "half").is_dir()
        assert_healthy(scratch.ws)
        doctor = harness.invoke(["doctor"], scratch.ws)
        assert "half: a folder without review.json" in doctor.stdout
        again = harness.invoke(args, scratch.ws)
        assert again.exit_code == 1 and "holds no review.json" in again.stderr and "remove that folder" in again.stderr


# A disk that fills up part of the way through a command that writes several files --------------

PARTIAL = [
    ["report", "draft", "r2"],
    ["actions", "import", "--umbrella", "{umbrella}"],
    ["chronology", "add", "r1", "Children's Social Care", "{chronology}"],
    ["actions", "remind", "-o", "{out}/reminders"],
    ["chronology", "chase", "r1", "-o", "{out}/chase"],
]


@needs_mount
@pytest.mark.parametrize("argv", PARTIAL, ids=[" ".join(a[:2]) for a in PARTIAL])
def test_a_disk_that_fills_part_way_through_leaves_every_file_as_it_was(seed, argv):
    """Issue 16: `report draft` on a full disk left sections 01-05 written; an umbrella import
    committed each review on its own. With room for only some of a command's files, it now writes
    none; given a little more room at each try, the first run that succeeds writes them all."""
    problems = []
    for room in range(0, 256 * 1024, 4096):
        with seeded_tmpfs(seed, 256 * 1024) as (disk, subs):
            fill_disk(disk)
            filler = disk / "filler"
            with open(filler, "r+b") as handle:  # give back `room` bytes
                handle.truncate(max(0, filler.stat().st_size - room))
            before = {k: v for k, v in snapshot(disk).items() if k != "filler"}
            result = harness.invoke(harness.fill(argv, subs), disk / "ws")
            assert_clean(result, argv)
            after = {k: v for k, v in snapshot(disk).items() if k != "filler"}
            if result.exit_code == 0:
                assert after != before
                break
            assert "No space left on device" in result.stderr, result.stderr
            if after != before:
                problems.append(f"room {room}: changed "
                                f"{sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))[:4]}")
    else:
        pytest.fail(f"scr {' '.join(argv)} never had room enough")
    assert room > 0, "the command needed no room: the test proves nothing"
    assert not problems, "\n".join(problems)
