"""The plan of a big input (step 2): the scans' pieces joined into groups, the groups packed
into shards.

Pieces of any file or stretch that mention the same name, or a ``sum(prefix.*)`` and a name
under the prefix, are one group: a group never needs another.  Whole groups are dealt to the
shards, the biggest first, each to the least loaded.  A shard keeps, for each file, the lines
of its groups, the `source` lines they are under or name, the declarations of their names,
and the lines every shard keeps (`set`, `title`, a dataset's header, an article's front
matter); every other line is blank, so that each keeps its number.  The first shard also
keeps the `source` and declaration lines no other shard does, so that each is read once
at least.  A claim naming a source declared by no `source` line goes to the first shard,
which then keeps every `source` line (its error lists every source); when datasets could
declare it, the input is one shard.
"""

from __future__ import annotations

import heapq
from array import array
from itertools import chain, combinations
from typing import Sequence

from .scan import ROWS, Scan, UnionFind

# A shard's size: big enough that starting it costs little, small enough to bound memory.
SHARD_LINES = 75_000


def summed_prefixes(name: str, prefixes: set[str]):
    """The prefixes of ``name`` (``a`` and ``a.b`` of ``a.b.c``) some ``sum(prefix.*)`` covers."""
    dot = name.find(".")
    while dot > 0:
        if name[:dot] in prefixes:
            yield name[:dot]
        dot = name.find(".", dot + 1)


def join(scans: Sequence[Scan]) -> tuple[list[array], list[int], dict]:
    """Each scan's pieces' groups, each group's size (lines), and each declared name's group.

    A name or key belongs to the first piece that mentions it; a later piece that mentions it
    is joined to that one (within a scan, the scan has joined them already)."""
    joined = UnionFind()
    find, union = joined.find, joined.union
    owner: dict = {}
    offsets = []
    total = 0
    for sc in scans:
        offsets.append(total)
        for key, piece in zip(sc.keys, sc.key_piece):
            first = owner.setdefault(key, total + piece)
            if first != total + piece:
                union(first, total + piece)
        total += sc.pieces
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
    number: dict[int, int] = {}
    groups: list[array] = []
    sizes: list[int] = []
    for sc, offset in zip(scans, offsets):
        of_piece = array("l", [0]) * sc.pieces
        for piece in range(sc.pieces):
            group = number.setdefault(find(offset + piece), len(sizes))
            if group == len(sizes):
                sizes.append(0)
            of_piece[piece] = group
            sizes[group] += sc.starts[piece + 1] - sc.starts[piece]
        groups.append(of_piece)
    of_name = {name: number[find(owner[name])] for sc in scans for name in sc.declarations if name in owner}
    return groups, sizes, of_name


def plan(scans: Sequence[Scan], names: Sequence[str], jobs: int, shard_lines: int = 0) -> list[list[array]] | None:
    """For each shard, for each file, the numbers of the lines it keeps (none: the shard does
    not read the file); None when the input is one shard.  At least ``jobs`` shards, a
    multiple of them, of about ``shard_lines`` lines (:data:`SHARD_LINES`) each."""
    groups, sizes, of_name = join(scans)
    count = max(jobs, -(-sum(sizes) // (shard_lines or SHARD_LINES)))
    count = -(-count // jobs) * jobs
    if count < 2 or len(sizes) < 2:
        return None
    declared = {src for sc in scans for src in sc.source_lines}
    rows_file = [name.lower().endswith(ROWS) for name in names]
    rows = [rows_file[sc.file] for sc in scans]
    undeclared = {of_piece[piece] for sc, of_piece, by_rows in zip(scans, groups, rows) if not by_rows
                  for piece, src in sc.named if src not in declared}
    if undeclared and any(rows):
        return None  # its error lists every source, some declared by rows only: one shard sees them all
    load = [(0, i) for i in range(count)]
    shard_of = array("l", [0]) * len(sizes)
    for group in sorted(range(len(sizes)), key=lambda g: -sizes[g]):
        if group not in undeclared:
            lines, shard_of[group] = heapq.heappop(load)
            heapq.heappush(load, (lines + sizes[group], shard_of[group]))
    kept: list[list[list[int]]] = [[[] for _ in names] for _ in range(count)]
    for sc, of_piece in zip(scans, groups):
        starts, header_starts = sc.starts, sc.header_starts
        for piece in range(sc.pieces):
            mine = kept[shard_of[of_piece[piece]]][sc.file]
            mine += sc.lines[starts[piece]:starts[piece + 1]]
            mine += sc.headers[header_starts[piece]:header_starts[piece + 1]]
        for piece, src in sc.named:
            _add_source(kept[shard_of[of_piece[piece]]], scans, src)
        for name, where in sc.declarations.items():  # all of a name's, where it is (unused: the first)
            kept[shard_of[of_name[name]] if name in of_name else 0][sc.file] += where
    everywhere = [set() for _ in names]
    for sc in scans:
        everywhere[sc.file].update(sc.everywhere)
    for shard in kept:
        for fi, lines in enumerate(everywhere):
            shard[fi] += lines
    dups = {src for sc in scans for src, lines in sc.source_lines.items() if len(lines) > 1}
    for a, b in combinations(scans, 2):
        dups |= a.source_lines.keys() & b.source_lines.keys()
    twice = {(sc.file, n): src for sc in scans for src in dups for n in sc.source_lines.get(src, ())}
    for shard in kept:  # a source declared twice: its claims are under the first declaration
        for fi, n in [(fi, n) for fi, lines in enumerate(shard) for n in lines if (fi, n) in twice] if twice else ():
            _add_source(shard, scans, twice[fi, n])
    for sc in scans:
        somewhere = set(chain.from_iterable(shard[sc.file] for shard in kept))
        kept[0][sc.file] += sc.shared if undeclared else [n for n in sc.shared if n not in somewhere]
    out = []
    used = set(shard_of)
    for i, shard in enumerate(kept):
        if i and i not in used:
            continue  # no group of its own
        files = []
        for fi, lines in enumerate(shard):
            mine = set(lines)
            files.append(array("l", sorted(mine) if mine - everywhere[fi] or not rows_file[fi]
                               else ()))  # a dataset's header alone: not read
        out.append(files)
    return out if len(out) > 1 else None


def _add_source(shard: list[list[int]], scans: Sequence[Scan], src: str) -> None:
    for sc in scans:
        shard[sc.file] += sc.source_lines.get(src, ())
