"""A review: its folder and TinyDB file, the session that reads and changes it, its own fields,
its events and pauses, its stage, and the audit trail of every change.

A review is read and changed through ``open_review``: a session that (for writing) holds the
review's lock, lets the core change tables through TinyDB, and on success writes the file once,
atomically, with an audit record of exactly what changed. On any error nothing is written.
"""

import os
import stat
from contextlib import contextmanager
from pathlib import Path

from tinydb import TinyDB

from scr import values
from scr.errors import NotFound, ScrError
from scr.workspace.store import (HOLDER_NAME, LOCK_NAME, BufferedStorage, ReviewLock, atomic_write,
                                 copy_of, dumps)
from scr.workspace import audit, commit
from scr.workspace.migrate import migrate
from scr.workspace.schema import SCHEMA_VERSION, check
from scr.values import check_event_kind, check_slug, check_text

FILE_NAME = "review.json"
KINDS = {
    "scr": "serious case review",
    "thematic": "thematic review",
    "rapid": "rapid review",
    "lcspr": "local child safeguarding practice review",
    "dhr": "domestic homicide review",
    "learning": "learning review",
    # 1.1: adults', Wales, Scotland, Northern Ireland
    "sar": "safeguarding adults review",
    "dardr": "domestic abuse related death review",
    "cpr": "child practice review",
    "susr": "single unified safeguarding review",
    "clr": "learning review (Scotland)",
    "cmr": "case management review",
}
STAGES = (
    "aware", "referral", "decision", "initiated", "tor-agreed", "author-appointed",
    "panel-meeting", "draft-received", "board-signoff", "published", "closed",
)
INCIDENTS = ("death", "serious-harm", "other")
SUBFOLDERS = ("chronologies", "report/sections", "documents", "action-plan")
# Record ids are a letter naming the table and the TinyDB document id: e3, p1, r2.
RECORD_TABLES = {"e": "events", "p": "pauses", "r": "requests", "d": "delays", "l": "learning",
                 "c": "costs"}
# Fields `scr set` may change, with the record key each is stored under.
SETTABLE = {
    "title": "title", "subject": "subject", "framework": "framework", "scope-from": "scope_from",
    "scope-to": "scope_to", "author": "author", "chair": "chair", "incident": "incident",
    "terms-of-reference": "terms_of_reference", "check-in-weeks": "check_in_weeks",
}


def _migrate(data, path):
    """Bring a review file up to SCHEMA_VERSION, then check every record against the schema:
    a record scr cannot read is a damaged file naming the record and the field."""
    migrate(data, path)
    return check(data, path)


def check_data(data, path):
    """The parsed file ``path`` checked as ``load_review`` checks it (the index's re-read of a
    changed file): DamagedFile or ScrError naming what is wrong; the data brought up to date."""
    return _migrate(data, path)


# Brief tables (``Review.brief``): a table's records with only the fields a command across reviews
# reads; the index keeps each apart, so counting 180,000 actions decodes no history.
BRIEF = {
    # what counts and the impact review's clock read
    "actions_brief": ("actions", ("n", "status", "due", "completed_on", "cancelled_on", "added")),
    # an action as `actions overdue` shows it: everything but its history
    "actions_plain": ("actions", ("n", "recommendation", "text", "agency", "owner", "due", "status",
                                  "completed_on", "added", "evidence", "outcome", "cancelled_on",
                                  "version")),
}


