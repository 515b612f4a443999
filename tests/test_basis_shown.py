"""Every milestone states its basis wherever a person reads it (CLI.md 1.1): the terminal table of
`scr deadlines`, its JSON, the calendar's event descriptions and the board paper."""

import json

AS_OF = ("--as-of", "2014-01-20")


def review(run):
    assert run(*AS_OF, "new", "scr", "--title", "T", "--subject", "Infant B", "--ref", "b",
               "--aware", "18/11/2013").exit_code == 0
    for args in (("event", "b", "initiated", "--date", "10/12/2013"),):
        assert run(*AS_OF, *args).exit_code == 0


def test_deadlines_json_and_table_show_the_basis(ws_path, run):
    review(run)
    rows = {r["milestone"]: r for r in json.loads(run(*AS_OF, "deadlines", "--json").stdout)}
    assert rows["decision-to-panel"]["basis"] == "scr" and rows["decision-to-panel"]["verified"] is False
    assert rows["completion"]["basis"] == "statutory-guidance"
    assert rows["impact-review"]["basis"] == "scr"
    table = run(*AS_OF, "deadlines").stdout
    assert "Basis" in table and "scr's default" in table and "period unverified" in table


def test_calendar_descriptions_name_the_basis(ws_path, run):
    from icalendar import Calendar

    review(run)
    path = run(*AS_OF, "calendar").stdout.strip()
    events = {str(e["uid"]): str(e["description"]) for e in Calendar.from_ical(open(path, "rb").read()).walk("VEVENT")}
    assert "Basis: scr's default (no source sets it)" in events["b.decision-to-panel@scr"]
    assert "Basis: statutory guidance, period unverified" in events["b.completion@scr"]


def test_the_board_paper_shows_the_basis(ws_path, run, tmp_path):
    review(run)
    out = tmp_path / "paper.html"
    result = run(*AS_OF, "board-paper", "--until", "2014-06-30", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    html = out.read_text(encoding="utf-8")
    assert "Basis" in html and "scr’s default" in html.replace("&#39;", "’").replace("'", "’")
