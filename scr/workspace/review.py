"""A review: its folder and TinyDB file, the session that reads and changes it, its own fields,
its events and pauses, its stage, and the audit trail of every change.

A review is read and changed through ``open_review``: a session that (for writing) holds the
review's lock, lets the core change tables through TinyDB, and on success writes the file once,
atomically, with an audit record of exactly what changed. On any error nothing is written.
"""

import copy
import os
import stat
from contextlib import contextmanager


from tinydb import TinyDB

from scr import values
from scr.errors import NotFound, ScrError
from scr.workspace.store import HOLDER_NAME, LOCK_NAME, BufferedStorage, ReviewLock, atomic_write, dumps
from scr.values import check_event_kind, check_slug, check_text

SCHEMA_VERSION = 1
FILE_NAME = "review.json"
KINDS = {
    "scr": "serious case review",
    "thematic": "thematic review",
    "rapid": "rapid review",
    "lcspr": "local child safeguarding practice review",
    "dhr": "domestic homicide review",
    "learning": "learning review",
}
STAGES = (
    "aware", "referral", "decision", "initiated", "tor-agreed", "author-appointed",
    "panel-meeting", "draft-received", "board-signoff", "published", "closed",
)
INCIDENTS = ("death", "serious-harm", "other")
SUBFOLDERS = ("chronologies", "report/sections", "documents", "action-plan")
# Record ids are a letter naming the table and the TinyDB document id: e3, p1, r2.
RECORD_TABLES = {"e": "events", "p": "pauses", "r": "requests"}
# Fields `scr set` may change, with the record key each is stored under.
SETTABLE = {
    "title": "title", "subject": "subject", "framework": "framework", "scope-from": "scope_from",
    "scope-to": "scope_to", "author": "author", "chair": "chair", "incident": "incident",
    "terms-of-reference": "terms_of_reference",
}
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
AUDIT_DETAIL_LIMIT = 20  # more records than this changed in one table are summarised by count


def _iso_or_none(value, optional=False):
    if value is None:
        return optional
    try:
        return len(value) == 10 and values.from_iso(value) is not None
    except (TypeError, ValueError):
        return False


# What every record of these tables must hold for scr to read it (a hand edit can break it).
_RECORD_CHECKS = {
    "events": (("kind", lambda v: isinstance(v, str) and bool(v)), ("date", _iso_or_none),
               ("planned", lambda v: isinstance(v, bool))),
    "pauses": (("from", _iso_or_none), ("to", lambda v: _iso_or_none(v, optional=True))),
}


def _check_structure(data, path):
    """A file that parses but that scr cannot read (a hand edit) is damaged: name where."""
    from scr.errors import DamagedFile

    record = data.get("review", {}).get("1")
    if not isinstance(record, dict):
        raise DamagedFile(path, "it holds no review record (table 'review', document 1)")
    version = record.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise DamagedFile(path, f"its review record has no valid schema_version ({version!r})")
    for key in ("ref", "kind", "title", "subject"):
        if not isinstance(record.get(key), str):
            raise DamagedFile(path, f"its review record has no valid {key!r}")
    for table, documents in data.items():
        for doc_id, doc in documents.items():
            if not isinstance(doc, dict):
                raise DamagedFile(path, f"table {table!r}, document {doc_id}: not an object")
            for key, valid in _RECORD_CHECKS.get(table, ()):
                if not valid(doc.get(key)):
                    raise DamagedFile(
                        path, f"table {table!r}, document {doc_id}: {key!r} is missing or invalid"
                        f" ({doc.get(key)!r})")


def _migrate(data, path):
    """Bring an older review file up to SCHEMA_VERSION (none older exists yet)."""
    _check_structure(data, path)
    version = data["review"]["1"]["schema_version"]
    if version > SCHEMA_VERSION:
        raise ScrError(
            f"{path} has schema_version {version!r}, which this scr (schema {SCHEMA_VERSION}) cannot"
            " read: upgrade scr"
        )
    return data


def check_data(data, path):
    """The parsed file ``path`` checked as ``load_review`` checks it (the index's re-read of a
    changed file): DamagedFile or ScrError naming what is wrong; the data brought up to date."""
    return _migrate(data, path)


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
    folder = _folder_or_not_found(ws, ref)
    storage = BufferedStorage(folder / FILE_NAME)
    _migrate(storage.data, storage.path)
    return Review(ws, ref, storage, writable=False)


