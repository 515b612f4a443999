"""Chasing emails for overdue chronologies: one .eml per agency, from a template the board can
override (``templates/chronology-chase.txt`` in the workspace), rendered in a sandboxed jinja2
environment where a missing variable is an error, never an empty string.

The template's first line is ``Subject: …``; the rest, after a blank line, is the body.
"""

from scr import values
from scr.documents import email
from scr.errors import ScrError
from scr.values import safe_filename

NAME = "chronology-chase.txt"


def render(ws, context):
    """The chase email's text from the (board's or built-in) template."""
    from scr.documents import templates

    env = templates.workspace_environment(ws, trim_blocks=False, lstrip_blocks=False)
    env.filters["show"] = values.show
    return templates.render_template(env, NAME, context)


def draft(ws, review, row):
    """``(file name, bytes, warning or None)`` for the overdue agency of status row ``row``."""
    record = review.record
    due = values.from_iso(row["due"])
    context = {
        "board": ws.board,
        "agency": row["agency"],
        "ref": review.ref,
        "title": record["title"],
        "subject": record["subject"],
        "requested": row["requested"],
        "due": row["due"],
        "days_overdue": (ws.today - due).days,
        "scope_from": record.get("scope_from"),
        "scope_to": record.get("scope_to"),
        "today": ws.today.isoformat(),
        "user": ws.user,
    }
    rendered = render(ws, context)
    where = NAME
    head, _, body = rendered.partition("\n\n")
    if not head.lower().startswith("subject:"):
        raise ScrError(f"the template {where} must start with a 'Subject: …' line, then a blank line")
    subject = " ".join(head[len("subject:"):].split())
    address = ws.agencies.email(row["agency"])
    warning = None
    if not address:
        warning = (
            f"no email address for {row['agency']} in scr.toml's agency register: "
            "the draft has no To: line"
        )
    message = email.draft(subject, body.strip() + "\n", to=address)
    name = safe_filename(f"chase-chronology-{_slug(row['agency'])}-{ws.today.isoformat()}.eml")
    return name, message.as_bytes(), warning


def _slug(name):
    return values.slug_of(name, "agency")
