"""The build stage: read documents -> :class:`~tallycheck.build.model.Model`.

Here sources are resolved across files, options applied, numbers read (by the one
reader, tallycheck.numbers), tags given their numbers, every claim turned into linear
constraints (tallycheck.build.constraints), and names that may be misspelt found
(tallycheck.build.typos).  Problems are returned as diagnostics.
"""

from __future__ import annotations

from fractions import Fraction

from ..read import syntax as s
from .fastbuild import simple_constraints
from .constraints import BuildError, Context, relation_constraints
from .units import UnitError, Units
from .words import Ambiguous, choose, has_words
from ..diagnostics import Diagnostic, Location
from .model import Claim, Model, Source
from .typos import warnings_for, written
from ..numbers import NumberError, ReadOptions, number_before, read_number
from ..options import OptionError, Options
from ..read.lines import split_lines

KINDS = ("count", "amount", "real")


def build(documents: list[s.Document], base_options: Options = Options(), part: bool = False) -> Model:
    """The model of ``documents``; with ``part`` (a shard of a bigger input), names that may
    be misspelt are not looked for here but what it writes is kept (``model.written``) for
    the whole input's look (tallycheck.run.merge)."""
    title = next((d.title for d in documents if d.title), None)
    model = Model(title, base_options, files=[d.file for d in documents])
    lines = _LineCache(documents)
    for doc in documents:
        model.diagnostics.extend(doc.diagnostics)

    # options first: they change how numbers are read.  A `set` line may only make the run
    # stricter (tallycheck.options.IN_INPUTS): `approximate` and `decimal_comma` apply to their
    # own file's numbers (reading, `~`); a solver limit lowered in any file is the run's.
    options = base_options
    own_options: dict[str, tuple[ReadOptions, Fraction]] = {}  # file -> its read options, tolerance
    for doc in documents:
        own = base_options
        for st in doc.settings:
            try:
                own = own.with_input_setting(st.name, st.value, base_options)
            except OptionError as e:
                model.diagnostics.append(Diagnostic(st.loc, str(e), "option", lines.get(st.loc)))
        options = options.strictest(own)
        if own != base_options:
            own_options[doc.file] = (ReadOptions(approximate=own.approximate, decimal_comma=own.decimal_comma),
                                     own.approximate)
    model.options = options
    read_options = ReadOptions(approximate=base_options.approximate, decimal_comma=base_options.decimal_comma)
    base_read = (read_options, base_options.approximate)

    # sources, across files
    for doc in documents:
        for src in doc.sources:
            if src.id in model.sources and model.sources[src.id].loc is not None:
                first = model.sources[src.id]
                model.diagnostics.append(
                    Diagnostic(src.loc, f"source {src.id!r} is already declared at {first.loc}", "duplicate-source",
                               lines.get(src.loc))
                )
                continue
            model.sources[src.id] = Source(src.id, src.name, src.date, src.url, src.loc)

    # kinds
    for doc in documents:
        for dec in doc.declares:
            for name, loc in dec.names:
                if dec.kind == "cumulative":
                    model.cumulative.add(name)
                    continue
                previous = model.kinds.get(name)
                if previous and previous != dec.kind:
                    model.diagnostics.append(
                        Diagnostic(loc, f"{name!r} is declared both {previous} and {dec.kind}", "kind",
                                   lines.get(loc))
                    )
                    continue
                model.kinds[name] = dec.kind

    children: dict = {}  # prefix -> the names written directly under it, sorted (for sum(prefix.*))
    readings_cache: dict[str, object] = {}

    def read(num: s.Number):
        own = own_options.get(num.loc.file) if own_options else None
        key = num.text if own is None else f"{num.loc.file}\0{num.text}"
        hit = readings_cache.get(key)
        if hit is None:
            try:
                hit = read_number(num.text, read_options if own is None else own[0])
            except NumberError as e:
                hit = e
            readings_cache[key] = hit
        if isinstance(hit, NumberError):
            raise hit
        return hit

    def expand_sum(node: s.SumOf) -> list[s.Ref]:
        if not children:  # every name written under its parent, sorted: made at the first sum
            for n in _all_names(documents):
                parent, dot, _ = n.rpartition(".")
                if dot:
                    children.setdefault(parent, []).append(n)
            for under in children.values():
                under.sort()
            children[None] = []  # made (even when no name has a parent)
        return [s.Ref(n, None, node.loc) for n in children.get(node.prefix, ())]

    current_date: list[str | None] = [None]

    def variable(ref: s.Ref) -> str:
        if ref.name in model.cumulative:
            date = ref.date or current_date[0]
            return f"{ref.name}@{date}" if date else ref.name
        if ref.date:
            raise BuildError(
                f"{ref.name}@{ref.date}: only a `cumulative` quantity is dated; declare `cumulative {ref.name}`",
                ref.loc,
            )
        return ref.name

    def is_real(v: str) -> bool:
        return model.kinds.get(v.split("@")[0]) == "real"

    def file_read(file: str) -> tuple[ReadOptions, Fraction]:
        """How a file's numbers are read, and its tolerance for ``~``."""
        return own_options.get(file, base_read) if own_options else base_read

    units = Units(read, expand_sum)
    contexts: dict[tuple[str, bool], Context] = {}  # (file, definition?) -> its context, made once

    def context(file: str, definition: bool) -> Context:
        ctx = contexts.get((file, definition))
        if ctx is None:
            ctx = contexts[file, definition] = Context(read, variable, expand_sum, is_real, file_read(file)[1], [],
                                                      exact_numbers=definition)
        return ctx

    def constraints_of(relation: s.Relation, ctx: Context, loc: Location):
        """The constraints of one claim, with its quantities and readings; or BuildError."""
        readings: list = []
        ctx.readings = readings  # this claim's own
        cons = simple_constraints(relation, ctx)
        if cons is None:
            cons = relation_constraints(relation, ctx)
        quantities = _quantities_of(cons)
        if not quantities and not _names_quantity(relation):  # constraints over a quantity name one
            raise BuildError("this claim names no quantity: only numbers are compared", loc)
        return cons, quantities, readings

    def add(source, form, text, quote, loc, relation, tag=None):
        ctx = context(loc.file, source is None)
        try:
            if tag is not None and relation is None:
                relation = _tag_relation(tag, file_read(loc.file)[0])
            quick = type(relation.left) is s.Ref and type(relation.right) is s.Number  # `q = N`: most claims
            if not quick and has_words(relation):  # `x = five`: the number, or a quantity named five
                relation, (cons, quantities, readings) = choose(
                    relation, lambda rel: constraints_of(rel, ctx, loc),
                    lambda word: read(s.Number(word.name, word.loc)), source is None)
            else:
                cons, quantities, readings = constraints_of(relation, ctx, loc)
        except BuildError as e:
            model.diagnostics.append(Diagnostic(e.loc, e.message, "claim", lines.get(e.loc)))
            return
        except Ambiguous as e:
            for message, where in e.problems:
                model.diagnostics.append(Diagnostic(where, message, "name-or-number", lines.get(where)))
            return
        if tag is not None and tag.op is None:
            text = f"{readings[0].text.strip()}{text}" if readings else text
        currency = readings[0].currency is not None if len(readings) == 1 else any(r.currency for r in readings)
        if currency or len(quantities) > 1:  # what the claim says of units
            try:
                units.add(relation, source is None, text, loc, currency)
            except UnitError as e:
                model.diagnostics.append(Diagnostic(e.loc, e.message, "unit", lines.get(e.loc)))
                return
        label = len(model.claims)
        model.claims.append(
            Claim(label, source, form, text, quote, loc, relation, quantities, tuple(readings), tuple(cons))
        )

    for doc in documents:
        for d in doc.defines:
            add(None, "define", d.text, None, d.loc, d.relation)
    for doc in documents:
        for c in doc.claims:
            if c.source not in model.sources:
                known = ", ".join(sorted(model.sources)) or "none declared"
                model.diagnostics.append(
                    Diagnostic(c.loc, f"unknown source {c.source!r} (sources: {known})", "unknown-source",
                               lines.get(c.loc))
                )
                continue
            current_date[0] = model.sources[c.source].date
            add(c.source, c.form, c.text, c.quote, c.loc, c.relation, c.tag)
            current_date[0] = None

    _infer_kinds(model)
    _order_cumulative(model)
    quantities = {q.partition("@")[0] for claim in model.claims for q in claim.quantities}
    names = written(documents, quantities, lines.get)
    if part:  # looked at with the other parts' (tallycheck.run.merge)
        model.written = names
    else:  # looked at now, and let go (a name written once costs a few hundred bytes)
        model.diagnostics.extend(warnings_for([names]))
    return model


