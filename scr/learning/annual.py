"""What the annual section and the board paper say about learning: reviews by theme, learning
events held, the publication record, costs against ``[budget]``, and "what our reviews have
taught us" (from the themes and the completed actions' evidence). Nothing here prints."""

from scr import values


def _open_during(review, start, end):
    """A review open at any time in start..end: under way by END (its first fact) and not
    closed before START."""
    events = [e for e in review.events() if not e["planned"]]
    first = min((values.from_iso(e["date"]) for e in events), default=None)
    if first is None:
        created = review.record.get("created")
        first = values.from_iso(created) if created else None
    closed = [values.from_iso(e["date"]) for e in events if e["kind"] == "closed"]
    return first is not None and first <= end and not (closed and min(closed) < start)


def theme_counts(reviews, start, end):
    """``{THEME: N reviews}`` over the reviews open at any time in the period, themes in list order."""
    from scr.learning.themes import counts

    return {theme: row["reviews"] for theme, row in counts([r for r in reviews if _open_during(r, start, end)]).items()}


def learning_events(reviews, start, end):
    from scr.learning.dissemination import events, public

    found = []
    for review in reviews:
        for event in events(review):
            if start <= values.from_iso(event["date"]) <= end:
                found.append({"review": review.ref, "title": review.record["title"], **public(event)})
    return sorted(found, key=lambda e: (e["date"], e["review"], e["id"]))


def publications(reviews, start, end):
    """The publication record of each review published by END."""
    from scr.learning.dissemination import publication

    found = []
    for review in reviews:
        record = publication(review)
        if record["published"] and values.from_iso(record["published"]) <= end:
            found.append({"review": review.ref, "title": review.record["title"], **record})
    return found


def changes(reviews, end):
    """What changed because of each review: its actions completed by END with their evidence,
    ``[{review, title, changes: [{id, text, evidence}]}]`` for the reviews that carry a theme."""
    from scr.actions import rules

    found = []
    for review in reviews:
        done = [
            {"id": rules.format_id(review.ref, a["n"]), "text": a["text"], "evidence": a.get("evidence")}
            for a in rules.records(review)
            if a.get("completed_on") and values.from_iso(a["completed_on"]) <= end and a.get("evidence")
        ]
        if done and review.record.get("themes"):
            found.append({"review": review.ref, "title": review.record["title"], "changes": done})
    return found


def taught(reviews, end):
    """"What our reviews have taught us": per theme, the reviews (open during the period) that
    carry it and the evidence of the actions completed by END (what changed), in theme-list order."""
    from scr.actions import rules
    from scr.learning.themes import BUILT_IN

    by_theme = {}
    for review in reviews:
        changes = [
            {"id": rules.format_id(review.ref, a["n"]), "text": a["text"], "evidence": a.get("evidence")}
            for a in rules.records(review)
            if a.get("completed_on") and values.from_iso(a["completed_on"]) <= end and a.get("evidence")
        ]
        for theme in review.record.get("themes") or []:
            entry = by_theme.setdefault(theme, {"theme": theme, "reviews": [], "changes": []})
            entry["reviews"].append(review.ref)
            entry["changes"] += changes
    order = {slug: n for n, slug in enumerate(BUILT_IN)}
    return [by_theme[t] for t in sorted(by_theme, key=lambda t: (order.get(t, len(order)), t))]


def figures(ws, start, end):
    """The learning part of ``scr annual --json``: ``themes``, ``costs``, ``learning``,
    ``publications`` and ``taught``."""
    from scr.learning.costs import period_costs

    reviews = ws.all_reviews()
    during = [r for r in reviews if _open_during(r, start, end)]
    return {
        "themes": theme_counts(reviews, start, end),
        "costs": period_costs(reviews, start, end),
        "learning": learning_events(reviews, start, end),
        "publications": publications(reviews, start, end),
        "taught": taught(during, end),
        "changes": changes(during, end),
    }
