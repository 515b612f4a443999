"""The publication gate's readings (scr/report/gate.py, scr/documents/extract.py, images.py):
names are looked for in what pandoc reads and in every part of a real written document."""

import io
import re
import zipfile

import pypandoc
import pytest
from PIL import Image, PngImagePlugin

from scr.documents import extract, images
from scr.report import gate

JANE = {"name": "Jane Smith", "replace_with": None, "whole_only": False}
HOPE = {"name": "Hope", "replace_with": None, "whole_only": True}


def png_with(text):
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", text)
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(out, "PNG", pnginfo=info)
    return out.getvalue()


def jpeg_with(artist):
    exif = Image.Exif()
    exif[0x013B] = artist  # Artist
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(out, "JPEG", exif=exif, comment=artist.encode())
    return out.getvalue()


def found_in(findings):
    """Where in the written file each finding was: ``FILE (WHERE)`` -> WHERE."""
    return sorted({f["file"].split(" (", 1)[1].rstrip(")") for f in findings})


def docx_of(markdown, tmp_path, **parts):
    """A real pandoc .docx of ``markdown``, with ``parts`` (zip name -> bytes) added or replaced."""
    out = tmp_path / "x.docx"
    pypandoc.convert_text(markdown, "docx", format="markdown", outputfile=str(out),
                          extra_args=["--sandbox", "--standalone"])
    data = out.read_bytes()
    if not parts:
        return data
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        existing = {i.filename: archive.read(i) for i in archive.infolist()}
    existing.update(parts)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in existing.items():
            archive.writestr(name, content)
    return buffer.getvalue()


# ------------------------------------------------------------------------------ sections, as pandoc reads them


@pytest.mark.parametrize("markdown", [
    "> Jane\n> Smith said so.",
    "> - a list in a quote with Jane\n>   Smith in it",
    "+-------+\n| Jane  |\n| Smith |\n+-------+",
    "| Jane\n|  Smith",
    "Term\n:   Jane\n    Smith",
    "Jane\\\nSmith",
    "*Jane* Smith", "Jane *Smith*", "Ja*ne* Smi**th**", "Jane&nbsp;Smith", "&#74;ane Smith",
    "[Jane]{.x} Smith", "[Jane](https://example.org) Smith", "Jane[^1] Smith\n\n[^1]: a note",
    "# Heading {#jane-smith}", "[see](mailto:jane.smith@example.org)",
    "![a photo](Jane%20Smith.png)",
])
def test_a_whole_only_name_is_found_through_pandocs_reading(markdown):
    whole = {**JANE, "whole_only": True}
    findings = gate.sections([("report/sections/01.md", markdown)], [whole])
    assert findings, markdown
    assert all(f["file"] == "report/sections/01.md" for f in findings)


def test_findings_only_pandoc_sees_have_no_line_and_those_in_the_text_keep_theirs():
    text = "Intro.\n\nJane Smith came.\n\nJa*ne* Smith too.\n"
    findings = gate.sections([("a.md", text)], [{**JANE, "whole_only": True}])
    assert [f["line"] for f in findings] == [3, None]
    assert findings[1]["finding"].startswith("as pandoc reads it: real name")


def test_each_section_keeps_its_own_findings_in_one_pandoc_run():
    findings = gate.sections([("a.md", "nothing here"), ("b.md", "Ja*ne* Smith"), ("c.md", "```\nunclosed")],
                             [{**JANE, "whole_only": True}])
    assert [(f["file"], f["line"]) for f in findings] == [("b.md", None)]


# ------------------------------------------------------------------------------ a written .docx


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


