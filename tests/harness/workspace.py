"""The seeded workspace the suites start from (built through whatever commands exist), the command
lines that change something, a fresh copy per example, and the in-process invocation."""

import os
import shutil
from pathlib import Path

from click.testing import CliRunner

from harness.text import AGENCIES, AS_OF
from harness.tree import available
from scr.cli import cli

SEED_CHRONOLOGY = (
    "Date,Time,Event,Source,Significance,Practitioner\n"
    "3/1/2012,10:30,Home visit by social worker,Case notes,Concerns about home conditions,SW1\n"
    "March 2012,,Strategy discussion,Minutes,=HYPERLINK(\"http://evil.example\"),Police DS\n"
    "14/02/2013,,Child seen at A&E,ED record,Possible non-accidental injury,Dr X\n"
)


def seed_commands(chronology_file):
    """Command lines that give a workspace something in every table; those that do not exist are skipped."""
    return [
        ["new", "scr", "--ref", "r1", "--title", "Serious case review: Child F", "--subject", "Child F", "--aware", "2013-01-07"],
        ["new", "rapid", "--ref", "r2", "--title", "Rapid review: Infant B", "--subject", "Infant B", "--aware", "1/3/2014"],
        ["new", "dhr", "--ref", "r3", "--title", "Domestic homicide review", "--subject", "Adult C"],
        ["set", "r1", "scope-from", "2011-01-01"],
        ["set", "r1", "scope-to", "2013-01-07"],
        ["set", "r1", "author", "Jane Author"],
        ["set", "r1", "incident", "death"],
        ["link", "r2", "r1", "--as", "parallel"],
        ["event", "r1", "referral", "--date", "2013-01-10"],
        ["event", "r1", "decision", "--date", "2013-01-20"],
        ["event", "r1", "initiated", "--date", "2013-02-01"],
        ["event", "r1", "published", "--date", "2014-09-01", "--planned"],
        ["notify", "r1", "ofsted", "--date", "2013-01-08", "--purpose", "incident"],
        ["pause", "r2", "--from", "2014-03-10", "--reason", "Parallel criminal proceedings"],
        ["delay", "r1", "impact-review", "--reason", "Agency chronologies late"],
        ["chronology", "request", "r1", "Children's Social Care", "Metropolitan Police", "Barts Health", "--due", "2013-03-01", "--date", "2013-01-15"],
        ["chronology", "add", "r1", "Metropolitan Police", str(chronology_file)],
        ["recommendation", "set", "r1", "1", "Agencies should share information", "--response", "Agreed"],
        ["actions", "add", "r1", "Audit information sharing", "--recommendation", "1", "--agency", "Metropolitan Police", "--due", "2013-06-01"],
        ["actions", "add", "r1", "=HYPERLINK(\"http://evil.example\",\"x\")", "--recommendation", "2", "--agency", "Education", "--due", "2014-12-01"],
        ["actions", "update", "r1:1", "--status", "in-progress"],
        ["redact", "add", "r1", "Jane Realname", "--replace-with", "Mother"],
        ["report", "draft", "r1"],
    ]


def invoke(args, ws, input=None, env=None):
    """CliRunner invocation against ``ws``; an unexpected exception (a traceback) is re-raised."""
    environment = {"SCR_WORKSPACE": str(ws), "SCR_AS_OF": AS_OF, "SCR_USER": "fuzzer", "NO_COLOR": "1"}
    environment.update(env or {})
    result = CliRunner().invoke(cli, [str(a) for a in args], input=input, env=environment, catch_exceptions=True)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"scr {args!r} raised {type(result.exception).__name__}") from result.exception
    return result


def build_seed(root, group=False):
    """An initialised workspace with an agency register and the seed's records."""
    from scr.workspace.workspace import create

    ws = create(root / "ws", "Fuzz Safeguarding Children Board")
    config = ws / "scr.toml"
    if group:
        config.write_text(config.read_text(encoding="utf-8").replace("group = false", "group = true"), encoding="utf-8")
    register = "".join(
        f'\n[agencies."{name}"]\nemail = "{name.split()[0].lower().strip(chr(39)+"s")}@example.org"\n'
        for name in AGENCIES
    ).replace('[agencies."Children\'s Social Care"]\n', '[agencies."Children\'s Social Care"]\naliases = ["CSC"]\n')
    config.write_text(config.read_text(encoding="utf-8") + register, encoding="utf-8")
    chronology = root / "police.csv"
    chronology.write_text(SEED_CHRONOLOGY, encoding="utf-8")
    for args in available(seed_commands(chronology)):
        result = invoke(args, ws)
        assert result.exit_code == 0, f"the seed's `scr {' '.join(args)}` failed: {result.stderr}"
    return Seed(ws)



