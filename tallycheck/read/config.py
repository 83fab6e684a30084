"""Options from configuration files, layered (later wins):

    defaults (tallycheck.options.Options)
    < the project file: ``[tool.tallycheck]`` in pyproject.toml or ``[tool:tallycheck]`` in setup.cfg,
      the first found from the current folder upwards (pyproject.toml before setup.cfg in one folder;
      the search stops at the folder holding ``.git``)
    < ``--config FILE`` (a .toml file: its ``[tool.tallycheck]`` table, or its top level when it has
      none; any other file: its ``[tool:tallycheck]`` or ``[tallycheck]`` section)
    < the command line (``--set NAME=VALUE``)

``set`` lines in a claims file apply on top of these for that file's run.  Every key is an
option of :mod:`tallycheck.options`; an unknown key or a bad value is a located
diagnostic (``file:line:col``), never an exception.  No float is ever made: TOML floats
are read as their text.
"""

from __future__ import annotations

import configparser
import re
from dataclasses import dataclass
from pathlib import Path

from ..diagnostics import Diagnostic, Location
from ..files import NotReadable, read_bytes, shown_path
from ..options import OptionError, Options
from .lines import normalized, split_lines

try:  # Python 3.11+
    import tomllib as _toml
except ImportError:  # pragma: no cover - Python 3.10
    try:
        import tomli as _toml  # type: ignore[no-redef]
    except ImportError:
        _toml = None  # type: ignore[assignment]

PROJECT_FILES = ("pyproject.toml", "setup.cfg")
# config files are read before the options are known: with the default limit of max_file_size
CONFIG_SIZE_LIMIT = Options().max_file_size


@dataclass(frozen=True)
class Setting:
    name: str
    value: str
    loc: Location
    line_text: str | None = None


def apply(options: Options, settings: list[Setting]) -> tuple[Options, list[Diagnostic]]:
    problems: list[Diagnostic] = []
    for st in settings:
        try:
            options = options.with_setting(st.name, st.value)
        except OptionError as e:
            problems.append(Diagnostic(st.loc, str(e), "option", st.line_text))
    return options, problems


def project_files(start: Path) -> list[Path]:
    """Every pyproject.toml / setup.cfg from ``start`` upwards (to the folder holding ``.git``),
    nearest first: where the project file is looked for."""
    here = start.resolve()
    out: list[Path] = []
    for folder in (here, *here.parents):
        out += [folder / name for name in PROJECT_FILES if (folder / name).is_file()]
        if (folder / ".git").exists():
            break
    return out


def find_project_file(start: Path) -> Path | None:
    """The nearest pyproject.toml / setup.cfg with a tallycheck section, from ``start`` upwards."""
    return next((f for f in project_files(start) if _has_section(f)), None)


def _has_section(f: Path) -> bool:
    try:
        text = read_bytes(str(f), CONFIG_SIZE_LIMIT).decode("utf-8", errors="replace")
    except NotReadable:
        return False
    pattern = r"^\s*\[\s*tool\.tallycheck\s*\]" if f.suffix == ".toml" else r"^\s*\[\s*tool:tallycheck\s*\]"
    return re.search(pattern, text, re.M) is not None


def read_config(file: str, path: Path | None = None) -> tuple[list[Setting], list[Diagnostic]]:
    """The settings of a config file (by its suffix: TOML or INI), located as ``file``
    (``path``, when given, is where to read it)."""
    path = path or Path(file)
    try:
        data = read_bytes(str(path), CONFIG_SIZE_LIMIT)
    except NotReadable as e:
        return [], [Diagnostic(Location(file, 0), f"cannot read the config file: {e}", "config")]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        return [], [Diagnostic(Location(file, line), "not valid UTF-8 (save the config file as UTF-8)", "config")]
    if text.startswith("\ufeff"):
        text = text[1:]
    text = normalized(text)  # the parsers' lines are ours (tallycheck.read.lines)
    if path.suffix.lower() == ".toml":
        return _read_toml(text, file, explicit=path.name != "pyproject.toml")
    return _read_ini(text, file)


