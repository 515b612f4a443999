"""Notification drafts: the letter or email for ``scr notify REF RECIPIENT --draft``.

A draft is a jinja2 template (sandboxed, StrictUndefined: a missing value is an error, never an empty
string) filled from the review, written as Markdown (``.md``), Word (``.docx``, through pandoc with
``--sandbox``) or an email a mail client opens as a draft (``.eml``). Templates are looked up by
name, first in the workspace's ``templates/`` (a board's own), then in scr's
``templates/notifications/``:

    notify-RECIPIENT-PURPOSE.md.j2, notify-PURPOSE.md.j2, notify-RECIPIENT.md.j2, notify.md.j2

Built in: ``notify-incident`` (serious incident notification), ``notify-decision`` and
``notify-not-initiated`` (the decision letters to the national panel), ``notify-pre-publication``
(the final report sent before publication) and the plain ``notify``. The first line of a draft,
``# Subject``, is the email's subject.
"""

from datetime import date
from pathlib import Path

from scr import values
from scr.errors import ScrError
from scr.timescales.events import RECIPIENT_NAMES, notification_kind

BUILTIN_TEMPLATES = Path(__file__).parents[1] / "templates" / "notifications"
FORMATS = (".docx", ".md", ".eml")
DEFAULT_FORMAT = ".docx"


def template_names(recipient, purpose):
    names = []
    if purpose:
        names.append(f"notify-{recipient}-{purpose}.md.j2")
        names.append(f"notify-{purpose}.md.j2")
    names.append(f"notify-{recipient}.md.j2")
    names.append("notify.md.j2")
    return names


def _longdate(value):
    if value in (None, ""):
        return ""
    if isinstance(value, str):
        value = date.fromisoformat(value)
    return f"{value.day} {value.strftime('%B %Y')}"


def environment(ws):
    """The sandboxed jinja2 environment: the workspace's templates/ first, then scr's own."""
    from scr.documents import render

    # A board's letter sits at the top of its templates/ (notify-incident.md.j2), scr's in notifications/.
    dirs = [*render.template_dirs(ws.templates_dir)[:-1], BUILTIN_TEMPLATES]
    env = render.environment(dirs, trim_blocks=False, lstrip_blocks=False)
    env.filters["longdate"] = _longdate
    return env


def recipient_name(recipient, kind=None):
    """How a letter addresses RECIPIENT; for serious case reviews "panel" is the 2013-2018 panel."""
    if recipient == "panel" and kind == "scr":
        return "National Panel of Independent Experts on Serious Case Reviews"
    return RECIPIENT_NAMES.get(recipient, recipient.replace("-", " ").title())


def context(review, recipient, purpose, reference=None, letter_date=None):
    """Everything a notification template may use."""
    from scr.workspace.review import KINDS
    from scr.timescales.clocks import matches, review_milestones

    ws = review.ws
    kind = notification_kind(recipient, purpose)
    from scr.workspace.review import STAGES

    events = dict.fromkeys((*STAGES, "not-initiated", "home-office-approval", "impact-reviewed"))
    for event in review.events():
        if not event["planned"] and events.get(event["kind"]) is None:
            events[event["kind"]] = event["date"]
    planned = {e["kind"]: e["date"] for e in review.events() if e["planned"]}
    milestone = None
    for row in review_milestones(review):
        if row["status"] != "met" and row["met_by"] and matches(kind, row["met_by"]):
            milestone = row
            break
    published = events.get("published") or planned.get("published")
    record = dict(review.record)
    record["ref"] = review.ref
    return {
        "board": ws.board,
        "review": record,
        "kind_name": KINDS.get(record.get("kind"), record.get("kind")),
        "recipient": recipient,
        "recipient_name": recipient_name(recipient, record.get("kind")),
        "recipient_email": ws.agencies.email(recipient),
        "purpose": purpose,
        "purpose_title": (purpose or "notification").replace("-", " ").capitalize(),
        "reference": reference,
        "letter_date": (letter_date or ws.today).isoformat(),
        "events": events,
        "planned": planned,
        "published": published,
        "published_planned": published is not None and "published" not in events,
        "milestone": milestone,
        "signatory": signatory(ws, record),
        "marking": ws.draft_marking,
    }


def signatory(ws, record):
    """Who signs a review's letters: its chair where one is set, else scr.toml's
    ``[signatory] name`` and ``role``; never the login name. ``{name, role, email, contact}``:
    ``name`` None where neither is set (the letter is signed by the board), ``contact`` the words
    that tell the reader whom to ask."""
    from scr.workspace.review import KINDS

    own = ws.signatory
    if record.get("chair"):
        name, role = record["chair"], f"Chair of the {KINDS.get(record.get('kind'), 'review')} panel"
        email = None
    else:
        name, role, email = own["name"], own["role"], own["email"]
    if name and email:
        contact = f"{name} ({email})"
    elif name:
        contact = name
    else:
        contact = f"the business manager of the {ws.board}"
    return {"name": name, "role": role, "email": email, "contact": contact}


