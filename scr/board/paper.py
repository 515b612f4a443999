"""The portfolio at a glance (`scr status`) and the board meeting paper (`scr board-paper`).

`status` must feel instant: it imports only the core modules it counts with, never a plotting,
templating or document library. The paper draws a timeline chart per open review
(:mod:`scr.timeline`) and converts Markdown, from a template a board may override
(``templates/board-paper.md.j2``), to Word or HTML with pandoc in its sandbox; the charts travel
inside the Markdown as data URIs, because pandoc's sandbox reads no local file.
Nothing here prints.
"""

from datetime import timedelta

from scr import values
from scr.errors import ScrError

TEMPLATE = "board-paper.md.j2"
FORMATS = {".docx": "docx", ".html": "html", ".htm": "html"}
DEFAULT_HORIZON_DAYS = 91  # no --until: the next quarter, when boards usually meet again


def _urgency(row, amber_days):
    if row["overdue_milestones"] or row["actions"]["overdue"]:
        return "red"
    if row["days_left"] is not None and row["days_left"] <= amber_days:
        return "amber"
    return "green"


def review_status(review, milestone_rows):
    """One open review as a row of `scr status`: the `scr list` row and its counts."""
    from scr.actions import rules as action_plan
    from scr.board.summary import review_row
    from scr.timescales.clocks import count_overdue

    ws = review.ws
    row = review_row(review, milestone_rows)
    records = action_plan.records(review)
    counts = action_plan.counts(records, ws.today)
    row["days_left"] = (values.from_iso(row["next_due"]) - ws.today).days if row["next_due"] else None
    row["overdue_milestones"] = count_overdue(milestone_rows)
    row["actions"] = {**counts, "open": sum(1 for a in records if action_plan.is_open(a))}
    row["urgency"] = _urgency(row, ws.amber_days)
    return row


def status(ws, with_milestones=False):
    """``{reviews, overdue_milestones, overdue_actions}`` over the open reviews, ordered by ref.

    ``with_milestones`` keeps each review's milestone rows (under ``_milestones``) for the paper.
    """
    from scr.timescales.clocks import review_milestones
    from scr.timescales.workdays import for_workspace

    cal = for_workspace(ws)
    rows = []
    for review in ws.all_reviews():
        if review.closed:
            continue
        milestone_rows = review_milestones(review, ws.today, cal)
        row = review_status(review, milestone_rows)
        if with_milestones:
            row["_milestones"] = milestone_rows
            row["_review"] = review
        rows.append(row)
    rows.sort(key=lambda r: r["ref"])
    return {
        "reviews": rows,
        "overdue_milestones": sum(r["overdue_milestones"] for r in rows),
        "overdue_actions": sum(r["actions"]["overdue"] for r in rows),
    }


def public(result):
    """The `--json` document of `scr status` (nothing private, nothing not JSON)."""
    return {
        "reviews": [{k: v for k, v in row.items() if not k.startswith("_")} for row in result["reviews"]],
        "overdue_milestones": result["overdue_milestones"],
        "overdue_actions": result["overdue_actions"],
    }


# ---------------------------------------------------------------------------------- the paper


def paper_content(ws, until, image_format):
    """Everything the board paper shows, charts drawn as ``image_format`` (svg or png) data URIs."""
    import base64

    from scr.actions import rules as action_plan
    from scr.board import timeline
    from scr.timescales.clocks import within

    portfolio = status(ws, with_milestones=True)
    mime = {"svg": "image/svg+xml", "png": "image/png"}[image_format]
    reviews, deadlines = [], []
    for row in portfolio["reviews"]:
        review, milestone_rows = row.pop("_review"), row.pop("_milestones")
        data = timeline.chart_data(review, milestone_rows, ws.today)
        # Word: drawn at the printed width of a page, so its text prints at the size drawn.
        picture = timeline.draw(data, image_format, width=6.5 if image_format == "png" else 10.0)
        from scr.workspace.review import KINDS

        reviews.append({
            **row,
            "kind_name": KINDS.get(row["kind"], row["kind"]),
            "chart": f"data:{mime};base64,{base64.b64encode(picture).decode('ascii')}",
            "alt": timeline.alt_text(data),
            "milestones": [m for m in milestone_rows if m["due"] or m["met_on"]],
        })
        deadlines.extend(within(milestone_rows, (until - ws.today).days, ws.today))
    deadlines.sort(key=lambda r: (r["due"], r["review"], r["milestone"]))
    # a board reads reviews by their title and subject, never by ref
    names = {r["ref"]: r for r in reviews}
    for item in deadlines:
        item["days_left"] = (values.from_iso(item["due"]) - ws.today).days
        item["subject"] = names[item["review"]]["subject"] if item["review"] in names else item["review"]
    every = action_plan.all_views(ws)
    agencies = _agencies(ws, every, action_plan)
    return {
        "board": ws.board, "today": ws.today.isoformat(), "until": until.isoformat(),
        "reviews": reviews, "overdue_milestones": portfolio["overdue_milestones"],
        "overdue_actions": portfolio["overdue_actions"], "deadlines": deadlines,
        "agencies": agencies,
        "overdue": [dict(v, agency=ws.agencies.canonical(v["agency"]),
                         days_overdue=(ws.today - values.from_iso(v["due"])).days)
                    for v in action_plan.overdue(every)],
    }


