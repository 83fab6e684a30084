"""What a generated story means, kept apart from how tallycheck reads it.

The generator (``oracle_stories``) builds each claim from parameters it chose -- a
mantissa, a number of decimal places, a scale, a qualifier -- and this module turns
those parameters into two things at once: the text a fact-checker would write, and the
claim's meaning as exact linear atoms over the story's quantities.  The meaning follows
docs/numbers.md (rounding intervals), docs/language.md and the lead's DECISIONS (bounds
and range ends as written, ``X of Y`` and ``A / B`` presuppose a positive base,
definitions exact).  Nothing here imports tallycheck: the text is never read back.

An atom is ``expr OP 0`` with ``expr`` a linear expression with Fraction coefficients;
a claim is the conjunction of its atoms.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from fractions import Fraction as F

OPS = ("<", "<=", "=", ">=", ">", "!=")
TEN_PERCENT = F(1, 10)
MAX_CONFLICTS = 1000  # tallycheck's option in the oracle's runs: every conflict listed


# -- linear expressions and atoms ------------------------------------------------------


@dataclass(frozen=True)
class Lin:
    """sum(coefficient * variable) + const, exact."""

    coeffs: tuple[tuple[str, F], ...] = ()
    const: F = F(0)

    @staticmethod
    def var(name: str, c: F | int = 1) -> "Lin":
        return Lin(((name, F(c)),))

    @staticmethod
    def num(c: F | int) -> "Lin":
        return Lin((), F(c))

    def _merged(self, other: "Lin", sign: int) -> "Lin":
        out: dict[str, F] = dict(self.coeffs)
        for v, c in other.coeffs:
            out[v] = out.get(v, F(0)) + sign * c
        return Lin(tuple((v, c) for v, c in out.items() if c != 0), self.const + sign * other.const)

    def __add__(self, other: "Lin | F | int") -> "Lin":
        return self._merged(other if isinstance(other, Lin) else Lin.num(other), 1)

    def __sub__(self, other: "Lin | F | int") -> "Lin":
        return self._merged(other if isinstance(other, Lin) else Lin.num(other), -1)

    def times(self, k: F | int) -> "Lin":
        k = F(k)
        return Lin(tuple((v, c * k) for v, c in self.coeffs if c * k != 0), self.const * k)

    def value(self, env: dict[str, F]) -> F:
        return sum((c * env[v] for v, c in self.coeffs), self.const)

    @property
    def variables(self) -> tuple[str, ...]:
        return tuple(v for v, _ in self.coeffs)

    def __str__(self) -> str:
        parts = []
        for v, c in self.coeffs:
            parts.append(v if c == 1 else f"-{v}" if c == -1 else f"{c}*{v}")
        if self.const or not parts:
            parts.append(str(self.const))
        return " + ".join(parts).replace("+ -", "- ")


@dataclass(frozen=True)
class Atom:
    """``expr OP 0``."""

    expr: Lin
    op: str

    def holds(self, env: dict[str, F]) -> bool:
        x = self.expr.value(env)
        return {"<": x < 0, "<=": x <= 0, "=": x == 0, ">=": x >= 0, ">": x > 0, "!=": x != 0}[self.op]

    def __str__(self) -> str:
        return f"{self.expr} {self.op} 0"


def rel(a: Lin | F | int, op: str, b: Lin | F | int) -> Atom:
    """The atom ``a OP b``."""
    a = a if isinstance(a, Lin) else Lin.num(a)
    return Atom(a - b, op)


def in_interval(e: Lin, iv: "Interval") -> list[Atom]:
    """``e`` within ``iv`` (unbounded ends give no atom)."""
    out = []
    if iv.low is not None:
        out.append(rel(e, ">" if iv.low_open else ">=", iv.low))
    if iv.high is not None:
        out.append(rel(e, "<" if iv.high_open else "<=", iv.high))
    return out


def times_interval(x: Lin, base: Lin, iv: "Interval") -> list[Atom]:
    """``x = p * base`` for some ``p`` in ``iv``, with ``base > 0`` (presupposed, included)."""
    out = [rel(base, ">", 0)]
    if iv.low is not None:
        out.append(rel(x, ">" if iv.low_open else ">=", base.times(iv.low)))
    if iv.high is not None:
        out.append(rel(x, "<" if iv.high_open else "<=", base.times(iv.high)))
    return out


# -- numbers as written -----------------------------------------------------------------


@dataclass(frozen=True)
class Interval:
    low: F | None
    high: F | None
    low_open: bool = False
    high_open: bool = False

    def __contains__(self, x: F) -> bool:
        if self.low is not None and (x < self.low or (self.low_open and x == self.low)):
            return False
        if self.high is not None and (x > self.high or (self.high_open and x == self.high)):
            return False
        return True

    def __str__(self) -> str:
        lo = "-inf" if self.low is None else str(self.low)
        hi = "inf" if self.high is None else str(self.high)
        return f"{'(' if self.low_open else '['}{lo}, {hi}{')' if self.high_open else ']'}"


@dataclass(frozen=True)
class Figure:
    """One number as written, with what it means.

    ``reading``: the interval of docs/numbers.md (rounding, qualifiers, ranges), used by
    ``=``, ``~``, phrase claims, tags and dataset values.  ``written``: the value as
    written, used by ``< <= > >= !=`` and at the ends of ``in A..B`` (DECISIONS §2);
    None where the text is not one plain figure (a qualifier, a range, a vague plural).
    """

    text: str
    reading: Interval
    written: F | None
    form: str  # what kind of writing: int, decimal, scaled, words, percent, about, ...
    word: bool = False  # a lone number word (`twelve`): a number only where a number is expected


def dec_text(m: int, places: int) -> str:
    """``m / 10**places`` with exactly ``places`` decimals shown."""
    sign = "-" if m < 0 else ""
    digits = str(abs(m))
    if places == 0:
        return sign + digits
    digits = digits.rjust(places + 1, "0")
    return f"{sign}{digits[:-places]}.{digits[-places:]}"


def commas(n: int) -> str:
    return f"{n:,}"


def half_unit(places: int, scale: int | F = 1) -> F:
    return F(scale) / (2 * 10**places)


def exact(n: int, with_commas: bool = False) -> Figure:
    text = commas(n) if with_commas else str(n)
    return Figure(text, Interval(F(n), F(n)), F(n), "int")


def rounded(m: int, places: int) -> Figure:
    """A decimal rounded at its last shown digit (``places`` >= 1)."""
    v = F(m, 10**places)
    h = half_unit(places)
    return Figure(dec_text(m, places), Interval(v - h, v + h), v, "decimal")


SCALES = {"thousand": 10**3, "k": 10**3, "million": 10**6, "m": 10**6, "bn": 10**9, "billion": 10**9}
GLUED = ("k", "m", "bn")


def scaled(m: int, places: int, word: str) -> Figure:
    """``1.2 million``, ``12k``, ``2.5bn``: rounded at the last shown place times the scale."""
    s = SCALES[word]
    v = F(m, 10**places) * s
    h = half_unit(places, s)
    text = dec_text(m, places) + (word if word in GLUED else " " + word)
    return Figure(text, Interval(v - h, v + h), v, "scaled")


ONES = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
).split()
TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def english(n: int) -> str:
    if n < 20:
        return ONES[n]
    if n < 100:
        t, o = divmod(n, 10)
        return TENS[t] + (f"-{ONES[o]}" if o else "")
    h, r = divmod(n, 100)
    return f"{ONES[h]} hundred" + (f" {english(r)}" if r else "")


def in_words(n: int) -> Figure:
    """A number in words below the thousands: exact."""
    text = english(n)
    return Figure(text, Interval(F(n), F(n)), F(n), "words", word=" " not in text)


def words_scaled(k: int, word: str) -> Figure:
    """``five million``: rounded at the scale, like ``5 million``."""
    s = SCALES[word]
    v = F(k * s)
    return Figure(f"{english(k)} {word}", Interval(v - F(s, 2), v + F(s, 2)), v, "words-scaled")


def dozen(n: int) -> Figure:
    text = {12: "a dozen", 6: "half a dozen"}[n]
    return Figure(text, Interval(F(n), F(n)), F(n), "dozen")


CURRENCY_WORDS = {"$": "dollars", "£": "pounds", "€": "euros"}


def money(fig: Figure, symbol: str, as_word: bool = False) -> Figure:
    """A currency before (``$3bn``) or a currency word after (``3bn dollars``)."""
    text = f"{fig.text} {CURRENCY_WORDS[symbol]}" if as_word else symbol + fig.text
    return Figure(text, fig.reading, fig.written, "money-" + fig.form)


def percent(m: int, places: int, style: str = "%") -> Figure:
    """A percentage: a proportion, always rounded at its last shown digit."""
    v = F(m, 10**places) / 100
    h = half_unit(places) / 100
    suffix = {"%": "%", "per cent": " per cent", "percent": " percent"}[style]
    return Figure(dec_text(m, places) + suffix, Interval(v - h, v + h), v, "percent")


def exactly(fig: Figure) -> Figure:
    v = fig.written
    assert v is not None
    return Figure("exactly " + fig.text, Interval(v, v), v, "exactly-" + fig.form)


FRACTIONS = {"half": F(1, 2), "a third": F(1, 3), "two thirds": F(2, 3), "a quarter": F(1, 4), "three quarters": F(3, 4)}
FACTORS = {"twice": F(2), "three times": F(3)}


def fraction_word(text: str) -> Figure:
    v = FRACTIONS[text]
    return Figure(text, Interval(v, v), v, "fraction")


def factor_word(text: str) -> Figure:
    v = FACTORS[text]
    return Figure(text, Interval(v, v), v, "factor")


# qualifiers: (words, what they do); see docs/numbers.md "Qualifiers"
QUALIFIERS = {
    "about": "about",
    "around": "about",
    "roughly": "about",
    "approximately": "about",
    "nearly": "nearly",
    "almost": "nearly",
    "just under": "nearly",
    "just over": "just-over",
    "slightly more than": "just-over",
    "more than": "more",
    "over": "more",
    "above": "more",
    "at least": "at-least",
    "no fewer than": "at-least",
    "fewer than": "fewer",
    "less than": "fewer",
    "under": "fewer",
    "at most": "at-most",
    "up to": "at-most",
    "no more than": "at-most",
}
SUFFIX_QUALIFIERS = {"or more": "at-least", "+": "at-least"}


def qualified(word: str, fig: Figure, t: F) -> Figure:
    """``about 200``, ``more than 2 million``, ``200+`` ... with tolerance ``t``."""
    what = QUALIFIERS.get(word) or SUFFIX_QUALIFIERS[word]
    n = fig.written
    assert n is not None and n >= 0
    r = fig.reading
    iv = {
        "about": Interval(r.low - t * n, r.high + t * n),
        "nearly": Interval(n - t * n, n),
        "just-over": Interval(n, n + t * n),
        "more": Interval(n, None, True, True),
        "at-least": Interval(n, None, False, True),
        "fewer": Interval(F(0), n, False, True),
        "at-most": Interval(F(0), n),
    }[what]
    if word in SUFFIX_QUALIFIERS:
        text = fig.text + ("+" if word == "+" else " or more")
    else:
        text = f"{word} {fig.text}"
    return Figure(text, iv, None, what)


VAGUE = {
    "dozens": Interval(F(24), F(99)),
    "hundreds": Interval(F(200), F(999)),
    "thousands": Interval(F(2000), F(999999)),
    "tens of thousands": Interval(F(20000), F(99999)),
}


def vague(word: str) -> Figure:
    return Figure(word, VAGUE[word], None, "vague", word=True)  # alone, a name where a name fits


def tilde(fig: Figure, t: F) -> Interval:
    """What ``x ~ N`` allows: the reader's ``about N``."""
    return qualified("about", fig, t).reading


