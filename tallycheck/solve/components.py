"""Independent sub-problems: constraints that share no variable, even transitively."""

from __future__ import annotations

from .problem import Constraint, Problem


def group(constraints: tuple[Constraint, ...] | list[Constraint]) -> list[list[Constraint]]:
    """Split constraints into connected groups (union-find over variables).

    A constraint without variables is a group of its own.  Groups keep the
    constraints' order and are ordered by smallest label, then first position.
    """
    parent: dict[str, str] = {}

    def find(v: str) -> str:
        root = v
        while parent[root] != root:
            root = parent[root]
        while parent[v] != root:
            parent[v], v = root, parent[v]
        return root

    for c in constraints:
        co = c.coeffs
        if not co:
            continue
        first = co[0][0]
        if first not in parent:
            parent[first] = first
        r = find(first)
        for v, _ in co[1:]:
            if v not in parent:
                parent[v] = r
                continue
            r2 = find(v)
            if r2 != r:
                parent[r2] = r
    groups: dict[object, list[Constraint]] = {}
    keys: dict[object, list] = {}
    for pos, c in enumerate(constraints):
        key = find(c.coeffs[0][0]) if c.coeffs else ("const", pos)
        g = groups.get(key)
        if g is None:
            groups[key] = [c]
            keys[key] = [c.label, pos]
        else:
            g.append(c)
            if c.label < keys[key][0]:
                keys[key][0] = c.label
    order = sorted(groups, key=lambda k: keys[k])
    return [groups[k] for k in order]


def components(problem: Problem) -> list[Problem]:
    """Independent sub-problems, deterministic order (by smallest label)."""
    if not problem.constraints:
        return []
    out = []
    for g in group(problem.constraints):
        vars_ = {v for c in g for v, _ in c.coeffs}
        labels = {c.label for c in g}
        out.append(Problem(tuple(g), problem.integers & vars_, problem.fixed & labels, connected=True))
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
