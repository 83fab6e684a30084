"""Every option tallycheck reads, with its default, in one place.

The same names are used by ``set NAME VALUE`` in a claims file, by config files and by
the command line (``--set NAME=VALUE``).  A value that would hide a contradiction is
refused wherever it is written (:data:`FLOORS`, :data:`CEILINGS`); a ``set`` inside an input
may only make the run stricter (:data:`IN_INPUTS`, :meth:`Options.with_input_setting`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace
from fractions import Fraction


class OptionError(ValueError):
    pass


@dataclass(frozen=True)
class Options:
    approximate: Fraction = Fraction(1, 10)  # tolerance of about/nearly/... and of `~`
    decimal_comma: bool = False  # read "12,5" as 12.5
    max_conflicts: int = 20  # minimal conflicts reported per component
    max_nodes: int = 10_000  # branch-and-bound nodes per decision before "unknown"
    timeout: Fraction = Fraction(5)  # seconds per component before "unknown"
    allow_unknown: bool = False  # a part undecided within the limits passes (exit 0) instead of failing
    strict: bool = False  # every warning an error (exit 2), as `hledger check --strict`
    # bytes; a bigger input, config or baseline file is refused (tallycheck.files.read_bytes).  The
    # 1M-claim benchmark files (benchmarks/generate.py --claims 1000000) are 70 MB at most.
    max_file_size: int = 256 << 20
    # datasets (.csv/.tsv/.jsonl): the header names of the columns (tallycheck.read.datasets)
    source_column: str = "source"
    quantity_column: str = "quantity"
    value_column: str = "value"
    claim_column: str = "claim"
    date_column: str = "date"
    quote_column: str = "quote"
    url_column: str = "url"

    def with_setting(self, name: str, value: str) -> "Options":
        """The options with one ``set`` applied; raises OptionError with a plain reason."""
        key = _key(name)
        return replace(self, **{key: _parse(key, value)})

    def with_input_setting(self, name: str, value: str, run: "Options") -> "Options":
        """:meth:`with_setting` for a ``set`` line inside an input (a claims file): allowed only
        when it makes the run stricter than ``run``, the options of the command line and the
        config files (:data:`IN_INPUTS`); raises OptionError saying why not."""
        key = _key(name)
        new = _parse(key, value)
        rule = IN_INPUTS[key]
        if rule == "lower" and key in SOLVER_LIMITS and run.allow_unknown:
            raise OptionError(
                f"{key} cannot be set inside an input when undecided parts are allowed (allow_unknown): "
                "a lower limit would let a contradiction pass as undecided; set it on the command line or in a "
                "config file")
        if rule == "run":
            raise OptionError(f"{key} cannot be set inside an input: {_RUN_ONLY_WHY.get(key, _COLUMN_WHY)}")
        was = getattr(run, key)
        if (rule == "lower" and new > was) or (rule == "higher" and new < was):
            how = "raise {} above" if rule == "lower" else "lower {} below"
            raise OptionError(
                f"an input may not {how.format(key)} the run's {_shown(key, was)} (command line or config file), "
                f"only make it stricter: {_STRICTER_WHY.get(key, 'it would let the run pass where it would fail')}")
        return replace(self, **{key: new})

    def strictest(self, other: "Options") -> "Options":
        """These options with the run-wide options (those not :data:`PER_FILE`) that ``other``
        makes stricter: what several inputs' ``set`` lines make of the run, in any order."""
        changes = {}
        for key, rule in IN_INPUTS.items():
            if key in PER_FILE or rule not in ("lower", "higher"):
                continue
            mine, theirs = getattr(self, key), getattr(other, key)
            if (theirs < mine) if rule == "lower" else (theirs > mine):
                changes[key] = theirs
        return replace(self, **changes) if changes else self


