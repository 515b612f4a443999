"""The annual figures a business manager is asked for, beside those of :mod:`scr.board.annual`:
notifications never made, rapid reviews, the reasons for every late or missed milestone, delays by
cause, rapid review outcomes and decisions not to initiate, and the terms and heading of the period.

Each function takes ENTRIES: one dict per review, ``{review, events, rows}`` (the review read for
the command, its events, its milestone rows as ``scr deadlines`` gives them), and the period
START..END (dates, inclusive). A milestone that reviews linked ``became`` both carry counts once
(:func:`scr.timescales.links.count_once`). Nothing here prints.
"""

from datetime import date

from scr import values

# 29 June 2018: the Child Safeguarding Practice Review Panel's duties begin, LSCBs give way to the
# safeguarding partners (Children and Social Work Act 2017; SI 2018/789).
PRACTICE_REVIEWS_FROM = date(2018, 6, 29)
OLD_TERMS = {"review": "serious case review", "partnership": "LSCB"}
NEW_TERMS = {"review": "child safeguarding practice review", "partnership": "safeguarding partners"}
# How a kind is named in the heading, in the order the heading names them.
HEADING_NAMES = {
    "rapid": "Rapid", "lcspr": "Child Safeguarding Practice", "scr": "Serious Case",
    "thematic": "Thematic", "dhr": "Domestic Homicide", "learning": "Learning",
}
RAPID_REVIEW_MET_BY = "notify:panel:rapid-review"


def _in(day, start, end):
    return day is not None and start <= day <= end


def _day(text):
    return values.from_iso(text) if isinstance(text, str) else text


def missed_notifications(entries, group_of, start, end, today):
    """The notification milestones (met by a ``notify:`` event) due in the period and not met by
    END, and pending ones (no fixed period) whose clock started in it and unmet at END, as
    ``[{review, milestone, due}]`` ordered by due date, review, milestone. A milestone not yet due
    at TODAY is not missed yet."""
    from scr.timescales.links import count_once

    found = []
    for entry in entries:
        for row in entry["rows"]:
            if not str(row.get("met_by") or "").startswith("notify:"):
                continue
            met_on = _day(row.get("met_on"))
            unmet_at_end = met_on is None or met_on > end
            if row["status"] == "pending":
                if _in(_day(row.get("from")), start, end) and unmet_at_end:
                    found.append(row)
                continue
            due = _day(row.get("due"))
            if not _in(due, start, end) or not unmet_at_end:
                continue
            if met_on is None and due >= today:
                continue  # not due yet: it may still be made in time
            found.append(row)
    rows = count_once(found, group_of)
    rows.sort(key=lambda r: (r.get("due") or "", r["review"], r["milestone"]))
    return [{"review": r["review"], "milestone": r["milestone"], "due": r.get("due")} for r in rows]


def rapid_reviews(entries, start, end):
    """``{started, sent, on_time, became, list}``: rapid reviews whose ``aware`` date is in the
    period (started); rapid reviews sent to the Panel in it (their ``notify:panel:rapid-review``),
    and of those the ones sent within the expected time (on_time); of the ones started, those that
    became a practice review (a ``became`` link, or the outcome ``practice-review``)."""
    from scr.timescales.links import partners
    from scr.timescales.outcomes import outcome_of

    started = sent = on_time = became = 0
    listed = []
    for entry in entries:
        review = entry["review"]
        if review.kind != "rapid":
            continue
        events = entry["events"]
        aware = min((_day(e["date"]) for e in events if e["kind"] == "aware" and not e["planned"]),
                    default=None)
        row = next((r for r in entry["rows"] if r.get("met_by") == RAPID_REVIEW_MET_BY), None)
        sent_on = _day(row["met_on"]) if row else min(
            (_day(e["date"]) for e in events if e["kind"] == RAPID_REVIEW_MET_BY and not e["planned"]),
            default=None)
        outcome = outcome_of(events)
        became_refs = partners(review)
        item = {
            "ref": review.ref, "aware": values.iso(aware), "sent": values.iso(sent_on),
            "due": row.get("due") if row else None,
            "on_time": bool(row and row["status"] == "met") if sent_on else None,
            "outcome": outcome["outcome"] if outcome else None,
            "rationale": outcome["rationale"] if outcome else None,
            "became": became_refs,
        }
        counted = False
        if _in(aware, start, end):
            started += 1
            counted = True
            if became_refs or (outcome and outcome["outcome"] == "practice-review"):
                became += 1
        if _in(sent_on, start, end):
            sent += 1
            counted = True
            on_time += bool(item["on_time"])
        if counted:
            listed.append(item)
    return {"started": started, "sent": sent, "on_time": on_time, "became": became,
            "list": sorted(listed, key=lambda i: i["ref"])}


