"""scr report draft|render|check and scr redact add|list, through the CLI, with real pandoc and
every output read back (python-docx, an HTML parser, pdftotext, LibreOffice where installed)."""

import base64
import json
import os
import shutil
import subprocess
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import docx
import pytest


from conftest import snapshot

REF = "2012-child-f"
# A 1x1 red PNG.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC"
)

FILLED = {
    "01-introduction.md": "# Introduction\n\nThis review looks at the care of Child F.\n",
    "02-terms-of-reference.md": "# Terms of reference\n\nThe questions the board asked.\n",
    "03-methodology.md": "# Methodology\n\nChronologies were merged.\n",
    "04-family-and-child.md": "# The family and the child\n\nJane Doe is the mother of Child F.\n",
    "05-agency-involvement.md": "# Agency involvement\n\n## Health\n\nHealth visitors saw Child F.\n",
    "06-analysis-and-findings.md": "# Analysis and findings\n\nA sum: {{ 7*7 }} stays as written.\n",
    "07-conclusions.md": "# Conclusions\n\nLessons were learnt.\n",
    "08-recommendations.md": "# Recommendations\n\nThe recommendations follow.\n",
}


@pytest.fixture
def review(ws_path, run):
    result = run("new", "scr", "--ref", REF, "--title", "Serious case review: Child F",
                 "--subject", "Child F", "--aware", "2012-10-15")
    assert result.exit_code == 0, result.stderr
    run("set", REF, "scope-from", "2009-01-01")
    run("set", REF, "scope-to", "2012-10-15")
    return ws_path / "reviews" / REF


@pytest.fixture
def written(review):
    """A review whose sections are all written (no placeholders), with Jane Doe in one of them."""
    folder = review / "report" / "sections"
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in FILLED.items():
        (folder / name).write_text(text, encoding="utf-8")
    return review


def add_plan_and_chronology(ws_path, action_text="Health to train staff", event="Home visit"):
    """Recommendations, actions and two agencies' chronologies, through scr's own commands."""
    from click.testing import CliRunner

    from scr.cli import cli

    def scr(*args):
        result = CliRunner().invoke(cli, ["--as-of", "2013-09-01", *[str(a) for a in args]])
        assert result.exit_code == 0, result.output
    scr("recommendation", "set", REF, "1", "Improve information sharing", "--response", "Accepted by the board")
    scr("recommendation", "set", REF, "2", "Review supervision")
    scr("actions", "add", REF, action_text, "--recommendation", "1", "--agency", "Health",
        "--owner", "Named nurse", "--due", "2014-03-31")
    scr("actions", "update", f"{REF}:1", "--status", "in-progress")
    scr("actions", "add", REF, "Audit supervision", "--recommendation", "2",
        "--agency", "Children's Social Care", "--due", "30/6/2014")
    scr("chronology", "request", REF, "Health", "Police", "--due", "2013-10-01")
    files = ws_path.parent / "agency-files"
    files.mkdir(exist_ok=True)
    (files / "health.csv").write_text(
        f"Date,Event,Source,Significance\n3/5/2011,{event},GP notes,First contact\n", encoding="utf-8")
    (files / "police.csv").write_text("Date,Time,Event\nJan 2010,14:00,Call-out\n", encoding="utf-8")
    scr("chronology", "add", REF, "Health", files / "health.csv")
    scr("chronology", "add", REF, "Police", files / "police.csv")


def last_line(result):
    return result.stdout.strip().splitlines()[-1]


def build_files(review):
    build = review / "report" / "build"
    return sorted(p.name for p in build.iterdir()) if build.exists() else []


def docx_text(path):
    document = docx.Document(path)
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


# ------------------------------------------------------------------------------ draft


