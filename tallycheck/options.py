"""Every option tallycheck reads, with its default, in one place.

The same names are used by ``set NAME VALUE`` in a claims file, by the config file
(later) and by the command line.
"""

from __future__ import annotations

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
        key = name.replace("-", "_")
        if key not in OPTION_HELP:
            known = ", ".join(sorted(OPTION_HELP))
            raise OptionError(f"unknown option {name!r}; the options are: {known}")
        return replace(self, **{key: _parse(key, value)})


OPTION_HELP = {
    "approximate": "tolerance for about/around/nearly/… and `~`, as a percentage (default 10%)",
    "decimal_comma": "read `12,5` as 12.5 and `1.234` as 1234 (default false)",
    "max_conflicts": "most minimal conflicts reported per group of related claims (default 20)",
    "max_nodes": "solver branches per decision before answering `unknown` (default 10000)",
    "timeout": "seconds per group of related claims before answering `unknown` (default 5)",
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
        if not value.isdigit() or len(value) > 9:
            raise OptionError(f"{key} takes a whole number, not {value!r}")
        return int(value)
    # Fractions: a percentage for approximate, seconds for timeout
    from .numbers import NumberError, read_number

    try:
        reading = read_number(value)
    except NumberError as e:
        raise OptionError(f"{key}: {e}") from None
    if reading.value is None or reading.value < 0:
        raise OptionError(f"{key} takes a non-negative number, not {value!r}")
    if key == "approximate" and reading.kind != "percent":
        raise OptionError(f"approximate takes a percentage such as 10%, not {value!r}")
    return reading.value


OPTION_NAMES = tuple(f.name for f in fields(Options))
