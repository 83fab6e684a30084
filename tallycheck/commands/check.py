"""``tallycheck check [PATHS…]``."""

from __future__ import annotations

import sys

import click

from ..formats import FORMATS, render, write
from ..pipeline import check_texts
from ..report.records import Report
from ..run.check import ENGINES, Run, check_paths, default_jobs
from ..run.executors import EngineError
from ..run.merge import MergedJson
from .progress import progress_on_stderr


def emit(report: Report, fmt: str, output: str | None) -> int:
    """Write the report in the chosen format (stdout or ``--output``) and return the exit code."""
    if output:
        try:
            with open(output, "w", encoding="utf-8") as fh:
                write(report, fmt, fh)
        except OSError as e:
            raise click.ClickException(f"cannot write {output}: {e.strerror}") from None
    elif fmt != "text":
        write(report, fmt, sys.stdout)
    else:
        color = fmt == "text" and sys.stdout.isatty()
        width = click.get_terminal_size()[0] if color else 100
        click.echo(render(report, fmt, color=color, width=max(60, width)), nl=False, color=color)
    return report.exit_code


def emit_json_shards(shards: MergedJson, output: str | None) -> int:
    if output:
        try:
            with open(output, "w", encoding="utf-8") as fh:
                shards.write(fh)
        except OSError as e:
            raise click.ClickException(f"cannot write {output}: {e.strerror}") from None
    else:
        shards.write(sys.stdout)
    return shards.exit_code


@click.command("check")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True, help="Output format.")
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write the report to FILE instead of stdout.")
@click.option("--config", "config_file", type=click.Path(dir_okay=False), metavar="FILE",
              help="Read options from FILE (over pyproject.toml / setup.cfg; see docs/options.md).")
@click.option("--set", "settings", multiple=True, metavar="NAME=VALUE",
              help="Set an option (over any config file); repeatable.")
@click.option("--baseline", "baseline_file", type=click.Path(dir_okay=False), metavar="FILE",
              help="Fail only on conflicts not recorded in FILE; known ones are listed on stderr.")
@click.option("--write-baseline", "write_baseline_file", type=click.Path(dir_okay=False), metavar="FILE",
              help="Record the current conflicts in FILE (exit 0 unless the input has errors).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, metavar="N",
              help="Worker processes for a large input (default: the machine's cores).")
@click.option("--engine", type=click.Choice(ENGINES), default="local", show_default=True,
              help="Where a big input's shards are checked: here, or on a Dask cluster (pip install 'tallycheck[dask]').")
@click.option("--scheduler", metavar="ADDRESS", help="The Dask scheduler for --engine dask (tcp://host:8786).")
def command(paths: tuple[str, ...], fmt: str, output: str | None, config_file: str | None,
            settings: tuple[str, ...], baseline_file: str | None, write_baseline_file: str | None,
            jobs: int | None, engine: str, scheduler: str | None) -> int:
    """Check claims files, annotated articles (.md/.txt with front matter) and datasets
    (.csv/.tsv/.jsonl); folders are searched for them (default: the current folder).

    Exit status: 0 consistent, 1 contradictions found, 2 bad input.
    """
    from ..report import baseline
    from ..read import config

    if baseline_file and write_baseline_file:
        raise click.UsageError("give --baseline or --write-baseline, not both")
    options, problems, _ = config.resolve(config_file, settings)
    if problems:  # bad options: nothing is checked
        return emit(check_texts([], options, problems), fmt, output)
    if engine == "dask" and not scheduler:
        raise click.UsageError("--engine dask needs --scheduler ADDRESS (for example tcp://127.0.0.1:8786)")
    with progress_on_stderr() as progress:
        run = Run(jobs=jobs or default_jobs(), engine=engine, scheduler=scheduler, progress=progress)
        streamed = fmt == "json" and not baseline_file and not write_baseline_file
        try:
            report = check_paths(list(paths) or ["."], options, run, as_json=streamed)
        except EngineError as e:
            raise click.ClickException(str(e)) from None
    if isinstance(report, MergedJson):  # checked in shards: the JSON is written as they merge
        return emit_json_shards(report, output)
    if baseline_file:
        report, notes = baseline.apply_baseline(report, baseline_file)
        for note in notes:
            click.echo(note, err=True)
    if write_baseline_file:
        note, problem = baseline.write_baseline(report, write_baseline_file)
        if problem is not None:
            click.echo(problem.render(), err=True)
            emit(report, fmt, output)
            return 2
        click.echo(note, err=True)
        code = emit(report, fmt, output)
        return 0 if code == 1 else code
    return emit(report, fmt, output)
