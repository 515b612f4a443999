"""E-mail drafts: the one way scr builds an ``.eml`` (notification e-mails, chronology chases, action
digests).

A draft is an RFC 5322 message that a mail client opens as unsent (``X-Unsent: 1``, which Outlook
honours), with a plain UTF-8 body, dated now in UTC (``+0000``) like every timestamp scr writes.
Nothing here sends anything.
"""

from datetime import datetime, timezone
from email.message import EmailMessage
from email.utils import format_datetime


def draft(subject, body, *, to=None, sender=None, headers=None, now=None):
    """An unsent draft: an :class:`email.message.EmailMessage` (``.as_bytes()`` is the file).

    ``to``: the address, where one is known (a draft without one has no To: line); ``sender``: the
    From: line, where the draft has one; ``headers``: further ``{name: value}`` (scr's own
    ``X-Scr-…`` headers); ``now``: an aware datetime for the Date: line (default: now).
    """
    message = EmailMessage()
    message["Subject"] = " ".join(str(subject).split())
    if sender:
        message["From"] = sender
    if to:
        message["To"] = to
    message["Date"] = format_datetime((now or datetime.now(timezone.utc)).astimezone(timezone.utc))
    message["X-Unsent"] = "1"  # Outlook opens the file as a draft to send
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(body, subtype="plain", charset="utf-8")
    return message
