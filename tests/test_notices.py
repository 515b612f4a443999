"""scr/report/notices.py directly: which template a draft comes from, what the letter says, and the
three files it is written as (.md, .docx in the board's house style, .eml a mail client opens)."""

import email
import zipfile
from datetime import date, datetime, timedelta, timezone
from email import policy
from pathlib import Path

import docx
import pytest

from scr.errors import ScrError
from scr.report import notices
from scr.workspace.workspace import Workspace

REF = "2013-infant-b"
TODAY = date(2014, 1, 20)


@pytest.fixture
def ws(ws_path, run):
    config = ws_path / "scr.toml"
    config.write_text(config.read_text() + '\n[agencies."ofsted"]\nemail = "enquiries@ofsted.example"\n')
    result = run("--as-of", TODAY.isoformat(), "new", "scr", "--title", "Death of an infant",
                 "--subject", "Infant B", "--ref", REF, "--aware", "2/12/2013")
    assert result.exit_code == 0, result.stderr
    return Workspace(ws_path, today=TODAY, user="tester")


def draft(ws, recipient, purpose=None, **options):
    with ws.open_review(REF) as review:
        return notices.draft(review, recipient, purpose, **options)


def test_the_most_specific_template_is_looked_for_first():
    assert notices.template_names("ofsted", "incident") == [
        "notify-ofsted-incident.md.j2", "notify-incident.md.j2", "notify-ofsted.md.j2", "notify.md.j2"]
    assert notices.template_names("ofsted", None) == ["notify-ofsted.md.j2", "notify.md.j2"]


def test_recipients_are_addressed_by_name():
    assert notices.recipient_name("panel", "scr") == "National Panel of Independent Experts on Serious Case Reviews"
    assert notices.recipient_name("local-mp") == "Local Mp"


def test_a_markdown_draft_is_the_filled_letter_with_dates_shown_day_first(ws, tmp_path):
    path = draft(ws, "ofsted", "incident", output=tmp_path / "letter.md")
    text = Path(path).read_text(encoding="utf-8")
    assert text.startswith("# Notification of a serious incident: Infant B")
    assert "Date: 20 Jan 2014" in text
    assert "2 Dec 2013" in text  # the day the board became aware


def test_the_default_file_is_a_word_document_in_the_reviews_documents_folder(ws):
    path = Path(draft(ws, "ofsted", "incident"))
    assert path == (ws.review_dir(REF) / "documents" / "2014-01-20-notify-ofsted-incident.docx").resolve()
    text = "\n".join(p.text for p in docx.Document(path).paragraphs)
    assert "Infant B" in text and "20 Jan 2014" in text


def test_the_email_opens_as_an_unsent_draft_to_the_registered_address(ws, tmp_path):
    before = datetime.now(timezone.utc).replace(microsecond=0)
    path = draft(ws, "ofsted", "incident", output=tmp_path / "letter.eml")
    message = email.message_from_bytes(Path(path).read_bytes(), policy=policy.default)
    assert message["Subject"] == "Notification of a serious incident: Infant B"
    assert message["To"] == "enquiries@ofsted.example"
    assert message["X-Unsent"] == "1"
    assert message["X-Scr-Review"] == REF
    sent = message["Date"].datetime
    assert sent.utcoffset() == timedelta(0) and before <= sent <= datetime.now(timezone.utc)
    assert "Infant B" in message.get_content()


def test_a_recipient_without_an_address_gets_a_draft_without_a_to_line(ws, tmp_path):
    path = draft(ws, "panel", "decision", output=tmp_path / "letter.eml")
    message = email.message_from_bytes(Path(path).read_bytes(), policy=policy.default)
    assert message["To"] is None and message["Subject"]


def test_a_boards_own_template_wins(ws, tmp_path):
    (ws.templates_dir).mkdir(exist_ok=True)
    (ws.templates_dir / "notify-incident.md.j2").write_text(
        "# Our own letter about {{ review.subject }}\n\nSigned, {{ sender }}\n", encoding="utf-8")
    text = Path(draft(ws, "ofsted", "incident", output=tmp_path / "x.md")).read_text(encoding="utf-8")
    assert text == "# Our own letter about Infant B\n\nSigned, tester\n"


def test_the_word_letter_takes_the_boards_reference_document(ws, tmp_path):
    from scr.documents.templates import PACKAGE_TEMPLATES

    reference = PACKAGE_TEMPLATES / "reference.docx"
    with zipfile.ZipFile(reference) as source, zipfile.ZipFile(tmp_path / "ref.docx", "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "word/styles.xml":
                data = data.replace(b"</w:styles>", b'<w:style w:type="paragraph" w:styleId="BoardHouse">'
                                    b'<w:name w:val="Board House Style"/></w:style></w:styles>')
            target.writestr(item, data)
    ws.templates_dir.mkdir(exist_ok=True)
    (tmp_path / "ref.docx").rename(ws.templates_dir / "reference.docx")
    path = draft(ws, "ofsted", "incident")
    assert "Board House Style" in [s.name for s in docx.Document(path).styles]


def test_a_broken_reference_document_is_refused_and_nothing_is_written(ws):
    ws.templates_dir.mkdir(exist_ok=True)
    (ws.templates_dir / "reference.docx").write_text("not a Word document")
    with pytest.raises(ScrError, match="reference.docx is not a Word document"):
        draft(ws, "ofsted", "incident")
    assert not (ws.review_dir(REF) / "documents").exists() or not any((ws.review_dir(REF) / "documents").iterdir())


def test_an_unknown_suffix_is_refused_naming_it(ws, tmp_path):
    with pytest.raises(ScrError, match=r"cannot write .*letter\.pdf: a draft is written as \.docx, \.md or \.eml; '\.pdf'"):
        draft(ws, "ofsted", "incident", output=tmp_path / "letter.pdf")
    assert not (tmp_path / "letter.pdf").exists()


def test_a_folder_gets_the_usual_file_name(ws, tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    assert Path(draft(ws, "ofsted", "incident", output=folder)) == (folder / "2014-01-20-notify-ofsted-incident.docx").resolve()
