"""Shared pieces of the benchmarks: whole-process timings (median of several runs), peak memory,
and generated workspaces. Speed targets are measured here, never asserted in a timed test."""

import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "benchmarks" / "work"
BIN = Path(sys.executable).parent
SCR = str(BIN / "scr")
RUNS = int(os.environ.get("SCR_BENCH_RUNS", "7"))


def timed(args, runs=RUNS, env=None, cwd=None):
    """Median wall time in seconds of running ``args`` as a whole process, and its peak RSS in MB."""
    times = []
    full_env = dict(os.environ, **(env or {}))
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=full_env, cwd=cwd)
        elapsed = time.perf_counter() - start
        err = proc.stderr
        if proc.returncode != 0:
            raise RuntimeError(f"{args} failed: {err.decode(errors='replace')[-500:]}")
        times.append(elapsed)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # MB, the largest child so far
    return statistics.median(times), peak


def timed_pair(args, floor_args, runs=RUNS, env=None):
    """Median wall times of a command and of its floor, run alternately so that both meet the same
    machine load (a shared build machine's load changes from second to second)."""
    times = ([], [])
    full_env = dict(os.environ, **(env or {}))
    for _ in range(runs):
        for command, sink in ((args, times[0]), (floor_args, times[1])):
            start = time.perf_counter()
            proc = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=full_env)
            sink.append(time.perf_counter() - start)
            if proc.returncode != 0:
                raise RuntimeError(f"{command} failed: {proc.stderr.decode(errors='replace')[-500:]}")
    return statistics.median(times[0]), statistics.median(times[1])


def json_floor_script(ws):
    """A script that json.loads every review file of ``ws``: the floor of a command that reads them all."""
    return (
        "import json, pathlib\n"
        f"for p in sorted(pathlib.Path({str(ws / 'reviews')!r}).glob('*/review.json')):\n"
        "    json.load(open(p, encoding='utf-8'))\n"
    )


def row(name, value, floor, target, floor_name, unit="s"):
    ratio = value / floor if floor else None
    return {"name": name, "value": value, "floor": floor, "floor_name": floor_name, "ratio": ratio,
            "target": target, "unit": unit, "met": ratio is not None and ratio <= target}


def machine():
    return f"{platform.node()}: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.platform()}"


def make_portfolio(root, reviews=300, kind="scr", framework=None, today=date(2014, 4, 30),
                   aware=lambda n: date(2013, 1, 1 + n % 28), events=None):
    """A workspace of ``reviews`` reviews made through scr's own core (fast, no subprocess per review).

    ``events(n, aware)``, where given, lists ``(kind, date, extra fields)`` to record on review n.
    """
    sys.path.insert(0, str(ROOT))
    from scr.workspace import review as reviews_module
    from scr.workspace.workspace import Workspace, create

    if (root / "scr.toml").exists():
        return root
    create(root, "Benchmark Board")
    ws = Workspace(root, today=today, user="bench", command="benchmark")
    for n in range(reviews):
        ref, day = f"r{n:03d}", aware(n)
        reviews_module.create(ws, kind, f"Review {n}", f"Child {n}", ref, framework, day)
        if events:
            with ws.open_review(ref, write=True) as rv:
                for event_kind, event_date, extra in events(n, day):
                    rv.add_event(event_kind, event_date, **extra)
    return root


def timed_against_json_floor(name, args, ws, target, env=None):
    """A command over every review of ``ws``, beside json.load-ing the same files, as one row."""
    value, _ = timed(args, env={"SCR_WORKSPACE": str(ws), **(env or {})})
    return row(name, value, json_floor(ws), target, "json.load of the 300 review files")


def json_floor(ws):
    """The floor of a command that reads every review: json.load of the review files, as a process."""
    script = (
        "import json, pathlib\n"
        f"for p in sorted(pathlib.Path({str(ws / 'reviews')!r}).glob('*/review.json')):\n"
        "    json.load(open(p, encoding='utf-8'))\n"
    )
    floor, _ = timed([sys.executable, "-c", script])
    return floor
