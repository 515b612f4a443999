"""The publication gate end to end, through the CLI with real pandoc and typst: `scr report check`
and `scr report render --final` in every format, each written document read back."""

import io
import json
import zipfile

import pytest
from PIL import Image, PngImagePlugin

from conftest import snapshot
from scr.documents import extract

REF = "2013-child-t"
FORMATS = ("docx", "html", "pdf", "md")
SECTIONS = {
    "01-introduction.md": "# Introduction\n\nThis review looks at the care of Child T.\n",
    "02-family.md": "# The family\n\nMother cared for Child T with her partner.\n",
}


@pytest.fixture
def review(ws_path, run, monkeypatch):
    monkeypatch.setenv("SCR_AS_OF", "2013-09-01")
    assert run("new", "scr", "--ref", REF, "--title", "Serious case review: Child T",
               "--subject", "Child T", "--aware", "2013-01-10").exit_code == 0
    folder = ws_path / "reviews" / REF / "report" / "sections"
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in SECTIONS.items():
        (folder / name).write_text(text, encoding="utf-8")
    assert run("redact", "add", REF, "Kayleigh Ashworth-Brown").exit_code == 0
    assert run("redact", "add", REF, "Hope", "--whole-only").exit_code == 0
    return ws_path / "reviews" / REF


def section(review, text, name="03-analysis.md"):
    (review / "report" / "sections" / name).write_text(text, encoding="utf-8")


def check(run):
    result = run("report", "check", REF, "--json")
    return result.exit_code, json.loads(result.stdout)


def final(run, to, *more):
    return run("report", "render", REF, "--final", "--to", to, *more)


def built(review):
    folder = review / "report" / "build"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def everything_in(path):
    return "\n".join(text for _, text in extract.texts(path.read_bytes(), path.suffix.lstrip(".")))


def test_a_clean_report_passes_and_renders_in_every_format(review, run):
    assert check(run) == (0, [])
    for to in FORMATS:
        result = final(run, to)
        assert result.exit_code == 0, result.stderr
        assert result.stdout.strip().endswith(f"{REF}-overview-report.{to}")


@pytest.mark.parametrize("text", [
    "Ms Ashworth told us.",                             # a part alone
    "the Ashworth-Browns' house",                       # plural and possessive
    "ASHWORTH-BROWN, Kayleigh",                         # agency style
    "Kayleigh Louise Ashworth\u2011Brown",              # middle name, U+2011
    "> Kayleigh\n> Ashworth Brown said so.",            # wrapped in a quote
    "Kay\u00adleigh came.",                             # soft hyphen
    "*Kayleigh* Ashworth-Brown",                        # markup inside the name
    "[see](mailto:kayleigh.ashworth-brown@example.org)",
    "Hope said she was frightened.",
])
def test_check_finds_a_name_however_it_is_written_and_final_refuses_in_every_format(review, run, text):
    section(review, f"# Analysis\n\n{text}\n")
    code, findings = check(run)
    assert code == 3 and findings, text
    assert all(f["file"] == "report/sections/03-analysis.md" for f in findings)
    for to in FORMATS:
        before = snapshot(review)
        result = final(run, to)
        assert result.exit_code == 3, (to, result.stdout)
        assert snapshot(review) == before  # nothing written, nothing left behind


def test_a_whole_only_name_is_not_searched_as_a_word(review, run):
    section(review, "# Analysis\n\nWe hope lessons are learnt; there is hope.\n")
    assert check(run) == (0, [])


def test_replace_with_replaces_every_whole_form_in_the_final_document(review, run):
    assert run("redact", "add", REF, "Kayleigh Ashworth-Brown", "--replace-with", "Mother").exit_code == 0
    assert run("redact", "add", REF, "Hope", "--replace-with", "Child T").exit_code == 0
    listed = json.loads(run("redact", "list", REF, "--json").stdout)
    assert listed[1] == {"name": "Hope", "replace_with": "Child T", "whole_only": True}
    section(review, "# Analysis\n\nKayleigh Ashworth-Brown's account; ASHWORTH-BROWN, Kayleigh;"
                    " K. Ashworth\u2013Brown; Hope said so.\n")
    assert check(run)[0] == 3  # the draft still holds them
    assert run("report", "check", REF, "--final").exit_code == 0
    for to in FORMATS:
        result = final(run, to)
        assert result.exit_code == 0, result.stderr
        text = everything_in(review / "report" / "build" / f"{REF}-overview-report.{to}")
        assert "Ashworth" not in text and "Kayleigh" not in text
        assert "Mother" in text and "Child T said so" in " ".join(text.split())


