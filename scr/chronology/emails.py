"""Chasing emails for overdue chronologies: one .eml per agency, from a template the board can
override (``templates/chronology-chase.txt`` in the workspace), rendered in a sandboxed jinja2
environment where a missing variable is an error, never an empty string.

The template's first line is ``Subject: …``; the rest, after a blank line, is the body.
"""

from email.message import EmailMessage
from email.utils import formatdate
from importlib.resources import files

from .. import dates
from ..errors import ScrError
from ..workspace import safe_filename

NAME = "chronology-chase.txt"


def template_source(ws):
    """(text, where) of the chase template: the workspace's own, else the built-in one."""
    own = ws.templates_dir / NAME
    if own.is_file():
        try:
            return own.read_text(encoding="utf-8"), str(own)
        except (OSError, UnicodeDecodeError) as exc:
            raise ScrError(f"cannot read the template {own}: {exc}") from None
    return files("scr").joinpath(f"templates/{NAME}").read_text(encoding="utf-8"), NAME


def render(text, where, context):
    from jinja2 import StrictUndefined, TemplateError
    from jinja2.sandbox import SandboxedEnvironment

    env = SandboxedEnvironment(undefined=StrictUndefined, keep_trailing_newline=True, autoescape=False)
    env.filters["show"] = dates.show
    try:
        return env.from_string(text).render(**context)
    except TemplateError as exc:
        raise ScrError(f"the template {where} cannot be filled: {exc}") from None


def draft(ws, review, row):
    """``(file name, bytes, warning or None)`` for the overdue agency of status row ``row``."""
    record = review.record
    due = dates.from_iso(row["due"])
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
    text, where = template_source(ws)
    rendered = render(text, where, context)
    head, _, body = rendered.partition("\n\n")
    if not head.lower().startswith("subject:"):
        raise ScrError(f"the template {where} must start with a 'Subject: …' line, then a blank line")
    subject = " ".join(head[len("subject:"):].split())
    message = EmailMessage()
    address = ws.agencies.email(row["agency"])
    warning = None
    if address:
        message["To"] = address
    else:
        warning = (
            f"no email address for {row['agency']} in scr.toml's agency register: "
            "the draft has no To: line"
        )
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=True)
    message["X-Unsent"] = "1"  # opens as a draft to send in Outlook
    message.set_content(body.strip() + "\n")
    name = safe_filename(f"chase-chronology-{_slug(row['agency'])}-{ws.today.isoformat()}.eml")
    return name, message.as_bytes(), warning


def _slug(name):
    from . import slug

    return slug(name)
