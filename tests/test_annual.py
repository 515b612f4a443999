"""`scr annual`: every figure on a workspace whose right answers are known (tests/board_workspace.py)."""

import json

import pytest

from board_workspace import PERIOD, build, ok
from scr.board import annual
from scr.values import from_iso
from scr.workspace.workspace import Workspace


@pytest.fixture
def known(ws_path, run):
    return build(ws_path, run)


def annual_json(run, *extra, period=PERIOD):
    result = ok(run("--as-of", "2014-04-30", "annual", "--from", period[0], "--to", period[1], "--json", *extra))
    return json.loads(result.stdout)


def test_reviews_initiated_concluded_published_across_the_edges(known, run):
    figures = annual_json(run)
    assert figures["from"] == "2013-04-01" and figures["to"] == "2014-03-31"
    assert figures["initiated"] == ["r1", "r3"]       # r2 the day before, r4 the day after, r3's withdrawn one
    assert figures["concluded"] == ["r1"]             # r4 signed off the day before
    assert figures["published"] == ["r2"]             # r1 the day after; r3's publication only planned


def test_notifications_on_time_and_late(known, run):
    notes = annual_json(run)["notifications"]
    assert {k: notes[k] for k in ("total", "on_time", "late")} == {"total": 4, "on_time": 3, "late": 1}
    late = [(n["review"], n["recipient"]) for n in notes["list"] if n["late"]]
    assert late == [("r2", "dfe")]
    assert [n["date"] for n in notes["list"]] == ["2013-06-05", "2013-06-10", "2013-07-01", "2014-03-31"]


def test_action_completion_overall_and_by_agency(known, run):
    actions = annual_json(run)["actions"]
    assert {k: actions[k] for k in ("total", "completed", "overdue")} == {"total": 6, "completed": 1, "overdue": 3}
    by_agency = {g["agency"]: (g["total"], g["completed"], g["overdue"], g["open"]) for g in actions["by_agency"]}
    assert by_agency == {"Children's Social Care": (2, 1, 1, 1), "Health": (2, 0, 1, 2), "Police": (2, 0, 1, 1)}


def test_what_remains_outstanding(known, run):
    outstanding = annual_json(run)["outstanding"]
    assert [r["ref"] for r in outstanding["reviews"]] == ["r1", "r3"]  # initiated, not published by TO
    assert [(a["id"], a["overdue"]) for a in outstanding["actions"]] == [
        ("r4:2", True), ("r2:3", True), ("r1:2", True), ("r2:1", False)]


def test_a_period_of_one_day_counts_its_own_day(known, run):
    figures = annual_json(run, period=("2014-03-31", "2014-03-31"))
    assert figures["initiated"] == ["r3"] and figures["concluded"] == ["r1"] and figures["published"] == []
    assert figures["notifications"]["total"] == 1


def test_the_figures_do_not_depend_on_as_of_for_past_actions(known, run):
    later = json.loads(ok(run("--as-of", "2015-01-01", "annual", "--from", PERIOD[0], "--to", PERIOD[1],
                              "--json")).stdout)
    assert {k: later["actions"][k] for k in ("total", "completed", "overdue")} == {"total": 6, "completed": 1, "overdue": 3}


def test_markdown_section_says_what_happened(known, run):
    path = ok(run("--as-of", "2014-04-30", "annual", "--from", PERIOD[0], "--to", PERIOD[1],
                  "-o", known / "out" / "a.md")).stdout.strip()
    text = open(path, encoding="utf-8").read()
    assert path == str(known / "out" / "a.md")
    assert text.startswith("## Serious Case / Thematic Reviews")
    assert "This section covers 2013-14" in text
    assert "concluded the serious case review *Review one* (r1), following the death of a child" in text
    assert "4 statutory notifications, of which 3 were made on time and 1 late" in text
    assert "| Health | 2 | 0 | 1 | 2 |" in text
    assert "published in Aug 2013" in text


