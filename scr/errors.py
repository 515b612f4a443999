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


class DamagedReviews(ScrError):
    """A command across reviews that met damaged review files: it names every one, and answers
    nothing rather than under-count. DAMAGED holds each file's own message."""

    def __init__(self, damaged):
        self.damaged = list(damaged)
        super().__init__("cannot count across reviews while files are damaged (run `scr doctor`):\n  "
                         + "\n  ".join(self.damaged))


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


class DateError(ScrError):
    """A date that could not be read, or that does not exist (31/02/2013)."""


class FrameworkError(ScrError):
    """A framework file that cannot be used: names the file, the milestone and the key."""


class TemplateError(ScrError):
    """A template that cannot be read or filled: names the template's file and line."""


class ConversionError(ScrError):
    """pandoc or typst failed, or is missing."""


class FileRefused(ScrError):
    """An agency's file that cannot be read as a table at all (not the rows in it)."""


class ImportRefused(ScrError):
    """A chronology file whose rows have problems: every problem, one per line, and nothing stored."""

    def __init__(self, name, problems):
        self.problems = list(problems)
        count = len(self.problems)
        super().__init__(
            "\n".join(self.problems)
            + f"\n{name}: {count} problem{'s' if count != 1 else ''}; nothing was stored"
        )
