"""Security: private files whatever the umask, no network, pandoc in its sandbox, templates in jinja2's
sandbox, a publication check `--final` cannot skip, and `scr doctor` warning about folders others can
read. docs/security.md says what this protects and what it leaves to the operating system.
"""

import ast
import json
import os
import shutil
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import harness
from conftest import snapshot

SCR_PACKAGE = harness.ROOT / "scr"
NETBLOCK = str(Path(__file__).with_name("netblock"))


def _umask(mask):
    class Umask:
        def __enter__(self):
            self.old = os.umask(mask)

        def __exit__(self, *exc):
            os.umask(self.old)

    return Umask()


def _set_group(ws, value):
    config = ws / "scr.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("group = false", f"group = {'true' if value else 'false'}"), encoding="utf-8")


@pytest.mark.parametrize("umask, group", [(0o000, False), (0o000, True)], ids=["owner-only", "group"])
def test_every_file_any_command_writes_is_private_whatever_the_umask(tmp_path, umask, group):
    """Every writing command, run under a permissive umask: review folders 0700 and their files 0600
    (0770/0660 and the workspace's group with ``[access] group = true``), and the same for out/ and
    for files written with -o."""
    with _umask(umask):
        root = harness.build_seed(tmp_path / "seed", group=group).root
        subs = harness.writer_inputs(tmp_path)
        for argv in harness.available(harness.WRITERS):
            result = harness.invoke(harness.fill(argv, subs), root)
            assert "Traceback" not in result.stderr
    dir_mode, file_mode = (0o770, 0o660) if group else (0o700, 0o600)
    wrong = []
    for top in (root / "reviews", root / "out"):
        for path in [top, *top.rglob("*")] if top.exists() else []:
            mode = stat.S_IMODE(path.lstat().st_mode)
            if mode != (dir_mode if path.is_dir() else file_mode):
                wrong.append(f"{path.relative_to(root)} {oct(mode)}")
    for path in Path(subs["{out}"]).rglob("*"):
        mode = stat.S_IMODE(path.lstat().st_mode)
        if path.is_file() and mode != file_mode and "another-ws" not in str(path):
            wrong.append(f"-o {path.name} {oct(mode)}")
    assert not wrong, f"not {oct(dir_mode)}/{oct(file_mode)}: {wrong}"


def test_the_seed_itself_was_private(tmp_path):
    """build_seed runs the seed commands in-process under the test's umask: check what they made."""
    with _umask(0o000):
        seed = harness.build_seed(tmp_path)
    for path in [seed.root / "reviews", *(seed.root / "reviews").rglob("*")]:
        mode = stat.S_IMODE(path.lstat().st_mode)
        assert mode == (0o700 if path.is_dir() else 0o600), (path, oct(mode))


# No network ---------------------------------------------------------------------------------

def _isolation():
    """A way to run a process with no network: a new network namespace, where the system allows it."""
    for prefix in (["unshare", "--net"], ["unshare", "-rn"]):
        if shutil.which(prefix[0]) and subprocess.run([*prefix, "true"], capture_output=True).returncode == 0:
            return prefix
    return []


def _demo_copy(target):
    """The repository as the demo sees it (its root is the demo workspace), without git, venvs or
    the benchmarks' generated workspaces."""
    ignore = shutil.ignore_patterns(".git", ".venv", "venv", "work", "out", "__pycache__", "*.egg-info",
                                    ".pytest_cache", ".hypothesis", "build", "dist")
    shutil.copytree(harness.ROOT, target, ignore=ignore, symlinks=True)
    return target


def test_the_whole_demo_runs_with_the_network_blocked(tmp_path):
    """`make demo`'s script, with scr on PATH, in a process with no network: in a network namespace
    of its own (where the system allows one), and with Python's sockets replaced by one that refuses
    and records every attempt (tests/netblock/sitecustomize.py). The demo must still work and no
    process of it may have tried to open a socket."""
    demo = _demo_copy(tmp_path / "repo")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    wrapper = bin_dir / "scr"
    wrapper.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m scr "$@"\n')
    wrapper.chmod(0o755)
    python = bin_dir / "python"  # the demo runs helper scripts with the python beside scr, as in a venv
    python.write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n')
    python.chmod(0o755)
    log = tmp_path / "network-attempts.log"
    env = dict(os.environ)
    env.update(PATH=f"{bin_dir}{os.pathsep}{env['PATH']}", SCR_NETLOG=str(log), NO_COLOR="1",
               PYTHONPATH=os.pathsep.join([NETBLOCK, str(demo)]))
    for name in ("SCR_WORKSPACE", "SCR_AS_OF", "SCR_USER"):
        env.pop(name, None)
    isolation = _isolation()
    proc = subprocess.run([*isolation, "bash", str(demo / "scripts" / "demo.sh")], capture_output=True,
                          text=True, env=env, timeout=600, cwd=demo, errors="replace")
    assert proc.returncode == 0, f"the demo failed without a network ({isolation or 'socket block only'}):\n{proc.stderr[-3000:]}"
    assert "Traceback" not in proc.stderr
    attempts = log.read_text() if log.exists() else ""
    assert not attempts, f"network sockets were attempted:\n{attempts}"
    assert any((demo / "reviews").iterdir())


