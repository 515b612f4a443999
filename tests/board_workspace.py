"""A workspace whose board-reporting answers are known, built through the CLI (real files).

The period is 2013-04-01..2014-03-31. A test framework ``test`` (calendar days, so no bank holiday
can move a date) has two milestones from ``aware``: Ofsted told within 5 days, the DfE within 5 days.

Reviews (every edge of the period is exercised):
- ``r1``: aware 2013-03-20; initiated 2013-04-01 (first day: in); board-signoff 2014-03-31 (last day:
  in); published 2014-04-01 (day after: out). Ofsted told 2013-03-24 (on time, before the period:
  not counted); the DfE never told (overdue).
- ``r2``: aware 2013-06-01; initiated 2013-03-31 (day before: out); published 2013-08-12 (in).
  Ofsted told 2013-06-05 (on time), the DfE 2013-06-10 (due 06-06: late), the panel 2013-07-01
  (meets no milestone: on time); a notification recorded in error and withdrawn (not counted).
- ``r3``: aware 2014-03-26; an ``initiated`` 2013-05-01 withdrawn, and one on 2014-03-31 (in);
  a planned publication 2014-01-10 (planned: not counted). The DfE told 2014-03-31 (due that day: on time, in),
  Ofsted 2014-04-02 (late, after the period: not counted).
- ``r4``: no framework; board-signoff 2013-03-31 (out), initiated 2014-04-01 (out); closed 2014-04-15.

Actions (``added`` is the --as-of day each was added):
- a1 r1:1 Children's Social Care, added 2013-05-01, due 2013-09-01, completed 2013-08-01.
- a2 r1:2 Health (spelt "health  service" once, an alias), added 2013-05-01, due 2014-01-01, open.
- a3 r2:1 Health, added 2013-06-01, due 2014-03-31, open (due on TO: not overdue at TO).
- a4 r2:2 Police, added 2014-04-02 (after TO: not counted), due 2014-06-01.
- a5 r2:3 Police, added 2013-06-01, due 2013-12-01, completed 2014-04-10 (after TO: overdue at TO).
- a6 r4:1 Police, added 2013-06-01, due 2013-10-01, cancelled 2013-09-01.
- a7 r4:2 Children's Social Care, added 2013-06-01, due 2013-07-01, open (r4 is closed).

Known answers for 2013-04-01..2014-03-31: initiated [r1, r3]; concluded [r1]; published [r2];
notifications total 4, late 1, on time 3; actions total 6, completed 1, overdue 3 (a2, a5, a7).
By agency: Children's Social Care 2/1/1, Health 2/0/1, Police 2/0/1.
`scr status` as of 2014-04-30 (open reviews r1-r3): overdue milestones 1 (r1's DfE), overdue actions
2 (a2, a3).
"""

FRAMEWORK = """\
id = "test"
title = "A test framework in calendar days"
applies_to = ["scr"]
source = "tests"

[[milestones]]
id = "ofsted"
title = "Ofsted told"
from = "aware"
days = 5
met_by = "notify:ofsted:incident"

[[milestones]]
id = "dfe"
title = "DfE told"
from = "aware"
days = 5
met_by = "notify:dfe:incident"
"""

AGENCIES = """
[agencies."Health"]
aliases = ["health service"]
"""

PERIOD = ("2013-04-01", "2014-03-31")
STATUS_DAY = "2014-04-30"


def ok(result):
    assert result.exit_code == 0, result.output + (result.stderr if result.stderr_bytes else "")
    return result


_BUILT = {}


def build(ws_path, run):
    """Build the known workspace in WS_PATH: once per test session, then copied (it is slow to build)."""
    import shutil

    if "root" not in _BUILT:
        _build(ws_path, run)
        _BUILT["root"] = ws_path.parent / "known-template"
        shutil.copytree(ws_path, _BUILT["root"], symlinks=True)
        return ws_path
    shutil.rmtree(ws_path)
    shutil.copytree(_BUILT["root"], ws_path, symlinks=True)
    return ws_path