def _tag_relation(tag: s.Tag, options: ReadOptions) -> s.Relation:
    """A bare ``{Q}`` tag: the number written just before it."""
    try:
        found = number_before(tag.before, len(tag.before), options)
    except NumberError as e:
        start = getattr(e, "start", 0) or 0
        loc = Location(tag.before_loc.file, tag.before_loc.line, tag.before_loc.column + start)
        raise BuildError(f"cannot read the number before {{{tag.quantity.name}}}: {e}", loc) from None
    if found is None:
        raise BuildError(
            f"no number is written just before {{{tag.quantity.name}}}; write `{{{tag.quantity.name} = VALUE}}` "
            "to state a value the words imply",
            tag.quantity.loc,
        )
    start, reading = found
    loc = Location(tag.before_loc.file, tag.before_loc.line, tag.before_loc.column + start)
    return s.Relation(tag.quantity, "=", s.Number(reading.text, loc))


def _quantities_of(cons: list) -> tuple[str, ...]:
    """The quantities linear constraints are over, sorted, each once."""
    if len(cons) == 1 and len(cons[0][0]) == 1:  # the commonest: one constraint on one quantity
        return (cons[0][0][0][0],)
    return tuple(sorted({v for c in cons for v, _ in c[0]}))


def _names_quantity(e) -> bool:
    if isinstance(e, (s.Ref, s.SumOf)):
        return True
    if isinstance(e, s.Relation):
        return _names_quantity(e.left) or _names_quantity(e.right)
    if isinstance(e, s.BinOp):
        return _names_quantity(e.left) or _names_quantity(e.right)
    if isinstance(e, s.Neg):
        return _names_quantity(e.operand)
    if isinstance(e, s.ShareOf):
        return _names_quantity(e.base)
    return False


