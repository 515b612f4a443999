"""Timescale frameworks and the statutory clocks of a review (CLI.md, "Timescale frameworks").

A framework is a TOML file: built-in ones live in ``scr/frameworks/``; a workspace's
``frameworks/*.toml`` adds frameworks or replaces a built-in one with the same ``id``. Each
milestone starts a clock at an event (``from``) or counts back from one (``before``), runs
``working_days``, ``days`` or ``months`` (the arithmetic is scr/workdays.py's), and is met by an
event (``met_by``, an event kind or ``notify:RECIPIENT[:PURPOSE]``). ``when`` makes a milestone exist
only once an event is recorded (a branch: the decision NOT to hold a review). ``pausable``
milestones move later by the length of each pause.

Every review also has scr's own milestone ``impact-review``: twelve months after the day its last
open action was completed, met by the event ``impact-reviewed``.

Nothing here prints; rows are plain dicts with ISO dates, ready for output.
"""


from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from scr.timescales import checkin
# The milestone rows as the commands read them (a light module: `scr status` imports only it).
from scr.timescales.rows import UNMET, sort_rows, within
from scr.errors import FrameworkError, ScrError
from scr.values import is_event_kind, is_notification, is_slug

BUILTIN_DIR = Path(__file__).parent / "frameworks"


UNITS = ("working_days", "days", "months")
STATUSES = ("waiting", "due", "overdue", "met", "met-late", "paused", "pending")

#: The basis of a milestone's period (CLI.md 1.1): the law, regulations, statutory guidance, a
#: national expectation that is not statutory, the board's own practice, or scr's own default.
BASES = ("statute", "regulations", "statutory-guidance", "expectation", "local", "scr")
#: Closure days (the board's own) move only these; a milestone with no basis (a workspace file
#: written before 1.1) counts as local.
LOCAL_BASES = ("local", "scr", None)
#: How each basis reads to a person (terminal, calendar, board paper).
BASIS_NAMES = {
    "statute": "statute", "regulations": "regulations", "statutory-guidance": "statutory guidance",
    "expectation": "national expectation (not statutory)", "local": "the board's own practice",
    "scr": "scr's default (no source sets it)",
}


def basis_label(basis, verified):
    """One phrase saying what a milestone's period rests on, so scr's default never reads as law."""
    if basis is None:
        return "not stated"
    name = BASIS_NAMES[basis]
    if basis in ("local", "scr"):
        return name
    return name + ("" if verified else ", period unverified")


#: scr.toml-style regions a framework belongs to (England's frameworks say "england").
FRAMEWORK_REGIONS = ("england", "england-and-wales", "wales", "scotland", "northern-ireland")

IMPACT_REVIEW = "impact-review"
IMPACT_EVENT = "impact-reviewed"

_FRAMEWORK_KEYS = {"id", "title", "applies_to", "source", "in_force_from", "in_force_until",
                   "note", "milestones", "region"}
_MILESTONE_KEYS = {"id", "title", "from", "before", "working_days", "days", "months", "met_by",
                   "pausable", "when", "source", "note", "basis", "verified", "in_force_from",
                   "in_force_until", "kinds"}


@dataclass(frozen=True)
class Milestone:
    id: str
    title: str
    unit: str | None           # None: a duty with no fixed period (``pending`` once its clock starts)
    amount: int | None
    met_by: str
    start: str | None = None   # `from`: the event that starts the clock
    before: str | None = None  # `before`: the event the due date counts back from
    pausable: bool = False
    when: str | None = None
    source: str | None = None
    note: str | None = None
    basis: str | None = None   # one of BASES; None only in a workspace file written before 1.1
    verified: bool | None = None  # the period was read in the source named by `source`
    in_force_from: date | None = None   # the milestone exists only for a clock started in these
    in_force_until: date | None = None  # dates (a `before` milestone: due in them)
    kinds: tuple | None = None  # 1.1: only reviews of these kinds carry it (None: every kind)

    @property
    def local(self):
        """Closure days move it: the board's own practice, scr's default, or no basis declared."""
        return self.basis in LOCAL_BASES

    def in_force(self, day):
        return ((self.in_force_from is None or self.in_force_from <= day)
                and (self.in_force_until is None or day <= self.in_force_until))

    def carried_by(self, kind):
        return self.kinds is None or kind is None or kind in self.kinds


