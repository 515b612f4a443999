"""`scr status` and `scr board-paper` on the workspace with known answers (tests/board_workspace.py)."""

import base64
import json
import re
import subprocess
import sys
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import pytest

from board_workspace import STATUS_DAY, build, ok


@pytest.fixture
def known(ws_path, run):
    return build(ws_path, run)


def status_json(run, day=STATUS_DAY):
    return json.loads(ok(run("--as-of", day, "status", "--json")).stdout)


def test_status_json_counts_open_reviews_only(known, run):
    result = status_json(run)
    assert set(result) == {"reviews", "overdue_milestones", "overdue_actions", "themes"}
    assert [r["ref"] for r in result["reviews"]] == ["r1", "r2", "r3"]  # r4 is closed
    assert result["overdue_milestones"] == 1     # r1: the DfE never told
    assert result["overdue_actions"] == 2        # r1:2 and r2:1; r4:2 is overdue but r4 is closed


def test_status_rows_are_scr_list_rows_with_counts(known, run):
    listed = json.loads(ok(run("--as-of", STATUS_DAY, "list", "--json")).stdout)
    rows = status_json(run)["reviews"]
    for listed_row, row in zip(listed, rows):
        assert {k: row[k] for k in listed_row} == listed_row
    r1 = rows[0]
    assert r1["stage"] == "published" and r1["overdue_milestones"] == 1
    assert r1["actions"] == {"total": 2, "completed": 1, "overdue": 1, "open": 1}
    assert r1["urgency"] == "red"
    r3 = rows[2]
    assert r3["overdue_milestones"] == 0 and r3["next_due"] is None and r3["urgency"] == "green"


def test_status_days_left_and_amber(ws_path, run):
    (ws_path / "frameworks" / "t.toml").write_text(
        'id = "t"\ntitle = "T"\napplies_to = ["scr"]\n[[milestones]]\nid = "m"\ntitle = "M"\n'
        'from = "aware"\ndays = 30\nmet_by = "decision"\n', encoding="utf-8")
    ok(run("--as-of", "2014-01-01", "new", "scr", "--ref", "a", "--framework", "t", "--title", "A",
           "--subject", "S", "--aware", "2014-01-01"))
    row = status_json(run, "2014-01-11")["reviews"][0]
    assert row["next_due"] == "2014-01-31" and row["days_left"] == 20 and row["urgency"] == "amber"
    row = status_json(run, "2014-02-01")["reviews"][0]
    assert row["days_left"] == -1 and row["overdue_milestones"] == 1 and row["urgency"] == "red"


def test_status_plain_text_when_piped(known, run):
    out = ok(run("--as-of", STATUS_DAY, "status")).stdout
    lines = out.splitlines()
    assert lines[0] == "Open reviews, 30 Apr 2014"   # dates as on paper
    assert lines[1].split()[:4] == ["Ref", "Stage", "Next", "due"]
    assert any(line.startswith("r1 ") and "1/1" in line for line in lines)
    assert "\x1b[" not in out
    assert lines[-1] == "3 open review(s); 1 overdue milestone(s); 2 overdue action(s)"


def test_status_empty_workspace(ws_path, run):
    assert status_json(run) == {"reviews": [], "overdue_milestones": 0, "overdue_actions": 0, "themes": {}}


