"""Every built-in framework milestone against a date worked out by hand (England and Wales bank
holidays; the reasoning beside each), and the in-force dates of milestones and frameworks."""

from datetime import date

import pytest

from scr.timescales import clocks as ts
from scr.timescales.workdays import WorkingCalendar

CAL = WorkingCalendar("england-and-wales")
LATER = date(2030, 1, 1)  # every dated milestone is overdue then, every one without a period pending


def rows(framework_id, events, today=LATER):
    framework = ts.load_frameworks()[framework_id]
    recorded = [{"id": f"e{i + 1}", "kind": k, "date": d, "planned": False} for i, (k, d) in enumerate(events)]
    found = ts.compute("x", framework, ts.Facts(events=recorded), today, CAL)
    return {r["milestone"]: (r["from"], r["due"], r["status"]) for r in found if r["milestone"] != "impact-review"}


PENDING = "pending"

CASES = {
    # Child F's dates (the seed: begun the year before WT2013, published August 2013)
    "wt2010": ([("aware", "2012-10-15"), ("referral", "2012-10-16"), ("initiated", "2012-11-12"),
                ("not-initiated", "2013-07-01"), ("author-appointed", "2013-06-10"),
                ("board-signoff", "2013-07-15"), ("published", "2013-08-14")], {
        "incident-notification": ("2012-10-15", None, PENDING),
        "decision": ("2012-10-16", "2012-11-16", "overdue"),         # + 1 month
        "decision-to-ofsted": ("2012-11-12", None, PENDING),
        "decision-to-dfe": ("2012-11-12", None, PENDING),            # DfE from 21 Feb 2011
        # decision-to-panel: the decision (12 Nov 2012) came before the panel existed (June 2013)
        "not-initiated-to-panel": ("2013-07-01", "2013-07-15", "overdue"),  # + 14 days
        "reviewers-to-panel": ("2013-06-10", None, PENDING),
        "completion": ("2012-11-12", "2013-05-12", "met-late"),      # + 6 months; signed off 15 July
        "prepublication-panel": (None, "2013-08-07", "overdue"),     # 14 Aug - 7 days
        "publication": ("2013-07-15", "2013-08-15", "met"),          # + 1 month; published 14 Aug
    }),
    "wt2013": ([("aware", "2013-11-18"), ("referral", "2013-11-19"), ("initiated", "2013-12-10"),
                ("not-initiated", "2014-01-06"), ("author-appointed", "2014-01-15"),
                ("board-signoff", "2014-09-30"), ("published", "2014-11-28")], {
        "incident-notification": ("2013-11-18", None, PENDING),
        "incident-notification-dfe": ("2013-11-18", None, PENDING),
        "decision": ("2013-11-19", "2013-12-19", "overdue"),
        "decision-to-ofsted": ("2013-12-10", "2013-12-24", "overdue"),
        "decision-to-panel": ("2013-12-10", "2013-12-24", "overdue"),
        "reviewers-to-panel": ("2014-01-15", None, PENDING),
        "not-initiated-to-panel": ("2014-01-06", "2014-01-20", "overdue"),
        "completion": ("2013-12-10", "2014-06-10", "met-late"),
        "prepublication-ofsted": (None, "2014-11-21", "overdue"),
        "prepublication-dfe": (None, "2014-11-21", "overdue"),
        "prepublication-panel": (None, "2014-11-21", "overdue"),
        "publication": ("2014-09-30", "2014-10-30", "met-late"),     # published 28 Nov
    }),
    "wt2015": ([("aware", "2016-03-01"), ("referral", "2016-03-02"), ("initiated", "2016-03-20"),
                ("not-initiated", "2016-03-25"), ("author-appointed", "2016-04-01"),
                ("board-signoff", "2016-10-31"), ("published", "2016-12-01")], {
        "incident-notification": ("2016-03-01", "2016-03-08", "overdue"),  # Tue + 5: 2,3,4,7,8
        "incident-notification-lscb": ("2016-03-01", "2016-03-08", "met"),  # the referral, 2 Mar
        "decision": ("2016-03-02", "2016-04-02", "overdue"),
        "decision-to-ofsted": ("2016-03-20", "2016-04-03", "overdue"),
        "decision-to-panel": ("2016-03-20", "2016-04-03", "overdue"),
        "reviewers-to-panel": ("2016-04-01", None, PENDING),
        "not-initiated-to-panel": ("2016-03-25", "2016-04-08", "overdue"),
        "completion": ("2016-03-20", "2016-09-20", "met-late"),
        "prepublication-ofsted": (None, "2016-11-24", "overdue"),
        "prepublication-dfe": (None, "2016-11-24", "overdue"),
        "prepublication-panel": (None, "2016-11-24", "overdue"),
        "publication": ("2016-10-31", "2016-11-30", "met-late"),     # 31 Oct + 1 month: 30 Nov
    }),
    "wt2018-scr": ([("aware", "2018-08-23"), ("referral", "2018-08-24"), ("initiated", "2018-09-10"),
                    ("not-initiated", "2018-09-12"), ("board-signoff", "2019-01-31")], {
        # Thu 23 Aug 2018 + 5 working days: 24, (27 bank holiday), 28, 29, 30, 31
        "panel-notification": ("2018-08-23", "2018-08-31", "overdue"),
        "incident-notification-lscb": ("2018-08-23", "2018-08-31", "met"),
        "decision": ("2018-08-24", "2018-09-24", "overdue"),
        "not-initiated-to-panel": ("2018-09-12", None, PENDING),
        "completion": ("2018-09-10", "2019-03-10", "met"),           # signed off 31 Jan 2019
        "publication-decision-to-panel": ("2019-01-31", None, PENDING),
        "publication": ("2019-01-31", "2019-02-28", "overdue"),      # 31 Jan + 1 month: 28 Feb
    }),
    "wt2018": ([("aware", "2019-12-19"), ("notify:panel:incident", "2019-12-30"),
                ("initiated", "2020-01-28"), ("published", "2020-07-20")], {
        # Thu 19 Dec 2019 + 5: 20, 23, 24, (25, 26 holidays), 27, 30
        "panel-notification": ("2019-12-19", "2019-12-30", "met"),
        "partners-notification": ("2019-12-19", "2019-12-30", "overdue"),
        # Mon 30 Dec + 15: 31, (1 Jan), 2, 3, 6-10, 13-17, 20, 21
        "rapid-review": ("2019-12-30", "2020-01-21", "overdue"),
        "publication": ("2020-01-28", "2020-07-28", "met"),          # published 20 July
        # Mon 20 Jul 2020 - 7 working days: 17, 16, 15, 14, 13, 10, 9
        "prepublication-copy": (None, "2020-07-09", "overdue"),
        "prepublication-secretary-of-state": (None, "2020-07-09", "overdue"),
    }),
    "wt2023": ([("aware", "2024-05-02"), ("notify:panel:incident", "2024-05-09"), ("initiated", "2024-06-10"),
                ("published", "2024-12-27"), ("looked-after-child-died", "2024-05-02"),
                ("care-leaver-died", "2024-05-02")], {
        # Thu 2 May 2024 + 5: 3, (6 May bank holiday), 7, 8, 9, 10
        "panel-notification": ("2024-05-02", "2024-05-10", "met"),
        "partners-notification": ("2024-05-02", "2024-05-10", "overdue"),
        # Thu 9 May + 15: 10, 13-17, 20-24, (27 bank holiday), 28, 29, 30, 31
        "rapid-review": ("2024-05-09", "2024-05-31", "overdue"),
        "publication": ("2024-06-10", "2024-12-10", "met-late"),     # published 27 Dec
        # Fri 27 Dec 2024 - 7: (26, 25 holidays), 24, 23, 20, 19, 18, 17, 16
        "prepublication-copy": (None, "2024-12-16", "overdue"),
        "prepublication-secretary-of-state": (None, "2024-12-16", "overdue"),
        "looked-after-child-death": ("2024-05-02", "2024-05-10", "overdue"),
        "care-leaver-death": ("2024-05-02", "2024-05-10", "overdue"),
    }),
    "dhr2016": ([("referral", "2020-02-10"), ("decision", "2020-02-28"), ("home-office-approval", "2021-01-31")], {
        "decision": ("2020-02-10", "2020-03-10", "met"),
        "home-office-decision": ("2020-02-10", "2020-03-10", "overdue"),
        "completion": ("2020-02-28", "2020-08-28", "overdue"),       # 28 Feb + 6 months
        "publication": ("2021-01-31", "2021-02-28", "overdue"),
    }),
    "sar2014": ([("referral", "2020-02-10"), ("initiated", "2020-03-01")], {
        "decision": ("2020-02-10", None, PENDING),
        "completion": ("2020-03-01", None, PENDING),
    }),
    "dardr2024": ([("board-signoff", "2026-03-02")], {
        "report-to-secretary-of-state": ("2026-03-02", None, PENDING),
        "report-to-commissioner": ("2026-03-02", None, PENDING),
    }),
    "cpr2013": ([("decision", "2015-02-02"), ("initiated", "2015-02-03")], {
        "welsh-government-notification": ("2015-02-02", None, PENDING),
        "completion": ("2015-02-03", None, PENDING),
    }),
    "susr2024": ([("decision", "2025-02-03"), ("board-signoff", "2025-09-01")], {
        "welsh-government-notification": ("2025-02-03", None, PENDING),
        "repository": ("2025-09-01", None, PENDING),
    }),
    "clr2021": ([("decision", "2022-02-01"), ("board-signoff", "2022-09-01")], {
        "care-inspectorate-decision": ("2022-02-01", None, PENDING),
        "care-inspectorate-report": ("2022-09-01", None, PENDING),
    }),
    "cmr2012": ([("referral", "2014-05-06")], {
        "decision": ("2014-05-06", None, PENDING),
    }),
}

