"""CLI.md 1.1: `--as-of` is a point in time. For random histories of a review, everything the
reading commands print as of a day D equals what they print for the same workspace built only from
the records dated on or before D.

A history is a list of commands, each typed on its own day (its --as-of, never before the fact it
records). A record's date is the date of the fact (an event's date, a pause's start, a resumption's
day, a completion's date) or, for a change with no date of its own (an action added or set going, a
title set, a delay, a withdrawal), the day it was typed. The second workspace runs, in the same
order and on the same days, only the commands whose record is dated on or before D.
"""

import json
import re
from datetime import date, timedelta

from click.testing import CliRunner
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from scr.cli import cli
from scr.workspace.workspace import create

START = date(2016, 1, 4)  # Working Together 2015: notification, completion and publication clocks
DAYS = 80
EVENT_KINDS = ["referral", "decision", "initiated", "author-appointed", "board-signoff", "published"]


def day(offset):
    return (START + timedelta(days=offset)).isoformat()


fact = st.integers(0, DAYS)
lag = st.integers(0, 15)
op = st.one_of(
    st.tuples(st.just("event"), st.sampled_from(EVENT_KINDS), fact, lag),
    st.tuples(st.just("notify"), st.sampled_from(["ofsted", "panel"]), fact, lag),
    st.tuples(st.just("pause"), fact, lag),
    st.tuples(st.just("resume"), fact, lag),
    st.tuples(st.just("action"), st.integers(0, DAYS + 30), fact),
    st.tuples(st.just("complete"), st.integers(1, 3), fact, lag),
    st.tuples(st.just("progress"), st.integers(1, 3), fact),
    st.tuples(st.just("title"), fact),
    st.tuples(st.just("withdraw"), st.integers(0, 5), fact),
    st.tuples(st.just("delay"), fact),
    st.tuples(st.just("request"), st.sampled_from(["Police", "Health"]), fact),
)


def plan(ops):
    """Each op as (typed-on day, record date, argv builder), in the order they are typed."""
    steps = []
    for item in ops:
        name = item[0]
        if name in ("event", "notify"):
            _, what, f, extra = item
            typed, record = f + extra, f
            if name == "event":
                argv = ["event", "r1", what, "--date", day(f)]
            else:
                argv = ["notify", "r1", what, "--purpose", "incident", "--date", day(f)]
        elif name == "pause":
            _, f, extra = item
            typed, record = f + extra, f
            argv = ["pause", "r1", "--from", day(f), "--reason", "Parallel criminal proceedings"]
        elif name == "resume":
            _, f, extra = item
            typed, record = f + extra, f
            argv = ["resume", "r1", "--date", day(f)]
        elif name == "action":
            _, due, typed = item
            record = typed
            argv = ["actions", "add", "r1", f"Action {due}", "--recommendation", "1",
                    "--agency", "Health", "--due", day(due)]
        elif name == "complete":
            _, n, f, extra = item
            typed, record = f + extra, f
            argv = ["actions", "update", f"r1:{n}", "--status", "completed", "--date", day(f),
                    "--evidence", "Audit"]
        elif name == "progress":
            _, n, typed = item
            record = typed
            argv = ["actions", "update", f"r1:{n}", "--status", "in-progress"]
        elif name == "title":
            _, typed = item
            record = typed
            argv = ["set", "r1", "title", f"Review, retitled on {day(typed)}"]
        elif name == "withdraw":
            _, index, typed = item
            record = typed
            argv = ("withdraw", index)  # the index-th event made so far: its id is known only then
        elif name == "delay":
            _, typed = item
            record = typed
            argv = ["delay", "r1", "impact-review", "--reason", f"Recorded on {day(typed)}"]
        else:
            _, agency, typed = item
            record = typed
            argv = ["chronology", "request", "r1", agency, "--due", day(typed + 20)]
        steps.append((typed, record, argv))
    return sorted(steps, key=lambda s: s[0])  # stable: ops typed on one day keep their order


def run(ws, argv, as_of):
    result = CliRunner().invoke(cli, [str(a) for a in argv], catch_exceptions=True,
                                env={"SCR_WORKSPACE": str(ws), "SCR_AS_OF": as_of, "SCR_USER": "t",
                                     "NO_COLOR": "1"})
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def build(root, steps):
    """A workspace from STEPS; returns the steps that succeeded (a refused one is no record), each
    as (typed, record, argv) with a withdrawal naming the step that made its event."""
    ws = create(root, "Test Board")
    assert run(ws, ["new", "scr", "--ref", "r1", "--title", "Review", "--subject", "Child A",
                    "--aware", day(0)], day(0)).exit_code == 0
    made, ids = [], {}  # ids: the position in `made` of an event's step -> its record id
    for typed, record, argv in steps:
        if argv[0] == "withdraw":  # the n-th event made so far
            events = sorted(ids)
            if argv[1] >= len(events):
                continue
            argv = ("withdraw-step", events[argv[1]])
        if argv[0] == "withdraw-step":
            real = ["withdraw", "r1", ids[argv[1]], "--reason", "In error"]
        else:
            real = argv
        result = run(ws, real, day(typed))
        if result.exit_code != 0:
            continue
        if argv[0] in ("event", "notify"):
            ids[len(made)] = result.stdout.strip()
        made.append((typed, record, argv))
    return ws, made


def up_to(made, cut):
    """The steps whose record is dated on or before CUT, withdrawals renumbered to them."""
    kept, where = [], {}
    for position, (typed, record, argv) in enumerate(made):
        if record > cut:
            continue
        if argv[0] == "withdraw-step":
            argv = ("withdraw-step", where[argv[1]])
        where[position] = len(kept)
        kept.append((typed, record, argv))
    return kept


_RECORD_ID = re.compile(r"^[eprd]\d+$")


def normal(value):
    """Output without what differs between two equal workspaces: record ids (numbered in the order
    typed), action versions and history (timestamps)."""
    if isinstance(value, dict):
        return {k: normal(v) for k, v in value.items()
                if k not in ("history", "version", "path")
                and not (k == "id" and isinstance(v, str) and _RECORD_ID.match(v))}
    if isinstance(value, list):
        items = [normal(v) for v in value]
        if all(isinstance(v, dict) and "ref" not in v and "review" not in v for v in items):
            return sorted(items, key=lambda v: json.dumps(v, sort_keys=True))
        return items
    return value


READERS = [
    ["list", "--all", "--json"], ["status", "--json"], ["deadlines", "--all", "--json"],
    ["show", "r1", "--json"], ["actions", "list", "--json"], ["actions", "overdue", "--json"],
    ["chronology", "status", "r1", "--json"],
]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=st.lists(op, min_size=3, max_size=14), cut=st.integers(0, DAYS))
def test_as_of_a_day_equals_the_workspace_built_from_the_records_up_to_it(tmp_path_factory, ops, cut):
    steps = plan(ops)
    full, made = build(tmp_path_factory.mktemp("full"), steps)
    kept = up_to(made, cut)
    partial, made_partial = build(tmp_path_factory.mktemp("partial"), kept)
    assume(len(made_partial) == len(kept))  # a history the CLI cannot replay in part is no example
    as_of = day(cut)
    readers = READERS + [["annual", "--from", day(0), "--to", as_of, "--json"]]
    for argv in readers:
        seen = run(full, argv, as_of)
        built = run(partial, argv, as_of)
        assert seen.exit_code == built.exit_code == 0, (argv, seen.stderr, built.stderr)
        assert normal(json.loads(seen.stdout)) == normal(json.loads(built.stdout)), argv