def fast_base(fallback):
    """A folder for many short-lived examples: on a RAM disk (/dev/shm) where there is one, as
    creating and deleting thousands of small folders on a real disk dominates the run time."""
    import tempfile

    shm = Path("/dev/shm")
    if shm.is_dir() and os.access(shm, os.W_OK):
        return Path(tempfile.mkdtemp(prefix="scr-fuzz-", dir=shm))
    Path(fallback).mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(dir=fallback))


class Seed:
    """The seed workspace held in memory (folders, files and modes), to lay down fresh per example."""

    def __init__(self, root):
        self.root = Path(root)
        self.dirs, self.files = [], []
        for folder, dirs, names in os.walk(root):
            for name in dirs:
                full = os.path.join(folder, name)
                self.dirs.append((os.path.relpath(full, root), os.stat(full).st_mode & 0o7777))
            for name in names:
                full = os.path.join(folder, name)
                with open(full, "rb") as handle:
                    self.files.append((os.path.relpath(full, root), handle.read(), os.stat(full).st_mode & 0o7777))

    def __fspath__(self):
        return str(self.root)

    def lay_down(self, target):
        os.mkdir(target, 0o700)
        for name, mode in self.dirs:
            os.mkdir(os.path.join(target, name))
            os.chmod(os.path.join(target, name), mode)
        for name, data, mode in self.files:
            fd = os.open(os.path.join(target, name), os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
            os.write(fd, data)
            os.close(fd)
            os.chmod(os.path.join(target, name), mode)


class Scratch:
    """A fresh copy of the seed workspace, and a folder for input and output files, per example."""

    def __init__(self, seed, base):
        import tempfile

        self.base = Path(base)
        self.base.mkdir(parents=True, exist_ok=True)
        self.folder = Path(tempfile.mkdtemp(dir=self.base))
        self.ws = self.folder / "ws"
        if not isinstance(seed, Seed):
            seed = Seed(seed)
        seed.lay_down(self.ws)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        shutil.rmtree(self.folder, ignore_errors=True)
        if self.folder.exists():  # a test made something read-only
            for folder, dirs, _ in os.walk(self.folder):
                for name in dirs:
                    os.chmod(os.path.join(folder, name), 0o700)
            shutil.rmtree(self.folder, ignore_errors=True)



# Command lines that change something, each expected to succeed on the seed -----------------------
# {out}: a folder outside the workspace for -o; {chronology}, {plan}, {tor}: input files made by
# writer_inputs(). harness.available() checks that each names a registered command; test_faults
# checks that every registered command is either here or in READERS.

WRITERS = [
    ["init", "{out}/another-ws", "--board", "Another Board"],
    ["new", "scr", "--title", "Serious case review: Child Z", "--subject", "Child Z", "--ref", "r9", "--aware", "2014-01-06"],
    ["set", "r1", "title", "Serious case review: Child F (revised)"],
    ["set", "r1", "terms-of-reference", "{tor}"],
    ["link", "r1", "r3", "--as", "parallel"],
    ["withdraw", "r1", "e1", "--reason", "Entered in error"],
    ["event", "r1", "tor-agreed", "--date", "2013-03-01", "--note", "Panel agreed"],
    ["notify", "r1", "panel", "--date", "2013-01-09", "--purpose", "incident"],
    ["notify", "r1", "ofsted", "--draft", "--purpose", "incident"],
    ["pause", "r1", "--from", "2013-04-01", "--reason", "Inquest"],
    ["resume", "r2", "--date", "2014-04-01"],
    ["delay", "r1", "impact-review", "--reason", "The audit was postponed"],
    ["outcome", "r2", "practice-review", "--date", "2014-03-20", "--reason", "Learning for health and police"],
    ["new", "lcspr", "--from", "r2"],
    ["calendar", "-o", "{out}/deadlines.ics"],
    ["chronology", "request", "r1", "Education", "--due", "2014-06-01"],
    ["chronology", "template", "r1", "Barts Health", "-o", "{out}/template.xlsx"],
    ["chronology", "add", "r1", "Children's Social Care", "{chronology}"],
    ["chronology", "add", "r1", "Metropolitan Police", "{chronology}", "--replace"],
    ["chronology", "merge", "r1", "-o", "{out}/merged.xlsx"],
    ["chronology", "chase", "r1", "-o", "{out}/chase"],
    ["report", "draft", "r2"],
    ["report", "render", "r1", "--to", "md", "-o", "{out}/report.md"],
    ["report", "render", "r1", "--to", "docx"],
    ["redact", "add", "r1", "John Smith", "--replace-with", "Father"],
    ["recommendation", "set", "r1", "2", "Schools should record concerns"],
    ["actions", "add", "r1", "Train staff in escalation", "--recommendation", "1", "--agency", "Education", "--due", "2014-09-01"],
    ["actions", "update", "r1:1", "--status", "completed", "--date", "2014-04-30", "--evidence", "Audit report"],
    ["actions", "export", "r1", "-o", "{out}/plan.xlsx"],
    ["actions", "import", "r1", "{plan}"],
    ["actions", "import", "--umbrella", "{umbrella}"],
    ["actions", "remind", "-o", "{out}/reminders"],
    ["annual", "--from", "2013-04-01", "--to", "2014-03-31", "-o", "{out}/annual.md"],
    ["board-paper", "-o", "{out}/paper.html"],
    ["timeline", "r1", "-o", "{out}/timeline.svg"],
    ["rename", "r3", "r8"],
    ["theme", "r1", "neglect", "fathers"],
    ["learning", "add", "r1", "--date", "2014-01-10", "--kind", "workshop", "--audience", "Practitioners", "--attended", "40"],
    ["cost", "add", "r1", "25000", "--date", "2014-01-10", "--what", "Author's fee"],
    ["publication", "r1", "--url", "https://example.org/r1"],
    ["export", "tracker", "-o", "{out}/tracker.csv"],
    ["briefing", "r1"],
]
READERS = [
    ["list", "--all", "--json"], ["show", "r1", "--json"], ["log", "r1", "--json"], ["doctor"],
    ["deadlines", "--json"], ["frameworks"], ["chronology", "status", "r1", "--json"],
    ["chronology", "merge", "r1", "--json"], ["report", "check", "r1"], ["redact", "list", "r1", "--json"],
    ["actions", "list", "--json"], ["actions", "overdue", "--json"], ["recommendation", "list", "r1", "--json"],
    ["status", "--json"], ["annual", "--from", "2013-04-01", "--to", "2014-03-31", "--json"],
    ["search", "information", "--json"],
]
PLAN_CSV = (
    "ID,Review,Recommendation,Action,Agency,Owner,Due,Status,Completed,RAG,Evidence\n"
    ",r1,3,Imported action,Education,Head teacher,1/10/2014,not-started,,,\n"
)
UMBRELLA_CSV = (  # two reviews changed by one import: all or nothing across both
    "ID,Review,Recommendation,Action,Agency,Owner,Due,Status,Completed,RAG,Evidence\n"
    ",r1,4,Umbrella action one,Education,Head teacher,1/10/2014,not-started,,,\n"
    ",r2,1,Umbrella action two,Health,Named nurse,1/11/2014,in-progress,,,\n"
)



def writer_inputs(folder):
    """The input files WRITERS name, made in ``folder``; returns the substitutions."""
    folder = Path(folder)
    (folder / "csc.csv").write_text(SEED_CHRONOLOGY.replace("Police DS", "SW2"), encoding="utf-8")
    (folder / "plan.csv").write_text(PLAN_CSV, encoding="utf-8")
    (folder / "umbrella.csv").write_text(UMBRELLA_CSV, encoding="utf-8")
    (folder / "tor.md").write_text("# Terms of reference\n\nThe review will consider 2011-2013.\n", encoding="utf-8")
    (folder / "out").mkdir(exist_ok=True)
    return {"{chronology}": str(folder / "csc.csv"), "{plan}": str(folder / "plan.csv"),
            "{umbrella}": str(folder / "umbrella.csv"),
            "{tor}": str(folder / "tor.md"), "{out}": str(folder / "out")}


def fill(argv, substitutions):
    filled = []
    for word in argv:
        for key, value in substitutions.items():
            word = word.replace(key, value)
        filled.append(word)
    return filled
