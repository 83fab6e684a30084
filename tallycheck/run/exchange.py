"""``--jobs N`` for datasets: every file cut into stretches, read side by side, and the
statements the stretches share handed from one to another.

A dataset's rows are read against a file of rules (``define``, declarations) that ties
every stretch of the rows to every other, so stretches that must share nothing
(tallycheck.run.stretches) would never do; and reading the rows in this process before
cutting them (tallycheck.run.shards) leaves the reading, a sixth of the work, unspread.  So:

1. Each input is cut into ``jobs`` stretches: a ``.csv``/``.tsv`` file between rows (each
   stretch keeps the header), a ``.tally`` file at the head of a story or any top-level
   statement (each stretch keeps the ``set`` and ``title`` lines).
2. Worker ``k`` reads stretch ``k`` of every file, joins its statements that mention the
   same names (its groups), and tells this process what it holds (:class:`Holding`):
   each name with its group, the sources each file declares, the sources its claims name.
3. This process joins groups of different stretches that share a name (or a
   ``sum(prefix.*)`` and a name under the prefix): each such group goes whole to the
   stretch holding most of it (:class:`Decision`).  Sources are decided as one process
   would (tallycheck.read.datasets.finish_datasets): a ``.tally`` file's declaration wins over
   a dataset's, and the first dataset row naming a source declares it.
4. Each worker writes the statements it hands over to a file for each other worker, with
   the declarations of their sources; once all have written, each reads what it was
   handed, puts it in place (in file order), and checks its statements whole (build,
   solve, assemble).  When nothing crosses, the workers go on at once.  The reports are
   merged as the shards' are, with the sources in the order one process lists them.

The report is the same, byte for byte, as one process gives (tests/scale).  Where the
exchange cannot give it -- an article among the inputs, a ``.jsonl`` dataset, a source
declared twice or named but declared by no stretch that holds it, a dataset whose
records cannot be told apart -- the caller checks the input the other way (the plan of
tallycheck.run.shards, or read whole).
"""

from __future__ import annotations

import os
import pickle
import tempfile
from array import array
from dataclasses import dataclass, replace
from functools import partial
from typing import Callable, Sequence

from ..read import syntax as s
from ..read.datasets import dated_claims, read_rows, row_stretch_texts
from ..diagnostics import Diagnostic
from .json_shards import JsonShard, JsonShards
from .line_scan import summed_prefixes
from ..options import Options
from ..read.parse import parse_document
from ..report.records import Report
from .shards import DATASETS, group_statements, merge
from .stretches import global_lines, stretch_texts
from .union_find import UnionFind
from .workers import Partner, WorkerFailed, keep, start_partner

_CLAIM = 1  # the kind of a claim: statements are (defines, claims, declarations)
# What the parent tells the workers once it has their holdings: stop (the input is checked
# another way), hand over and take what it decided, or go on with what each holds.
_STOP, _TRADE, _GO = b"s", b"t", b"g"


def can_exchange(files: Sequence[str]) -> bool:
    """Whether these inputs can be checked this way: ``.tally`` files and ``.csv``/``.tsv``
    datasets, at least one of them a dataset."""
    return (bool(files) and all(f.endswith((".tally",) + DATASETS) for f in files)
            and any(f.endswith(DATASETS) for f in files))


def stretch_pieces(texts: Sequence[tuple[str, str]], parts: int) -> list[list[str | None]] | None:
    """For each of ``parts`` stretches, each file's text as the stretch sees it (None: no
    line of it; a ``.tally`` file's ``set`` and ``title`` lines are seen by every stretch),
    or None when no file cuts."""
    per_file: list[list[str | None]] = []
    cut_any = False
    for name, text in texts:
        if name.endswith(DATASETS):
            cut: list[str] | None = row_stretch_texts(text, parts)
            filler = None
        else:
            pieces = stretch_texts(name, text, parts)
            if pieces is None or len(pieces) < parts:  # a file of rules has no story heads
                pieces = stretch_texts(name, text, parts, top_level=True) or pieces
            cut = None if pieces is None else [t for _, t in pieces]
            filler = global_lines(text)
        cut_any = cut_any or cut is not None
        whole: list[str | None] = list(cut or [text])
        per_file.append(whole + [filler] * (parts - len(whole)))
    if not cut_any:
        return None
    return [[f[k] for f in per_file] for k in range(parts)]


@dataclass
class Holding:
    """What a stretch holds, as the parent needs it to decide what goes where."""

    names: list  # the names its statements mention or declare, and ("sum", prefix) keys, each once …
    groups: array  # … and the group each is in (its statements that mention the same names)
    prefixes: set[str]  # the prefixes of its sum(prefix.*)
    sizes: array  # statements per group
    sources: list[list[tuple[str, str | None]]]  # per file: the sources declared here, in order
    named: set[str]  # sources named by claims of .tally files
    cumulative: set[str]  # names declared cumulative
    complete: bool  # every dataset stretch read to the end of a record


