"""What each review contributes to the commands across reviews — `scr status`, `scr list`,
`scr deadlines`, `scr calendar`, `scr actions overdue` — made whatever the day, and the day applied
after.

A review's parts (:func:`summarise`) are plain JSON values computed once from the review:

- ``row``: its `scr list` row;
- ``summary``: its partners (linked reviews), what its action counts and its status counts are
  made from, and its sizes for the theme counts;
- ``milestones``: its milestone rows, computed on :data:`rows.TIMELESS`, so a dated, unmet
  milestone is ``due`` and :func:`rows.as_of` decides, for the day asked, whether it is overdue;
- ``open_actions``: its open actions as `scr actions overdue` shows them, by due date.

Only a review with an open pause is computed for the day itself (the pause runs to today and moves
its clocks day by day): it is ``volatile``, and its parts hold for that day only. The derived
index (workspace/index.py) keeps every other review's parts until its file, a linked review's
file, or the settings change; without the index they are computed from the files on every command.
The same functions below turn the parts into each command's answer either way, so the answer is
the same. Nothing here prints.
"""

import msgspec

from scr import values
from scr.actions.rules import counts_on
from scr.timescales.rows import overdue_among

#: The parts of a review, as the index keeps them (each read only by the commands that need it).
PARTS = ("row", "summary", "milestones", "open_actions")
#: Changed whenever what :func:`summarise` makes changes: the index then makes every part again.
VERSION = "5"


def summarise(review, names=PARTS):
    """The parts NAMES (None: every part) of REVIEW, with ``volatile`` (they hold for today only)
    and ``deps`` (the linked reviews read, whose change makes them stale)."""
    from scr.timescales.clocks import review_milestones
    from scr.timescales.links import partners
    from scr.timescales.rows import TIMELESS, next_due

    names = PARTS if names is None else names
    ws = review.ws
    volatile = any(not pause.get("to") for pause in review.pauses())
    day = ws.today if volatile else TIMELESS
    linked = partners(review)
    # a partner's events count for this review's clocks (links.shared_events): when one changes,
    # appears or goes, these parts are stale
    out = {"volatile": volatile, "deps": linked}
    rows = review_milestones(review, day) if {"row", "summary", "milestones"} & set(names) else None
    if "row" in names:
        from scr.board.summary import review_row

        out["row"] = review_row(review, rows)
    if "summary" in names:
        from scr.actions import rules
        from scr.learning.themes import sizes

        out["summary"] = {
            "closed": review.closed,
            "next_due": next_due(rows),
            "partners": linked,
            "actions": rules.tally(rules.brief_records(review)),
            # the dated, unmet milestones, what the overdue counts are made from:
            # [due, status, milestone, from] each
            "unmet": [[row["due"], row["status"], row["milestone"], row["from"]]
                      for row in rows if row["status"] in ("due", "overdue")],
            "sizes": list(sizes(review)),
        }
    if "milestones" in names:
        from scr.timescales.rows import kept

        out["milestones"] = kept(rows)
    if "open_actions" in names:
        from scr.actions.rules import open_views

        out["open_actions"] = open_views(review)
    return out


def parts(ws, names, raw=()):
    """``[(ref, {name: part})]`` of every review, in ref order: from the derived index where it is
    in use, else computed from every review file. A part named in RAW may come as its JSON
    (``msgspec.Raw``: printed as it is, never decoded)."""
    from scr.workspace import index

    if index.enabled():
        from scr.timescales.rows import Kept

        # what is printed as it is kept is never decoded: only what a command chooses by is
        types = {"open_actions": list[tuple[str, int, msgspec.Raw]], "milestones": list[Kept]}
        types.update((name, msgspec.Raw) for name in raw)
        return index.derived(ws, summarise, names, signature(ws), types)
    return [(review.ref, summarise(review, names)) for review in ws.all_reviews()]


def signature(ws):
    """What the parts depend on beyond the review files: scr itself (and the frameworks and bank
    holidays it ships, and the `holidays` package it reads for other years), the settings
    (scr.toml) and the workspace's own frameworks. Parts made under another signature are made
    again."""
    import importlib.util
    import os

    from scr import __version__

    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    holidays = importlib.util.find_spec("holidays")
    folders = [str(ws.frameworks_dir), os.path.join(here, "timescales", "frameworks"),
               os.path.join(here, "timescales", "data")]
    files = [holidays.origin] if holidays and holidays.origin else []
    for folder in folders:
        try:
            files += [os.path.join(folder, name) for name in sorted(os.listdir(folder))]
        except OSError:
            pass
    pieces = [VERSION, __version__, ws.settings.fingerprint()]
    for path in files:
        try:
            st = os.stat(path)
        except OSError:
            continue
        pieces.append(f"{path}:{st.st_size}:{st.st_mtime_ns}:{st.st_ino}")
    return "\n".join(pieces)


# The day applied: each command's answer from the parts -------------------------------------


def list_rows(ws, show_all=False, theme=None):
    """``scr list``: the reviews (open only, unless ``show_all``) with ``theme`` where given."""
    from scr.learning.themes import check_filter

    theme = check_filter(ws, theme)
    rows = [found["row"] for _, found in parts(ws, ("row",))]
    return [row for row in rows
            if (show_all or not row["closed"]) and (theme is None or theme in row["themes"])]


