"""``--jobs N``: split the input into independent shards and check them in worker processes.

Claims that share no quantity are independent, so a check can be cut into pieces that
never need each other.  Before anything is parsed, a cheap scan of each line finds the
quantity names it mentions (outside quotes, and inside ``{…}`` tags); lines that share a
name (or a ``sum(prefix.*)`` and a name under the prefix) are joined, and whole groups
of lines are dealt to N shards.  The scan may join more than it must (a word it mistakes
for a name), never less: a shard always holds every claim of each of its components.

Each shard is the input with the other shards' lines blanked (so every line keeps its
number), keeping the ``source`` lines and declarations its claims need (the first shard
keeps them all) and every ``set`` and ``title``.  A worker process runs the whole pipeline
(read, build, solve, assemble) on its shard; :func:`merge` puts the reports together in the
order a single process gives (or :class:`JsonShards` their JSON records), so the report is
the same, byte for byte, for any number of jobs.  Inputs already read (datasets, articles)
are cut the same way by the names in their statements (:func:`plan_documents`).

Workers are forked (they see the input without having it sent); where processes cannot be
forked (Windows) the check runs in one process.
"""

from __future__ import annotations

import gc
import heapq
from dataclasses import dataclass
import multiprocessing
import re
from typing import Callable, Sequence

from . import syntax as s
from .diagnostics import Diagnostic
from .options import Options
from .report import EXIT_CODES, Report, verdict_of

# A shard's size: big enough that starting it costs little, small enough to bound memory.
SHARD_LINES = 100_000
# What a `source` or declaration line costs a shard against a claim line (read, build,
# report); the first shard keeps every one of them, and takes fewer claims for it.
SHARED_LINE_COST = 1 / 8

_QUOTE = re.compile(r'"(?:[^"\\\n]|\\.)*"')
_TAG = re.compile(r"\{([^{}]*)\}")
_NAME = re.compile(r"(?<![\w.@-])(?!\d)\w(?:[\w-]*\w)?(?:\.\w(?:[\w-]*\w)?)*")
_SUM = re.compile(r"\bsum\s*\(\s*((?!\d)\w(?:[\w-]*\w)?(?:\.\w(?:[\w-]*\w)?)*)\s*\.\*\s*\)")
_SHARED = re.compile(r"(?:source|count|amount|real|cumulative|set|title)(?![\w.-])")
_GLOBAL = re.compile(r"(?:set|title)(?![\w.-])")
_DEFINE = re.compile(r"define(?![\w.-])")
_ATTRIBUTED = re.compile(r"\s*(?!\d)\w(?:[\w-]*\w)?(?:\.\w(?:[\w-]*\w)?)*\s*:(?!:)")
_NOT_NAMES = frozenset("source define count amount real cumulative set title in sum to of".split())


def _number_words() -> frozenset[str]:
    from .numbers import VOCABULARY

    return frozenset(w.lower() for w in VOCABULARY)


def _tags_only(quote: re.Match) -> str:
    return " " + " ".join(_TAG.findall(quote.group())) + " "


def available() -> bool:
    """Whether worker processes can be forked here."""
    return "fork" in multiprocessing.get_all_start_methods()


def can_shard(files: Sequence[str]) -> bool:
    """Whether these files can be cut before they are read (``.tally`` files only)."""
    return bool(files) and all(f.endswith(".tally") for f in files)


