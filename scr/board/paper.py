"""The board meeting paper (`scr board-paper`), built on `scr status` (board/portfolio.py).

The paper draws a timeline chart per open review (:mod:`scr.board.timeline`) and converts Markdown, from a template a board may override
(``templates/board-paper.md.j2``), to Word or HTML with pandoc in its sandbox; the charts travel
inside the Markdown as data URIs, because pandoc's sandbox reads no local file.
Nothing here prints.
"""

from datetime import timedelta

from scr import values
from scr.errors import ScrError

TEMPLATE = "board-paper.md.j2"
DEFAULT_HORIZON_DAYS = 91  # no --until: the next quarter, when boards usually meet again


# ---------------------------------------------------------------------------------- the paper


def paper_content(ws, until, image_format):
    """Everything the board paper shows, charts drawn as ``image_format`` (svg or png) data URIs."""
    import base64

    from scr.actions import rules as action_plan
    from scr.board import timeline
    from scr.board.portfolio import status
    from scr.timescales.rows import kept_as_of, plain, within

    portfolio = status(ws, names=("row", "summary", "milestones"), raw=())
    every_review = {review.ref: review for review in ws.all_reviews()}
    mime = {"svg": "image/svg+xml", "png": "image/png"}[image_format]
    reviews, deadlines = [], []
    for row in portfolio["reviews"]:
        review = every_review[row["ref"]]
        milestone_rows = plain(kept_as_of(portfolio["_parts"][row["ref"]]["milestones"], ws.today))
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
    # pending duties (no fixed period) have no due date: they follow the dated ones
    deadlines.sort(key=lambda r: (r["due"] is None, r["due"] or "", r["review"], r["milestone"]))
    # a board reads reviews by their title and subject, never by ref
    names = {r["ref"]: r for r in reviews}
    for item in deadlines:
        item["days_left"] = (values.from_iso(item["due"]) - ws.today).days if item["due"] else None
        item["subject"] = names[item["review"]]["subject"] if item["review"] in names else item["review"]
    every = action_plan.all_views(ws)
    agencies = _agencies(ws, every, action_plan)
    from datetime import date

    from scr.learning.annual import figures as learning_figures

    year_start = date(ws.today.year if ws.today.month >= 4 else ws.today.year - 1, 4, 1)
    return {
        "board": ws.board, "today": ws.today.isoformat(), "until": until.isoformat(),
        "reviews": reviews, "overdue_milestones": portfolio["overdue_milestones"],
        "overdue_actions": portfolio["overdue_actions"], "deadlines": deadlines,
        "agencies": agencies,
        "overdue": [dict(v, agency=ws.agencies.canonical(v["agency"]),
                         days_overdue=(ws.today - values.from_iso(v["due"])).days)
                    for v in action_plan.overdue(every)],
        # The financial year so far: what reviews cost against its budget, what was published.
        "year_from": year_start.isoformat(),
        "learning": learning_figures(ws, year_start, ws.today),
        "titles": {ref: r.record["title"] for ref, r in every_review.items()},
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
    from scr.documents.templates import environment, render_template, template_dirs

    env = environment(template_dirs(ws.templates_dir))
    env.filters["day"] = lambda value: values.show(value) if value else ""
    env.filters["attr"] = attribute_text
    env.filters["pounds"] = _pounds
    return render_template(env, TEMPLATE, {"p": content, "board": ws.board})


def _pounds(value):
    from scr.learning.costs import pounds

    return pounds(value)


def attribute_text(value):
    """Text for a pandoc attribute's double-quoted value (alt text): one line, no quote, no backslash."""
    return " ".join(str(value).replace('"', "'").replace("\\", "/").split())


def default_until(ws):
    return ws.today + timedelta(days=DEFAULT_HORIZON_DAYS)


def write_paper(ws, until, output=None):
    """Build the paper and write it to ``output`` (.docx or .html; default
    out/board-paper-TODAY.docx); returns the written path."""
    from scr.workspace import outputs

    path = outputs.target(output, ws.out_dir / f"board-paper-{ws.today.isoformat()}.docx")
    to = outputs.format_of("board-paper", path)
    if until < ws.today:
        raise ScrError(f"--until {until.isoformat()} is before today ({ws.today.isoformat()})")
    content = paper_content(ws, until, "png" if to == "docx" else "svg")
    from scr.documents.pandoc import convert
    from scr.documents.templates import yaml_string
    from scr.documents.word import reference_doc

    text = paper_markdown(ws, content)
    metadata = (f"title: {yaml_string(ws.board + ': case reviews')}\n"
                f"subtitle: {yaml_string('Board paper, ' + values.show(ws.today))}\n"
                "lang: en-GB\n")
    reference = reference_doc(ws.templates_dir) if to == "docx" else None
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