def span(low: F, high: F, text: str) -> Figure:
    """A range ``A-B``, ``between A and B``: ends as written (DECISIONS §2)."""
    assert low < high
    return Figure(text, Interval(low, high), None, "range")


# -- claims, lines, stories ---------------------------------------------------------------


@dataclass
class Claim:
    """One claim: how it is written and what it means."""

    form: str  # the claim form (for coverage and for sorting out findings)
    text: str  # as written in its line: a structured claim, a phrase, or a tag `75{x}`
    atoms: tuple[Atom, ...]
    style: str  # structured | phrase | tag
    quantity: str | None = None  # the quantity name as written, for a dataset values row
    value: str | None = None  # the value text, for a dataset values row
    meant: bool | None = None  # made to hold at the story's truth (True), or not said
    tolerant: bool = False  # its meaning uses the `approximate` tolerance of its file

    @property
    def variables(self) -> set[str]:
        return {v for a in self.atoms for v in a.expr.variables}

    def holds(self, env: dict[str, F]) -> bool:
        return all(a.holds(env) for a in self.atoms)


@dataclass
class Definition:
    text: str  # after `define `
    atoms: tuple[Atom, ...]

    @property
    def variables(self) -> set[str]:
        return {v for a in self.atoms for v in a.expr.variables}


