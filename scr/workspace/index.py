"""The derived index: what the commands across reviews read, kept in a private SQLite database on
the user's own machine, so a command pays only for the review files that changed since the last.

The review files are the truth; the index is a cache of them ([storage.md](../../docs/storage.md)):

- one database per workspace (keyed by the workspace's resolved path) in the user's cache folder
  (``$XDG_CACHE_HOME/scr``, else ``~/.cache/scr``), never on the shared drive, whose locking SQLite
  cannot trust; the folder is the user's alone, the file has the modes of the workspace's [access];
- per review it holds the tables the cross-review commands read (the record, events, pauses,
  actions, recommendations), keyed by the file's identity: size, modification time in
  nanoseconds, inode, and the SHA-256 of its bytes for a file changed so recently that a second
  change could leave the other three the same;
- every command stats every review file, re-reads only those that changed, and answers from the
  index through the very same ``Review`` code the files would go through, so no answer can differ;
  "today" (``--as-of``) is applied by that code at query time, never stored;
- a damaged, older or foreign index is deleted and rebuilt, never trusted; an index another scr
  process is writing is not waited for (the command reads what it must from the files); a writer of
  a review never touches the index at all.

The interface is ``reviews(ws)`` (every review, read-only, as ``Workspace.all_reviews`` gives them)
and ``check(ws)`` (for ``scr doctor``): a shared index (a PostgreSQL database fed by the same
reading of the files) would be one more module with these two functions.
"""

import hashlib
import json
import os
import stat
import time
from pathlib import Path

from scr.errors import DamagedFile, ScrError
from scr.values import is_slug
from scr.workspace.review import BRIEF  # the brief tables the index keeps apart

FORMAT = "6"  # what is stored and how; an index of another format is rebuilt
LARGE = ("actions", "recommendations")     # read when a command asks, and not kept
NOT_KEPT = LARGE + ("audit",)              # every other table is read for every review
# A file changed within this long before it was indexed could change again with the same size,
# time and (reused) inode: its bytes are hashed again until it is older than that.
RACY_NS = 2_000_000_000
PARTS = LARGE + tuple(BRIEF)  # each in a row of its own: reading one never reads past another
BATCH = 200  # rows written per statement: a cold rebuild never holds every file in memory


def enabled():
    """False where SCR_NO_INDEX asks every command to read every review file."""
    return os.environ.get("SCR_NO_INDEX", "").strip().lower() in ("", "0", "false", "no")


def cache_dir():
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):  # the XDG rule: a relative value is ignored
        base = os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "scr"


def location(root):
    """The index file of the workspace at ROOT."""
    key = hashlib.sha256(str(Path(root).resolve()).encode("utf-8")).hexdigest()[:32]
    return cache_dir() / f"index-{key}.sqlite3"


def reviews(ws):
    """Every review of WS, read-only and sorted by ref, as ``Workspace.all_reviews`` gives them:
    any damaged file is an error naming every damaged file."""
    # The index stays open while the reviews live: their action plans are read from it on use.
    return Index(ws).reviews()


def check(ws):
    """``scr doctor``: the index checked against the files, rebuilt where it cannot be trusted.

    Returns ``{path, rebuilt, reason, stale, reviews}``: ``rebuilt`` says whether it was made anew,
    ``reason`` why; ``stale`` how many reviews it held out of date (brought up to date now)."""
    index = Index(ws, verify=True)
    try:
        try:
            index.reviews()
        except ScrError:
            pass  # damaged review files are the doctor's own report; the index skips them
        return {"path": str(index.path), "rebuilt": index.rebuilt is not None,
                "reason": index.rebuilt or index.unusable, "stale": index.stale,
                "reviews": index.count}
    finally:
        index.close()


class _Tables(dict):
    """A review's tables: the small ones held, the large ones read from the index on each use
    (3,000 action plans kept at once would not fit the memory a command may take)."""

    def __init__(self, small, fetch):
        super().__init__(small)
        self._fetch = fetch

    def __missing__(self, name):
        if name in LARGE:
            return self._fetch(name)
        raise KeyError(name)

    def get(self, name, default=None):
        try:
            return self[name]
        except KeyError:
            return default


