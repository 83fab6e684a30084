"""Output formats: each module ``tallycheck/formats/<name>_format.py`` has
``render(report) -> str``, a pure function of the whole report (``text`` also takes
``color`` and ``width``)."""

from __future__ import annotations

from importlib import import_module

FORMATS = ("text", "json", "sarif", "junit", "github", "markdown", "html")


def render(report, fmt: str, *, color: bool = False, width: int = 100) -> str:
    if fmt == "text":
        from .text import render as text

        return text(report, color=color, width=width)
    return import_module(f"tallycheck.formats.{fmt}_format").render(report)
