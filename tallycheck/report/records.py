"""The report: everything a user is shown, as plain immutable data.

Every output format (tallycheck.formats.*) is a pure function of a :class:`Report`.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..diagnostics import Diagnostic
from ..numbers.interval import Interval


# Records of the report are compared and hashed by value, and never changed once made.
# Not declared ``frozen``: a frozen dataclass sets each field through ``object.__setattr__``,
# which makes creating one about three times slower, and a report holds one per quantity.
@dataclass(slots=True, unsafe_hash=True)
class ClaimView:
    source: str | None  # None for a definition
    text: str
    quote: str | None
    file: str
    line: int
    column: int
    form: str


@dataclass(slots=True, unsafe_hash=True)
class Conflict:
    claims: tuple[ClaimView, ...]  # the minimal set of claims that cannot all hold
    definitions: tuple[ClaimView, ...]  # definitions it relies on (never blamed)
    sources: tuple[str, ...]
    quantities: tuple[str, ...]
    explanation: str
    minimal: bool = True  # False: a check of the set without one of its claims hit a limit

    @property
    def internal(self) -> bool:
        return len(self.sources) == 1


@dataclass(slots=True, unsafe_hash=True)
class Agreement:
    """A relation that holds, with the figures that meet it: ``248 (mod) = 173 (simonyan) + 75 (…)``."""

    relation: str
    figures: str
    claim: ClaimView


@dataclass(slots=True, unsafe_hash=True)
class QuantityRange:
    name: str
    kind: str  # count | amount | real
    status: str  # consistent | contradictory | unknown
    range: Interval | None  # implied by the claims (consistent only)
    claimed: tuple[tuple[str, tuple[str, ...]], ...]  # (value as read, sources) for direct claims
    # which claims pin the implied range: (end, claim) with end "low" | "high" | "both"
    pinned_by: tuple[tuple[str, str], ...] = ()
    range_reason: str | None = None  # why ``range`` is None (always given when it is)


#: what an undecided part was doing, as the report says it
STAGE_WORDS = {
    "decision": "undecided",
    "conflicts": "conflict search incomplete",
    "minimality": "conflict not proved minimal",
    "range": "range not settled",
}


@dataclass(slots=True, unsafe_hash=True)
class Unknown:
    """A part of the check that hit a limit: nothing undecided is left out of the report.

    ``stage``: ``decision`` | ``conflicts`` | ``minimality`` | ``range``; ``limit``: the
    option that raises it (``max_nodes`` | ``timeout`` | ``max_conflicts``); ``claims``:
    the claims (and definitions) of the part, in file order.
    """

    quantities: tuple[str, ...]
    reason: str
    claims: tuple[ClaimView, ...] = ()
    stage: str = "decision"
    limit: str | None = None


@dataclass(slots=True, unsafe_hash=True)
class Report:
    title: str | None
    files: tuple[str, ...]
    sources: tuple[tuple[str, str | None], ...]  # (id, name)
    claim_count: int
    conflicts: tuple[Conflict, ...]
    agreements: tuple[Agreement, ...]
    quantities: tuple[QuantityRange, ...]
    unknowns: tuple[Unknown, ...]
    errors: tuple[Diagnostic, ...]
    known_conflicts: int = 0  # conflicts found but recorded in the --baseline (not failing, not listed)
    warnings: tuple[Diagnostic, ...] = ()  # located, like errors, but they do not change the verdict

    @property
    def verdict(self) -> str:
        return verdict_of(len(self.errors), len(self.conflicts), len(self.unknowns))

    @property
    def exit_code(self) -> int:
        """The exit code of the run, undecided parts failing (see :func:`exit_code`)."""
        return exit_code(self.verdict)


EXIT_CODES = {"consistent": 0, "contradiction": 1, "unknown": 1, "error": 2}


def exit_code(verdict: str, allow_unknown: bool = False) -> int:
    """0 consistent, 1 a contradiction or a part undecided within the limits (0 for the latter
    with the option allow_unknown, ``--allow-unknown``), 2 bad input."""
    if verdict == "unknown" and allow_unknown:
        return 0
    return EXIT_CODES[verdict]


def verdict_of(errors: int, conflicts: int, unknowns: int) -> str:
    if errors:
        return "error"
    if conflicts:
        return "contradiction"
    if unknowns:
        return "unknown"
    return "consistent"
