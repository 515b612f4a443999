"""The derived index: what the commands across reviews read, kept in a private SQLite database on
the user's own machine, so a command pays only for the review files that changed since the last.

The review files are the truth; the index is a cache of them ([storage.md](../../docs/storage.md)):

- one database per workspace (keyed by the workspace's resolved path) in the user's cache folder
  (``$XDG_CACHE_HOME/scr``, else ``~/.cache/scr``), never on the shared drive, whose locking SQLite
  cannot trust; the folder is the user's alone, the file has the modes of the workspace's [access];
- per review, keyed by the file's identity (size, modification time in nanoseconds, inode; and
  the SHA-256 of its bytes where it had changed so recently when read that a second change could
  leave the other three the same: such a file is read and hashed again), it holds the review's small tables, its
  action plan and recommendations once a command has read them, and the parts the commands across
  reviews compute from it (board/portfolio.py: a review's `scr list` row, its milestones computed
  on no particular day, its open actions), made again when the file, a linked review's file or
  the settings (the caller's signature) change;
- every command stats every review file, re-reads only those that changed, and answers through the
  same code as from the files ("today", ``--as-of``, is applied when it answers, never stored); a
  review whose parts hold for one day only (an open pause), or whose ``--as-of`` view is not its
  file as stored (a day before its latest record), is computed for the day from its tables or its
  file;
- a damaged, older or foreign index is deleted and rebuilt, never trusted; an index another scr
  process is writing is not waited for (the command reads what it must from the files); a writer of
  a review never touches the index at all.

The interface is ``reviews(ws)`` (every review, read-only, as ``Workspace.all_reviews`` gives them),
``derived(ws, derive, names, signature)`` (the parts NAMES of every review, made by the caller's
DERIVE where stale: the index knows nothing of what they mean) and ``check(ws)`` (for
``scr doctor``): a shared index (a PostgreSQL database fed by the same reading of the files) would
be one more module with these three functions.
"""

import json
import os
import stat
import time
from pathlib import Path

from scr.errors import DamagedFile, DamagedReviews, ScrError
from scr.values import is_slug

FORMAT = "9"  # what is stored and how; an index of another format is rebuilt
SMALL = "tables"  # the part holding a review's small tables (every one but LARGE and NOT_KEPT)
LARGE = ("actions", "recommendations")     # kept when a command first reads them
NOT_KEPT = LARGE + ("audit",)              # not in SMALL (the audit trail is never kept)
# A file changed within this long before it was indexed could change again with the same size,
# time and (reused) inode: its bytes are hashed again until it is older than that.
RACY_NS = 2_000_000_000
BATCH = 200  # rows written per statement: a cold rebuild never holds every file in memory
FILE_NAME = "review.json"  # as workspace/review.py names it (not imported: `scr status` needs no more)


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
    # zlib, not hashlib: a name, not a secret, and hashlib's import alone costs `scr status` 3 ms;
    # two workspaces with the same name are told apart by the path the index records
    import zlib

    path = str(Path(root).resolve()).encode("utf-8")
    key = f"{zlib.crc32(path):08x}{zlib.adler32(path):08x}"
    return cache_dir() / f"index-{key}.sqlite3"


def reviews(ws):
    """Every review of WS, read-only and sorted by ref, as ``Workspace.all_reviews`` gives them:
    any damaged file is an error naming every damaged file."""
    # The index stays open while the reviews live: their action plans are read from it on use.
    return Index(ws).reviews()


