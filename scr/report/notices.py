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
        "sender": ws.user,
        "marking": ws.draft_marking,
    }


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


def to_docx(markdown, templates_dir=None):
    """The draft as .docx bytes, through pandoc (sandboxed), in the board's house style (its
    templates/reference.docx where it has one: a broken one is refused)."""
    from scr.documents import pandoc, word

    reference = word.reference_doc(templates_dir)
    with pandoc.build_folder() as folder:
        source = folder / "draft.md"
        source.write_text(markdown, encoding="utf-8")
        pandoc.pandoc(source, "docx", folder / "draft.docx", ["--reference-doc", reference],
                      reader="markdown")
        return (folder / "draft.docx").read_bytes()


def to_eml(markdown, review, recipient, purpose):
    """The draft as an email (RFC 5322) that a mail client opens as an unsent draft."""
    from scr.documents import email

    return email.draft(
        _subject(markdown, f"{review.ref}: notification to {recipient}"), markdown,
        to=review.ws.agencies.email(recipient),
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
        data = to_docx(markdown, review.ws.templates_dir)
    else:
        data = to_eml(markdown, review, recipient, purpose)
    return review.ws.write_output(path, data)


def letter_date(text, today):
    return values.parse_date(text, "--date") if text else today
