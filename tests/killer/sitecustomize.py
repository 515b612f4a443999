"""Loaded by Python at start-up when this folder is on PYTHONPATH (tests/test_faults.py).

It counts the file-system changes a process makes under SCR_FAULT_ROOT — opening a file for
writing, creating, renaming, replacing, removing, chmod — through Python's audit hooks, which fire
just before each operation. With SCR_KILL_AT=N the process sends itself SIGKILL (kill -9) just
before its Nth change; with SCR_KILL_ON=TEXT, before the first change whose path contains TEXT;
with SCR_COUNT_TO=FILE it writes the number of changes it made to FILE when it exits. Nothing is
faked: the process really dies at that instant, leaving whatever it had done on disk.
"""

import os
import sys

_ROOT = os.environ.get("SCR_FAULT_ROOT")
_KILL_AT = int(os.environ.get("SCR_KILL_AT", "0") or 0)
_KILL_ON = os.environ.get("SCR_KILL_ON")
_COUNT_TO = os.environ.get("SCR_COUNT_TO")
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
_EVENTS = {"os.rename", "os.remove", "os.rmdir", "os.mkdir", "os.chmod", "os.chown", "os.truncate",
           "os.link", "os.symlink", "os.utime", "shutil.copyfile", "shutil.move", "shutil.rmtree",
           "tempfile.mkstemp", "tempfile.mkdtemp"}

if _ROOT and (_KILL_AT or _KILL_ON or _COUNT_TO):
    _count = 0

    def _paths(args):
        for arg in args:
            if isinstance(arg, (str, bytes, os.PathLike)):
                try:
                    yield os.fsdecode(arg)
                except (TypeError, ValueError):
                    pass

    def _hook(event, args):
        global _count
        if event == "open":
            path, mode, flags = (list(args) + [None, None, None])[:3]
            writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or \
                (isinstance(flags, int) and flags & _WRITE_FLAGS)
            if not writing:
                return
            paths = list(_paths([path]))
        elif event in _EVENTS:
            paths = list(_paths(args))
        else:
            return
        paths = [p for p in paths if os.path.abspath(p).startswith(_ROOT)]
        if not paths:
            return
        _count += 1
        if _count == _KILL_AT or (_KILL_ON and any(_KILL_ON in p for p in paths)):
            os.kill(os.getpid(), 9)

    sys.addaudithook(_hook)

    if _COUNT_TO:
        import atexit

        @atexit.register
        def _report():
            with open(_COUNT_TO + ".", "w") as handle:  # outside the root: not counted
                handle.write(str(_count))
            os.replace(_COUNT_TO + ".", _COUNT_TO)
