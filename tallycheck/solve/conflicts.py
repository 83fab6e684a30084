"""Every minimal conflict: minimal infeasible subsets (MUS) of the claims' labels.

Per independent part of the problem (constraints joined by shared variables or
by a shared non-fixed label), a hitting-set tree (Reiter 1987) enumerates the
MUSes: the root is the set of all labels; at a node that removes the labels
``H``, either a known MUS avoids ``H`` or the remaining labels are checked --
satisfiable (a leaf; any superset of ``H`` is pruned) or infeasible, and its
certificate's labels are shrunk to a MUS by deletion filtering.  Each child
removes one more label of the node's MUS.  Breadth-first, so small hitting sets
first; once the tree is exhausted every MUS has been found.

Nothing undecided is dropped: a check that hits a limit is recorded as an
:class:`~.problem.Undecided` (the labels it was checking, the stage, the limit), and
a conflict whose shrinking hit one is reported with ``minimal=False``.  The whole
search shares one deadline; past it nothing more is checked (or memoised).
"""

from __future__ import annotations

from collections import deque

from .budget import now, time_reason
from .certificates import certificate_labels
from .components import label_groups
from .decide import decide
from .propagate import Settled, propagate_more
from .problem import Budget, Conflict, ConflictSearch, Decision, Problem, Undecided
from .selections import Selections

DEFAULT_BUDGET = Budget()
_HOLDS = Decision("sat")  # a subset of claims known to hold together (no model: the search needs none)
_SETTLE = 1000  # constraints from which a part's fixed constraints are propagated once (_Part._few)
_HELD = 64  # sets of claims from which a set found to hold answers for its subsets


class _Part:
    """Checks of label subsets of one part, on one clock; what hit a limit."""

    __slots__ = ("problem", "budget", "deadline", "fixed", "memo", "undecided", "variables", "holding", "_settled",
                 "selections")

    def __init__(self, problem: Problem, budget: Budget, deadline: float | None) -> None:
        self.problem = problem
        self.fixed = problem.fixed
        self.budget = budget
        self.deadline = deadline
        self.memo: dict[frozenset[int], Decision] = {}
        self.undecided: list[Undecided] = []
        self.variables = problem.variables
        # big sets of claims found to hold (so do their subsets), each with the part's claims it
        # leaves out: a set of the part's claims is a subset when it holds none of those (a few
        # lookups, where a subset test walked 50,000 claims for each set held)
        self.holding: list[tuple[frozenset[int], frozenset[int]]] = []
        self._settled: Settled | None = None
        self.selections = Selections(problem)  # (what one check carries to the next)

    def expired(self) -> bool:
        return self.deadline is not None and now() > self.deadline

    def check(self, labels: frozenset[int]) -> Decision:
        """Whether the part's claims ``labels`` (a subset of its claims) hold with its fixed constraints."""
        d = self.memo.get(labels)
        if d is not None:
            return d
        for held, outside in self.holding:
            if len(labels) <= len(held) and outside.isdisjoint(labels):
                return _HOLDS
        if self.expired():  # past the deadline: no more checks, nothing memoised
            return Decision("unknown", None, None, time_reason(self.budget.max_seconds), "timeout")
        d = self._few(labels)
        if d is None:
            d = decide(self.problem, labels, self.budget, self.deadline, model=False, selections=self.selections)
        if d.status != "unknown":
            self.memo[labels] = d
            if d.status == "sat" and len(labels) >= _HELD:
                self.holding.append((labels, self.problem.claim_labels.difference(labels)))
        return d

    def _few(self, labels: frozenset[int]) -> Decision | None:
        """A few claims of a big part, checked from its fixed constraints propagated once
        (:class:`~.propagate.Settled`); None when that does not apply."""
        constraints = self.problem.constraints
        if len(constraints) < _SETTLE or len(labels) * 8 >= len(constraints):
            return None
        if self._settled is None:
            self._settled = Settled([constraints[i] for i in self.problem.fixed_positions], self.problem.integers)
        if not self._settled.usable:
            return None
        by_label = self.problem.by_label
        res = propagate_more(self._settled, [constraints[i] for lab in sorted(labels) for i in by_label[lab]])
        if res is None:
            return None
        return _HOLDS if res[0] else Decision("unsat", None, res[1])

    def note(self, labels: frozenset[int], stage: str, limit: str, reason: str) -> None:
        """Record a part that hit a limit; checks of the search that hit the same limit are one part."""
        if stage == "conflicts":
            for i, u in enumerate(self.undecided):
                if u.stage == stage and u.limit == limit:
                    self.undecided[i] = Undecided(u.labels | labels, u.variables, stage, limit, u.reason)
                    return
        self.undecided.append(Undecided(labels, self.variables, stage, limit, reason))

    def core(self, cert) -> frozenset[int]:
        return certificate_labels(cert) - self.fixed

    def shrink(self, labels: frozenset[int], cert) -> Conflict:
        """Deletion filtering from the certificate's labels down to a minimal set."""
        core = self.core(cert) & labels
        cert_on = labels
        stop = None  # the first check that hit a limit
        for lab in sorted(core):
            if lab not in core:
                continue
            trial = core - {lab}
            d = self.check(trial)
            if d.status == "unsat":
                core = self.core(d.certificate) & trial
                cert, cert_on = d.certificate, trial
            elif d.status == "unknown":
                stop = stop or d
        if cert_on != core:
            d = self.check(core)
            if d.status == "unsat":
                cert = d.certificate
        if stop is not None:
            self.note(core, "minimality", stop.limit, f"a conflict could not be checked without each of its claims: {stop.reason}")
        return Conflict(core, cert, stop is None)


