"""The action plan: recommendations, actions, their statuses, history and RAG ratings.

Pure rules over plain records (dicts as stored in a review's TinyDB tables ``recommendations`` and
``actions``); nothing here touches a file, prints or reads the clock for a judgement — ``today`` is
always passed in (``--as-of``).

An action as stored (table ``actions``, one document per action)::

    {"n": 3,                      # the N of its ID "REF:N", counting from 1 within the review
     "recommendation": "2a",      # the label of its recommendation
     "text": "...", "agency": "...", "owner": "..." | None, "outcome": "..." | None,
     "due": "2014-03-31", "added": "2013-09-01",            # ISO dates
     "status": "not-started" | "in-progress" | "completed" | "cancelled",
     "completed_on": ISO | None, "cancelled_on": ISO | None,
     "evidence": "..." | None,
     "version": 4,                # +1 on every change; the spreadsheet's Version column
     "history": [{"version", "date", "at", "user", "source", "changes": {field: {"from", "to"}}}]}

A recommendation as stored (table ``recommendations``)::

    {"label": "2a", "text": "...", "response": "..." | None}
"""

import re

from scr import values
from scr.values import from_iso, iso, parse_date
from scr.errors import NotFound, ScrError

NOT_STARTED, IN_PROGRESS, COMPLETED, CANCELLED = "not-started", "in-progress", "completed", "cancelled"
STATUSES = (NOT_STARTED, IN_PROGRESS, COMPLETED, CANCELLED)
OPEN = frozenset({NOT_STARTED, IN_PROGRESS})
BLUE, RED, AMBER, GREEN = "blue", "red", "amber", "green"

#: The fields a change may set, in the order the history and the spreadsheet show them.
FIELDS = (
    "recommendation", "text", "agency", "owner", "due", "status", "completed_on", "cancelled_on",
    "evidence", "outcome",
)
_DATE_FIELDS = frozenset({"due", "completed_on", "cancelled_on", "added"})
_LABEL = re.compile(r"[A-Za-z0-9][A-Za-z0-9.()-]{0,15}")
IMPACT_REVIEW_MONTHS = 12
# Spellings found in plans kept by hand, read as the status they mean.
_STATUS_SPELLINGS = {"complete": COMPLETED, "canceled": CANCELLED, "not-yet-started": NOT_STARTED}


# ---------------------------------------------------------------------------------------- IDs


def format_id(ref, n):
    return f"{ref}:{n}"


def parse_id(text):
    """``"REF:N"`` -> ``(ref, n)``; anything else is a clean error quoting the text."""
    ref, sep, number = str(text).strip().rpartition(":")
    if not sep or not values.is_slug(ref) or not number.isdigit() or int(number) < 1:
        raise ScrError(f"'{text}' is not an action ID: an action ID is REF:N, e.g. 2013-child-f:3")
    return ref, int(number)


def id_key(action_id):
    """Sort key of an action ID: by review, then N as a number (``a:2`` before ``a:10``)."""
    ref, n = parse_id(action_id)
    return ref, n


def label_key(label):
    """Natural order of recommendation labels: ``1``, ``2``, ``2a``, ``2b``, ``10``."""
    return [(0, int(part), "") if part.isdigit() else (1, 0, part.lower())
            for part in re.findall(r"\d+|\D+", label)]


def check_label(label):
    label = str(label).strip()
    if not _LABEL.fullmatch(label):
        raise ScrError(
            f"'{label}' is not a recommendation label: use a short label such as 1, 2a or 3.1"
        )
    return label


# ----------------------------------------------------------------------------- plain values


def parse_status(text):
    """A status as typed (``In progress``, ``completed``) -> its slug; unknown is a clean error."""
    slug = "-".join(str(text).strip().lower().replace("_", " ").replace("-", " ").split())
    slug = _STATUS_SPELLINGS.get(slug, slug)
    if slug not in STATUSES:
        raise ScrError(f"unknown status '{text}': use one of {', '.join(STATUSES)}")
    return slug


# ------------------------------------------------------------------------------ judgements


def is_open(action):
    return action["status"] in OPEN


