"""The exact solver (SPEC §5): linear constraints over the rationals, integrality for counts.

Public interface:

* :class:`Constraint`, :class:`Problem`, :class:`Budget` -- the input;
* :func:`components` -- independent sub-problems;
* :func:`decide` -- satisfiability, with a model or a :data:`Certificate`;
* :func:`minimal_conflicts` -- every minimal set of conflicting labels;
* :func:`implied_ranges` -- the tightest range of each variable.

Certificates (:class:`Farkas`, :class:`Branch`, :class:`Split`) are the
solver's own proof of infeasibility; :func:`check_certificate` verifies one.
No floats anywhere (except a budget's wall-clock seconds).  See docs/solver.md.
"""

from .certificates import (
    ASSUMPTION,
    Branch,
    Certificate,
    Farkas,
    Split,
    certificate_constraints,
    certificate_labels,
    check_certificate,
)
from .components import components
from .conflicts import minimal_conflicts
from .decide import decide
from .problem import Budget, Conflict, ConflictSearch, Constraint, Decision, Problem
from .ranges import implied_ranges

__all__ = [
    "ASSUMPTION",
    "Branch",
    "Budget",
    "Certificate",
    "Conflict",
    "ConflictSearch",
    "Constraint",
    "Decision",
    "Farkas",
    "Problem",
    "Split",
    "certificate_constraints",
    "certificate_labels",
    "check_certificate",
    "components",
    "decide",
    "implied_ranges",
    "minimal_conflicts",
]
