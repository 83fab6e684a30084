"""The command line: ``main(argv) -> int``, exit codes 0 consistent, 1 contradiction (or a part
undecided, unless ``--allow-unknown``), 2 bad input.

Nothing reaches the user as a Python traceback: an unexpected exception is a bug,
reported in one plain line (exit 2) with a request to report it.
"""

from __future__ import annotations

import gc
import os
import signal
import sys
import threading

import click

from . import __version__
from .commands import check as check_cmd
from .commands import demo as demo_cmd
from .run.executors import WorkerFailed

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


@click.group(context_settings=CONTEXT)
@click.version_option(__version__, prog_name="tallycheck")
def cli() -> None:
    """Check that the numbers several sources published about one event agree.

    \b
    tallycheck check claims.tally     check claims, articles, datasets (or folders of them)
    tallycheck number "about 1.2m"    how a number is read
    tallycheck extract article.txt    every number in a text, to start annotating it
    tallycheck demo                   check the bundled prisoner-exchange example
    """


cli.add_command(check_cmd.command)
cli.add_command(demo_cmd.command)
from .commands import extract as extract_cmd  # noqa: E402

cli.add_command(extract_cmd.command)
try:  # the number reader's command (tallycheck.commands.number)
    from .commands import number as number_cmd

    cli.add_command(number_cmd.command)
except ImportError:  # pragma: no cover - during development only
    pass


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where the run is, so that it ends as a ^C does: its workers killed,
    its temporary files removed (tallycheck.run.executors), a plain message, exit 2."""


def _terminated(signum, frame) -> None:
    raise Terminated()


def main(argv: list[str] | None = None) -> int:
    # A run allocates millions of small records that form no reference cycles; the cyclic
    # collector would only walk them again and again (a third of the time at 100k claims).
    collecting = gc.isenabled()
    gc.disable()
    on_term = threading.current_thread() is threading.main_thread()  # signals go to the main thread only
    previous = signal.signal(signal.SIGTERM, _terminated) if on_term else None
    try:
        return _main(argv)
    finally:
        if on_term:
            signal.signal(signal.SIGTERM, previous)
        if collecting:
            gc.enable()


def _main(argv: list[str] | None) -> int:
    try:
        result = cli.main(args=argv, prog_name="tallycheck", standalone_mode=False)
    except click.exceptions.Exit as e:
        return e.exit_code
    except click.ClickException as e:
        e.show()
        return 2
    except (click.exceptions.Abort, KeyboardInterrupt) as e:  # click turns ^C (and SIGTERM) into Abort
        cause = e if isinstance(e, KeyboardInterrupt) else e.__cause__
        click.echo("tallycheck: stopped by SIGTERM" if isinstance(cause, Terminated) else "tallycheck: interrupted",
                   err=True)
        return 2
    except BrokenPipeError:
        return 0
    except WorkerFailed as e:  # killed (out of memory?), a full disk, or a bug in the worker
        click.echo(f"tallycheck: {e}" if e.plain else _bug(e), err=True)
        return 2
    except OSError as e:  # the machine, not the input or tallycheck: a full disk, a closed terminal
        click.echo(f"tallycheck: {e.strerror or e}", err=True)
        return 2
    except Exception as e:  # a bug: say so plainly, never a traceback
        click.echo(_bug(e), err=True)
        return 2
    return result if isinstance(result, int) else 0


def _bug(e: Exception) -> str:
    return (f"tallycheck: internal error ({type(e).__name__}: {e}). This is a bug in tallycheck; "
            "please report it with the input that caused it.")


def run() -> None:  # pragma: no cover - the installed command; tests call main()
    """The ``tallycheck`` command: :func:`main`, then leave at once.  A big run ends holding
    millions of small records; freeing them one by one as the interpreter shuts down took
    longer than writing the report (1.7 s at 100k claims).  The report is flushed first."""
    code = main()
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        pass
    except OSError as e:
        code = 2
        try:
            sys.stderr.write(f"tallycheck: cannot write the report: {e.strerror or e}\n")
        except OSError:
            pass
    try:
        sys.stderr.flush()
    except OSError:
        pass
    os._exit(code)


if __name__ == "__main__":  # pragma: no cover
    run()