def rag(action, today, amber_days):
    """``blue`` completed, ``red`` open and due before today, ``amber`` open and due within
    ``amber_days`` of today (inclusive: due today and due in exactly ``amber_days`` days are amber),
    ``green`` any other open action; ``None`` for a cancelled one."""
    status = action["status"]
    if status == COMPLETED:
        return BLUE
    if status not in OPEN:
        return None
    days = (from_iso(action["due"]) - today).days
    if days < 0:
        return RED
    return AMBER if days <= amber_days else GREEN


def is_overdue(action, today):
    return is_open(action) and from_iso(action["due"]) < today


def counts(actions, today):
    """``{total, completed, overdue}`` of a review's actions as of ``today``."""
    return counts_on(tally(actions), today)


def tally(actions):
    """What a review's counts are made from, whatever the day: ``{total, completed, open, due}``,
    ``due`` the due dates (ISO) of its open actions, sorted, in one string (kept by the derived
    index: one string decodes faster than sixty)."""
    actions = list(actions)
    return {
        "total": len(actions),
        "completed": sum(1 for a in actions if a["status"] == COMPLETED),
        "open": sum(1 for a in actions if is_open(a)),
        "due": " ".join(sorted(a["due"] for a in actions if is_open(a))),
    }


def counts_on(tallied, today):
    """The counts of a :func:`tally` as of ``today``: overdue are the open actions due before it
    (:func:`is_overdue`; ISO dates sort as the days do)."""
    return {"total": tallied["total"], "completed": tallied["completed"],
            "overdue": _count_before(tallied["due"], today.isoformat())}


def _count_before(dates, limit):
    """How many of DATES (sorted ISO dates joined by spaces) are before LIMIT: halving over the
    string itself, each date ten characters and a space."""
    low, high = 0, (len(dates) + 1) // 11
    while low < high:
        middle = (low + high) // 2
        if dates[middle * 11:middle * 11 + 10] < limit:
            low = middle + 1
        else:
            high = middle
    return low


def counts_for_period(actions, until):
    """The annual report's figures at ``until``: actions added on or before it, those of them
    completed on or before it, and those of them open at it (not completed or cancelled by then)
    with a due date before it."""
    added = [a for a in actions if from_iso(a["added"]) <= until]

    def done_by(a):
        ended = a.get("completed_on") or a.get("cancelled_on")
        return ended is not None and from_iso(ended) <= until

    return {
        "total": len(added),
        "completed": sum(
            1 for a in added if a.get("completed_on") and from_iso(a["completed_on"]) <= until
        ),
        "overdue": sum(1 for a in added if not done_by(a) and from_iso(a["due"]) < until),
    }


def impact_review_start(actions):
    """The day the last open action of a review was completed: the day the impact review's clock
    starts. ``None`` while the review has no actions, any action is open, or none was completed
    (every one cancelled)."""
    actions = list(actions)
    if not actions or any(is_open(a) for a in actions):
        return None
    completed = [from_iso(a["completed_on"]) for a in actions if a["status"] == COMPLETED]
    return max(completed) if completed else None


def impact_review_due(actions):
    """The impact review's due date: twelve months after :func:`impact_review_start`, or None."""
    start = impact_review_start(actions)
    from scr.timescales.workdays import add_months

    return add_months(start, IMPACT_REVIEW_MONTHS) if start else None


def view(ref, action, today, amber_days):
    """An action as the JSON of every command shows it."""
    return {
        "id": format_id(ref, action["n"]),
        "review": ref,
        "recommendation": action["recommendation"],
        "text": action["text"],
        "agency": action["agency"],
        "owner": action.get("owner"),
        "due": action["due"],
        "status": action["status"],
        "completed_on": action.get("completed_on"),
        "added": action["added"],
        "rag": rag(action, today, amber_days),
        "evidence": action.get("evidence"),
        "outcome": action.get("outcome"),
        "cancelled_on": action.get("cancelled_on"),
        "version": action["version"],
        "history": action.get("history", []),
    }


def by_id(rows):
    """Views (or anything with ``review`` and ``id``) in ID order."""
    return sorted(rows, key=lambda v: id_key(v["id"]))


def overdue(views):
    """The overdue ones among action views, ordered by due date, then ID."""
    return sorted(
        (v for v in views if v["rag"] == RED), key=lambda v: (v["due"], id_key(v["id"]))
    )


# -------------------------------------------------------------------------------- changes


def _now():
    return values.timestamp()