@dataclass(frozen=True)
class Framework:
    id: str
    title: str
    applies_to: tuple
    source: str | None
    in_force_from: date | None
    in_force_until: date | None
    milestones: tuple
    path: Path
    builtin: bool
    note: str | None = None
    region: str | None = None

    def in_force(self, day):
        return ((self.in_force_from is None or self.in_force_from <= day)
                and (self.in_force_until is None or day <= self.in_force_until))

    def as_dict(self):
        return {
            "id": self.id, "title": self.title, "applies_to": list(self.applies_to),
            "source": self.source,
            "in_force_from": _iso(self.in_force_from), "in_force_until": _iso(self.in_force_until),
            "region": self.region, "builtin": self.builtin, "path": str(self.path),
            # 1.1: a milestone's kinds default to every kind the framework applies to
            "milestones": [dict(_milestone_dict(m), kinds=list(m.kinds or self.applies_to))
                           for m in self.milestones],
        }


def _milestone_dict(m):
    out = {"id": m.id, "title": m.title, "from": m.start, "before": m.before}
    if m.unit:  # a duty with no fixed period has none of working_days, days, months
        out[m.unit] = m.amount
    out.update({"met_by": m.met_by, "pausable": m.pausable, "when": m.when, "basis": m.basis,
                "verified": m.verified, "source": m.source,
                "in_force_from": _iso(m.in_force_from), "in_force_until": _iso(m.in_force_until),
                "note": m.note, "kinds": list(m.kinds) if m.kinds is not None else None})
    return out


# ---------------------------------------------------------------------------------------------
# Loading and validating framework files


def _where(path, milestone=None, key=None):
    parts = [str(path)]
    if milestone is not None:
        parts.append(f'milestone "{milestone}"')
    if key is not None:
        parts.append(f'key "{key}"')
    return ": ".join(parts)


def _date_value(value, path, key, milestone=None):
    """A TOML date (or ISO text) of a framework or a milestone; None where absent."""
    if value is None:
        return None
    if isinstance(value, date) and not hasattr(value, "hour"):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise FrameworkError(f"{_where(path, milestone, key)}: must be an ISO date (YYYY-MM-DD), not {value!r}")


def _text(value, path, key, milestone=None, required=True):
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip():
        what = "missing" if value is None else f"must be non-empty text, not {value!r}"
        raise FrameworkError(f"{_where(path, milestone, key)}: {what}")
    return value.strip()


def _kind(value, path, key, milestone, required=True):
    if value is None and not required:
        return None
    if value is None:
        raise FrameworkError(f"{_where(path, milestone, key)}: missing")
    if not is_event_kind(value):
        raise FrameworkError(
            f"{_where(path, milestone, key)}: {value!r} is not an event kind "
            "(a slug such as \"aware\", or notify:RECIPIENT[:PURPOSE])")
    return value


def _known_keys(table, known, path, milestone=None):
    """An unknown key (a misspelling, most often) is an error naming it."""
    for key in table:
        if key not in known:
            raise FrameworkError(f"{_where(path, milestone, key)}: unknown key "
                                 f"(known: {', '.join(sorted(known))})")


def _slug_id(value, path, milestone=None):
    if not is_slug(value):
        raise FrameworkError(f"{_where(path, milestone, 'id')}: "
                             + ("missing" if value is None else f"{value!r} is not a slug"))
    return value


