"""The project's own exceptions, caught once at the command-line edge (cli.py).

Every error the core raises is a ScrError: cli.py prints it as ``Error: …`` on stderr and exits
with its ``exit_code``. Nothing below cli.py prints or exits.
"""


class ScrError(Exception):
    """A clean error: bad input, not found, refused. Exit 1."""

    exit_code = 1


class NotFound(ScrError):
    """A review, record or file that does not exist."""


class DamagedFile(ScrError):
    """A review file that cannot be read: hand-edited, truncated, not JSON."""

    def __init__(self, path, detail, problems=None):
        self.path = path
        self.detail = detail
        self.problems = list(problems) if problems else [detail]  # each `TABLE.ID.FIELD: …`
        super().__init__(f"{path} is damaged: {detail}")


class LockTimeout(ScrError):
    """Another process held a review's lock for longer than the configured timeout."""


class CheckFailed(ScrError):
    """A check ran and found problems (scr doctor, scr report check). Exit 3.

    ``findings`` holds what was found, for output to show.
    """

    exit_code = 3

    def __init__(self, message, findings=()):
        self.findings = list(findings)
        super().__init__(message)