def _history_record(version, today, user, source, changes):
    return {
        "version": version,
        "date": iso(today),
        "at": _now(),
        "user": user,
        "source": source,
        "changes": changes,
    }


def new_action(n, *, recommendation, text, agency, due, added, today, user, owner=None,
               outcome=None, status=NOT_STARTED, completed_on=None, evidence=None,
               require_evidence=True, source="add"):
    """A new action record, validated, with its first history record (version 1).

    An action may be born completed or cancelled (a plan kept by hand before scr, imported)."""
    action = {
        "n": n,
        "recommendation": check_label(recommendation),
        "text": values.text(text, "the action's text"),
        "agency": values.text(agency, "the agency"),
        "owner": values.optional_text(owner),
        "outcome": values.optional_text(outcome),
        "due": iso(parse_date(due, "due date")),
        "added": iso(parse_date(added, "added date")),
        "status": NOT_STARTED,
        "completed_on": None,
        "cancelled_on": None,
        "evidence": None,
        "version": 1,
        "history": [],
    }
    created = {k: {"from": None, "to": action[k]} for k in FIELDS if action.get(k) is not None}
    action["history"].append(_history_record(1, today, user, source, created))
    if status != NOT_STARTED or evidence is not None or completed_on is not None:
        action = change(
            action,
            {"status": status, "evidence": evidence, "completed_on": completed_on},
            today=today, user=user, source=source, require_evidence=require_evidence,
            first=True,
        )
    return action


def change(action, fields, *, today, user, source, require_evidence, first=False):
    """Apply ``fields`` (target values of :data:`FIELDS`; dates as ``date`` or typed text) to a
    copy of ``action``, validate the result, and return it with a history record and its
    version counter advanced. Nothing changed: the action itself is returned untouched.

    Rules: a completed action has a completion date (default ``today``) that is neither before
    the action was added nor after today, and — where ``require_evidence`` — evidence, given now
    or recorded earlier; a cancelled one a cancellation date; an open one neither.
    """
    target = dict(action)
    for key, value in fields.items():
        if key not in FIELDS:
            raise ValueError(f"not an action field: {key}")
        if key in _DATE_FIELDS:
            value = iso(parse_date(value, key.replace("_", " "))) if value not in (None, "") else None
        elif key == "status":
            value = parse_status(value) if value is not None else action["status"]
        elif key == "recommendation":
            value = check_label(value)
        elif key in ("text", "agency"):
            value = values.text(value, "the action's text" if key == "text" else "the agency")
        else:
            value = values.optional_text(value)
        target[key] = value

    status = target["status"]
    added = from_iso(target["added"])
    if status == COMPLETED:
        target["completed_on"] = target["completed_on"] or iso(today)
        done = from_iso(target["completed_on"])
        if done < added:
            raise ScrError(
                f"completion date {iso(done)} is before the action was added ({iso(added)})"
            )
        if done > today:
            raise ScrError(f"completion date {iso(done)} is after today ({iso(today)})")
        newly = action["status"] != COMPLETED or first or target["evidence"] != action["evidence"]
        if require_evidence and newly and not target["evidence"]:
            raise ScrError(
                "completing an action needs evidence: give --evidence, or fill the row's "
                "Evidence cell in a spreadsheet (scr.toml [actions] require_evidence = true)"
            )
    elif target.get("completed_on") and fields.get("completed_on"):
        raise ScrError(
            f"a completion date is given but the status is {status}: "
            "only a completed action has one"
        )
    else:
        target["completed_on"] = None
    if status == CANCELLED:
        ended = target["cancelled_on"] or iso(today)
        if from_iso(ended) < added:
            raise ScrError(
                f"cancellation date {ended} is before the action was added ({iso(added)})"
            )
        if from_iso(ended) > today:
            raise ScrError(f"cancellation date {ended} is after today ({iso(today)})")
        target["cancelled_on"] = ended
    else:
        target["cancelled_on"] = None

    changes = {
        k: {"from": action.get(k), "to": target.get(k)}
        for k in FIELDS
        if action.get(k) != target.get(k)
    }
    if not changes:
        return action
    if first:
        # Born in a later state (an import of a plan kept by hand): one history record, version 1.
        target["history"] = list(action["history"])
        target["history"][-1] = dict(
            target["history"][-1], changes={**target["history"][-1]["changes"], **changes}
        )
        return target
    target["version"] = action["version"] + 1
    target["history"] = list(action["history"]) + [
        _history_record(target["version"], today, user, source, changes)
    ]
    return target