class _Storage:
    """What a read-only Review reads its tables from."""

    def __init__(self, path, data, brief):
        self.path = path
        self.data = data
        self._brief = brief

    def read(self):
        return self.data

    def brief(self, name, table, fields):
        return self._brief(name)

    def write(self, data):
        raise ScrError(f"{self.path}: a review read from the index cannot be changed")

    def close(self):
        pass


class Index:
    def __init__(self, ws, verify=False):
        self.ws = ws
        self.path = location(ws.root)
        self.verify = verify
        self.conn = None
        self.rebuilt = None    # why the index was made anew in this command, if it was
        self.unusable = None   # why there is no index (the cache folder cannot be written)
        self.stale = 0
        self.count = 0
        self.writing = False
        self._last = None      # (ref, table, value): records() asks twice for the same review

    # The database ---------------------------------------------------------------------------

    def _connect(self):
        import sqlite3

        folder = self.path.parent
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.chmod(folder, 0o700)  # the index holds what the reviews hold: the user's alone
        if not self.path.exists():
            os.close(os.open(self.path, os.O_CREAT | os.O_WRONLY, self.ws.file_mode))
        os.chmod(self.path, self.ws.file_mode)
        # timeout 0: another scr process writing the index is never waited for
        return sqlite3.connect(str(self.path), timeout=0, isolation_level=None)

    def _problem(self, conn):
        """Why CONN cannot be trusted, or None."""
        from scr.workspace.review import SCHEMA_VERSION

        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not tables:
            return "new"
        if tables != {"meta", "files", "parts"}:
            return "not an index of scr's (unknown tables)"
        meta = dict(conn.execute("SELECT key, value FROM meta"))
        if meta.get("format") != FORMAT or meta.get("schema") != str(SCHEMA_VERSION):
            return f"made by another version of scr (format {meta.get('format')}, schema {meta.get('schema')})"
        if meta.get("workspace") != str(Path(self.ws.root).resolve()):
            return f"the index of another workspace ({meta.get('workspace')})"
        if self.verify:
            result = conn.execute("PRAGMA quick_check").fetchone()[0]
            if result != "ok":
                return f"damaged ({result})"
        return None

    def _create(self, conn):
        from scr.workspace.review import SCHEMA_VERSION

        conn.execute("BEGIN IMMEDIATE")
        conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
        conn.execute(
            "CREATE TABLE files (ref TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, ino INTEGER,"
            " sha256 TEXT, indexed_ns INTEGER, horizon TEXT, tables TEXT)")
        conn.execute("CREATE TABLE parts (ref TEXT, name TEXT, sha256 TEXT, value TEXT,"
                     " PRIMARY KEY (ref, name))")
        conn.executemany("INSERT INTO meta VALUES (?, ?)", [
            ("format", FORMAT), ("schema", str(SCHEMA_VERSION)),
            ("workspace", str(Path(self.ws.root).resolve()))])
        conn.execute("COMMIT")

    def open(self):
        """The database, made anew where it cannot be trusted; None where there can be none."""
        import sqlite3

        try:
            conn = self._connect()
            try:
                problem = self._problem(conn)
            except sqlite3.DatabaseError as exc:
                problem = f"damaged ({exc})"
            if problem == "new":
                self._create(conn)
                self.rebuilt = "there was no index"
            elif problem:
                conn.close()
                for suffix in ("", "-journal", "-wal", "-shm"):
                    try:
                        os.unlink(f"{self.path}{suffix}")
                    except FileNotFoundError:
                        pass
                conn = self._connect()
                self._create(conn)
                self.rebuilt = problem
            self.conn = conn
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc):  # another scr is making it now: read the files this time
                self.unusable = "another scr command is writing the index"
            else:
                self.unusable = f"cannot use {self.path}: {exc}"
        except (OSError, sqlite3.DatabaseError) as exc:
            self.unusable = f"cannot use {self.path}: {getattr(exc, 'strerror', None) or exc}"
        return self.conn

    def close(self):
        if self.conn is not None:
            if self.writing:
                self.conn.execute("COMMIT")
                self.writing = False
            self.conn.close()
            self.conn = None

    def _write(self, sql, rows):
        """Write ROWS if the index can be written now; never wait for another process."""
        import sqlite3

        if self.conn is None or not rows:
            return
        try:
            if not self.writing:
                self.conn.execute("BEGIN IMMEDIATE")
                self.writing = True
            self.conn.executemany(sql, rows)
        except sqlite3.OperationalError:
            # Locked by another scr: this command answers from what it read; the next one writes.
            if self.writing:
                try:
                    self.conn.execute("ROLLBACK")
                except sqlite3.Error:
                    pass
            self.writing = False
            self.conn.close()
            self.conn = None

    # Reading the reviews ------------------------------------------------------------------

    def _files(self):
        """``{ref: stat}`` of every review file (what ``Workspace.refs`` lists)."""
        from scr.workspace.review import FILE_NAME

        base = str(self.ws.reviews_dir)
        try:
            names = os.listdir(base)
        except FileNotFoundError:
            return {}
        found = {}
        for name in names:
            if not is_slug(name):
                continue
            try:
                st = os.stat(os.path.join(base, name, FILE_NAME))
            except OSError:
                continue
            if stat.S_ISREG(st.st_mode):
                found[name] = st
        return found

    def _known(self):
        import sqlite3

        if self.open() is None:
            return {}
        try:
            rows = self.conn.execute(
                "SELECT ref, size, mtime_ns, ino, sha256, indexed_ns, horizon, tables FROM files")
            return {row[0]: row[1:] for row in rows}
        except sqlite3.DatabaseError as exc:  # damaged past its header: start again
            self.conn.close()
            self.conn = None
            try:
                os.unlink(self.path)
            except OSError as error:
                self.unusable = f"cannot remove the damaged {self.path}: {error.strerror or error}"
                return {}
            self.verify = False
            known = self._known()
            self.rebuilt = f"damaged ({exc})"
            return known

    def reviews(self):
        from scr.workspace.review import FILE_NAME, Review, check_data
        from scr.workspace.store import parse_json

        found = self._files()
        known = self._known()
        base = str(self.ws.reviews_dir)
        result, damaged, broken, fresh_rows, same_rows = [], [], [], [], []
        for ref in sorted(found):
            st = found[ref]
            row = known.get(ref)
            identity = (st.st_size, st.st_mtime_ns, st.st_ino)
            if row and identity == tuple(row[:3]) and st.st_mtime_ns < row[4] - RACY_NS:
                result.append(self._answer(Review, ref, row[6], row[3], row[5], damaged))
                continue
            path = os.path.join(base, ref, FILE_NAME)
            try:
                with open(path, "rb") as handle:
                    st = os.fstat(handle.fileno())  # the identity of the bytes read
                    raw = handle.read()
            except FileNotFoundError:
                continue  # removed since it was listed, as if it had not been there
            except OSError as exc:
                raise ScrError(f"cannot read {path}: {exc.strerror or exc}") from None
            identity = (st.st_size, st.st_mtime_ns, st.st_ino)
            digest = hashlib.sha256(raw).hexdigest()
            now = time.time_ns()
            if row and row[3] == digest:  # touched, not changed
                same_rows.append((*identity, now, ref))
                result.append(self._answer(Review, ref, row[6], digest, row[5], damaged))
                continue
            if row:
                self.stale += 1
            try:
                data = check_data(parse_json(Path(path), raw), Path(path))
            except DamagedFile as exc:
                damaged.append(str(exc))
                broken.append((ref,))  # its older version's row is no longer the file
                continue
            small = json.dumps({t: docs for t, docs in data.items() if t not in NOT_KEPT}, ensure_ascii=False)
            parts = [json.dumps(data.get(t, {}), ensure_ascii=False) for t in LARGE] + [
                json.dumps([{k: doc.get(k) for k in fields} for doc in data.get(t, {}).values()],
                           ensure_ascii=False) for t, fields in BRIEF.values()]
            horizon = _horizon(data, self.ws.today)
            fresh_rows.append(((ref, *identity, digest, now, horizon, small),
                               [(ref, name, digest, value) for name, value in zip(PARTS, parts)]))
            del data, raw, parts
            if len(fresh_rows) >= BATCH:
                self._store(fresh_rows)
                fresh_rows = []
            result.append(self._answer(Review, ref, small, digest, horizon, damaged))
        self._store(fresh_rows)
        self._write("UPDATE files SET size=?, mtime_ns=?, ino=?, indexed_ns=? WHERE ref=?", same_rows)
        gone = [(ref,) for ref in known if ref not in found]
        self._write("DELETE FROM files WHERE ref=?", gone + broken)
        self._write("DELETE FROM parts WHERE ref=?", gone + broken)
        result = [review for review in result if review is not None]
        self.count = len(result)
        if self.writing:
            self.conn.execute("COMMIT")
            self.writing = False
        if damaged:
            raise ScrError(
                "cannot count across reviews while files are damaged (run `scr doctor`):\n  "
                + "\n  ".join(damaged)
            )
        return result

    def _answer(self, review_class, ref, small, digest, horizon, damaged):
        """Review REF from the index where its point-in-time view as of today is the file as
        stored (today on or after its horizon); else read from its file, as without the index."""
        if horizon is not None and self.ws.today.isoformat() >= horizon:
            return self._review(review_class, ref, small, digest)
        from scr.workspace.review import load_review

        try:
            return load_review(self.ws, ref)
        except DamagedFile as exc:
            damaged.append(str(exc))
            return None

    def _store(self, rows):
        self._write("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [row for row, _ in rows])
        self._write("INSERT OR REPLACE INTO parts VALUES (?, ?, ?, ?)",
                    [part for _, parts in rows for part in parts])
        if self.writing:  # a transaction per batch: a rebuild's pages are never all held at once
            self.conn.execute("COMMIT")
            self.writing = False

    def _review(self, review_class, ref, small, digest):
        path = self.ws.review_dir(ref) / "review.json"
        tables = json.loads(small)
        data = _Tables(tables, lambda name: self._large(ref, name, digest, path))
        storage = _Storage(path, data, lambda name: self._large(ref, name, digest, path))
        return review_class(self.ws, ref, storage, writable=False)

    def _large(self, ref, name, digest, path):
        """Part NAME (a large table, or a brief one) of review REF as the bytes with DIGEST held it."""
        import sqlite3

        if self._last and self._last[:2] == (ref, name):
            return self._last[2]
        if self.writing:  # what this command wrote is what it reads back
            self.conn.execute("COMMIT")
            self.writing = False
        value = None
        if self.conn is not None:
            try:
                row = self.conn.execute(
                    "SELECT value FROM parts WHERE ref=? AND name=? AND sha256=?",
                    (ref, name, digest)).fetchone()
            except sqlite3.DatabaseError:
                row = None
            if row is not None:
                value = json.loads(row[0])
        if value is None:
            # Not in the index (it could not be written, or another process has since indexed a
            # newer file): the file itself, as a command without the index reads it.
            from scr.workspace.store import BufferedStorage

            storage = BufferedStorage(path)
            value = (storage.brief(name, *BRIEF[name]) if name in BRIEF
                     else storage.data.get(name, {}))
        self._last = (ref, name, value)
        return value



def _horizon(data, day):
    """The first day (ISO) from which the point-in-time view of DATA (CLI.md 1.1 ``--as-of``) is
    DATA itself, or an upper bound of it: DAY where that holds already (every record dated on or
    before it, as when a command runs today), else found by halving. A command for an earlier day
    reads the file, which the view then cuts; None where no day would do."""
    from datetime import date

    from scr.workspace.asof import view

    if view(data, day) == data:
        return day.isoformat()
    low, high = day.toordinal(), date(9999, 12, 31).toordinal()
    if view(data, date.fromordinal(high)) != data:
        return None
    while low + 1 < high:  # view(low) differs, view(high) is the data
        middle = (low + high) // 2
        if view(data, date.fromordinal(middle)) == data:
            high = middle
        else:
            low = middle
    return date.fromordinal(high).isoformat()
