"""`scr annual`: the serious case and thematic reviews section of the board's annual report.

Every figure is computed from the review records for the period FROM..TO inclusive (CLI.md, "Board
reporting"):

- *initiated*: reviews with an ``initiated`` event in the period; *concluded*: those with a
  ``board-signoff`` event in it; *published*: those with a ``published`` event in it. Planned and
  withdrawn events never count (a plan is not a fact).
- *notifications*: notifications (events ``notify:RECIPIENT[:PURPOSE]``) dated in the period;
  *late* are those that met a statutory milestone after its due date, *on_time* the rest.
- *actions*: actions added on or before TO; *completed* those of them completed on or before TO;
  *overdue* those of them open at TO with a due date before TO — overall and by agency.

The section's prose comes from a jinja2 template (``annual.md.j2``) that a board can replace with its
own in the workspace's ``templates/``. Nothing here prints.
"""


from scr import values
from scr.errors import ScrError

TEMPLATE = "annual.md.j2"
INITIATED, CONCLUDED, PUBLISHED = "initiated", "board-signoff", "published"


def _in(day, start, end):
    return day is not None and start <= day <= end


def _actual(events, kind, start, end):
    """Dates of actual (not planned) events of ``kind`` in start..end (events are not withdrawn)."""
    return sorted(
        values.from_iso(e["date"]) for e in events
        if e["kind"] == kind and not e["planned"] and _in(values.from_iso(e["date"]), start, end)
    )


def _first(events, kind, until=None):
    found = [values.from_iso(e["date"]) for e in events if e["kind"] == kind and not e["planned"]]
    found = [d for d in found if until is None or d <= until]
    return min(found) if found else None


def period_label(start, end):
    """``2013-14`` for a financial year (1 April to 31 March); else ``1 Apr 2013 to 31 Mar 2014``."""
    if (start.month, start.day, end.month, end.day) == (4, 1, 3, 31) and end.year == start.year + 1:
        return f"{start.year}-{str(end.year)[2:]}"
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and end.year == start.year:
        return str(start.year)
    return f"{values.show(start)} to {values.show(end)}"


def _notification(event):
    parts = event["kind"].split(":")
    return {
        "id": event["id"],
        "date": event["date"],
        "recipient": event.get("recipient") or (parts[1] if len(parts) > 1 else None),
        "purpose": event.get("purpose") or (parts[2] if len(parts) > 2 else None),
        "reference": event.get("reference"),
        "kind": event["kind"],
    }


def notifications_of(review, events, milestone_rows, start, end):
    """The review's notifications dated in start..end, each judged against the milestones it met.

    A notification *met* a milestone when it matches the milestone's ``met_by`` and is the event the
    milestone was met on; it is late when any milestone it met was met after its due date.
    """
    from scr.timescales.clocks import matches

    found = []
    for event in events:
        if not values.is_notification(event["kind"]) or event["planned"]:
            continue
        if not _in(values.from_iso(event["date"]), start, end):
            continue
        row = _notification(event)
        met = [
            m for m in milestone_rows
            if m.get("met_by") and m.get("met_on") == event["date"] and matches(event["kind"], m["met_by"])
            and m["status"] in ("met", "met-late")
        ]
        row.update({
            "review": review.ref,
            "milestones": [{"milestone": m["milestone"], "title": m["title"], "due": m["due"],
                            "status": m["status"]} for m in met],
            "late": any(m["status"] == "met-late" for m in met),
        })
        found.append(row)
    return found


def _review_facts(review, events, start, end):
    """What the prose says about one review: what it is, why it was held, where it stood at TO."""
    from scr.workspace.review import KINDS, STAGES

    record = review.record
    reached = [e["kind"] for e in events if not e["planned"] and e["kind"] in STAGES
               and values.from_iso(e["date"]) <= end]
    stage_at_end = next((s for s in reversed(STAGES) if s in reached), "new")
    aware = _first(events, "aware")

    def note(kind):
        notes = [e.get("note") for e in events if e["kind"] == kind and not e["planned"] and e.get("note")]
        return notes[0] if notes else None

    initiated = _first(events, INITIATED)
    return {
        "ref": review.ref,
        "kind": record["kind"],
        "kind_name": KINDS.get(record["kind"], record["kind"]),
        "title": record["title"],
        "subject": record["subject"],
        "incident": record.get("incident"),
        "aware": values.iso(aware),
        "initiated": values.iso(initiated),
        "initiated_before_period": bool(initiated and initiated < start),
        "concluded": values.iso(_first(events, CONCLUDED, end)),
        "published": values.iso(_first(events, PUBLISHED, end)),
        "planned_publication": next((e["date"] for e in events if e["kind"] == PUBLISHED and e["planned"]), None),
        "stage_at_end": stage_at_end,
        "open_at_end": not (_first(events, "closed", end)),
        "links": record.get("links", []),
        "notes": {"initiated": note(INITIATED), "concluded": note(CONCLUDED), "published": note(PUBLISHED)},
    }