# ------------------------------------------------------------------------ recommendations


def recommendation_view(record, actions_views):
    return {
        "label": record["label"],
        "text": record.get("text") or "",
        "response": record.get("response"),
        "actions": by_id(actions_views),
    }


def find_action(actions, ref, n):
    for action in actions:
        if action["n"] == n:
            return action
    raise NotFound(f"unknown action ID '{format_id(ref, n)}'")


def next_number(actions):
    return max((a["n"] for a in actions), default=0) + 1


# --------------------------------------------------------------- a review's tables (TinyDB)
#
# The functions below read and change a Review's tables ``actions`` and ``recommendations``.
# Changes are made only inside ``ws.open_review(ref, write=True)``, which commits them atomically
# with an audit record, or discards them all on an error.

ACTIONS, RECOMMENDATIONS = "actions", "recommendations"


def records(review):
    """The review's action records, by N."""
    return sorted((dict(doc) for doc in review.table(ACTIONS).all()), key=lambda a: a["n"])


def brief_records(review):
    """The review's action records, by N, with only the fields a count reads (``review.BRIEF``):
    status, due, completed_on, cancelled_on, added."""
    return sorted(review.brief("actions_brief"), key=lambda a: a["n"])


def recommendation_records(review):
    return sorted(
        (dict(doc) for doc in review.table(RECOMMENDATIONS).all()),
        key=lambda r: label_key(r["label"]),
    )


def views(review):
    ws = review.ws
    return [view(review.ref, a, ws.today, ws.amber_days) for a in records(review)]


def review_counts(review):
    """``{total, completed, overdue}`` for `scr show` and `scr status`."""
    return counts(brief_records(review), review.ws.today)


def impact_review_start_for(review):
    """The day the review's last open action was completed (the impact review's clock), or None."""
    return impact_review_start(brief_records(review))


def store_action(review, record, new=False):
    from tinydb.table import Document

    table = review.table(ACTIONS)
    if new:
        table.insert(Document(record, doc_id=record["n"]))
    else:
        table.update(record, doc_ids=[record["n"]])


def ensure_recommendation(review, label):
    """The recommendation ``label`` exists (created with empty wording where it did not)."""
    from tinydb import Query

    table = review.table(RECOMMENDATIONS)
    if table.get(Query().label == label) is None:
        table.insert({"label": label, "text": "", "response": None})


def known_agencies(review, existing=None):
    """Every agency spelling the review knows, first seen first: its chronologies', then its
    actions' (an agency not in the register keeps the first spelling seen)."""
    from scr.chronology import seen_agencies

    names = seen_agencies(review)
    for action in records(review) if existing is None else existing:
        if action["agency"] not in names:
            names.append(action["agency"])
    return names


def add(review, text, *, recommendation, agency, due, owner=None, outcome=None):
    """``scr actions add``: a new action, its recommendation made where it did not exist."""
    ws = review.ws
    owner = values.text(owner, "--owner") if owner is not None else None
    outcome = values.text(outcome, "--outcome") if outcome is not None else None
    existing = records(review)
    seen = known_agencies(review, existing)
    record = new_action(
        next_number(existing), recommendation=recommendation, text=text,
        agency=ws.agencies.canonical(values.text(agency, "--agency"), seen), due=due,
        added=ws.today,
        today=ws.today, user=ws.user, owner=owner, outcome=outcome,
        require_evidence=ws.require_evidence,
    )
    ensure_recommendation(review, record["recommendation"])
    store_action(review, record, new=True)
    return format_id(review.ref, record["n"])


def update(review, n, fields):
    """``scr actions update``: apply ``fields`` to action N of the review; returns its view."""
    ws = review.ws
    current = find_action(records(review), review.ref, n)
    changed = change(current, fields, today=ws.today, user=ws.user, source="update",
                     require_evidence=ws.require_evidence)
    if changed is not current:
        if changed["recommendation"] != current["recommendation"]:
            ensure_recommendation(review, changed["recommendation"])
        store_action(review, changed)
    return view(review.ref, changed, ws.today, ws.amber_days), changed is not current