def test_the_socket_block_really_blocks(tmp_path):
    """The check above is only worth something if the block works: a socket attempt is refused and logged."""
    log = tmp_path / "log"
    env = dict(os.environ, SCR_NETLOG=str(log), PYTHONPATH=NETBLOCK)
    code = "import socket\ntry:\n    socket.create_connection(('example.org', 80), timeout=1)\nexcept OSError as e:\n    print('refused', e)\n"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert "refused" in proc.stdout and "example.org" in log.read_text()


# pandoc in its sandbox; templates in jinja2's -------------------------------------------------

def _calls(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            yield node


def _name(func):
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def test_every_pandoc_call_in_the_code_is_sandboxed():
    """Every pypandoc call passes sandbox=True (or --sandbox), and every pandoc run by subprocess has --sandbox."""
    found, unsafe = [], []
    for path in sorted(SCR_PACKAGE.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        if "pandoc" not in source:
            continue
        tree = ast.parse(source)
        functions = [node for node in ast.walk(tree) if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))]
        for call in _calls(tree):
            segment = ast.get_source_segment(source, call) or ""
            where = f"{path.relative_to(harness.ROOT)}:{call.lineno}"
            # The function the call is in: where its argument list is built.
            around = [f for f in functions if f.lineno <= call.lineno <= f.end_lineno]
            function = ast.get_source_segment(source, around[-1]) if around else segment
            if _name(call.func) in ("convert_text", "convert_file"):
                found.append(where)
                sandboxed = any(k.arg == "sandbox" and isinstance(k.value, ast.Constant) and k.value.value is True
                                for k in call.keywords) or '"--sandbox"' in function
                if not sandboxed:
                    unsafe.append(where)
            elif _name(call.func) in ("run", "Popen", "check_output", "check_call", "call") and "pandoc" in segment:
                found.append(where)
                if '"--sandbox"' not in function:
                    unsafe.append(where)
    assert found, "no pandoc call found in scr/: has the report moved out of reach of this check?"
    assert not unsafe, f"pandoc called without its sandbox at {unsafe}"


def test_every_jinja2_environment_is_sandboxed():
    unsafe = []
    for path in sorted(SCR_PACKAGE.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        for call in _calls(ast.parse(source)):
            if _name(call.func) in ("Environment", "Template", "from_string") and "Sandboxed" not in _name(call.func):
                segment = ast.get_source_segment(source, call) or ""
                if _name(call.func) == "from_string" and "Sandboxed" in source:
                    continue  # env.from_string on the sandboxed environment
                unsafe.append(f"{path.relative_to(harness.ROOT)}:{call.lineno}: {segment[:60]}")
    assert not unsafe, f"jinja2 used outside its sandbox: {unsafe}"


TINY_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002"
    "0000050001e226059b0000000049454e44ae426082"
)


@pytest.fixture(scope="module")
def seed(tmp_path_factory):
    return harness.build_seed(tmp_path_factory.mktemp("seed"))


def test_pandoc_at_run_time_reads_no_file_it_was_not_given(seed, tmp_path):
    """A section that points at a file elsewhere on the disk: the rendered document does not carry it."""
    with harness.Scratch(seed, tmp_path) as scratch:
        secret = tmp_path / "secret.png"
        secret.write_bytes(TINY_PNG)
        sections = sorted((scratch.ws / "reviews" / "r1" / "report" / "sections").glob("*.md"))
        assert sections, "report draft wrote no sections"
        with open(sections[0], "a", encoding="utf-8") as handle:
            handle.write(f"\n\n![the secret]({secret})\n\n[link](file://{secret})\n")
        for to in ("docx", "html"):
            out = scratch.folder / f"report.{to}"
            result = harness.invoke(["report", "render", "r1", "--to", to, "-o", str(out)], scratch.ws)
            assert result.exit_code == 0, result.stderr
            data = out.read_bytes()
            if to == "docx":
                with zipfile.ZipFile(out) as archive:
                    for name in archive.namelist():
                        assert TINY_PNG not in archive.read(name), f"{name} carries a file pandoc was not given"
            else:
                import base64

                assert base64.b64encode(TINY_PNG)[:40] not in data


