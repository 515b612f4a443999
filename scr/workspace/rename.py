"""``scr rename REF NEW``: a review gets a new ref, for a ref that turns out to hold a real name.

The ref is everywhere a review is named: its folder, its record, every action ID (``REF:N`` is
derived from it), the file names of what was made from it, and other reviews' links to it. A
rename changes all of them:

1. the review's record takes the new ref, under the review's lock (the audit trail keeps the
   change, as it keeps every change: it is as private as the review itself);
2. the folder ``reviews/REF`` is renamed ``reviews/NEW`` (one atomic rename: a reader sees one or
   the other, never half);
3. files made from the review whose names begin with the old ref (reports in ``report/build/``,
   letters in ``documents/``, plans in ``action-plan/``) are renamed to begin with the new one —
   their *contents* still name the old ref, so the result lists them to be made again;
4. every other review linked to the old ref is linked to the new one.

Nothing here prints.
"""

import os

from scr.errors import NotFound, ScrError

OUTPUT_FOLDERS = ("report/build", "documents", "action-plan")


def rename(ws, ref, new):
    """Rename review ``ref`` to ``new``. Returns ``{ref, previous, folder, renamed, links, remake}``."""
    from scr.values import check_slug

    check_slug(ref, "review ref")
    check_slug(new, "new ref")
    if new == ref:
        raise ScrError(f"'{ref}' is already the review's ref")
    old_folder, new_folder = ws.review_dir(ref), ws.review_dir(new)
    if new in ws.refs() or os.path.lexists(new_folder):
        raise ScrError(f"a review or folder '{new}' already exists in {ws.reviews_dir}: choose another ref")
    if ref not in ws.refs():
        raise NotFound(f"no review '{ref}' in {ws.reviews_dir}")
    with ws.open_review(ref, write=True) as review:
        review.update_record(ref=new)
    try:
        os.rename(old_folder, new_folder)
    except OSError as exc:
        with ws.open_review(ref, write=True) as review:  # put the record back: nothing half-done
            review.update_record(ref=ref)
        raise ScrError(f"cannot rename {old_folder} to {new_folder}: {exc.strerror or exc}") from None
    renamed, remake = [], []
    for sub in OUTPUT_FOLDERS:
        folder = new_folder / sub
        if not folder.is_dir():
            continue
        for path in sorted(folder.iterdir()):
            if path.is_file() and not path.is_symlink() and path.name.startswith(f"{ref}-"):
                target = path.with_name(new + path.name[len(ref):])
                if os.path.lexists(target):
                    remake.append(path)
                    continue
                os.rename(path, target)
                renamed.append(target)
                remake.append(target)
    linked = []
    for other in ws.refs():
        if other == new:
            continue
        try:
            links = ws.open_review(other)
            with links as review:
                pointing = any(item.get("ref") == ref for item in review.record.get("links", []))
        except ScrError:
            continue  # a damaged review: doctor's business; it cannot be linked here
        if pointing:
            with ws.open_review(other, write=True) as review:
                review.update_record(links=[{**item, "ref": new} if item.get("ref") == ref else dict(item)
                                            for item in review.record.get("links", [])])
            linked.append(other)
    return {"ref": new, "previous": ref, "folder": new_folder, "renamed": renamed,
            "links": linked, "remake": remake}