@dataclass
class Statement:
    """A line of the .tally file or a row of a dataset, holding one or more claims.

    ``pieces`` is the line's text in order: a string is written as is, an int ``i``
    stands for ``claims[i].text``.
    """

    claims: list[Claim]
    pieces: list[str | int]
    quoted: bool = False  # an annotated quote: the pieces go between double quotes
    quote: str | None = None  # a trailing "quote"
    source: str | None = None  # fixed by the generator (dated claims), else assigned later
    date: str | None = None  # a dataset row's date (cumulative quantities)
    place: str = "tally"  # tally | values | claims
    attributed: bool = False  # written `ID: claim` outside the source block


@dataclass
class Source:
    id: str
    name: str | None = None
    date: str | None = None
    declared: bool = True  # a `source` line in the .tally file (dataset-only sources are not)


@dataclass
class Located:
    claim: Claim
    file: str
    line: int
    start: int  # 0-based column span of the claim's text in its line
    end: int
    source: str


@dataclass
class Story:
    kinds: dict[str, str]  # quantity name -> amount | real (declared); any other name is a count
    cumulative: list[str]  # declared `cumulative` (counts, dated in every claim)
    explicit_counts: list[str]  # counts the .tally file declares `count` anyway
    definitions: list[Definition]
    statements: list[Statement]
    sources: list[Source]
    truth: dict[str, F]  # a solution of the definitions (claims meant to hold hold there)
    approximate: F = TEN_PERCENT  # `set approximate` of the .tally file
    title: str | None = None
    definitions_last: bool = False
    located: list[Located] = field(default_factory=list)

    def __repr__(self) -> str:  # what hypothesis prints for a failing story: its files
        return "Story(" + "".join(f"\n--- {name} ---\n{text}" for name, text in self.files()) + ")"

    # the solver's variables: dated ones for cumulative quantities
    def variables(self) -> dict[str, str]:
        """Each solver variable the story uses, with its kind."""
        used = self.all_claim_variables() | {v for d in self.definitions for v in d.variables}
        return {v: self.kinds.get(v.split("@")[0], "count") for v in sorted(used)}

    def all_claim_variables(self) -> set[str]:
        return {v for s in self.statements for c in s.claims for v in c.variables}

    def declarations(self) -> list[tuple[str, list[str]]]:
        used = {v.split("@")[0] for v in self.variables()}
        out = []
        for keyword in ("amount", "real"):
            names = sorted(n for n, k in self.kinds.items() if k == keyword and n in used)
            out.append((keyword, names))
        out.append(("cumulative", [n for n in self.cumulative if n in used]))
        out.append(("count", [n for n in self.explicit_counts if n in used]))
        return [(k, names) for k, names in out if names]

    def order(self) -> list[tuple[str, str]]:
        """(earlier, later) for each cumulative quantity's consecutive dates."""
        out = []
        used = self.all_claim_variables()
        for name in self.cumulative:
            dates = sorted(v.split("@")[1] for v in used if v.split("@")[0] == name and "@" in v)
            out += [(f"{name}@{a}", f"{name}@{b}") for a, b in zip(dates, dates[1:])]
        return out

    @property
    def claims(self) -> list[Claim]:
        return [c for s in self.statements for c in s.claims]

    # -- the files ---------------------------------------------------------------------

    def command_line(self) -> str:
        """The options of the run: a looser tolerance than the default is the command line's
        (`--set approximate=20%`), as an input may not loosen it (docs/options.md)."""
        looser = f" --set approximate={self.approximate * 100}%" if self.approximate > TEN_PERCENT else ""
        return f" --set max_conflicts={MAX_CONFLICTS}" + looser

    def options(self):
        """The run's options: every conflict listed (a story with more than the default 20
        is a story, not a limit of the solver), and the tolerance of :meth:`command_line`."""
        from tallycheck.options import Options

        return Options(max_conflicts=MAX_CONFLICTS,
                       approximate=max(self.approximate, TEN_PERCENT))

    def files(self) -> list[tuple[str, str]]:
        """Render the story: ``story.tally`` and the datasets it uses; fills ``located``."""
        self.located = []
        lines: list[str] = []
        if self.title:
            lines.append(f'title "{self.title}"')
        if self.approximate < TEN_PERCENT:  # an input may only make the tolerance stricter
            lines.append(f"set approximate {self.approximate * 100}%")
        for keyword, names in self.declarations():
            lines.append(f"{keyword} {', '.join(names)}")
        if not self.definitions_last:
            lines += [f"define {d.text}" for d in self.definitions]
        by_source: dict[str, list[Statement]] = {}
        attributed = []
        for st in self.statements:
            if st.place != "tally":
                continue
            if st.attributed:
                attributed.append(st)
            else:
                by_source.setdefault(st.source, []).append(st)
        for src in self.sources:
            if not src.declared:
                continue
            head = f"source {src.id}"
            if src.name:
                head += f' "{src.name}"'
            if src.date:
                head += f" {src.date}"
            lines.append(head)
            for st in by_source.get(src.id, []):
                self._line(lines, st, "  ")
        for st in attributed:
            self._line(lines, st, f"{st.source}: ")
        if self.definitions_last:
            lines += [f"define {d.text}" for d in self.definitions]
        out = [("story.tally", "\n".join(lines) + "\n")]
        values = [st for st in self.statements if st.place == "values"]
        if values:
            out.append(("values.csv", self._csv(values, ["source", "quantity", "value", "date"])))
        cells = [st for st in self.statements if st.place == "claims"]
        if cells:
            out.append(("claims.csv", self._csv(cells, ["source", "claim", "date"])))
        return out

    def _line(self, lines: list[str], st: Statement, lead: str) -> None:
        text = lead + ('"' if st.quoted else "")
        spans = []
        for piece in st.pieces:
            if isinstance(piece, int):
                c = st.claims[piece]
                spans.append((c, len(text), len(text) + len(c.text)))
                text += c.text
            else:
                text += piece
        if st.quoted:
            text += '"'
        if st.quote:
            text += f' "{st.quote}"'
        lines.append(text)
        for c, a, b in spans:
            self.located.append(Located(c, "story.tally", len(lines), a, b, st.source))

    def _csv(self, rows: list[Statement], header: list[str]) -> str:
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(header)
        for i, st in enumerate(rows, start=2):
            (c,) = st.claims
            if header[1] == "quantity":
                w.writerow([st.source, c.quantity, c.value, st.date or ""])
            else:
                w.writerow([st.source, c.text, st.date or ""])
            name = "values.csv" if header[1] == "quantity" else "claims.csv"
            self.located.append(Located(c, name, i, 0, 10**6, st.source))
        return buf.getvalue()


