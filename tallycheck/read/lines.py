"""Lines, as every reader counts them and every location names them.

A line ends at ``\\n``, ``\\r\\n`` or a lone ``\\r`` (old Mac files, some spreadsheet exports),
and nowhere else: never at U+2028, U+2029, U+0085, a form feed or a vertical tab, where
``str.splitlines`` would also cut (then a character in the middle of a claim would split it,
and every location after it would be off).  Every reader splits its text with
:func:`split_lines`; the pipeline hands every stage :func:`normalized` text, so that the
stages that cut a text by its ``\\n`` (``--jobs``, tallycheck.run) count the same lines.
"""

from __future__ import annotations

import re

_LINE_END = re.compile(r"\r\n?|\n")


def split_lines(text: str) -> list[str]:
    """The lines of ``text``, without their ends (a text ending with a line end has an empty last line)."""
    if "\r" not in text:
        return text.split("\n")
    return _LINE_END.split(text)


def normalized(text: str) -> str:
    """``text`` with every line end written ``\\n`` (the same lines, the same columns)."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")