class Review:
    """One review, as read in a session. Change it only inside ``open_review(..., write=True)``."""

    def __init__(self, ws, ref, storage, writable):
        self.ws = ws
        self.ref = ref
        self.path = storage.path
        self.folder = self.path.parent
        self.storage = storage
        self.writable = writable
        self.db = TinyDB(storage=_Given(storage))
        self.pending = []  # (path, bytes, mode) to commit with the review file

    def write_file(self, path, data):
        """Write ``path`` (inside the review's folder) when the session commits, in the same step
        as the review file: all or nothing."""
        if not self.writable:
            raise ValueError("a read-only review session cannot write files")
        path = Path(path)
        self.ws.make_private_dir(path.parent)
        if isinstance(data, str):
            data = data.encode("utf-8")
        self.pending.append((path, data, self.ws.file_mode))
        return path

    def put_records(self, table, records):
        """Store many records at once (``{doc id: record}``), replacing those with the same id:
        one pass however many (TinyDB reads and rewrites the whole table on every insert)."""
        self.storage.data.setdefault(table, {}).update(
            (str(key), record) for key, record in records.items())
        self.db = TinyDB(storage=_Given(self.storage))  # no table keeps a stale id counter

    def table(self, name):
        return self.db.table(name)

    def brief(self, name):
        """The brief table NAME of ``BRIEF``: the records of a table with only some fields, what a
        count across reviews reads (the index keeps them apart from every action's history)."""
        return self.storage.brief(name, *BRIEF[name])

    # The review's own fields ---------------------------------------------------------------

    @property
    def record(self):
        return self.storage.data["review"]["1"]

    def update_record(self, **fields):
        self.table("review").update(fields, doc_ids=[1])

    @property
    def kind(self):
        return self.record["kind"]

    # Events and pauses ---------------------------------------------------------------------

    def _records(self, table, prefix, include_withdrawn):
        # Straight from the storage's data (what TinyDB's Table.all() reads, without building a
        # Document per record): `scr list` does this for every review.
        rows = []
        for key, doc in self.storage.data.get(table, {}).items():
            if doc.get("withdrawn") and not include_withdrawn:
                continue
            rows.append({"id": f"{prefix}{key}", **doc})
        return rows

    def events(self, include_withdrawn=False):
        """Events (notifications included), oldest first; each with its record id."""
        if not self.writable:  # a read-only review never changes: sort its events once
            cache = self.__dict__.setdefault("_events", {})
            if include_withdrawn not in cache:
                rows = self._records("events", "e", include_withdrawn)
                cache[include_withdrawn] = sorted(rows, key=lambda e: (e["date"], int(e["id"][1:])))
            return [dict(row) for row in cache[include_withdrawn]]
        rows = self._records("events", "e", include_withdrawn)
        return sorted(rows, key=lambda e: (e["date"], int(e["id"][1:])))

    def add_event(self, kind, date, note=None, planned=False, **extra):
        check_event_kind(kind)
        fields = {"kind": kind, "date": values.iso(date), "planned": bool(planned), "note": note,
                  "recipient": None, "purpose": None, "reference": None, "withdrawn": None}
        fields.update(extra)
        return f"e{self.table('events').insert(fields)}"

    def pauses(self, include_withdrawn=False):
        return sorted(self._records("pauses", "p", include_withdrawn), key=lambda p: p["from"])

    @property
    def stage(self):
        reached = {e["kind"] for e in self.events() if not e["planned"]}
        for stage in reversed(STAGES):
            if stage in reached:
                return stage
        return "new"

    @property
    def closed(self):
        return any(e["kind"] == "closed" and not e["planned"] for e in self.events())

    # Records of any table ------------------------------------------------------------------

    def find_record(self, record_id):
        """(table name, document) for an id such as e3, p1, r2; NotFound otherwise."""
        table = RECORD_TABLES.get(record_id[:1]) if record_id else None
        number = record_id[1:]
        if table and number.isdigit():
            doc = self.table(table).get(doc_id=int(number))
            if doc is not None:
                return table, doc
        known = ", ".join(
            f"{prefix}{doc.doc_id}" for prefix, name in RECORD_TABLES.items()
            for doc in self.table(name).all()
        )
        raise NotFound(
            f"review '{self.ref}' has no record {record_id!r}"
            f" (its records: {known or 'none'}; `scr show {self.ref}` lists them)"
        )

    def withdraw(self, record_id, reason):
        reason = values.text(reason, "--reason")
        table, doc = self.find_record(record_id)
        if doc.get("withdrawn"):
            raise ScrError(f"record {record_id} of review '{self.ref}' is already withdrawn")
        withdrawn = {"reason": reason, "date": self.ws.today.isoformat(), "user": self.ws.user}
        self.table(table).update({"withdrawn": withdrawn}, doc_ids=[doc.doc_id])
        return table


class _Given:
    """TinyDB wants a storage class; this hands it the session's existing storage."""

    def __init__(self, storage):
        self.storage = storage

    def __call__(self):
        return self.storage


def _folder_or_not_found(ws, ref):
    folder = ws.review_dir(ref)
    if not os.path.isfile(os.path.join(folder, FILE_NAME)):
        known = ws.refs()
        hint = f"known reviews: {', '.join(known)}" if known else "there are no reviews yet"
        raise NotFound(f"no review '{ref}' in {ws.root} ({hint}; `scr list --all` shows them)")
    return folder


def load_review(ws, ref):
    """A review read without the lock, for reading only (files are replaced atomically)."""
    from scr.workspace.asof import view

    folder = _folder_or_not_found(ws, ref)
    storage = BufferedStorage(folder / FILE_NAME)
    _migrate(storage.data, storage.path)
    # CLI.md 1.1: reading is a point-in-time view; every record dated after today is left out.
    storage.data = view(storage.data, ws.today)
    return Review(ws, ref, storage, writable=False)


