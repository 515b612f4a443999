"""What `scr list`, `scr show` and `scr status` report about a review, built from the core modules.

Each capability contributes its part: timescales the milestones and next due date, chronology the
agencies, actions the counts. Nothing here prints.
"""



def milestones(review):
    """The review's milestones as in `scr deadlines --json` (from the timescales module)."""
    from scr.timescales.clocks import review_milestones

    return review_milestones(review)


def agencies(review):
    """The review's chronologies as in `scr chronology status --json`."""
    from scr.chronology import status

    return status(review)


def next_due(milestone_rows):
    from scr.timescales.rows import next_due as earliest

    return earliest(milestone_rows)


def review_row(review, milestone_rows=None):
    """One review as a row of `scr list --json`."""
    record = review.record
    rows = milestones(review) if milestone_rows is None else milestone_rows
    return {
        "ref": review.ref,
        "kind": record["kind"],
        "title": record["title"],
        "subject": record["subject"],
        "framework": record.get("framework"),
        "stage": review.stage,
        "next_due": next_due(rows),
        "closed": review.closed,
        "themes": list(record.get("themes") or []),
    }


def review_detail(review):
    """One review as `scr show --json`."""
    from scr.timescales.delays import category_of, records as delay_records
    from scr.timescales.links import shared_events
    from scr.timescales.outcomes import not_initiated_of, outcome_of

    record = review.record
    rows = milestones(review)
    detail = review_row(review, rows)
    detail.update({
        "scope_from": record.get("scope_from"),
        "scope_to": record.get("scope_to"),
        "author": record.get("author"),
        "chair": record.get("chair"),
        "incident": record.get("incident"),
        "terms_of_reference": record.get("terms_of_reference"),
        "links": record.get("links", []),
        "created": record.get("created"),
        "schema_version": record.get("schema_version"),
        "events": [
            {"id": e["id"], "kind": e["kind"], "date": e["date"], "planned": e["planned"],
             "note": e.get("note"), "withdrawn": e.get("withdrawn")}
            for e in review.events(include_withdrawn=True)
        ],
        "pauses": [
            {"id": p["id"], "from": p["from"], "to": p.get("to"), "reason": p.get("reason"),
             "category": category_of(p), "withdrawn": p.get("withdrawn")}
            for p in review.pauses(include_withdrawn=True)
        ],
        "shared_events": [
            {"id": e["id"], "review": e["shared_from"], "kind": e["kind"], "date": e["date"],
             "note": e.get("note")}
            for e in shared_events(review)
        ],
        "delays": [
            {"id": d["id"], "milestone": d["milestone"], "reason": d["reason"], "date": d.get("date"),
             "user": d.get("user"), "withdrawn": d.get("withdrawn")}
            for d in delay_records(review, include_withdrawn=True)
        ],
        "outcome": outcome_of(review.events()),
        "not_initiated": not_initiated_of(review.events()),
        "check_in_weeks": record.get("check_in_weeks"),
        "requests": [
            {"id": f"r{doc.doc_id}", "agency": doc.get("agency"), "requested": doc.get("requested"),
             "due": doc.get("due"), "withdrawn": doc.get("withdrawn")}
            for doc in review.table("requests").all()
        ],
        "milestones": rows,
        "agencies": agencies(review),
        "actions": action_counts(review),
    })
    detail.update(learning_of(review))
    return detail


def learning_of(review):
    """What the review taught and cost: ``learning`` events, ``costs`` and ``publication``."""
    from scr.learning import costs, dissemination

    return {
        "learning": [dissemination.public(e) for e in dissemination.events(review)],
        "costs": [costs.public(c) for c in costs.records(review)],
        "publication": dissemination.publication(review),
    }


def action_counts(review):
    """``{total, completed, overdue}`` of the review's action plan, as of the workspace's today."""
    from scr.actions.rules import review_counts

    return review_counts(review)

