"""All or nothing for commands that write several files: a review file and the files beside it
(a chronology's kept copy and entries), report sections, drafted emails, several reviews at once.

:func:`commit` writes every file under a temporary name in its own folder (``.NAME.XXXX.tmp``),
flushed and fsynced; only when every one is ready does it write a journal naming each rename
(``.scr-journal-ID.json``, one copy in each folder given), rename every file into place — the
review file last — and remove the journal. So:

- a failure or a kill before the journal leaves every file as it was, and at most temporary files
  that the next writer of the review (or ``scr doctor --repair``) removes;
- a kill after it leaves a journal that the next writer (or ``doctor --repair``) completes: the
  renames it names are finished, so the command's changes are all there.

A single file needs no journal: its rename is the whole change.
"""

import json
import os
import secrets
from pathlib import Path

from scr.errors import ScrError

JOURNAL_PREFIX = ".scr-journal-"
JOURNAL_SUFFIX = ".json"
TEMP_SUFFIX = ".tmp"


def _fsync_dir(folder):
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_temp(path, data, mode):
    """``data`` in a temporary file beside ``path``, flushed and fsynced; returns its path."""
    import tempfile

    path = Path(path)
    if isinstance(data, str):
        data = data.encode("utf-8")
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=TEMP_SUFFIX)
    except OSError as exc:
        raise ScrError(f"could not write {path}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
    except BaseException as exc:
        _unlink(tmp)
        if isinstance(exc, OSError):
            raise ScrError(f"could not write {path}: {exc.strerror or exc}") from None
        raise
    return Path(tmp)


def _unlink(path):
    try:
        os.unlink(path)
    except OSError:
        pass


def commit(files, journal_dirs=()):
    """Write ``files`` — a list of ``(path, data, mode)``, in the order they go into place (put a
    review file last) — all or nothing. ``journal_dirs``: the folders whose next writer must be
    able to finish an interrupted commit (each review folder the files belong to)."""
    files = [(Path(path), data, mode) for path, data, mode in files]
    if not files:
        return
    temps = []
    try:
        for path, data, mode in files:
            temps.append((write_temp(path, data, mode), path))
    except BaseException:
        for tmp, _ in temps:
            _unlink(tmp)
        raise
    if len(temps) == 1:
        tmp, path = temps[0]
        try:
            _replace(tmp, path)
        except BaseException:
            _unlink(tmp)
            raise
        _fsync_dir(path.parent)
        return
    journals = write_journals(temps, journal_dirs or {temps[-1][1].parent})
    for tmp, path in temps:
        _replace(tmp, path)
    for folder in {path.parent for _, path in temps}:
        _fsync_dir(folder)
    for journal in journals:
        _unlink(journal)


def _replace(tmp, path):
    try:
        os.replace(tmp, path)
    except OSError as exc:
        raise ScrError(f"could not write {path}: {exc.strerror or exc}") from None


def write_journals(temps, folders):
    """The commit point: one journal per folder, each naming every rename (paths relative to the
    journal's folder, so the workspace may be reached by another path on another machine)."""
    name = f"{JOURNAL_PREFIX}{secrets.token_hex(6)}{JOURNAL_SUFFIX}"
    folders = sorted({Path(f) for f in folders})
    written = []
    try:
        for folder in folders:
            document = {
                "renames": [[os.path.relpath(tmp, folder), os.path.relpath(path, folder)]
                            for tmp, path in temps],
                "journals": [os.path.relpath(other / name, folder) for other in folders],
            }
            tmp = write_temp(folder / name, json.dumps(document, indent=1), 0o600)
            os.replace(tmp, folder / name)
            written.append(folder / name)
            _fsync_dir(folder)
    except BaseException:
        for journal in written:
            _unlink(journal)
        for tmp, _ in temps:
            _unlink(tmp)
        raise
    return written


def journals(folder):
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    return sorted(Path(folder) / n for n in names
                  if n.startswith(JOURNAL_PREFIX) and n.endswith(JOURNAL_SUFFIX))


def finish(journal):
    """Complete the commit a journal names: every rename not yet done is done; the journal's
    copies are removed. Returns the files put into place."""
    folder = journal.parent
    try:
        document = json.loads(journal.read_text(encoding="utf-8"))
        renames = [(folder / tmp, folder / final) for tmp, final in document["renames"]]
        copies = [folder / other for other in document.get("journals", [])]
    except (OSError, ValueError, KeyError, TypeError):
        # A journal torn before it was renamed into place cannot exist (it is written whole);
        # one that cannot be read was not scr's to finish.
        return None
    done = []
    for tmp, final in renames:
        try:
            os.replace(tmp, final)  # atomic: two writers finishing at once cannot both succeed
            done.append(final)
        except FileNotFoundError:
            pass  # renamed already (before the kill, or by another writer finishing it)
    for other in copies:
        _unlink(other)
    _unlink(journal)
    return done


def is_temp(name):
    """A temporary file of an interrupted write: ``.NAME.XXXX.tmp`` (atomic writes, commits)."""
    return name.startswith(".") and name.endswith(TEMP_SUFFIX) and name.count(".") >= 3


def leftovers(folder):
    """The leftovers of interrupted writes under ``folder``: ``(path, what)`` pairs."""
    found = [(path, "an unfinished commit (journal)") for path in journals(folder)]
    for root, dirs, names in os.walk(folder):
        dirs[:] = [d for d in dirs if d != "build"]  # a render's scratch space is its own
        for name in names:
            if is_temp(name):
                found.append((Path(root) / name, "a temporary file of an interrupted write"))
    return found


#: Where only writers holding the review's lock write (so a temporary file there is a leftover);
#: elsewhere (documents/, action-plan/: exports, renders) one may be another command's, in flight.
LOCKED_PLACES = (".", "chronologies", "report/sections")
STALE_SECONDS = 3600
GRACE_SECONDS = 5  # younger than this, a temporary file may be a read-only command's, in flight


def clean(folder, everywhere=False):
    """Finish every journal under ``folder``, then remove temporary files left by interrupted
    writes: in the places only lock holders write, and (``everywhere``, or an hour old) in the
    others. Only for a folder whose lock is held. Returns a sentence for each thing done."""
    import time

    locked = {os.path.normpath(Path(folder) / place) for place in LOCKED_PLACES}
    said = []
    for journal in journals(folder):
        done = finish(journal)
        if done is not None:
            said.append(f"finished an interrupted write ({journal.name}: "
                        f"{len(done)} file{'s' if len(done) != 1 else ''} put into place)")
    for path, _ in leftovers(folder):
        if path.name.startswith(JOURNAL_PREFIX):
            continue  # one this scr cannot read: left for a person to look at
        try:
            age = time.time() - path.stat().st_mtime
            if age < GRACE_SECONDS or (not everywhere and age < STALE_SECONDS
                                       and os.path.normpath(path.parent) not in locked):
                continue
            path.unlink()
        except FileNotFoundError:
            continue
        except OSError:
            continue
        said.append(f"removed {path}, a temporary file left by an interrupted write")
    return said
