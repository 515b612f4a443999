"""Private files: every folder and file scr creates in a workspace gets the modes of ``[access]``
(0700/0600, or 0770/0660 with ``group = true``) whatever the umask, and output files are written
atomically."""

import os
import stat
from pathlib import Path

from scr.errors import ScrError


def make_dirs(folder, mode):
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


class PrivateFiles:
    """Modes and atomic writes for one workspace folder."""

    def __init__(self, root, group_access=False):
        self.root = Path(root)
        self.group_access = group_access

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
        return self.write_outputs([(path, data)])[0]

    def write_outputs(self, pairs, journal_dir=None):
        """Write several output files all or nothing (``[(path, str or bytes)]``): every one under
        a temporary name first, then all renamed into place (scr.workspace.commit). Returns the
        paths. ``journal_dir``: the review folder whose next writer finishes a commit a kill
        interrupted (default: the first file's folder). Folders made for them get the modes of
        [access] whatever the umask; a symbolic link at a path is refused (never written through)."""
        from scr.workspace.commit import commit

        paths = []
        for path, _ in pairs:
            path = Path(os.path.abspath(Path(path).expanduser()))
            if path.is_symlink():
                raise ScrError(f"{path} is a symbolic link: scr never writes through one"
                               " (name the file itself, or remove the link)")
            try:
                parent = path.parent.resolve()
                path = parent / path.name
                if parent.is_relative_to(self.root.resolve()):
                    self.make_private_dir(parent)
                    self.tighten(parent)
                else:
                    for folder in make_dirs(parent, self.dir_mode):
                        self.set_mode(folder, self.dir_mode)
            except OSError as exc:
                raise ScrError(f"cannot create {path.parent}: {exc.strerror or exc}") from None
            paths.append(path)
        if not paths:
            return []
        commit([(path, data, self.file_mode) for path, (_, data) in zip(paths, pairs)],
               [journal_dir or paths[0].parent])
        if self.group_access:
            for path in paths:
                self.set_mode(path, self.file_mode)
        return paths

    def tighten(self, folder):
        """Folders inside a review that others could open (made by hand with ``mkdir`` under a
        loose umask) lose what [access] does not allow; a folder is never loosened."""
        reviews = (self.root / "reviews").resolve()
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