def _parse_milestone(raw, path, index, seen, builtin=False):
    label = raw.get("id") if isinstance(raw, dict) and isinstance(raw.get("id"), str) else f"#{index + 1}"
    if not isinstance(raw, dict):
        raise FrameworkError(f"{_where(path, label)}: must be a table ([[milestones]])")
    _known_keys(raw, _MILESTONE_KEYS, path, label)
    mid = _slug_id(raw.get("id"), path, label)
    if mid in seen:
        raise FrameworkError(f"{_where(path, mid, 'id')}: the id is used twice in this file")
    if mid in (IMPACT_REVIEW, "check-in"):
        raise FrameworkError(f"{_where(path, mid, 'id')}: \"{mid}\" is scr's own milestone")
    seen.add(mid)
    title = _text(raw.get("title"), path, "title", mid)
    anchors = [key for key in ("from", "before") if key in raw]
    if len(anchors) != 1:
        raise FrameworkError(f"{_where(path, mid, 'from')}: exactly one of \"from\" and \"before\" "
                             f"is needed ({'both' if anchors else 'neither'} given)")
    anchor = anchors[0]
    _kind(raw[anchor], path, anchor, mid)
    units = [key for key in UNITS if key in raw]
    if len(units) > 1:
        raise FrameworkError(f"{_where(path, mid, 'working_days')}: at most one of working_days, "
                             f"days and months may be given ({', '.join(units)} given; none: a duty "
                             "with no fixed period)")
    unit = units[0] if units else None
    amount = raw[unit] if unit else None
    if unit and (not isinstance(amount, int) or isinstance(amount, bool) or amount < 0):
        raise FrameworkError(f"{_where(path, mid, unit)}: must be a whole number, 0 or more, "
                             f"not {amount!r}")
    if unit is None and anchor == "before":
        raise FrameworkError(f"{_where(path, mid, 'before')}: a \"before\" milestone needs a period "
                             "(working_days, days or months): without one it has no due date")
    kinds = raw.get("kinds")
    if kinds is not None and (not isinstance(kinds, list) or not kinds or not all(
            is_slug(k) for k in kinds)):
        raise FrameworkError(f"{_where(path, mid, 'kinds')}: must be a list of review kinds such as "
                             f"[\"rapid\"], not {kinds!r}")
    pausable = raw.get("pausable", False)
    if not isinstance(pausable, bool):
        raise FrameworkError(f"{_where(path, mid, 'pausable')}: must be true or false, not {pausable!r}")
    basis = raw.get("basis")
    if basis is not None and basis not in BASES:
        raise FrameworkError(f"{_where(path, mid, 'basis')}: {basis!r} is not a basis "
                             f"(use one of {', '.join(BASES)})")
    verified = raw.get("verified")
    if verified is not None and not isinstance(verified, bool):
        raise FrameworkError(f"{_where(path, mid, 'verified')}: must be true or false, not {verified!r}")
    if builtin and (basis is None or verified is None):  # scr's own files never leave it unsaid
        raise FrameworkError(f"{_where(path, mid, 'basis' if basis is None else 'verified')}: "
                             "missing (every built-in milestone states its basis and whether it was verified)")
    in_force_from = _date_value(raw.get("in_force_from"), path, "in_force_from", mid)
    in_force_until = _date_value(raw.get("in_force_until"), path, "in_force_until", mid)
    if in_force_from and in_force_until and in_force_until < in_force_from:
        raise FrameworkError(f"{_where(path, mid, 'in_force_until')}: is before in_force_from")
    return Milestone(
        basis=basis, verified=verified, in_force_from=in_force_from, in_force_until=in_force_until,
        id=mid, title=title, unit=unit, amount=amount,
        met_by=_kind(raw.get("met_by"), path, "met_by", mid),
        start=raw.get("from"), before=raw.get("before"), pausable=pausable,
        when=_kind(raw.get("when"), path, "when", mid, required=False),
        source=_text(raw.get("source"), path, "source", mid, required=False),
        note=_text(raw.get("note"), path, "note", mid, required=False),
        kinds=tuple(kinds) if kinds is not None else None,
    )


