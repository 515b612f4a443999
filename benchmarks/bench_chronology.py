"""Issue 4, item 7: chronology import and merge at scale, as whole processes.

- Import of one 2,000-row .xlsx (`scr chronology add`) beside the floor: openpyxl alone reading the
  same file in read-only mode, in a process of its own. Target: within 1.5x.
- Merge of 25 agencies x 2,000 rows = 50,000 entries, with --json and with -o .xlsx. Targets: under
  3 s and under 400 MB peak memory each.

The agencies' files are generated once under benchmarks/work/ (git-ignored), with the shapes agencies
send: a title row, real date cells, some typed and partial dates, times, blank rows.
"""

import os
import random
import statistics
import subprocess
import sys
import time
from datetime import date, datetime, timedelta

from common import RUNS, SCR, WORK, row

AGENCIES = 25
ROWS = 2000
REF = "2013-bench"
TODAY = "2014-04-30"
PHRASES = [
    "Home visit by social worker; child seen asleep in cot", "Strategy meeting held",
    "GP appointment: mother attended with child, weight recorded", "Referral received from school",
    "Police attended address following report of shouting", "Health visitor new birth visit",
    "Missed appointment at paediatric clinic", "Telephone call from maternal grandmother",
    "Child protection conference", "Core group meeting", "A&E attendance: minor head injury",
]


def make_files(folder):
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for a in range(AGENCIES):
        path = folder / f"agency-{a:02d}.xlsx"
        paths.append(path)
        if path.exists():
            continue
        rng = random.Random(a)
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("Chronology")
        sheet.append([f"Agency {a} chronology for the benchmark review"])
        sheet.append([])
        sheet.append(["Date", "Time", "Event", "Source", "Significance", "Practitioner"])
        start = date(2010, 1, 1)
        for i in range(ROWS):
            day = start + timedelta(days=rng.randrange(0, 1460))
            kind = rng.random()
            if kind < 0.8:
                cell = WriteOnlyCell(sheet, datetime(day.year, day.month, day.day, rng.randrange(8, 18), rng.choice((0, 15, 30, 45))))
                cell.number_format = "dd/mm/yyyy hh:mm"
            elif kind < 0.95:
                cell = day.strftime("%d/%m/%Y")
            else:
                cell = day.strftime("%B %Y")
            sheet.append([cell, None, f"{rng.choice(PHRASES)} (entry {i})", "Case record",
                          "Shows the pattern of contact" if i % 7 == 0 else None, "Practitioner"])
            if i % 250 == 0:
                sheet.append([])
        workbook.save(path)
    return paths


def measure(args, env, runs=RUNS):
    """Median wall time (s) and the largest peak RSS (MB) of ``args`` run as a whole process."""
    times, peaks = [], []
    full_env = dict(os.environ, **env)
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=full_env)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        err = proc.stderr.read()
        proc.stderr.close()
        if os.waitstatus_to_exitcode(status) != 0:
            raise RuntimeError(f"{args} failed: {err.decode(errors='replace')[-500:]}")
        times.append(elapsed)
        peaks.append(usage.ru_maxrss / 1024)
    return statistics.median(times), max(peaks)


def absolute(name, value, limit, unit):
    return {"name": name, "value": value, "floor": None, "floor_name": "-", "ratio": None,
            "target": f"< {limit} {unit}", "unit": unit, "met": value < limit}


def workspace(root, title):
    env = {"SCR_WORKSPACE": str(root), "SCR_AS_OF": TODAY, "SCR_USER": "bench"}
    if not (root / "scr.toml").exists():
        subprocess.run([SCR, "init", str(root)], check=True, stdout=subprocess.DEVNULL)
        subprocess.run([SCR, "new", "scr", "--ref", REF, "--title", title, "--subject", "Child X"],
                       check=True, stdout=subprocess.DEVNULL, env=dict(os.environ, **env))
    return env


def run():
    files = make_files(WORK / "chronology-files")
    rows = []

    # One 2,000-row file, into a review with nothing else: scr against openpyxl alone.
    single = WORK / "chronology-single"
    env = workspace(single, "Import benchmark")
    add_time, add_peak = measure([SCR, "chronology", "add", REF, "Agency 0", str(files[0]), "--replace"], env)
    floor_script = (
        "import sys\nfrom openpyxl import load_workbook\n"
        "wb = load_workbook(sys.argv[1], read_only=True, data_only=True)\n"
        "rows = [r for r in wb.worksheets[0].iter_rows(values_only=True)]\n"
    )
    floor, _ = measure([sys.executable, "-c", floor_script, str(files[0])], {})
    rows.append(row(f"scr chronology add: one .xlsx of {ROWS:,} rows", add_time, floor, 1.5,
                    "openpyxl alone reading it (read-only), whole process"))
    rows.append(absolute("scr chronology add: peak memory", add_peak, 400, "MB"))

    # 25 agencies x 2,000 rows, then the merge.
    merged = WORK / "chronology-merge"
    env = workspace(merged, "Merge benchmark")
    if not any((merged / "reviews" / REF / "chronologies").iterdir()):
        start = time.perf_counter()
        for a, path in enumerate(files):
            subprocess.run([SCR, "chronology", "add", REF, f"Agency {a:02d}", str(path)], check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=dict(os.environ, **env))
        print(f"  imported {AGENCIES} files in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    entries = AGENCIES * ROWS
    json_time, json_peak = measure([SCR, "chronology", "merge", REF, "--json"], env)
    rows.append(absolute(f"scr chronology merge --json ({entries:,} entries)", json_time, 3, "s"))
    rows.append(absolute("scr chronology merge --json: peak memory", json_peak, 400, "MB"))
    out = WORK / "chronology-merged.xlsx"
    xlsx_time, xlsx_peak = measure([SCR, "chronology", "merge", REF, "-o", str(out)], env)
    rows.append(absolute(f"scr chronology merge -o .xlsx ({entries:,} entries)", xlsx_time, 3, "s"))
    rows.append(absolute("scr chronology merge -o .xlsx: peak memory", xlsx_peak, 400, "MB"))
    return rows


START = "<!-- chronology:start (benchmarks/bench_chronology.py) -->"
END = "<!-- chronology:end -->"


def write_section(rows):
    """Put this benchmark's figures in their own section of RESULTS.md (run.py's full run puts
    them in its table as well)."""
    from datetime import datetime, timezone
    from pathlib import Path

    from common import machine

    lines = [
        START, "", "## Chronologies (issue 4)", "",
        f"Measured {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC on {machine()}, load average "
        f"{os.getloadavg()[0]:.1f} at the end; whole processes, median of {RUNS} runs; peak memory is the "
        "largest resident set of those runs.", "",
        "| benchmark | scr | floor | floor is | ratio | target | met |", "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        floor = f"{r['floor']:.3f} {r['unit']}" if r["floor"] is not None else "-"
        ratio = f"{r['ratio']:.2f}×" if r["ratio"] is not None else "-"
        target = f"≤ {r['target']}×" if r["floor"] is not None else str(r["target"])
        lines.append(f"| {r['name']} | {r['value']:.3f} {r['unit']} | {floor} | {r['floor_name']} | {ratio} "
                     f"| {target} | {'yes' if r['met'] else 'NO'} |")
    lines += ["", END]
    path = Path(__file__).resolve().parent / "RESULTS.md"
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    if START in text and END in text:
        before, rest = text.split(START, 1)
        text = before + "\n".join(lines) + rest.split(END, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + "\n".join(lines) + "\n"
    path.write_text(text, encoding="utf-8")
    print(path)


if __name__ == "__main__":
    write_section(run())