def _lines(text: str) -> list[str]:
    return split_lines(text)


def _locate(lines: list[str], header: re.Pattern | None, key: str) -> tuple[int, int]:
    """(line, column) of ``key`` in the section that ``header`` opens (the whole file when None)."""
    start = 0
    if header is not None:
        for i, ln in enumerate(lines):
            if header.match(ln):
                start = i + 1
                break
    key_re = re.compile(r"\s*[\"']?" + re.escape(key) + r"[\"']?\s*[=:]")
    for i in range(start, len(lines)):
        if header is not None and i > start and re.match(r"\s*\[", lines[i]):
            break
        m = key_re.match(lines[i])
        if m:
            return i + 1, len(lines[i]) - len(lines[i].lstrip()) + 1
    return (start or 1), 1


def _read_toml(text: str, file: str, explicit: bool) -> tuple[list[Setting], list[Diagnostic]]:
    lines = _lines(text)
    if _toml is None:  # pragma: no cover - Python 3.10 without tomli
        return _read_toml_minimal(lines, file)
    try:
        data = _toml.loads(text, parse_float=str)
    except _toml.TOMLDecodeError as e:
        m = re.search(r"line (\d+), column (\d+)", str(e))
        line, col = (int(m.group(1)), int(m.group(2))) if m else (0, 1)
        message = str(e).split(" (at")[0].replace("\n", "\\n").replace("\t", "\\t")
        return [], [Diagnostic(Location(file, line, col), f"not valid TOML: {message}", "config",
                               lines[line - 1] if 0 < line <= len(lines) else None)]
    except (RecursionError, ValueError) as e:  # arrays nested past the parser's stack; a 5000-digit integer
        why = "arrays or tables nested too deeply" if isinstance(e, RecursionError) else "a number too long to read"
        return [], [Diagnostic(Location(file, 1, 1), f"not a valid config file: {why}", "config")]
    table = data.get("tool", {}).get("tallycheck") if isinstance(data.get("tool"), dict) else None
    header: re.Pattern | None = re.compile(r"\s*\[\s*tool\.tallycheck\s*\]")
    if table is None:
        if not explicit:
            return [], []
        table, header = data, None  # a config file of its own: its top level
    if not isinstance(table, dict):
        return [], [Diagnostic(Location(file, 1), "[tool.tallycheck] must be a table of options", "config")]
    settings: list[Setting] = []
    problems: list[Diagnostic] = []
    for key, value in table.items():
        line, col = _locate(lines, header, key)
        loc = Location(file, line, col, col + len(key))
        shown = lines[line - 1] if 0 < line <= len(lines) else None
        if isinstance(value, bool):
            value = "true" if value else "false"
        elif isinstance(value, int):
            value = str(value)
        elif not isinstance(value, str):
            problems.append(Diagnostic(loc, f"{key}: give a string, a number or true/false", "option", shown))
            continue
        settings.append(Setting(key, value, loc, shown))
    return settings, problems


_MINIMAL_KV = re.compile(r"\s*([A-Za-z0-9_-]+)\s*=\s*(.*?)\s*(?:#.*)?$")


def _read_toml_minimal(lines: list[str], file: str) -> tuple[list[Setting], list[Diagnostic]]:
    """Without tomllib/tomli (Python 3.10): ``key = value`` lines of the [tool.tallycheck] table."""
    settings: list[Setting] = []
    inside = False
    for i, ln in enumerate(lines):
        if re.match(r"\s*\[", ln):
            inside = re.match(r"\s*\[\s*tool\.tallycheck\s*\]", ln) is not None
            continue
        if not inside or not ln.strip() or ln.strip().startswith("#"):
            continue
        m = _MINIMAL_KV.match(ln)
        if m is None:
            return settings, [Diagnostic(Location(file, i + 1, 1), "expected `key = value`", "config", ln)]
        value = m.group(2)
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        col = len(ln) - len(ln.lstrip()) + 1
        settings.append(Setting(m.group(1), value, Location(file, i + 1, col, col + len(m.group(1))), ln))
    return settings, []