def parse_framework(data, path, builtin=False):
    """Validate DATA (a parsed TOML document) read from PATH and return a Framework."""
    _known_keys(data, _FRAMEWORK_KEYS, path)
    fid = _slug_id(data.get("id"), path)
    applies_to = data.get("applies_to", [])
    if not isinstance(applies_to, list) or not all(is_slug(k)
                                                    for k in applies_to):
        raise FrameworkError(f"{_where(path, key='applies_to')}: must be a list of review kinds "
                             f"such as [\"scr\"], not {applies_to!r}")
    in_force_from = _date_value(data.get("in_force_from"), path, "in_force_from")
    in_force_until = _date_value(data.get("in_force_until"), path, "in_force_until")
    if in_force_from and in_force_until and in_force_until < in_force_from:
        raise FrameworkError(f"{_where(path, key='in_force_until')}: is before in_force_from")
    raw_milestones = data.get("milestones", [])
    if not isinstance(raw_milestones, list):
        raise FrameworkError(f"{_where(path, key='milestones')}: must be an array of tables "
                             "([[milestones]])")
    region = data.get("region")
    if region is not None and region not in FRAMEWORK_REGIONS:
        raise FrameworkError(f"{_where(path, key='region')}: {region!r} is not a region "
                             f"(use one of {', '.join(FRAMEWORK_REGIONS)})")
    seen = set()
    milestones = tuple(_parse_milestone(raw, path, i, seen, builtin)
                       for i, raw in enumerate(raw_milestones))
    return Framework(region=region,
        id=fid, title=_text(data.get("title"), path, "title"), applies_to=tuple(applies_to),
        source=_text(data.get("source"), path, "source", required=False),
        in_force_from=in_force_from, in_force_until=in_force_until, milestones=milestones,
        path=Path(path), builtin=builtin,
        note=_text(data.get("note"), path, "note", required=False),
    )


def read_framework_file(path, builtin=False):
    from scr.workspace.config import read_toml  # one TOML reader: errors name the file

    return parse_framework(read_toml(Path(path)), Path(path), builtin=builtin)


_CACHE = {}


def _signature(paths):
    out = []
    for path in paths:
        try:
            stat = path.stat()
        except OSError:
            continue
        out.append((str(path), stat.st_mtime_ns, stat.st_size))
    return tuple(out)


def load_frameworks(workspace_dir=None):
    """Every framework by id: the built-in ones, then the workspace's (same id replaces).

    Raises FrameworkError for a malformed file, or for two workspace files with one id.
    """
    builtin_paths = sorted(BUILTIN_DIR.glob("*.toml"))
    ws_paths = sorted(Path(workspace_dir).glob("*.toml")) if workspace_dir else []
    key = (_signature(builtin_paths), _signature(ws_paths))
    if key in _CACHE:
        return dict(_CACHE[key])
    found = {}
    for path in builtin_paths:
        framework = read_framework_file(path, builtin=True)
        found[framework.id] = framework
    from_workspace = {}
    for path in ws_paths:
        framework = read_framework_file(path)
        if framework.id in from_workspace:
            raise FrameworkError(f"{path}: key \"id\": framework \"{framework.id}\" is also defined "
                                 f"in {from_workspace[framework.id].path}")
        from_workspace[framework.id] = framework
    for fid, framework in from_workspace.items():
        if fid in found:
            from_workspace[fid] = _inherit_basis(framework, found[fid])
    found.update(from_workspace)
    _CACHE.clear()
    _CACHE[key] = found
    return dict(found)


def _inherit_basis(framework, builtin):
    """A workspace milestone replacing a built-in one (same framework and milestone id) keeps the
    built-in's basis and verified unless it states its own (CLI.md 1.1)."""
    from dataclasses import replace

    theirs = {m.id: m for m in builtin.milestones}
    milestones = []
    for m in framework.milestones:
        old = theirs.get(m.id)
        if old is not None:
            m = replace(m, basis=m.basis if m.basis is not None else old.basis,
                        verified=m.verified if m.verified is not None else old.verified)
        milestones.append(m)
    return replace(framework, milestones=tuple(milestones))


def workspace_frameworks(ws):
    """The workspace's frameworks, read once per workspace object (one command)."""
    cached = getattr(ws, "_scr_frameworks", None)
    if cached is None:
        cached = load_frameworks(getattr(ws, "frameworks_dir", None))
        try:
            ws._scr_frameworks = cached
        except AttributeError:
            pass
    return cached


def get_framework(ws, framework_id):
    """The framework FRAMEWORK_ID of the workspace, or a clean error naming those that exist."""
    frameworks = workspace_frameworks(ws)
    if framework_id not in frameworks:
        known = ", ".join(sorted(frameworks)) or "none"
        raise ScrError(f'unknown framework "{framework_id}" (known: {known})')
    return frameworks[framework_id]