# The national repository: a duty with no period, pending from publication (scr sets none).
for _fid in ("wt2013", "wt2015", "wt2018", "wt2023"):
    CASES[_fid][1]["repository"] = (dict(CASES[_fid][0])["published"], None, PENDING)


@pytest.mark.parametrize("framework_id", sorted(CASES))
def test_every_milestone_against_a_hand_worked_date(framework_id):
    events, expected = CASES[framework_id]
    got = rows(framework_id, events)
    assert got == expected


def test_the_cases_cover_every_built_in_milestone():
    frameworks = ts.load_frameworks()
    assert set(CASES) == set(frameworks)
    for fid, fw in frameworks.items():
        worked = set(CASES[fid][1])
        absent = {"wt2010": {"decision-to-panel"}}.get(fid, set())  # not in force for Child F's dates
        assert {m.id for m in fw.milestones} == worked | absent, fid


def test_the_national_panel_exists_only_from_june_2013():
    # a WT2010 review whose decision came after the panel began does carry the panel milestone
    got = rows("wt2010", [("aware", "2013-04-01"), ("initiated", "2013-06-03"), ("published", "2013-05-20")])
    assert got["decision-to-panel"] == ("2013-06-03", "2013-06-17", "overdue")
    assert "prepublication-panel" not in got  # due 13 May 2013: before the panel existed
    got = rows("wt2013", [("aware", "2013-04-20"), ("initiated", "2013-05-01")])
    assert "decision-to-panel" not in got and got["decision-to-ofsted"][1] == "2013-05-15"