def _template_files():
    root = SCR_PACKAGE / "templates"
    return [p.relative_to(root) for p in root.rglob("*.j2")] + \
        [p.relative_to(root) for p in root.glob("*.txt")]


# The commands that fill a template a board may replace.
TEMPLATE_COMMANDS = {"notify", "report draft", "report render", "chronology chase", "chronology template",
                     "actions remind", "annual", "board-paper"}
ESCAPES = [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    "{{ self._TemplateReference__context.cycler.__init__.__globals__.os.popen('id').read() }}",
    "{{ lipsum.__globals__['os'].popen('id').read() }}",
]


@pytest.mark.parametrize("escape", ESCAPES, ids=range(len(ESCAPES)))
def test_a_board_template_cannot_escape_its_sandbox(seed, tmp_path, escape):
    """Every template a board may replace, replaced by one that tries to reach Python's internals:
    every command that renders one refuses cleanly (or renders without running anything)."""
    templates = _template_files()
    assert templates, "no template files found under scr/templates"
    with harness.Scratch(seed, tmp_path) as scratch:
        for relative in templates:
            target = scratch.ws / "templates" / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(f"Hello\n{escape}\n", encoding="utf-8")
        subs = harness.writer_inputs(scratch.folder)
        for argv in harness.available(harness.WRITERS):
            if harness.path_of(argv) not in TEMPLATE_COMMANDS:
                continue
            args = harness.fill(argv, subs)
            result = harness.invoke(args, scratch.ws)
            shown = result.stdout + result.stderr
            assert "Traceback" not in shown and "uid=" not in shown and "subprocess.Popen" not in shown, (args, shown)
        for path in scratch.folder.rglob("*"):
            if path.is_file() and path.suffix in (".md", ".html", ".eml", ".txt"):
                text = path.read_text(encoding="utf-8", errors="replace")
                assert "uid=" not in text and "subprocess.Popen" not in text, path


def test_final_cannot_skip_the_publication_check(seed, tmp_path):
    """A real name with no replacement left in a section: --final refuses (exit 3) and writes nothing,
    whatever the format, and render has no option that turns the check off."""
    render = harness.find("report render")
    options = {opt for param in render.params for opt in getattr(param, "opts", [])}
    assert not [o for o in options if any(w in o for w in ("skip", "no-check", "force", "unsafe"))], options
    with harness.Scratch(seed, tmp_path) as scratch:
        assert harness.invoke(["redact", "add", "r1", "Kelly Secretname"], scratch.ws).exit_code == 0
        section = sorted((scratch.ws / "reviews" / "r1" / "report" / "sections").glob("*.md"))[-1]
        with open(section, "a", encoding="utf-8") as handle:
            handle.write("\nKelly Secretname was seen by the health visitor.\n")
        before = snapshot(scratch.ws)
        for to in ("md", "html", "docx"):
            out = scratch.folder / f"final.{to}"
            result = harness.invoke(["report", "render", "r1", "--final", "--to", to, "-o", str(out)], scratch.ws)
            assert result.exit_code == 3, result.stderr
            assert "Kelly Secretname" in result.stderr + result.stdout
            assert not out.exists()
        assert snapshot(scratch.ws) == before


# scr doctor and permissions ---------------------------------------------------------------------

def test_doctor_warns_about_folders_and_files_others_can_read(seed, tmp_path):
    with harness.Scratch(seed, tmp_path) as scratch:
        folder = scratch.ws / "reviews" / "r2"
        os.chmod(folder, 0o755)
        os.chmod(folder / "review.json", 0o644)
        os.chmod(scratch.ws / "reviews" / "r1" / "documents", 0o750)
        result = harness.invoke(["doctor", "--json"], scratch.ws)
        assert result.exit_code == 0  # a warning, not damage
        warned = {item["file"]: item["problem"] for item in json.loads(result.stdout)["warnings"]}
        assert "others can read" in warned[str(folder)]
        assert "others can read" in warned[str(folder / "review.json")]
        assert "group" in warned[str(scratch.ws / "reviews" / "r1" / "documents")]
        text = harness.invoke(["doctor"], scratch.ws)
        assert f"WARNING  {folder}: others can read" in text.stdout
        # With [access] group = true, group access is expected; others' access still is not.
        _set_group(scratch.ws, True)
        warned = {item["file"] for item in json.loads(harness.invoke(["doctor", "--json"], scratch.ws).stdout)["warnings"]}
        assert str(scratch.ws / "reviews" / "r1" / "documents") not in warned and str(folder) in warned
