"""`scr doctor`: every review file checked against the schema, damaged ones listed with every
problem; leftovers of interrupted writes and folders others can read warned; ``--repair`` removes
the leftovers (finishing a commit a kill interrupted), saying what it removed; the derived index
checked against the files (rebuilt where it cannot be trusted)."""

import os
import stat

from scr.errors import DamagedFile, ScrError
from scr.workspace import commit
from scr.workspace.review import FILE_NAME, load_review


def _too_open(path, group_allowed):
    mode = stat.S_IMODE(os.stat(path).st_mode)
    if mode & 0o007:
        return "others can read or change it"
    if not group_allowed and mode & 0o070:
        return "its group can read or change it ([access] group = false)"
    return None


def _writable_by_others(path, group_allowed):
    """Why another account could change what is in ``path`` (a template that changes a final
    report, a framework that moves a deadline), or None."""
    try:
        mode = stat.S_IMODE(os.lstat(path).st_mode)
    except OSError:
        return None
    if mode & 0o002:
        return "others can write in it: another account could change what scr reads from it"
    if not group_allowed and mode & 0o020:
        return ("its group can write in it ([access] group = false): another account could change"
                " what scr reads from it")
    return None


def writable_places(ws):
    """Warnings for the workspace root, frameworks/ and templates/ (and every folder and file in
    those two) that another account could write."""
    warnings = []
    places = [ws.root]
    for top in (ws.frameworks_dir, ws.templates_dir):
        if top.is_dir() and not top.is_symlink():
            places.append(top)
            for folder, subfolders, files in os.walk(top):
                places += [os.path.join(folder, name) for name in subfolders + files]
        elif top.is_symlink() and top == ws.templates_dir:
            warnings.append({"file": str(top), "problem": "a symbolic link: scr never reads templates"
                             " through one (make it a folder)"})
        elif top.is_symlink():
            places.append(top.resolve())  # whoever can write where it points can change deadlines
    for place in places:
        if problem := _writable_by_others(place, ws.group_access):
            warnings.append({"file": str(place), "problem": problem})
    return warnings


def orphans(review):
    """Files in the review's chronologies/ that no record names, with the name scr gives its
    copies: left by a `chronology add` killed before it recorded them (scr before 1.1)."""
    import re

    folder = review.folder / "chronologies"
    if not folder.is_dir():
        return []
    named = {row.get(key) for row in review.storage.data.get("chronology_files", {}).values()
             for key in ("file", "entries_file")}
    copy = re.compile(r"[a-z0-9-]+-\d+-.+")
    return sorted(
        folder / name for name in os.listdir(folder)
        if not name.startswith(".") and copy.fullmatch(name) and f"chronologies/{name}" not in named
    )


def examine(ws, repair=False):
    damaged, warnings, repaired = [], writable_places(ws), []
    count = 0
    reviews_dir = ws.reviews_dir
    if reviews_dir.is_dir():
        if problem := _too_open(reviews_dir, ws.group_access):
            warnings.append({"file": str(reviews_dir), "problem": problem})
        for entry in sorted(reviews_dir.iterdir()):
            if not entry.is_dir() or entry.name.startswith("."):
                continue
            path = entry / FILE_NAME
            if not path.exists():
                warnings.append({"file": str(entry), "problem": f"a folder without {FILE_NAME}: not a review"})
                continue
            count += 1
            if repair:
                said, entry = _repair(ws, entry)
                repaired.extend(said)
                path = entry / FILE_NAME
            review = None
            try:
                review = load_review(ws, entry.name)
            except DamagedFile as exc:
                damaged.extend({"file": str(path), "problem": problem} for problem in exc.problems)
            except ScrError as exc:
                damaged.append({"file": str(path), "problem": str(exc)})
            for leftover, what in commit.leftovers(entry):
                warnings.append({"file": str(leftover), "problem": f"{what}: the review file itself"
                                 " is intact; safe to delete (`scr doctor --repair` removes it)"})
            if review is not None and review.record.get("ref") not in (None, entry.name):
                warnings.append({"file": str(entry), "problem": f"its record names the ref"
                                 f" '{review.record.get('ref')}' (an interrupted `scr rename`);"
                                 " `scr doctor --repair` finishes it"})
            for orphan in orphans(review) if review is not None else ():
                warnings.append({"file": str(orphan), "problem": "no record names this chronology"
                                 " copy (left by an interrupted add); `scr doctor --repair` removes it"})
            for folder, _, files in os.walk(entry):
                if problem := _too_open(folder, ws.group_access):
                    warnings.append({"file": folder, "problem": problem})
                for name in files:
                    full = os.path.join(folder, name)
                    if not commit.is_temp(name) and (problem := _too_open(full, ws.group_access)):
                        warnings.append({"file": full, "problem": problem})
    # Commits across reviews (digests) keep their journal in out/: finished or reported here too.
    if ws.out_dir.is_dir():
        if repair:
            repaired.extend(commit.clean(ws.out_dir, everywhere=True))
        for leftover, what in commit.leftovers(ws.out_dir):
            warnings.append({"file": str(leftover), "problem": f"{what}: `scr doctor --repair`"
                             " finishes or removes it"})
    report = {"reviews": count, "damaged": damaged, "warnings": warnings, "repaired": repaired}
    from scr.workspace import index

    if index.enabled():
        report["index"] = index.check(ws)
    return report


def _repair(ws, folder):
    """Under the review's lock: finish or remove what interrupted writes left; then finish an
    interrupted `scr rename`. Returns ``(what was done, the review's folder now)``."""
    from scr.workspace.store import ReviewLock

    lock = ReviewLock(folder, ws.user, ws.lock_timeout, command=ws.command,
                      on_wait=ws.on_wait).acquire()
    try:
        said = commit.clean(folder, everywhere=True)
        try:
            review = load_review(ws, folder.name)
        except ScrError:
            review = None
        for orphan in orphans(review) if review is not None else ():
            try:
                orphan.unlink()
            except OSError:
                continue
            said.append(f"removed {orphan}, a chronology copy no record names")
    finally:
        lock.release()
    from scr.workspace.rename import finish_interrupted

    finished = finish_interrupted(ws, folder)
    if finished:
        said.append(finished[0])
        folder = finished[1]
    return said, folder