@dataclass
class Decision:
    """What the parent decided: each stretch's groups that go to another stretch, and the
    sources every stretch must know."""

    moves: list[dict[int, int]]  # per stretch: group -> the stretch it goes to
    shared: frozenset[str]  # .tally declarations every stretch gets (named beyond their stretch)
    cumulative: frozenset[str]


def check_exchanging(
    texts: Sequence[tuple[str, str]],
    options: Options,
    problems: list[Diagnostic],
    jobs: int,
    progress: Callable[[int, int, int], None] | None = None,
    as_json: bool = False,
) -> "Report | JsonShards | None":
    """The report of the inputs checked in ``jobs`` stretches that exchange what they
    share, or None when they cannot be (check them the other way)."""
    if not can_exchange([name for name, _ in texts]):
        return None
    pieces = stretch_pieces(texts, jobs)
    if pieces is None:
        return None
    is_dataset = [name.endswith(DATASETS) for name, _ in texts]
    if progress is not None:
        progress(0, len(pieces), 0)
    with tempfile.TemporaryDirectory(prefix="tallycheck-") as folder:
        work = partial(_work, texts, pieces, is_dataset, options, as_json, folder)
        partners = [start_partner(work, k, folder) for k in range(len(pieces))]
        try:
            holdings = [_holding_of(w, folder) for w in partners]
            decision = decide(holdings, is_dataset) if all(h is not None for h in holdings) else None
            if decision is not None:
                with open(os.path.join(folder, "decision"), "wb") as fh:
                    pickle.dump(decision, fh, protocol=pickle.HIGHEST_PROTOCOL)
            trading = decision is not None and (any(decision.moves) or bool(decision.shared))
            for w in partners:
                w.tell(_STOP if decision is None else _TRADE if trading else _GO)
            if decision is None:
                for w in partners:
                    w.result(folder, "stretch", missing_ok=True)
                return None
            if trading:
                for w in partners:  # each has written what it hands over
                    if w.hear() != b"x":
                        w.result(folder, "stretch")  # it failed: raises WorkerFailed
                        raise WorkerFailed(f"a worker process failed on stretch {w.index + 1}: no result")
                for w in partners:
                    w.tell(b"i")
            results = [w.result(folder, "stretch") for w in partners]
        finally:
            for w in partners:
                w.close()
        if progress is not None:
            progress(len(results), len(results), sum(len(r.conflicts) for r in results))
        sources = report_sources(holdings, is_dataset)  # type: ignore[arg-type]
        if as_json:  # opens the records' files before the folder goes
            return JsonShards(results, list(problems), sources=sources)
        return merge(results, problems, sources=sources)


def _holding_of(w: Partner, folder: str) -> Holding | None:
    if w.hear() != b"1":  # ended without one
        return None
    with open(os.path.join(folder, f"{w.index}.holding"), "rb") as fh:
        return pickle.load(fh)


# --- in the parent: what goes where ------------------------------------------------------


def decide(holdings: Sequence[Holding], is_dataset: Sequence[bool]) -> Decision | None:
    """Which groups go where, and the sources every stretch gets; None when the stretches
    cannot give one process's report (see the module's documentation)."""
    if not all(h.complete for h in holdings):
        return None
    tally: dict[str, int] = {}  # source -> the stretch whose .tally file declares it
    for k, h in enumerate(holdings):
        for di, declared in enumerate(h.sources):
            if not is_dataset[di]:
                for sid, _ in declared:
                    if sid in tally:
                        return None  # declared twice: one process reports it
                    tally[sid] = k
    shared: set[str] = set()
    for k, h in enumerate(holdings):
        if not tally and not h.named:
            continue
        by_rows = {sid for di, declared in enumerate(h.sources) if is_dataset[di] for sid, _ in declared}
        shared |= by_rows & tally.keys()
        for sid in h.named:
            if sid in tally:
                if tally[sid] != k:
                    shared.add(sid)
            elif sid not in by_rows:
                return None  # declared by another stretch's rows, or nowhere (the error lists every source)
    joined = _joined_groups(holdings)
    members: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for node in list(joined.parent):  # every group joined to another, but the roots
        root = joined.find(node)
        members.setdefault(root, [root]).append(node)
    moves: list[dict[int, int]] = [{} for _ in holdings]
    for nodes in members.values():
        held: dict[int, int] = {}  # stretch -> its statements in the joined group
        for k, group in nodes:
            held[k] = held.get(k, 0) + holdings[k].sizes[group]
        target = min(held, key=lambda k: (-held[k], k))
        for k, group in nodes:
            if k != target:
                moves[k][group] = target
    cumulative = frozenset().union(*(h.cumulative for h in holdings))
    return Decision(moves, frozenset(shared), cumulative)


