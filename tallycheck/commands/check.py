"""``tallycheck check [PATHS…]``."""

from __future__ import annotations

import sys

import click

from ..diagnostics import Diagnostic
from ..files import same_file_problem, shown_path, write_file
from ..formats import FORMATS, write
from ..formats._inert import visible
from ..pipeline import check_texts
from ..read.inputs import InputFile, find_inputs
from ..report.records import Report, exit_code
from ..run.check import ENGINES, Run, check_files, default_jobs
from ..run.executors import EngineError
from ..run.merge import MergedJson
from .progress import progress_on_stderr


def _write_output(output: str, write) -> None:
    try:
        write_file(output, write)
    except OSError as e:
        raise click.ClickException(f"cannot write {shown_path(output)}: {e.strerror or e}") from None


def emit(report: Report, fmt: str, output: str | None, allow_unknown: bool = False) -> int:
    """Write the report in the chosen format (stdout or ``--output``) and return the exit code."""
    if output:
        _write_output(output, lambda fh: write(report, fmt, fh))
    elif fmt != "text":
        write(report, fmt, sys.stdout)
    else:
        from ..formats.text import chunks  # rich: imported only when a text report is written

        color = fmt == "text" and sys.stdout.isatty()
        width = click.get_terminal_size()[0] if color else 100
        for piece in chunks(report, color=color, width=max(60, width)):
            click.echo(piece, nl=False, color=color)
    return exit_code(report.verdict, allow_unknown)


def emit_json_shards(shards: MergedJson, output: str | None, allow_unknown: bool) -> int:
    if output:
        _write_output(output, shards.write)
    else:
        shards.write(sys.stdout)
    return exit_code(shards.verdict, allow_unknown)


@click.command("check")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True, help="Output format.")
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write the report to FILE instead of stdout.")
@click.option("--config", "config_file", type=click.Path(dir_okay=False), metavar="FILE",
              help="Read options from FILE (over pyproject.toml / setup.cfg; see docs/options.md).")
@click.option("--set", "settings", multiple=True, metavar="NAME=VALUE",
              help="Set an option (over any config file); repeatable.")
@click.option("--strict", is_flag=True,
              help="Make every warning an error (exit 2), such as a name that may be misspelt; as --set strict=true.")
@click.option("--baseline", "baseline_file", type=click.Path(dir_okay=False), metavar="FILE",
              help="Fail only on conflicts not recorded in FILE; known ones are listed on stderr.")
@click.option("--write-baseline", "write_baseline_file", type=click.Path(dir_okay=False), metavar="FILE",
              help="Record the current conflicts in FILE (exit 0, unless the input has errors or a part is "
                   "undecided).")
@click.option("--allow-unknown", is_flag=True,
              help="A part undecided within the solver's limits does not fail the run (exit 0, not 1).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, metavar="N",
              help="Worker processes for a large input (default: the machine's cores).")
@click.option("--engine", type=click.Choice(ENGINES), default="local", show_default=True,
              help="Where components are solved: here, or on a Dask cluster (pip install 'tallycheck[dask]').")
@click.option("--scheduler", metavar="ADDRESS", help="The Dask scheduler for --engine dask (tcp://host:8786).")
def command(paths: tuple[str, ...], fmt: str, output: str | None, config_file: str | None,
            settings: tuple[str, ...], strict: bool, baseline_file: str | None, write_baseline_file: str | None,
            allow_unknown: bool, jobs: int | None, engine: str, scheduler: str | None) -> int:
    """Check claims files, annotated articles (.md/.txt with front matter) and datasets
    (.csv/.tsv/.jsonl); folders are searched for them (default: the current folder).

    Exit status: 0 consistent, 1 contradictions found or a part undecided (see
    --allow-unknown), 2 bad input (or a warning, with --strict).
    """
    from ..report import baseline
    from ..read import config

    if baseline_file and write_baseline_file:
        raise click.UsageError("give --baseline or --write-baseline, not both")
    if strict:
        settings = (*settings, "strict=true")
    if allow_unknown:
        settings = (*settings, "allow_unknown=true")
    if engine == "dask" and not scheduler:
        raise click.UsageError("--engine dask needs --scheduler ADDRESS (for example tcp://127.0.0.1:8786)")
    files, found_problems = find_inputs(list(paths) or ["."])
    problem = _writes_what_it_reads(files, output, write_baseline_file, baseline_file, config_file)
    if problem is not None:  # refused before anything is read
        click.echo(problem.render(visible), err=True)
        return 2
    options, problems, _ = config.resolve(config_file, settings)
    if problems:  # bad options: nothing is checked
        return emit(check_texts([], options, problems), fmt, output)
    allow_unknown = options.allow_unknown  # the flag, or a config file
    with progress_on_stderr() as progress:
        run = Run(jobs=jobs or default_jobs(), engine=engine, scheduler=scheduler, progress=progress)
        streamed = fmt == "json" and not baseline_file and not write_baseline_file
        try:
            report = check_files(files, found_problems, options, run, as_json=streamed)
        except EngineError as e:
            raise click.ClickException(str(e)) from None
    if isinstance(report, MergedJson):  # checked in shards: the JSON is written as they merge
        return emit_json_shards(report, output, allow_unknown)
    if baseline_file:
        report, notes = baseline.apply_baseline(report, baseline_file, options.max_file_size)
        for note in notes:  # the known conflicts, with text from the inputs: inert as in every format
            click.echo(visible(note, newlines=True), err=True)
    if write_baseline_file:
        notes, problem = baseline.write_baseline(report, write_baseline_file)
        if problem is not None:
            click.echo(problem.render(visible), err=True)
            emit(report, fmt, output)
            return 2
        for note in notes:
            click.echo(visible(note, newlines=True), err=True)
        emit(report, fmt, output)
        # the conflicts are recorded, so they do not fail; a part undecided may hold conflicts
        # the baseline lacks, so it fails as it would without --write-baseline
        return exit_code("unknown" if report.unknowns else "consistent", allow_unknown)
    return emit(report, fmt, output, allow_unknown)


def _writes_what_it_reads(files: list[InputFile], output: str | None, write_baseline_file: str | None,
                          baseline_file: str | None, config_file: str | None) -> Diagnostic | None:
    """A problem when ``--output`` or ``--write-baseline`` is a file the run reads (or both are one file)."""
    from pathlib import Path

    from ..read import config

    writes = [(option, path) for option, path in (("--output", output), ("--write-baseline", write_baseline_file))
              if path]
    if not writes:
        return None
    reads = [("the input", f.path) for f in files]
    reads += [(what, path) for what, path in (("the baseline", baseline_file), ("the config file", config_file))
              if path]
    reads += [("the project file", str(p)) for p in config.project_files(Path.cwd())]
    return same_file_problem(writes, reads)
