"""Open Word and Excel files in a real office suite: LibreOffice, headless, prints them to PDF.

One ``soffice`` run converts every file given (starting it is most of the cost), with a private
user profile so nothing of the developer's own LibreOffice is read or changed.
"""

import os
import shutil
import subprocess
from pathlib import Path

import pytest


def soffice():
    """The LibreOffice program, or skip: CI (.ci/run) installs it."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        pytest.skip("LibreOffice (soffice) is not installed; .ci/run installs libreoffice-writer-nogui "
                    "and libreoffice-calc-nogui")
    return found


def to_pdf(files, folder):
    """Print each of ``files`` (.docx, .xlsx) to PDF in ``folder``; returns {file: pdf path}."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    profile = folder / "profile"
    program = soffice()
    subprocess.run(
        [program, "--headless", "--norestore", f"-env:UserInstallation=file://{profile}",
         "--convert-to", "pdf", "--outdir", str(folder), *(str(f) for f in files)],
        check=True, capture_output=True, timeout=300, env={**os.environ, "HOME": str(folder)},
    )
    result = {}
    for file in files:
        pdf = folder / (Path(file).stem + ".pdf")
        assert pdf.is_file(), f"LibreOffice did not print {file}"
        result[Path(file)] = pdf
    return result
