"""Output formats: each module ``tallycheck/formats/<name>_format.py`` has
``render(report) -> str``, a pure function of the whole report (``text`` also takes
``color`` and ``width``).  A format may also have ``chunks(report)``, the same text piece
by piece, so that a big report is written without being held whole in memory."""

from __future__ import annotations

from importlib import import_module

FORMATS = ("text", "json", "sarif", "junit", "github", "markdown", "html")


def render(report, fmt: str, *, color: bool = False, width: int = 100) -> str:
    if fmt == "text":
        from .text import render as text

        return text(report, color=color, width=width)
    return import_module(f"tallycheck.formats.{fmt}_format").render(report)


def write(report, fmt: str, stream) -> None:
    """Write the report in ``fmt`` to a text stream (piece by piece where the format can)."""
    module = import_module(f"tallycheck.formats.{fmt}_format" if fmt != "text" else "tallycheck.formats.text")
    if hasattr(module, "chunks"):
        for piece in module.chunks(report):
            stream.write(piece)
    else:
        stream.write(render(report, fmt))