def render_markdown(review, recipient, purpose, reference=None, letter_date=None):
    """(template name, Markdown text) of the draft."""
    from scr.documents import render

    env = environment(review.ws)
    name = render.first_template(env, template_names(recipient, purpose))
    values = context(review, recipient, purpose, reference, letter_date)
    return name, render.render_template(env, name, values)


def _subject(text, fallback):
    for line in text.splitlines():
        if line.startswith("# "):
            return line[2:].strip()
        if line.strip():
            break
    return fallback


def to_docx(markdown, ws):
    """The draft as .docx bytes, through pandoc (sandboxed), in the house style, with the
    protective marking at the top and bottom of every page: a letter about a named review holds
    personal data."""
    from scr.documents import render

    data, _warnings = render.convert(
        markdown, "docx", reference_doc=render.house_reference(ws), toc=False,
        docx_marking=ws.draft_marking or None, author=ws.board, date=ws.today,
    )
    return data


def plain_text(markdown):
    """The draft's Markdown as text that reads as text: no ``#``, ``**`` or hard-break spaces
    (the plain part of an e-mail)."""
    import re

    lines = []
    for line in markdown.splitlines():
        line = re.sub(r"^#+\s+", "", line)
        line = re.sub(r"\*\*(.+?)\*\*", r"\1", line)
        line = re.sub(r"(?<!\w)\*(\S(?:.*?\S)?)\*(?!\w)", r"\1", line)
        line = re.sub(r"\\([\\`*_{}\[\]()#+\-.!|~<>:'\"])", r"\1", line)
        lines.append(line.rstrip())
    return "\n".join(lines).strip() + "\n"


def html_part(markdown):
    """The draft's Markdown as an HTML body (pandoc, sandboxed): the part a mail client shows."""
    from scr.documents import render

    data, _warnings = render.convert(markdown, "html", toc=False, metadata="pagetitle: Letter\n")
    return data.decode("utf-8")


def to_eml(markdown, review, recipient, purpose):
    """The draft as an email (RFC 5322) that a mail client opens as an unsent draft: multipart,
    plain text that reads as text and HTML."""
    from email.message import EmailMessage
    from email.policy import SMTP
    from email.utils import format_datetime
    from datetime import datetime, timezone

    message = EmailMessage(policy=SMTP)
    message["Subject"] = _subject(markdown, f"{review.ref}: notification to {recipient}")
    to = review.ws.agencies.email(recipient)
    if to:
        message["To"] = to
    message["Date"] = format_datetime(datetime.now(timezone.utc))
    message["X-Unsent"] = "1"  # Outlook opens the file as a draft to send
    message["X-Scr-Review"] = review.ref
    message["X-Scr-Notification"] = notification_kind(recipient, purpose)
    body = markdown.split("\n", 1)[1].lstrip("\n") if markdown.startswith("# ") else markdown
    message.set_content(plain_text(body), subtype="plain", charset="utf-8", cte="8bit")
    message.add_alternative(html_part(body), subtype="html", charset="utf-8", cte="8bit")
    return message.as_bytes()


def default_path(review, recipient, purpose, suffix=DEFAULT_FORMAT):
    from scr.workspace.workspace import safe_filename

    name = "-".join(part for part in (review.ws.today.isoformat(), "notify", recipient, purpose) if part)
    return review.folder / "documents" / safe_filename(name + suffix)


def draft(review, recipient, purpose=None, reference=None, output=None, letter_date=None):
    """Write the draft; returns the written file's absolute path.

    OUTPUT: a file ending .docx, .md or .eml, or an existing folder (a .docx is written in it);
    default: the review's documents/ folder.
    """
    notification_kind(recipient, purpose)  # checks the slugs before any path is built
    if output is None:
        path = default_path(review, recipient, purpose)
    else:
        path = Path(output).expanduser()
        if path.is_dir():
            path = path / default_path(review, recipient, purpose).name
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise ScrError(f"-o {output}: a draft is written as {', '.join(FORMATS)}; "
                       f"'{path.suffix or path.name}' is not one of them")
    _, markdown = render_markdown(review, recipient, purpose, reference, letter_date)
    if suffix == ".md":
        data = markdown
    elif suffix == ".docx":
        data = to_docx(markdown, review.ws)
    else:
        data = to_eml(markdown, review, recipient, purpose)
    return review.ws.write_output(path, data)


def letter_date(text, today):
    return values.parse_date(text, "--date") if text else today