def test_a_name_that_only_pandoc_reads_has_line_null(review, run):
    run("redact", "add", REF, "Zoe Tyler", "--whole-only")
    section(review, "# Analysis\n\nZo&#101; Ty*ler* came.\n")
    code, findings = check(run)
    assert code == 3 and [f["line"] for f in findings] == [None]
    assert "as pandoc reads it" in findings[0]["finding"]


def test_a_ref_holding_a_name_is_a_finding_until_renamed(review, run, ws_path):
    assert run("new", "scr", "--ref", "2013-ashworth-brown", "--title", "Review", "--subject", "Child T",
               "--aware", "2013-01-10").exit_code == 0
    target = ws_path / "reviews" / "2013-ashworth-brown"
    (target / "report" / "sections").mkdir(parents=True, exist_ok=True)
    (target / "report" / "sections" / "01.md").write_text("# Intro\n\nText.\n")
    assert run("redact", "add", "2013-ashworth-brown", "Kayleigh Ashworth-Brown").exit_code == 0
    result = run("report", "check", "2013-ashworth-brown")
    assert result.exit_code == 3 and "ref" in result.stdout and "scr rename" in result.stdout
    assert run("report", "render", "2013-ashworth-brown", "--final").exit_code == 3
    assert run("rename", "2013-ashworth-brown", "2013-child-u").exit_code == 0
    assert run("report", "check", "2013-child-u").exit_code == 0


def test_a_recommendation_label_and_an_action_are_checked(review, run):
    assert run("actions", "add", REF, "Health to train staff", "--recommendation", "Kayleigh",
               "--agency", "Health", "--due", "2014-03-31").exit_code == 0
    code, findings = check(run)
    assert code == 3 and any("recommendation" in f["finding"] and "label" in f["finding"] for f in findings)


def test_an_output_file_name_holding_a_name_is_refused(review, run, tmp_path):
    result = final(run, "md", "-o", tmp_path / "Ashworth-Brown report.md")
    assert result.exit_code == 3 and "file name" in result.stdout + result.stderr
    assert not (tmp_path / "Ashworth-Brown report.md").exists()