def test_draft_writes_the_eight_sections_filled_from_the_review(review, run):
    terms = review.parent.parent / "tor.md"
    terms.write_text("1. Was the risk to Child F understood?\n", encoding="utf-8")
    run("set", REF, "terms-of-reference", terms)
    result = run("report", "draft", REF)
    assert result.exit_code == 0, result.stderr
    paths = result.stdout.split()
    assert [Path(p).name for p in paths] == [
        "01-introduction.md", "02-terms-of-reference.md", "03-methodology.md",
        "04-family-and-child.md", "05-agency-involvement.md", "06-analysis-and-findings.md",
        "07-conclusions.md", "08-recommendations.md",
    ]
    assert all(Path(p).is_absolute() and Path(p).parent == review / "report" / "sections" for p in paths)
    intro = (review / "report/sections/01-introduction.md").read_text(encoding="utf-8")
    assert "Tower Hamlets Safeguarding Children Board" in intro and "Child F" in intro
    assert "1 Jan 2009 to 15 Oct 2012" in intro
    tor = (review / "report/sections/02-terms-of-reference.md").read_text(encoding="utf-8")
    assert "Was the risk to Child F understood?" in tor


def test_draft_names_the_agencies_asked_for_chronologies(review, run):
    asked = run("--as-of", "2013-07-01", "chronology", "request", REF, "Police", "health", "Schools",
                "Probation", "--due", "2013-08-01")
    assert asked.exit_code == 0, asked.stderr
    assert run("withdraw", REF, "r4", "--reason", "asked in error").exit_code == 0
    run("report", "draft", REF)
    methodology = (review / "report/sections/03-methodology.md").read_text(encoding="utf-8")
    assert "- health\n- Police\n- Schools\n" in methodology and "Probation" not in methodology
    involvement = (review / "report/sections/05-agency-involvement.md").read_text(encoding="utf-8")
    assert [line for line in involvement.splitlines() if line.startswith("## ")] == [
        "## health", "## Police", "## Schools"]


def test_draft_never_overwrites_a_section(review, run):
    run("report", "draft", REF)
    intro = review / "report/sections/01-introduction.md"
    intro.write_text("# Introduction\n\nMy own words.\n", encoding="utf-8")
    (review / "report/sections/07-conclusions.md").unlink()
    result = run("report", "draft", REF)
    assert result.exit_code == 0
    assert [Path(p).name for p in result.stdout.split()] == ["07-conclusions.md"]
    assert intro.read_text(encoding="utf-8") == "# Introduction\n\nMy own words.\n"


def test_a_boards_own_section_templates_replace_and_add(review, run, ws_path):
    own = ws_path / "templates" / "report" / "sections"
    own.mkdir(parents=True)
    (own / "01-introduction.md.j2").write_text("# Foreword\n\n{{ board }} on {{ subject }}.\n", encoding="utf-8")
    (own / "09-glossary.md.j2").write_text("# Glossary\n", encoding="utf-8")
    run("report", "draft", REF)
    sections = review / "report/sections"
    assert (sections / "01-introduction.md").read_text(encoding="utf-8").startswith("# Foreword\n\nTower Hamlets")
    assert (sections / "09-glossary.md").exists() and (sections / "03-methodology.md").exists()


# ------------------------------------------------------------------------------ render: docx