def late_reasons(entries, group_of, missed, start, end):
    """Every milestone due in the period that was met late or missed, with the reasons recorded:
    ``[{review, milestone, title, due, met_on, status, reasons, pauses}]``; ``reasons`` the
    ``scr delay`` reasons (oldest first), ``pauses`` the pauses that moved it (pausable ones)."""
    from scr.timescales import delays
    from scr.timescales.links import count_once

    missed_keys = {(m["review"], m["milestone"]) for m in missed}
    found = []
    for entry in entries:
        for row in entry["rows"]:
            key = (row["review"], row["milestone"])
            late = row["status"] == "met-late" and _in(_day(row.get("due")), start, end)
            overdue = row["status"] == "overdue" and _in(_day(row.get("due")), start, end)
            if late or overdue or key in missed_keys:
                found.append(dict(row, _entry=entry))
    out = []
    for row in sorted(count_once(found, group_of), key=lambda r: (r.get("due") or "", r["review"],
                                                                 r["milestone"])):
        entry = row.pop("_entry")
        reasons = [d["reason"] for d in delays.records(entry["review"])
                   if d["milestone"] == row["milestone"]]
        pauses = [{"from": p["from"], "to": p.get("to"), "reason": p.get("reason"),
                   "category": delays.category_of(p)}
                  for p in entry["review"].pauses()] if row.get("pausable") else []
        status = "missed" if (row["review"], row["milestone"]) in missed_keys else row["status"]
        out.append({"review": row["review"], "milestone": row["milestone"], "title": row["title"],
                    "due": row.get("due"), "met_on": row.get("met_on"), "status": status,
                    "reasons": reasons, "pauses": pauses})
    return out


def delays_by_cause(entries, start, end):
    """``{CATEGORY: N}``: the pauses that ran during the period, by category (every category
    shown, 0 where none)."""
    from scr.timescales import delays

    counts = {category: 0 for category in delays.CATEGORIES}
    for entry in entries:
        for pause in entry["review"].pauses():
            began, ended = _day(pause["from"]), _day(pause.get("to"))
            if began <= end and (ended is None or ended >= start):
                counts[delays.category_of(pause)] += 1
    return counts


def delay_reasons(entries, end):
    """Every reason for delay (``scr delay``) recorded by END on the period's reviews:
    ``[{review, milestone, reason, date}]`` ordered by review, then date."""
    from scr.timescales import delays

    found = []
    for entry in entries:
        for row in delays.records(entry["review"]):
            if not row.get("date") or _day(row["date"]) <= end:
                found.append({"review": entry["review"].ref, "milestone": row["milestone"],
                              "reason": row["reason"], "date": row.get("date")})
    return sorted(found, key=lambda d: (d["review"], d["date"] or ""))


def decisions(entries, start, end):
    """Rapid review outcomes and decisions not to initiate made in the period, with their reasons:
    ``{outcomes: [{review, date, outcome, rationale}], not_initiated: [{review, date, reasons}]}``."""
    from scr.timescales.outcomes import not_initiated_of, outcome_of

    outcomes, refused = [], []
    for entry in entries:
        ref = entry["review"].ref
        outcome = outcome_of(entry["events"])
        if outcome and _in(_day(outcome["date"]), start, end):
            outcomes.append({"review": ref, "date": outcome["date"], "outcome": outcome["outcome"],
                             "rationale": outcome["rationale"]})
        decision = not_initiated_of(entry["events"])
        if decision and _in(_day(decision["date"]), start, end):
            refused.append({"review": ref, "date": decision["date"], "reasons": decision["reasons"]})
    key = lambda item: (item["date"], item["review"])  # noqa: E731
    return {"outcomes": sorted(outcomes, key=key), "not_initiated": sorted(refused, key=key)}


def terms(start, end):
    """The words of the period: "serious case review" and "LSCB" up to 28 June 2018, "child
    safeguarding practice review" and "safeguarding partners" after, both for a period that spans
    the change: ``{review: [...], partnership: [...], sentence}``."""
    chosen = []
    if start < PRACTICE_REVIEWS_FROM:
        chosen.append(OLD_TERMS)
    if end >= PRACTICE_REVIEWS_FROM:
        chosen.append(NEW_TERMS)
    result = {"review": [t["review"] for t in chosen],
              "partnership": [t["partnership"] for t in chosen]}
    if len(chosen) == 2:
        result["sentence"] = (
            "Up to 28 June 2018 serious incidents led to serious case reviews, overseen by the LSCB; "
            "from 29 June 2018 to rapid reviews and child safeguarding practice reviews, overseen by "
            "the safeguarding partners.")
    elif chosen[0] is OLD_TERMS:
        result["sentence"] = "Reviews in this period were serious case reviews, overseen by the LSCB."
    else:
        result["sentence"] = ("Reviews in this period were rapid reviews and child safeguarding "
                              "practice reviews, overseen by the safeguarding partners.")
    return result


def heading(kinds, start, end):
    """The section's heading from the kinds of review the period holds, in a fixed order
    ("Serious Case / Thematic Reviews"); with none, from the period's terms."""
    present = [name for kind, name in HEADING_NAMES.items() if kind in kinds]
    if not present:
        present = (["Serious Case"] if start < PRACTICE_REVIEWS_FROM else []) + (
            ["Rapid", "Child Safeguarding Practice"] if end >= PRACTICE_REVIEWS_FROM else [])
    return " / ".join(present) + " Reviews"
