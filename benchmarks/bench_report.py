"""Issue 5: a 100-page overview report (generated text, 2,000 chronology rows, 60 actions) rendered
to .docx by `scr report render`, beside pandoc alone converting the same assembled Markdown (the
`--to md` output) with the same reference document, in the same run. Target: within 1.3×."""

import random
import sys
from datetime import date, timedelta

import statistics
import subprocess
import time

from common import RUNS, ROOT, SCR, WORK, row, timed

REF = "bench-report"
WORDS = ("agency practitioner child family visit assessment referral concern health school police "
         "social care plan review meeting information sharing risk neglect support parent record "
         "strategy discussion escalation supervision threshold outcome").split()


def paragraph(rng, words=110):
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def make_workspace(root):
    sys.path.insert(0, str(ROOT))
    from scr.workspace import review as reviews_module
    from scr.workspace.workspace import Workspace, create

    if (root / "scr.toml").exists():
        return root
    create(root, "Benchmark Safeguarding Children Board")
    ws = Workspace(root, today=date(2014, 4, 30), user="bench", command="benchmark")
    reviews_module.create(ws, "scr", "Serious case review: Child Z", "Child Z", REF, None, date(2013, 1, 1))
    rng = random.Random(5)
    sections = ws.review_dir(REF) / "report" / "sections"
    sections.mkdir(parents=True, exist_ok=True)
    # about 18,000 words of prose in eight sections, with sub-headings: with the tables below,
    # about 100 A4 pages in the house style (LibreOffice's page count of the .docx)
    for n in range(1, 9):
        parts = [f"# Section {n}\n"]
        for sub in range(1, 5):
            parts.append(f"## Part {n}.{sub}\n")
            parts += [paragraph(rng) + "\n" for _ in range(5)]
        (sections / f"{n:02d}-section.md").write_text("\n".join(parts), encoding="utf-8")
    agencies = ["Health", "Police", "Children's Social Care", "Education", "Probation", "Housing"]
    from scr.actions import rules as actions
    from scr import chronology

    with ws.open_review(REF, write=True) as rv:
        for n in range(1, 13):
            actions.set_recommendation(rv, str(n), paragraph(rng, 30), paragraph(rng, 20))
        for n in range(1, 61):
            actions.add(rv, paragraph(rng, 25), recommendation=str(1 + (n - 1) // 5),
                        agency=agencies[n % 6], due="2014-06-30", owner="Named lead")
        chronology.request(rv, agencies, date(2014, 5, 30), requested=date(2013, 2, 1))
    # 2,000 chronology rows, one CSV per agency, imported as `scr chronology add` does
    day = date(2009, 1, 1)
    rows = {agency: ["Date,Event,Source,Significance"] for agency in agencies}
    for n in range(2000):
        day += timedelta(days=rng.randint(0, 1))
        rows[agencies[n % 6]].append(f"{day.isoformat()},{paragraph(rng, 4)},Notes,{paragraph(rng, 2)}")
    for agency, lines in rows.items():
        path = root / f"{agency.replace(' ', '-').replace(chr(39), '')}.csv"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        chronology.import_file(ws, REF, agency, path)
    return root


def interleaved(first, second, env, runs=RUNS):
    """Median wall times of two whole-process commands run alternately, so both meet the same
    machine load (this machine may be shared)."""
    import os

    times = ([], [])
    for _ in range(runs):
        for args, sink in ((first, times[0]), (second, times[1])):
            start = time.perf_counter()
            subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           env=dict(os.environ, **env))
            sink.append(time.perf_counter() - start)
    return statistics.median(times[0]), statistics.median(times[1])


def run():
    ws = make_workspace(WORK / "report-100-pages")
    env = {"SCR_WORKSPACE": str(ws), "SCR_AS_OF": "2014-04-30"}
    out = WORK / "report-out"
    out.mkdir(parents=True, exist_ok=True)
    markdown = out / "assembled.md"
    timed([SCR, "report", "render", REF, "--to", "md", "-o", str(markdown)], runs=1, env=env)
    import pypandoc

    from scr.documents import render

    scr_time, floor = interleaved([SCR, "report", "render", REF, "-o", str(out / "scr.docx")], [
        pypandoc.get_pandoc_path(), "--sandbox", "--from", "markdown-raw_html-raw_tex-raw_attribute",
        "--to", "docx", "--standalone", "--toc", "--toc-depth=2",
        "--reference-doc", str(render.PACKAGE_TEMPLATES / "reference.docx"),
        "--output", str(out / "pandoc.docx"), str(markdown),
    ], env)
    return [row("scr report render --to docx (100 pages, 2,000 chronology rows, 60 actions)",
                scr_time, floor, 1.3, "pandoc alone on the same assembled Markdown")]
