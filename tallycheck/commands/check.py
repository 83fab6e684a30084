"""``tallycheck check [PATHS…]``."""

from __future__ import annotations

import sys

import click

from ..check import check_paths
from ..formats import FORMATS, render
from ..report import Report


def emit(report: Report, fmt: str, output: str | None) -> int:
    """Write the report in the chosen format (stdout or ``--output``) and return the exit code."""
    if output:
        text = render(report, fmt, color=False)
        try:
            with open(output, "w", encoding="utf-8") as fh:
                fh.write(text)
        except OSError as e:
            raise click.ClickException(f"cannot write {output}: {e.strerror}") from None
    else:
        color = fmt == "text" and sys.stdout.isatty()
        width = click.get_terminal_size()[0] if color else 100
        click.echo(render(report, fmt, color=color, width=max(60, width)), nl=False, color=color)
    return report.exit_code


@click.command("check")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True, help="Output format.")
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write the report to FILE instead of stdout.")
def command(paths: tuple[str, ...], fmt: str, output: str | None) -> int:
    """Check claims files (folders are searched for .tally files; default: the current folder).

    Exit status: 0 consistent, 1 contradictions found, 2 bad input.
    """
    report = check_paths(list(paths) or ["."])
    return emit(report, fmt, output)