def _joined_groups(holdings: Sequence[Holding]) -> UnionFind:
    """The stretches' groups, (stretch, group), joined across stretches: by a name or key
    that several hold, and by a name under a ``sum(prefix.*)`` that another holds.  Most
    names are held by one stretch: the sets are compared whole, and only the names more
    than one holds are looked at one by one."""
    mine = [set(h.names) for h in holdings]
    every: set = set()
    crossing: set = set()
    for names in mine:
        crossing |= names & every
        every |= names
    ties: list[tuple[str, tuple[str, str]]] = []  # (a name, the sum over a prefix of it)
    prefixes = set().union(*(h.prefixes for h in holdings))
    if prefixes:
        for name in every:
            if isinstance(name, str):
                ties += [(name, ("sum", prefix)) for prefix in summed_prefixes(name, prefixes)]
    wanted = crossing | {key for tie in ties for key in tie}
    held_by: dict = {}  # name or key -> its groups
    for k, (h, names) in enumerate(zip(holdings, mine)):
        looked = wanted & names
        if looked:
            group_of = dict(zip(h.names, h.groups))
            for key in looked:
                held_by.setdefault(key, []).append((k, group_of[key]))
    joined = UnionFind()
    for nodes in held_by.values():
        for node in nodes[1:]:
            joined.union(nodes[0], node)
    for name, key in ties:
        joined.union(held_by[name][0], held_by[key][0])
    return joined


def report_sources(holdings: Sequence[Holding], is_dataset: Sequence[bool]) -> tuple[tuple[str, str | None], ...]:
    """The sources in the order one process lists them: file by file, each file's in order;
    a dataset's only if no ``.tally`` file and no dataset before declares them."""
    tally = {sid for h in holdings for di, declared in enumerate(h.sources) if not is_dataset[di]
             for sid, _ in declared}
    seen: set[str] = set()
    out: list[tuple[str, str | None]] = []
    for di, dataset in enumerate(is_dataset):
        for h in holdings:
            for sid, name in h.sources[di]:
                if dataset and (sid in tally or sid in seen):
                    continue
                seen.add(sid)
                out.append((sid, name))
    return tuple(out)


# --- in a worker -----------------------------------------------------------------------------


def _work(texts, pieces, is_dataset, options, as_json, folder, index, say, hear):
    """Read stretch ``index``, say what it holds, hand over and take what the parent
    decides, and check the statements it then holds."""
    documents, complete = _read(texts, pieces[index], is_dataset, options)
    groups, holding = _hold(documents, complete)
    with open(os.path.join(folder, f"{index}.holding"), "wb") as fh:
        pickle.dump(holding, fh, protocol=pickle.HIGHEST_PROTOCOL)
    say(b"1")
    told = hear()
    if told not in (_TRADE, _GO):
        return None
    with open(os.path.join(folder, "decision"), "rb") as fh:
        decision: Decision = pickle.load(fh)
    count = len(pieces)
    kept, handed = _hand_over(documents, groups, is_dataset, decision, index, count)
    taken: list = [None if k == index else ([], []) for k in range(count)]
    if told == _TRADE:
        for target, what in handed.items():
            with open(os.path.join(folder, f"{index}-{target}.handed"), "wb") as fh:
                pickle.dump(what, fh, protocol=pickle.HIGHEST_PROTOCOL)
        say(b"x")
        if hear() != b"i":
            return None
        for k in range(count):
            if k != index:
                with open(os.path.join(folder, f"{k}-{index}.handed"), "rb") as fh:
                    taken[k] = pickle.load(fh)
    documents = _put_together(texts, documents, kept, taken, index, is_dataset, decision)
    return _checked(documents, options, as_json, folder, index)


def _checked(documents, options, as_json, folder, index):
    """The stretch's report (or its JSON records), once it holds what it checks."""
    from ..build.builder import build
    from ..pipeline import check_model

    model = build(documents, options)
    report = check_model(model)
    keep(documents, model, report)
    report = replace(report, sources=())  # the parent lists them (report_sources)
    return JsonShard.of(report, os.path.join(folder, f"{index}.records")) if as_json else report


def _read(texts, pieces, is_dataset, options) -> tuple[list[s.Document], bool]:
    """The stretch's documents (one per file, empty where it holds none of it), and whether
    every dataset stretch was read to the end of a record."""
    documents = []
    complete = True
    for (name, _), piece, dataset in zip(texts, pieces, is_dataset):
        if piece is None:
            documents.append(s.Document(name))
        elif dataset:
            doc, whole = read_rows(piece, name, options)
            complete = complete and whole
            documents.append(doc)
        else:
            documents.append(parse_document(piece, name))
    return documents, complete