def test_status_imports_nothing_heavy(known):
    code = ("import sys; sys.argv=['scr','--as-of','2014-04-30','status']\n"
            "from scr.cli import main\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "heavy=[m for m in ('pypandoc','openpyxl','docx','jinja2','matplotlib','icalendar','rich') if m in sys.modules]\n"
            "print('HEAVY', heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=known).stdout
    assert "HEAVY []" in out, out


def test_status_refuses_a_damaged_file(known, run):
    (known / "reviews" / "r2" / "review.json").write_text("{not json", encoding="utf-8")
    result = run("status", "--json")
    assert result.exit_code == 1 and result.stdout == "" and "r2" in result.stderr


# ---------------------------------------------------------------------------------- board paper


def test_board_paper_docx_holds_a_chart_per_open_review(known, run):
    import docx

    target = known / "paper.docx"
    path = ok(run("--as-of", STATUS_DAY, "board-paper", "--until", "2014-06-30", "-o", target)).stdout.strip()
    assert path == str(target)
    document = docx.Document(str(target))
    shapes = document.inline_shapes
    assert len(shapes) == 3
    for shape, title in zip(shapes, ("Review one", "Review two", "Review three")):
        alt = shape._inline.docPr.get("descr")
        assert alt.startswith(f"Timeline of {title}, as of 30 Apr 2014.")  # by title, never by ref
    with zipfile.ZipFile(target) as archive:
        images = [n for n in archive.namelist() if n.startswith("word/media/")]
        assert len(images) == 3
        assert all(archive.read(n)[:8] == b"\x89PNG\r\n\x1a\n" for n in images)
    text = "\n".join(p.text for p in document.paragraphs)
    assert "3 open reviews, 1 overdue statutory milestone, 2 overdue actions" in text
    cells = [[c.text for c in row.cells] for table in document.tables for row in table.rows]
    # reviews by their title and subject, kinds and stages in words: never a ref
    assert ["Review one (Child A)", "serious case review", "published"] == cells[1][:3]
    assert "The board is asked to" in [p.text for p in document.paragraphs]
    agencies = {row[0]: row[1:] for row in cells if row[0] in ("Health", "Police", "Children's Social Care")}
    breaks = {p.text.split(":")[0]: p.paragraph_format.page_break_before for p in document.paragraphs
              if p.style.name in ("Heading 2", "Heading 3") and p.text.startswith(("Reviews", "Review "))}
    assert breaks == {"Reviews": True, "Review one (Child A)": None, "Review two (Child B)": True,
                      "Review three (Child C)": True}  # a review a page
    assert agencies["Health"][:3] == ["2", "2", "2"] and agencies["Police"][:3] == ["3", "1", "0"]


def test_board_paper_html_embeds_svg_charts(known, run):
    target = known / "out" / "paper.html"
    ok(run("--as-of", STATUS_DAY, "board-paper", "-o", target))
    html = target.read_text(encoding="utf-8")
    images = []

    class Images(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag == "img":
                images.append(dict(attrs))

    Images().feed(html)
    assert len(images) == 3
    for image in images:
        prefix = "data:image/svg+xml;base64,"
        assert image["src"].startswith(prefix)
        root = ElementTree.fromstring(base64.b64decode(image["src"][len(prefix):]))
        assert root.tag.endswith("svg") and image["alt"].startswith("Timeline of Review")
    assert "Overdue actions" in html and "r4:2" in html  # overdue actions of every review, by agency


def test_board_paper_deadlines_until(ws_path, run):
    (ws_path / "frameworks" / "t.toml").write_text(
        'id = "t"\ntitle = "T"\napplies_to = ["scr"]\n[[milestones]]\nid = "m"\ntitle = "Early one"\n'
        'from = "aware"\ndays = 10\nmet_by = "decision"\n[[milestones]]\nid = "n"\ntitle = "Late one"\n'
        'from = "aware"\ndays = 100\nmet_by = "initiated"\n', encoding="utf-8")
    ok(run("--as-of", "2014-01-01", "new", "scr", "--ref", "a", "--framework", "t", "--title", "A",
           "--subject", "S", "--aware", "2014-01-01"))
    from scr.board.paper import paper_content
    from scr.values import from_iso
    from scr.workspace.workspace import Workspace

    ws = Workspace(ws_path, today=from_iso("2014-01-05"))
    content = paper_content(ws, from_iso("2014-02-01"), "svg")
    assert [d["milestone"] for d in content["deadlines"]] == ["m"]
    content = paper_content(ws, from_iso("2014-04-11"), "svg")
    assert [(d["milestone"], d["days_left"]) for d in content["deadlines"]] == [("m", 6), ("n", 96)]


@pytest.mark.parametrize("args, message", [
    (("-o", "paper.pdf"), ".docx or .html"),
    (("--until", "2014-01-01", "-o", "paper.docx"), "before today"),
    (("--until", "30/2/2014", "-o", "paper.docx"), "not a real date"),
])
def test_board_paper_bad_input(known, run, args, message):
    result = run("--as-of", STATUS_DAY, "board-paper", *args)
    assert result.exit_code == 1 and message in result.stderr
    assert not (Path.cwd() / "paper.docx").exists()


def test_board_paper_goes_to_out_without_an_output(known, run):
    path = ok(run("--as-of", STATUS_DAY, "board-paper")).stdout.strip()
    assert path == str(known / "out" / "board-paper-2014-04-30.docx")


def test_board_paper_from_the_boards_own_template(known, run):
    (known / "templates").mkdir()
    (known / "templates" / "board-paper.md.j2").write_text(
        "Our paper: {{ p.reviews | length }} reviews, {{ p.overdue_actions }} overdue actions.\n", encoding="utf-8")
    target = known / "mine.html"
    ok(run("--as-of", STATUS_DAY, "board-paper", "-o", target))
    assert "Our paper: 3 reviews, 2 overdue actions." in target.read_text(encoding="utf-8")


def test_board_paper_with_a_broken_template_writes_nothing(known, run):
    (known / "templates").mkdir()
    (known / "templates" / "board-paper.md.j2").write_text("{{ p.nothing_here }}\n", encoding="utf-8")
    target = known / "paper.docx"
    result = run("--as-of", STATUS_DAY, "board-paper", "-o", target)
    assert result.exit_code == 1 and "board-paper.md.j2" in result.stderr
    assert not target.exists()


def test_status_on_a_terminal_is_a_coloured_table_that_fits_80_columns(known, run, monkeypatch):
    from scr.commands import output

    monkeypatch.setattr(output, "is_terminal", lambda: True)
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("FORCE_COLOR", "1")
    out = ok(run("--as-of", STATUS_DAY, "status")).stdout
    assert "\x1b[1;31m" in out  # r1 and r2 have overdue actions: red
    plain = re.sub(r"\x1b\[[0-9;]*m", "", out)
    assert all(len(line) <= 80 for line in plain.splitlines())
    assert all(f"{ref} " in plain for ref in ("r1", "r2", "r3"))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("FORCE_COLOR")
    assert "\x1b[3" not in ok(run("--as-of", STATUS_DAY, "status")).stdout


def test_board_paper_docx_is_marked_and_authored_by_the_board(known, run):
    import docx

    target = known / "paper.docx"
    ok(run("--as-of", STATUS_DAY, "board-paper", "-o", target))
    document = docx.Document(str(target))
    assert document.core_properties.author == "Tower Hamlets Safeguarding Children Board"
    header = " ".join(p.text for p in document.sections[0].header.paragraphs)
    assert "OFFICIAL-SENSITIVE" in header


def test_board_paper_refuses_a_broken_board_reference_document(known, run):
    (known / "templates").mkdir(exist_ok=True)
    (known / "templates" / "reference.docx").symlink_to(known / "gone.docx")  # once skipped silently
    target = known / "paper.docx"
    result = run("--as-of", STATUS_DAY, "board-paper", "-o", target)
    assert result.exit_code == 1 and "reference.docx is missing" in result.stderr
    assert not target.exists()
