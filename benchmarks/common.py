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


def row(name, value, floor, target, floor_name, unit="s"):
    ratio = value / floor if floor else None
    return {"name": name, "value": value, "floor": floor, "floor_name": floor_name, "ratio": ratio,
            "target": target, "unit": unit, "met": ratio is not None and ratio <= target}


def machine():
    return f"{platform.node()}: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.platform()}"


def make_portfolio(root, reviews=300, actions_per_review=0):
    """A workspace of ``reviews`` reviews made through scr's own core (fast, no subprocess per review)."""
    sys.path.insert(0, str(ROOT))
    from scr import review as reviews_module
    from scr.workspace import Workspace, create

    if (root / "scr.toml").exists():
        return root
    create(root, "Benchmark Board")
    ws = Workspace(root, today=date(2014, 4, 30), user="bench", command="benchmark")
    for n in range(reviews):
        reviews_module.create(ws, "scr", f"Review {n}", f"Child {n}", f"r{n:03d}", None, date(2013, 1, 1 + n % 28))
    return root


def json_floor(ws):
    """The floor of a command that reads every review: json.load of the review files, as a process."""
    script = (
        "import json, pathlib\n"
        f"for p in sorted(pathlib.Path({str(ws / 'reviews')!r}).glob('*/review.json')):\n"
        "    json.load(open(p, encoding='utf-8'))\n"
    )
    floor, _ = timed([sys.executable, "-c", script])
    return floor
