"""The text report's table of quantities, laid out as rich's ``Table(box=None, pad_edge=False)``
lays it out, in time linear in its cells.

rich measures and renders every cell through several layers of renderables (0.4 ms a row):
a report of 50,000 quantities spent 22 s in its table.  The layout here is rich's own --
column widths from each cell's widest word and whole width, rich's collapsing of the widest
columns when the table is wider than the page, a cell wrapped by rich's ``Text.wrap`` when it
does not fit -- worked out once per distinct cell.  ``tests/formats/test_text_table.py``
keeps it equal to rich's ``Table`` on generated tables, character for character.
"""

from __future__ import annotations

from collections.abc import Iterator

from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

GAP = 1  # rich's default cell padding, left and right, except at the table's edges


def _normalize(low: int, high: int) -> tuple[int, int]:
    low = min(max(0, low), high)
    return max(0, low), max(0, max(low, high))


def _measure(raw: tuple[int, int], extra: int, width: int) -> tuple[int, int]:
    """rich's ``Measurement.get`` of a padded text cell (``Padding(Text)``) within ``width``,
    from the text's own (widest word, widest line)."""
    if width < 1:
        return 0, 0
    inner = width - extra
    if inner < 1:
        low, high = width, width
    else:
        low, high = _normalize(*raw)
        low, high = min(low, inner), min(high, inner)
        low, high = (0, 0) if high < 1 else _normalize(low, high)
        low, high = min(low + extra, width), min(high + extra, width)
    low, high = _normalize(low, high)
    low, high = min(low, width), min(high, width)
    return (0, 0) if high < 1 else _normalize(low, high)


def _raw(text: str) -> tuple[int, int]:
    lines = text.splitlines()
    high = max(map(cell_len, lines)) if lines else 0
    words = text.split()
    return (max(map(cell_len, words)) if words else high), high


class _Column:
    def __init__(self, index: int, count: int) -> None:
        self.left = 0 if index == 0 else GAP
        self.right = 0 if index == count - 1 else GAP
        self.raws: set[tuple[int, int]] = set()

    def measure(self, width: int) -> tuple[int, int]:
        if width < 1:
            return 0, 0
        extra = self.left + self.right
        cells = [_measure(raw, extra, width) for raw in self.raws]
        low = max((c[0] for c in cells), default=1)
        high = max((c[1] for c in cells), default=width)
        return min(low, width), min(high, width)


def widths(columns: list[_Column], page: int) -> list[int]:
    """rich's ``Table._calculate_column_widths`` for columns that may all wrap."""
    result = [col.measure(page)[1] or 1 for col in columns]
    if sum(result) > page:
        # rich narrows the widest columns until the table fits (and, were no column allowed
        # to wrap, would then narrow all alike: every column here may wrap)
        result = Table._collapse_widths(result, [True] * len(result), page)
        result = [col.measure(w)[1] or 0 for col, w in zip(columns, result)]
    return result


Cell = tuple[str, str, str]  # the padding before it, the text padded to its column, the padding after


def lay_out(rows: list[list[str]], page: int) -> Iterator[list[list[Cell]]]:
    """The lines of each row (the header is a row), row by row, each line a list of cells: for each,
    the padding before it, its text padded to the column's width, and the padding after
    (rich styles the text of a cell, and a header cell with its padding)."""
    count = len(rows[0])
    columns = [_Column(i, count) for i in range(count)]
    raws: dict[str, tuple[int, int]] = {}
    for row in rows:
        for col, text in zip(columns, row):
            raw = raws.get(text)
            if raw is None:
                raw = raws[text] = _raw(text)
            col.raws.add(raw)
    sizes = widths(columns, page)
    console = Console(width=page, color_system=None, highlight=False, markup=False, emoji=False)
    wrapped: dict[tuple[str, int], list[str]] = {}

    def cell_lines(text: str, inner: int) -> list[str]:
        if "\n" not in text and "\t" not in text:
            size = cell_len(text)
            if size <= inner:
                return [text + " " * (inner - size)]
        key = (text, inner)
        lines = wrapped.get(key)
        if lines is None:
            lines = wrapped[key] = [
                line.plain + " " * (inner - cell_len(line.plain))
                for line in Text(text).wrap(console, inner, justify="left", overflow="ellipsis")
            ]
        return lines

    for row in rows:
        cells = []
        for col, width, text in zip(columns, sizes, row):
            inner = width - col.left - col.right
            pads = (" " * col.left, " " * col.right)
            cells.append([(pads[0], line, pads[1]) for line in cell_lines(text, inner)])
        height = max(len(c) for c in cells)
        yield [[c[i] if i < len(c) else ("", " " * w, "") for c, w in zip(cells, sizes)] for i in range(height)]