OPTION_HELP = {
    "approximate": "tolerance for about/around/nearly/… and `~`, as a percentage, at most 50% (default 10%)",
    "decimal_comma": "read `12,5` as 12.5 and `1.234` as 1234 (default false)",
    "max_conflicts": "most minimal conflicts reported per group of related claims, at least 1 (default 20)",
    "max_nodes": "solver branches per decision before answering `unknown`, at least 5 (default 10000)",
    "timeout": "seconds of CPU time (of the thread that searches: the same on a busy machine as on an idle one) for each stage of a group of related claims -- its ranges, its decision, its search for conflicts -- before that stage answers `unknown`, at least 1 (default 5)",
    "allow_unknown": "a part undecided within the limits does not fail the run: exit 0 instead of 1; "
    "`--allow-unknown` on the command line (default false)",
    "strict": "make every warning an error (exit 2), such as a name that may be misspelt; `--strict` on the "
    "command line (default false)",
    "max_file_size": "largest file read, as `256MB`, `64KB` or bytes (1 MB = 1024 KB = 1048576 bytes); a "
    "bigger input, config or baseline file is refused (default 256MB)",
    "source_column": "datasets: the column naming each row's source (default source)",
    "quantity_column": "datasets: the column naming each row's quantity (default quantity)",
    "value_column": "datasets: the column holding each row's value, one number in any form (default value)",
    "claim_column": "datasets: the column holding a whole claim such as `x = 5`, instead of quantity and "
    "value (default claim)",
    "date_column": "datasets: the column holding each row's date, YYYY-MM-DD, optional (default date)",
    "quote_column": "datasets: the column holding each row's quote, optional (default quote)",
    "url_column": "datasets: the column holding each row's link, optional and not checked (default url)",
}

SOLVER_LIMITS = ("max_conflicts", "max_nodes", "timeout")

# The lowest value of each limit, wherever it is set: below it the search is switched off, or
# nearly -- no conflict listed (max_conflicts 0), a clock or a node count that decides next to
# nothing.  Above it a limit can only leave parts `unknown`, which fails the run (and inside an
# input under allow_unknown no limit may be set at all).  5 branches still decide what bound
# propagation, gap tests and ratio jumps settle (most stories); the fixtures that show an
# undecided part use it.
FLOORS: dict[str, int | Fraction] = {"max_conflicts": 1, "max_nodes": 5, "timeout": Fraction(1)}
# The highest: a wider tolerance makes "about 100" hold nearly anything.
CEILINGS: dict[str, int | Fraction] = {"approximate": Fraction(1, 2)}

# What a `set` line inside an input (a .tally file) may do with each option, relative to the
# run's value (defaults < project file < --config < command line).  An input is whatever a pull
# request can change without touching the CI's own configuration, so it may only make the run
# stricter -- fail where it would have passed, never pass where it would have failed -- and
# never slower:
#   "lower"   only to the run's value or below (approximate: a looser tolerance hides
#             contradictions; limits: a higher one makes CI slower, a lower one only leaves more
#             parts undecided, which fail -- so under allow_unknown the limits are "run")
#   "higher"  only to the run's value or above (a switch that makes more things fail, such as
#             a `strict` that turns warnings into errors)
#   "own"     freely: it says how the file itself is written, and changes nothing else
#   "run"     not inside an input
IN_INPUTS: dict[str, str] = {
    "approximate": "lower",
    "decimal_comma": "own",
    "max_conflicts": "lower",
    "max_nodes": "lower",
    "timeout": "lower",
    "allow_unknown": "run",
    "strict": "higher",
    "max_file_size": "run",
    "source_column": "run",
    "quantity_column": "run",
    "value_column": "run",
    "claim_column": "run",
    "date_column": "run",
    "quote_column": "run",
    "url_column": "run",
}
# Set inside a file, these apply to that file's own numbers; the others set there apply to the run.
PER_FILE = ("approximate", "decimal_comma")