def figures(ws, start, end):
    """Every figure of the annual section for start..end, and the details the prose needs."""
    if start > end:
        raise ScrError(f"--from {start.isoformat()} is after --to {end.isoformat()}")
    from scr.actions import rules as action_plan
    from scr.timescales.clocks import review_milestones
    from scr.timescales.workdays import for_workspace

    cal = for_workspace(ws)
    initiated, concluded, published, notifications, reviews, all_actions = [], [], [], [], {}, []
    entries = []  # every review with its events and milestone rows, for scr/board/annual_figures.py
    every = ws.all_reviews()
    for review in every:
        events = review.events()
        hits = {kind: _actual(events, kind, start, end) for kind in (INITIATED, CONCLUDED, PUBLISHED)}
        for kind, bucket in ((INITIATED, initiated), (CONCLUDED, concluded), (PUBLISHED, published)):
            if hits[kind]:
                bucket.append(review.ref)
        rows = review_milestones(review, ws.today, cal)
        entries.append({"review": review, "events": events, "rows": rows})
        notes = notifications_of(review, events, rows, start, end)
        notifications.extend(notes)
        records = action_plan.records(review)
        for record in records:
            all_actions.append((review.ref, record))
        if any(hits.values()) or notes or records or _active_in(events, start, end):
            reviews[review.ref] = _review_facts(review, events, start, end)
    late = sum(1 for n in notifications if n["late"])
    by_agency = _actions_by_agency(ws, all_actions, end, action_plan)
    notifications.sort(key=lambda n: (n["date"], n["review"], int(n["id"][1:])))
    extra = _more_figures(ws, every, entries, start, end, reviews)
    return {
        "from": start.isoformat(),
        "to": end.isoformat(),
        "period": period_label(start, end),
        "board": ws.board,
        "initiated": initiated,
        "concluded": concluded,
        "published": published,
        "notifications": {"total": len(notifications), "on_time": len(notifications) - late,
                          "late": late, "missed": len(extra["missed_notifications"]),
                          "list": notifications},
        **extra,
        "actions": dict(action_plan.counts_for_period([a for _, a in all_actions], end),
                        by_agency=by_agency),
        "reviews": [reviews[ref] for ref in sorted(reviews)],
        "outstanding": _outstanding(reviews, all_actions, end, ws),
        **_learning(ws, start, end),
    }


def _more_figures(ws, every, entries, start, end, reviews):
    """CLI.md 1.1's figures (scr/board/annual_figures.py): missed notifications, rapid reviews,
    the reasons for late and missed milestones, delays by cause, outcomes and decisions not to
    initiate, the period's terms and the heading from the kinds of review it holds."""
    from scr.board import annual_figures as more
    from scr.timescales.links import groups

    group_of = groups(every)
    missed = more.missed_notifications(entries, group_of, start, end, ws.today)
    return {
        "missed_notifications": missed,
        "rapid": more.rapid_reviews(entries, start, end),
        "late_milestones": more.late_reasons(entries, group_of, missed, start, end),
        "delays": {"by_category": more.delays_by_cause(entries, start, end),
                   "list": more.delay_reasons([e for e in entries if e["review"].ref in reviews], end)},
        "decisions": more.decisions(entries, start, end),
        "terms": more.terms(start, end),
        "heading": more.heading({r["kind"] for r in reviews.values()}, start, end),
    }


def _learning(ws, start, end):
    from scr.learning.annual import figures as learning_figures

    return learning_figures(ws, start, end)


def _active_in(events, start, end):
    """A review under way during the period: aware of it by END and not closed before START."""
    aware = min((values.from_iso(e["date"]) for e in events if not e["planned"]), default=None)
    closed = _first(events, "closed")
    return aware is not None and aware <= end and (closed is None or closed >= start)


