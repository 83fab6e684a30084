"""Step 2 of the plan: the scans' pieces joined into groups that never need each other, the
groups packed into shards, and what each shard keeps of each file.

Pieces of any file or stretch that mention the same name, or a ``sum(prefix.*)`` and a name
under the prefix, are one group.  Whole groups are dealt to the shards, the biggest first,
each to the least loaded.  A shard keeps, of each file, the lines of its groups, the `source`
lines they name (all the declarations of a source declared twice), all the declarations of
their names, and what every shard keeps (`set`, `title`, a dataset's header, an article's
front matter); the other lines are blank, so that each keeps its number.  The first shard
also keeps the `source` and declaration lines no other shard does.  A claim naming a source
that no `source` line declares goes to the first shard, which then keeps them all (its error
lists every source); when a dataset's rows could declare it, the input is one shard.
"""

from __future__ import annotations

import heapq
from array import array
from itertools import chain, combinations, islice
from typing import Sequence

from .scan import ROWS, Scan

# A shard's size (its claim, definition and row lines): big enough that starting it costs little,
# small enough to bound memory.
SHARD_LINES = 75_000


def summed_prefixes(name: str, prefixes: set[str]):
    """The prefixes of ``name`` (``a`` and ``a.b`` of ``a.b.c``) some ``sum(prefix.*)`` covers."""
    dot = name.find(".")
    while dot > 0:
        if name[:dot] in prefixes:
            yield name[:dot]
        dot = name.find(".", dot + 1)


def join(scans: Sequence[Scan]) -> tuple[list[array], list[int], dict]:
    """The group of each scan's pieces, each group's size (lines), and each declared name's group."""
    offsets = list(chain([0], (sc.pieces for sc in scans)))
    for k in range(1, len(offsets)):
        offsets[k] += offsets[k - 1]
    parent = list(range(offsets[-1]))  # the pieces of every scan, numbered one after another

    def union(a: int, b: int) -> None:  # (every number points to a smaller one or itself)
        while parent[a] != a:
            parent[a] = a = parent[parent[a]]
        while parent[b] != b:
            parent[b] = b = parent[parent[b]]
        parent[max(a, b)] = min(a, b)

    owner: dict = {}  # a name or key -> the first piece that mentions it
    for sc, offset in zip(scans, offsets):
        for key, piece in zip(sc.keys, sc.key_piece):
            first = owner.setdefault(key, offset + piece)
            if first != offset + piece:
                union(first, offset + piece)
    prefixes = {key[1] for key in owner if type(key) is tuple}
    if prefixes:  # a name under a summed prefix goes with the sum, and so does one only declared
        for name in [n for sc in scans for n in sc.declarations if n not in owner]:
            for prefix in summed_prefixes(name, prefixes):
                owner[name] = owner[("sum", prefix)]
                break
        for name, piece in owner.items():
            if type(name) is str:
                for prefix in summed_prefixes(name, prefixes):
                    union(piece, owner[("sum", prefix)])
    roots = parent  # each piece's group's first piece: one pass, each pointing to a smaller one
    for i, p in enumerate(roots):
        roots[i] = roots[p]
    number = {root: group for group, root in enumerate(dict.fromkeys(roots))}  # groups in order of their first piece
    sizes = [0] * len(number)
    groups: list[array] = []
    for sc, offset in zip(scans, offsets):
        of_piece = array("l", [number[root] for root in roots[offset:offset + sc.pieces]])
        for group, size in zip(of_piece, sc.sizes):
            sizes[group] += size
        groups.append(of_piece)
    of_name = {name: number[roots[owner[name]]] for sc in scans for name in sc.declarations if name in owner}
    return groups, sizes, of_name


def plan(scans: Sequence[Scan], names: Sequence[str], jobs: int) -> list[list[array]] | None:
    """For each shard, for each file, the numbers of the lines it keeps, in no order and some
    more than once (the shards sort their own, side by side:
    :func:`~tallycheck.run.shard.shard_texts`; none: the shard does not read the file); None
    when the input is one shard.  One shard per job at least, a multiple of the jobs, of
    about :data:`SHARD_LINES` lines each."""
    groups, sizes, of_name = join(scans)
    count = -(-max(jobs, -(-sum(sizes) // SHARD_LINES)) // jobs) * jobs
    if count < 2 or len(sizes) < 2:
        return None
    declared = set().union(*(sc.source_lines for sc in scans))
    rows = [name.lower().endswith(ROWS) for name in names]
    undeclared = {of_piece[piece] for sc, of_piece in zip(scans, groups) if not rows[sc.file]
                  for piece, src in sc.named if src not in declared}
    if undeclared and any(rows):
        return None  # its error lists every source, and rows may declare some: one shard sees them all
    load = [(0, i) for i in range(count)]
    shard_of = array("l", [0]) * len(sizes)  # the undeclared: the first shard
    for group in sorted(range(len(sizes)), key=sizes.__getitem__, reverse=True):  # (ties in order)
        if group not in undeclared:
            lines, shard_of[group] = load[0]
            heapq.heapreplace(load, (lines + sizes[group], shard_of[group]))
    kept: list[list[list[int]]] = [[[] for _ in names] for _ in range(count)]
    for sc, of_piece in zip(scans, groups):
        add = [shard[sc.file].extend for shard in kept]
        lines = sc.lines
        for group, begin, end in zip(of_piece, sc.starts, islice(sc.starts, 1, None)):
            add[shard_of[group]](lines[begin:end])
        for piece, src in sc.named:
            if src in declared:  # (a row's source may be declared by no `source` line: the row declares it)
                _add_source(kept[shard_of[of_piece[piece]]], scans, src)
        for name, where in sc.declarations.items():  # all of a name's, with it (unused: the first shard's)
            kept[shard_of[of_name[name]] if name in of_name else 0][sc.file] += where
    everywhere = [set() for _ in names]
    for sc in scans:
        everywhere[sc.file].update(sc.everywhere)
    for shard in kept:
        for lines, more in zip(shard, everywhere):
            lines += more
    twice = {src for sc in scans for src, lines in sc.source_lines.items() if len(lines) > 1}
    for a, b in combinations(scans, 2):
        twice |= a.source_lines.keys() & b.source_lines.keys()
    twice_at = {(sc.file, n): src for sc in scans for src in twice for n in sc.source_lines.get(src, ())}
    for shard in kept if twice_at else ():  # a source declared twice: its claims are the first declaration's
        for fi, n in [(fi, n) for fi, lines in enumerate(shard) for n in lines if (fi, n) in twice_at]:
            _add_source(shard, scans, twice_at[fi, n])
    somewhere: dict[int, set[int]] = {}  # a file's lines some shard keeps (its stretches' shared lines are apart)
    for sc in scans:
        if undeclared or not sc.shared:
            kept[0][sc.file] += sc.shared
            continue
        if sc.file not in somewhere:
            somewhere[sc.file] = set(chain.from_iterable(shard[sc.file] for shard in kept))
        kept[0][sc.file] += [n for n in sc.shared if n not in somewhere[sc.file]]
    used = set(shard_of) | {0}
    out = [[array("l", lines if not rows[fi] or not everywhere[fi].issuperset(lines) else ())
            for fi, lines in enumerate(shard)] for i, shard in enumerate(kept) if i in used]
    return out if len(out) > 1 else None


def _add_source(shard: list[list[int]], scans: Sequence[Scan], src: str) -> None:
    for sc in scans:
        shard[sc.file] += sc.source_lines.get(src, ())