def plan(texts: Sequence[tuple[str, str]], jobs: int, shard_lines: int | None = None) -> list[list[set[int]]] | None:
    """For each shard, for each file, the line numbers it keeps; None if one shard would do.

    A shard keeps the lines it owns (claims and definitions, whole groups of them), the
    ``source`` line each of its claims is under (or names), and the declarations of its
    quantities; the first shard also keeps every ``source`` and declaration, so that the
    report lists every source and each problem of those lines is found once.  ``set`` and
    ``title`` lines are kept everywhere (:func:`shard_texts`).

    There are at least ``jobs`` shards, and more for a big input (about ``shard_lines``
    lines each), so that a worker never holds more than one shard's records at a time.
    """
    words = _number_words()
    parent: dict[object, object] = {}

    def find(x):
        root = x
        while parent.get(root, root) != root:
            root = parent[root]
        while parent.get(x, x) != root:
            parent[x], x = root, parent[x]
        return root

    def union(a, b):
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[ra] = rb

    owned: list[tuple[int, int]] = []  # (file index, line number) of lines that belong to one shard
    headers: list[dict[int, int]] = []  # per file: owned line -> the `source` line it is under
    attributed_to: dict[tuple[int, int], str] = {}  # owned line -> the source it names (`SRC: claim`)
    source_lines: dict[str, list[tuple[int, int]]] = {}
    declarations: dict[str, list[tuple[int, int]]] = {}
    prefixes: set[str] = set()
    names_seen: set[str] = set()
    for fi, (_, text) in enumerate(texts):
        header_of: dict[int, int] = {}
        headers.append(header_of)
        current = 0
        reset: tuple[int, object] | None = None  # the last top-level statement that ended a source block
        for lineno, line in enumerate(text.split("\n"), start=1):
            stripped = line.strip()
            if not stripped or stripped.startswith("#"):
                continue
            indented = line[:1] in (" ", "\t")
            if not indented:
                shared = _SHARED.match(stripped)
                if shared is not None:
                    word = shared.group()
                    if word == "source":
                        current = lineno
                        m = _NAME.search(stripped, len(word))
                        if m is not None:
                            source_lines.setdefault(m.group(), []).append((fi, lineno))
                    else:
                        current = 0
                        reset = (lineno, None)
                        if word not in ("set", "title"):  # a declaration
                            for name in _NAME.findall(stripped.split("#", 1)[0], len(word)):
                                declarations.setdefault(name, []).append((fi, lineno))
                    continue
            key = (fi, lineno)
            owned.append(key)
            parent.setdefault(key, key)
            if not indented and _DEFINE.match(stripped):
                current = 0
                reset = (lineno, key)
            if indented:
                if current:
                    header_of[lineno] = current
                elif reset is not None:
                    # under no source (an error): what ended the block above must end it in the shard too
                    if reset[1] is not None:
                        union(key, reset[1])  # a definition: the same shard
                    else:
                        header_of[lineno] = reset[0]  # a declaration, `set` or `title`: kept with it
            body = _QUOTE.sub(_tags_only, line) if '"' in line else line
            if "#" in body:
                body = body.split("#", 1)[0]
            if ":" in body:
                attributed = _ATTRIBUTED.match(body)
                if attributed is not None:
                    attributed_to[key] = body[: attributed.end()].strip()[:-1].strip()
                    body = body[attributed.end():]  # `SOURCE: claim`: the source is not a quantity
            if "sum" in body:
                for m in _SUM.finditer(body):
                    prefixes.add(m.group(1))
                    union(key, ("sum", m.group(1)))
            for name in _NAME.findall(body):
                if name in names_seen:
                    union(key, name)
                elif name in _NOT_NAMES or name.lower() in words:
                    continue
                else:
                    names_seen.add(name)
                    union(key, name)
    for name in names_seen:
        for i in range(len(name)):
            if name[i] == "." and name[:i] in prefixes:
                union(name, ("sum", name[:i]))
    groups: dict[object, list[tuple[int, int]]] = {}
    for key in owned:
        groups.setdefault(find(key), []).append(key)
    if jobs <= 1 or len(groups) < 2:
        return None
    count = max(jobs, -(-len(owned) // (shard_lines or SHARD_LINES)))
    count = -(-count // jobs) * jobs  # a multiple of the jobs, so they finish together
    shards: list[list[set[int]]] = [[set() for _ in texts] for _ in range(count)]
    shard_of: dict[object, int] = {}
    shared_lines = sum(len(w) for w in source_lines.values()) + sum(len(w) for w in declarations.values())
    load = [(shared_lines * SHARED_LINE_COST if i == 0 else 0, i) for i in range(count)]  # the least loaded on top
    for root_members in sorted(groups.items(), key=lambda g: (-len(g[1]), g[1][0])):
        root, members = root_members
        lines, target = heapq.heappop(load)
        heapq.heappush(load, (lines + len(members), target))
        shard_of[root] = target
        for fi, lineno in members:
            shards[target][fi].add(lineno)
            header = headers[fi].get(lineno)
            if header:
                shards[target][fi].add(header)
            src = attributed_to.get((fi, lineno))
            if src is not None:
                for sfi, sline in source_lines.get(src, ()):
                    shards[target][sfi].add(sline)
    for name, where in declarations.items():
        target = shard_of.get(find(name)) if name in parent else None
        if target is not None:
            for fi, lineno in where:
                shards[target][fi].add(lineno)
    kept = [sh for sh in shards if any(sh)]
    if not kept:
        return None
    for where in list(source_lines.values()) + list(declarations.values()):  # all of them in the first
        for fi, lineno in where:
            kept[0][fi].add(lineno)
    return kept


def shard_texts(texts: Sequence[tuple[str, str]], keep: list[set[int]]) -> list[tuple[str, str]]:
    """The input as one shard sees it: the lines it keeps and every ``set`` and ``title``
    line, the rest blank (so that every line keeps its number)."""
    out = []
    for (name, text), mine in zip(texts, keep):
        kept = []
        for lineno, line in enumerate(text.split("\n"), start=1):
            if lineno in mine:
                kept.append(line)
            elif line[:3] in ("set", "tit") and _GLOBAL.match(line):
                kept.append(line)
            else:
                kept.append("")
        out.append((name, "\n".join(kept)))
    return out


# Set before the worker processes are forked: they read it instead of having it sent.
_JOB: tuple = ()


def _check_shard(index: int):
    from .check import check_texts
    from .engines import Run

    texts, shards, options, as_json = _JOB
    report = check_texts(shard_texts(texts, shards[index]), options, None, Run())
    return JsonShard.of(report) if as_json else report


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
    shards = plan(texts, jobs)
    if shards is None:
        return None
    reports = _run_workers(_check_shard, (texts, shards, options, as_json), len(shards), jobs, progress)
    return JsonShards(reports, list(problems)) if as_json else merge(reports, problems)


def _run_workers(work: Callable[[int], object], job: tuple, count: int, jobs: int, progress) -> list:
    """``work(i)`` for every shard i, each in a worker process forked from this one for it
    alone, with ``job`` in :data:`_JOB`; the results in shard order.

    A fresh process per shard: a worker holds one shard's records at a time, never walks
    them with the cyclic collector (off, tallycheck.cli) and ends without freeing them one
    by one.  A long-lived worker collecting between shards spent a quarter of its time
    walking what earlier shards had left (caches of number readings) at 1M claims.  What
    this process holds is frozen for the collector before the forks."""
    global _JOB
    _JOB = job
    reports: list = []
    gc.freeze()
    try:
        with multiprocessing.get_context("fork").Pool(min(jobs, count), maxtasksperchild=1) as pool:
            for report in pool.imap(work, range(count)):
                reports.append(report)
                if progress is not None:
                    progress(len(reports), count, sum(len(r.conflicts) for r in reports))
    finally:
        gc.unfreeze()
        _JOB = ()
    return reports


# --- inputs already read (datasets, articles): shards of documents ----------------------


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


def plan_documents(documents: Sequence[s.Document], jobs: int) -> list[list[tuple[list, list]]] | None:
    """For each shard, for each document, (its defines, its claims); None if one shard would do.

    Exact, unlike the line scan: the names come from the statements as read.
    """
    parent: dict = {}

    def find(x):
        root = x
        while parent.setdefault(root, root) != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    items: list[tuple[int, str, int]] = []  # (document, "define" | "claim", index)
    names: set[str] = set()
    prefixes: set[str] = set()
    for di, doc in enumerate(documents):
        for kind, statements in (("define", doc.defines), ("claim", doc.claims)):
            for i, st in enumerate(statements):
                key = (di, kind, i)
                items.append(key)
                found: list = []
                relation = st.relation
                if relation is not None:
                    _names_in(relation, found)
                elif getattr(st, "tag", None) is not None:
                    found.append(st.tag.quantity.name)
                root = find(key)
                for name in found:
                    if isinstance(name, str):
                        names.add(name)
                    else:
                        prefixes.add(name[1])
                    other = find(name)
                    if other != root:
                        parent[other] = root
    for name in names:
        for i, ch in enumerate(name):
            if ch == "." and name[:i] in prefixes:
                a, b = find(name), find(("sum", name[:i]))
                if a != b:
                    parent[a] = b
    groups: dict = {}
    for key in items:
        groups.setdefault(find(key), []).append(key)
    if jobs <= 1 or len(groups) < 2:
        return None
    count = max(jobs, -(-len(items) // (SHARD_LINES // 2)))
    count = -(-count // jobs) * jobs
    shards = [[([], []) for _ in documents] for _ in range(count)]
    load = [(0, i) for i in range(count)]
    for members in sorted(groups.values(), key=lambda g: (-len(g), g[0])):
        lines, target = heapq.heappop(load)
        heapq.heappush(load, (lines + len(members), target))
        for di, kind, i in members:
            shards[target][di][0 if kind == "define" else 1].append(i)
    for shard in shards:
        for defines, claims in shard:
            defines.sort()
            claims.sort()
    return [sh for sh in shards if any(d or c for d, c in sh)] or None


def shard_documents(documents: Sequence[s.Document], owned) -> list[s.Document]:
    """The documents as one shard sees them: every source, declaration and setting; its own
    defines and claims; no read problems (the merged report has them once)."""
    out = []
    for doc, (defines, claims) in zip(documents, owned):
        out.append(
            s.Document(
                doc.file, title=doc.title, sources=doc.sources, defines=[doc.defines[i] for i in defines],
                declares=doc.declares, settings=doc.settings, claims=[doc.claims[i] for i in claims],
                diagnostics=[], lines=doc.lines, text=doc.text,
            )
        )
    return out


def _check_document_shard(index: int):
    from .build import build
    from .check import check_model

    documents, shards, options, as_json = _JOB
    report = check_model(build(shard_documents(documents, shards[index]), options))
    return JsonShard.of(report) if as_json else report


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
    reports = _run_workers(_check_document_shard, (documents, shards, options, as_json), len(shards), jobs,
                           progress)
    problems = list(problems) + [d for doc in documents for d in doc.diagnostics]
    return JsonShards(reports, problems) if as_json else merge(reports, problems)


def _loc_key(view) -> tuple:
    return (view.file, view.line, view.column)


def _conflict_key(c) -> tuple:
    return _loc_key(c.claims[0]) if c.claims else ("", 0, 0)


def merge(reports: Sequence[Report], problems: Sequence[Diagnostic] = ()) -> Report:
    """One report from the shards' reports, ordered as the single-process report is."""
    first = reports[0]
    conflicts = [c for r in reports for c in r.conflicts]
    conflicts.sort(key=_conflict_key)
    agreements = sorted((a for r in reports for a in r.agreements), key=lambda a: _loc_key(a.claim))
    return Report(
        title=first.title,
        files=first.files,
        sources=first.sources,
        claim_count=sum(r.claim_count for r in reports),
        conflicts=tuple(conflicts),
        agreements=tuple(agreements),
        quantities=tuple(sorted((q for r in reports for q in r.quantities), key=lambda q: q.name)),
        unknowns=tuple(sorted((u for r in reports for u in r.unknowns), key=lambda u: u.quantities)),
        errors=_merged_errors(reports, problems),
    )


def _merged_errors(reports, problems) -> tuple[Diagnostic, ...]:
    """Every shard reports the problems of the lines all shards share: each once, in order."""
    errors: dict[tuple, Diagnostic] = {}
    for d in list(problems) + [d for r in reports for d in r.errors]:
        errors.setdefault((d.location, d.code, d.message), d)
    return tuple(sorted(errors.values(), key=lambda d: d.location))


# --- the JSON report straight from the shards -----------------------------------------


@dataclass(frozen=True)
class JsonShard:
    """A shard's report as JSON records, each with the key it is ordered by in the report."""

    title: str | None
    files: tuple[str, ...]
    sources: tuple[tuple[str, str | None], ...]
    claim_count: int
    errors: tuple[Diagnostic, ...]
    conflicts: list[tuple[tuple, str]]
    agreements: list[tuple[tuple, str]]
    quantities: list[tuple[str, str]]
    unknowns: list[tuple[tuple, str]]

    @classmethod
    def of(cls, report: Report) -> "JsonShard":
        from .formats import json_format as j

        enc = j.encode_record
        return cls(
            report.title, report.files, report.sources, report.claim_count, report.errors,
            [(_conflict_key(c), enc(j.conflict_record(c))) for c in report.conflicts],
            [(_loc_key(a.claim), enc(j.agreement_record(a))) for a in report.agreements],
            [(q.name, enc(j.quantity_record(q))) for q in report.quantities],
            [(u.quantities, enc(j.unknown_record(u))) for u in report.unknowns],
        )


class JsonShards:
    """The shards' JSON records, merged as they are written: the same bytes as the JSON of
    the merged report (tests/scale), without holding that report."""

    def __init__(self, shards: list[JsonShard], problems: list[Diagnostic]) -> None:
        self.shards = shards
        self.errors = _merged_errors(shards, problems)
        self.verdict = verdict_of(len(self.errors), sum(len(sh.conflicts) for sh in shards),
                                  sum(len(sh.unknowns) for sh in shards))

    @property
    def exit_code(self) -> int:
        return EXIT_CODES[self.verdict]

    def chunks(self):
        from .formats import json_format as j

        first = self.shards[0]

        def merged(section):
            return (line for _, line in heapq.merge(*(getattr(sh, section) for sh in self.shards), key=lambda r: r[0]))

        fields = {
            "format_version": j.FORMAT_VERSION,
            "title": first.title,
            "verdict": self.verdict,
            "summary": {
                "files": len(first.files),
                "sources": len(first.sources),
                "claims": sum(sh.claim_count for sh in self.shards),
                "conflicts": sum(len(sh.conflicts) for sh in self.shards),
                "errors": len(self.errors),
            },
            "sources": (j.encode_record({"id": i, "name": n}) for i, n in first.sources),
            "conflicts": merged("conflicts"),
            "agreements": merged("agreements"),
            "quantities": merged("quantities"),
            "unknowns": merged("unknowns"),
            "errors": (j.encode_record(j.error_record(d)) for d in self.errors),
        }
        return j.layout(fields)

    def write(self, stream) -> None:
        for piece in self.chunks():
            stream.write(piece)