_STRICTER_WHY = {
    "approximate": "a looser tolerance would make contradictions disappear",
    "max_conflicts": "an input cannot make the run slower",
    "max_nodes": "an input cannot make the run slower",
    "timeout": "an input cannot make the run slower",
}
_RUN_ONLY_WHY = {
    "allow_unknown": "whether undecided parts fail the run is decided by whoever runs it (--allow-unknown or a "
    "config file)",
    "max_file_size": "the files are read before any `set` line is; set it in a config file or with --set",
}
_COLUMN_WHY = "it names a column of the datasets; set it in a config file or with --set"

_WHOLE = re.compile(r"[0-9]{1,9}")  # ASCII digits only: str.isdigit also takes `²` and `٣`
_DECIMAL = re.compile(r"([0-9]{1,9}(?:\.[0-9]{1,9})?)[ \t]*(%?)")


def _key(name: str) -> str:
    key = name.replace("-", "_")
    if key not in OPTION_HELP:
        known = ", ".join(sorted(OPTION_HELP))
        raise OptionError(f"unknown option {name!r}; the options are: {known}")
    return key


def _shown(key: str, value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if key == "approximate":
        return f"{_decimal(value * 100)}%"
    if key == "timeout":
        return f"{_decimal(value)} seconds" if value != 1 else "1 second"
    return str(value)


def _decimal(value: Fraction) -> str:
    """``value`` in decimals when it has a short exact decimal form, else as a fraction."""
    for places in range(7):
        scaled = value * 10**places
        if scaled.denominator == 1:
            digits = str(abs(scaled.numerator)).rjust(places + 1, "0")
            text = digits if places == 0 else f"{digits[:-places]}.{digits[-places:]}"
            return ("-" if value < 0 else "") + text
    return str(value)


def _parse(key: str, value: str):
    value = value.strip()
    default = getattr(Options(), key)
    if isinstance(default, str):
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1].strip()
        if not value or "\n" in value:
            raise OptionError(f"{key} takes a column name, not {value!r}")
        return value
    if isinstance(default, bool):
        low = value.lower()
        if low in ("true", "yes", "on", "1"):
            return True
        if low in ("false", "no", "off", "0"):
            return False
        raise OptionError(f"{key} takes true or false, not {value!r}")
    if key == "max_file_size":
        from .files import parse_size

        size = parse_size(value)
        if not size:
            raise OptionError(f"max_file_size takes a size such as 256MB, 64KB or a number of bytes, not {value!r}")
        return size
    if isinstance(default, int):
        if not _WHOLE.fullmatch(value):
            raise OptionError(f"{key} takes a whole number (digits 0-9, at most 9 of them), not {value!r}")
        return _bounded(key, int(value), value)
    # Fractions, written with ASCII digits: a percentage for approximate, seconds for timeout
    m = _DECIMAL.fullmatch(value)
    if key == "approximate":
        if m is None or not m.group(2):
            raise OptionError(f"approximate takes a percentage such as 10%, not {value!r}")
        return _bounded(key, Fraction(m.group(1)) / 100, value)
    if m is None or m.group(2):
        raise OptionError(f"{key} takes a number of seconds such as 5 or 2.5, not {value!r}")
    return _bounded(key, Fraction(m.group(1)), value)


def _bounded(key: str, number, written: str):
    floor, ceiling = FLOORS.get(key), CEILINGS.get(key)
    if floor is not None and number < floor:
        why = ("with fewer, a contradiction would be reported as none" if key == "max_conflicts" else
               "a smaller limit would leave ordinary contradictions undecided")
        raise OptionError(f"{key} must be at least {_shown(key, floor)}, not {written}: {why}")
    if ceiling is not None and number > ceiling:
        raise OptionError(f"{key} must be at most {_shown(key, ceiling)}, not {written}: a wider tolerance makes "
                          "`about 100` hold nearly anything and hides contradictions")
    return number


OPTION_NAMES = tuple(f.name for f in fields(Options))
