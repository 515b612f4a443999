"""The sandboxed template environment and the pandoc/typst conversions (scr/documents/templates.py and scr/documents/pandoc.py).

Real pandoc, real typst, real files: outputs are read back with python-docx, an HTML parser and
pdftotext."""

import base64
import io
import re
import shutil
import subprocess
import zipfile

import docx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scr.documents import pandoc
from scr.documents import templates as jinja
from scr.errors import ScrError


def env_with(tmp_path, templates):
    board = tmp_path / "board"
    for name, text in templates.items():
        (board / name).parent.mkdir(parents=True, exist_ok=True)
        (board / name).write_text(text, encoding="utf-8")
    return jinja.environment(jinja.template_dirs(board))


def test_a_boards_template_overrides_the_packages(tmp_path):
    env = env_with(tmp_path, {"report/title.yaml.j2": "title: {{ title|yaml }} (board's own)\n"})
    out = jinja.render_template(env, "report/title.yaml.j2", {"title": "T"})
    assert out == 'title: "T" (board\'s own)\n'


def test_the_package_templates_are_used_where_the_board_has_none(tmp_path):
    env = jinja.environment(jinja.template_dirs(tmp_path / "absent"))
    names = jinja.template_names(env, "report/sections", ".md.j2")
    assert [n.split("/")[-1] for n in names] == [
        "01-introduction.md.j2", "02-terms-of-reference.md.j2", "03-methodology.md.j2",
        "04-family-and-child.md.j2", "05-agency-involvement.md.j2", "06-analysis-and-findings.md.j2",
        "07-conclusions.md.j2", "08-recommendations.md.j2",
    ]


def test_values_are_data_never_templates(tmp_path):
    env = env_with(tmp_path, {"t.j2": "{{ text }}"})
    assert jinja.render_template(env, "t.j2", {"text": "{{ 7*7 }} {% if x %}"}) == "{{ 7*7 }} {% if x %}"


def test_python_internals_are_refused_naming_the_file_and_line(tmp_path):
    env = env_with(tmp_path, {"evil.j2": "fine\n{{ ''.__class__.__mro__ }}\n"})
    with pytest.raises(jinja.TemplateError) as caught:
        jinja.render_template(env, "evil.j2", {})
    message = str(caught.value)
    assert "evil.j2 line 2" in message and "refused" in message and "unsafe" in message


def test_an_undefined_variable_is_an_error_not_an_empty_string(tmp_path):
    env = env_with(tmp_path, {"t.j2": "a\nb\n{{ nope }}\n"})
    with pytest.raises(jinja.TemplateError, match=r"t\.j2 line 3: 'nope' is undefined"):
        jinja.render_template(env, "t.j2", {})


def test_a_syntax_error_names_the_file_and_line(tmp_path):
    env = env_with(tmp_path, {"t.j2": "a\n{% if %}\n"})
    with pytest.raises(jinja.TemplateError, match=r"t\.j2 line 2: template syntax error"):
        jinja.render_template(env, "t.j2", {})


def test_a_template_that_is_not_utf8_is_a_clean_error(tmp_path):
    (tmp_path / "board").mkdir()
    (tmp_path / "board" / "t.j2").write_bytes(b"caf\xe9 {{ x }}")
    env = jinja.environment(jinja.template_dirs(tmp_path / "board"))
    with pytest.raises(jinja.TemplateError, match="not UTF-8"):
        jinja.render_template(env, "t.j2", {"x": 1})


def test_md_escape_shows_the_text_as_written_through_pandoc(tmp_path):
    nasty = "a | b *c* _d_ [e](f) <g> #h @i $j$ `k` \\l {{ 7*7 }}\nsecond line"
    markdown = f"| x |\n|---|\n| {jinja.md_escape(nasty)} |\n"
    data, _ = pandoc.convert(markdown, "html", toc=False, metadata='title: "t"\n')
    text = " ".join(data.decode().split())
    assert "a | b *c* _d_ [e](f) &lt;g&gt; #h @i $j$ `k` \\l {{ 7*7 }} second line" in text


def test_docx_with_a_reference_document_has_its_styles(tmp_path):
    data, _ = pandoc.convert("# Heading one\n\nText.\n", "docx",
                             reference_doc=jinja.PACKAGE_TEMPLATES / "reference.docx")
    document = docx.Document(io.BytesIO(data))
    heading = [p for p in document.paragraphs if p.text == "Heading one"][0]
    assert heading.style.name == "Heading 1"
    assert heading.style.paragraph_format.page_break_before is True  # the house style's


