"""Issue 18: `scr search` over 300 reviews with a warm index (target: under 0.3 s, whole process).

Each review has eight report sections of twelve paragraphs, two recommendations, four actions with
evidence and event notes: about 30,000 searchable pieces. The index is built once (cold) and then
timed warm: every run still checks each review's identity (review.json and its section files)
against the index. The floor is scr's own start-up (`scr --version`)."""

import os
import random

from bench_chronology import absolute
from common import SCR, WORK, make_portfolio, timed

WORDS = ("neglect bruising baby father mother health visitor school police assessment risk referral "
         "placement custody information sharing chronology supervision escalation mental domestic "
         "abuse housing record strategy meeting plan child protection conference").split()


def _fill(root):
    import sys

    sys.path.insert(0, str(root.parent.parent.parent))
    from scr.workspace.workspace import Workspace

    marker = root / ".filled"
    if marker.exists():
        return
    rng = random.Random(18)
    ws = Workspace(root, user="bench", command="benchmark")
    for ref in ws.refs():
        folder = root / "reviews" / ref / "report" / "sections"
        folder.mkdir(parents=True, exist_ok=True)
        for n in range(8):
            paragraphs = [" ".join(rng.choice(WORDS) for _ in range(60)) for _ in range(12)]
            (folder / f"0{n}-section.md").write_text(f"# Section {n}\n\n" + "\n\n".join(paragraphs), encoding="utf-8")
        with ws.open_review(ref, write=True) as rv:
            rv.table("recommendations").insert_multiple(
                {"label": str(k), "text": " ".join(rng.choice(WORDS) for _ in range(20)), "response": "Accepted"}
                for k in (1, 2))
            events = rv.table("events")
            for doc in events.all():
                events.update({"note": " ".join(rng.choice(WORDS) for _ in range(15))}, doc_ids=[doc.doc_id])
    marker.write_text("", encoding="utf-8")


def run():
    ws = make_portfolio(WORK / "portfolio-300-search")
    _fill(ws)
    env = {"SCR_WORKSPACE": str(ws), "XDG_CACHE_HOME": str(WORK / "cache"), "SCR_AS_OF": "2014-04-30"}
    cold, _ = timed([SCR, "search", "bruise", "--json"], runs=1, env=dict(env, XDG_CACHE_HOME=str(WORK / f"cold-{os.getpid()}")))
    timed([SCR, "search", "bruise", "--json"], runs=1, env=env)  # warm the index
    warm, _ = timed([SCR, "search", '"health visitor" father*', "--json"], env=env)
    floor, _ = timed([SCR, "--version"], env=env)
    return [
        {**absolute("scr search (300 reviews, ~30,000 pieces of text), warm index", warm, 0.3, "s"),
         "floor_name": f"(scr --version in the same run: {floor:.3f} s)"},
        absolute("scr search, cold: the index built from every review", cold, 30, "s"),
    ]
