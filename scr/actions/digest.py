"""``scr actions remind``: a weekly digest per agency of its open actions, as .eml drafts.

Each agency with open actions gets one message listing them overdue first (oldest due date
first), then those due within ``amber_days``, then the rest; each with its review,
recommendation, due date and owner. The body comes from the template ``actions-digest.txt``
(the package's, or the workspace's ``templates/actions-digest.txt`` where the board has one),
rendered in a sandboxed jinja2 environment where a missing variable is an error.
"""

from scr.actions import rules as A
from scr.documents import email as drafts
from scr.values import show, slug_of
from scr.errors import ScrError
from scr.workspace import outputs

TEMPLATE = "actions-digest.txt"


def _slug(name):
    return slug_of(name, "agency")


def render(ws, context):
    """The digest's body from the (board's or built-in) template."""
    from scr.documents import templates

    environment = templates.workspace_environment(ws)
    environment.filters["day"] = show
    return templates.render_template(environment, TEMPLATE, context)


def digests(ws, action_views, agency=None):
    """``{agency: {"overdue": [...], "due_soon": [...], "later": [...]}}`` for every agency with
    open actions (or only ``agency``), in agency order; each list in due-date, then ID, order."""
    open_views = [v for v in action_views if v["rag"] in (A.RED, A.AMBER, A.GREEN)]
    if agency is not None:
        open_views = A.select(open_views, agency=agency, agencies=ws.agencies)
    groups = {}
    for v in sorted(open_views, key=lambda v: (v["due"], A.id_key(v["id"]))):
        group = groups.setdefault(v["agency"], {"overdue": [], "due_soon": [], "later": []})
        key = {A.RED: "overdue", A.AMBER: "due_soon", A.GREEN: "later"}[v["rag"]]
        group[key].append(v)
    return dict(sorted(groups.items(), key=lambda item: item[0].lower()))


def message(ws, agency, group, recommendation_texts):
    """One digest as an email.message.EmailMessage (an unsent draft)."""
    def rows(views):
        return [
            dict(v, recommendation_text=recommendation_texts.get((v["review"], v["recommendation"]), ""),
                 days=(A.from_iso(v["due"]) - ws.today).days)
            for v in views
        ]

    context = {
        "board": ws.board,
        "marking": ws.draft_marking,
        "agency": agency,
        "today": ws.today,
        "amber_days": ws.amber_days,
        "overdue": rows(group["overdue"]),
        "due_soon": rows(group["due_soon"]),
        "later": rows(group["later"]),
    }
    subject = (
        f"Action plan digest for {agency}: {len(group['overdue'])} overdue, "
        f"{len(group['due_soon'])} due within {ws.amber_days} days ({show(ws.today)})"
    )
    return drafts.draft(subject, render(ws, context), to=ws.agencies.email(agency), sender=ws.board)


def remind(ws, agency=None, folder=None):
    """Write one .eml per agency with open actions; returns the paths written."""
    action_views = A.all_views(ws)
    groups = digests(ws, action_views, agency)
    if agency is not None and not groups:
        raise ScrError(f"agency '{agency}' has no open actions in any review")
    texts = {}
    for review in ws.all_reviews():
        for record in A.recommendation_records(review):
            texts[(review.ref, record["label"])] = record.get("text") or ""
    folder = outputs.folder(folder, ws.out_dir)
    drafts = []
    for name, group in groups.items():
        email = message(ws, name, group, texts)
        drafts.append((folder / f"actions-{_slug(name)}-{ws.today.isoformat()}.eml", email.as_bytes()))
    # Every digest or none; the journal of a kill's unfinished commit waits in out/ for the next
    # writer there or `scr doctor --repair` (the digests may be written outside the workspace).
    ws.make_private_dir(ws.out_dir)
    return ws.write_outputs(drafts, journal_dir=ws.out_dir)
