"""The text report's table of quantities is laid out as rich's Table lays it out
(tallycheck.formats._table), character for character, in time linear in its cells."""

from __future__ import annotations

import io

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.table import Table
from rich.text import Text

from tallycheck.formats._table import lay_out


def _console(page: int, out: io.StringIO) -> Console:
    return Console(file=out, width=page, force_terminal=False, color_system=None, highlight=False,
                   markup=False, emoji=False, soft_wrap=True)


def by_rich(rows: list[list[str]], page: int) -> str:
    out = io.StringIO()
    table = Table(title=None, box=None, show_header=True, header_style="bold", pad_edge=False)
    for name in rows[0]:
        table.add_column(name)
    for row in rows[1:]:
        table.add_row(*(Text(cell) if i == 2 else cell for i, cell in enumerate(row)))
    _console(page, out).print(table)
    return out.getvalue()


def by_layout(rows: list[list[str]], page: int) -> str:
    out = io.StringIO()
    lines = ["".join(a + b + c for a, b, c in line) for row in lay_out(rows, page) for line in row]
    _console(page, out).print(Text("\n".join(lines)))
    return out.getvalue()


WORD = st.one_of(
    st.text(alphabet="abcxyz.0123456789[],;:()≥≤–…", min_size=1, max_size=12),
    st.text(alphabet="abc", min_size=20, max_size=150),  # a word longer than its column
    st.text(alphabet="数字표", min_size=1, max_size=8),  # two cells a character
)
CELL = st.lists(WORD, max_size=30).map(" ".join) | st.sampled_from(["", " ", "a  b", " lead", "trail "])


@settings(max_examples=300, deadline=None)
@given(
    columns=st.integers(4, 5),
    body=st.lists(st.lists(CELL, min_size=5, max_size=5), min_size=1, max_size=12),
    page=st.integers(60, 140),
)
def test_the_table_is_rich_s_table(columns: int, body: list[list[str]], page: int) -> None:
    header = ["quantity", "kind", "implied", "claimed", "pinned by"][:columns]
    rows = [header] + [row[:columns] for row in body]
    assert by_layout(rows, page) == by_rich(rows, page)


def test_a_long_cell_wraps_as_rich_wraps_it() -> None:
    pinned = "high: implied by total = " + " + ".join(f"a{i}" for i in range(40)) + " (definition)"
    rows = [["quantity", "kind", "implied", "claimed", "pinned by"]]
    rows += [[f"a{i}", "count", "[0, 4]", "", pinned] for i in range(3)]
    text = by_layout(rows, 100)
    assert text == by_rich(rows, 100)
    assert len(text.splitlines()) == 1 + 3 * 5  # each row five lines high