def test_every_basis_is_used_and_scr_defaults_say_so():
    bases = {m.basis for fw in ts.load_frameworks().values() for m in fw.milestones}
    assert bases == set(ts.BASES) - {"local"}  # "local" is a board's own, never a built-in
    rapid = [m for m in ts.load_frameworks()["wt2023"].milestones if m.id == "rapid-review"][0]
    assert (rapid.basis, rapid.verified) == ("expectation", True)


def test_a_workspace_milestone_replacing_a_built_in_inherits_its_basis(tmp_path):
    (tmp_path / "wt2015.toml").write_text(
        'id = "wt2015"\ntitle = "Ours"\napplies_to = ["scr"]\n[[milestones]]\nid = "decision"\n'
        'title = "D"\nfrom = "referral"\nmonths = 1\nmet_by = "decision"\n'
        '[[milestones]]\nid = "completion"\ntitle = "C"\nfrom = "initiated"\nmonths = 5\n'
        'met_by = "board-signoff"\nbasis = "local"\nverified = false\n'
        '[[milestones]]\nid = "own"\ntitle = "O"\nfrom = "aware"\ndays = 3\nmet_by = "referral"\n',
        encoding="utf-8")
    ms = {m.id: m for m in ts.load_frameworks(tmp_path)["wt2015"].milestones}
    assert (ms["decision"].basis, ms["decision"].verified) == ("statutory-guidance", True)
    assert (ms["completion"].basis, ms["completion"].verified) == ("local", False)
    assert ms["own"].basis is None and ms["own"].local


