"""The root command group: root options, the context object, lazy loading of command groups, and
the one place that turns the core's errors into ``Error: …`` on stderr and the exit codes of CLI.md.

Exit codes: 0 success; 1 a clean error; 2 a usage error (click's own); 3 a check that found problems.
"""

import importlib
import os
import shlex
import sys

import click

from scr.errors import CheckFailed, ScrError

# Command name -> "module:attribute", imported only when that command runs (or `--help` lists it).
COMMANDS = {
    # board reporting
    "status": "scr.commands.board:status_command",
    "annual": "scr.commands.board:annual_command",
    "board-paper": "scr.commands.board:board_paper_command",
    "timeline": "scr.commands.board:timeline_command",
    # workspace and reviews
    "init": "scr.commands.reviews:init_command",
    "new": "scr.commands.reviews:new_command",
    "list": "scr.commands.reviews:list_command",
    "show": "scr.commands.reviews:show_command",
    "log": "scr.commands.reviews:log_command",
    "doctor": "scr.commands.reviews:doctor_command",
    "set": "scr.commands.reviews:set_command",
    "link": "scr.commands.reviews:link_command",
    "rename": "scr.commands.reviews:rename_command",
    "withdraw": "scr.commands.reviews:withdraw_command",
    "event": "scr.commands.timescales:event_command",
    "notify": "scr.commands.timescales:notify_command",
    "pause": "scr.commands.timescales:pause_command",
    "resume": "scr.commands.timescales:resume_command",
    "delay": "scr.commands.timescales:delay_command",
    "outcome": "scr.commands.timescales:outcome_command",
    "deadlines": "scr.commands.timescales:deadlines_command",
    "calendar": "scr.commands.timescales:calendar_command",
    "frameworks": "scr.commands.timescales:frameworks_command",
    "actions": "scr.commands.actions:actions_group",
    "recommendation": "scr.commands.actions:recommendation_group",
    "chronology": "scr.commands.chronology:chronology_group",
    "report": "scr.commands.report:report_group",
    "redact": "scr.commands.report:redact_group",
    # learning across reviews
    "theme": "scr.commands.learning:theme_command",
    "search": "scr.commands.learning:search_command",
    "briefing": "scr.commands.learning:briefing_command",
    "learning": "scr.commands.learning:learning_group",
    "cost": "scr.commands.learning:cost_group",
    "publication": "scr.commands.learning:publication_command",
    "export": "scr.commands.learning:export_group",
}


class Settings:
    """The root options; the workspace is found only when a command asks for it."""

    def __init__(self, workspace, as_of, user, command="scr", wait=None):
        self.command = command
        self.wait = wait
        self.workspace_option = workspace
        self.as_of = as_of
        self.user = user
        self._workspace = None

    @property
    def today(self):
        from scr.values import parse_date

        text = self.as_of or os.environ.get("SCR_AS_OF")
        return parse_date(text, "--as-of") if text else None

    def workspace(self):
        if self._workspace is None:
            from scr.workspace.workspace import Workspace, find_root

            from scr.commands.output import waiting
            from scr.workspace.workspace import parse_wait

            if self.wait is not None:
                wait = parse_wait(self.wait, "--wait")
            else:
                wait = parse_wait(os.environ["SCR_WAIT"], "SCR_WAIT") if os.environ.get("SCR_WAIT") else None
            self._workspace = Workspace(
                find_root(explicit=self.workspace_option), today=self.today,
                user=self.user or os.environ.get("SCR_USER"), command=self.command, wait=wait,
            )
            self._workspace.on_wait = waiting
        return self._workspace


def pass_workspace(function):
    """Hand a command the workspace (found from --workspace, SCR_WORKSPACE or the folders above)."""

    @click.pass_context
    def wrapper(ctx, *args, **kwargs):
        return ctx.invoke(function, ctx.find_object(Settings).workspace(), *args, **kwargs)

    wrapper.__name__ = function.__name__
    wrapper.__doc__ = function.__doc__
    return wrapper


