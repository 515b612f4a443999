"""`scr doctor`: every review file checked, damaged ones listed; folders others can read warned;
the derived index checked against the files (rebuilt where it cannot be trusted)."""

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


def examine(ws):
    damaged, warnings = [], []
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
    report = {"reviews": count, "damaged": damaged, "warnings": warnings}
    from scr.workspace import index

    if index.enabled():
        report["index"] = index.check(ws)
    return report
