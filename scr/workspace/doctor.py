"""`scr doctor`: every review file checked, damaged ones listed; folders others can read warned."""

import os
import stat

from scr.errors import DamagedFile, ScrError
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


def examine(ws):
    damaged, warnings = [], writable_places(ws)
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
            try:
                load_review(ws, entry.name)
            except DamagedFile as exc:
                damaged.append({"file": str(path), "problem": exc.detail})
            except ScrError as exc:
                damaged.append({"file": str(path), "problem": str(exc)})
            for folder, _, files in os.walk(entry):
                if problem := _too_open(folder, ws.group_access):
                    warnings.append({"file": folder, "problem": problem})
                for name in files:
                    full = os.path.join(folder, name)
                    if name.endswith(".tmp") and name.startswith("."):
                        warnings.append({"file": full, "problem": "temporary file left by an interrupted"
                                         " write; the review file itself is intact; safe to delete"})
                    elif problem := _too_open(full, ws.group_access):
                        warnings.append({"file": full, "problem": problem})
    return {"reviews": count, "damaged": damaged, "warnings": warnings}