class ScrGroup(click.Group):
    """Loads command modules on demand and turns ScrError into the contract's exit codes."""

    def __init__(self, *args, lazy=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.lazy = lazy or {}

    def parse_args(self, ctx, args):
        if ctx.parent is None:
            ctx.meta["scr.command"] = shlex.join(["scr", *args])  # the command line, for the audit trail
        return super().parse_args(ctx, args)

    def list_commands(self, ctx):
        return sorted(set(super().list_commands(ctx)) | set(self.lazy))

    def get_command(self, ctx, name):
        if name in self.lazy:
            module, attribute = self.lazy[name].split(":")
            return getattr(importlib.import_module(module), attribute)
        return super().get_command(ctx, name)

    def invoke(self, ctx):
        from scr.commands import output

        try:
            result = super().invoke(ctx)
        except CheckFailed as exc:
            _flush_warnings(ctx)
            if str(exc):
                output.message(str(exc))
            ctx.exit(exc.exit_code)
        except ScrError as exc:
            _flush_warnings(ctx)
            lines = str(exc).splitlines() or [""]
            # The first line is always an `Error:` line (even where the message starts with a
            # name someone typed with spaces in front); indented lines after it continue it.
            output.message(f"Error: {lines[0].strip()}")
            for line in lines[1:]:
                output.message(f"Error: {line}" if line and not line.startswith(" ") else line)
            ctx.exit(exc.exit_code)
        except BrokenPipeError:
            # The reader went away (`scr list | head -1`): not an error of scr's. Point stdout at
            # /dev/null so the interpreter's final flush cannot complain either.
            _discard_stdout()
            ctx.exit(0)
        except PermissionError as exc:
            output.message(f"Error: permission denied: {exc.filename or exc}")
            ctx.exit(1)
        except OSError as exc:
            where = f" ({exc.filename})" if exc.filename else ""
            output.message(f"Error: {exc.strerror or exc}{where}")
            ctx.exit(1)
        _flush_warnings(ctx)
        return result


def _discard_stdout():
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass  # not a real file (a test runner's buffer): nothing to protect


def _flush_warnings(ctx):
    settings = ctx.find_object(Settings)
    workspace = settings._workspace if settings else None
    if workspace is not None:
        from scr.commands import output

        for message in workspace.warnings:
            output.warn(message)
        workspace.warnings.clear()


@click.group(cls=ScrGroup, lazy=COMMANDS, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--workspace", metavar="PATH", help="The workspace folder (else SCR_WORKSPACE, else the nearest folder with scr.toml).")
@click.option("--as-of", metavar="DATE", help="Judge statuses and overdue as of this date (else SCR_AS_OF, else today).")
@click.option("--user", metavar="NAME", help="Who is making the change, for the audit trail (else SCR_USER, else your login name).")
@click.option("--wait", metavar="SECONDS", help="Wait at most this long for a review another command is changing (else SCR_WAIT, else as long as that command runs).")
@click.version_option(package_name="scr", prog_name="scr")
@click.pass_context
def cli(ctx, workspace, as_of, user, wait):
    """Run a safeguarding children board's statutory case reviews: reviews, statutory deadlines,
    agency chronologies, the overview report and the action plan.

    \b
    Quick start:
      scr init --board "Tower Hamlets Safeguarding Children Board"
      scr new scr --title "Serious case review: Child F" --subject "Child F" --aware 2012-03-05
      scr list
    """
    ctx.obj = Settings(workspace, as_of, user, ctx.meta.get("scr.command", "scr"), wait)


def main():
    """The console script. Anything unexpected is still an ``Error:`` line, never a traceback."""
    try:
        cli.main(prog_name="scr")
    except SystemExit:
        raise
    except KeyboardInterrupt:
        click.echo("Error: interrupted", err=True)
        sys.exit(1)
    except Exception as exc:  # a bug: say so plainly, without a traceback
        click.echo(f"Error: unexpected {type(exc).__name__}: {exc} (this is a bug in scr; please report it)", err=True)
        sys.exit(1)