def derived(ws, derive, names, signature, types=None):
    """``[(ref, {name: part})]`` of every review of WS in ref order: the parts NAMES that
    ``derive(review, names)`` makes (with ``volatile`` and ``deps``, as board/portfolio.py's
    ``summarise``), kept under SIGNATURE and made again when it changes; a part named in TYPES is
    decoded as that type (msgspec: ``msgspec.Raw`` keeps a value's JSON as it is). Any damaged
    file is an error naming every damaged file, as for ``reviews``."""
    index = Index(ws)
    try:
        return index.derived(derive, names, signature, types or {})
    finally:
        index.close()


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
        self._held = None      # (ref, version, {part: value}): the last file read for its tables
        self._pending = []     # large and brief parts read from files, written a batch at a time
        self._flushing_at_exit = False

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
        from scr.workspace.schema import SCHEMA_VERSION

        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not tables:
            return "new"
        if not {"meta", "files", "parts"} <= tables or any(
                t not in ("meta", "files", "parts") and not t.startswith("derived_") for t in tables):
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
        from scr.workspace.schema import SCHEMA_VERSION

        conn.execute("BEGIN IMMEDIATE")
        conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
        # Only small columns: every command reads every row (the tables are parts, apart).
        # `version` names the bytes last read: their SHA-256 where the file had changed within
        # RACY_NS of being read, else its identity (what is kept of it carries the same).
        # `made` is 1 where the derived parts of that version were made under the signature in
        # meta; `deps` the linked reviews they read, with the digest each had; `volatile` 1 where
        # they hold for one day only (none are kept).
        conn.execute(
            "CREATE TABLE files (ref TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, ino INTEGER,"
            " version TEXT, indexed_ns INTEGER, horizon TEXT, made INTEGER, volatile INTEGER,"
            " deps TEXT)")
        conn.execute("CREATE TABLE parts (ref TEXT, name TEXT, version TEXT, value BLOB,"
                     " PRIMARY KEY (ref, name))")
        conn.executemany("INSERT INTO meta VALUES (?, ?)", [
            ("format", FORMAT), ("schema", str(SCHEMA_VERSION)),
            ("workspace", str(Path(self.ws.root).resolve())), ("signature", "")])
        conn.execute("COMMIT")

    def open(self):
        """The database, made anew where it cannot be trusted; None where there can be none."""
        import sqlite3

        if self.conn is not None:
            return self.conn
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
        self._flush()
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

    def _commit(self):
        if self.writing:  # a transaction per batch: a rebuild's pages are never all held at once
            self.conn.execute("COMMIT")
            self.writing = False

    def _query(self, sql, args=()):
        """The rows of SQL, or [] where the index cannot be read now (the files answer then)."""
        import sqlite3

        if self.conn is None:
            return []
        self._commit()  # what this command wrote is what it reads back
        try:
            return self.conn.execute(sql, args).fetchall()
        except sqlite3.DatabaseError:
            return []

    # Reading the files ----------------------------------------------------------------------

    def _files(self, known=()):
        """``{ref: stat}`` of every review file (what ``Workspace.refs`` lists; a name the index
        KNOWN holds is a ref already)."""
        base = str(self.ws.reviews_dir)
        try:
            names = os.listdir(base)
        except FileNotFoundError:
            return {}
        found = {}
        for name in names:
            if name not in known and not is_slug(name):
                continue
            try:
                st = os.stat(f"{base}/{name}/{FILE_NAME}")
            except OSError:
                continue
            if stat.S_ISREG(st.st_mode):
                found[name] = st
        return found

    def _known(self):
        """``{ref: Entry}`` of what the index holds."""
        import sqlite3

        if self.open() is None:
            return {}
        try:
            rows = self.conn.execute(
                "SELECT ref, size, mtime_ns, ino, version, indexed_ns, horizon, made, volatile, deps"
                " FROM files").fetchall()
            return {row[0]: list(row[1:]) for row in rows}
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

    def refresh(self, derive=None):
        """Bring the index up to date with the files: a ``stat`` each, the changed ones read again
        (with DERIVE, their parts made at once, while the file is in hand). Returns ``{ref: [size,
        mtime_ns, ino, version, indexed_ns, horizon, made, volatile, deps]}`` of every sound review
        file; damaged files raise (after the sound ones are indexed), naming every one."""
        known = self._known()
        found = self._files(known)
        entries, changed = {}, []
        for ref in sorted(found):
            st, row = found[ref], known.get(ref)
            if (row and (st.st_size, st.st_mtime_ns, st.st_ino) == tuple(row[:3])
                    and st.st_mtime_ns < row[4] - RACY_NS):
                entries[ref] = row
            else:
                changed.append((ref, row))
        try:
            self._take(changed, derive, entries, gone=[ref for ref in known if ref not in found])
        finally:
            self.count = len(entries)
        return entries

    def _take(self, files, derive, entries, gone=()):
        """Read FILES (``(ref, its row in the index or None)``) again and keep what they hold, a
        batch at a time (with DERIVE, their parts too); ENTRIES brought up to date, the rows of
        GONE (and of files now damaged, or removed since they were listed) deleted. Damaged files
        raise, naming every one."""
        damaged, fresh, touched, gone = [], [], [], [(ref,) for ref in gone]
        unread = {ref for ref, _ in files}
        for ref, row, (how, *result) in self._read_all(files, derive):
            unread.discard(ref)
            if how == "touched":  # its bytes are the ones indexed: only its identity changed
                identity, now = result
                touched.append((*identity, now, ref))
                entries[ref] = [*identity, row[3], now, *row[5:]]
                continue
            self.stale += bool(row)
            if how == "damaged":
                damaged.append(result[0])
                gone.append((ref,))  # its older version's row is no longer the file
                entries.pop(ref, None)
                continue
            entry, small, made = result
            fresh.append((ref, entry, small, made))
            entries[ref] = entry
            if len(fresh) >= BATCH:
                self._store(fresh)
                fresh = []
        self._store(fresh)
        for ref in unread:  # removed since it was listed, as if it had not been there
            entries.pop(ref, None)
        self._write("UPDATE files SET size=?, mtime_ns=?, ino=?, indexed_ns=? WHERE ref=?", touched)
        self._write("DELETE FROM files WHERE ref=?", gone)
        self._write("DELETE FROM parts WHERE ref=?", gone)
        for (table,) in self._query("SELECT name FROM sqlite_master WHERE type='table' AND name LIKE"
                                    " 'derived_%'") if gone else ():
            self._write(f"DELETE FROM {table} WHERE ref=?", gone)
        self._commit()
        if damaged:
            raise DamagedReviews(damaged)

    def _read_all(self, changed, derive):
        """``(ref, row, result)`` of each file of CHANGED (``(ref, its row in the index)``) read
        again, in order (:func:`_read_one`); many are read by as many processes as there are
        cores, each a share of the files (a first index of 3,000 reviews)."""
        import gc

        collecting = gc.isenabled()
        # Parsing makes millions of objects that live until the file is done: the cyclic
        # collector would walk them again and again (a third of a rebuild) and free nothing.
        gc.disable()
        try:
            workers = _workers(len(changed))
            if workers < 2:
                for ref, row in changed:
                    result = _read_one(self, derive, ref, row)
                    if result is not None:
                        yield ref, row, result
                return
            import multiprocessing

            global _JOB
            _JOB = (self, derive)  # what each forked process reads its files with
            try:
                context = multiprocessing.get_context("fork")
                with context.Pool(workers) as pool:
                    shares = [changed[i:i + BATCH] for i in range(0, len(changed), BATCH)]
                    for share, (results, said) in zip(shares, pool.imap(_read_share, shares)):
                        self.ws.warnings.extend(said)
                        for (ref, row), result in zip(share, results):
                            if isinstance(result, ScrError):
                                raise result
                            if result is not None:
                                yield ref, row, result
            finally:
                _JOB = None
        finally:
            if collecting:
                gc.enable()

    def _store(self, rows):
        """Each freshly read file's row, its small tables, and its derived parts where made (the
        large tables are kept when a command first reads them: `_large`)."""
        files, parts, derived = [], [], {}
        for ref, entry, small, made in rows:
            files.append((ref, *entry))
            parts.append((ref, SMALL, entry[3], small))
            if made is not None and not made["volatile"]:
                for name, value in _parts(made, made).items():  # encoded already
                    derived.setdefault(name, []).append((ref, entry[3], value))
            if made is not None and made["deps"]:
                entry[8] = made["deps"]  # their digests are filled in once every file is known
        self._write("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", files)
        self._write("INSERT OR REPLACE INTO parts VALUES (?, ?, ?, ?)", parts)
        for name, values in derived.items():
            self._table(name)
            self._write(f"INSERT OR REPLACE INTO derived_{name} VALUES (?, ?, ?)", values)
        self._commit()

    def _table(self, name):
        """The table of derived part NAME, made where it is not yet."""
        if not name.isidentifier():
            raise ValueError(f"not a part name: {name!r}")
        self._write(f"CREATE TABLE IF NOT EXISTS derived_{name} (ref TEXT PRIMARY KEY, version TEXT,"
                    " value BLOB)", [()])

    # Answers ------------------------------------------------------------------------------

    def reviews(self):
        entries = self.refresh()
        tables = self._small(entries)
        today = self.ws.today.isoformat()
        result, damaged = [], []
        for ref, entry in entries.items():
            how = "file" if today < entry[5] else "tables"  # the file: its view is not as stored
            try:
                result.append(self._from(ref, entry[3], tables, how))
            except DamagedFile as exc:
                damaged.append(str(exc))
        if damaged:
            raise DamagedReviews(damaged)
        return result

    def derived(self, derive, names, signature, types):
        import msgspec

        if self.open() is not None:
            self._sign(signature)
        # a file read is made into every part at once: no later command reads it again for another
        everything = lambda review: derive(review, None)  # noqa: E731
        entries = self.refresh(everything)
        today = self.ws.today.isoformat()
        self._fill_deps(entries)
        # Parts not made, or stale through a linked review: the file read again and its parts made
        # with it in hand, as a rebuild makes them (many: every core).
        stale = [(ref, None) for ref, entry in entries.items()
                 if today >= entry[5] and (not entry[6] or not _deps_hold(entry[8], entries, today))]
        if stale:
            self._take(stale, everything, entries)
            self._fill_deps(entries)
        kept, live = set(), []
        for ref, entry in entries.items():
            if today < entry[5]:
                live.append((ref, "file"))  # its view as of today is not the file as stored
            elif entry[7] or not entry[6] or not _deps_hold(entry[8], entries, today):
                live.append((ref, "tables"))  # an open pause, or a linked review cut: for today
            else:
                kept.add(ref)
        found = {ref: {} for ref in entries}
        for name in names:
            rows = self._query(f"SELECT ref, version, value FROM derived_{name}") if kept else []
            decode = msgspec.json.Decoder(types.get(name, object)).decode
            for ref, version, value in rows:
                if ref in kept and version == entries[ref][3]:
                    found[ref][name] = decode(value)
        # a part the index lacks (it could not be written): computed for today
        live += [(ref, "tables") for ref in sorted(kept) if len(found[ref]) < len(names)]
        tables = self._small({ref: entries[ref] for ref, _ in live})
        for ref, how in live:
            found[ref] = _parts(derive(self._from(ref, entries[ref][3], tables, how), names), names)
        return [(ref, found[ref]) for ref in sorted(entries)]

    def _from(self, ref, digest, tables, how):
        """Review REF, read-only: from its file (HOW ``file``, or where the index holds no copy of
        it), else from the index's copy of its tables."""
        if how == "file" or ref not in tables:
            from scr.workspace.review import load_review

            return load_review(self.ws, ref)
        data = _decode(tables[ref])
        return self._review(ref, _Tables(data, lambda name: self._large(ref, name, digest)), digest)

    def _small(self, entries):
        """``{ref: its small tables (encoded)}`` of the reviews ENTRIES names, as their files hold
        them now."""
        refs, found = list(entries), {}
        for start in range(0, len(refs), 500):  # by the primary key, never a scan of the parts
            chunk = refs[start:start + 500]
            rows = self._query("SELECT ref, version, value FROM parts WHERE name=? AND ref IN (%s)"
                               % ",".join("?" * len(chunk)), [SMALL, *chunk])
            found.update((ref, value) for ref, digest, value in rows if entries[ref][3] == digest)
        return found

    def _sign(self, signature):
        """Parts made under another signature (other settings, frameworks, scr) are stale."""
        rows = self._query("SELECT value FROM meta WHERE key='signature'")
        if rows and rows[0][0] == signature:
            return
        self._write("UPDATE files SET made=0", [()])
        for (name,) in self._query("SELECT name FROM sqlite_master WHERE type='table'"
                                   " AND name LIKE 'derived_%'"):
            self._write(f"DELETE FROM {name}", [()])
        self._write("INSERT OR REPLACE INTO meta VALUES ('signature', ?)", [(signature,)])
        self._commit()

    def _fill_deps(self, entries):
        """The linked reviews freshly made parts read, with the digest each has now; a part made
        while a linked review's view was cut (its latest record after the day) is not kept."""
        fill, today = [], self.ws.today.isoformat()
        for ref, entry in entries.items():
            if isinstance(entry[8], list):
                made = int(_read_whole(entry[8], entries, today))
                entry[6], entry[8] = made, _deps_json(entry[8], entries)
                fill.append((made, entry[8], ref))
        self._write("UPDATE files SET made=?, deps=? WHERE ref=?", fill)
        self._commit()

    def _review(self, ref, tables, digest, data=None, briefs=None):
        from scr.workspace.review import Review

        path = self.ws.review_dir(ref) / "review.json"
        if data is not None:  # read from the file just now: its brief tables are made from it
            storage = _Storage(path, tables, lambda name: _brief(data, name, briefs))
        else:
            storage = _Storage(path, tables, lambda name: self._large(ref, name, digest))
        return Review(self.ws, ref, storage, writable=False)

    def _large(self, ref, name, digest):
        """Part NAME (a large table, or a brief one) of review REF as the bytes with DIGEST held it:
        kept the first time a command reads it (a rebuild keeps only what it must)."""
        if self._last and self._last[:2] == (ref, name):
            return self._last[2]
        if self._held and self._held[:2] == (ref, digest):
            value = self._held[2][name]
        else:
            rows = self._query("SELECT value FROM parts WHERE ref=? AND name=? AND version=?",
                               (ref, name, digest))
            value = _decode(rows[0][0]) if rows else self._keep_large(ref, name, digest)
        self._last = (ref, name, value)
        return value

    def _keep_large(self, ref, name, digest):
        """Part NAME of review REF read from its file, and its large and brief tables kept where
        the file is still the one with DIGEST (else it is read as a command without the index
        reads it)."""
        from scr.workspace.review import BRIEF
        from scr.workspace.store import BufferedStorage

        path = self.ws.review_dir(ref) / FILE_NAME
        try:
            with open(path, "rb") as handle:
                st, raw = os.fstat(handle.fileno()), handle.read()
        except OSError:
            st, raw = None, b""
        if st is None or digest not in (_identity(st), _sha256(raw)):  # changed: the files answer
            storage = BufferedStorage(path)
            return (storage.brief(name, *BRIEF[name]) if name in BRIEF
                    else storage.data.get(name, {}))
        data, slices = _read(path, raw)
        briefs = {}
        self._pending += [(ref, part, digest, value) for part, value in _encoded(data, slices, briefs)]
        if not self._flushing_at_exit:  # a batch not yet full is kept however the command ends
            import atexit

            atexit.register(self._flush)
            self._flushing_at_exit = True
        if len(self._pending) >= BATCH * (len(LARGE) + len(BRIEF)):
            self._flush()
        self._held = (ref, digest, {**{t: data.get(t, {}) for t in LARGE},
                                    **{b: _brief(data, b, briefs) for b in BRIEF}})
        return self._held[2][name]

    def _flush(self):
        """Write the parts read from files since the last batch (one transaction, not one each)."""
        pending, self._pending = self._pending, []
        if pending and self.conn is not None:
            self._write("INSERT OR REPLACE INTO parts VALUES (?, ?, ?, ?)", pending)
            self._commit()


