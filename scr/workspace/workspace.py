"""The workspace: a folder holding scr.toml and reviews/. Finding it, creating it, reading its
settings, validating review refs, and the paths and permissions of everything inside it."""

import getpass
import os
import stat
import re
import tomllib
from datetime import date
from pathlib import Path

from scr.errors import DamagedFile, NotFound, ScrError
from scr.workspace.store import atomic_write

CONFIG_NAME = "scr.toml"
REF_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
REGIONS = ("england-and-wales", "wales", "scotland", "northern-ireland")
# Characters Windows forbids in a file name, and control characters.
_UNSAFE_NAME = re.compile(r'[<>:"/\\|?*\x00-\x1f]')


def check_slug(text, what="ref"):
    """Refs and slugs: ``^[a-z0-9][a-z0-9-]{0,63}$``, checked before any path is built."""
    if not isinstance(text, str) or not REF_PATTERN.fullmatch(text):
        raise ScrError(
            f"invalid {what} {text!r}: use 1-64 lower-case letters, digits and hyphens,"
            " starting with a letter or digit (e.g. 2013-child-f)"
        )
    return text


# Characters XML (so Word and Excel files) cannot hold: C0 controls other than tab and line breaks.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def check_text(value, what):
    """Text a person typed: refused where it holds a control character, which no Word or Excel file
    can carry (it would fail only later, when a letter, report or spreadsheet is written)."""
    if isinstance(value, str) and (found := _CONTROL.search(value)):
        raise ScrError(f"{what} holds a control character ({found.group()!r}): use plain text")
    return value


def strip_control(text):
    """Text read from someone else's file, without the control characters no document can hold."""
    return _CONTROL.sub("", text) if isinstance(text, str) else text


def safe_filename(name):
    """A file name with no character Windows forbids (``:`` included)."""
    cleaned = _UNSAFE_NAME.sub("-", name).strip(" .")
    return cleaned or "file"


def _normal(name):
    return " ".join(str(name).split()).casefold()


class AgencyRegister:
    """Agency names matched case-insensitively with spaces collapsed, and through aliases."""

    def __init__(self, table):
        self._names = {}
        self._emails = {}
        for name, entry in (table or {}).items():
            entry = entry if isinstance(entry, dict) else {}
            self._names[_normal(name)] = name
            self._emails[name] = entry.get("email")
            for alias in entry.get("aliases", []) or []:
                self._names[_normal(alias)] = name

    def canonical(self, name, seen=()):
        """The register's spelling; else the first spelling in ``seen`` that matches; else ``name``."""
        name = " ".join(str(name).split())
        if found := self._names.get(_normal(name)):
            return found
        for other in seen:
            if _normal(other) == _normal(name):
                return other
        return name

    def same(self, a, b):
        return _normal(self.canonical(a)) == _normal(self.canonical(b))

    def email(self, name):
        return self._emails.get(self.canonical(name))

    def known(self):
        return sorted(self._emails)


def find_root(start=None, explicit=None):
    """--workspace, else SCR_WORKSPACE, else the nearest folder at or above ``start`` with scr.toml."""
    chosen = explicit or os.environ.get("SCR_WORKSPACE")
    if chosen:
        root = Path(chosen).expanduser().resolve()
        if not (root / CONFIG_NAME).is_file():
            raise ScrError(f"{root} is not an scr workspace (no {CONFIG_NAME}); run `scr init {chosen}`")
        return root
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    raise ScrError(
        f"no scr workspace here: no {CONFIG_NAME} in {here} or any folder above it;"
        " run `scr init` to make one, or give --workspace"
    )


