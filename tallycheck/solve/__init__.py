"""The exact solver (SPEC §5): linear constraints over the rationals, integrality for counts.

Public interface:

* :class:`Constraint`, :class:`Problem`, :class:`Budget` -- the input;
* :func:`components` -- independent sub-problems;
* :func:`decide` -- satisfiability, with a model or a :data:`Certificate`;
* :func:`minimal_conflicts` -- every minimal set of conflicting labels;
* :func:`implied_ranges` -- the tightest range of each variable (:func:`range_search`
  also says why a range is left open);
* :func:`check_component` -- all of it for one component, as an :class:`Outcome` whose
  ``undecided`` lists every part that hit a limit (:class:`Undecided`).

Certificates (:class:`Farkas`, :class:`Branch`, :class:`Split`, :class:`Scan`) are the
solver's own proof of infeasibility; :func:`check_certificate` verifies one.
No floats anywhere (except a budget's wall-clock seconds).  See docs/solver.md.
"""

from .certificates import (
    ASSUMPTION,
    Branch,
    Certificate,
    Farkas,
    Scan,
    Split,
    certificate_constraints,
    certificate_labels,
    check_certificate,
)
from .check import check_component
from .components import components
from .conflicts import minimal_conflicts
from .decide import decide
from .problem import (
    LIMITS,
    STAGES,
    Budget,
    Conflict,
    ConflictSearch,
    Constraint,
    Decision,
    Outcome,
    Problem,
    RangeSearch,
    Undecided,
)
from .ranges import implied_ranges, range_search

__all__ = [
    "ASSUMPTION",
    "LIMITS",
    "STAGES",
    "Branch",
    "Budget",
    "Certificate",
    "Conflict",
    "ConflictSearch",
    "Constraint",
    "Decision",
    "Farkas",
    "Outcome",
    "Problem",
    "RangeSearch",
    "Scan",
    "Split",
    "Undecided",
    "certificate_constraints",
    "certificate_labels",
    "check_certificate",
    "check_component",
    "components",
    "decide",
    "implied_ranges",
    "minimal_conflicts",
    "range_search",
]