# -- the claim forms: text and meaning from the parameters the generator chose --------------
# (the hand-written cases of test_oracle_meaning.py go through these same functions)


def figure_is(q: str, fig: Figure, style: str = "structured", var: str | None = None, meant: bool | None = None) -> Claim:
    """``q = FIG``, ``FIG q`` (a phrase), ``FIG{q}`` (a tag), or a dataset row ``q, FIG``: q in FIG's reading."""
    atoms = tuple(in_interval(Lin.var(var or q), fig.reading))
    text = {"structured": f"{q} = {fig.text}", "phrase": f"{fig.text} {q}", "tag": f"{fig.text}{{{q}}}",
            "value": f"{fig.text} {q}"}[style]
    return Claim(f"{style}:{fig.form}", text, atoms, style, quantity=q if style == "value" else None,
                 value=fig.text if style == "value" else None, meant=meant,
                 tolerant=fig.form in ("about", "nearly", "just-over"))


def about(q: str, fig: Figure, t: F, var: str | None = None, meant: bool | None = None) -> Claim:
    """``q ~ FIG``: q within the reader's ``about FIG`` (tolerance t)."""
    atoms = tuple(in_interval(Lin.var(var or q), tilde(fig, t)))
    return Claim("tilde:" + fig.form, f"{q} ~ {fig.text}", atoms, "structured", meant=meant, tolerant=True)