def minimal_conflicts(problem: Problem, budget: Budget = DEFAULT_BUDGET, limit: int = 20) -> ConflictSearch:
    """Every minimal infeasible subset of the non-fixed labels (with all fixed constraints), up to ``limit``.

    Dropping any one label of a reported set makes it satisfiable (unless the set is
    marked ``minimal=False``).  When the fixed constraints alone are infeasible, the
    one conflict has no labels.  Sorted by (size, sorted labels).
    """
    deadline = None if budget.max_seconds is None else now() + budget.max_seconds
    base = decide(problem, frozenset(), budget, deadline, model=False)
    if base.status == "unsat":
        return ConflictSearch([Conflict(frozenset(), base.certificate)], True, None)
    if base.status == "unknown":
        undecided = Undecided(frozenset(problem.fixed), problem.variables, "conflicts", base.limit,
                              f"the definitions alone could not be decided: {base.reason}")
        return ConflictSearch([], False, undecided.reason, (undecided,))
    found: list[Conflict] = []
    undecided: list[Undecided] = []
    fixed = problem.fixed
    for cons in label_groups(problem):
        labels = frozenset(c.label for c in cons) - fixed
        if not labels:
            continue
        vars_ = {v for c in cons for v, _ in c.coeffs}
        part = _Part(Problem(tuple(cons), problem.integers & vars_, fixed), budget, deadline)
        if len(found) >= limit:
            part.note(labels, "conflicts", "max_conflicts", _stopped(limit))
        else:
            found.extend(_enumerate(part, labels, limit - len(found)))
        undecided.extend(part.undecided)
    found.sort(key=lambda c: (len(c.labels), sorted(c.labels)))
    complete = not undecided and all(c.minimal for c in found)
    return ConflictSearch(found[:limit], complete, None if complete else undecided[0].reason, tuple(undecided))


def _stopped(limit: int) -> str:
    return f"stopped after {limit} conflict{'s' if limit != 1 else ''} (max_conflicts)"


def _enumerate(part: _Part, labels: frozenset[int], limit: int) -> list[Conflict]:
    muses = _cover(part, labels, limit)
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
            if d.status == "sat":
                sat_removals.append(removed)
                continue
            if d.status == "unknown":
                part.note(rest, "conflicts", d.limit, f"some subsets of these claims could not be decided: {d.reason}")
                if d.limit == "timeout":
                    break
                continue
            if len(muses) >= limit:
                part.note(labels, "conflicts", "max_conflicts", _stopped(limit))
                break
            mus = part.shrink(rest, d.certificate)
            muses.append(mus)
        for lab in sorted(mus.labels):
            queue.append(removed | {lab})
    return muses


