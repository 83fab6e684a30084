"""Every minimal conflict: minimal infeasible subsets (MUS) of the claims' labels.

Per independent part of the problem (constraints joined by shared variables or
by a shared non-fixed label), a hitting-set tree (Reiter 1987) enumerates the
MUSes: the root is the set of all labels; at a node that removes the labels
``H``, either a known MUS avoids ``H`` or the remaining labels are checked --
satisfiable (a leaf; any superset of ``H`` is pruned) or infeasible, and its
certificate's labels are shrunk to a MUS by deletion filtering.  Each child
removes one more label of the node's MUS.  Breadth-first, so small hitting sets
first; once the tree is exhausted every MUS has been found.
"""

from __future__ import annotations

import time
from collections import deque
from dataclasses import replace

from .certificates import certificate_labels
from .components import label_groups
from .decide import decide
from .problem import Budget, Conflict, ConflictSearch, Problem

DEFAULT_BUDGET = Budget()


class _Part:
    """Checks of label subsets of one part, on one clock."""

    __slots__ = ("problem", "budget", "deadline", "fixed", "incomplete", "memo")

    def __init__(self, problem: Problem, budget: Budget) -> None:
        self.problem = problem
        self.fixed = problem.fixed
        self.budget = budget
        self.deadline = None if budget.max_seconds is None else time.monotonic() + budget.max_seconds
        self.incomplete: str | None = None
        self.memo: dict[frozenset[int], object] = {}

    def check(self, labels: frozenset[int]):
        d = self.memo.get(labels)
        if d is None:
            d = self.memo[labels] = self._check(labels)
        return d

    def _check(self, labels: frozenset[int]):
        b = self.budget
        if self.deadline is not None:
            left = self.deadline - time.monotonic()
            if left <= 0:
                return None
            b = replace(b, max_seconds=left)
        return decide(self.problem, labels, b)

    def note(self, reason: str) -> None:
        if self.incomplete is None:
            self.incomplete = reason

    def core(self, cert) -> frozenset[int]:
        return certificate_labels(cert) - self.fixed

    def shrink(self, labels: frozenset[int], cert) -> Conflict:
        """Deletion filtering from the certificate's labels down to a minimal set."""
        core = self.core(cert) & labels
        cert_on = labels
        for lab in sorted(core):
            if lab not in core:
                continue
            trial = core - {lab}
            d = self.check(trial)
            if d is None:
                self.note(f"out of time (more than {self.budget.max_seconds:g} seconds)")
                continue
            if d.status == "unsat":
                core = self.core(d.certificate) & trial
                cert, cert_on = d.certificate, trial
            elif d.status == "unknown":
                self.note(f"a conflict may not be minimal: {d.reason}")
        if cert_on != core:
            d = self.check(core)
            if d is not None and d.status == "unsat":
                cert = d.certificate
        return Conflict(core, cert)


def minimal_conflicts(problem: Problem, budget: Budget = DEFAULT_BUDGET, limit: int = 20) -> ConflictSearch:
    """Every minimal infeasible subset of the non-fixed labels (with all fixed constraints), up to ``limit``.

    Dropping any one label of a reported set makes it satisfiable.  When the
    fixed constraints alone are infeasible, the one conflict has no labels.
    Sorted by (size, sorted labels).
    """
    base = decide(problem, frozenset(), budget)
    if base.status == "unsat":
        return ConflictSearch([Conflict(frozenset(), base.certificate)], True, None)
    if base.status == "unknown":
        return ConflictSearch([], False, f"the definitions alone could not be decided: {base.reason}")
    found: list[Conflict] = []
    reason = None
    fixed = problem.fixed
    for cons in label_groups(problem):
        labels = frozenset(c.label for c in cons) - fixed
        if not labels:
            continue
        if len(found) >= limit:
            reason = reason or f"stopped after {limit} conflicts"
            break
        vars_ = {v for c in cons for v, _ in c.coeffs}
        part = _Part(Problem(tuple(cons), problem.integers & vars_, fixed), budget)
        more = _enumerate(part, labels, limit - len(found))
        found.extend(more)
        if part.incomplete and reason is None:
            reason = part.incomplete
    found.sort(key=lambda c: (len(c.labels), sorted(c.labels)))
    return ConflictSearch(found[:limit], reason is None, reason)


def _enumerate(part: _Part, labels: frozenset[int], limit: int) -> list[Conflict]:
    muses: list[Conflict] = []
    sat_removals: list[frozenset[int]] = []
    visited: set[frozenset[int]] = set()
    queue: deque[frozenset[int]] = deque([frozenset()])
    while queue:
        removed = queue.popleft()
        if removed in visited or any(s <= removed for s in sat_removals):
            continue
        visited.add(removed)
        mus = next((m for m in muses if not (m.labels & removed)), None)
        if mus is None:
            rest = labels - removed
            d = part.check(rest)
            if d is None:
                part.note(f"out of time (more than {part.budget.max_seconds:g} seconds)")
                break
            if d.status == "sat":
                sat_removals.append(removed)
                continue
            if d.status == "unknown":
                part.note(f"a part could not be decided: {d.reason}")
                continue
            if len(muses) >= limit:
                part.note(f"stopped after {limit} conflicts")
                break
            mus = part.shrink(rest, d.certificate)
            muses.append(mus)
        for lab in sorted(mus.labels):
            queue.append(removed | {lab})
    return muses