def _read_config(path):
    try:
        with open(path, "rb") as handle:
            config = tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise ScrError(f"{path} is not valid TOML: {exc}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ScrError(f"cannot read {path}: {exc}") from None
    return config


def create(path, board):
    """``scr init``: make the workspace folder with scr.toml, reviews/ and frameworks/."""
    root = Path(path).expanduser().resolve()
    if (root / CONFIG_NAME).exists():
        raise ScrError(f"{root / CONFIG_NAME} already exists: this folder is already a workspace")
    if not board.strip():
        raise ScrError("--board must not be blank")
    if root.exists() and not root.is_dir():
        raise ScrError(f"{root} exists and is not a folder")
    from importlib.resources import files

    template = files("scr").joinpath("templates/scr.toml").read_text(encoding="utf-8")
    escaped = board.strip().replace("\\", "\\\\").replace('"', '\\"')
    try:
        made = _make_dirs(root, 0o700)
        for name in ("reviews", "frameworks"):
            if not (root / name).exists():
                (root / name).mkdir()
                made.append(root / name)
        for folder in made:
            os.chmod(folder, 0o700)  # chmod, not mkdir's mode: the umask must not decide
        os.chmod(root / "reviews", 0o700)
    except OSError as exc:
        raise ScrError(f"cannot create the workspace in {root}: {exc.strerror or exc}") from None
    # scr.toml too has the modes of [access] (group = false as written): owner only
    atomic_write(root / CONFIG_NAME, template.replace("{board}", escaped), 0o600)
    return root


def _make_dirs(folder, mode):
    """Create ``folder`` and its missing parents, each ``mode`` whatever the umask; returns the
    folders made (outermost first)."""
    folder = Path(folder)
    missing = []
    probe = folder
    while not os.path.lexists(probe) and probe != probe.parent:
        missing.append(probe)
        probe = probe.parent
    made = []
    for path in reversed(missing):
        path.mkdir()
        os.chmod(path, mode)
        made.append(path)
    return made


# How scr.toml's value types are named in its error messages.
_KIND_NAMES = {int: "a whole number", bool: "true or false", str: "a quoted string", list: "a list"}


class Workspace:
    """A workspace found on disk, with the day and the user every judgement and change is made as."""

    def __init__(self, root, today=None, user=None, command=""):
        self.root = Path(root)
        self.config_path = self.root / CONFIG_NAME
        self.config = _read_config(self.config_path)
        self.today = today or date.today()
        self.user = user or os.environ.get("SCR_USER") or _login_name()
        self.command = command
        self.warnings = []
        self._validate()
        self.agencies = AgencyRegister(self.config.get("agencies"))

    def _setting(self, section, key, default, kind):
        value = self.config.get(section, {}).get(key, default)
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise ScrError(
                f"{self.config_path}: [{section}] {key} = {value!r} is not {_KIND_NAMES[kind]}"
            )
        return value

    def _validate(self):
        if not isinstance(self.config.get("board", ""), str):
            raise ScrError(f"{self.config_path}: board must be a string")
        self.region = self._setting("calendar", "region", "england-and-wales", str)
        if self.region not in REGIONS:
            raise ScrError(
                f"{self.config_path}: [calendar] region = {self.region!r}; use one of {', '.join(REGIONS)}"
            )
        closures = self._setting("calendar", "closures", [], list)
        self.closures = []
        for item in closures:
            try:
                self.closures.append(item if isinstance(item, date) else date.fromisoformat(str(item)))
            except ValueError:
                raise ScrError(
                    f"{self.config_path}: [calendar] closures holds {item!r}, not an ISO date (YYYY-MM-DD)"
                ) from None
        self.amber_days = self._setting("actions", "amber_days", 28, int)
        if self.amber_days < 0:
            raise ScrError(
                f"{self.config_path}: [actions] amber_days = {self.amber_days} is negative: "
                "give the number of days (0 or more) before its due date that an action turns amber"
            )
        self.require_evidence = self._setting("actions", "require_evidence", True, bool)
        self.group_access = self._setting("access", "group", False, bool)
        self.draft_marking = self._setting("report", "draft_marking", "OFFICIAL-SENSITIVE", str)
        timeout = self.config.get("storage", {}).get("lock_timeout", 10)
        if not isinstance(timeout, (int, float)) or isinstance(timeout, bool) or timeout <= 0:
            raise ScrError(f"{self.config_path}: [storage] lock_timeout must be a positive number of seconds")
        self.lock_timeout = float(timeout)

    def warn(self, message):
        """Record a warning for the command line to show on stderr (the core never prints)."""
        self.warnings.append(message)

    @property
    def board(self):
        return self.config.get("board") or "Safeguarding Children Board"

    # Paths ---------------------------------------------------------------------------------

    @property
    def reviews_dir(self):
        return self.root / "reviews"

    @property
    def templates_dir(self):
        return self.root / "templates"

    @property
    def frameworks_dir(self):
        return self.root / "frameworks"

    @property
    def out_dir(self):
        return self.root / "out"

    def review_dir(self, ref):
        # Built once per workspace: `scr list` asks for 300 of these, and pathlib is not free.
        try:
            base = self._reviews_dir
        except AttributeError:
            base = self._reviews_dir = self.reviews_dir
        return base / check_slug(ref, "review ref")

    def refs(self):
        """Every review's ref, sorted: folders under reviews/ that hold a review.json."""
        try:
            base = str(self.reviews_dir)
            entries = os.listdir(base)
        except FileNotFoundError:
            return []
        return sorted(
            name for name in entries
            if REF_PATTERN.fullmatch(name) and os.path.isfile(os.path.join(base, name, "review.json"))
        )

    # Permissions ---------------------------------------------------------------------------

    @property
    def dir_mode(self):
        return 0o770 if self.group_access else 0o700

    @property
    def file_mode(self):
        return 0o660 if self.group_access else 0o600

    def make_private_dir(self, folder):
        """Create ``folder`` (and parents inside the workspace) readable by the owner only (or group)."""
        folder = Path(folder)
        missing = []
        probe = folder
        while not probe.exists() and probe != probe.parent:
            missing.append(probe)
            probe = probe.parent
        for path in reversed(missing):
            path.mkdir()
            self.set_mode(path, self.dir_mode)
        return folder

    def set_mode(self, path, mode):
        os.chmod(path, mode)  # chmod, not mkdir's mode: the umask must not decide
        if self.group_access:
            try:
                os.chown(path, -1, os.stat(self.root).st_gid)
            except OSError:
                pass  # not a member of the workspace's group: the folder keeps the user's group

    def write_output(self, path, data):
        """Atomically write an output file (str as UTF-8, or bytes), private, creating its folders
        with the modes of [access]. Never through a symbolic link: one at ``path`` is refused."""
        path = Path(os.path.abspath(Path(path).expanduser()))
        if path.is_symlink():
            raise ScrError(f"{path} is a symbolic link: scr never writes through one"
                           " (name the file itself, or remove the link)")
        parent = path.parent.resolve()
        path = parent / path.name
        try:
            if parent.is_relative_to(self.root.resolve()):
                self.make_private_dir(parent)
                self._tighten(parent)
            else:
                for folder in _make_dirs(parent, self.dir_mode):
                    self.set_mode(folder, self.dir_mode)
        except OSError as exc:
            raise ScrError(f"cannot create {path.parent}: {exc.strerror or exc}") from None
        atomic_write(path, data, self.file_mode)
        if self.group_access:
            self.set_mode(path, self.file_mode)
        return path

    def _tighten(self, folder):
        """Folders inside a review that others could open (made by hand with ``mkdir`` under a
        loose umask) lose what [access] does not allow; a folder is never loosened."""
        reviews = self.reviews_dir.resolve()
        folder = Path(folder)
        if not folder.is_relative_to(reviews) or folder == reviews:
            return
        while folder != reviews:
            try:
                current = stat.S_IMODE(folder.lstat().st_mode)
                if current & ~self.dir_mode:
                    os.chmod(folder, current & self.dir_mode)
            except OSError:
                pass  # not ours (a shared drive's folder): doctor names it
            folder = folder.parent

    # Reviews -------------------------------------------------------------------------------

    def open_review(self, ref, write=False):
        from scr.workspace.review import open_review

        return open_review(self, ref, write=write)

    def all_reviews(self):
        """Every review, read-only. Any damaged file is an error naming every damaged file."""
        from scr.workspace.review import load_review

        reviews, damaged = [], []
        for ref in self.refs():
            try:
                reviews.append(load_review(self, ref))
            except DamagedFile as exc:
                damaged.append(str(exc))
        if damaged:
            raise ScrError(
                "cannot count across reviews while files are damaged (run `scr doctor`):\n  "
                + "\n  ".join(damaged)
            )
        return reviews


def _login_name():
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "unknown"