@contextmanager
def open_review(ws, ref, write=False):
    """A session on one review. With ``write``, changes are committed atomically on success."""
    if not write:
        _folder_or_not_found(ws, ref)
        yield load_review(ws, ref)
        return
    with open_reviews(ws, [ref]) as sessions:
        yield sessions[ref]


@contextmanager
def open_reviews(ws, refs):
    """Write sessions on several reviews at once, all or nothing: every review is locked (in ref
    order, so two commands locking the same reviews cannot deadlock) and read before the caller
    changes any; on success every changed review file, and every file a session asked to write
    (:meth:`Review.write_file`), is committed in one step (:mod:`scr.workspace.commit`), the
    review files last. On any error nothing is written."""
    refs = sorted(set(refs))
    folders = {ref: _folder_or_not_found(ws, ref) for ref in refs}
    locks = []
    try:
        sessions = {}
        for ref in refs:
            lock = ReviewLock(folders[ref], ws.user, ws.lock_timeout, command=ws.command,
                              on_wait=ws.on_wait).acquire()
            locks.append(lock)
            if lock.recovered:
                ws.warn(f"recovered the lock of review '{ref}' left by a process that died"
                        f" ({lock.describe(lock.recovered)})")
            for said in commit.clean(folders[ref]):
                ws.warn(f"review '{ref}': {said}")
        for ref in refs:
            storage = BufferedStorage(folders[ref] / FILE_NAME)
            _migrate(storage.data, storage.path)
            review = Review(ws, ref, storage, writable=True)
            sessions[ref] = (review, copy_of(storage.data))
        yield {ref: review for ref, (review, _) in sessions.items()}
        files, finals, folders_written = [], [], []
        for review, before in sessions.values():
            changes = audit.diff(before, review.storage.data)
            if not changes and not review.pending:
                continue
            if changes:
                audit.append(review.storage.data, audit.entry(ws, changes))
                finals.append((review.path, dumps(review.storage.data), ws.file_mode))
            files.extend(review.pending)
            folders_written.append(review.folder)
        commit.commit(files + finals, folders_written)
    finally:
        for lock in reversed(locks):
            lock.release()


def audit_log(review):
    """The audit trail, oldest first."""
    return audit.entries(review.storage.data)


def read_log(ws, ref, as_json=False):
    """``scr log``: the audit trail as lines, one per change, or (``as_json``) as records."""
    rows = audit_log(load_review(ws, _checked_ref(ws, ref)))
    return audit.as_json(rows) if as_json else audit.lines(rows)


def _checked_ref(ws, ref):
    _folder_or_not_found(ws, ref)
    return ref


def create(ws, kind, title, subject, ref, framework, aware, links=(), tables=None, session=None):
    """``scr new``: make the folder, its subfolders, the lock files and review.json. LINKS and
    TABLES (``{table: [records]}``) are what ``scr new --from`` carries over, part of the creation.
    With SESSION (another review's write session) the new review.json is committed with that
    review's file, in one step: both or neither."""
    check_slug(ref, "review ref")
    folder = ws.review_dir(ref)
    ws.make_private_dir(ws.reviews_dir)
    try:
        # reviews/ is private (or the group's) whatever made it; but a folder someone made
        # read-only stays read-only, and `new` then fails cleanly on it.
        current = stat.S_IMODE(os.stat(ws.reviews_dir).st_mode)
        wanted = ws.dir_mode if current & stat.S_IWUSR else current & ws.dir_mode
        if current != wanted:
            ws.set_mode(ws.reviews_dir, wanted)
    except OSError:
        pass  # not ours to change (a shared drive's folder); the review folder itself still is
    try:
        folder.mkdir()  # atomic: two people creating the same ref cannot both succeed
    except FileExistsError:
        if not os.path.exists(os.path.join(folder, FILE_NAME)):
            raise ScrError(
                f"{folder} exists but holds no {FILE_NAME} (left by an interrupted `scr new`?):"
                " remove that folder, or choose another --ref"
            ) from None
        raise ScrError(f"a review '{ref}' already exists in {ws.reviews_dir}; choose another --ref") from None
    except OSError as exc:
        raise ScrError(f"cannot create {folder}: {exc.strerror or exc}") from None
    try:
        ws.set_mode(folder, ws.dir_mode)
        for sub in SUBFOLDERS:
            ws.make_private_dir(folder / sub)
        for name in (LOCK_NAME, HOLDER_NAME):
            atomic_write(folder / name, "", ws.file_mode)
        record = {
            "ref": ref, "kind": kind, "title": title, "subject": subject, "framework": framework,
            "scope_from": None, "scope_to": None, "author": None, "chair": None, "incident": None,
            "terms_of_reference": None, "links": [dict(link) for link in links],
            "schema_version": SCHEMA_VERSION,
            "created": ws.today.isoformat(), "board": ws.board,
        }
        data = {"review": {"1": record}, "events": {}}
        for table, rows in (tables or {}).items():
            data[table] = {str(i): dict(row) for i, row in enumerate(rows, start=1)}
        events = data["events"]
        if aware:
            events["1"] = {"kind": "aware", "date": aware.isoformat(), "planned": False, "note": None,
                           "recipient": None, "purpose": None, "reference": None, "withdrawn": None}
        audit.append(data, audit.entry(ws, audit.diff({}, data)))
        if session is not None:
            session.write_file(folder / FILE_NAME, dumps(data))
        else:
            atomic_write(folder / FILE_NAME, dumps(data), ws.file_mode)
    except BaseException:
        _remove_tree(folder)
        raise
    return folder


