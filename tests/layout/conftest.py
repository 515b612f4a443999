"""Every document written once per test session, printed to PDF (Word and Excel files through
LibreOffice) and read back page by page."""

import pytest

from layout import documents, office
from layout import pages as P


class Built:
    def __init__(self, docs, pdfs):
        self.docs = docs
        self.pdfs = pdfs      # document name -> PDF path
        self._pages = {}

    def pages(self, name):
        if name not in self._pages:
            self._pages[name] = P.read(self.pdfs[name])
        return self._pages[name]


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    pytest.importorskip("pdfplumber")
    folder = tmp_path_factory.mktemp("layout")
    docs = documents.build(folder)
    pdfs = {name: path for name, path in docs.files.items() if name.endswith(".pdf")}
    office_files = {name: path for name, path in docs.files.items() if name.endswith((".docx", ".xlsx"))}
    try:
        printed = office.to_pdf(list(office_files.values()), folder / "printed")
    except pytest.skip.Exception:
        printed = {}
    for name, path in office_files.items():
        if path in printed:
            pdfs[name] = printed[path]
    return Built(docs, pdfs)


@pytest.fixture
def pages_of(built):
    """pages_of("report-long.docx") -> its pages as printed (skips where LibreOffice is missing)."""
    def get(name):
        if name not in built.pdfs:
            office.soffice()   # skips, saying what to install
        return built.pages(name)

    return get