def _build(ws_path, run):
    (ws_path / "frameworks" / "test.toml").write_text(FRAMEWORK, encoding="utf-8")
    with open(ws_path / "scr.toml", "a", encoding="utf-8") as handle:
        handle.write(AGENCIES)

    def at(day, *args):
        return ok(run("--as-of", day, *args))

    at("2013-03-30", "new", "scr", "--ref", "r1", "--framework", "test", "--title", "Review one",
       "--subject", "Child A", "--aware", "2013-03-20")
    at("2013-03-30", "set", "r1", "incident", "death")  # 1.1: a set counts from its --as-of
    at("2014-04-30", "event", "r1", "initiated", "--date", "2013-04-01")
    at("2014-04-30", "event", "r1", "board-signoff", "--date", "2014-03-31")
    at("2014-04-30", "event", "r1", "published", "--date", "2014-04-01")
    at("2014-04-30", "notify", "r1", "ofsted", "--purpose", "incident", "--date", "2013-03-24")

    at("2013-06-01", "new", "scr", "--ref", "r2", "--framework", "test", "--title", "Review two",
       "--subject", "Child B", "--aware", "2013-06-01")
    at("2013-06-01", "set", "r2", "incident", "serious-harm")
    at("2014-04-30", "event", "r2", "initiated", "--date", "2013-03-31")
    at("2014-04-30", "event", "r2", "published", "--date", "2013-08-12")
    at("2014-04-30", "notify", "r2", "ofsted", "--purpose", "incident", "--date", "2013-06-05")
    at("2014-04-30", "notify", "r2", "dfe", "--purpose", "incident", "--date", "2013-06-10")
    at("2014-04-30", "notify", "r2", "panel", "--date", "2013-07-01")
    wrong = at("2014-04-30", "notify", "r2", "home-office", "--date", "2013-07-02").stdout.strip()
    at("2014-04-30", "withdraw", "r2", wrong, "--reason", "entered on the wrong review")

    at("2014-03-26", "new", "scr", "--ref", "r3", "--framework", "test", "--title", "Review three",
       "--subject", "Child C", "--aware", "2014-03-26")
    wrong = at("2014-04-30", "event", "r3", "initiated", "--date", "2013-05-01").stdout.strip()
    at("2014-04-30", "withdraw", "r3", wrong, "--reason", "wrong date")
    at("2014-04-30", "event", "r3", "initiated", "--date", "2014-03-31")
    at("2014-04-30", "event", "r3", "published", "--date", "2014-01-10", "--planned")
    at("2014-04-30", "notify", "r3", "dfe", "--purpose", "incident", "--date", "2014-03-31")
    at("2014-04-30", "notify", "r3", "ofsted", "--purpose", "incident", "--date", "2014-04-02")

    at("2013-03-01", "new", "thematic", "--ref", "r4", "--title", "Review four", "--subject", "Group D")
    at("2014-04-30", "event", "r4", "board-signoff", "--date", "2013-03-31")
    at("2014-04-30", "event", "r4", "initiated", "--date", "2014-04-01")

    def action(day, ref, agency, due, text):
        return at(day, "actions", "add", ref, text, "--recommendation", "1", "--agency", agency,
                  "--due", due)

    action("2013-05-01", "r1", "Children's Social Care", "2013-09-01", "Mark key documents")
    action("2013-05-01", "r1", "health  service", "2014-01-01", "Review the DNA policy")
    action("2013-06-01", "r2", "Health", "2014-03-31", "Train health visitors")
    action("2014-04-02", "r2", "Police", "2014-06-01", "Share custody records")
    action("2013-06-01", "r2", "Police", "2013-12-01", "Audit referrals")
    action("2013-06-01", "r4", "Police", "2013-10-01", "Superseded action")
    action("2013-06-01", "r4", "Children's Social Care", "2013-07-01", "Never finished")
    at("2013-08-01", "actions", "update", "r1:1", "--status", "completed", "--date", "2013-08-01",
       "--evidence", "audit report")
    at("2014-04-10", "actions", "update", "r2:3", "--status", "completed", "--date", "2014-04-10",
       "--evidence", "audit done")
    at("2013-09-01", "actions", "update", "r4:1", "--status", "cancelled", "--date", "2013-09-01")
    at("2014-04-30", "event", "r4", "closed", "--date", "2014-04-15")
    return ws_path