@contextmanager
def open_review(ws, ref, write=False):
    """A session on one review. With ``write``, changes are committed atomically on success."""
    folder = _folder_or_not_found(ws, ref)
    if not write:
        yield load_review(ws, ref)
        return
    lock = ReviewLock(folder, ws.user, ws.lock_timeout).acquire()
    try:
        storage = BufferedStorage(folder / FILE_NAME)
        _migrate(storage.data, storage.path)
        before = copy.deepcopy(storage.data)
        review = Review(ws, ref, storage, writable=True)
        if lock.recovered:
            ws.warn(f"recovered the lock of review '{ref}' left by a process that died"
                    f" ({_describe_holder(lock.recovered)})")
        yield review
        changes = diff(before, storage.data)
        if changes:
            _append_audit(ws, storage, changes)
            storage.flush(ws.file_mode)
    finally:
        lock.release()


def _describe_holder(holder):
    if not isinstance(holder, dict):
        return "holder unknown"
    return ", ".join(f"{k} {holder[k]}" for k in ("user", "host", "pid", "since") if holder.get(k))


def _append_audit(ws, storage, changes):
    record = {
        "timestamp": values.timestamp(),
        "user": ws.user,
        "command": ws.command,
        "changes": changes,
    }
    audit = storage.data.setdefault("audit", {})
    next_id = max((int(k) for k in audit), default=0) + 1
    audit[str(next_id)] = record


def diff(before, after):
    """What changed between two snapshots of a review file, table by table (audit excluded)."""
    changes = []
    for table in sorted(set(before) | set(after)):
        if table == "audit":
            continue
        old, new = before.get(table, {}), after.get(table, {})
        added = [k for k in new if k not in old]
        removed = [k for k in old if k not in new]
        changed = [k for k in new if k in old and new[k] != old[k]]
        if len(added) + len(removed) + len(changed) > AUDIT_DETAIL_LIMIT:
            changes.append({"table": table, "added": len(added), "removed": len(removed),
                            "changed": len(changed)})
            continue
        for key in added:
            changes.append({"table": table, "id": _id(table, key), "op": "added", "values": new[key]})
        for key in removed:
            changes.append({"table": table, "id": _id(table, key), "op": "removed", "values": old[key]})
        for key in changed:
            fields = {
                field: [old[key].get(field), new[key].get(field)]
                for field in sorted(set(old[key]) | set(new[key]))
                if old[key].get(field) != new[key].get(field)
            }
            changes.append({"table": table, "id": _id(table, key), "op": "changed", "fields": fields})
    return changes


def _id(table, key):
    prefix = {name: letter for letter, name in RECORD_TABLES.items()}.get(table)
    return f"{prefix}{key}" if prefix else key


def audit_log(review):
    """The audit trail, oldest first."""
    rows = review.storage.data.get("audit", {})
    return [rows[key] for key in sorted(rows, key=int)]


def create(ws, kind, title, subject, ref, framework, aware):
    """``scr new``: make the folder, its subfolders, the lock files and review.json."""
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
            "terms_of_reference": None, "links": [], "schema_version": SCHEMA_VERSION,
            "created": ws.today.isoformat(), "board": ws.board,
        }
        data = {"review": {"1": record}, "events": {}}
        events = data["events"]
        if aware:
            events["1"] = {"kind": "aware", "date": aware.isoformat(), "planned": False, "note": None,
                           "recipient": None, "purpose": None, "reference": None, "withdrawn": None}
        changes = diff({}, data)
        _append_audit(ws, _Holder(data), changes)
        atomic_write(folder / FILE_NAME, dumps(data), ws.file_mode)
    except BaseException:
        _remove_tree(folder)
        raise
    return folder


class _Holder:
    def __init__(self, data):
        self.data = data


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


def link(review, other_ref, relation, other_exists):
    check_slug(other_ref, "review ref")
    check_slug(relation, "relation")
    if other_ref == review.ref:
        raise ScrError("a review cannot be linked to itself")
    links = [dict(item) for item in review.record.get("links", [])]
    if any(item["ref"] == other_ref and item["relation"] == relation for item in links):
        raise ScrError(f"review '{review.ref}' is already linked to '{other_ref}' as {relation}")
    links.append({"ref": other_ref, "relation": relation, "local": other_exists})
    review.update_record(links=links)



# Commands' core functions: each takes what the command line read and does the whole job. ---------


def new_review(ws, kind, title, subject, ref=None, framework=None, aware=None):
    """``scr new``: check everything, choose the ref and framework where not given, create the
    review; returns its ref."""
    from scr.timescales.clocks import choose_framework, get_framework

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


def link_reviews(ws, ref, other, relation):
    """``scr link``: REF to OTHER, a review here or (with a warning) another board's."""
    check_slug(other, "review ref")
    other_exists = other in ws.refs()
    with open_review(ws, ref, write=True) as review:
        link(review, other, relation, other_exists)
    if not other_exists:
        ws.warn(f"'{other}' is not a review in this workspace; linked as another board's review")