def test_render_docx_draft_reads_back_with_headings_marking_and_action_plan(written, run, ws_path):
    add_plan_and_chronology(ws_path)
    result = run("report", "render", REF)
    assert result.exit_code == 0, result.stderr
    path = Path(last_line(result))
    assert path == written / "report" / "build" / f"{REF}-overview-report-draft.docx"
    document = docx.Document(path)
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == [
        "Introduction", "Terms of reference", "Methodology", "The family and the child",
        "Agency involvement", "Analysis and findings", "Conclusions", "Recommendations",
        "Appendix: integrated chronology",
    ]
    # the board's response and the action plan follow the author's Recommendations section
    assert [p.text for p in document.paragraphs if p.style.name == "Heading 2"] == ["Health", "The board's response"]
    assert [p.text for p in document.paragraphs if p.style.name == "Heading 3"] == ["Action plan"]
    for section in document.sections:
        assert "DRAFT — OFFICIAL-SENSITIVE" in [p.text for p in section.header.paragraphs]
        # the footer's one line: the marking, then the page number (a PAGE field) at the right
        assert [p.text for p in section.footer.paragraphs] == ["DRAFT — OFFICIAL-SENSITIVE\t1"]
        assert " PAGE " in section.footer._element.xml
    title_page = {p.style.name: p.text for p in document.paragraphs[:8]}
    assert title_page["Title"] == "Serious case review: Child F"
    assert title_page["Subtitle"] == "Child F"
    assert title_page["Author"] == "Tower Hamlets Safeguarding Children Board"
    assert title_page["Abstract Title"] == "DRAFT — CONFIDENTIAL"
    recommendations = document.tables[0]
    assert [c.text for c in recommendations.rows[0].cells] == ["No.", "Recommendation", "The board's response"]
    assert [c.text for c in recommendations.rows[1].cells] == ["1", "Improve information sharing", "Accepted by the board"]
    assert [c.text for c in recommendations.rows[2].cells][:2] == ["2", "Review supervision"]
    actions = document.tables[1]
    assert [c.text for c in actions.rows[1].cells] == [
        f"{REF}:1", "1", "Health to train staff", "Health", "Named nurse", "31 Mar 2014", "in progress"]  # statuses in words on paper
    chronology = document.tables[2]
    assert [c.text for c in chronology.rows[1].cells][:4] == ["Jan 2010", "14:00", "Police", "Call-out"]
    assert [c.text for c in chronology.rows[2].cells][:4] == ["3 May 2011", "", "Health", "Home visit"]
    # a real name shows in a draft (for the panel); a template expression in a section stays as written
    text = docx_text(path)
    assert "Jane Doe" in text and "{{ 7*7 }}" in text and "49" not in text
    # a table of contents field
    assert 'TOC \\o' in zipfile.ZipFile(path).read("word/document.xml").decode()


def test_render_docx_final_replaces_names_and_carries_no_marking(written, run, ws_path):
    add_plan_and_chronology(ws_path, action_text="Train Jane Doe's health visitor", event="Jane Doe seen")
    run("redact", "add", REF, "Jane Doe", "--replace-with", "Mother")
    (written / "report/sections/06-analysis-and-findings.md").write_text("# Analysis and findings\n\nDone.\n")
    result = run("--as-of", "2014-05-01", "report", "render", REF, "--final")
    assert result.exit_code == 0, result.stderr
    path = Path(last_line(result))
    assert path.name == f"{REF}-overview-report.docx"
    text = docx_text(path)
    assert "Mother is the mother of Child F" in text
    assert "Train Mother's health visitor" in text and "Mother seen" in text
    assert "Jane" not in text and "DRAFT" not in text
    document = docx.Document(path)
    for section in document.sections:
        assert not any("DRAFT" in p.text for p in section.header.paragraphs + section.footer.paragraphs)
    core = document.core_properties
    assert core.author == "Tower Hamlets Safeguarding Children Board"
    assert core.last_modified_by in ("", "Tower Hamlets Safeguarding Children Board")
    assert core.language == "en-GB"
    assert "tester" not in (core.author, core.last_modified_by)
    assert core.created.date().isoformat() == "2014-05-01"  # the --as-of day, not the clock
    styles = zipfile.ZipFile(path).read("word/styles.xml").decode()
    assert 'w:val="en-GB"' in styles


def test_render_final_is_refused_while_a_name_has_no_replacement(written, run):
    run("redact", "add", REF, "jane doe")
    (written / "report/sections/06-analysis-and-findings.md").write_text("# Analysis\n\nDone.\n")
    before = snapshot(written)
    result = run("report", "render", REF, "--final")
    assert result.exit_code == 3
    assert "report/sections/04-family-and-child.md:3: real name" in result.stderr
    assert result.stdout == ""
    assert snapshot(written) == before and build_files(written) == []