def default_framework(frameworks, kind, on_date):
    """The id of the framework for a new review of KIND aware on ON_DATE, or None.

    Among the frameworks that declare KIND in ``applies_to`` and were in force on ON_DATE, the
    newest (latest ``in_force_from``; then id) wins.
    """
    candidates = [f for f in frameworks.values() if kind in f.applies_to and f.in_force(on_date)]
    if not candidates:
        return None
    return max(candidates, key=lambda f: (f.in_force_from or date.min, f.id)).id


def choose_framework(ws, kind, on_date):
    return default_framework(workspace_frameworks(ws), kind, on_date)


#: The scr.toml calendar regions whose bank holidays fit a framework's region.
_CALENDARS = {"england": ("england-and-wales",), "england-and-wales": ("england-and-wales", "wales"),
              "wales": ("wales", "england-and-wales"), "scotland": ("scotland",),
              "northern-ireland": ("northern-ireland",)}


def warn_region(ws, framework_id):
    """Warn where a review's framework belongs to another nation than the workspace's calendar:
    its working days would be counted on the wrong bank holidays."""
    framework = workspace_frameworks(ws).get(framework_id) if framework_id else None
    if framework is None or framework.region is None:
        return
    if ws.region not in _CALENDARS[framework.region]:
        ws.warn(f'framework "{framework.id}" belongs to {framework.region}, but this workspace counts '
                f'working days on the bank holidays of "{ws.region}" (scr.toml [calendar] region)')


# ---------------------------------------------------------------------------------------------
# The clocks


def _iso(day):
    return day.isoformat() if day else None


def _day(value):
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value)


def matches(kind, pattern):
    """Does an event of KIND meet PATTERN? ``notify:R`` matches a notification to R of any purpose."""
    if kind == pattern:
        return True
    return is_notification(pattern) and pattern.count(":") == 1 and kind.startswith(pattern + ":")


def _record_number(record):
    digits = "".join(ch for ch in str(record.get("id", "")) if ch.isdigit())
    return int(digits) if digits else 0


@dataclass
class Facts:
    """What the clocks of one review are computed from."""

    events: list = field(default_factory=list)   # not withdrawn; dicts with kind, date, planned
    pauses: list = field(default_factory=list)   # not withdrawn; dicts with from, to
    impact_start: date | None = None              # the day the last open action was completed
    delays: dict = field(default_factory=dict)    # milestone -> its latest reason for delay
    kind: str | None = None                       # the review's kind (milestones' `kinds`)
    check_in_weeks: int | None = None             # regulation 14's interval (scr/timescales/checkin.py)

    def actual(self, pattern, on_or_after=None):
        """The earliest date of a recorded (not planned) event matching PATTERN, or None."""
        days = [_day(e["date"]) for e in self.events
                if not e.get("planned") and matches(e["kind"], pattern)]
        if on_or_after is not None:
            days = [d for d in days if d >= on_or_after]
        return min(days) if days else None

    def planned(self, pattern):
        """The date of the latest-recorded planned event matching PATTERN, or None."""
        plans = [e for e in self.events if e.get("planned") and matches(e["kind"], pattern)]
        if not plans:
            return None
        return _day(max(plans, key=_record_number)["date"])

    def open_pause(self):
        return any(not p.get("to") for p in self.pauses)


def _calendar_for(milestone, cal):
    """The board's closure days move only local deadlines (CLI.md 1.1): a national one is counted
    on the region's working days alone."""
    if milestone.local or not getattr(cal, "closures", None):
        return cal
    from scr.timescales.workdays import WorkingCalendar

    return WorkingCalendar(cal.region)


