"""``--jobs N``: split the input into independent shards and check them in worker processes.

Claims that share no quantity are independent, so a check can be cut into pieces that
never need each other.  Before anything is parsed, a cheap scan of each line
(tallycheck.run.line_scan; a big file in stretches, in worker processes; a dataset's rows,
tallycheck.read.datasets.scan_rows) finds the quantity names it mentions; lines that share a name (or a ``sum(prefix.*)`` and a name under the
prefix) are joined, and whole groups of lines are dealt to the shards, the biggest first,
each to the least loaded.  The scan may join more than it must (a word it mistakes for a
name), never less: a shard always holds every claim of each of its components.

Each shard is the input with the other shards' lines blanked (so every line keeps its
number), keeping the ``source`` lines and declarations its claims need (the first shard
keeps them all, and takes fewer claims for it) and every ``set`` and ``title``.  A worker
process (tallycheck.run.workers: one per shard) runs the whole pipeline (read, build, solve,
assemble) on its shard; :func:`merge` puts the reports together in the order a single
process gives (or tallycheck.run.json_shards their JSON records), so the report is the same,
byte for byte, for any number of jobs.  Inputs already read (articles; datasets that
tallycheck.run.exchange cannot take) are cut the same way by the names in their statements
(:func:`plan_documents`).

Workers are forked (they see the input without having it sent); where processes cannot be
forked (Windows) the check runs in one process.
"""

from __future__ import annotations

import heapq
import os
import re
import tempfile
from array import array
from itertools import chain
from typing import Callable, Sequence

from ..read import syntax as s
from . import line_scan, workers
from ..diagnostics import Diagnostic
from .json_shards import JsonShard, JsonShards, conflict_key, loc_key, merged_errors
from ..options import Options
from ..report.records import Report
from .union_find import UnionFind

# A shard's size: big enough that starting it costs little, small enough to bound memory.
SHARD_LINES = 75_000
# A `source` or declaration line costs a shard about a sixteenth of what a claim line costs
# (read, build, report; measured on the 1M benchmark); the first shard keeps every one of
# them, and takes fewer claims for it.
SHARED_LINE_WEIGHT = 16
# Files this big (in characters) are scanned for the plan in stretches, in worker processes.
SCAN_APART_CHARS = 2_000_000

_NEWLINE = re.compile("\n")


def available() -> bool:
    """Whether worker processes can be forked here."""
    return hasattr(os, "fork")


DATASETS = (".csv", ".tsv")


def can_shard(files: Sequence[str]) -> bool:
    """Whether these files can be cut before they are read: ``.tally`` files and
    ``.csv``/``.tsv`` datasets (:func:`plan` says None for a dataset it cannot cut)."""
    return bool(files) and all(f.endswith((".tally",) + DATASETS) for f in files)


def plan(texts: Sequence[tuple[str, str]], jobs: int, shard_lines: int | None = None,
         options: Options = Options()) -> list[list[array]] | None:
    """:func:`plan_with_sources`, the plan alone."""
    planned = plan_with_sources(texts, jobs, shard_lines, options)
    return None if planned is None else planned[0]


