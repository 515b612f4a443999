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

from pathlib import Path

from scr import values
from scr.timescales.events import RECIPIENT_NAMES, notification_kind

BUILTIN_TEMPLATES = Path(__file__).parents[1] / "templates" / "notifications"
DEFAULT_FORMAT = ".docx"


def template_names(recipient, purpose):
    names = []
    if purpose:
        names.append(f"notify-{recipient}-{purpose}.md.j2")
        names.append(f"notify-{purpose}.md.j2")
    names.append(f"notify-{recipient}.md.j2")
    names.append("notify.md.j2")
    return names


def environment(ws):
    """The sandboxed jinja2 environment: the workspace's templates/ first, then scr's own."""
    from scr.documents import templates

    # A board's letter sits at the top of its templates/ (notify-incident.md.j2), scr's in notifications/.
    dirs = [*templates.template_dirs(ws.templates_dir)[:-1], BUILTIN_TEMPLATES]
    return templates.environment(dirs, trim_blocks=False, lstrip_blocks=False)


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
        # a board's own template of before 1.1 may sign with {{ sender }}: the signatory, never
        # the login name
        "sender": signatory(ws, record)["name"] or ws.board,
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
    from scr.documents import templates

    env = environment(review.ws)
    name = templates.first_template(env, template_names(recipient, purpose))
    filled = context(review, recipient, purpose, reference, letter_date)
    return name, templates.render_template(env, name, filled)


def _subject(text, fallback):
    for line in text.splitlines():
        if line.startswith("# "):
            return line[2:].strip()
        if line.strip():
            break
    return fallback


def to_docx(markdown, ws):
    """The draft as .docx bytes, through pandoc (sandboxed), in the board's house style (its
    templates/reference.docx where it has one: a broken one is refused), with the protective
    marking at the top and bottom of every page: a letter about a named review holds personal
    data."""
    from scr.documents import pandoc, word

    data, _warnings = pandoc.convert(
        markdown, "docx", reference_doc=word.reference_doc(ws.templates_dir), toc=False,
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
    from scr.documents import pandoc

    data, _warnings = pandoc.convert(markdown, "html", toc=False, metadata="pagetitle: Letter\n")
    return data.decode("utf-8")


def to_eml(markdown, review, recipient, purpose):
    """The draft as an email (RFC 5322) that a mail client opens as an unsent draft: multipart,
    plain text that reads as text and HTML (the subject line is the Subject:, not the body's)."""
    from scr.documents import email

    body = markdown.split("\n", 1)[1].lstrip("\n") if markdown.startswith("# ") else markdown
    return email.draft(
        _subject(markdown, f"{review.ref}: notification to {recipient}"), plain_text(body),
        to=review.ws.agencies.email(recipient), html=html_part(body),
        headers={"X-Scr-Review": review.ref, "X-Scr-Notification": notification_kind(recipient, purpose)},
    ).as_bytes()


def default_path(review, recipient, purpose, suffix=DEFAULT_FORMAT):
    from scr.values import safe_filename

    name = "-".join(part for part in (review.ws.today.isoformat(), "notify", recipient, purpose) if part)
    return review.folder / "documents" / safe_filename(name + suffix)


def draft(review, recipient, purpose=None, reference=None, output=None, letter_date=None):
    """Write the draft; returns the written file's absolute path.

    OUTPUT: a file ending .docx, .md or .eml, or an existing folder (a .docx is written in it);
    default: the review's documents/ folder.
    """
    notification_kind(recipient, purpose)  # checks the slugs before any path is built
    from scr.workspace import outputs

    path = outputs.target(output, default_path(review, recipient, purpose))
    suffix = "." + outputs.format_of("notice", path)
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