def _all_names(documents: list[s.Document]) -> set[str]:
    names: set[str] = set()

    def walk(e):
        if isinstance(e, s.Ref):
            names.add(e.name)
        elif isinstance(e, s.BinOp):
            walk(e.left)
            walk(e.right)
        elif isinstance(e, s.Neg):
            walk(e.operand)
        elif isinstance(e, s.ShareOf):
            walk(e.base)
        elif isinstance(e, s.Relation):
            walk(e.left)
            walk(e.right)

    for d in documents:
        for st in d.defines:
            walk(st.relation)
        for c in d.claims:
            if c.relation is not None:
                walk(c.relation)
            if c.tag is not None:
                names.add(c.tag.quantity.name)
        for dec in d.declares:
            names.update(n for n, _ in dec.names)
    return names


def _infer_kinds(model: Model) -> None:
    """Every quantity is a count unless declared; one set equal to a bare percentage is a share."""
    kinds = model.kinds
    for claim in model.claims:
        rel = claim.relation
        if rel is None or not isinstance(rel.left, s.Ref) or not isinstance(rel.right, s.Number):
            continue
        name = rel.left.name
        if name in kinds:
            continue
        readings = claim.readings
        if readings and readings[0].kind in _SHARE_KINDS and all(r.kind in _SHARE_KINDS for r in readings):
            kinds[name] = "amount"
    for claim in model.claims:
        for q in claim.quantities:
            name = q.split("@")[0] if "@" in q else q
            if name not in kinds:
                kinds[name] = "count"


_SHARE_KINDS = ("percent", "points", "ratio")


def _order_cumulative(model: Model) -> None:
    if not model.cumulative:
        return
    dated: dict[str, set[str]] = {}
    for claim in model.claims:
        for q in claim.quantities:
            name, _, date = q.partition("@")
            if date and name in model.cumulative:
                dated.setdefault(name, set()).add(date)
    for name, dates in sorted(dated.items()):
        ordered = sorted(dates)
        for a, b in zip(ordered, ordered[1:]):
            model.order_constraints.append((f"{name}@{a}", f"{name}@{b}"))


class _LineCache:
    """The text of a line, for carets under diagnostics raised after reading."""

    def __init__(self, documents: list[s.Document]):
        self._texts = {d.file: getattr(d, "text", None) for d in documents}
        self._split: dict[str, list[str]] = {}

    def get(self, loc: Location) -> str | None:
        text = self._texts.get(loc.file)
        if text is None or loc.line <= 0:
            return None
        lines = self._split.get(loc.file)
        if lines is None:
            lines = self._split[loc.file] = split_lines(text)
        return lines[loc.line - 1] if loc.line <= len(lines) else None
