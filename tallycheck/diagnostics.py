"""Located problems, as data.

Every stage returns its results together with a list of :class:`Diagnostic`; a
diagnostic knows where it happened (``file:line:col``), the line's text for a
caret display, and a plain message.  Nothing here raises at the user.
"""

from __future__ import annotations

from dataclasses import dataclass

CONTEXT_WIDTH = 120  # characters of a line shown around the column, at most
# what ends a line for a reader (str.splitlines): the context never runs past one
_LINE_BREAKS = "\n\r"  # tallycheck splits lines on these only (\r\n included); U+2028 and the like are shown, escaped


# Compared, ordered and hashed by value, and never changed once made.  Not declared
# ``frozen``: a frozen dataclass sets each field through ``object.__setattr__``, which
# makes creating one about three times slower, and reading 100k claims makes 400k of them.
@dataclass(order=True, slots=True, unsafe_hash=True)
class Location:
    file: str
    line: int  # 1-based; 0 when the problem concerns a whole file
    column: int = 1  # 1-based
    end_column: int | None = None

    def __str__(self) -> str:
        if self.line <= 0:
            return self.file
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    location: Location
    message: str
    code: str  # a stable short name: "syntax", "unknown-source", "number", ...
    source_line: str | None = None  # the text of the offending line, for the caret
    # "error": the input cannot be checked as written (exit 2); "warning": it can, but a reader
    # should look (exit unchanged, unless --strict makes every warning an error)
    severity: str = "error"

    def context(self) -> "Context | None":
        """The part of the offending line to show (None when there is none): the line only,
        cut at any line break, and at most CONTEXT_WIDTH characters around the column."""
        if self.source_line is None or self.location.line <= 0:
            return None
        line = self.source_line
        at = min(max(1, self.location.column) - 1, len(line))
        start = max(line.rfind(ch, 0, at) for ch in _LINE_BREAKS) + 1
        end = min((i for i in (line.find(ch, at) for ch in _LINE_BREAKS) if i >= 0), default=len(line))
        at = min(at, end)
        left = max(start, min(at - CONTEXT_WIDTH // 2, end - CONTEXT_WIDTH))
        right = min(end, left + CONTEXT_WIDTH)
        width = 1
        if self.location.end_column and self.location.end_column > self.location.column:
            width = self.location.end_column - self.location.column
        return Context(line[left:right], left + 1, at - left, max(1, min(width, right - at)), left > start,
                       right < end)

    def render(self, escape=None) -> str:
        """``file:line:col: SEVERITY: message`` then the line (cut: :meth:`context`) and a caret
        under the column.  ``escape`` (the formats' ``visible``) is applied to each piece before
        the caret is placed, so that it stays under the same character."""
        same = escape or (lambda text: text)
        out = f"{same(str(self.location))}: {self.severity}: {same(self.message)}"
        shown = self.context()
        if shown is not None:
            before = same(("…" if shown.cut_before else "") + shown.text[: shown.caret])
            after = same(shown.text[shown.caret:] + ("…" if shown.cut_after else ""))
            # keep tabs so the caret lines up under the same characters
            pad = "".join("\t" if ch == "\t" else " " for ch in before)
            out += f"\n    {before}{after}\n    {pad}{'^' * shown.width}"
        return out


def warnings_as_errors(diagnostics, on: bool = True) -> list[Diagnostic]:
    """The diagnostics with every warning made an error, when ``on`` (``--strict``, ``set
    strict true``): its message says why it is one."""
    if not on:
        return list(diagnostics)
    return [
        Diagnostic(d.location, f"{d.message} (strict: every warning is an error)", d.code, d.source_line)
        if d.severity == "warning" else d
        for d in diagnostics
    ]
@dataclass(frozen=True, slots=True)
class Context:
    """What of a diagnostic's line is shown: ``text``, which starts at ``column`` (1-based) of
    the line; the caret at ``caret`` (0-based, in ``text``), ``width`` characters wide; whether
    the line goes on before or after what is shown (shown as ``…``)."""

    text: str
    column: int
    caret: int
    width: int
    cut_before: bool
    cut_after: bool

    @property
    def marked(self) -> str:
        """The text with ``…`` where the line goes on."""
        return ("…" if self.cut_before else "") + self.text + ("…" if self.cut_after else "")