def _read_ini(text: str, file: str) -> tuple[list[Setting], list[Diagnostic]]:
    lines = _lines(text)
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    try:
        parser.read_string(text, source=file)
    except configparser.Error as e:
        line = getattr(e, "lineno", 0) or 0
        message = str(e).split("\n")[0]
        errors = getattr(e, "errors", None)
        if errors:  # a ParsingError: the first bad line
            line = errors[0][0]
            message = f"expected `key = value` or a `[section]` line, not {errors[0][1].strip()!r}"
        return [], [Diagnostic(Location(file, line, 1), f"not a valid config file: {message}", "config",
                               lines[line - 1] if 0 < line <= len(lines) else None)]
    section = next((name for name in ("tool:tallycheck", "tallycheck") if parser.has_section(name)), None)
    if section is None:
        if Path(file).name == "setup.cfg":
            return [], []
        return [], [Diagnostic(Location(file, 0), "no [tool:tallycheck] section in this config file", "config")]
    header = re.compile(r"\s*\[\s*" + re.escape(section) + r"\s*\]")
    settings = []
    for key, value in parser.items(section):
        line, col = _locate(lines, header, key)
        shown = lines[line - 1] if 0 < line <= len(lines) else None
        v = value.strip()
        if len(v) >= 2 and v[0] == v[-1] and v[0] in "\"'":
            v = v[1:-1]
        settings.append(Setting(key, v, Location(file, line, col, col + len(key)), shown))
    return settings, []


def command_line_settings(pairs: tuple[str, ...] | list[str]) -> tuple[list[Setting], list[Diagnostic]]:
    """``--set NAME=VALUE`` options, located on the command line as ``<command line>``."""
    settings: list[Setting] = []
    problems: list[Diagnostic] = []
    for k, pair in enumerate(pairs, start=1):
        loc = Location("<command line>", 0)
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            problems.append(Diagnostic(loc, f"--set takes NAME=VALUE (such as approximate=5%), not {pair!r}",
                                       "option"))
            continue
        settings.append(Setting(name.strip(), value.strip(), loc))
    return settings, problems


def resolve(
    config_file: str | None = None,
    cli_settings: tuple[str, ...] | list[str] = (),
    cwd: Path | None = None,
    base: Options = Options(),
) -> tuple[Options, list[Diagnostic], list[str]]:
    """The options in force: defaults < project file < --config < command line.

    Returns the options, the problems (located) and the files the options came from.
    """
    options = base
    problems: list[Diagnostic] = []
    used: list[str] = []
    layers: list[tuple[list[Setting], list[Diagnostic]]] = []
    project = find_project_file(cwd or Path.cwd())
    if project is not None:
        shown = _shown(project, cwd)
        layers.append(read_config(shown, project))
        used.append(shown)
    if config_file is not None:
        layers.append(read_config(shown_path(config_file), Path(config_file)))
        used.append(config_file)
    layers.append(command_line_settings(cli_settings))
    for settings, errs in layers:
        problems.extend(errs)
        options, errs = apply(options, settings)
        problems.extend(errs)
    return options, problems, used


def _shown(path: Path, cwd: Path | None) -> str:
    """A project file named relative to the current folder when it is inside it."""
    here = (cwd or Path.cwd()).resolve()
    try:
        return str(path.relative_to(here))
    except ValueError:
        return str(path)