_JOB = None  # (index, derive) while forked processes read files for it (Index._read_all)
PARALLEL = 400  # files to read again from which a rebuild uses every core


def _workers(count):
    """How many processes read COUNT files: 1 (this one) unless there are many, and cores to
    share them, and processes can be forked (Linux; SCR_INDEX_WORKERS=1 keeps it to one)."""
    import sys

    if count < PARALLEL or not sys.platform.startswith("linux"):
        return 1
    wanted = os.environ.get("SCR_INDEX_WORKERS", "").strip()
    cores = len(os.sched_getaffinity(0))
    return max(1, min(int(wanted) if wanted.isdigit() else cores, cores, 8))


def _read_share(share):
    """In a forked process: :func:`_read_one` of each ``(ref, row)`` of SHARE (an error a file
    causes is handed back, to be raised where the command runs)."""
    index, derive = _JOB
    results, said = [], len(index.ws.warnings)
    for ref, row in share:
        try:
            results.append(_read_one(index, derive, ref, row))
        except ScrError as exc:
            results.append(exc)
            break
    return results, index.ws.warnings[said:]


def _read_one(index, derive, ref, row):
    """Review file REF read again (ROW: what the index held of it, or None): ``("touched",
    identity, now)`` where its bytes are the ones indexed, ``("damaged", message)``, ``("fresh",
    entry, small tables, parts made)``, or None where it has gone since it was listed."""
    path = os.path.join(str(index.ws.reviews_dir), ref, FILE_NAME)
    try:
        with open(path, "rb") as handle:
            st = os.fstat(handle.fileno())  # the identity of the bytes read
            raw = handle.read()
    except FileNotFoundError:
        return None  # removed since it was listed, as if it had not been there
    except OSError as exc:
        raise ScrError(f"cannot read {path}: {exc.strerror or exc}") from None
    identity = [st.st_size, st.st_mtime_ns, st.st_ino]
    now = time.time_ns()
    version = _version(raw, st, now)
    if row and row[3] == version:
        return "touched", identity, now
    try:
        data, _ = _read(Path(path), raw, slices=False)
    except DamagedFile as exc:
        return "damaged", str(exc)
    from scr.workspace.asof import latest

    horizon = latest(data)  # the first day its point-in-time view is the file as stored
    entry = [*identity, version, now, horizon, 0, 0, None]
    made = None
    if derive is not None and index.ws.today.isoformat() >= horizon:
        # the whole file is in hand: a table it lacks is empty
        made = derive(index._review(ref, _Tables(data, lambda name: {}), version, data, {}))
        entry[6:9] = [1, int(made["volatile"]), None]
        made = {name: value if name in ("volatile", "deps") else _encode(value)
                for name, value in made.items()}  # kept as it is encoded: bytes travel fastest
    small = _encode({t: docs for t, docs in data.items() if t not in NOT_KEPT})
    return "fresh", entry, small, made


