"""The layers of docs/architecture.md, checked on the source with ``ast`` so they stay true:
only the command line imports click; only commands/output.py prints; no import cycle among scr's
modules (imports inside functions count too); no private name imported across modules."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent / "scr"
FILES = sorted(ROOT.rglob("*.py"))


def module_name(path):
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(path): path for path in FILES}
TREES = {name: ast.parse(path.read_text(encoding="utf-8"), str(path)) for name, path in MODULES.items()}


def is_command_line(name):
    return name == "scr.cli" or name == "scr.commands" or name.startswith("scr.commands.")


def imports(name):
    """``(module imported, names taken from it, line)`` for every import in the module."""
    for node in ast.walk(TREES[name]):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, [], node.lineno
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against the importing package
                package = name if MODULES[name].name == "__init__.py" else name.rpartition(".")[0]
                for _ in range(node.level - 1):
                    package = package.rpartition(".")[0]
                base = f"{package}.{node.module}" if node.module else package
            else:
                base = node.module
            yield base, [alias.name for alias in node.names], node.lineno


def scr_targets(name):
    """The scr modules a module imports: ``from scr.x import y`` is scr.x.y where that is a module."""
    for base, names, _ in imports(name):
        if not base.startswith("scr"):
            continue
        found = [f"{base}.{n}" for n in names if f"{base}.{n}" in MODULES]
        if found:
            yield from found
        elif base in MODULES:
            yield base


def test_the_tree_is_found():
    assert "scr.values" in MODULES and "scr.workspace.workspace" in MODULES and len(MODULES) > 30


@pytest.mark.parametrize("name", sorted(MODULES))
def test_only_the_command_line_imports_click(name):
    if is_command_line(name):
        return
    found = [line for base, _, line in imports(name) if base == "click" or base.startswith("click.")]
    assert not found, f"{MODULES[name]} imports click (line {found[0]}): the core never does"


def _writes_to_the_terminal(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "print":
            yield node.lineno, "print("
        if (isinstance(node, ast.Attribute) and node.attr in ("stdout", "stderr")
                and isinstance(node.value, ast.Name) and node.value.id == "sys"):
            yield node.lineno, f"sys.{node.attr}"
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr in ("echo", "secho") and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "click"):
            yield node.lineno, f"click.{node.func.attr}"


# cli.py keeps the edge that must work when nothing else does: the interrupted or crashed
# command's last `Error:` line, and stdout pointed at /dev/null after a broken pipe.
PRINTERS = {"scr.commands.output", "scr.cli"}


@pytest.mark.parametrize("name", sorted(MODULES))
def test_only_output_prints(name):
    if name in PRINTERS:
        return
    found = list(_writes_to_the_terminal(TREES[name]))
    assert not found, f"{MODULES[name]} line {found[0][0]} uses {found[0][1]}: print through commands/output.py"


def test_no_import_cycle():
    graph = {name: set(scr_targets(name)) - {name} for name in MODULES}
    # A package's __init__ that a submodule imports is an edge like any other.
    state, stack, cycles = {}, [], []

    def visit(node):
        state[node] = "open"
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == "open":
                cycles.append(stack[stack.index(target):] + [target])
            elif target not in state:
                visit(target)
        stack.pop()
        state[node] = "done"

    for name in sorted(graph):
        if name not in state:
            visit(name)
    assert not cycles, "import cycles: " + "; ".join(" -> ".join(cycle) for cycle in cycles)


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_private_name_is_imported_across_modules(name):
    found = [
        (line, base, n) for base, names, line in imports(name) if base.startswith("scr")
        for n in names if n.startswith("_") and not n.startswith("__")
    ]
    assert not found, f"{MODULES[name]} line {found[0][0]} imports {found[0][2]} from {found[0][1]}"


def test_the_checks_can_fail():
    """Each check finds what it looks for in a sample, so a pass above means something."""
    sample = ast.parse("import sys\nprint('x')\nsys.stderr.write('y')\n")
    assert [what for _, what in _writes_to_the_terminal(sample)] == ["print(", "sys.stderr"]
