"""Concurrency: several real ``scr`` processes running different writing commands at once, on the
same review and on different reviews. No update whose command succeeded may be lost, no file may
be torn, and the audit trail holds exactly one record per successful change.

Each writer is a thread that runs its own sequence of ``scr`` processes one after another, so at
any moment up to len(WRITERS) processes contend for the same locks. docs/testing.md records the
numbers this test uses.
"""

import json
import os
import subprocess
import sys
import threading

import pytest

import harness

ROUNDS = int(os.environ.get("SCR_CONCURRENCY_ROUNDS", "4"))


def _json(ws, *args):
    result = harness.invoke([*args, "--json"], ws)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


# Each writer: (name, command line for round i, what must be in the workspace afterwards).
def _links(ws, ref):
    return {link["ref"] for link in _json(ws, "show", ref)["links"]}


def _notes(ws, ref):
    return {event.get("note") for event in _json(ws, "show", ref)["events"]}


WRITERS = [
    ("link r1", lambda i: ["link", "r1", f"board-x-{i}", "--as", "joint"],
     lambda ws, i: f"board-x-{i}" in _links(ws, "r1")),
    ("link r2", lambda i: ["link", "r2", f"board-y-{i}", "--as", "joint"],
     lambda ws, i: f"board-y-{i}" in _links(ws, "r2")),
    ("new", lambda i: ["new", "learning", "--ref", f"c{i}", "--title", f"Concurrent {i}", "--subject", f"Child {i}"],
     lambda ws, i: (ws / "reviews" / f"c{i}" / "review.json").is_file()),
    ("event r1", lambda i: ["event", "r1", "strategy-meeting", "--date", "2013-02-0%d" % (i % 9 + 1), "--note", f"event-{i}", "--allow-new"],
     lambda ws, i: f"event-{i}" in _notes(ws, "r1")),
    ("event r3", lambda i: ["event", "r3", "strategy-meeting", "--date", "2013-02-0%d" % (i % 9 + 1), "--note", f"other-{i}", "--allow-new"],
     lambda ws, i: f"other-{i}" in _notes(ws, "r3")),
    ("actions add r1", lambda i: ["actions", "add", "r1", f"Concurrent action {i}", "--recommendation", "1",
                                  "--agency", "Education", "--due", "2014-09-01"],
     lambda ws, i: f"Concurrent action {i}" in {a["text"] for a in _json(ws, "actions", "list", "r1")}),
    ("redact add r1", lambda i: ["redact", "add", "r1", f"Realname{i}"],
     lambda ws, i: f"Realname{i}" in {r["name"] for r in _json(ws, "redact", "list", "r1")}),
    ("recommendation set r1", lambda i: ["recommendation", "set", "r1", f"c{i}", f"Wording {i}"],
     lambda ws, i: f"c{i}" in {r["label"] for r in _json(ws, "recommendation", "list", "r1")}),
    ("chronology request r1", lambda i: ["chronology", "request", "r1", f"Agency {i}", "--due", "2014-06-01"],
     lambda ws, i: f"Agency {i}" in {a["agency"] for a in _json(ws, "chronology", "status", "r1")}),
]
harness.available([w[1](0) for w in WRITERS])  # each names a registered command


@pytest.fixture(scope="module")
def seed(tmp_path_factory):
    return harness.build_seed(tmp_path_factory.mktemp("seed"))


def _env(ws):
    env = dict(os.environ, SCR_WORKSPACE=str(ws), SCR_AS_OF=harness.AS_OF, NO_COLOR="1")
    env["PYTHONPATH"] = str(harness.ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def _audit_counts(ws):
    counts = {}
    for path in (ws / "reviews").glob("*/review.json"):
        counts[path.parent.name] = len(json.loads(path.read_text(encoding="utf-8")).get("audit", {}))
    return counts


def test_concurrent_writers_lose_nothing(seed, tmp_path):
    assert len(WRITERS) >= 3
    with harness.Scratch(seed, tmp_path) as scratch:
        ws = scratch.ws
        audit_before = _audit_counts(ws)
        results = {}

        def writer(name, make):
            env = dict(_env(ws), SCR_USER=name.replace(" ", "-"))
            for i in range(ROUNDS):
                args = make(i)
                proc = subprocess.run([sys.executable, "-m", "scr", *args], capture_output=True, text=True,
                                      env=env, timeout=300)
                results[(name, i)] = (args, proc)

        threads = [threading.Thread(target=writer, args=(name, make)) for name, make, _ in WRITERS]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        failures = [f"scr {' '.join(args)}: {proc.returncode} {proc.stderr}"
                    for args, proc in results.values() if proc.returncode != 0]
        assert not failures, "\n".join(failures)  # the lock waits; no writer is refused
        for _args, proc in results.values():
            assert "Traceback" not in proc.stderr
        lost = [f"{name} round {i}" for name, _, present in WRITERS for i in range(ROUNDS) if not present(ws, i)]
        assert not lost, f"updates lost: {lost}"

        # One audit record per successful change, per review; new reviews have their creation record.
        audit_after = _audit_counts(ws)
        expected = dict(audit_before)
        for (_name, _i), (args, _) in results.items():
            if args[0] == "new":
                expected[args[args.index("--ref") + 1]] = 1
            else:
                ref = args[2] if args[0] in ("actions", "redact", "recommendation", "chronology") else args[1]
                expected[ref] = expected.get(ref, 0) + 1
        assert audit_after == expected

        doctor = harness.invoke(["doctor", "--json"], ws)
        assert doctor.exit_code == 0 and not json.loads(doctor.stdout)["damaged"]
        assert not list(ws.rglob("*.tmp")), "temporary files left behind"
        for path in (ws / "reviews").glob("*/.lock-holder"):
            assert path.read_text() == "", f"{path} still names a holder"


def test_same_review_many_processes_same_command(seed, tmp_path):
    """The hardest case: every process changes the same table of the same review."""
    name, make, present = WRITERS[0]
    with harness.Scratch(seed, tmp_path) as scratch:
        ws = scratch.ws
        procs = [subprocess.Popen([sys.executable, "-m", "scr", *make(100 + n)], env=_env(ws),
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for n in range(8)]
        for proc in procs:
            _, err = proc.communicate(timeout=300)
            assert proc.returncode == 0, err
        assert all(present(ws, 100 + n) for n in range(8))