def _version(raw, st, now):
    """What names the bytes RAW of a file with stat ST read at NOW (ns): its identity, or where
    the file changed so recently that a second change could keep its size, time and inode (within
    RACY_NS), the SHA-256 of the bytes."""
    return _sha256(raw) if st.st_mtime_ns >= now - RACY_NS else _identity(st)


def _identity(st):
    return f"{st.st_size}:{st.st_mtime_ns}:{st.st_ino}"


def _sha256(raw):
    import hashlib

    return hashlib.sha256(raw).hexdigest()


def _parts(made, names):
    """The parts NAMES of what ``derive`` made (without ``volatile`` and ``deps``)."""
    return {name: made[name] for name in names if name not in ("volatile", "deps")}


def _deps_json(deps, entries):
    """The linked reviews DEPS with the digest each has now (None: there is no such review)."""
    return json.dumps({dep: entries[dep][3] if dep in entries else None for dep in deps})


def _read_whole(deps, entries, today):
    """Did a part made today read each linked review of DEPS whole (its view as of TODAY its file
    as stored)? Only then does it hold for other days."""
    return all(entries[dep][5] <= today for dep in deps if dep in entries)


def _deps_hold(deps, entries, today):
    """Do the linked reviews a part read still hold what they held (and their view as of TODAY
    is their file as stored)?"""
    if not deps:
        return True
    if not isinstance(deps, str):
        return False
    for ref, digest in json.loads(deps).items():
        entry = entries.get(ref)
        if (entry[3] if entry else None) != digest:
            return False
        if entry and (entry[5] is None or today < entry[5]):
            return False
    return True