def _remove_tree(folder):
    import shutil

    shutil.rmtree(folder, ignore_errors=True)


def make_ref(ws, subject, year):
    """A ref from the year and the subject: ``2013-child-f``."""
    slug = values.slug_of(subject, "")
    return f"{year}-{slug}"[:64].rstrip("-") or str(year)


def set_field(review, field, value):
    """``scr set``: one field of the review record, checked."""
    if field not in SETTABLE:
        raise ScrError(f"unknown field {field!r}; use one of {', '.join(SETTABLE)}")
    key = SETTABLE[field]
    if key in ("scope_from", "scope_to"):
        value = values.parse_date(value, field).isoformat()
        other = review.record.get("scope_to" if key == "scope_from" else "scope_from")
        start, end = (value, other) if key == "scope_from" else (other, value)
        if start and end and start > end:
            raise ScrError(f"the scope period would start ({start}) after it ends ({end})")
    elif key == "check_in_weeks":
        from scr.timescales.checkin import parse_weeks

        value = parse_weeks(value, field)
    elif key == "incident":
        if value not in INCIDENTS:
            raise ScrError(f"incident {value!r} is not one of {', '.join(INCIDENTS)}")
    elif key == "framework":
        if value.strip().lower() in ("none", "null", ""):
            value = None
        else:
            check_slug(value, "framework id")
    if isinstance(value, str) and not value.strip():
        raise ScrError(f"{field} must not be blank")
    check_text(value, field)
    review.update_record(**{key: value})
    return key, value


def read_terms_of_reference(path):
    try:
        raw = open(path, "rb").read()
    except OSError as exc:
        raise ScrError(f"cannot read the terms of reference {path}: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ScrError(f"{path} is not UTF-8 text (byte {exc.start}): save it as UTF-8 text or Markdown") from None
    if not text.strip():
        raise ScrError(f"{path} is empty")
    return text



# Commands' core functions: each takes what the command line read and does the whole job. ---------


def new_review(ws, kind, title, subject, ref=None, framework=None, aware=None):
    """``scr new``: check everything, choose the ref and framework where not given, create the
    review; returns its ref."""
    from scr.timescales.clocks import choose_framework, get_framework, warn_region

    if kind not in KINDS:
        raise ScrError(f"unknown review kind {kind!r}; use one of {', '.join(KINDS)}")
    title, subject = values.text(title, "--title"), values.text(subject, "--subject")
    aware = values.parse_date(aware, "--aware") if aware is not None else None
    if aware and aware > ws.today:
        raise ScrError(f"--aware {aware.isoformat()} is after today ({ws.today.isoformat()}): it must have happened")
    if ref is None:
        ref = make_ref(ws, subject, (aware or ws.today).year)
    check_slug(ref, "review ref")
    if framework is not None:
        check_slug(framework, "framework id")
        get_framework(ws, framework)
    else:
        framework = choose_framework(ws, kind, aware or ws.today)
    warn_region(ws, framework)
    create(ws, kind, title, subject, ref, framework, aware)
    return ref


def set_value(ws, ref, field, value):
    """``scr set``: FIELD of review REF (terms-of-reference: VALUE is the file to read)."""
    if field == "terms-of-reference":
        value = read_terms_of_reference(value)
    if field == "framework" and value.strip().lower() not in ("none", "null", ""):
        from scr.timescales.clocks import get_framework

        get_framework(ws, value)
    with open_review(ws, ref, write=True) as review:
        return set_field(review, field, value)

