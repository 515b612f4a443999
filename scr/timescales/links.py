"""Linked reviews (CLI.md 1.1, "links"): a rapid review that ``became`` a practice review.

A link is kept on both reviews' records (``links``: ``{ref, relation, local, direction}``,
``direction`` ``to`` on the review that ``scr link`` named first, ``from`` on the other), so
``scr show`` lists it on each. Two reviews linked ``became`` share their events and notifications
for every clock: one recorded on either counts for the milestones of both. A shared record stays
in its own review's file and is shown on the other as ``REF:eN``; stage and ``closed`` are never
shared. Figures across reviews count each record once (a record is counted only in its own
review) and a milestone both reviews carry once (:func:`count_once`).

``scr new lcspr --from RAPID`` opens the practice review from the rapid review: :func:`carried`
says what it takes over (title, subject, ``aware``, the redaction names); the commands that write
links (``scr link``, ``scr new --from``) are in :mod:`scr.timescales.practice`, so that this module,
which the clocks read, imports nothing of them.

Nothing here prints.
"""

from scr import values
from scr.errors import ScrError

BECAME = "became"
NEVER_SHARED = ("closed",)   # a review's own end; stage is computed from its own events only
PRACTICE_KINDS = ("lcspr",)  # what a rapid review becomes (CLI.md: rapid review -> lcspr)


def partners(review):
    """The refs of the reviews in this workspace that REVIEW is linked to as ``became``."""
    return [link["ref"] for link in review.record.get("links") or []
            if link.get("relation") == BECAME and link.get("local", True)]


def shared_events(review):
    """The events of REVIEW's ``became`` partners, as this review's clocks count them.

    Each is a copy of the partner's event with the id ``REF:eN`` and ``shared_from`` REF. A partner
    that is missing (renamed, removed) shares nothing: the link itself still shows.
    """
    shared = []
    for ref in partners(review):
        if not review.ws.has_review(ref):
            continue
        with review.ws.open_review(ref) as other:
            for event in other.events():
                if event["kind"] in NEVER_SHARED or event.get("planned"):
                    continue  # a plan is the review's own
                shared.append(dict(event, id=f"{ref}:{event['id']}", shared_from=ref))
    return shared


def groups(reviews):
    """``{ref: group}``: reviews joined by ``became`` links share a group (the smallest ref)."""
    return groups_of({review.ref: partners(review) for review in reviews})


def groups_of(partners_of):
    """:func:`groups` from ``{ref: the refs of its partners}``."""
    found = {}
    for start in partners_of:
        if start in found:
            continue
        members, queue = set(), [start]
        while queue:
            ref = queue.pop()
            if ref in members or ref not in partners_of:
                continue
            members.add(ref)
            queue.extend(partners_of[ref])
        key = min(members)
        for ref in members:
            found[ref] = key
    return found


def count_once(rows, group_of):
    """ROWS (milestone rows) without the repeats of a milestone that linked reviews both carry:
    the same milestone id, due on the same day, in one group. The first row (by review ref) stays."""
    from collections import Counter

    members = Counter(group_of.values())
    seen, kept = set(), []
    for row in sorted(rows, key=lambda r: r["review"]):
        if members[group_of.get(row["review"], row["review"])] < 2:
            kept.append(row)  # a review alone carries each milestone once
            continue
        key = (group_of.get(row["review"], row["review"]), row["milestone"], row.get("due"),
               row.get("from"))
        if key in seen:
            continue
        seen.add(key)
        kept.append(row)
    return kept


def add_link(review, other_ref, relation, local, direction="to", since=None):
    """One side of a link, on REVIEW's record; a link made twice is refused."""
    links = [dict(item) for item in review.record.get("links") or []]
    if any(item["ref"] == other_ref and item["relation"] == relation for item in links):
        raise ScrError(f"review '{review.ref}' is already linked to '{other_ref}' as {relation}")
    item = {"ref": other_ref, "relation": relation, "local": local, "direction": direction}
    links.append(item)
    review.update_record(links=links)
    return item


def check_became(source, target):
    """A ``became`` link runs from a rapid review (to the review it became: an lcspr, most often)
    and each side has one."""
    if source.kind != "rapid":
        raise ScrError(f"'{source.ref}' is a {source.kind} review: only a rapid review becomes a "
                       "practice review (`--as became` links a rapid review to its lcspr)")
    for review in (source, target):
        if review is None:
            continue
        others = [ref for ref in partners(review) if ref not in (source.ref, getattr(target, "ref", None))]
        if others:
            raise ScrError(f"review '{review.ref}' is already linked as became to '{others[0]}'")


def carried(source):
    """What ``scr new lcspr --from SOURCE`` takes over: title, subject, aware, redactions."""
    if source.kind != "rapid":
        raise ScrError(f"--from {source.ref}: it is a {source.kind} review, not a rapid review; "
                       "a practice review is opened from the rapid review that recommended it")
    return {
        "title": source.record["title"],
        "subject": source.record["subject"],
        "aware": min((values.from_iso(e["date"]) for e in source.events()
                      if e["kind"] == "aware" and not e["planned"]), default=None),
        "redactions": [dict(doc) for doc in source.table("redactions").all()],
    }


def default_ref(source_ref):
    """``REF-lcspr``, kept to the 64 characters a ref may have."""
    suffix = "-lcspr"
    return source_ref[:64 - len(suffix)].rstrip("-") + suffix