def _statement_lists(documents: Sequence[s.Document]) -> list[tuple[list, list, list]]:
    """Each file's (defines, claims, declarations), each declaration cut into one per name
    (a declaration's names need not be checked together): the order statements are
    numbered in (their groups)."""
    out = []
    for doc in documents:
        declarations = []
        for dec in doc.declares:
            if len(dec.names) == 1:
                declarations.append(dec)
            else:
                declarations.extend(s.Declare(dec.kind, (pair,), dec.loc) for pair in dec.names)
        out.append((doc.defines, doc.claims, declarations))
    return out


def _hold(documents: Sequence[s.Document], complete: bool) -> tuple[list, Holding]:
    """The group of each of the stretch's statements (in :func:`_statement_lists`' order), and
    its :class:`Holding`."""
    groups, group_of = group_statements(_statement_lists(documents))
    sizes = array("l", [0]) * (max(groups) + 1 if groups else 0)
    for g in groups:
        sizes[g] += 1
    holding = Holding(
        names=list(group_of),
        groups=array("l", group_of.values()),
        prefixes={key[1] for key in group_of if isinstance(key, tuple)},
        sizes=sizes,
        sources=[[(src.id, src.name) for src in doc.sources] for doc in documents],
        named={c.source for doc in documents if doc.file.endswith(".tally") for c in doc.claims
               if c.source is not None},
        cumulative={name for doc in documents for dec in doc.declares if dec.kind == "cumulative"
                    for name, _ in dec.names},
        complete=complete,
    )
    return groups, holding


def _hand_over(documents, groups, is_dataset, decision: Decision, index: int, count: int):
    """The statements this stretch keeps, per file (defines, claims, declarations), and for
    each other stretch what it hands over: ((file, kind, statement) in order, the
    declarations of their sources and of the shared sources)."""
    moves = decision.moves[index]
    kept = []
    handed: dict[int, tuple[list, list]] = {k: ([], []) for k in range(count) if k != index}
    sources_of: dict[int, set[str]] = {k: set() for k in handed}
    at = 0
    for di, lists in enumerate(_statement_lists(documents)):
        kept_lists = []
        for kind, statements in enumerate(lists):
            mine = groups[at:at + len(statements)]
            at += len(statements)
            if not moves or moves.keys().isdisjoint(mine):
                kept_lists.append(statements)
                continue
            keeping = []
            for st, group in zip(statements, mine):
                target = moves.get(group)
                if target is None:
                    keeping.append(st)
                else:
                    handed[target][0].append((di, kind, st))
                    if kind == _CLAIM and st.source is not None:
                        sources_of[target].add(st.source)
            kept_lists.append(keeping)
        kept.append(tuple(kept_lists))
    declared = {src.id: (di, src) for dataset in (True, False) for di, doc in enumerate(documents)
                if is_dataset[di] == dataset for src in doc.sources}  # a .tally file's declaration wins
    for target, (_, decls) in handed.items():
        wanted = sources_of[target] | decision.shared
        decls.extend(declared[sid] for sid in sorted(wanted) if sid in declared)
    return kept, handed


def _put_together(texts, documents, kept, taken, index, is_dataset, decision: Decision) -> list[s.Document]:
    """The documents as this stretch checks them: the statements it kept and was handed
    (``taken``: per stretch, None for its own), in file order; the sources its claims
    need; the whole files' text for carets."""
    lists = []
    for di, own in enumerate(kept):
        per_kind = []
        for kind, statements in enumerate(own):
            before = [st for k in range(index) for d, kd, st in taken[k][0] if d == di and kd == kind]
            after = [st for k in range(index + 1, len(taken)) for d, kd, st in taken[k][0] if d == di and kd == kind]
            per_kind.append(before + statements + after if before or after else statements)
        lists.append(per_kind)
    sources: list[list[s.SourceDecl]] = [[] for _ in documents]
    have: set[str] = set()
    decls = [(di, src) for di, doc in enumerate(documents) for src in doc.sources]
    decls += [pair for k, given in enumerate(taken) if k != index for pair in given[1]]
    for tally_first in (True, False):
        for di, src in decls:
            if is_dataset[di] == tally_first or src.id in have:
                continue
            have.add(src.id)
            sources[di].append(src)
    out = []
    for di, ((name, text), doc) in enumerate(zip(texts, documents)):
        text = text[1:] if text.startswith("\ufeff") else text  # as the readers keep it
        defines, claims, declares = lists[di]
        if is_dataset[di] and decision.cumulative:
            claims = dated_claims(claims, decision.cumulative)
        out.append(s.Document(
            name, title=doc.title, sources=sources[di], defines=defines, declares=declares, settings=doc.settings,
            claims=claims, diagnostics=doc.diagnostics, lines=text.count("\n") + 1, text=text,
        ))
    return out