def test_render_final_is_refused_while_a_placeholder_is_left(written, run):
    result = run("report", "render", REF, "--final", "--to", "html")
    assert result.exit_code == 3
    assert "report/sections/06-analysis-and-findings.md:3: placeholder {{…}}" in result.stderr
    assert build_files(written) == []


def test_final_report_has_no_comments_or_tracked_changes(written, run):
    (written / "report/sections/07-conclusions.md").write_text(
        "# Conclusions\n\n[Kept text]{.insertion author=\"x\" date=\"2014-01-01\"} and "
        "[dropped]{.deletion author=\"x\" date=\"2014-01-01\"} and "
        "[a remark]{.comment-start id=\"1\" author=\"x\"}commented[]{.comment-end id=\"1\"}.\n")
    (written / "report/sections/06-analysis-and-findings.md").write_text("# Analysis\n\nDone.\n")
    result = run("report", "render", REF, "--final")
    assert result.exit_code == 0, result.stderr
    archive = zipfile.ZipFile(last_line(result))
    body = archive.read("word/document.xml").decode()
    for mark in ("<w:ins ", "<w:del ", "w:commentReference", "w:commentRangeStart"):
        assert mark not in body
    assert "Kept text" in body and "dropped" not in body
    if "word/comments.xml" in archive.namelist():
        assert "a remark" not in archive.read("word/comments.xml").decode()


# ------------------------------------------------------------------------------ render: html, pdf, md


class Headings(HTMLParser):
    def __init__(self):
        super().__init__()
        self.headings, self._in, self.images = [], None, []

    def handle_starttag(self, tag, attrs):
        if tag in ("h1", "h2"):
            self._in = tag
            self.headings.append((tag, ""))
        if tag == "img":
            self.images.append(dict(attrs))

    def handle_endtag(self, tag):
        if tag == self._in:
            self._in = None

    def handle_data(self, data):
        if self._in:
            tag, text = self.headings[-1]
            self.headings[-1] = (tag, " ".join((text + data).split()))


def test_render_html_is_one_self_contained_page_with_a_print_stylesheet(written, run, ws_path):
    add_plan_and_chronology(ws_path)
    result = run("report", "render", REF, "--to", "html")
    assert result.exit_code == 0, result.stderr
    path = Path(last_line(result))
    assert path.suffix == ".html"
    page = path.read_text(encoding="utf-8")
    parser = Headings()
    parser.feed(page)
    h1 = [text for tag, text in parser.headings if tag == "h1"]
    assert "Introduction" in h1 and "Appendix: integrated chronology" in h1
    assert "@media print" in page and "<link" not in page
    assert "DRAFT — OFFICIAL-SENSITIVE" in page and "DRAFT — CONFIDENTIAL" in page
    assert "{{ 7*7 }}" in page


def test_render_pdf_reads_back(written, run, ws_path):
    add_plan_and_chronology(ws_path)
    result = run("report", "render", REF, "--to", "pdf")
    assert result.exit_code == 0, result.stderr
    path = Path(last_line(result))
    assert path.read_bytes()[:5] == b"%PDF-"
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed: the PDF's text cannot be read back")
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    for heading in ("Introduction", "Agency involvement", "The board's response", "Appendix: integrated chronology"):
        assert heading in text
    assert "DRAFT — OFFICIAL-SENSITIVE" in text and "Improve information sharing" in text
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    if info:
        assert "Tower Hamlets Safeguarding Children Board" in info


def test_render_final_pdf_has_no_marking(written, run):
    (written / "report/sections/06-analysis-and-findings.md").write_text("# Analysis\n\nDone.\n")
    result = run("report", "render", REF, "--to", "pdf", "--final")
    assert result.exit_code == 0, result.stderr
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", last_line(result), "-"], capture_output=True, text=True).stdout
        assert "DRAFT" not in text and "Introduction" in text


