"""The timeline chart of one review: its statutory milestones, its events, its pauses, today marked.

Two halves. :func:`chart_data` turns a review's records into plain rows (fast, no plotting library)
and :func:`alt_text` describes them in words for people who cannot see the picture. :func:`draw`
draws the rows as SVG or PNG with matplotlib's Agg renderer — no display needed — and imports
matplotlib only when it is called, so nothing else in scr pays for it.

Why matplotlib: it is the one library at hand that draws the same figure as both SVG (for HTML, with
real text) and PNG (for Word, which does not reliably show SVG), lays out dates on an axis properly,
and needs no display or browser. Its object API (``Figure`` without pyplot) keeps no global state.
Loading it costs about a second, once per command; a chart then costs 0.2-0.7 s of CPU (PNG at
150 dpi is the dearer), most of it rasterising and laying out text.
"""

from datetime import date, timedelta

from scr import values

# Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
COLOURS = {
    "met": "#009E73", "met-late": "#E69F00", "overdue": "#D55E00", "due": "#0072B2",
    "paused": "#CC79A7", "waiting": "#999999", "event": "#222222", "today": "#D55E00",
    "pause": "#CC79A7", "clock": "#D9D9D9",
}
STATUS_WORDS = {
    "met": "met on time", "met-late": "met late", "overdue": "overdue", "due": "due",
    "paused": "paused", "waiting": "waiting",
}
LABEL_WIDTH = 46  # characters a line of a row's label; two lines at most


def _day(value):
    return value if isinstance(value, date) or value is None else date.fromisoformat(value)


EVENT_LABELS = {
    "aware": "Became aware", "referral": "Referral", "decision": "Decision", "initiated": "Initiated",
    "tor-agreed": "Terms of reference agreed", "author-appointed": "Author appointed",
    "panel-meeting": "Panel meetings", "draft-received": "Draft received",
    "board-signoff": "Board sign-off", "published": "Published", "closed": "Closed",
    "impact-reviewed": "Impact reviewed",
}


def _label(kind):
    return EVENT_LABELS.get(kind) or kind.replace("-", " ").capitalize()


def chart_data(review, milestone_rows, today):
    """The rows of a review's chart: milestones (with a due date) first, then events by kind.

    Notifications appear on the milestone rows they met; those that met none share one row. Other
    events have a row per kind, even where they met a milestone (a board sign-off is worth seeing).
    """
    from scr.timescales.clocks import matches

    events = review.events()
    milestones = []
    used = set()
    for row in milestone_rows:
        if not row.get("due") and not row.get("met_on"):
            continue
        milestones.append({
            "label": row["title"], "milestone": row["milestone"], "status": row["status"],
            "from": _day(row.get("from")), "due": _day(row.get("due")), "met_on": _day(row.get("met_on")),
        })
        if row.get("met_on") and row.get("met_by"):
            used.update(e["id"] for e in events if values.is_notification(e["kind"])
                        and e["date"] == row["met_on"] and matches(e["kind"], row["met_by"]))
    kinds = {}
    for event in events:
        if event["id"] in used:
            continue
        kind = "notifications" if values.is_notification(event["kind"]) else event["kind"]
        kinds.setdefault(kind, []).append({"date": _day(event["date"]), "planned": bool(event["planned"]),
                                           "kind": event["kind"]})
    event_rows = [
        {"label": _label(kind) + (" (not linked to a deadline)" if kind == "notifications" else ""),
         "kind": kind, "points": points}
        for kind, points in sorted(kinds.items(), key=lambda item: min(p["date"] for p in item[1]))
    ]
    pauses = [{"from": _day(p["from"]), "to": _day(p.get("to")), "reason": p.get("reason")}
              for p in review.pauses()]
    # pending duties (no fixed period, clock running) are not "waiting": they have started
    waiting = [row["title"] for row in milestone_rows
               if not row.get("due") and not row.get("met_on") and row["status"] == "waiting"]
    return {
        "ref": review.ref, "title": review.record["title"], "today": today,
        "milestones": milestones, "events": event_rows, "pauses": pauses, "waiting": waiting,
    }


def _all_dates(data):
    found = [data["today"]]
    for m in data["milestones"]:
        found += [d for d in (m["from"], m["due"], m["met_on"]) if d]
    for row in data["events"]:
        found += [p["date"] for p in row["points"]]
    for p in data["pauses"]:
        found += [d for d in (p["from"], p["to"]) if d]
    return found