@pytest.mark.parametrize("part, xml", [
    ("word/header1.xml", f'<w:hdr {W}><w:p><w:r><w:t>Prepared by Jane</w:t></w:r><w:r><w:t> Smith</w:t></w:r></w:p></w:hdr>'),
    ("word/footer1.xml", f'<w:ftr {W}><w:p><w:r><w:t>SMITH, Jane</w:t></w:r></w:p></w:ftr>'),
    ("word/footnotes.xml", f'<w:footnotes {W}><w:footnote><w:p><w:r><w:t>Jane Smith</w:t></w:r></w:p></w:footnote></w:footnotes>'),
    ("word/comments.xml", f'<w:comments {W}><w:comment w:id="1" w:author="Jane Smith"><w:p/></w:comment></w:comments>'),
    ("docProps/app.xml", '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Company>Smith family</Company><Manager>Jane Smith</Manager></Properties>'),
    ("docProps/custom.xml", '<Properties xmlns="x"><property name="Child"><lpwstr>Jane Smith</lpwstr></property></Properties>'),
    ("word/_rels/document.xml.rels", '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r9" Type="hyperlink" Target="mailto:jane.smith@example.org" TargetMode="External"/></Relationships>'),
    ("word/document.xml", f'<w:document {W}><w:body><w:bookmarkStart w:id="0" w:name="jane_smith"/><w:p><w:r><w:t>Text</w:t></w:r></w:p></w:body></w:document>'),
    ("word/document.xml", f'<w:document {W}><w:body><w:p><w:r><w:instrText> INCLUDETEXT "Jane Smith.docx" </w:instrText></w:r></w:p></w:body></w:document>'),
    ("word/media/image1.png", png_with("Jane Smith")),
    ("word/media/image2.jpeg", jpeg_with("Jane Smith")),
])
def test_a_name_anywhere_in_a_written_docx_is_found(tmp_path, part, xml):
    data = docx_of("Nothing to see.", tmp_path, **{part: xml if isinstance(xml, bytes) else xml.encode()})
    findings = gate.written(data, "docx", "report.docx", [JANE])
    assert findings and all(f["line"] is None and f["file"].startswith("report.docx (") for f in findings)
    assert any(f["file"].startswith(f"report.docx ({part}") for f in findings), findings


def test_the_title_metadata_and_the_file_name_are_read(tmp_path):
    data = docx_of("Body.", tmp_path)
    assert gate.written(data, "docx", "2013-smith-overview-report.docx", [{"name": "Smith"}])
    data = docx_of("---\ntitle: The review of Jane Smith\n---\n\nBody.", tmp_path)
    assert "docProps/core.xml" in found_in(gate.written(data, "docx", "r.docx", [JANE]))


def test_font_style_and_theme_names_are_not_searched(tmp_path):
    data = docx_of("# Heading\n\nBody text.", tmp_path)
    theme = [n for n in zipfile.ZipFile(io.BytesIO(data)).namelist() if "theme" in n]
    fonts = {"name": "Mangal Latha Cambria Calibri", "whole_only": False}
    assert gate.written(data, "docx", "r.docx", [fonts, {"name": "Heading"}]) == [
        f for f in gate.written(data, "docx", "r.docx", [{"name": "Heading"}])]
    assert not set(found_in(gate.written(data, "docx", "r.docx", [fonts]))) & {
        *theme, "word/styles.xml", "word/fontTable.xml"}


# ------------------------------------------------------------------------------ html, pdf, md


def test_html_text_attributes_urls_title_and_images_are_read():
    page = ('<html><head><title>Review of Hope</title><meta name="author" content="x"><style>body{font-family:Hope}</style></head>'
            '<body><p id="x">Plain.</p><a href="file:///home/jane.smith/notes.docx">link</a>'
            '<img alt="a photo" src="data:image/png;base64,' + __import__("base64").b64encode(png_with("Jane Smith")).decode() + '">'
            '<span title="Tyler">t</span></body></html>').encode()
    assert "Review of Hope" in " ".join(t for _, t in extract.html_texts(page))
    findings = gate.written(page, "html", "r.html", [JANE, HOPE, {"name": "Kay Tyler"}])
    where = found_in(findings)
    assert "text" in where and "attribute href" in where and "attribute title" in where
    assert any(w.startswith("image 1") for w in where)
    assert not any("font" in f["finding"] for f in findings)


def test_a_pdf_text_metadata_and_outline_are_read(tmp_path):
    import typst

    typ = tmp_path / "r.typ"
    typ.write_text('#set document(title: "Review of Zoe Tyler", author: "Jane Smith")\n'
                   '= Kayleigh\nThe ﬁnal text names O\u2019Brien.\n', encoding="utf-8")
    data = typst.compile(str(typ), format="pdf")
    findings = gate.written(data, "pdf", "r.pdf", [JANE, {"name": "Zoe Tyler"}, {"name": "Kayleigh"},
                                                   {"name": "O'Brien"}])
    text = " ".join(f["file"] + " " + f["finding"] for f in findings)
    assert "O\u2019Brien" in text and "metadata /Author" in text and "metadata /Title" in text
    assert "outline" in text and "Kayleigh" in text


def test_markdown_output_is_read_as_text_and_as_pandoc_reads_it():
    md = "---\ntitle: x\n---\n\nJa*ne* Smith\n".encode()
    findings = gate.written(md, "md", "r.md", [{**JANE, "whole_only": True}])
    assert found_in(findings) == ["as pandoc reads it"]


# ------------------------------------------------------------------------------ images


