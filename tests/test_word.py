"""scr/documents/word.py directly: which reference document a .docx takes, the draft marking in
every header and footer, and the publication hygiene of a finished .docx (author, language, date,
alt text, no comments)."""

import base64
import io
import os
import zipfile
from datetime import date

import docx
import pytest

from scr.documents import pandoc, word
from scr.documents.templates import PACKAGE_TEMPLATES
from scr.errors import ScrError

PACKAGE_REFERENCE = PACKAGE_TEMPLATES / "reference.docx"


def parts(data_or_path):
    source = io.BytesIO(data_or_path) if isinstance(data_or_path, bytes) else data_or_path
    with zipfile.ZipFile(source) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


# ------------------------------------------------------------------------------ the reference document


def test_the_packages_reference_document_without_a_boards_own(tmp_path):
    assert word.reference_doc(tmp_path / "templates") == PACKAGE_REFERENCE
    assert word.reference_doc(None) == PACKAGE_REFERENCE


def test_a_boards_reference_document_wins(tmp_path):
    own = tmp_path / "reference.docx"
    own.write_bytes(PACKAGE_REFERENCE.read_bytes())
    assert word.reference_doc(tmp_path) == own


@pytest.mark.parametrize("broken", ["not a zip", "a dangling link", "a folder"])
def test_a_broken_boards_reference_document_is_refused_never_skipped(tmp_path, broken):
    own = tmp_path / "reference.docx"
    if broken == "not a zip":
        own.write_text("hello")
        message = "is not a Word document"
    elif broken == "a dangling link":
        os.symlink(tmp_path / "gone.docx", own)
        message = "is missing"
    else:
        own.mkdir()
        message = "is missing"
    with pytest.raises(ScrError, match=f"reference document {own} {message}"):
        word.reference_doc(tmp_path)


# ------------------------------------------------------------------------------ prepare_reference


def test_a_drafts_marking_goes_on_top_of_every_header_and_footer(tmp_path):
    prepared = word.prepare_reference(PACKAGE_REFERENCE, tmp_path / "ref.docx", "DRAFT — OFFICIAL-SENSITIVE")
    # pandoc carries the reference document's headers and footers into what it writes
    out, _ = pandoc.convert_raw("# One\n\nText.\n", "docx", reference_doc=prepared, toc=False)
    document = docx.Document(io.BytesIO(out))
    section = document.sections[0]
    assert section.header.paragraphs[0].text == "DRAFT — OFFICIAL-SENSITIVE"
    assert section.footer.paragraphs[0].text == "DRAFT — OFFICIAL-SENSITIVE"


def test_tracked_changes_recording_is_switched_off(tmp_path):
    source = tmp_path / "tracking.docx"
    with zipfile.ZipFile(PACKAGE_REFERENCE) as original, zipfile.ZipFile(source, "w") as copy:
        for item in original.infolist():
            data = original.read(item)
            if item.filename == "word/settings.xml":
                data = data.replace(b"</w:settings>", b"<w:trackRevisions/></w:settings>")
            copy.writestr(item, data)
    assert b"trackRevisions" in parts(source)["word/settings.xml"]
    prepared = word.prepare_reference(source, tmp_path / "ready.docx")
    assert b"trackRevisions" not in parts(prepared)["word/settings.xml"]


def test_a_reference_document_with_damaged_xml_is_a_clean_error(tmp_path):
    source = tmp_path / "damaged.docx"
    with zipfile.ZipFile(PACKAGE_REFERENCE) as original, zipfile.ZipFile(source, "w") as copy:
        for item in original.infolist():
            copy.writestr(item, b"<w:document" if item.filename == "word/document.xml" else original.read(item))
    with pytest.raises(ScrError, match=r"damaged \(word/document.xml"):
        word.prepare_reference(source, tmp_path / "x.docx", "DRAFT")


# ------------------------------------------------------------------------------ finish


def test_a_finished_document_names_the_board_not_the_login_and_is_dated(tmp_path):
    raw, _ = pandoc.convert_raw("# One\n\nText.\n", "docx", toc=False)
    finished = word.finish(raw, "Tower Hamlets Safeguarding Children Board", "en-GB", date(2014, 1, 20))
    core = docx.Document(io.BytesIO(finished)).core_properties
    assert core.author == "Tower Hamlets Safeguarding Children Board"
    assert core.last_modified_by == "Tower Hamlets Safeguarding Children Board"
    assert core.language == "en-GB"
    assert core.created.date() == date(2014, 1, 20) and core.modified.date() == date(2014, 1, 20)


def test_images_are_described_by_their_alt_text_not_their_source(tmp_path):
    png = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15"
           b"\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")
    uri = "data:image/png;base64," + base64.b64encode(png).decode()
    raw, _ = pandoc.convert_raw(f"![A genogram of the family](<{uri}>)\n", "docx", toc=False)
    assert b"base64" in parts(raw)["word/document.xml"]  # pandoc writes the source as the description
    body = parts(word.finish(raw, "Board"))["word/document.xml"].decode()
    assert body.count('descr="A genogram of the family"') == 2  # the drawing and the picture
    assert "base64" not in body


def test_no_comment_survives(tmp_path):
    source = tmp_path / "c.md"  # pandoc itself, without scr's filter that drops comments first
    source.write_text('[A remark]{.comment-start id="1" author="x"}text[]{.comment-end id="1"}\n')
    pandoc.pandoc(source, "docx", tmp_path / "c.docx")
    raw = (tmp_path / "c.docx").read_bytes()
    assert b"A remark" in parts(raw)["word/comments.xml"]
    finished = parts(word.finish(raw, "Board"))
    assert b"A remark" not in finished.get("word/comments.xml", b"")
    assert b"A remark" not in finished["word/document.xml"]
