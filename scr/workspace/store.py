"""Safe storage: atomic writes, the review lock, and the TinyDB storage every review uses.

TinyDB's own JSONStorage overwrites a file in place and takes no lock, so a crash can tear the file
and two people on a shared drive can lose each other's update. Here:

- every file is written to a temporary file in the same folder, flushed, fsynced and renamed over
  the old one (``atomic_write``): a process killed at any instant leaves the old file or the new one;
- a review's whole read-modify-write runs under a cross-process file lock (``ReviewLock``); a
  writer waits its turn while the holder lives (``--wait`` bounds the wait, then an error names
  the holder);
- ``BufferedStorage`` gives TinyDB the file's data once, keeps its writes in memory, and the review
  session (review.py) writes them out once, atomically, when the command succeeds.
"""

import json
import os
from datetime import datetime, timezone
from pathlib import Path

from tinydb.storages import Storage

from scr.errors import DamagedFile, LockTimeout, ScrError
from scr.values import timestamp

LOCK_NAME = ".lock"
HOLDER_NAME = ".lock-holder"


def dumps(data):
    """Sorted, indented JSON, so a review folder diffs cleanly in git (byte for byte what
    ``json.dumps(sort_keys=True, indent=2, ensure_ascii=False)`` writes, ten times faster)."""
    import msgspec

    return (msgspec.json.format(msgspec.json.encode(data, order="sorted"), indent=2)
            + b"\n").decode("utf-8")


def copy_of(data):
    """A deep copy of parsed JSON (a snapshot to diff against), several times faster than
    copy.deepcopy."""
    import msgspec

    return msgspec.json.decode(msgspec.json.encode(data))


def atomic_write(path, data, mode=0o600):
    """Write ``data`` (str as UTF-8, or bytes) to ``path`` atomically, with permissions ``mode``:
    a temporary file in the same folder, flushed, fsynced and renamed over the old one."""
    from scr.workspace.commit import commit

    commit([(path, data, mode)])
    return Path(path)


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
    import msgspec

    try:
        data = msgspec.json.decode(text)  # several times faster than json.loads
    except msgspec.DecodeError:
        try:  # json's own message says where, in lines and columns
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


HEARTBEAT_SECONDS = 5.0  # how often a holder says it is still alive
STALE_SECONDS = 30.0  # a holder on another machine silent this long is taken for dead
SAY_WAITING_AFTER = 1.0


def _parse_time(text):
    try:
        moment = datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


class ReviewLock:
    """The cross-process lock of one review folder.

    The lock file and the holder file are made with the review and left in place, so they never
    show up as a change. While held, the holder file says who holds it (user, host, process,
    command, since) and a heartbeat the holder renews every few seconds; it is emptied on release.

    A writer waits while a live process holds the lock (``wait`` seconds at most; ``None``: as long
    as it takes), telling ``on_wait`` once after a second whose turn it waits for. The operating
    system frees the lock of a process that dies on this machine; the holder file then still names
    it, and the next holder says it recovered the lock. Where the file system cannot lock across
    machines (some shared drives), a holder file naming another machine with a recent heartbeat
    counts as held, and one whose heartbeat stopped long ago as left by a dead holder.
    """

    def __init__(self, folder, user, timeout=None, command="", on_wait=None):
        self.folder = Path(folder)
        self.user = user
        self.timeout = timeout
        self.command = command
        self.on_wait = on_wait
        self.lock = None
        self.holder = self.folder / HOLDER_NAME
        self.recovered = None
        self._stop = None
        self._info = None

    def _read_holder(self):
        try:
            return json.loads(self.holder.read_text(encoding="utf-8") or "null")
        except (OSError, ValueError):
            return None

    def describe(self, holder):
        if not isinstance(holder, dict):
            return "holder unknown"
        return ", ".join(
            f"{key} {holder[key]}" for key in ("user", "host", "pid", "command", "since")
            if holder.get(key)
        )

    def _held_elsewhere(self, holder):
        """A holder file that says a live process holds the lock, though the OS gave it to us."""
        import socket

        if not isinstance(holder, dict) or not holder.get("host"):
            return False
        if holder["host"] == socket.gethostname():
            return False  # the OS's lock is the truth here: that process has died
        beat = _parse_time(holder.get("heartbeat") or holder.get("since"))
        if beat is None:
            return False
        return (datetime.now(timezone.utc) - beat).total_seconds() < STALE_SECONDS

    def acquire(self):
        import time

        from filelock import FileLock, Timeout  # only commands that write need it

        self.lock = FileLock(str(self.folder / LOCK_NAME), thread_local=False)
        started = time.monotonic()
        said = False
        while True:
            left = None if self.timeout is None else self.timeout - (time.monotonic() - started)
            try:
                self.lock.acquire(timeout=0.2 if left is None else max(0.0, min(0.2, left)),
                                  poll_interval=0.02)
            except Timeout:
                holder = None
            except OSError as exc:
                raise ScrError(f"cannot lock {self.folder / LOCK_NAME}: {exc.strerror or exc}") from None
            else:
                holder = self._read_holder()
                if not self._held_elsewhere(holder):
                    break
                self.lock.release()
            waited = time.monotonic() - started
            if self.timeout is not None and waited >= self.timeout:
                holder = holder or self._read_holder() or {}
                raise LockTimeout(
                    f"review '{self.folder.name}' is locked by another scr command"
                    f" ({self.describe(holder)}); waited {self.timeout:g} s — try again when it"
                    " has finished, or wait longer with --wait SECONDS"
                )
            if not said and waited >= SAY_WAITING_AFTER and self.on_wait is not None:
                holder = holder or self._read_holder() or {}
                who = f"{holder.get('user')}'s" if holder.get("user") else "another"
                what = holder.get("command") or "scr command"
                self.on_wait(f"waiting for {who} {what}")
                said = True
            if holder is not None:
                time.sleep(0.2)  # held by another machine: filelock did not wait for us
        self.recovered = self._read_holder()
        self._start_heartbeat()
        return self

    def _write_holder(self):
        self._info["heartbeat"] = timestamp()
        try:
            with open(self.holder, "w", encoding="utf-8") as handle:
                json.dump(self._info, handle)
        except OSError:
            pass  # the holder file is a courtesy; the lock itself is what protects

    def _start_heartbeat(self):
        import socket
        import threading

        self._info = {
            "user": self.user,
            "host": socket.gethostname(),
            "pid": os.getpid(),
            "command": self.command,
            "since": timestamp(),
        }
        self._write_holder()
        self._stop = threading.Event()

        def beat():
            while not self._stop.wait(HEARTBEAT_SECONDS):
                self._write_holder()

        self._beat = threading.Thread(target=beat, name="scr-lock-heartbeat", daemon=True)
        self._beat.start()

    def release(self):
        if self._stop is not None:
            self._stop.set()
            self._beat.join(timeout=2)  # its last beat must not refill the emptied holder file
        try:
            with open(self.holder, "w", encoding="utf-8"):
                pass
        except OSError:
            pass
        self.lock.release()
