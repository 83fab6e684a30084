"""Independent sub-problems: constraints that share no variable, even transitively."""

from __future__ import annotations

from .problem import Constraint, Problem


class _Group:
    """One connected group while grouping: where its constraints are, what they hold."""

    __slots__ = ("positions", "variables", "label", "first", "merged")

    def __init__(self, pos: int, label: int) -> None:
        self.positions = [pos]  # the constraints' positions in the input
        self.variables: list[str] = []  # every variable of the group, once
        self.label = label  # its smallest label
        self.first = pos  # its first position
        self.merged = False  # positions no longer in increasing order (two groups joined)


def _groups(constraints: tuple[Constraint, ...] | list[Constraint], claims: frozenset[int] | None = None
            ) -> list[_Group]:
    """Connected groups of the constraints, ordered by smallest label, then first position;
    with ``claims`` (the fixed labels), the constraints of one claim (a label not fixed) are
    also in one group, whatever their variables.

    Each variable points to its group; a constraint joining two groups moves the
    smaller group into the larger (so a variable moves at most log(n) times).
    """
    owner: dict = {}
    groups: list[_Group] = []
    for pos, c in enumerate(constraints):
        g = None
        keys = c.coeffs if claims is None or c.label in claims else (*c.coeffs, ((c.label,), None))
        for v, _ in keys:
            h = owner.get(v)
            if h is None:
                if g is None:
                    g = _Group(pos, c.label)
                    groups.append(g)
                owner[v] = g
                g.variables.append(v)
            elif g is None:
                g = h
                g.positions.append(pos)
                if c.label < g.label:
                    g.label = c.label
            elif h is not g:
                g = _join(g, h, owner)
        if g is None:  # no variables: a group of its own
            groups.append(_Group(pos, c.label))
    live = [g for g in groups if g.positions]
    live.sort(key=lambda g: (g.label, g.first))
    return live


def _join(g: _Group, h: _Group, owner: dict[str, _Group]) -> _Group:
    """Move the smaller of two groups into the larger; the larger, which now holds both."""
    if len(g.variables) + len(g.positions) < len(h.variables) + len(h.positions):
        g, h = h, g
    for v in h.variables:
        owner[v] = g
    g.variables += h.variables
    g.positions += h.positions
    g.merged = True
    if h.label < g.label:
        g.label = h.label
    if h.first < g.first:
        g.first = h.first
    h.positions = []
    h.variables = []
    return g


def _members(g: _Group, constraints) -> list[Constraint]:
    """The group's constraints, in input order."""
    if g.merged:
        g.positions.sort()
    return [constraints[p] for p in g.positions]


def group(constraints: tuple[Constraint, ...] | list[Constraint]) -> list[list[Constraint]]:
    """Split constraints into connected groups (constraints joined by shared variables).

    A constraint without variables is a group of its own.  Groups keep the
    constraints' order and are ordered by smallest label, then first position.
    """
    return [_members(g, constraints) for g in _groups(constraints)]


def components(problem: Problem) -> list[Problem]:
    """Independent sub-problems, deterministic order (by smallest label).  A claim is one
    whole: its constraints are in one sub-problem even when they share no variable
    (``score / respondents < 0`` is ``score < 0`` and ``respondents > 0``), so that it is
    in a conflict or holds, never both."""
    constraints = problem.constraints
    if not constraints:
        return []
    integers, fixed = problem.integers, problem.fixed
    out = []
    for g in _groups(constraints, fixed):
        members = _members(g, constraints)
        labels = {c.label for c in members}
        variables = [v for v in g.variables if type(v) is str]  # not the claims' labels, ``(label,)``
        part = Problem(tuple(members), integers.intersection(variables), fixed & labels, connected=True)
        part.__dict__["variables"] = tuple(sorted(variables))  # known already: cached (see Problem)
        out.append(part)
    return out


def label_groups(problem: Problem) -> list[list[Constraint]]:
    """Like :func:`group`, but constraints sharing a non-fixed label are also joined.

    Conflicts are sets of labels, so a label whose constraints fall in two
    variable components ties them together for conflict enumeration.
    """
    groups = group(problem.constraints)
    fixed = problem.fixed
    parent = list(range(len(groups)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[int, int] = {}
    for gi, g in enumerate(groups):
        for c in g:
            if c.label in fixed:
                continue
            other = owner.get(c.label)
            if other is None:
                owner[c.label] = gi
            else:
                a, b = find(other), find(gi)
                if a != b:
                    parent[max(a, b)] = min(a, b)
    merged: dict[int, list[Constraint]] = {}
    for gi, g in enumerate(groups):
        merged.setdefault(find(gi), []).extend(g)
    return [merged[k] for k in sorted(merged)]