def _agencies(ws, views, action_plan):
    """How each agency stands on its actions (every review's): ``[{agency, open, overdue, amber,
    completed, total}]`` ordered by most overdue, then name."""
    groups, seen = {}, []
    for view in views:
        name = ws.agencies.canonical(view["agency"], seen)
        if name not in seen:
            seen.append(name)
        group = groups.setdefault(name, {"agency": name, "total": 0, "open": 0, "overdue": 0,
                                         "amber": 0, "completed": 0})
        group["total"] += 1
        group["open"] += view["status"] in action_plan.OPEN
        group["overdue"] += view["rag"] == "red"
        group["amber"] += view["rag"] == "amber"
        group["completed"] += view["status"] == "completed"
    return sorted(groups.values(), key=lambda g: (-g["overdue"], g["agency"].casefold()))


def paper_markdown(ws, content):
    from scr.documents.render import environment, render_template, template_dirs

    env = environment(template_dirs(ws.templates_dir))
    env.filters["day"] = lambda value: values.show(value) if value else ""
    env.filters["attr"] = attribute_text
    return render_template(env, TEMPLATE, {"p": content, "board": ws.board})


def attribute_text(value):
    """Text for a pandoc attribute's double-quoted value (alt text): one line, no quote, no backslash."""
    return " ".join(str(value).replace('"', "'").replace("\\", "/").split())


def default_until(ws):
    return ws.today + timedelta(days=DEFAULT_HORIZON_DAYS)


def write_paper(ws, until, path):
    """Build the paper and write it to PATH (.docx or .html); returns the written path."""
    from pathlib import Path

    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise ScrError(f"cannot write {path}: the board paper is a .docx or .html file")
    to = FORMATS[suffix]
    if until < ws.today:
        raise ScrError(f"--until {until.isoformat()} is before today ({ws.today.isoformat()})")
    content = paper_content(ws, until, "png" if to == "docx" else "svg")
    from scr.documents.render import convert, yaml_string

    text = paper_markdown(ws, content)
    metadata = (f"title: {yaml_string(ws.board + ': case reviews')}\n"
                f"subtitle: {yaml_string('Board paper, ' + values.show(ws.today))}\n"
                "lang: en-GB\n")
    reference = None
    if to == "docx":
        from scr.board.annual import reference_doc

        reference = reference_doc(ws)
    # A paper about named reviews is not for publication: it carries the board's marking.
    data, warnings = convert(text, to, reference_doc=reference, toc=False, metadata=metadata,
                             header_html=PAPER_CSS if to == "html" else None,
                             docx_marking=ws.draft_marking or None, author=ws.board, date=ws.today)
    for warning in warnings:
        ws.warn(f"pandoc: {warning}")
    if to == "docx":
        data = _review_per_page(data)
    return ws.write_output(path, data)


def _review_per_page(data):
    """Word: the reviews section starts a page, and so does each review after the first."""
    import io

    import docx

    document = docx.Document(io.BytesIO(data))
    in_reviews = first = False
    for paragraph in document.paragraphs:
        style = paragraph.style.name if paragraph.style is not None else ""
        if style == "Heading 2":
            in_reviews = paragraph.text.strip() == "Reviews"
            first = in_reviews
            paragraph.paragraph_format.page_break_before = in_reviews or None
        elif in_reviews and style == "Heading 3":
            if not first:
                paragraph.paragraph_format.page_break_before = True
            first = False
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


PAPER_CSS = """<style>
body { max-width: 60em; }
img { max-width: 100%; height: auto; }
table { border-collapse: collapse; margin: 0.5em 0 1em; }
th, td { border-bottom: 1px solid #ccc; padding: 0.2em 0.6em; text-align: left; }
</style>
"""