def test_html_is_one_self_contained_page(tmp_path):
    data, _ = pandoc.convert("# One\n\n## Two\n", "html", header_html="<style>@media print {}</style>",
                             metadata='title: "T"\nlang: en-GB\n')
    text = data.decode()
    assert "<h1" in text and "<h2" in text and "@media print" in text
    assert 'lang="en-GB"' in text
    assert "<link" not in text


def test_pdf_is_made_without_latex_and_has_the_text():
    data, _ = pandoc.convert("# Findings\n\nSome text.\n", "pdf", metadata='title: "T"\npapersize: a4\n')
    assert data[:5] == b"%PDF-"
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True).stdout
        assert b"Findings" in text


def test_pdf_images_are_read_only_from_the_build_folder(tmp_path):
    outside = tmp_path / "secret.png"
    outside.write_bytes(b"not really a png")
    with pytest.raises(pandoc.ConversionError, match="typst"):
        pandoc.convert(f"![x]({outside})\n", "pdf")


def test_a_missing_reference_document_is_a_clean_error(tmp_path):
    with pytest.raises(ScrError, match="reference document .* is missing"):
        pandoc.convert("x", "docx", reference_doc=tmp_path / "nope.docx")


def test_a_reference_document_that_is_not_a_word_file_is_a_clean_error(tmp_path):
    bad = tmp_path / "reference.docx"
    bad.write_text("not a zip")
    with pytest.raises(ScrError, match="not a Word document"):
        pandoc.convert("x", "docx", reference_doc=bad)


def broken_reference_doc(path):
    """A Word document whose styles part is not XML: pandoc itself fails on it."""
    source = zipfile.ZipFile(jinja.PACKAGE_TEMPLATES / "reference.docx")
    with zipfile.ZipFile(path, "w") as archive:
        for name in source.namelist():
            archive.writestr(name, b"<w:styles><broken" if name == "word/styles.xml" else source.read(name))
    return path


def test_pandoc_failing_is_a_clean_error_with_a_hint(tmp_path):
    bad = broken_reference_doc(tmp_path / "reference.docx")
    with pytest.raises(pandoc.ConversionError, match="pandoc could not convert the report to docx.*hint"):
        pandoc.convert("x", "docx", reference_doc=bad)


def test_an_unknown_format_is_refused():
    with pytest.raises(ScrError, match="unknown format"):
        pandoc.convert("x", "odt")


def test_pandoc_cannot_read_files_outside_its_inputs(tmp_path):
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"\x89PNG\r\n\x1a\n")
    data, warnings = pandoc.convert(f"![alt]({secret})\n", "docx")
    assert not any(name.startswith("word/media/") for name in zipfile.ZipFile(io.BytesIO(data)).namelist())
    assert any("secret.png" in w for w in warnings)


def test_the_pinned_pandoc_and_typst_are_the_ones_installed():
    """setup.cfg pins the pair whose typst output compiles (test_pdf_* prove they work together)."""
    import configparser
    from importlib.metadata import version
    from pathlib import Path

    config = configparser.ConfigParser()
    config.read(Path(__file__).resolve().parent.parent / "setup.cfg")
    pins = dict(line.split("==") for line in config["options"]["install_requires"].split() if "==" in line)
    assert pins["pypandoc-binary"] == version("pypandoc-binary")
    assert pins["typst"] == version("typst")


def test_pdf_images_carry_their_alt_text(tmp_path):
    png = base64.b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC")
    data, _ = pandoc.convert("![A \"quoted\" genogram](media/image1.png)\n", "pdf",
                             files={"media/image1.png": png},
                             image_alts={"media/image1.png": 'A "quoted" genogram'})
    assert data[:5] == b"%PDF-"
    assert b'A \\"quoted\\" genogram' not in data  # the alt is a real string, not typst source
    assert pandoc._typst_alt_text('image("media/image1.png")', {"media/image1.png": 'x"y'}) == \
        'image("media/image1.png", alt: "x\\"y")'


texts = st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=0x17F, blacklist_categories=("Cs",)),
                max_size=40)


@settings(max_examples=8, deadline=None)
@given(st.lists(texts, min_size=1, max_size=12))
def test_any_text_in_a_table_cell_comes_out_exactly_as_typed(values):
    """Records (chronology events, actions) go into pipe tables through md_escape: whatever they
    hold, the HTML cell shows exactly that text (whitespace collapsed), nothing is interpreted."""
    import html

    rows = "".join(f"| {jinja.md_escape(v)} |\n" for v in values)
    data, _ = pandoc.convert(f"| x |\n|---|\n{rows}", "html", toc=False, metadata='title: "t"\n')
    cells = re.findall(r"<td>(.*?)</td>", data.decode(), flags=re.S)
    assert [html.unescape(" ".join(c.split())) for c in cells] == [" ".join(v.split()) for v in values]