def bound(q: str, op: str, fig: Figure, var: str | None = None) -> Claim:
    """``q OP FIG`` with OP in < <= > >= !=: the figure as written (DECISIONS §2)."""
    assert fig.written is not None
    return Claim(f"bound:{op}:{fig.form}", f"{q} {op} {fig.text}", (rel(Lin.var(var or q), op, fig.written),), "structured")


def bound_about(q: str, op: str, fig: Figure, t: F, var: str | None = None) -> Claim:
    """``q > about 200``: above some value of about 200, so above the low end of ``about 200``."""
    r = qualified("about", fig, t).reading
    end = r.high if op in ("<", "<=") else r.low
    return Claim(f"bound:{op}about", f"{q} {op} about {fig.text}", (rel(Lin.var(var or q), op, end),), "structured",
                 tolerant=True)


def within(q: str, low: Figure, high: Figure, var: str | None = None, meant: bool | None = None) -> Claim:
    """``q in A..B``: ends as written, any number form."""
    v = Lin.var(var or q)
    atoms = (rel(v, ">=", low.written), rel(v, "<=", high.written))
    return Claim(f"within:{low.form}", f"{q} in {low.text}..{high.text}", atoms, "structured", meant=meant)


def share(x: str, fig: Figure, y: str, meant: bool | None = None) -> Claim:
    """``x = FIG of y``: x = p*y for some p in FIG's reading, and y > 0."""
    atoms = tuple(times_interval(Lin.var(x), Lin.var(y), fig.reading))
    return Claim(f"share:{fig.form}", f"{x} = {fig.text} of {y}", atoms, "structured", meant=meant,
                 tolerant=fig.form in ("about", "nearly", "just-over"))