def _open_at(action, end):
    ended = action.get("completed_on") or action.get("cancelled_on")
    return not (ended and values.from_iso(ended) <= end)


def _actions_by_agency(ws, all_actions, end, action_plan):
    """``[{agency, total, completed, overdue, open}]`` at END, ordered by agency name."""
    groups = {}
    seen = []
    for _, action in all_actions:
        name = ws.agencies.canonical(action["agency"], seen)
        if name not in seen:
            seen.append(name)
        groups.setdefault(name, []).append(action)
    rows = []
    for name in sorted(groups, key=str.casefold):
        counted = action_plan.counts_for_period(groups[name], end)
        added = [a for a in groups[name] if values.from_iso(a["added"]) <= end]
        counted["open"] = sum(1 for a in added if _open_at(a, end))
        if counted["total"]:
            rows.append({"agency": name, **counted})
    return rows


def _outstanding(reviews, all_actions, end, ws):
    """What remains at TO: reviews not yet published (or concluded), and actions still open."""
    unfinished = [
        {"ref": r["ref"], "title": r["title"], "stage": r["stage_at_end"],
         "planned_publication": r["planned_publication"]}
        for r in reviews.values()
        if r["open_at_end"] and not r["published"] and (r["initiated"] and values.from_iso(r["initiated"]) <= end)
    ]
    open_actions = [
        {"id": f"{ref}:{a['n']}", "review": ref, "agency": ws.agencies.canonical(a["agency"]),
         "text": a["text"], "due": a["due"], "overdue": values.from_iso(a["due"]) < end}
        for ref, a in all_actions
        if values.from_iso(a["added"]) <= end and _open_at(a, end)
    ]
    open_actions.sort(key=lambda a: (a["due"], a["review"], a["id"]))
    return {"reviews": sorted(unfinished, key=lambda r: r["ref"]), "actions": open_actions}


# ---------------------------------------------------------------------------------- the section


def markdown(ws, result):
    """The section as Markdown, from the workspace's ``templates/annual.md.j2`` or the package's."""
    from scr.documents.templates import environment, render_template, template_dirs

    env = environment(template_dirs(ws.templates_dir))
    env.filters["day"] = _show_day
    env.filters["month"] = _show_month
    env.filters["words"] = lambda slug: str(slug or "").replace("-", " ")
    env.filters["recipient"] = _recipient_name
    env.filters["pounds"] = _pounds
    reviews = {r["ref"]: dict(r) for r in result["reviews"]}
    for r in reviews.values():  # a linked review by its title, where the workspace has it
        r["links"] = [dict(link, title=reviews[link["ref"]]["title"] if link.get("ref") in reviews else None)
                      for link in r.get("links", [])]
    context = {"a": result, "reviews": reviews, "board": ws.board, "today": ws.today.isoformat()}
    return render_template(env, TEMPLATE, context)


def _recipient_name(recipient):
    """A recipient as the prose names it ("Ofsted", "the national panel"), not its slug."""
    from scr.timescales.events import RECIPIENT_NAMES

    return RECIPIENT_NAMES.get(recipient, str(recipient or "").replace("-", " "))


def _pounds(value):
    from scr.learning.costs import pounds

    return pounds(value)


def _show_day(value):
    return values.show(value, empty="")


def _show_month(value):
    return values.show(value, values.MONTH, empty="")


def write(ws, result, output=None):
    """Write the section to ``output`` (default out/annual-FROM-to-TO.md): ``.md`` as Markdown,
    ``.docx``/``.html`` through pandoc."""
    from scr.workspace import outputs

    path = outputs.target(output, ws.out_dir / f"annual-{result['from']}-to-{result['to']}.md")
    to = outputs.format_of("annual", path)
    text = markdown(ws, result)
    if to == "md":
        return ws.write_output(path, text)
    from scr.documents.pandoc import convert
    from scr.documents.templates import yaml_string
    from scr.documents.word import reference_doc

    title = f"{ws.board}: {result['heading'].lower()}, {result['period']}"
    reference = reference_doc(ws.templates_dir) if to == "docx" else None
    data, warnings = convert(text, to, reference_doc=reference, toc=False,
                             metadata=f"pagetitle: {yaml_string(title)}\nlang: en-GB\n",
                             author=ws.board, date=ws.today)
    for warning in warnings:
        ws.warn(f"pandoc: {warning}")
    return ws.write_output(path, data)