def test_render_md_and_output_option(written, run, tmp_path):
    target = tmp_path / "elsewhere" / "report.md"
    result = run("report", "render", REF, "-o", target)
    assert result.exit_code == 0, result.stderr
    assert last_line(result) == str(target)
    text = target.read_text(encoding="utf-8")
    assert text.startswith("---\n") and "# Introduction" in text and "{{ 7*7 }}" in text


def test_output_suffix_that_contradicts_to_is_refused(written, run, tmp_path):
    result = run("report", "render", REF, "--to", "pdf", "-o", tmp_path / "x.docx")
    assert result.exit_code == 1 and "does not match --to pdf" in result.stderr


def test_output_with_a_suffix_no_report_has_is_refused(written, run, tmp_path):
    result = run("report", "render", REF, "-o", tmp_path / "plan.xlsx")
    assert result.exit_code == 1 and "the report is written as .docx, .html, .pdf or .md; '.xlsx'" in result.stderr
    assert not (tmp_path / "plan.xlsx").exists()


# ------------------------------------------------------------------------------ images


def test_only_images_inside_the_review_are_embedded(written, run, tmp_path):
    inside = written / "report" / "images"
    inside.mkdir()
    (inside / "genogram.png").write_bytes(PNG)
    outside = tmp_path / "outside.png"
    outside.write_bytes(PNG)
    (written / "report/sections/04-family-and-child.md").write_text(
        "# The family and the child\n\n![The family's genogram](../images/genogram.png)\n\n"
        f"![Stolen]({outside})\n\n![Also stolen](../../../../../outside.png)\n", encoding="utf-8")
    for to in ("docx", "html", "pdf"):
        result = run("report", "render", REF, "--to", to)
        assert result.exit_code == 0, result.stderr
        assert result.stderr.count("outside the review's folder: not embedded") == 2
        path = last_line(result)
        if to == "docx":
            archive = zipfile.ZipFile(path)
            media = [n for n in archive.namelist() if n.startswith("word/media/")]
            assert len(media) == 1
            body = archive.read("word/document.xml").decode()
            assert 'descr="The family&apos;s genogram"' in body or "descr=\"The family's genogram\"" in body
            assert str(tmp_path) not in body and "outside.png" not in body.split("Image not included")[0]
        if to == "pdf" and shutil.which("pdftotext"):
            text = subprocess.run(["pdftotext", path, "-"], capture_output=True, text=True).stdout
            assert "Image not included: Stolen" in text
        if to == "html":
            parser = Headings()
            parser.feed(Path(path).read_text(encoding="utf-8"))
            assert len(parser.images) == 1 and parser.images[0]["src"].startswith("data:image/png;base64,")
            assert parser.images[0]["alt"] == "The family's genogram"
    check = run("report", "check", REF, "--json")
    findings = json.loads(check.stdout)
    assert sum("outside the review's folder" in f["finding"] for f in findings) == 2


# ------------------------------------------------------------------------------ check


def test_check_finds_a_name_in_a_section_a_chronology_entry_and_an_action(written, run, ws_path):
    add_plan_and_chronology(ws_path, action_text="Support JANE DOE", event="Visit to Jane  Doe")
    run("redact", "add", REF, "Jane Doe", "--replace-with", "Mother")
    (written / "report/sections/06-analysis-and-findings.md").write_text("# Analysis\n\nTODO\n")
    result = run("report", "check", REF)
    assert result.exit_code == 3
    lines = result.stdout.splitlines()
    assert lines[0].startswith("report/sections/04-family-and-child.md:3: real name")
    assert lines[1] == "report/sections/06-analysis-and-findings.md:3: placeholder TODO left in: \"TODO\""
    assert any(line.startswith(f"action plan: action {REF}:1 text: real name") for line in lines)
    assert any(line.startswith("chronologies/health-1-health.csv:2: Health event: real name") for line in lines)
    as_json = json.loads(run("report", "check", REF, "--json").stdout)
    assert {"file": "report/sections/04-family-and-child.md", "line": 3} == {
        k: as_json[0][k] for k in ("file", "line")}
    assert set(as_json[0]) == {"file", "line", "finding"}
    final = run("report", "check", REF, "--final", "--json")
    assert [f["finding"] for f in json.loads(final.stdout)] == ['placeholder TODO left in: "TODO"']