def update_fields(action_status, *, status=None, when=None, evidence=None, due=None, owner=None,
                  outcome=None):
    """The fields an ``actions update`` sets, from its options. ``--date`` dates a completion, or a
    cancellation; ``action_status`` is the action's status before the update."""
    fields = {}
    if status is not None:
        fields["status"] = parse_status(status)
    final = fields.get("status", action_status)
    if when is not None:
        if final == COMPLETED:
            fields["completed_on"] = parse_date(when, "--date")
        elif final == CANCELLED:
            fields["cancelled_on"] = parse_date(when, "--date")
        else:
            raise ScrError(
                f"--date is the date an action was completed or cancelled; this one would be {final}"
            )
    if evidence is not None:
        fields["evidence"] = values.text(evidence, "--evidence")
    if due is not None:
        fields["due"] = parse_date(due, "--due")
    if owner is not None:
        fields["owner"] = values.text(owner, "--owner")
    if outcome is not None:
        fields["outcome"] = values.text(outcome, "--outcome")
    if not fields:
        raise ScrError("nothing to update: give --status, --date, --evidence or --due")
    return fields


def set_recommendation(review, label, text, response=None):
    """``scr recommendation set``: the wording (and the board's response) of a recommendation."""
    from tinydb import Query

    label = check_label(label)
    fields = {"label": label, "text": values.text(text, "the recommendation's text")}
    if response is not None:
        fields["response"] = values.text(response, "--response")
    table = review.table(RECOMMENDATIONS)
    if table.get(Query().label == label) is None:
        table.insert({"response": None, **fields})
    else:
        table.update(fields, Query().label == label)
    return label


def recommendations(review):
    """``scr recommendation list``: each recommendation with its actions, in label order."""
    action_views = views(review)
    return [
        recommendation_view(r, [v for v in action_views if v["recommendation"] == r["label"]])
        for r in recommendation_records(review)
    ]


def select(action_views, *, agency=None, status=None, agencies=None):
    """Action views of one agency (matched as the register matches names) and/or one status."""
    if status is not None:
        status = parse_status(status)
        action_views = [v for v in action_views if v["status"] == status]
    if agency is not None:
        agency = values.text(agency, "--agency")
        same = agencies.same if agencies is not None else (lambda a, b: a.lower() == b.lower())
        action_views = [v for v in action_views if same(v["agency"], agency)]
    return action_views


def all_views(ws):
    """Every action of every review (closed ones too), in ID order."""
    rows = []
    for review in ws.all_reviews():
        rows.extend(views(review))
    return by_id(rows)


def open_views(review):
    """``[due, n, view]`` of each open action of REVIEW, by due date then N, as ``scr actions
    overdue`` shows it once it is overdue: without its history, and red (:func:`rag`: open and
    due before the day). What the derived index keeps, whatever the day."""
    from datetime import timedelta

    ref, amber = review.ref, review.ws.amber_days
    rows = []
    for a in review.brief("actions_plain"):
        if is_open(a):
            # as it is shown on any day it is overdue: the day after its due date, say
            shown = view(ref, a, from_iso(a["due"]) + timedelta(days=1), amber)
            del shown["history"]
            rows.append([a["due"], a["n"], shown])
    return sorted(rows, key=lambda row: (row[0], row[1]))


def overdue_on(open_rows, today):
    """The overdue views among ``(review ref, open_views rows)`` pairs as of TODAY, ordered as
    :func:`overdue` orders them: by due date, then ID (review, then N)."""
    from bisect import bisect_left

    limit = today.isoformat()
    late = []
    for ref, rows in open_rows:
        # each review's rows are sorted by due date: the overdue ones come first
        end = bisect_left(rows, limit, key=lambda row: row[0])
        late.extend((row[0], ref, row[1], row[2]) for row in rows[:end])
    late.sort(key=lambda row: row[:3])
    return [row[3] for row in late]


def update_action(ws, action_id, **changes):
    """``scr actions update``: ID (REF:N) changed as ``changes`` asks (status, when, evidence,
    due, owner, outcome; None leaves a field as it is). Returns ``(view, changed)``."""
    ref, n = parse_id(action_id)
    with ws.open_review(ref, write=True) as review:
        current = find_action(records(review), ref, n)
        fields = update_fields(current["status"], **changes)
        return update(review, n, fields)