def test_default_output_goes_to_out(known, run):
    path = ok(run("annual", "--from", PERIOD[0], "--to", PERIOD[1])).stdout.strip()
    assert path == str(known / "out" / "annual-2013-04-01-to-2014-03-31.md")


def test_docx_through_pandoc(known, run):
    import docx

    target = known / "annual.docx"
    ok(run("--as-of", "2014-04-30", "annual", "--from", "1/4/2013", "--to", "31/3/2014", "-o", target))
    document = docx.Document(str(target))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Serious Case / Thematic Reviews" in text and "Review one" in text
    assert any("Health" in cell.text for table in document.tables for row in table.rows for cell in row.cells)


def test_json_with_a_file_names_the_file(known, run):
    target = known / "out" / "annual.html"
    figures = annual_json(run, "-o", target)
    assert figures["path"] == str(target) and figures["published"] == ["r2"]
    assert "<table" in target.read_text(encoding="utf-8")


def test_a_board_template_replaces_the_section(known, run):
    (known / "templates").mkdir()
    (known / "templates" / "annual.md.j2").write_text(
        "# {{ board }}\n{{ a.initiated | join(', ') }} / {{ a.notifications.late }}\n", encoding="utf-8")
    path = ok(run("annual", "--from", PERIOD[0], "--to", PERIOD[1], "-o", known / "x.md")).stdout.strip()
    assert open(path, encoding="utf-8").read() == "# Tower Hamlets Safeguarding Children Board\nr1, r3 / 1\n"


def test_a_template_cannot_reach_python(known, run):
    (known / "templates").mkdir()
    (known / "templates" / "annual.md.j2").write_text("{{ a.__class__.__mro__ }}{{ missing }}\n", encoding="utf-8")
    result = run("annual", "--from", PERIOD[0], "--to", PERIOD[1], "-o", known / "x.md")
    assert result.exit_code == 1 and result.stderr.startswith("Error:")
    assert not (known / "x.md").exists()


@pytest.mark.parametrize("args, message", [
    (("--from", "2014-04-01", "--to", "2014-03-31"), "is after --to"),
    (("--from", "31/2/2014", "--to", "2014-03-31"), "not a real date"),
    (("--from", "2013-04-01", "--to", "2014-03-31", "-o", "x.pdf"), ".md, .docx or .html"),
])
def test_bad_input_is_a_clean_error(ws_path, run, args, message):
    result = run("annual", *args)
    assert result.exit_code == 1 and message in result.stderr and result.stdout == ""


def test_empty_workspace_has_zero_figures(ws_path, run):
    figures = annual_json(run)
    assert figures["initiated"] == figures["concluded"] == figures["published"] == []
    assert figures["notifications"]["total"] == 0
    assert {k: figures["actions"][k] for k in ("total", "completed", "overdue")} == {"total": 0, "completed": 0, "overdue": 0}


def test_period_label():
    assert annual.period_label(from_iso("2013-04-01"), from_iso("2014-03-31")) == "2013-14"
    assert annual.period_label(from_iso("2013-01-01"), from_iso("2013-12-31")) == "2013"
    assert annual.period_label(from_iso("2013-02-01"), from_iso("2013-03-31")) == "1 Feb 2013 to 31 Mar 2013"


def test_figures_directly(known):
    ws = Workspace(known, today=from_iso("2014-04-30"))
    result = annual.figures(ws, from_iso("2013-04-01"), from_iso("2014-03-31"))
    assert result["published"] == ["r2"]


def test_a_broken_board_reference_document_is_refused_not_skipped(known, run):
    (known / "templates").mkdir(exist_ok=True)
    (known / "templates" / "reference.docx").symlink_to(known / "gone.docx")
    target = known / "annual.docx"
    result = run("--as-of", "2014-04-30", "annual", "--from", PERIOD[0], "--to", PERIOD[1], "-o", target)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: the reference document {known / 'templates' / 'reference.docx'} is missing")
    assert not target.exists()