def _cover(part: _Part, labels: frozenset[int], limit: int) -> list[Conflict]:
    """Conflicts that name every claim of a smallest set whose removal leaves the rest consistent
    (an implicit hitting set, as MaxHS finds a smallest correction set): remove a smallest set of
    claims meeting every conflict found so far; while the rest still cannot hold, its conflict is
    one more.  When the rest holds, the removed claims are a smallest such set, and each of them
    alone meets some conflict found: that one is listed for it (so every claim of the set is
    named), then the others found, up to ``limit``.

    Five wrong figures among 100,000 agreeing ones make 500,000 minimal conflicts; a search in
    breadth listed ``max_conflicts`` of them around the first wrong figures it met.  At most
    ``4 * limit + 16`` conflicts are looked for (a wrong figure takes one or two); they are shrunk
    once the rest is known to hold, which then answers most of the shrinking's checks.
    """
    cores: list[tuple[frozenset[int], object, frozenset[int]]] = []  # (claims checked, certificate, its claims)
    hit: frozenset[int] = frozenset()
    held = False
    for _ in range(4 * limit + 16):
        hit = _smallest_hitting_set([core for _, _, core in cores])
        rest = labels - hit
        d = part.check(rest)
        if d.status != "unsat":  # the rest holds (done), or a limit (the search after this says so)
            held = d.status == "sat"
            break
        cores.append((rest, d.certificate, part.core(d.certificate) & rest))
    chosen: list[int] = []
    if held:
        for h in sorted(hit):  # a conflict that only h meets, for each h (none: the set was cut short)
            only = next((i for i, (_, _, core) in enumerate(cores) if core & hit == {h}), None)
            if only is not None and only not in chosen:
                chosen.append(only)
    chosen += [i for i in range(len(cores)) if i not in chosen]
    found: list[Conflict] = []
    for i in chosen:
        if len(found) >= limit:
            break
        checked, cert, _ = cores[i]
        mus = part.shrink(checked, cert)
        if all(m.labels != mus.labels for m in found):
            found.append(mus)
    return found


def _smallest_hitting_set(sets: list[frozenset[int]], max_nodes: int = 10_000) -> frozenset[int]:
    """A smallest set of labels meeting every set (exact, branching on the smallest set not yet
    met: its labels met most often first, then by label); past ``max_nodes`` branches, the best
    found.

    A branch is cut when the labels chosen, and one more for each of some sets not yet met
    that share no label (a lower bound: each needs a label of its own), reach the best found:
    it holds no smaller set, so the set found is the one found without the cut, in far fewer
    branches.  Sets are bit masks, taken in the order of branching.  (The fixtures folder read
    whole: 83 cover rounds of up to 100 conflicts, 509,000 branches and 3.9 s without the cut,
    its group 4.3 s of its 5 s budget; 0.7 s and 1.2 s with it.)"""
    if not sets:
        return frozenset()
    count: dict[int, int] = {}
    for s in sets:
        for x in s:
            count[x] = count.get(x, 0) + 1
    rank = {x: (-n, x) for x, n in count.items()}
    best = _greedy(sets, rank)
    bit = {x: 1 << i for i, x in enumerate(count)}
    ordered = sorted(set(sets), key=lambda s: (len(s), sorted(s)))  # the first not met is the smallest
    masks = [sum(bit[x] for x in s) for s in ordered]
    branches = [[(x, bit[x]) for x in sorted(s, key=rank.__getitem__)] for s in ordered]
    nodes = 0

    def search(chosen: int, labels: list[int], start: int) -> None:
        nonlocal best, nodes
        nodes += 1
        depth = len(labels)
        if depth >= len(best) or nodes > max_nodes:
            return
        first = None  # the first set not met (those before ``start`` are); with it, the bound
        bound, apart = 0, chosen  # sets not met, each sharing no label with those counted before
        for i in range(start, len(masks)):
            if not masks[i] & apart:
                if first is None:
                    first = i
                bound += 1
                apart |= masks[i]
        if first is None:
            best = frozenset(labels)
            return
        if depth + bound >= len(best):
            return
        for x, b in branches[first]:
            labels.append(x)
            search(chosen | b, labels, first + 1)
            labels.pop()

    search(0, [], 0)
    return best


def _greedy(sets: list[frozenset[int]], rank: dict) -> frozenset[int]:
    chosen: set[int] = set()
    for s in sets:
        if not (s & chosen):
            chosen.add(min(s, key=rank.__getitem__))
    return frozenset(chosen)