def test_check_passes_on_a_clean_report(written, run):
    (written / "report/sections/06-analysis-and-findings.md").write_text("# Analysis\n\nDone.\n")
    result = run("report", "check", REF)
    assert result.exit_code == 0 and result.stdout == ""
    assert json.loads(run("report", "check", REF, "--json").stdout) == []


def test_check_covers_the_title(written, run):
    (written / "report/sections/06-analysis-and-findings.md").write_text("# Analysis\n\nDone.\n")
    run("set", REF, "title", "Review of Jane Doe's son")
    run("redact", "add", REF, "Jane Doe")
    result = run("report", "check", REF)
    assert result.exit_code == 3 and result.stdout.startswith("review.json: title: real name")


# ------------------------------------------------------------------------------ redact


def test_redact_add_and_list(review, run):
    assert run("redact", "add", REF, "  Jane   Doe ", "--replace-with", "Mother").exit_code == 0
    assert run("redact", "add", REF, "John Roe").exit_code == 0
    assert run("redact", "add", REF, "JANE DOE", "--replace-with", "the mother").exit_code == 0
    assert run("redact", "add", REF, "john roe").exit_code == 0  # a repeat keeps what is there
    listed = json.loads(run("redact", "list", REF, "--json").stdout)
    assert listed == [{"name": "JANE DOE", "replace_with": "the mother", "whole_only": False},
                      {"name": "John Roe", "replace_with": None, "whole_only": False}]
    plain = run("redact", "list", REF).stdout
    assert "JANE DOE" in plain and "the mother" in plain
    log = json.loads(run("log", REF, "--json").stdout)
    redactions = [e for e in log if e["command"].startswith("scr redact add")]
    # three changes audited (two names added, one replacement changed); the repeat changed nothing
    assert [[c["op"] for c in e["changes"]] for e in redactions] == [["added"], ["added"], ["changed"]]
    assert redactions[-1]["changes"][0]["fields"]["replace_with"] == {"old": "Mother", "new": "the mother"}


@pytest.mark.parametrize("args, message", [
    (("redact", "add", REF, "  "), "cannot be empty"),
    (("redact", "add", REF, "Jane", "--replace-with", " "), "cannot be empty"),
    (("redact", "add", REF, "Jane", "--replace-with", "Jane's mother"), "contains the name"),
    (("redact", "add", "../etc", "Jane"), "invalid review ref"),
    (("redact", "list", "no-such-review"), "no review"),
    (("report", "render", "Bad Ref"), "invalid review ref"),
    (("report", "check", "no-such-review"), "no review"),
    (("report", "render", REF, "--to", "odt"), "unknown format 'odt'"),
])
def test_bad_redactions_and_refs_are_clean_errors(review, run, args, message):
    before = snapshot(review)
    result = run(*args)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error:") and message in result.stderr
    assert snapshot(review) == before


# ------------------------------------------------------------------------------ bad input


def test_a_missing_section_folder_is_a_clean_error(review, run):
    shutil.rmtree(review / "report" / "sections")
    result = run("report", "render", REF)
    assert result.exit_code == 1 and "report/sections is missing" in result.stderr
    assert "scr report draft" in result.stderr and build_files(review) == []


def test_a_section_linked_from_outside_the_review_is_refused(written, run, tmp_path):
    secret = tmp_path / "secret.md"
    secret.write_text("# Secret\n\nNot part of the review.\n")
    (written / "report/sections/09-extra.md").symlink_to(secret)
    result = run("report", "render", REF)
    assert result.exit_code == 1 and "09-extra.md is a link to a file outside the review" in result.stderr
    assert build_files(written) == []


