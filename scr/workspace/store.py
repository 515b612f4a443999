"""Safe storage: atomic writes, the review lock, and the TinyDB storage every review uses.

TinyDB's own JSONStorage overwrites a file in place and takes no lock, so a crash can tear the file
and two people on a shared drive can lose each other's update. Here:

- every file is written to a temporary file in the same folder, flushed, fsynced and renamed over
  the old one (``atomic_write``): a process killed at any instant leaves the old file or the new one;
- a review's whole read-modify-write runs under a cross-process file lock (``ReviewLock``); a lock
  not released within the timeout is an error naming who holds it;
- ``BufferedStorage`` gives TinyDB the file's data once, keeps its writes in memory, and the review
  session (review.py) writes them out once, atomically, when the command succeeds.
"""

import json
import os

from pathlib import Path

from tinydb.storages import Storage

from scr.errors import DamagedFile, LockTimeout, ScrError
from scr.values import timestamp

LOCK_NAME = ".lock"
HOLDER_NAME = ".lock-holder"


def dumps(data):
    """Sorted, indented JSON, so a review folder diffs cleanly in git."""
    return json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


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


def atomic_write(path, data, mode=0o600):
    """Write ``data`` (str as UTF-8, or bytes) to ``path`` atomically, with permissions ``mode``."""
    import tempfile  # only commands that write need it

    path = Path(path)
    if isinstance(data, str):
        data = data.encode("utf-8")
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except OSError as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise ScrError(f"could not write {path}: {exc.strerror or exc}") from None
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    _fsync_dir(path.parent)
    return path


def load_json(path):
    """Read a JSON file scr wrote; a damaged one raises DamagedFile with the fault's position."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
    except FileNotFoundError:
        raise DamagedFile(path, "the file is missing") from None
    except OSError as exc:
        raise ScrError(f"cannot read {path}: {exc.strerror or exc}") from None
    return parse_json(path, raw)


def parse_json(path, raw):
    """The bytes ``raw`` of the JSON file ``path`` as ``load_json`` reads them (the index reads a
    file's bytes itself, to hash them): a damaged file raises DamagedFile with the fault's position."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DamagedFile(path, f"not UTF-8 at byte {exc.start}") from None
    if not text.strip():
        raise DamagedFile(path, "the file is empty")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DamagedFile(path, f"line {exc.lineno} column {exc.colno}: {exc.msg}") from None
    if not isinstance(data, dict) or not all(isinstance(t, dict) for t in data.values()):
        raise DamagedFile(path, "it is not a TinyDB file (expected an object of tables)")
    return data


class BufferedStorage(Storage):
    """TinyDB storage that reads the file once and keeps writes until ``flush``.

    Used only inside a review session, which holds the review's lock for the whole
    read-modify-write, so no other process can change the file underneath the buffer.
    """

    def __init__(self, path, data=None):
        self.path = Path(path)
        self.data = load_json(self.path) if data is None else data
        self.dirty = False

    def read(self):
        return self.data

    def brief(self, name, table, fields):
        """The records of TABLE with only FIELDS: the brief table NAME (what the index keeps apart:
        review.BRIEF)."""
        return [{k: doc.get(k) for k in fields} for doc in self.data.get(table, {}).values()]

    def write(self, data):
        self.data = data
        self.dirty = True

    def flush(self, mode):
        atomic_write(self.path, dumps(self.data), mode)
        self.dirty = False

    def close(self):
        pass


class ReviewLock:
    """The cross-process lock of one review folder.

    The lock file and the holder file are made with the review and left in place, so they never
    show up as a change. While held, the holder file says who holds it (user, host, process, since);
    it is emptied on release, so a holder file found non-empty on acquiring means the last holder
    died without releasing (the operating system has already freed its lock).
    """

    def __init__(self, folder, user, timeout=10.0):
        from filelock import FileLock, Timeout  # only commands that write need it

        self._timeout_error = Timeout
        self.folder = Path(folder)
        self.user = user
        self.timeout = timeout
        self.lock = FileLock(str(self.folder / LOCK_NAME), timeout=timeout)
        self.holder = self.folder / HOLDER_NAME
        self.recovered = None

    def _read_holder(self):
        try:
            return json.loads(self.holder.read_text(encoding="utf-8") or "null")
        except (OSError, ValueError):
            return None

    def acquire(self):
        try:
            self.lock.acquire()
        except self._timeout_error:
            holder = self._read_holder() or {}
            who = ", ".join(
                f"{key} {holder[key]}" for key in ("user", "host", "pid", "since") if holder.get(key)
            )
            raise LockTimeout(
                f"review '{self.folder.name}' is locked by another scr command"
                f" ({who or 'holder unknown'}); waited {self.timeout:g} s — try again when it has"
                " finished, or raise [storage] lock_timeout in scr.toml"
            ) from None
        except OSError as exc:
            raise ScrError(f"cannot lock {self.folder / LOCK_NAME}: {exc.strerror or exc}") from None
        import socket

        self.recovered = self._read_holder()
        info = {
            "user": self.user,
            "host": socket.gethostname(),
            "pid": os.getpid(),
            "since": timestamp(),
        }
        try:
            with open(self.holder, "w", encoding="utf-8") as handle:
                json.dump(info, handle)
        except OSError:
            pass  # the holder file is a courtesy; the lock itself is what protects
        return self

    def release(self):
        try:
            with open(self.holder, "w", encoding="utf-8"):
                pass
        except OSError:
            pass
        self.lock.release()

