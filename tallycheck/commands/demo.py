"""``tallycheck demo``: check the bundled seed example (works from any directory)."""

from __future__ import annotations

from importlib import resources

import click

from ..pipeline import check_texts
from ..formats import FORMATS
from .check import emit

DEMO = "prisoner-exchange.tally"


def demo_text() -> str:
    return resources.files("tallycheck").joinpath("demo", DEMO).read_text(encoding="utf-8")


@click.command("demo")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
@click.option("--show", is_flag=True, help="Print the example claims file instead of checking it.")
def command(fmt: str, show: bool) -> int:
    """Check the bundled example: the return of 248 servicemen (SPEC's seed story)."""
    if show:
        click.echo(demo_text(), nl=False)
        return 0
    return emit(check_texts([(DEMO, demo_text())]), fmt, None)