def options_markdown() -> str:
    """docs/options.md, generated from tallycheck.options (tests check the file agrees)."""
    from dataclasses import fields

    from ..options import CEILINGS, FLOORS, IN_INPUTS, OPTION_HELP

    out = [
        "# Options",
        "",
        "<!-- generated from tallycheck/options.py by tallycheck.read.config.options_markdown(); "
        "tests/inputs/test_inputs_config.py checks that it agrees -->",
        "",
        "Every option tallycheck reads, with its default. The same names work everywhere:",
        "",
        "| where | how | applies to |",
        "|---|---|---|",
        "| `pyproject.toml` | `[tool.tallycheck]` table: `approximate = \"5%\"` | the run |",
        "| `setup.cfg` | `[tool:tallycheck]` section: `approximate = 5%` | the run |",
        "| `--config FILE` | a `.toml` file (its `[tool.tallycheck]` table, or its top level) or an INI file "
        "(`[tool:tallycheck]` or `[tallycheck]` section) | the run |",
        "| command line | `tallycheck check --set approximate=5%` (repeatable) | the run |",
        "| a claims file | `set approximate 5%` | that file (see below) |",
        "",
        "Precedence: command line > `--config FILE` > project file > defaults. The project file is the",
        "first `pyproject.toml` with a `[tool.tallycheck]` table or `setup.cfg` with a `[tool:tallycheck]`",
        "section found from the current folder upwards (in one folder `pyproject.toml` is looked at first;",
        "the search stops at the folder that holds `.git`). `--allow-unknown` is `--set allow_unknown=true`",
        "and `--strict` is `--set strict=true`.",
        "",
        "A key may be written with `-` or `_` (`decimal-comma`). An unknown key or a",
        "bad value is an error located at its line in the config file (exit 2), and nothing is checked.",
        "TOML numbers are read as written (`timeout = 2.5` is exactly 5/2; never a float). Numbers are",
        "written with the digits 0-9. A value that would hide contradictions is refused wherever it is",
        "written: " + ", ".join([f"`{k}` below {_default_text(v, k)}" for k, v in FLOORS.items()]
                               + [f"`{k}` above {_default_text(v, k)}" for k, v in CEILINGS.items()]) + ".",
        "",
        "## Inside a claims file",
        "",
        "A `set` line in a `.tally` file is part of the input, which anyone can change in a pull request,",
        "so it may only make the run stricter than the command line and the config files made it: fail",
        "where the run would have passed, never pass where it would have failed, never run slower",
        "([security.md](security.md#what-options-inside-inputs-may-do) says why, option by option).",
        "Anything else is an error located at the `set` line (exit 2). The last column below says what",
        "each option may do there:",
        "",
        "- *lower only*: to the run's value or below. `approximate` then applies to that file's own",
        "  numbers; a limit lowered by any file is the whole run's (the lowest wins). Under",
        "  `allow_unknown` the limits may not be set in a file at all: a lower limit would leave a",
        "  contradiction undecided, and undecided parts pass.",
        "- *freely, for the file*: `decimal_comma` says how that file writes its own numbers.",
        "- *no*: the run's alone. To set options for datasets and articles, use a config file or `--set`.",
        "",
        "| option | default | meaning | in a claims file |",
        "|---|---|---|---|",
    ]
    defaults = {f.name: f.default for f in fields(Options)}
    for name in defaults:
        out.append(f"| `{name}` | `{_default_text(defaults[name], name)}` | {_strip_default(OPTION_HELP[name])} "
                   f"| {_IN_INPUTS_TEXT[IN_INPUTS[name]]} |")
    out.append("")
    return "\n".join(out)


_IN_INPUTS_TEXT = {"lower": "lower only", "higher": "higher only", "own": "freely, for the file", "run": "no"}


def _default_text(value, name: str) -> str:
    from fractions import Fraction

    if isinstance(value, bool):
        return "true" if value else "false"
    if name == "max_file_size":
        from ..files import size_text

        return size_text(value)
    if isinstance(value, Fraction):
        if name == "approximate":
            return f"{value * 100}%"
        return str(value)
    return str(value)


def _strip_default(text: str) -> str:
    return re.sub(r"\s*\(default [^)]*\)\s*$", "", text).replace("|", "\\|")
