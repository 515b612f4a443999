"""Running one generated command line and checking the invariants of CLI.md every command keeps."""

import csv
import json
import os
import zipfile
from pathlib import Path

from conftest import snapshot
from harness.files import InputFile, OutputPath
from harness.text import is_formula_text
from harness.workspace import Scratch, invoke

def materialise(argv, scratch, ws):
    """Turn InputFile/OutputPath values into real paths under ``scratch``; returns (args, outputs)."""
    args, outputs = [], []
    for n, value in enumerate(argv):
        if isinstance(value, InputFile):
            path = scratch / f"input{n}{value.suffix}"
            path.write_bytes(value.data)
            args.append(str(path))
        elif isinstance(value, OutputPath):
            if value.where == "workspace":
                path = ws / "out" / f"fuzz{n}{value.suffix}"
            elif value.where == "nested":
                path = scratch / "new" / "folders" / f"out{n}{value.suffix}"
            elif value.where in ("folder", "existing-folder"):
                path = scratch / f"folder{n}"
                if value.where == "existing-folder":
                    path.mkdir(exist_ok=True)
            else:
                path = scratch / f"out{n}{value.suffix}"
            args.append(str(path))
            outputs.append(path)
        else:
            args.append(value)
    return args, outputs


def check_spreadsheets(paths, kept=()):
    """No cell of an .xlsx scr wrote is a formula; no CSV cell starts one unprefixed. Files whose
    bytes are one of ``kept`` (an agency's original file, kept untouched as CLI.md asks) are not scr's."""
    for path in paths:
        if kept and path.is_file() and path.read_bytes() in kept:
            continue
        if path.suffix == ".xlsx" and path.is_file():
            from openpyxl import load_workbook

            if not zipfile.is_zipfile(path) or "xl/workbook.xml" not in zipfile.ZipFile(path).namelist():
                continue  # not a workbook, only named like one (`report render -o report.xlsx` writes Word)

            book = load_workbook(path)
            for sheet in book.worksheets:
                for row in sheet.iter_rows():
                    for item in row:
                        assert item.data_type != "f", f"{path} {sheet.title}!{item.coordinate} is a formula: {item.value!r}"
        elif path.suffix == ".csv" and path.is_file():
            with open(path, newline="", encoding="utf-8-sig") as handle:
                for line_no, row in enumerate(csv.reader(handle), start=1):
                    for value in row:
                        assert not (is_formula_text(value) and not _is_number(value)), \
                            f"{path} row {line_no}: cell {value[:40]!r} would run as a formula"


def _is_number(text):
    try:
        float(text)
        return True
    except ValueError:
        return False


def written_files(before, after, root):
    return [Path(root) / name for name, data in after.items() if before.get(name) != data]


def check_result(args, result, before, after, outputs, ws, kept=()):
    """The invariants of CLI.md for one finished command line."""
    shown = f"scr {' '.join(repr(a)[:80] for a in args)}\nexit {result.exit_code}\nstderr: {result.stderr[-800:]}"
    assert result.exit_code in (0, 1, 2, 3), shown
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout, shown
    assert "this is a bug in scr" not in result.stderr, shown
    if result.exit_code == 1:
        assert "Error:" in result.stderr, shown
    if result.exit_code != 0:
        changed = sorted(set(before) ^ set(after) | {k for k in before if k in after and before[k] != after[k]})
        assert not changed, f"a failed command changed the workspace: {changed[:5]}\n{shown}"
        for path in outputs:
            assert not (path.is_file() and path.stat().st_size and path.suffix), f"a failed command wrote {path}\n{shown}"
    else:
        if "--json" in args:
            try:
                json.loads(result.stdout)
            except ValueError:
                raise AssertionError(f"--json printed something that is not one JSON document\n{shown}\n{result.stdout[:300]}") from None
        # a file whose bytes were already in the workspace was moved (scr rename), not written
        moved = set(before.values())
        check_spreadsheets(written_files(before, after, ws) + [p for p in outputs if p.is_file()],
                           set(kept) | moved)



def run_example(argv, seed, base):
    """Run one generated command line in-process against a fresh copy of the seed, and check it."""
    with Scratch(seed, base) as scratch:
        args, outputs = materialise(argv, scratch.folder, scratch.ws)
        before = snapshot(scratch.ws)
        here = os.getcwd()
        os.chdir(scratch.folder)  # `scr init` with no PATH, relative -o paths: inside the example
        try:
            result = invoke(args, scratch.ws)
        finally:
            os.chdir(here)
        after = snapshot(scratch.ws)
        kept = {value.data for value in argv if isinstance(value, InputFile)}
        check_result(args, result, before, after, outputs, scratch.ws, kept)
        return result


