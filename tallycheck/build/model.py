"""What the build stage produces: the claims as constraints, attributed and located."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from ..diagnostics import Diagnostic, Location
from ..numbers import Reading
from ..options import Options
from ..read.syntax import Relation
from .typos import Written


# Compared and hashed by value, and never changed once made.  Not declared ``frozen``:
# a frozen dataclass sets each field through ``object.__setattr__``, which makes creating
# one about three times slower, and a model holds one per source.
@dataclass(slots=True, unsafe_hash=True)
class Source:
    id: str
    name: str | None
    date: str | None
    url: str | None
    loc: Location | None


# Compared and hashed by value, and never changed once made.  Not declared ``frozen``:
# a frozen dataclass sets each field through ``object.__setattr__``, which makes creating
# one about three times slower, and a model holds one per claim.
@dataclass(slots=True, unsafe_hash=True)
class Claim:
    """A claim (or a definition) with the constraints that say it holds.

    ``label`` is the id the solver blames; definitions (``source is None``) are axioms
    and never blamed.
    """

    label: int
    source: str | None
    form: str  # structured | phrase | tag | define
    text: str  # as written
    quote: str | None
    loc: Location
    relation: Relation | None
    quantities: tuple[str, ...]
    readings: tuple[Reading, ...]
    constraints: tuple[tuple[tuple[tuple[str, Fraction], ...], str, Fraction], ...]

    @property
    def is_definition(self) -> bool:
        return self.source is None


@dataclass
class Model:
    title: str | None
    options: Options
    sources: dict[str, Source] = field(default_factory=dict)
    claims: list[Claim] = field(default_factory=list)  # definitions first, then claims in file order
    kinds: dict[str, str] = field(default_factory=dict)  # quantity -> count | amount | real
    cumulative: set[str] = field(default_factory=set)
    order_constraints: list[tuple[str, str]] = field(default_factory=list)  # (earlier, later) for cumulative
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    written: Written | None = None  # a shard's: what names it writes, for the whole input's typo warnings

    def claim(self, label: int) -> Claim:
        return self.claims[label]
