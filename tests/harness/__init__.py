"""Shared by the reliability, fault and security suites (split from the old tests/clitree.py):

- ``tree``: the command tree walked from ``scr.cli.cli`` (every leaf command, by path);
- ``text``: the seed's names, hostile text and the strategies for each kind of value;
- ``files``: importer file contents (CSV, .xlsx, .docx, binary junk, huge cells, formulas);
- ``params``: a strategy per parameter, chosen by its click type or metavar, and whole command lines;
- ``workspace``: a seeded workspace built through whatever commands exist, fresh copies of it, and
  the command lines that change something (WRITERS) or only read (READERS);
- ``checks``: running one command line and the invariants every command line must keep.

Nothing here knows a command by heart except the seed and WRITERS/READERS (each checked to name a
registered command): a command that lands is fuzzed as soon as it is registered in ``scr.cli``. The names most
suites use are gathered here: ``import harness`` then ``harness.invoke(...)``.
"""

from harness.checks import check_result, check_spreadsheets, materialise, run_example, written_files
from harness.files import InputFile, OutputPath
from harness.params import command_line, value_strategy
from harness.text import AS_OF, INJECTIONS, is_formula_text
from harness.tree import ROOT, available, command_paths, find, path_of, walk
from harness.workspace import (READERS, WRITERS, Scratch, Seed, build_seed, fast_base, fill, invoke,
                               writer_inputs)

__all__ = [
    "written_files", "AS_OF", "INJECTIONS", "READERS", "ROOT", "WRITERS", "InputFile", "OutputPath", "Scratch", "Seed",
    "available", "build_seed", "check_result", "check_spreadsheets", "command_line", "command_paths",
    "fast_base", "fill", "find", "invoke", "is_formula_text", "materialise", "path_of", "run_example",
    "value_strategy", "walk", "writer_inputs",
]