def test_a_section_that_is_not_utf8_is_a_clean_error(written, run):
    (written / "report/sections/03-methodology.md").write_bytes(b"# Methodology\n\ncaf\xe9\n")
    for args in (("report", "render", REF), ("report", "check", REF)):
        result = run(*args)
        assert result.exit_code == 1
        assert "report/sections/03-methodology.md is not UTF-8" in result.stderr
    assert build_files(written) == []


@pytest.mark.parametrize("name, text, expected", [
    # a broken board template: the file and line are named
    ("report.md.j2", "{% for s in sections %}\n{{ s.text }}\n{% endfor %}\n{% if %}\n",
     "line 4: template syntax error"),
    # a board template cannot reach Python internals
    ("title.yaml.j2", 'title: "x"\nsubtitle: "{{ \'\'.__class__.__mro__ }}"\n', "line 2: refused"),
])
def test_a_bad_board_template_is_refused_naming_file_and_line(written, run, ws_path, name, text, expected):
    own = ws_path / "templates" / "report"
    own.mkdir(parents=True)
    (own / name).write_text(text)
    result = run("report", "render", REF)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {own / name} {expected}")
    assert "class" not in result.stdout and build_files(written) == []


def test_a_missing_board_reference_document_is_a_clean_error(written, run, ws_path):
    (ws_path / "templates").mkdir()
    (ws_path / "templates" / "reference.docx").symlink_to(ws_path / "gone.docx")
    result = run("report", "render", REF)
    assert result.exit_code == 1 and "reference document" in result.stderr and "is missing" in result.stderr
    assert build_files(written) == []


def test_a_boards_reference_document_is_used(written, run, ws_path):
    (ws_path / "templates").mkdir()
    board_doc = docx.Document(Path(__file__).parent.parent / "scr" / "templates" / "reference.docx")
    board_doc.styles["Heading 1"].font.name = "Georgia"
    board_doc.save(ws_path / "templates" / "reference.docx")
    result = run("report", "render", REF)
    assert result.exit_code == 0, result.stderr
    assert docx.Document(last_line(result)).styles["Heading 1"].font.name == "Georgia"


def test_a_boards_own_header_is_kept_with_the_marking_on_top(written, run, ws_path):
    (ws_path / "templates").mkdir()
    board_doc = docx.Document(Path(__file__).parent.parent / "scr" / "templates" / "reference.docx")
    header = board_doc.sections[0].header
    header.is_linked_to_previous = False
    header.paragraphs[0].text = "Tower Hamlets LSCB"
    board_doc.save(ws_path / "templates" / "reference.docx")
    (written / "report/sections/06-analysis-and-findings.md").write_text("# Analysis\n\nDone.\n")
    draft = docx.Document(last_line(run("report", "render", REF)))
    assert [p.text for p in draft.sections[0].header.paragraphs] == ["DRAFT — OFFICIAL-SENSITIVE", "Tower Hamlets LSCB"]
    assert [p.text for p in draft.sections[0].footer.paragraphs] == ["DRAFT — OFFICIAL-SENSITIVE\t1"]
    final = docx.Document(last_line(run("report", "render", REF, "--final")))
    assert [p.text for p in final.sections[0].header.paragraphs] == ["Tower Hamlets LSCB"]


def test_pandoc_failing_leaves_nothing_in_build(written, run, ws_path):
    from test_render import broken_reference_doc

    (ws_path / "templates").mkdir()
    broken_reference_doc(ws_path / "templates" / "reference.docx")
    result = run("report", "render", REF)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: pandoc could not convert the report to docx")
    assert "Traceback" not in result.stderr and build_files(written) == []


# ------------------------------------------------------------------------------ a real word processor


def test_libreoffice_opens_the_docx(written, run, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        pytest.skip("LibreOffice (soffice) is not installed here; .ci/run installs libreoffice-writer-nogui")
    result = run("report", "render", REF)
    assert result.exit_code == 0, result.stderr
    out = tmp_path / "lo"
    profile = tmp_path / "lo-profile"
    subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation=file://{profile}", "--convert-to", "pdf",
         "--outdir", str(out), last_line(result)],
        check=True, capture_output=True, timeout=180, env={**os.environ, "HOME": str(tmp_path)},
    )
    pdf = out / f"{REF}-overview-report-draft.pdf"
    assert pdf.read_bytes()[:5] == b"%PDF-"
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        for heading in ("Introduction", "The family and the child", "Conclusions"):
            assert heading in text
        assert "DRAFT — OFFICIAL-SENSITIVE" in text


