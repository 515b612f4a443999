"""The workspace: a folder holding scr.toml and reviews/. Finding it, creating it, the paths inside
it and access to its reviews. Its settings are read by workspace/config.py; permissions and the
writing of output files are workspace/files.py's."""

import getpass
import os

from datetime import date
from pathlib import Path

from scr.errors import DamagedFile, DamagedReviews, ScrError
from scr.values import check_slug, is_slug
from scr.workspace.config import CONFIG_NAME, Config
from scr.workspace.files import PrivateFiles, make_dirs


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
        made = make_dirs(root, 0o700)
        for name in ("reviews", "frameworks"):
            if not (root / name).exists():
                (root / name).mkdir()
                made.append(root / name)
        for folder in made:
            os.chmod(folder, 0o700)  # chmod, not mkdir's mode: the umask must not decide
        os.chmod(root / "reviews", 0o700)
    except OSError as exc:
        raise ScrError(f"cannot create the workspace in {root}: {exc.strerror or exc}") from None
    from scr.workspace.store import atomic_write

    # scr.toml too has the modes of [access] (group = false as written): owner only
    atomic_write(root / CONFIG_NAME, template.replace("{board}", escaped), 0o600)
    return root


class Workspace:
    """A workspace found on disk, with the day and the user every judgement and change is made as."""

    def __init__(self, root, today=None, user=None, command="", wait=None):
        self.root = Path(root)
        self.settings = Config(self.root / CONFIG_NAME)
        self.config_path = self.settings.path
        self.config = self.settings.data
        self.today = today or date.today()
        self.user = user or os.environ.get("SCR_USER") or _login_name()
        self.command = command
        self.warnings = []
        # The settings every module reads, named on the workspace as before the split.
        for name in ("region", "closures", "amber_days", "require_evidence", "group_access",
                     "draft_marking", "signatory", "lock_timeout"):
            setattr(self, name, getattr(self.settings, name))
        self.agencies = self.settings.agencies
        self.files = PrivateFiles(self.root, self.group_access)
        if wait is not None:  # --wait / SCR_WAIT, over [storage] lock_timeout
            self.lock_timeout = parse_wait(wait)
        self.on_wait = None  # told once, after a second, whose turn a writer waits for

    def warn(self, message):
        """Record a warning for the command line to show on stderr (the core never prints)."""
        self.warnings.append(message)

    @property
    def board(self):
        return self.settings.board

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
            if is_slug(name) and os.path.isfile(os.path.join(base, name, "review.json"))
        )

    def has_review(self, ref):
        """Is there a review REF (a folder under reviews/ holding a review.json)?"""
        return is_slug(ref) and os.path.isfile(os.path.join(str(self.reviews_dir), ref, "review.json"))

    # Files: permissions and output writing live in workspace/files.py --------------------

    @property
    def dir_mode(self):
        return self.files.dir_mode

    @property
    def file_mode(self):
        return self.files.file_mode

    def make_private_dir(self, folder):
        return self.files.make_private_dir(folder)

    def set_mode(self, path, mode):
        self.files.set_mode(path, mode)

    def write_output(self, path, data):
        return self.files.write_output(path, data)

    def write_outputs(self, pairs, journal_dir=None):
        return self.files.write_outputs(pairs, journal_dir)

    # Reviews -------------------------------------------------------------------------------

    def open_review(self, ref, write=False):
        from scr.workspace.review import open_review

        return open_review(self, ref, write=write)

    def all_reviews(self):
        """Every review, read-only. Any damaged file is an error naming every damaged file.

        Read through the derived index (workspace/index.py), unless SCR_NO_INDEX asks for every
        file to be read: the answers are the same either way."""
        from scr.workspace import index

        if index.enabled():
            return index.reviews(self)
        from scr.workspace.review import load_review

        reviews, damaged = [], []
        for ref in self.refs():
            try:
                reviews.append(load_review(self, ref))
            except DamagedFile as exc:
                damaged.append(str(exc))
        if damaged:
            raise DamagedReviews(damaged)
        return reviews


def parse_wait(value, what="--wait"):
    """Seconds to wait for a review's lock, as typed: a number of 0 or more."""
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        raise ScrError(f"{what} {value!r} is not a number of seconds") from None
    if seconds < 0 or seconds != seconds or seconds == float("inf"):
        raise ScrError(f"{what} {value!r} must be 0 or more seconds")
    return seconds


def _login_name():
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "unknown"

