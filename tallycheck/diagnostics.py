"""Located problems, as data.

Every stage returns its results together with a list of :class:`Diagnostic`; a
diagnostic knows where it happened (``file:line:col``), the line's text for a
caret display, and a plain message.  Nothing here raises at the user.
"""

from __future__ import annotations

from dataclasses import dataclass


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

    def render(self) -> str:
        """``file:line:col: SEVERITY: message`` then the line and a caret under the column."""
        out = f"{self.location}: {self.severity}: {self.message}"
        if self.source_line is not None and self.location.line > 0:
            line = self.source_line.rstrip("\n")
            col = max(1, self.location.column)
            width = 1
            if self.location.end_column and self.location.end_column > col:
                width = self.location.end_column - col
            # keep tabs so the caret lines up under the same characters
            pad = "".join("\t" if ch == "\t" else " " for ch in line[: col - 1])
            out += f"\n    {line}\n    {pad}{'^' * width}"
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