def status_counts(found, today, amber_days):
    """What `scr status` adds to an open review's `scr list` row: its counts on TODAY."""
    summary = found["summary"]
    tallied = summary["actions"]
    due = summary["next_due"]
    counts = {"days_left": (values.from_iso(due) - today).days if due else None,
              "overdue_milestones": overdue_among(summary["unmet"], today),
              "actions": {**counts_on(tallied, today), "open": tallied["open"]}}
    counts["urgency"] = urgency(counts, amber_days)
    return counts


def extended(row, fields):
    """ROW (a dict, or a dict's JSON) with FIELDS after its own, as a dict or as JSON."""
    if isinstance(row, dict):
        return {**row, **fields}
    # '{"ref":...,"themes":[]}' + '{"days_left":...}' -> '{"ref":...,"themes":[],"days_left":...}'
    return msgspec.Raw(bytes(row)[:-1] + b"," + msgspec.json.encode(fields)[1:])


def urgency(counts, amber_days):
    """``red`` where anything is overdue, ``amber`` where the next deadline is within the amber
    period, ``green`` otherwise."""
    if counts["overdue_milestones"] or counts["actions"]["overdue"]:
        return "red"
    if counts["days_left"] is not None and counts["days_left"] <= amber_days:
        return "amber"
    return "green"


def status(ws, names=("row", "summary"), raw=("row",)):
    """``scr status``: ``{reviews, overdue_milestones, overdue_actions, themes}`` over the open
    reviews, ordered by ref (each row a dict, or its JSON: :func:`plain` reads either);
    ``_parts`` keeps each review's parts NAMES by ref."""
    from collections import Counter

    from scr.learning.themes import counts_of
    from scr.timescales.links import count_once, groups_of
    from scr.timescales.rows import as_of

    today = ws.today
    items = parts(ws, names, raw)
    # only reviews with partners, and those partners, can share a group
    partners_of = {ref: found["summary"]["partners"] for ref, found in items}
    joined = {ref for ref, partners in partners_of.items() if partners}
    joined |= {other for ref in joined for other in partners_of[ref] if other in partners_of}
    group_of = groups_of({ref: partners_of[ref] for ref in joined})
    members = Counter(group_of.values())
    linked = {ref for ref, group in group_of.items() if members[group] > 1}
    rows, linked_late, sizes = [], [], []
    alone = overdue = 0
    for ref, found in items:
        summary = found["summary"]
        if summary["closed"]:
            continue
        if ref in linked:  # CLI.md 1.1: a milestone two linked reviews both carry is counted once
            unmet = ({"review": ref, "milestone": milestone, "due": due, "from": start, "status": status}
                     for due, status, milestone, start in summary["unmet"])
            linked_late.extend(row for row in (as_of(m, today) for m in unmet)
                               if row["status"] == "overdue")
        sizes.append(summary["sizes"])
        counts = status_counts(found, today, ws.amber_days)
        alone += 0 if ref in linked else counts["overdue_milestones"]
        overdue += counts["actions"]["overdue"]
        # the list row (a dict, or as the index keeps it its JSON) with the counts after it
        rows.append(extended(found["row"], counts))
    return {
        "reviews": rows,
        "overdue_milestones": alone + len(count_once(linked_late, group_of)),  # each counted once
        "overdue_actions": overdue,
        "themes": counts_of(sizes),
        "_parts": dict(items),
    }


def public(result):
    """The `--json` document of `scr status` (nothing private)."""
    return {key: value for key, value in result.items() if not key.startswith("_")}


def deadlines(ws, ref=None, include_closed=False, days=None):
    """``scr deadlines``: the milestone rows of one review or of every (open) review, in deadline
    order; with DAYS, only those due within DAYS (and every overdue one). Rows as :func:`rows`
    reads them (dicts, or as the index keeps them)."""
    if ref is not None:
        from scr.timescales.clocks import deadlines_of

        return deadlines_of(ws, ref, days)
    return [item.row for item in deadline_rows(ws, include_closed, days)]


def deadline_rows(ws, include_closed=False, days=None):
    """The milestone rows of every (open) review as they stand on the workspace's day (with
    DAYS, those due within DAYS and every overdue one), in deadline order, as ``rows.Kept`` rows
    (``rows.plain`` gives the dicts)."""
    from scr.timescales.rows import kept_as_of, sort_rows, within

    today = ws.today
    rows = []
    for _, found in parts(ws, ("row", "milestones")):
        if include_closed or not found["row"]["closed"]:
            rows.extend(kept_as_of(found["milestones"], today))
    return sort_rows(within(rows, days, today) if days is not None else rows)  # fewer to sort


def overdue_actions(ws):
    """``scr actions overdue``: the overdue actions of every review (closed ones too), by due
    date, then ID, without their history (each a dict, or as the index keeps it, its JSON:
    :func:`plain` reads those)."""
    from scr.actions.rules import overdue_on

    return overdue_on(((ref, found["open_actions"]) for ref, found in parts(ws, ("open_actions",))),
                      ws.today)


def plain(views):
    """VIEWS (rows, actions) as dicts: the index keeps some as their JSON, ``msgspec.Raw``."""
    return [msgspec.json.decode(v) if isinstance(v, msgspec.Raw) else v for v in views]
