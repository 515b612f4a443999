"""Run every benchmark and write benchmarks/RESULTS.md: each figure beside its floor measured in the
same run, the ratio, the target, and the machine.

    make bench        # or: .venv/bin/python benchmarks/run.py [name ...]

Each benchmarks/bench_*.py has run() -> a list of rows (benchmarks/common.py: row()).
"""

import importlib
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from common import RUNS, machine  # noqa: E402


def main(names):
    # Byte-compile scr first, as pip does when it installs a package: otherwise, where
    # PYTHONDONTWRITEBYTECODE is set (or the source folder is read-only), every timed run of scr
    # would compile its modules from source again while the floors compile nothing.
    import compileall

    compileall.compile_dir(str(HERE.parent / "scr"), quiet=1)
    modules = sorted(p.stem for p in HERE.glob("bench_*.py"))
    if names:
        modules = [m for m in modules if any(n in m for n in names)]
    rows = []
    for name in modules:
        start = time.perf_counter()
        print(f"{name} …", file=sys.stderr, flush=True)
        for item in importlib.import_module(name).run():
            item["bench"] = name
            rows.append(item)
        print(f"{name} done in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    lines = [
        "# Benchmark results",
        "",
        f"Measured {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC on {machine()}.",
        f"Whole-process wall times, median of {RUNS} runs; each beside its floor measured in the same run.",
        "",
        "| benchmark | scr | floor | floor is | ratio | target | met |",
        "|---|---|---|---|---|---|---|",
    ]
    fresh = {}
    for r in rows:
        value = f"{r['value']:.3f} {r['unit']}"
        floor = f"{r['floor']:.3f} {r['unit']}" if r["floor"] is not None else "-"
        ratio = f"{r['ratio']:.2f}×" if r["ratio"] is not None else "-"
        reference = r["target"] == float("inf")  # a figure shown for comparison, with no target
        target = "-" if reference else (f"≤ {r['target']}×" if r["floor"] is not None else str(r["target"]))
        met = "-" if reference else ("yes" if r["met"] else "NO")
        fresh[r["name"]] = f"| {r['name']} | {value} | {floor} | {r['floor_name']} | {ratio} | {target} | {met} |"
    if names and (HERE / "RESULTS.md").exists():
        # Only some benchmarks run: the other rows of the last full run stay, these are replaced.
        for line in (HERE / "RESULTS.md").read_text(encoding="utf-8").splitlines():
            cells = line.split(" | ")
            if line.startswith("| ") and not line.startswith(("| benchmark |", "|---")):
                name = cells[0][2:]
                lines.append(fresh.pop(name, line))
    lines.extend(fresh.values())
    notes = HERE / "NOTES.md"
    if notes.exists():
        lines += ["", notes.read_text(encoding="utf-8").strip()]
    (HERE / "RESULTS.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(HERE / "RESULTS.md")


if __name__ == "__main__":
    main(sys.argv[1:])
