"""What deciding many selections of one problem's claims carries from one to the next."""

from __future__ import annotations

from .lumps import Lumps
from .passes import FirstPasses
from .problem import Problem


class Selections:
    """The conflict search decides hundreds of selections of one part's claims, most of them all
    but a few: each starts from the whole part's lump (:class:`~.lumps.Lumps`) or its
    propagation's first pass (:class:`~.passes.FirstPasses`), made at the second selection."""

    __slots__ = ("lumps", "passes")

    def __init__(self, problem: Problem) -> None:
        self.lumps = Lumps(problem)
        self.passes = FirstPasses(problem)