def alt_text(data):
    """The chart in words: what a screen reader reads instead of the picture."""
    parts = [f"Timeline of {data['title']}, as of {values.show(data['today'])}."]
    counts = {}
    for m in data["milestones"]:
        counts[m["status"]] = counts.get(m["status"], 0) + 1
    if data["milestones"]:
        summary = ", ".join(f"{n} {STATUS_WORDS[s]}" for s, n in sorted(counts.items()))
        parts.append(f"{len(data['milestones'])} milestone{'s' if len(data['milestones']) > 1 else ''}: {summary}.")
        for m in data["milestones"]:
            if m["status"] == "overdue":
                parts.append(f"{m['label']}: overdue since {values.show(m['due'])}.")
            elif m["status"] in ("due", "paused"):
                state = "paused, due" if m["status"] == "paused" else "due"
                parts.append(f"{m['label']}: {state} {values.show(m['due'])}.")
    actual = [p for row in data["events"] for p in row["points"] if not p["planned"]]
    if actual:
        first, last = min(actual, key=lambda p: p["date"]), max(actual, key=lambda p: p["date"])
        parts.append(f"{len(actual)} event{'s' if len(actual) > 1 else ''} from {_label(first['kind'])} on {values.show(first['date'])}"
                     f" to {_label(last['kind'])} on {values.show(last['date'])}.")
    planned = [p for row in data["events"] for p in row["points"] if p["planned"]]
    for p in planned:
        parts.append(f"Planned: {_label(p['kind'])} on {values.show(p['date'])}.")
    for p in data["pauses"]:
        end = f"to {values.show(p['to'])}" if p["to"] else "still paused"
        parts.append(f"Paused from {values.show(p['from'])} {end} ({p['reason'] or 'no reason given'}).")
    if data["waiting"]:
        count = len(data["waiting"])
        parts.append(f"{count} milestone{'s' if count > 1 else ''} waiting for {'their clocks' if count > 1 else 'its clock'} to start.")
    return " ".join(parts)


def _wrapped(text, width=LABEL_WIDTH):
    """A row label wrapped at spaces, whole: a label is never cut off (the rows are spaced for
    the longest)."""
    import textwrap

    return "\n".join(textwrap.wrap(" ".join(str(text).split()), width, break_long_words=False) or [""])