def test_a_board_reference_docx_and_templates_are_checked_as_part_of_the_output(review, run, ws_path):
    import docx

    from scr.documents.templates import PACKAGE_TEMPLATES

    with zipfile.ZipFile(PACKAGE_TEMPLATES / "reference.docx") as archive:
        parts = {i.filename: archive.read(i) for i in archive.infolist()}
    parts["docProps/app.xml"] = parts["docProps/app.xml"].replace(
        b"</Properties>", b"<Company>Ashworth-Brown family</Company><Manager>Kayleigh</Manager></Properties>")
    templates = ws_path / "templates"
    templates.mkdir()
    reference = templates / "reference.docx"
    with zipfile.ZipFile(reference, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    # a reference document's Company and Manager are cleared from every output
    assert check(run) == (0, [])
    assert final(run, "docx").exit_code == 0
    app = zipfile.ZipFile(review / "report" / "build" / f"{REF}-overview-report.docx").read("docProps/app.xml")
    assert b"Company" not in app and b"Manager" not in app and b"Kayleigh" not in app
    # a name in its footer reaches every page: check names the template, render --final refuses
    document = docx.Document(str(reference))
    document.sections[0].footer.paragraphs[0].text = "Prepared for the Ashworth-Brown family"
    document.save(str(reference))
    code, findings = check(run)
    assert code == 3 and findings and all(f["file"].startswith("templates/reference.docx (word/footer")
                                          for f in findings)
    assert final(run, "docx").exit_code == 3
    reference.unlink()
    (templates / "report").mkdir()
    (templates / "report" / "title.yaml.j2").write_text(
        "---\ntitle: {{ title|yaml }}\nauthor: Hope and the team\n---\n", encoding="utf-8")
    code, findings = check(run)
    assert code == 3 and findings[0]["file"] == "templates/report/title.yaml.j2" and findings[0]["line"] == 3
    for to in FORMATS:
        assert final(run, to).exit_code == 3


def png(author):
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", author)
    info.add_text("Comment", "taken at the Ashworth-Brown home")
    out = io.BytesIO()
    Image.new("RGB", (16, 16), "green").save(out, "PNG", pnginfo=info)
    return out.getvalue()


def test_images_reach_every_format_re_encoded_without_their_metadata(review, run):
    (review / "report" / "sections" / "diagram.png").write_bytes(png("Kayleigh Ashworth-Brown"))
    section(review, "# Analysis\n\n![A diagram of agency contacts](diagram.png)\n")
    assert check(run) == (0, [])
    for to in FORMATS:
        result = final(run, to)
        assert result.exit_code == 0, (to, result.stdout, result.stderr)
        path = review / "report" / "build" / f"{REF}-overview-report.{to}"
        data = path.read_bytes()
        assert b"Ashworth" not in data and b"Kayleigh" not in data
        if to == "md":
            assert "data:image/png;base64," in data.decode()


def test_comments_and_dangerous_links_never_reach_a_final_document(review, run):
    section(review, "# Analysis\n\nText <!-- note to self: ask about the boyfriend --> more.\n\n"
                    "[a link](javascript:alert(1)) and [a file](file:///home/x/notes.docx)"
                    " and [the guidance](https://www.gov.uk/guidance).\n")
    for to in ("docx", "html", "md"):
        assert final(run, to).exit_code == 0
        text = everything_in(review / "report" / "build" / f"{REF}-overview-report.{to}")
        assert "note to self" not in text and "boyfriend" not in text
        assert "javascript" not in text.lower() and "file:///" not in text
        assert "a link" in text and "a file" in text and "www.gov.uk" in text


def test_the_final_documents_metadata_is_scrs(review, run):
    for to in ("docx", "pdf", "html"):
        assert final(run, to).exit_code == 0
        path = review / "report" / "build" / f"{REF}-overview-report.{to}"
        found = dict(extract.texts(path.read_bytes(), to))
        if to == "docx":
            core = found["docProps/core.xml"]
            assert "Serious case review: Child T" in core and "Safeguarding Children Board" in core
        elif to == "pdf":
            assert found["metadata /Title"] == "Serious case review: Child T"
        else:
            assert "Serious case review: Child T" in found["text"]


def test_a_letter_field_is_text_never_a_word_field(review, run, ws_path):
    result = run("notify", REF, "ofsted", "--draft", "--purpose", "incident",
                 "--reference", '`INCLUDETEXT "/etc/passwd"`{=openxml} <b>x</b>',
                 "-o", ws_path / "letter.docx")
    assert result.exit_code == 0, result.stderr
    document = zipfile.ZipFile(ws_path / "letter.docx").read("word/document.xml").decode()
    assert "INCLUDETEXT" in document  # as text...
    assert "instrText" not in document and "fldSimple" not in document  # ...never a field
    assert "&lt;b&gt;x&lt;/b&gt;" in document


def test_a_template_linked_elsewhere_is_refused(review, run, ws_path, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:root:/root:/bin/bash")
    (ws_path / "templates").mkdir()
    (ws_path / "templates" / "notify.md.j2").symlink_to(secret)
    result = run("notify", REF, "ofsted", "--draft", "-o", ws_path / "letter.md")
    assert result.exit_code == 1 and "symbolic link" in result.stderr
    assert not (ws_path / "letter.md").exists()


def test_a_reference_docx_linked_elsewhere_is_refused(review, run, ws_path, tmp_path):
    from scr.documents.templates import PACKAGE_TEMPLATES

    (ws_path / "templates").mkdir()
    (ws_path / "templates" / "reference.docx").symlink_to(PACKAGE_TEMPLATES / "reference.docx")
    result = run("report", "render", REF, "--to", "docx")
    assert result.exit_code == 1 and "symbolic link" in result.stderr