def test_a_before_milestone_needs_a_period_and_a_basis_must_be_known(tmp_path):
    (tmp_path / "x.toml").write_text(
        'id = "x"\ntitle = "X"\n[[milestones]]\nid = "m"\ntitle = "M"\nbefore = "published"\n'
        'met_by = "notify:panel"\n', encoding="utf-8")
    with pytest.raises(ts.FrameworkError, match='milestone "m": key "before"'):
        ts.load_frameworks(tmp_path)
    (tmp_path / "x.toml").write_text(
        'id = "x"\ntitle = "X"\n[[milestones]]\nid = "m"\ntitle = "M"\nfrom = "aware"\n'
        'met_by = "notify:panel"\nbasis = "law"\n', encoding="utf-8")
    with pytest.raises(ts.FrameworkError, match='key "basis": \'law\' is not a basis'):
        ts.load_frameworks(tmp_path)


@pytest.mark.parametrize("kind, framework", [("sar", "sar2014"), ("dardr", "dardr2024"), ("cpr", "cpr2013"),
                                              ("susr", "susr2024"), ("clr", "clr2021"), ("cmr", "cmr2012")])
def test_new_kinds_open_with_their_framework(ws_path, run, kind, framework):
    import json

    assert run("--as-of", "2026-11-30", "new", kind, "--title", "T", "--subject", "Adult A", "--ref", "r",
               "--aware", "2/11/2026").exit_code == 0
    shown = json.loads(run("--as-of", "2026-11-30", "show", "r", "--json").stdout)
    assert (shown["kind"], shown["framework"]) == (kind, framework)


def test_a_framework_of_another_nation_is_warned_of(ws_path, run):
    result = run("--as-of", "2026-11-30", "new", "clr", "--title", "T", "--subject", "Child S", "--ref", "s",
                 "--aware", "2/11/2026")
    assert result.exit_code == 0
    assert 'framework "clr2021" belongs to scotland' in result.stderr and "england-and-wales" in result.stderr
    config = ws_path / "scr.toml"
    config.write_text(config.read_text().replace('region = "england-and-wales"', 'region = "scotland"'))
    again = run("--as-of", "2026-11-30", "new", "clr", "--title", "T", "--subject", "Child T", "--ref", "t",
                "--aware", "2/11/2026")
    assert again.exit_code == 0 and "belongs to" not in again.stderr


@pytest.mark.parametrize("basis, moved", [("statute", False), ("regulations", False),
                                          ("statutory-guidance", False), ("expectation", False),
                                          ("local", True), ("scr", True), (None, True)])
def test_a_closure_day_moves_only_local_deadlines_for_every_basis(basis, moved):
    closed = WorkingCalendar("england-and-wales", closures=[date(2014, 1, 6)])
    m = ts.Milestone(id="m", title="M", unit="working_days", amount=5, met_by="referral", start="aware",
                     basis=basis, verified=False)
    facts = ts.Facts(events=[{"id": "e1", "kind": "aware", "date": "2014-01-02", "planned": False}])
    # Thu 2 Jan 2014 + 5 working days: 3, 6, 7, 8, 9; the board's closure on Mon 6 Jan adds the 10th
    assert ts.evaluate(m, facts, date(2014, 1, 2), closed)["due"] == (date(2014, 1, 10) if moved else date(2014, 1, 9))
    assert ts.basis_label(basis, False) != ""