def draw(data, fmt="svg", dpi=150, width=10.0):
    """The chart as bytes: ``fmt`` is ``svg`` or ``png``; ``width`` in inches (6.5 fits a Word
    page at its printed size, so the text prints at the size it was drawn)."""
    import io

    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib import dates as mdates
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    rows = [("milestone", m) for m in data["milestones"]] + [("event", e) for e in data["events"]]
    label_width = LABEL_WIDTH if width >= 9 else int(LABEL_WIDTH * 0.7)
    labels = [_wrapped(row["label"], label_width) for _, row in rows]
    most_lines = max([label.count("\n") + 1 for label in labels] + [1])
    height = 1.6 + max(0.36, 0.16 * most_lines + 0.04) * max(len(rows), 1)
    with matplotlib.rc_context({"svg.fonttype": "none", "font.size": 8.5, "font.family": "DejaVu Sans",
                                "svg.hashsalt": data["ref"]}):
        fig = Figure(figsize=(width, height), layout="constrained")
        FigureCanvasAgg(fig)
        ax = fig.add_subplot()
        today = data["today"]
        every = _all_dates(data)
        start, end = min(every), max(every)
        span = max((end - start).days, 30)
        pad = timedelta(days=max(span // 25, 3))
        ax.set_xlim(start - pad, end + pad)
        n = len(rows)
        for y, (what, row) in enumerate(rows):
            if what == "milestone":
                _draw_milestone(ax, y, row, today)
            else:
                for p in row["points"]:
                    ax.plot(p["date"], y, "o", ms=6, mfc="white" if p["planned"] else COLOURS["event"],
                            mec=COLOURS["event"], mew=1.3, ls="none", zorder=3)
        for p in data["pauses"]:
            ax.axvspan(p["from"], p["to"] or today, color=COLOURS["pause"], alpha=0.18, lw=0, zorder=0)
            ax.text(p["from"], n - 0.45, f" paused: {p['reason'] or ''}", color=COLOURS["paused"],
                    fontsize=7.5, va="bottom", ha="left")
        ax.axvline(today, color=COLOURS["today"], ls="--", lw=1.2, zorder=4)
        near_end = (end + pad - today).days < (end - start + 2 * pad).days / 4
        ax.text(today, -0.95, f" today {values.show(today)} ", color=COLOURS["today"], fontsize=7.5,
                va="top", ha="right" if near_end else "left")
        ax.set_yticks(range(n), labels if rows else [])
        ax.set_ylim(n - 0.4 if n else 0.6, -1.0)
        if data["milestones"] and data["events"]:
            ax.axhline(len(data["milestones"]) - 0.5, color="#BBBBBB", lw=0.6)
        locator = mdates.AutoDateLocator(minticks=4, maxticks=10)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
        ax.grid(axis="x", color="#EEEEEE", lw=0.6)
        ax.set_axisbelow(True)
        for side in ("top", "right", "left"):
            ax.spines[side].set_visible(False)
        ax.tick_params(axis="y", length=0)
        fig.suptitle(_wrapped(data["title"], int(11 * width)), x=0.01, ha="left",
                     fontsize=10, fontweight="bold")
        if not rows:
            ax.text(0.5, 0.5, "Nothing recorded yet", transform=ax.transAxes, ha="center", color="#666666")
        handles = [
            Line2D([], [], marker="D", ls="none", mfc="none", mec=COLOURS["due"], label="due"),
            Line2D([], [], marker="D", ls="none", mfc=COLOURS["overdue"], mec=COLOURS["overdue"], label="overdue"),
            Line2D([], [], marker="o", ls="none", mfc=COLOURS["met"], mec=COLOURS["met"], label="met on time"),
            Line2D([], [], marker="o", ls="none", mfc=COLOURS["met-late"], mec=COLOURS["met-late"], label="met late"),
            Line2D([], [], marker="o", ls="none", mfc=COLOURS["event"], mec=COLOURS["event"], label="event"),
            Line2D([], [], marker="o", ls="none", mfc="white", mec=COLOURS["event"], label="planned"),
            Patch(color=COLOURS["pause"], alpha=0.3, label="paused"),
            Line2D([], [], color=COLOURS["today"], ls="--", label="today"),
        ]
        fig.legend(handles=handles, loc="outside lower center", ncols=len(handles) if width >= 9 else 4, frameon=False,
                   fontsize=7.5)
        buffer = io.BytesIO()
        metadata = {"Date": None, "Creator": "scr"} if fmt == "svg" else {"Software": "scr"}
        fig.savefig(buffer, format=fmt, dpi=dpi, metadata=metadata)
    payload = buffer.getvalue()
    if fmt == "svg":
        payload = _titled_svg(payload, data)
    return payload


def _draw_milestone(ax, y, m, today):
    colour = COLOURS[m["status"]]
    if m["from"] and m["due"]:
        ax.plot([m["from"], m["due"]], [y, y], color=COLOURS["clock"], lw=5, solid_capstyle="butt", zorder=1)
    if m["status"] == "overdue":
        ax.plot([m["due"], today], [y, y], color=colour, lw=2, alpha=0.6, zorder=2)
    if m["status"] == "met-late" and m["due"]:
        ax.plot([m["due"], m["met_on"]], [y, y], color=colour, lw=2, alpha=0.6, zorder=2)
    if m["met_on"]:
        ax.plot(m["met_on"], y, "o", ms=5.5, color=colour, zorder=3)
    if m["due"]:
        filled = m["status"] == "overdue"
        ax.plot(m["due"], y, "D", ms=8, mfc=colour if filled else "none", mec=colour, mew=1.5, zorder=4)


def _titled_svg(payload, data):
    """Put the alt text into the SVG as its <title> and <desc>, for screen readers."""
    from scr.documents.word import escape  # not xml.sax.saxutils: it imports urllib.request

    text = payload.decode("utf-8")
    head, sep, rest = text.partition("<svg ")
    close = rest.index(">") + 1
    title = f"<title>Timeline of {escape(data['title'])}</title><desc>{escape(alt_text(data))}</desc>"
    opening = rest[:close]
    if 'role="img"' not in opening:
        opening = opening[:-1] + ' role="img">'
    return (head + sep + opening + title + rest[close:]).encode("utf-8")


def write_chart(ws, ref, path=None):
    """`scr timeline`: draw review REF's chart to PATH (.svg or .png); returns the written path."""
    from scr.timescales.clocks import review_milestones
    from scr.workspace import outputs

    target = outputs.target(path, ws.review_dir(ref) / "timeline.svg")
    fmt = outputs.format_of("timeline", target)
    with ws.open_review(ref) as review:
        data = chart_data(review, review_milestones(review), ws.today)
    return ws.write_output(target, draw(data, fmt))
