"""The timeline chart: data, alt text, SVG that parses as XML, PNG, `scr timeline`."""

from datetime import date
from xml.etree import ElementTree

import pytest

from board_workspace import STATUS_DAY, build, ok
from scr.board import timeline
from scr.timescales.clocks import review_milestones
from scr.workspace.workspace import Workspace

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def known(ws_path, run):
    build(ws_path, run)
    ok(run("--as-of", "2014-04-20", "pause", "r3", "--from", "2014-04-05", "--reason", "inquest"))
    return ws_path


def data_of(root, ref, today=date(2014, 4, 30)):
    ws = Workspace(root, today=today)
    with ws.open_review(ref) as review:
        return timeline.chart_data(review, review_milestones(review), today)


def test_chart_data_rows(known):
    data = data_of(known, "r2")
    assert [(m["milestone"], m["status"]) for m in data["milestones"]] == [("dfe", "met-late"), ("ofsted", "met")]
    kinds = [row["kind"] for row in data["events"]]
    assert kinds == ["initiated", "aware", "notifications", "published"]  # by date; withdrawn one not shown
    notified = [p["kind"] for row in data["events"] if row["kind"] == "notifications" for p in row["points"]]
    assert notified == ["notify:panel"]  # the two that met milestones sit on the milestone rows
    assert data["waiting"] == ["Impact of the review's action plan reviewed"]


def test_alt_text_says_what_the_chart_shows(known):
    text = timeline.alt_text(data_of(known, "r3"))
    assert text.startswith("Timeline of Review three, as of 30 Apr 2014.")  # by its title, never its ref
    assert "Planned: Published on 10 Jan 2014." in text
    assert "Paused from 5 Apr 2014 still paused (inquest)." in text
    assert "1 met late" in text and "1 met on time" in text


def test_svg_parses_and_carries_its_description(known):
    svg = timeline.draw(data_of(known, "r3"), "svg")
    root = ElementTree.fromstring(svg)
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    assert root.find(f"{SVG}title").text == "Timeline of Review three"
    assert root.find(f"{SVG}desc").text.startswith("Timeline of Review three")
    texts = " ".join(t.text or "" for t in root.iter(f"{SVG}text"))
    assert "Ofsted told" in texts and "today 30 Apr 2014" in texts  # real text, not paths


def test_png_is_a_png(known):
    png = timeline.draw(data_of(known, "r1"), "png")
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 10_000


def test_a_review_with_nothing_recorded_still_draws(ws_path, run):
    ok(run("new", "thematic", "--ref", "empty", "--title", "Nothing yet", "--subject", "X"))
    ws = Workspace(ws_path, today=date(2014, 4, 30))
    with ws.open_review("empty") as review:
        data = timeline.chart_data(review, review_milestones(review), ws.today)
    ElementTree.fromstring(timeline.draw(data, "svg"))


def test_scr_timeline_writes_svg_and_png(known, run):
    path = ok(run("--as-of", STATUS_DAY, "timeline", "r1")).stdout.strip()
    assert path == str(known / "reviews" / "r1" / "timeline.svg")
    ElementTree.parse(path)
    png = known / "r1.png"
    ok(run("--as-of", STATUS_DAY, "timeline", "r1", "-o", png))
    assert png.read_bytes()[:4] == b"\x89PNG"
    bad = run("timeline", "r1", "-o", known / "r1.gif")
    assert bad.exit_code == 1 and ".svg or .png" in bad.stderr
    assert run("timeline", "../x").exit_code == 1