@pytest.mark.parametrize("make, kind", [(png_with, "PNG"), (jpeg_with, "JPEG")])
def test_images_are_re_encoded_without_their_metadata(make, kind):
    original = make("Jane Smith")
    assert gate.written(original, "md", "x", [JANE]) or extract.image_texts(original, "i")
    cleaned, found_kind = images.clean(original)
    assert found_kind == kind
    assert not any(re.search("smith", t, re.I) for _, t in extract.image_texts(cleaned, "i"))
    assert b"Smith" not in cleaned
    with Image.open(io.BytesIO(cleaned)) as image:
        assert image.size == (8, 8)


def test_a_decompression_bomb_is_refused_before_it_is_decoded():
    out = io.BytesIO()
    Image.new("1", (12000, 12000)).save(out, "PNG")
    with pytest.raises(Exception) as raised:
        images.clean(out.getvalue(), "report/big.png")
    assert "report/big.png" in str(raised.value) and "too large" in str(raised.value)


def test_a_pdf_images_metadata_is_read(tmp_path):
    import typst

    (tmp_path / "photo.jpg").write_bytes(jpeg_with("Jane Smith"))
    typ = tmp_path / "r.typ"
    typ.write_text('Text.\n#image("photo.jpg", width: 2cm)\n', encoding="utf-8")
    data = typst.compile(str(typ), root=str(tmp_path), format="pdf")
    findings = gate.written(data, "pdf", "r.pdf", [JANE])
    assert any(w.startswith("page 1 image") for w in found_in(findings)), findings


# ------------------------------------------------------------------------------ property: Markdown routes

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

FIRSTS, SURNAMES = ["Jane", "Zoë", "Siobhan"], ["Smith", "O'Brien", "Ashworth-Brown"]
BETWEEN = [" ", "\n", "\\\n", "&nbsp;", "[^1] ", "&#32;"]


def _split(word, draw):
    """``word`` with Markdown or an entity inside it, as an author or a paste leaves it."""
    at = draw(st.integers(1, len(word) - 1))
    head, tail = word[:at], word[at:]
    how = draw(st.sampled_from(["", "emph", "strong", "span", "link", "entity"]))
    if how == "emph":
        return f"{head}*{tail}*"
    if how == "strong":
        return f"**{head}**{tail}"
    if how == "span":
        return f"[{head}]{{.x}}{tail}"
    if how == "link":
        return f"[{head}](https://example.org){tail}"
    if how == "entity" and tail[0].isascii():
        return f"{head}&#{ord(tail[0])};{tail[1:]}"
    return word


@st.composite
def markdown_with_a_name(draw):
    first, surname = draw(st.sampled_from(FIRSTS)), draw(st.sampled_from(SURNAMES))
    a, b = _split(first, draw), _split(surname.replace("'", draw(st.sampled_from(["'", "\u2019"]))), draw)
    joined = a + draw(st.sampled_from(BETWEEN)) + b
    block = draw(st.sampled_from(["para", "quote", "list-in-quote", "grid", "line-block", "definition"]))
    if block == "quote":
        text = "> She said " + joined.replace("\n", "\n> ") + " was there."
    elif block == "list-in-quote":
        text = "> - " + joined.replace("\n", "\n>   ")
    elif block == "grid":
        lines = joined.replace("\\\n", " ").split("\n")
        width = max(len(line) for line in lines) + 2
        rows = "".join(f"| {line.ljust(width - 2)} |\n" for line in lines)
        text = f"+{'-' * width}+\n{rows}+{'-' * width}+"
    elif block == "line-block":
        text = "| " + joined.replace("\\\n", " ").replace("\n", "\n  ")
    elif block == "definition":
        text = "Term\n:   " + joined.replace("\n", "\n    ")
    else:
        text = "We met " + joined + " at home."
    if "[^1]" in text:
        text += "\n\n[^1]: A note."
    return f"{first} {surname}", text


@settings(max_examples=60, deadline=None)
@given(markdown_with_a_name())
def test_a_whole_only_name_through_any_markdown_route_is_found_as_pandoc_reads_it(case):
    registered, text = case
    findings = gate.sections([("s.md", text)], [{"name": registered, "whole_only": True}])
    assert any("real name" in f["finding"] and "part of" not in f["finding"] for f in findings), text


def test_a_name_hyphenated_across_lines_of_a_pdf_is_found(tmp_path):
    import typst

    typ = tmp_path / "r.typ"
    typ.write_text('#set page(width: 3cm, margin: 0.2cm)\n#set par(justify: true)\n'
                   '#set text(hyphenate: true, lang: "en")\nSome words before Ashworthington and after the word again.\n',
                   encoding="utf-8")
    data = typst.compile(str(typ), format="pdf")
    page = next(text for where, text in extract.pdf_texts(data) if where == "page 1")
    assert "Ashwor\u00ad\nthington" in page  # typst broke the name across two lines
    assert gate.written(data, "pdf", "r.pdf", [{"name": "Ashworthington"}])