# ------------------------------------------------------------------------------ the pipeline's seams


@pytest.mark.parametrize("to", ["docx", "html", "md"])
def test_final_refuses_a_name_that_a_boards_template_puts_in_the_written_file(written, run, ws_path, to):
    """The gathered content is clean, but the board's report template adds a registered name: the
    check finds it (1.1: in the board's template itself, with its line, before anything is made;
    the check of the written file would find it too), and nothing is written."""
    run("redact", "add", REF, "Jane Doe", "--replace-with", "Mother")
    (written / "report/sections/06-analysis-and-findings.md").write_text("# Analysis\n\nDone.\n")
    own = ws_path / "templates" / "report"
    own.mkdir(parents=True)
    package = Path(__file__).parent.parent / "scr" / "templates" / "report" / "report.md.j2"
    (own / "report.md.j2").write_text(package.read_text(encoding="utf-8") + "\nWith thanks to Jane Doe.\n",
                                      encoding="utf-8")
    before = snapshot(written)
    result = run("report", "render", REF, "--final", "--to", to)
    assert result.exit_code == 3
    assert "templates/report/report.md.j2:" in result.stderr and 'real name "Jane Doe"' in result.stderr
    assert "was not written" in result.stderr and "Error:" not in result.stderr
    assert result.stdout == "" and snapshot(written) == before and build_files(written) == []


def test_the_pipeline_steps_run_on_the_gathered_content_alone(written, ws_path):
    from scr.report import content as report_content, pipeline
    from scr.workspace.workspace import Workspace

    with Workspace(ws_path).open_review(REF) as rv:
        gathered = report_content.gather(rv)
    assert [s.file for s in gathered.sections] == [f"report/sections/{name}" for name in sorted(FILLED)]
    assert gathered.context["scope_from"] == "1 Jan 2009"
    findings = pipeline.check_content(gathered)
    assert [f["file"] for f in findings] == ["report/sections/06-analysis-and-findings.md"]
    document = pipeline.assemble(gathered, final=False, to="md")
    assert "Jane Doe is the mother of Child F." in document.body
    assert document.marking == "DRAFT — OFFICIAL-SENSITIVE"
    data, _ = pipeline.convert(document)
    assert data.decode("utf-8").startswith("---\ntitle:")
    assert pipeline.check_written(data, "md", ["Jane Doe"], "x.md")[0]["file"] == "x.md (text)"


def test_the_written_check_reads_text_as_a_reader_sees_it():
    from scr.report.pipeline import check_written

    page = (b'<html><head><title>Review</title><meta name="author" content="Jane Doe"></head><body>'
            b'<p>Seen by Jane <em>Doe</em>.</p><p>Tyler</p><p>Smithson</p>'
            b'<img alt="x" src="data:image/png;base64,AAAA+Tyler/AAAA"></body></html>')
    found = [(f["file"], f["finding"].split(" (redact")[0])
             for f in check_written(page, "html", ["Jane Doe", "Tyler Smith"], "r.html")]
    # the text (across <em>), the meta tag, and (1.1) "Tyler" alone as a part of "Tyler Smith"
    assert found == [("r.html (text)", 'real name "Jane Doe"'), ("r.html (text)", 'part of a real name "Tyler"'),
                     ("r.html (attribute content)", 'real name "Jane Doe"')]
    markdown = b"![x](<data:image/png;base64,AAAA+Tyler/AAAA>)\n\nTODO {{ x }}\n"
    assert check_written(markdown, "md", ["Tyler"], "r.md") == []  # base64 and placeholders are not names
