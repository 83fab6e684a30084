"""Loading the lark grammar of record (``grammars/tally.lark``, packaged as tallycheck.grammars)."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

from lark import Lark


def grammar_text() -> str:
    """The grammar from the installed package, or from the source tree's ``grammars/``."""
    try:
        return resources.files("tallycheck.grammars").joinpath("tally.lark").read_text(encoding="utf-8")
    except ModuleNotFoundError:  # running from a checkout without installing
        return (Path(__file__).resolve().parents[2] / "grammars" / "tally.lark").read_text(encoding="utf-8")


@lru_cache(maxsize=None)
def parser() -> Lark:
    """The LALR parser for one line (start ``line``) or one tag body (start ``tag``)."""
    return Lark(
        grammar_text(),
        parser="lalr",
        start=["line", "tag"],
        propagate_positions=True,
        maybe_placeholders=True,
    )