def plan_with_sources(texts: Sequence[tuple[str, str]], jobs: int, shard_lines: int | None = None,
                      options: Options = Options()) -> tuple[list[list[array]], list[str] | None] | None:
    """For each shard, for each file, the numbers of the lines it keeps, in order; None if
    one shard would do.

    A shard keeps the lines it owns (claims and definitions, whole groups of them), the
    ``source`` line each of its claims is under (or names), and the declarations of its
    quantities; the first shard also keeps every ``source`` and declaration, so that the
    report lists every source and each problem of those lines is found once.  Every shard
    keeps the ``set`` and ``title`` lines.

    There are at least ``jobs`` shards, and more for a big input (about ``shard_lines``
    lines each), so that a worker holds no more than one shard's records at a time.

    A dataset's rows about one quantity are one piece; a shard keeps the header and, for a
    row whose source a ``.tally`` file declares, that ``source`` line.  With datasets, the
    plan comes with the sources in the order one process lists them (each shard lists
    its own): a ``.tally`` file's in file order, then the rows', where first named.
    """
    scans = _scans(texts, jobs, options)
    if any(sc is None for sc in scans):
        return None
    declared = {src for sc in scans for src in sc.source_lines}  # as far as the scan can tell
    by_rows = {src for sc in scans for src in sc.sources_in_order}
    order = None
    if by_rows:
        order, by_tally = _sources_in_order(texts, scans)
        if any(src not in by_tally for sc in scans for _, src in sc.attributed):
            return None  # a claim naming a source only rows declare, or none (its error lists the rows' too)
    groups = line_scan.join_scans(scans)
    count = max(jobs, -(-sum(groups.sizes) // (shard_lines or SHARD_LINES)))
    count = -(-count // jobs) * jobs  # a multiple of the jobs, so they finish together
    if count < 2 or len(groups.sizes) < 2:
        return None
    shared = sum(sum(map(len, sc.source_lines.values())) + sum(map(len, sc.declarations.values())) for sc in scans)
    load = [(shared // SHARED_LINE_WEIGHT if i == 0 else 0, i) for i in range(count)]  # least loaded on top
    shard_of = array("l", [0]) * len(groups.sizes)
    for group in sorted(range(len(groups.sizes)), key=lambda g: (-groups.sizes[g], groups.first[g])):
        lines, target = heapq.heappop(load)
        heapq.heappush(load, (lines + groups.sizes[group], target))
        shard_of[group] = target
    for sc, of_piece in zip(scans, groups.of_piece):
        for piece, src in sc.attributed:
            if src not in declared:  # its error lists every source: only the first shard has them all
                shard_of[of_piece[piece]] = 0
    kept: list[list[array]] = [[array("l") for _ in texts] for _ in range(count)]
    for sc, of_piece in zip(scans, groups.of_piece):
        fi, starts, header_starts = sc.file, sc.starts, sc.header_starts
        for piece in range(sc.pieces):
            mine = kept[shard_of[of_piece[piece]]][fi]
            mine += sc.lines[starts[piece]:starts[piece + 1]]
            mine += sc.headers[header_starts[piece]:header_starts[piece + 1]]
        for piece, src in chain(sc.attributed, sc.row_sources):
            if src not in declared:
                continue
            mine = kept[shard_of[of_piece[piece]]]
            for other in scans:  # the source's lines, wherever they are
                mine[other.file].extend(other.source_lines.get(src, ()))
    for sc in scans:
        for name, where in sc.declarations.items():
            group = groups.of_name.get(name)
            if group is not None:
                kept[shard_of[group]][sc.file].extend(where)
    kept = [shard for shard in kept if any(shard)]
    if not kept:
        return None
    for sc in scans:  # every `source` and declaration in the first
        for where in chain(sc.source_lines.values(), sc.declarations.values()):
            kept[0][sc.file].extend(where)
    for sc in scans:
        for shard in kept:
            shard[sc.file].extend(sc.everywhere)
    kept = [[array("l", sorted(set(lines))) for lines in shard] for shard in kept]
    for sc in scans:
        if sc.sources_in_order or texts[sc.file][0].endswith(DATASETS):
            header = set(sc.everywhere)
            for shard in kept:
                if header.issuperset(shard[sc.file]):  # none of its rows: the shard does not read it
                    shard[sc.file] = array("l")
    return kept, order


def _sources_in_order(texts: Sequence[tuple[str, str]], scans: Sequence[line_scan.Scan]
                      ) -> tuple[list[str], set[str]]:
    """The sources as one process lists them: file by file, a ``.tally`` file's `source`
    lines that read as such (the scan only guessed), a dataset's where its rows first name
    them, unless a ``.tally`` file declares them; and those the ``.tally`` files declare."""
    from ..read.parse import parse_line

    tally: list[str] = []
    found: dict[int, list[str]] = {}
    for sc in scans:
        if texts[sc.file][0].endswith(DATASETS) or not sc.source_lines:
            continue
        name, text = texts[sc.file]
        begins = line_starts(text)
        for lineno in sorted(n for lines in sc.source_lines.values() for n in lines):
            end = begins[lineno] - 1 if lineno < len(begins) else len(text)
            item, problem = parse_line(text[begins[lineno - 1]:end].rstrip("\r"), name, lineno)
            if problem is None and item is not None and item[0] == "source":
                found.setdefault(sc.file, []).append(item[1].id)
                tally.append(item[1].id)
    declared = set(tally)
    order: list[str] = []
    for sc in scans:
        if texts[sc.file][0].endswith(DATASETS):
            order += [src for src in sc.sources_in_order if src not in declared]
        else:
            order += found.pop(sc.file, [])
    return list(dict.fromkeys(order)), declared


def _scans(texts: Sequence[tuple[str, str]], jobs: int, options: Options) -> list[line_scan.Scan | None]:
    """The line scans of the input (None for a dataset the plan cannot cut): a big file in
    stretches scanned in worker processes."""
    words = line_scan.number_words()
    work = [(fi, stretch) for fi, (name, text) in enumerate(texts)
            for stretch in (line_scan.stretches(text, jobs)
                            if jobs > 1 and len(text) >= SCAN_APART_CHARS and not name.endswith(DATASETS)
                            else [None])]
    if len(work) < 2 or not available():
        return [_scan(texts, fi, stretch, words, options) for fi, stretch in work]
    with tempfile.TemporaryDirectory(prefix="tallycheck-") as folder:
        return workers.run_forked(_scan_part, (texts, work, words, options), len(work), jobs, folder)


def _scan_part(index: int) -> line_scan.Scan | None:
    texts, work, words, options = workers.PAYLOAD
    fi, stretch = work[index]
    return _scan(texts, fi, stretch, words, options)


def _scan(texts, fi: int, stretch, words, options: Options) -> line_scan.Scan | None:
    name, text = texts[fi]
    if name.endswith(DATASETS):
        from ..read.datasets import scan_rows

        return scan_rows(text, fi, name, options)
    return line_scan.scan(text, fi, stretch, words)


def line_starts(text: str) -> array:
    """Where each line of ``text`` starts (the first at 0)."""
    starts = array("q", [0])
    starts.extend(m.end() for m in _NEWLINE.finditer(text))
    return starts


def shard_texts(
    texts: Sequence[tuple[str, str]], keep: Sequence[Sequence[int]], starts: Sequence[array] | None = None
) -> list[tuple[str, str]]:
    """The input as one shard sees it (:func:`plan`): the lines it keeps, in order, the rest
    blank so that every line keeps its number.  Made from the kept lines alone, given where
    each line starts (:func:`line_starts`): a shard of a big input keeps a small part of it."""
    out = []
    for fi, ((name, text), mine) in enumerate(zip(texts, keep)):
        begins = starts[fi] if starts is not None else line_starts(text)
        pieces = []
        previous = 1
        for lineno in mine:
            begin = begins[lineno - 1]
            end = begins[lineno] - 1 if lineno < len(begins) else len(text)
            pieces.append("\n" * (lineno - previous))
            pieces.append(text[begin:end])
            previous = lineno
        pieces.append("\n" * (len(begins) - previous))
        out.append((name, "".join(pieces)))
    return out


def _check_shard(index: int):
    from ..pipeline import check_texts
    from .engines import Run

    texts, shards, starts, options, as_json, folder = workers.PAYLOAD
    keep = shards[index]
    mine = [(name, None if name.endswith(DATASETS) and not lines else text)  # a dataset none of whose rows is here
            for (name, text), lines in zip(shard_texts(texts, keep, starts), keep)]  # (its header: "no rows")
    report = check_texts(mine, options, None, Run(split=False))
    workers.keep(report)
    return JsonShard.of(report, os.path.join(folder, f"{index}.records")) if as_json else report


def check_sharded(
    texts: Sequence[tuple[str, str]],
    options: Options,
    problems: list[Diagnostic],
    jobs: int,
    progress: Callable[[int, int, int], None] | None = None,
    as_json: bool = False,
) -> "Report | JsonShards | None":
    """The merged report of the shards (or, ``as_json``, their JSON records to write without
    ever holding one whole report), or None when the input does not split."""
    planned = plan_with_sources(texts, jobs, options=options)
    if planned is None:
        return None
    shards, order = planned
    starts = [line_starts(text) for _, text in texts]
    return _run_shards(_check_shard, (texts, shards, starts, options, as_json), len(shards), jobs, progress,
                       list(problems), as_json, order)


def _run_shards(work, payload: tuple, count: int, jobs: int, progress, problems: list, as_json: bool,
                order: list[str] | None = None):
    """Run the shards in worker processes (tallycheck.run.workers) and put their reports
    together; ``order``: the sources in report order, when each shard lists its own."""
    def shown(results: list) -> None:
        if progress is not None:
            progress(len(results), count, sum(len(r.conflicts) for r in results))

    with tempfile.TemporaryDirectory(prefix="tallycheck-") as folder:
        reports = workers.run_forked(work, payload + (folder,), count, min(jobs, count), folder, shown)
        sources = None
        if order is not None:  # the first shard has every .tally source, with its name
            names = dict(reports[0].sources)
            sources = tuple((src, names.get(src)) for src in order)
        return JsonShards(reports, problems, sources=sources) if as_json else merge(reports, problems, sources)


# --- inputs already read (datasets, articles): shards of documents ----------------------


def statement_names(statement) -> list:
    """The quantity names a read statement mentions, and ("sum", prefix) for each
    ``sum(prefix.*)``: what ties it to other statements."""
    found: list = []
    if statement.relation is not None:
        _names_in(statement.relation, found)
    elif getattr(statement, "tag", None) is not None:
        found.append(statement.tag.quantity.name)
    return found


def _names_in(e, out: list) -> None:
    if isinstance(e, s.Ref):
        out.append(e.name)
    elif isinstance(e, s.SumOf):
        out.append(("sum", e.prefix))
    elif isinstance(e, s.Relation):
        _names_in(e.left, out)
        _names_in(e.right, out)
    elif isinstance(e, s.BinOp):
        _names_in(e.left, out)
        _names_in(e.right, out)
    elif isinstance(e, s.Neg):
        _names_in(e.operand, out)
    elif isinstance(e, s.ShareOf):
        _names_in(e.base, out)
    elif isinstance(e, s.Bounds):
        pass


def group_statements(lists: Sequence[Sequence[Sequence]]) -> tuple[list[int], dict]:
    """The group of each statement (files one after another, each file's lists of
    statements one after another: defines, claims, declarations of one name), numbered in
    order of first appearance; and each name and ``("sum", prefix)`` key with its group.

    Statements that mention the same name are one group, and so are a ``sum(prefix.*)``
    and every name under the prefix: exact, the names coming from the statements as read.
    """
    joined = UnionFind()
    find, parent = joined.find, joined.parent
    firsts: list = []  # per statement: its first name or key, or None
    add = firsts.append
    seen: dict = {}  # every name and key, each once
    Ref, Number, Declare = s.Ref, s.Number, s.Declare
    for per_file in lists:
        for statements in per_file:
            for st in statements:
                if type(st) is Declare:
                    found = [st.names[0][0]]
                else:
                    rel = st.relation
                    if rel is not None and type(rel.left) is Ref and type(rel.right) is Number:  # q = N, a row
                        name = rel.left.name
                        seen[name] = None
                        add(name)
                        continue
                    found = statement_names(st)
                    if not found:
                        add(None)
                        continue
                first = found[0]
                add(first)
                root = find(first) if first in seen else first
                seen[first] = None
                for name in found[1:]:  # joined to the first (a name met for the first time, directly)
                    if name in seen:
                        other = find(name)
                        if other != root:
                            parent[root] = other
                            root = other
                    else:
                        seen[name] = None
                        parent[name] = root
    prefixes = {key[1] for key in seen if isinstance(key, tuple)}
    if prefixes:
        for name in [n for n in seen if isinstance(n, str)]:
            for prefix in line_scan.summed_prefixes(name, prefixes):
                joined.union(name, ("sum", prefix))
    root_of = {key: find(key) for key in list(parent)}  # a name never joined is its own root
    get = root_of.get
    roots = [get(first, first) if first is not None else ~k for k, first in enumerate(firsts)]  # ~k: alone
    number = {root: i for i, root in enumerate(dict.fromkeys(roots))}  # a group's root -> its number
    return [number[root] for root in roots], {key: number[get(key, key)] for key in seen}


def plan_documents(documents: Sequence[s.Document], jobs: int) -> list[list[tuple[list, list]]] | None:
    """For each shard, for each document, (its defines, its claims); None if one shard would do.

    Exact, unlike the line scan: the statements are grouped as read (:func:`group_statements`).
    """
    lists = [(doc.defines, doc.claims) for doc in documents]
    groups, _ = group_statements(lists)
    members: list[list[tuple[int, int, int]]] = [[] for _ in range(max(groups) + 1 if groups else 0)]
    statement = iter(groups)
    for di, per_file in enumerate(lists):
        for kind, statements in enumerate(per_file):
            for i in range(len(statements)):
                members[next(statement)].append((di, kind, i))
    count = max(jobs, -(-len(groups) // (SHARD_LINES // 2)))
    count = -(-count // jobs) * jobs
    if count < 2 or len(members) < 2:
        return None
    shards = [[([], []) for _ in documents] for _ in range(count)]
    load = [(0, i) for i in range(count)]
    for group in sorted(members, key=lambda g: (-len(g), g[0])):
        lines, target = heapq.heappop(load)
        heapq.heappush(load, (lines + len(group), target))
        for di, kind, i in group:
            shards[target][di][kind].append(i)
    for shard in shards:
        for defines, claims in shard:
            defines.sort()
            claims.sort()
    return [sh for sh in shards if any(d or c for d, c in sh)] or None


def shard_documents(documents: Sequence[s.Document], owned, every_source: bool = True) -> list[s.Document]:
    """The documents as one shard sees them: every declaration and setting; its own defines
    and claims; the sources its claims name (or every source: the first shard, whose report
    lists them all, and a shard with a claim naming a source declared nowhere, whose error
    lists them all); no read problems (the merged report has them once)."""
    keep = None
    if not every_source:
        keep = {doc.claims[i].source for doc, (_, claims) in zip(documents, owned) for i in claims}
        if not keep <= {src.id for doc in documents for src in doc.sources}:
            keep = None
    out = []
    for doc, (defines, claims) in zip(documents, owned):
        sources = doc.sources if keep is None else [src for src in doc.sources if src.id in keep]
        out.append(
            s.Document(
                doc.file, title=doc.title, sources=sources, defines=[doc.defines[i] for i in defines],
                declares=doc.declares, settings=doc.settings, claims=[doc.claims[i] for i in claims],
                diagnostics=[], lines=doc.lines, text=doc.text,
            )
        )
    return out


def _check_document_shard(index: int):
    from ..build.builder import build
    from ..pipeline import check_model

    documents, shards, options, as_json, folder = workers.PAYLOAD
    report = check_model(build(shard_documents(documents, shards[index], every_source=index == 0), options))
    workers.keep(report)
    return JsonShard.of(report, os.path.join(folder, f"{index}.records")) if as_json else report


def check_documents_sharded(
    documents: Sequence[s.Document],
    options: Options,
    problems: list[Diagnostic],
    jobs: int,
    progress: Callable[[int, int, int], None] | None = None,
    as_json: bool = False,
) -> "Report | JsonShards | None":
    """Like :func:`check_sharded`, for inputs already read (the workers are forked with them)."""
    shards = plan_documents(documents, jobs)
    if shards is None:
        return None
    problems = list(problems) + [d for doc in documents for d in doc.diagnostics]
    return _run_shards(_check_document_shard, (documents, shards, options, as_json), len(shards), jobs, progress,
                       problems, as_json)


def merge(reports: Sequence[Report], problems: Sequence[Diagnostic] = (),
          sources: tuple[tuple[str, str | None], ...] | None = None) -> Report:
    """One report from the shards' reports, ordered as the single-process report is.  The
    first shard lists every source, unless ``sources`` are given (stretches of a file,
    tallycheck.run.stretches, each list their own)."""
    first = reports[0]
    conflicts = [c for r in reports for c in r.conflicts]
    conflicts.sort(key=conflict_key)
    agreements = sorted((a for r in reports for a in r.agreements), key=lambda a: loc_key(a.claim))
    return Report(
        title=first.title,
        files=first.files,
        sources=first.sources if sources is None else sources,
        claim_count=sum(r.claim_count for r in reports),
        conflicts=tuple(conflicts),
        agreements=tuple(agreements),
        quantities=tuple(sorted((q for r in reports for q in r.quantities), key=lambda q: q.name)),
        unknowns=tuple(sorted((u for r in reports for u in r.unknowns), key=lambda u: u.quantities)),
        errors=merged_errors(reports, problems),
        warnings=merged_errors(reports, problems, "warning"),
    )
