"""``scr rename REF NEW``: a review gets a new ref, for a ref that turns out to hold a real name.

The ref is everywhere a review is named: its folder, its record, every action ID (``REF:N`` is
derived from it), the file names of what was made from it, and other reviews' links to it. A
rename changes all of them:

1. the review's record takes the new ref, under the review's lock (the audit trail keeps the
   change, as it keeps every change: it is as private as the review itself);
2. the folder ``reviews/REF`` is renamed ``reviews/NEW`` (one atomic rename: a reader sees one or
   the other, never half);
3. every other review linked to the old ref is linked to the new one (in the same commit as 1);
4. files made from the review whose names begin with the old ref (reports in ``report/build/``,
   letters in ``documents/``, plans in ``action-plan/``) are listed to be removed and made again:
   their names and their contents still hold the old ref.

Nothing here prints.
"""

import os

from scr.errors import NotFound, ScrError

OUTPUT_FOLDERS = ("report/build", "documents", "action-plan")


def rename(ws, ref, new):
    """Rename review ``ref`` to ``new``. Returns ``{ref, previous, folder, links, remake}``.

    Two steps, each atomic, so a kill at any point leaves the old state, the new one, or one that
    ``scr doctor --repair`` (or the review's next writer) finishes: first the review's record and
    every linking review's links in one commit (all or nothing), then the folder's rename.
    """
    from scr.values import check_slug
    from scr.workspace.review import open_reviews

    check_slug(ref, "review ref")
    check_slug(new, "new ref")
    if new == ref:
        raise ScrError(f"'{ref}' is already the review's ref")
    old_folder, new_folder = ws.review_dir(ref), ws.review_dir(new)
    if new in ws.refs() or os.path.lexists(new_folder):
        raise ScrError(f"a review or folder '{new}' already exists in {ws.reviews_dir}: choose another ref")
    if ref not in ws.refs():
        raise NotFound(f"no review '{ref}' in {ws.reviews_dir}")
    linking = []
    for other in ws.refs():
        if other == ref:
            continue
        try:
            with ws.open_review(other) as review:
                if any(item.get("ref") == ref for item in review.record.get("links", [])):
                    linking.append(other)
        except ScrError:
            continue  # a damaged review: doctor's business; it cannot be linked here
    with open_reviews(ws, [ref, *linking]) as sessions:
        sessions[ref].update_record(ref=new)
        for other in linking:
            review = sessions[other]
            review.update_record(links=[{**item, "ref": new} if item.get("ref") == ref else dict(item)
                                        for item in review.record.get("links", [])])
    try:
        os.rename(old_folder, new_folder)
    except OSError as exc:
        raise ScrError(f"cannot rename {old_folder} to {new_folder}: {exc.strerror or exc}"
                       " (`scr doctor --repair` finishes the rename)") from None
    remake = []
    for sub in OUTPUT_FOLDERS:
        folder = new_folder / sub
        if folder.is_dir():
            remake += sorted(p for p in folder.iterdir() if p.is_file() and p.name.startswith(f"{ref}-"))
    return {"ref": new, "previous": ref, "folder": new_folder, "links": linking, "remake": remake}


def finish_interrupted(ws, folder):
    """Where ``folder``'s record names another ref than the folder (a ``scr rename`` killed
    between its two steps), rename the folder to it. Returns ``(what was done, the folder now)``,
    or None."""
    from scr.values import is_slug
    from scr.workspace.review import load_review

    try:
        recorded = load_review(ws, folder.name).record.get("ref")
    except ScrError:
        return None
    if not recorded or recorded == folder.name or not is_slug(recorded):
        return None
    target = ws.review_dir(recorded)
    if os.path.lexists(target):
        return None
    os.rename(folder, target)
    return f"finished an interrupted `scr rename`: {folder} is now {target}", target
