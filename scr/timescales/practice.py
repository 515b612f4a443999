"""The commands that make links between reviews (CLI.md 1.1, "links"): ``scr link`` on both
reviews, and ``scr new lcspr --from RAPID``. The rules of a link are :mod:`scr.timescales.links`.

Nothing here prints.
"""

from scr import values
from scr.errors import ScrError
from scr.timescales.links import (BECAME, PRACTICE_KINDS, add_link, carried, check_became,
                                  default_ref)


def link_reviews(ws, ref, other, relation):
    """``scr link REF OTHER --as RELATION``: the link on REF and, where OTHER is a review here, on
    OTHER too (both files written, or neither); another board's ref is linked with a warning."""
    from scr.values import check_slug

    check_slug(ref, "review ref")
    check_slug(other, "review ref")
    check_slug(relation, "relation")
    if other == ref:
        raise ScrError("a review cannot be linked to itself")
    local = other in ws.refs()
    if not local:
        with ws.open_review(ref, write=True) as review:
            if relation == BECAME:
                check_became(review, None)
            add_link(review, other, relation, local=False)
            ws.warn(f"'{other}' is not a review in this workspace; linked as another board's review")
        return
    from scr.workspace.review import open_reviews

    with open_reviews(ws, [ref, other]) as sessions:  # both files in one commit, or neither
        review, target = sessions[ref], sessions[other]
        if relation == BECAME:
            check_became(review, target)
        add_link(review, other, relation, local=True, direction="to")
        add_link(target, ref, relation, local=True, direction="from")


def open_practice_review(ws, source_ref, kind=PRACTICE_KINDS[0], *, title=None, subject=None,
                         ref=None, framework=None, aware=None):
    """``scr new lcspr --from SOURCE``: the practice review a rapid review became. Title, subject
    and ``aware`` are carried over unless given, the ref defaults to ``SOURCE-lcspr``, the
    redaction names are copied and the link is made on both. Returns the new ref."""
    from scr.timescales.clocks import choose_framework, get_framework
    from scr.workspace import review as reviews
    from scr.values import check_slug

    check_slug(source_ref, "--from")
    if kind not in PRACTICE_KINDS:
        raise ScrError(f"--from opens the practice review a rapid review became: KIND is "
                       f"{' or '.join(PRACTICE_KINDS)}, not {kind!r}")
    title = values.text(title, "--title") if title is not None else None
    subject = values.text(subject, "--subject") if subject is not None else None
    if aware is not None:
        aware = values.parse_date(aware, "--aware")
        if aware > ws.today:
            raise ScrError(f"--aware {aware.isoformat()} is after today ({ws.today.isoformat()}): "
                           "it must have happened")
    with ws.open_review(source_ref) as source:
        taken = carried(source)
        check_became(source, None)
    title = title or taken["title"]
    subject = subject or taken["subject"]
    aware = aware or taken["aware"]
    ref = check_slug(ref or default_ref(source_ref), "review ref")
    if framework is not None:
        get_framework(ws, check_slug(framework, "framework id"))
    else:
        framework = choose_framework(ws, PRACTICE_KINDS[0], aware or ws.today)
    # The practice review is born linked (so it shares from its first day, whatever --as-of);
    # the rapid review gets its side of the link from today.
    back = {"ref": source_ref, "relation": BECAME, "local": True, "direction": "from"}
    # Both files in one commit: the new review.json and the rapid review's side of the link.
    try:
        with ws.open_review(source_ref, write=True) as source:
            reviews.create(ws, PRACTICE_KINDS[0], title, subject, ref, framework, aware, links=[back],
                           tables={"redactions": taken["redactions"]} if taken["redactions"] else None,
                           session=source)
            add_link(source, ref, BECAME, local=True, direction="to")
    except BaseException:
        import shutil

        if not (ws.review_dir(ref) / reviews.FILE_NAME).exists():
            shutil.rmtree(ws.review_dir(ref), ignore_errors=True)  # all or nothing: no half-made review
        raise
    return ref
