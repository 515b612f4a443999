"""Private files: every folder and file scr creates in a workspace gets the modes of ``[access]``
(0700/0600, or 0770/0660 with ``group = true``) whatever the umask, and output files are written
atomically."""

import os
from pathlib import Path

from scr.errors import ScrError
from scr.workspace.store import atomic_write


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
        """Atomically write an output file (str as UTF-8, or bytes), private, creating its folders."""
        path = Path(path).expanduser().resolve()
        try:
            if path.is_relative_to(self.root):
                self.make_private_dir(path.parent)
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ScrError(f"cannot create {path.parent}: {exc.strerror or exc}") from None
        atomic_write(path, data, self.file_mode)
        if self.group_access:
            self.set_mode(path, self.file_mode)
        return path