def evaluate(milestone, facts, today, cal):
    """One milestone's row: ``from``, ``due``, ``status``, ``met_on`` (dates as date objects).

    Returns None when the milestone does not exist: its ``when`` event is not recorded, or its
    clock started (a ``before`` milestone: falls due) outside its ``in_force_from``/``until``.
    """
    from scr.timescales.pauses import moved_due, stops

    if milestone.when and facts.actual(milestone.when) is None:
        return None
    cal = _calendar_for(milestone, cal)
    start = target = due = None
    target_planned = False
    if milestone.start:
        start = facts.actual(milestone.start)
        if start is not None and not milestone.in_force(start):
            return None
        if start is not None and milestone.unit:
            due = cal.shift(start, milestone.amount, milestone.unit)
    else:
        target = facts.actual(milestone.before)
        if target is None:
            target = facts.planned(milestone.before)
            target_planned = target is not None
        due = cal.shift(target, -milestone.amount, milestone.unit) if target else None
        if due is not None and not milestone.in_force(due):
            return None
    paused = False
    if due is not None and milestone.pausable:
        due = moved_due(start, due, facts.pauses, today)
        paused = stops(start, due, facts.pauses, today)
    met_on = facts.actual(milestone.met_by, on_or_after=start)
    if met_on is not None:
        status = "met" if due is None or met_on <= due else "met-late"
    elif milestone.unit is None and start is not None:
        status = "pending"  # a duty with no fixed period: its clock runs, it is never overdue
    elif due is None:
        status = "waiting"
    elif paused:
        status = "paused"
    elif due >= today:
        status = "due"
    else:
        status = "overdue"
    return {"from": start, "before": target, "before_planned": target_planned, "due": due,
            "status": status, "met_on": met_on}


def impact_milestone(facts, today):
    """scr's own milestone: twelve months after the last open action was completed."""
    start = facts.impact_start
    from scr.actions.rules import IMPACT_REVIEW_MONTHS
    from scr.timescales.workdays import add_months

    due = add_months(start, IMPACT_REVIEW_MONTHS) if start else None
    met_on = facts.actual(IMPACT_EVENT, on_or_after=start)
    if met_on is not None:
        status = "met" if due is None or met_on <= due else "met-late"
    elif due is None:
        status = "waiting"
    else:
        status = "due" if due >= today else "overdue"
    return {"from": start, "before": None, "before_planned": False, "due": due, "status": status,
            "met_on": met_on}


IMPACT_TITLE = "Impact of the review's action plan reviewed"
IMPACT_SOURCE = "scr: twelve months after the review's last open action was completed"
# scr's own milestone, as a Milestone so that its row is made like every other one.
#: Regulation 14's check-in: due a board-set number of weeks after the last one (timescales/checkin.py).
CHECK_IN = Milestone(id=checkin.CHECK_IN, title=checkin.CHECK_IN_TITLE, unit=None, amount=None,
                     met_by=checkin.CHECK_IN, source=checkin.CHECK_IN_SOURCE, basis="local",
                     verified=False)
IMPACT = Milestone(id=IMPACT_REVIEW, title=IMPACT_TITLE, unit="months", amount=12,
                   met_by=IMPACT_EVENT, source=IMPACT_SOURCE, basis="scr", verified=False)


def facts_of(rv):
    """The events, pauses and actions of review RV that count (withdrawn records do not), with the
    events of the reviews it is linked to as ``became`` (CLI.md 1.1: shared for every clock)."""
    from scr.actions.rules import impact_review_start_for  # actions own the rule; the clock only counts
    from scr.timescales.checkin import interval
    from scr.timescales.delays import reasons_by_milestone
    from scr.timescales.links import shared_events

    events = rv.events()
    shared = shared_events(rv)
    if shared:
        events = sorted(events + shared, key=lambda e: e["date"])
    return Facts(events=events, pauses=rv.pauses(), impact_start=impact_review_start_for(rv),
                 delays=reasons_by_milestone(rv), kind=rv.kind,
                 check_in_weeks=interval(rv.record, rv.ws.settings.check_in_weeks))


def compute(ref, framework, facts, today, cal):
    """Every milestone row of one review, framework's first (file order), then impact-review and
    regulation 14's check-in."""
    rows = []
    framework_id = framework.id if framework else None
    for milestone in framework.milestones if framework else ():
        if not milestone.carried_by(facts.kind):
            continue
        result = evaluate(milestone, facts, today, cal)
        if result is None:
            continue
        rows.append(_row(ref, framework_id, milestone, result, facts))
    rows.append(_row(ref, framework_id, IMPACT, impact_milestone(facts, today), facts))
    check_in = checkin.evaluate(facts, facts.check_in_weeks, today, facts.kind)
    if check_in is not None:
        rows.append(_row(ref, framework_id, CHECK_IN, check_in, facts))
    return rows