def share_bound(x: str, op: str, fig: Figure, y: str) -> Claim:
    """``x > 40% of y``: x > 0.4*y as written, and y > 0."""
    atoms = (rel(Lin.var(y), ">", 0), rel(Lin.var(x), op, Lin.var(y).times(fig.written)))
    return Claim(f"share-bound:{op}", f"{x} {op} {fig.text} of {y}", atoms, "structured")


def factor(x: str, fig: Figure, y: str, meant: bool | None = None) -> Claim:
    """``x = 2.5 * y`` with y >= 0: x = k*y for some k in the factor's reading; no base presupposed."""
    X, Y = Lin.var(x), Lin.var(y)
    atoms = (rel(X, ">=", Y.times(fig.reading.low)), rel(X, "<=", Y.times(fig.reading.high)))
    return Claim(f"factor:{fig.form}", f"{x} = {fig.text} * {y}", atoms, "structured", meant=meant)


def mean(s: str, n: str, fig: Figure, meant: bool | None = None) -> Claim:
    """``s / n = FIG``: s = m*n for some m in FIG's reading, and n > 0."""
    atoms = tuple(times_interval(Lin.var(s), Lin.var(n), fig.reading))
    return Claim(f"mean:{fig.form}", f"{s} / {n} = {fig.text}", atoms, "structured", meant=meant)


