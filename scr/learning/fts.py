"""The full-text index of `scr search`: SQLite FTS5 (porter stemming), in a private file of the
user's cache folder, never on the shared drive (CLI.md 1.1, "Doctor, locks and the index").

This module is the one place that knows the database; its interface is narrow so that it can move
into the portfolio index later (one database for both):

- :func:`open_index` (a workspace) -> :class:`SearchIndex`, or an in-memory one (``SCR_NO_INDEX=1``);
- :meth:`SearchIndex.identities` -> ``{ref: identity}`` as last indexed;
- :meth:`SearchIndex.replace` (ref, identity, facts, rows) and :meth:`SearchIndex.remove` (refs),
  inside :meth:`SearchIndex.batch`;
- :meth:`SearchIndex.query` (an FTS5 expression, filters) -> hits, best first.

What a review holds to be searched, and when a review's identity changed, is ``search.py``'s.
A file that is missing, damaged or of another schema is rebuilt from the review files: it only ever
holds what they say. Nothing here prints.
"""

import hashlib
import json
import os
import sqlite3
from contextlib import contextmanager
from pathlib import Path

SCHEMA = 2
# Highlight marks inside snippets, from Unicode's private use area: no review's text holds them.
OPEN, CLOSE = "\ue000", "\ue001"
SNIPPET_TOKENS = 16


def cache_folder():
    """``$XDG_CACHE_HOME/scr`` (else ``~/.cache/scr``): the user's own machine."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "scr"


def index_path(root):
    """One file per workspace, named by a digest of the workspace's path (never by its name)."""
    digest = hashlib.sha256(str(Path(root).resolve()).encode("utf-8")).hexdigest()[:20]
    return cache_folder() / f"search-{digest}.sqlite"


_TABLES = f"""
create table reviews (ref text primary key, identity text not null, facts text not null);
create virtual table texts using fts5(
    body, ref unindexed, kind unindexed, place unindexed, line unindexed, day unindexed,
    tokenize='porter unicode61'
);
pragma user_version = {SCHEMA};
"""


class SearchIndex:
    """One FTS5 database: ``reviews`` (each review's identity and facts: themes, redactions) and
    ``texts`` (one row per searchable piece of text)."""

    def __init__(self, connection, path=None):
        self.db = connection
        self.path = path

    @property
    def fresh(self):
        return not self.identities()

    def identities(self):
        return dict(self.db.execute("select ref, identity from reviews"))

    def facts(self):
        return {ref: json.loads(facts) for ref, facts in self.db.execute("select ref, facts from reviews")}

    @contextmanager
    def batch(self):
        """Changes made inside are committed together, or not at all."""
        try:
            self.db.execute("begin immediate")
            yield self
            self.db.execute("commit")
        except BaseException:
            if self.db.in_transaction:
                self.db.execute("rollback")
            raise

    def remove(self, refs):
        for ref in refs:
            self.db.execute("delete from texts where ref = ?", (ref,))
            self.db.execute("delete from reviews where ref = ?", (ref,))

    def replace(self, ref, identity, facts, rows):
        """The review's rows: ``(kind, place, line, text, day)``; ``day`` the ISO date of the fact
        the text records (None for text that carries no date), for point-in-time searches."""
        self.remove([ref])
        self.db.execute("insert into reviews values (?, ?, ?)", (ref, identity, json.dumps(facts)))
        self.db.executemany(
            "insert into texts (body, ref, kind, place, line, day) values (?, ?, ?, ?, ?, ?)",
            ((text, ref, kind, place, line, day) for kind, place, line, text, day in rows
             if text and text.strip()),
        )

    def query(self, expression, refs=None, kinds=None, until=None, limit=50):
        """Hits ``{review, kind, where, line, snippet, text}`` for an FTS5 ``expression``, best
        first (bm25); ``snippet`` carries :data:`OPEN`/:data:`CLOSE` around the matched words,
        ``text`` the whole piece with the marks (to find the hit's line and, for ``--anonymised``,
        to redact before cutting). ``until``: leave out text of facts dated after it."""
        sql = [
            "select ref, kind, place, line,",
            f" snippet(texts, 0, '{OPEN}', '{CLOSE}', '…', {SNIPPET_TOKENS}),",
            f" highlight(texts, 0, '{OPEN}', '{CLOSE}')",
            " from texts where texts match ?",
        ]
        parameters = [expression]
        for column, wanted in (("ref", refs), ("kind", kinds)):
            if wanted is not None:
                wanted = list(wanted)
                if not wanted:
                    return []
                sql.append(f" and {column} in ({', '.join('?' * len(wanted))})")
                parameters += wanted
        if until is not None:
            sql.append(" and (day is null or day <= ?)")
            parameters.append(until)
        sql.append(" order by bm25(texts), ref, place, line limit ?")
        parameters.append(limit)
        return [
            {"review": ref, "kind": kind, "where": place, "line": line, "snippet": snippet, "text": text}
            for ref, kind, place, line, snippet, text in self.db.execute("".join(sql), parameters)
        ]

    def close(self):
        self.db.close()


def _connect(path):
    db = sqlite3.connect(path, timeout=10, isolation_level=None)
    db.execute("pragma journal_mode = wal" if path != ":memory:" else "pragma journal_mode = memory")
    db.execute("pragma synchronous = normal")
    return db


def _usable(db):
    """The file is ours, of this schema, and readable all through (a damaged page is found)."""
    if db.execute("pragma user_version").fetchone()[0] != SCHEMA:
        return False
    names = {row[0] for row in db.execute("select name from sqlite_master")}
    # A damaged page found later, by a query, is sqlite3.DatabaseError: search.py rebuilds then.
    return {"reviews", "texts"} <= names


def _remove(path):
    for suffix in ("", "-wal", "-shm", "-journal"):
        try:
            os.unlink(f"{path}{suffix}")
        except FileNotFoundError:
            pass


def _private(path):
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True)
    os.chmod(folder, 0o700)  # the index holds the reviews' text: the user's alone
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    os.close(fd)
    os.chmod(path, 0o600)


def open_index(root, memory=False):
    """The workspace's search index (created, or rebuilt where missing or damaged); in memory,
    and so built from every review file, with ``memory``."""
    if memory:
        db = _connect(":memory:")
        db.executescript(_TABLES)
        return SearchIndex(db)
    path = index_path(root)
    for attempt in (1, 2):
        db = None
        try:
            existed = path.exists() and path.stat().st_size > 0
            _private(path)
            db = _connect(str(path))
            if existed and _usable(db):
                return SearchIndex(db, path)
            db.close()
            _remove(path)
            _private(path)
            db = _connect(str(path))
            db.executescript(_TABLES)
            return SearchIndex(db, path)
        except sqlite3.DatabaseError:
            # Not a database at all (overwritten, truncated): start again from the review files.
            if db is not None:
                db.close()
            _remove(path)
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def discard(index):
    """Remove a damaged index's file, so the next :func:`open_index` builds it again."""
    index.close()
    if index.path is not None:
        _remove(index.path)