def _row(ref, framework_id, milestone, result, facts):
    return {
        "review": ref, "milestone": milestone.id, "title": milestone.title,
        "from": _iso(result["from"]), "due": _iso(result["due"]), "status": result["status"],
        "met_on": _iso(result["met_on"]), "met_by": milestone.met_by, "framework": framework_id,
        "before": _iso(result["before"]), "before_planned": result["before_planned"],
        "basis": milestone.basis, "verified": milestone.verified,
        "basis_label": basis_label(milestone.basis, milestone.verified), "source": milestone.source,
        "pausable": milestone.pausable, "delay_reason": facts.delays.get(milestone.id),
    }




def review_milestones(rv, today=None, cal=None, frameworks=None):
    """The milestone rows of review RV, ordered as ``scr deadlines`` orders them."""
    ws = rv.ws
    today = today or ws.today
    if cal is None:
        from scr.timescales.workdays import for_workspace

        cal = for_workspace(ws)
    framework_id = rv.record.get("framework")
    framework = None
    if framework_id:
        frameworks = frameworks if frameworks is not None else workspace_frameworks(ws)
        framework = frameworks.get(framework_id)
        if framework is None:
            raise ScrError(f'review {rv.ref} names the framework "{framework_id}", which does not '
                           f"exist (known: {', '.join(sorted(frameworks)) or 'none'})")
    return sort_rows(compute(rv.ref, framework, facts_of(rv), today, cal))


def record_delay(review, milestone, reason):
    """``scr delay``: why MILESTONE, one the review carries today, is or was late."""
    from scr.timescales.delays import record_delay as record

    return record(review, milestone, reason, [row["milestone"] for row in review_milestones(review)])








def deadlines_of(ws, ref, days=None):
    """``scr deadlines REF``: the milestone rows of one review (across reviews:
    board/portfolio.py)."""
    with ws.open_review(ref) as rv:
        rows = review_milestones(rv, ws.today)
    return within(rows, days, ws.today) if days is not None else rows


# ---------------------------------------------------------------------------------------------
# The calendar of deadlines


def calendar_rows(rows):
    """The unmet milestones with a due date among ROWS (in deadline order)."""
    return [r for r in rows if r["status"] in UNMET and r["due"]]


def uid(row):
    """A UID that stays the same for a review's milestone, so re-importing updates the event."""
    return f"{row['review']}.{row['milestone']}@scr"


def to_ical(ws, rows, stamp=None):
    """An RFC 5545 calendar (bytes): one all-day event per row, with stable UIDs."""
    from datetime import datetime, timezone

    from icalendar import Calendar, Event

    stamp = stamp or datetime.now(timezone.utc)
    cal = Calendar()
    cal.add("prodid", "-//scr//statutory case review deadlines//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"{ws.board}: review deadlines")
    for row in rows:
        due = date.fromisoformat(row["due"])
        event = Event()
        event.add("uid", uid(row))
        event.add("dtstamp", stamp)
        event.add("dtstart", due)
        event.add("dtend", due + timedelta(days=1))
        event.add("summary", f"{row['review']}: {row['title']}")
        lines = [f"Review: {row['review']}", f"Framework: {row['framework'] or 'none'}",
                 f"Milestone: {row['milestone']}", f"Status: {row['status']}",
                 f"Met by: {row['met_by']}"]
        if row.get("from"):
            lines.append(f"Clock started: {row['from']}")
        if row.get("before"):
            lines.append(f"Counted back from: {row['before']}"
                         + (" (planned)" if row.get("before_planned") else ""))
        lines.append(f"Basis: {row.get('basis_label') or basis_label(row.get('basis'), row.get('verified'))}")
        if row.get("source"):
            lines.append(f"Source: {row['source']}")
        event.add("description", "\n".join(lines))
        event.add("categories", [row["review"]])
        event.add("transp", "TRANSPARENT")
        cal.add_component(event)
    return cal.to_ical()


def write_calendar(ws, rows, output=None):
    """``scr calendar``: the iCalendar file of every unmet milestone among ROWS (those of every open
    review), written to ``output`` (default out/deadlines.ics); returns its path."""
    from scr.workspace import outputs

    path = outputs.target(output, ws.out_dir / "deadlines.ics")
    outputs.format_of("calendar", path)
    return ws.write_output(path, to_ical(ws, calendar_rows(rows)))