def _encode(value):
    import msgspec

    return msgspec.json.encode(value)


def _decode(value):
    import msgspec

    return msgspec.json.decode(value)


def _read(path, raw, slices=True):
    """The checked data of the review file PATH (bytes RAW), and (with SLICES) the raw JSON of
    each of its tables where that is what the data holds (no migration changed it), or None."""
    import msgspec

    from scr.workspace.migrate import version_of
    from scr.workspace.review import check_data
    from scr.workspace.schema import SCHEMA_VERSION
    from scr.workspace.store import parse_json

    if not slices:
        data = parse_json(path, raw)
        return check_data(data, path), None
    try:  # one pass over the bytes: each table's raw JSON, then each table parsed from it
        slices = msgspec.json.decode(raw, type=dict[str, msgspec.Raw])
        data = {name: msgspec.json.decode(value) for name, value in slices.items()}
        if not all(isinstance(table, dict) for table in data.values()):
            raise ValueError
    except (msgspec.DecodeError, msgspec.ValidationError, ValueError):
        data, slices = parse_json(path, raw), None  # the file's fault named as load_review names it
    if version_of(data, path) != SCHEMA_VERSION:
        slices = None  # migrated below: the raw tables are no longer what the data holds
    return check_data(data, path), slices


def _brief(data, name, made):
    """Brief table NAME of DATA (a review file's tables), made once per file read (kept in MADE)."""
    from scr.workspace.review import BRIEF

    if name not in made:
        table, fields = BRIEF[name]
        made[name] = [{k: doc.get(k) for k in fields} for doc in data.get(table, {}).values()]
    return made[name]


def _encoded(data, slices, briefs):
    """``[(part name, bytes)]``: the large and brief tables of a review file's DATA (SLICES: the
    raw JSON of each table, where the data is what the file holds)."""
    from scr.workspace.review import BRIEF

    parts = [(t, bytes(slices[t]) if slices and t in slices else _encode(data.get(t, {})))
             for t in LARGE]
    return parts + [(name, _encode(_brief(data, name, briefs))) for name in BRIEF]
