"""Why a deadline slipped (CLI.md 1.1, "delays"; regulation 14 of SI 2018/789: partners "must
monitor the time being taken to conduct a review").

- ``scr delay REF MILESTONE --reason TEXT`` records a reason against one of the review's milestones,
  in the review's table ``delays`` (record ids ``d<N>``): ``{milestone, reason, date, user,
  withdrawn}``, ``date`` the day it was recorded (as ``--as-of`` stood). It is withdrawn like any
  record and kept with its history; the latest reason not withdrawn is the milestone's
  ``delay_reason``.
- A pause keeps its free-text reason and gains a ``category``, given or guessed from the reason,
  so figures can count delays by cause.

Nothing here prints.
"""

import re

from scr import values
from scr.errors import ScrError

TABLE = "delays"

CATEGORIES = {
    "criminal-proceedings": "parallel criminal proceedings",
    "inquest": "an inquest",
    "family-engagement": "engaging the family",
    "agency-delay": "an agency's delay",
    "national-relaxation": "a national relaxation of timescales (COVID-19, 2020)",
    "other": "another cause",
}
# Words that say which category a free-text reason is; the first category that matches wins.
_GUESSES = (
    ("national-relaxation", r"covid|coronavirus|pandemic|lockdown|relaxation|relaxed"),
    ("inquest", r"inquest|coroner"),
    ("criminal-proceedings", r"criminal|police|prosecut|cps\b|trial|court|charge|investigation|"
                             r"sentenc|crown"),
    ("family-engagement", r"family|parent|mother|father|carer|relative"),
    ("agency-delay", r"agenc|chronolog|late (?:report|return)|information from|capacity|staff|"
                     r"author|report writer|reviewer"),
)


def guess_category(reason):
    """The category a pause's free-text REASON names, else ``other``."""
    text = (reason or "").casefold()
    for category, pattern in _GUESSES:
        if re.search(pattern, text):
            return category
    return "other"


def check_category(category):
    if category not in CATEGORIES:
        raise ScrError(f"--category {category!r} is not one of {', '.join(CATEGORIES)}")
    return category


def pause_category(reason, category=None):
    """``(category, guessed)`` for a new pause: the one given, checked, else the guess."""
    if category is not None:
        return check_category(category), False
    return guess_category(reason), True


def category_of(pause):
    """A pause's category: recorded, else guessed from its reason (pauses made before 1.1)."""
    return pause.get("category") or guess_category(pause.get("reason"))


def records(review, include_withdrawn=False):
    """The review's delay reasons, oldest first, each with its id ``d<N>``."""
    rows = []
    for key, doc in review.storage.data.get(TABLE, {}).items():
        if doc.get("withdrawn") and not include_withdrawn:
            continue
        rows.append({"id": f"d{key}", **doc})
    return sorted(rows, key=lambda d: (d.get("date") or "", int(d["id"][1:])))


def reasons_by_milestone(review):
    """``{milestone: latest reason}`` of the delays that are not withdrawn."""
    latest = {}
    for row in records(review):
        latest[row["milestone"]] = row["reason"]
    return latest


def record_delay(review, milestone, reason, known_milestones):
    """``scr delay``: why MILESTONE of REVIEW is or was late; returns the record's id.

    KNOWN_MILESTONES: the ids of the milestones the review carries (its deadlines)."""
    from scr.values import check_text

    if not isinstance(reason, str) or not reason.strip():
        raise ScrError("--reason must not be blank")
    check_text(reason, "--reason")
    if milestone not in known_milestones:
        known = ", ".join(known_milestones) or "none"
        raise ScrError(f"review '{review.ref}' has no milestone {milestone!r} (its milestones: "
                       f"{known}; `scr deadlines {review.ref}` lists them)")
    doc_id = review.table(TABLE).insert({
        "milestone": milestone, "reason": reason.strip(), "date": values.iso(review.ws.today),
        "user": review.ws.user, "withdrawn": None,
    })
    return f"d{doc_id}"