def mean_bound(s: str, n: str, op: str, fig: Figure) -> Claim:
    """``s / n > 7.2``: s > 7.2*n as written, and n > 0."""
    atoms = (rel(Lin.var(n), ">", 0), rel(Lin.var(s), op, Lin.var(n).times(fig.written)))
    return Claim(f"mean-bound:{op}", f"{s} / {n} {op} {fig.text}", atoms, "structured")


def difference(x: str, y: str, fig: Figure, negative: bool, plus_form: bool, meant: bool | None = None) -> Claim:
    """``x - y = [-]FIG`` or ``x = y + FIG`` / ``x = y - FIG``: (x - y) within +-FIG's reading."""
    sign = -1 if negative else 1
    if plus_form:
        text = f"{x} = {y} {'-' if negative else '+'} {fig.text}"
    else:
        text = f"{x} - {y} = {'-' if negative else ''}{fig.text}"
    atoms = tuple(in_interval((Lin.var(x) - Lin.var(y)).times(sign), fig.reading))
    return Claim(f"difference:{fig.form}", text, atoms, "structured", meant=meant)


def difference_bound(x: str, y: str, op: str, fig: Figure) -> Claim:
    """``x - y > 10``: as written."""
    return Claim(f"difference-bound:{op}", f"{x} - {y} {op} {fig.text}", (rel(Lin.var(x) - Lin.var(y), op, fig.written),),
                 "structured")


def relation(x: str, op: str, y: str, t: F = TEN_PERCENT) -> Claim:
    """``x > y``, ``x = y``, ``x != y``; ``x ~ y`` is (1-t)*y <= x <= (1+t)*y."""
    X, Y = Lin.var(x), Lin.var(y)
    if op == "~":
        atoms = (rel(X, ">=", Y.times(1 - t)), rel(X, "<=", Y.times(1 + t)))
        return Claim("relation:~", f"{x} ~ {y}", atoms, "structured", tolerant=True)
    return Claim(f"relation:{op}", f"{x} {op} {y}", (rel(X, op, Y),), "structured")


def total_of(total: str, parts: list[str], meant: bool | None = None) -> Claim:
    """A source's ``total = a + b`` (a claim, not a definition): exact."""
    atoms = (rel(Lin.var(total), "=", sum((Lin.var(p) for p in parts), Lin())),)
    return Claim("sum", f"{total} = {' + '.join(parts)}", atoms, "structured", meant=meant)


def sum_definition(total: str, parts: list[str], text: str | None = None) -> Definition:
    """``define total = a + b`` (or ``sum(total.*)`` written for the same parts)."""
    return Definition(text or f"{total} = {' + '.join(parts)}",
                      (rel(Lin.var(total), "=", sum((Lin.var(p) for p in parts), Lin())),))


def shares_definition(parts: list[str]) -> Definition:
    """``define a + b + c = 100%``: exactly 1 (numbers in a definition are exact)."""
    return Definition(f"{' + '.join(parts)} = 100%", (rel(sum((Lin.var(p) for p in parts), Lin()), "=", 1),))


def difference_definition(net: str, gain: str, loss: str) -> Definition:
    """``define net = gain - loss``."""
    return Definition(f"{net} = {gain} - {loss}", (rel(Lin.var(net), "=", Lin.var(gain) - Lin.var(loss)),))
