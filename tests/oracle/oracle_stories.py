"""Hypothesis strategies: small stories over every claim form, some with planted errors.

A story is made from a hidden truth: each group of quantities (a hierarchy of sums under
``define``, shares adding up to 100%, a mean, money, signed reals, a cumulative count, a
pair related by a factor or a difference, one quantity under many bounds) gets values
that satisfy its definitions, and each claim is written from those values -- rounded,
qualified, bounded, as a range -- so it holds there (``meant``), unless the story plants
an error: a claim written from a nudged value or with its last digit changed (a wrong
total, a share that does not fit, a granularity miss, a cumulative count going down).
Bounds are often written at the truth's own rounding, where "as written" and "rounded"
part ways.

Claims are spread over several sources, written as structured claims, phrases (one or
two per line), annotated quotes with ``{Q}`` and ``{Q = EXPR}`` tags, ``ID: claim``
lines, and, in some stories, dataset rows (``values.csv``: source, quantity, value,
date; ``claims.csv``: source, claim, date) with the definitions in the .tally file.
"""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction as F
from math import ceil, floor

from hypothesis import strategies as st

from oracle_meaning import (
    FRACTIONS,
    QUALIFIERS,
    TEN_PERCENT,
    VAGUE,
    Claim,
    Definition,
    Figure,
    Source,
    Statement,
    Story,
    about,
    bound,
    bound_about,
    dec_text,
    difference,
    difference_bound,
    difference_definition,
    dozen,
    exact,
    exactly,
    factor,
    factor_word,
    figure_is,
    fraction_word,
    in_words,
    mean,
    mean_bound,
    money,
    percent,
    qualified,
    relation,
    rounded,
    scaled,
    share,
    share_bound,
    shares_definition,
    span,
    sum_definition,
    total_of,
    vague,
    within,
    words_scaled,
)

# Names: none is a word of the number reader or a keyword, except the names DECISIONS §1
# makes names (`a`, `b`, `no`, `yes`, `undecided`).
TOPS = ["returned", "affected", "casualties", "arrivals", "ballots", "victims", "detained", "staff"]
PARTS = ["north", "south", "east", "west", "swap", "extra", "men", "women", "adults", "children", "urban", "rural"]
COUNTS = ["killed", "injured", "displaced", "evacuated", "arrested", "released", "patients", "schools", "homes"]
MONEY = ["cost", "budget", "aid", "damage", "spending", "revenue"]
MONEY_PARTS = ["capital", "wages", "transport", "fuel", "housing"]
SHARES = ["poll", "vote", "result"]
SHARE_PARTS = ["red", "blue", "green", "other"]
REALS = ["change", "balance", "growth", "delta", "shift", "swing"]
SCORES = ["score.total", "marks", "total_score"]
BASES = ["respondents", "answers", "pupils", "raters"]
CUMULATIVE = ["deaths", "cases", "evacuees", "infections"]
TRICKY = [("yes", "no", "undecided"), ("a", "b")]
SOURCES = ["mod", "tv", "poll", "agency", "paper", "council", "police", "hospital", "ngo", "wire"]
DATA_SOURCES = ["stats", "dataset"]
DATES = ["2024-01-31", "2024-02-15", "2024-03-01", "2024-03-05", "2024-04-10"]
NAMES = ["Ministry of Defence", "Evening News", "City Council", "Red Cross"]

# words that never join a number: the text around tags in annotated quotes
FILLERS = ["officials counted", "the ministry reported", "records show", "the agency said", "they listed"]
AFTERS = ["", " people", " soldiers", " overall"]
TAIL_FILLERS = [", while the report said ", "; the ministry reported ", " while records show "]

COMPARE = ["<", "<=", ">", ">=", "!="]


class Gen:
    """The story being drawn: quantities with their truth, definitions, statements."""

    def __init__(self, draw, t: F, currency: str, sources: list[Source], error_rate: float, avoid=frozenset()):
        self.avoid = avoid  # forms left out (oracle_survey.py --avoid, to look past a known cause)
        self.draw = draw
        self.t = t
        self.currency = currency
        self.sources = sources
        self.error_rate = error_rate
        self.names: set[str] = set()
        self.kinds: dict[str, str] = {}
        self.role: dict[str, str] = {}
        self.truth: dict[str, F] = {}
        self.tricky: set[str] = set()
        self.definitions: list[Definition] = []
        self.statements: list[Statement] = []
        self.cumulative: list[str] = []
        self.explicit_counts: list[str] = []
        self.tricky_used = False

    # -- drawing helpers --------------------------------------------------------------

    def pick(self, options):
        return self.draw(st.sampled_from(list(options)))

    def coin(self, p: float = 0.5) -> bool:
        return self.draw(st.integers(0, 999)) < p * 1000

    def n(self, lo: int, hi: int) -> int:
        return self.draw(st.integers(lo, hi))

    def wrong(self) -> bool:
        return self.error_rate > 0 and self.coin(self.error_rate)

    # -- quantities ---------------------------------------------------------------------

    def name(self, pool) -> str:
        base = self.pick(pool)
        name, i = base, 2
        while name in self.names or any(n.startswith(name + ".") for n in self.names):
            name, i = f"{base}_{i}", i + 1
        self.names.add(name)
        return name

    def quantity(self, name: str, role: str, value: F) -> str:
        self.names.add(name)
        self.role[name] = role
        self.truth[name] = F(value)
        kind = {"count": "count", "money": "amount", "share": "amount", "real": "real"}[role]
        if kind != "count":
            self.kinds[name] = kind
        elif self.coin(0.1):
            self.explicit_counts.append(name)
        return name

    def add(self, claims: list[Claim], pieces=None, **kw) -> Statement:
        st_ = Statement(claims, pieces if pieces is not None else [0], **kw)
        self.statements.append(st_)
        return st_

    # -- figures: a number written for a value ----------------------------------------

    def nudged(self, v: F, role: str) -> F:
        """A nearby value: what a wrong figure was written from."""
        if role == "count":
            step = self.pick([1, 2, max(1, int(v) // 10), max(1, int(v) // 3), int(v) + 1])
            return max(F(0), v + self.pick([-1, 1]) * step)
        if role == "money":
            return v * self.pick([F(3, 4), F(9, 10), F(11, 10), F(2)])
        if role == "share":
            return min(F(1), max(F(0), v + self.pick([-1, 1]) * self.pick([F(1, 100), F(3, 100), F(1, 1000)])))
        if role == "ratio":
            return max(F(0), v + self.pick([-1, 1]) * self.pick([F(1, 10), F(1, 100), F(1, 1000)]))
        return v + self.pick([-1, 1]) * self.pick([F(1, 2), F(1), F(5), F(1, 100)])

    def figure(self, v: F, role: str, nudge: int = 0, plain: bool = False) -> Figure:
        """A figure whose reading holds ``v`` (unless ``nudge`` moves its last digit).

        ``plain``: one figure with a written value (for bounds and ends), no lone word."""
        if role == "count":
            return self.count_figure(v, nudge, plain)
        if role == "money":
            fig = self.count_figure(v, nudge, True) if v.denominator == 1 else self.decimal_figure(v, nudge, 1, 2)
            return money(fig, self.currency, not plain and self.coin(0.2))
        if role == "share":
            return self.share_figure(v, nudge, plain)
        if role == "ratio":
            return self.decimal_figure(v, nudge, 1, 3)
        # real: signed
        if v.denominator == 1 and self.coin(0.4):
            return exact(int(v) + nudge)
        return self.decimal_figure(v, nudge, 1, 2)

    def bound_figure(self, v: F, role: str) -> Figure:
        """A figure for a bound or an end of `in`: its written value counts."""
        if "bounds" not in self.avoid:
            return self.figure(v, role, plain=True)
        if role == "share":  # digits whose rounding would not matter (oracle_survey.py --avoid bounds)
            return exactly(percent(round(v * 100), 0))
        fig = exact(round(v))
        return money(fig, self.currency) if role == "money" else fig

    def decimal_figure(self, v: F, nudge: int, lo: int, hi: int) -> Figure:
        p = self.n(lo, hi)
        return rounded(round(v * 10**p) + nudge, p)

    def count_figure(self, v: F, nudge: int, plain: bool) -> Figure:
        n = int(v)
        opts = ["int", "int"]
        if n >= 1000:
            opts += ["commas", "scaled", "scaled"]
            if not plain:
                opts += ["scaled-words", "scaled-words"]
        elif not plain:
            opts.append("words")
        if n in (6, 12) and not plain:
            opts += ["dozen"] * 4
        if not plain:
            opts.append("decimal")
        form = self.pick(opts)
        if form == "int":
            return exact(n + nudge)
        if form == "commas":
            return exact(n + nudge, with_commas=True)
        if form == "words":
            return in_words(max(0, n + nudge))
        if form == "dozen":
            return dozen(n)
        if form == "decimal":
            return rounded(n * 10 + nudge, 1)
        scales = [w for w, s in (("thousand", 10**3), ("k", 10**3), ("million", 10**6), ("m", 10**6), ("bn", 10**9)) if s <= n]
        word = self.pick(scales)
        s = {"thousand": 10**3, "k": 10**3, "million": 10**6, "m": 10**6, "bn": 10**9}[word]
        if form == "scaled-words" and 1 <= round(F(n, s)) <= 99 and word in ("thousand", "million"):
            return words_scaled(round(F(n, s)), word)
        p = self.n(0, 2)
        m = round(F(n * 10**p, s)) + nudge
        return scaled(max(m, 1), p, word)

    def share_figure(self, v: F, nudge: int, plain: bool) -> Figure:
        form = self.pick(["percent", "percent", "percent", "decimal"] + ([] if plain else ["exactly"]))
        if form == "decimal":
            return self.decimal_figure(v, nudge, 1, 3)
        p = self.n(0, 2)
        m = round(v * 100 * 10**p) + nudge
        fig = percent(max(m, 0), p, self.pick(["%", "%", "per cent", "percent"]))
        if form == "exactly" and v * 100 * 10**p == m:
            return exactly(fig)
        return fig

    # -- one quantity -------------------------------------------------------------------

    def value_for(self, q: str) -> tuple[F, bool]:
        """The value a claim is written from: the truth, or (a planted error) a nudged one."""
        v = self.truth[q]
        if self.wrong():
            return self.nudged(v, self.role[q]), True
        return v, False

    def styles(self, q: str, fig: Figure) -> list[str]:
        """Where a figure about ``q`` may be written."""
        if q in self.tricky:
            return ["structured"]  # names are names in structured claims (DECISIONS §1)
        out = ["phrase", "tag", "value"] if (fig.written is None or fig.written >= 0) else []
        if not fig.word:
            out.append("structured")
        return out

    def figure_claim(self, q: str, var: str | None = None) -> Claim:
        """``q = FIG``, ``FIG q``, ``FIG{q}``, a dataset value, ``q ~ FIG``: rounded, qualified, a range, vague."""
        role = self.role[q]
        v, bad = self.value_for(q)
        nudge = self.pick([-1, 1]) if self.wrong() else 0
        # a name that is a number word is written in structured claims only, where a lone number
        # word beside it could be either (`yes = one`): an error by the language's rule
        fig = self.figure(v, role, nudge, plain=q in self.tricky)
        meant = True if not bad and not nudge else None
        how = self.pick(["plain", "plain", "qualified", "tilde", "range", "vague"])
        if role == "real":  # qualifiers and ranges start at 0; `~` of a negative figure shrinks
            how = "tilde" if how == "tilde" and fig.written is not None and fig.written >= 0 else "plain"
        if how == "qualified" and fig.written is not None and not fig.word:
            fig, meant = self.qualify(v, role, meant)
        elif how == "range" and "ranges" not in self.avoid:
            fig, meant = self.range_figure(v, role, meant)
        elif how == "vague" and role == "count" and q not in self.tricky:  # `no = dozens` could be two names
            fits = [w for w in VAGUE if v in VAGUE[w]]
            fig = vague(self.pick(fits or list(VAGUE)))
            meant = (v in fig.reading) if meant else None
        if how == "tilde" and fig.written is not None and fig.written >= 0 and not fig.word and "exactly" not in fig.form:
            return about(q, fig, self.t, var, meant)
        return figure_is(q, fig, self.pick(self.styles(q, fig)), var, meant)

    def qualify(self, v: F, role: str, meant: bool | None) -> tuple[Figure, bool | None]:
        word = self.pick(list(QUALIFIERS) + ["or more", "+"])
        what = QUALIFIERS.get(word, "at-least")
        # write the figure from a value the qualifier makes true (or its boundary)
        if what in ("more", "at-least", "just-over"):
            target = v * self.pick([F(1), F(9, 10), F(1, 2)])
        elif what in ("fewer", "at-most", "nearly"):
            target = v * self.pick([F(1), F(11, 10), F(2)])
        else:
            target = v
        if role == "count":
            target = F(round(target))
        fig = self.figure(target, role, plain=True)
        if word in ("or more", "+") and fig.form != "int":
            word = "at least"
        if what == "fewer" and fig.written == 0:  # `fewer than 0` can mean nothing: refused by the reader
            word = "at most"
        q = qualified(word, fig, self.t)
        return q, (v in q.reading) if meant else None

    def range_figure(self, v: F, role: str, meant: bool | None) -> tuple[Figure, bool | None]:
        """``200-250``, ``between 200 and 250``, ``1.2-1.5 million``, ``30-40%``, ``$1-2bn``."""
        prefix = self.currency if role == "money" else ""
        if role == "share":
            p = self.n(0, 1)
            unit, suffix = F(1, 100 * 10**p), "%"
        elif role in ("count", "money") and v >= 10**6 and self.coin():
            p = self.n(0, 1)
            unit, suffix = F(10**6, 10**p), self.pick([" million", "m"])
        else:
            p = 0 if role == "count" else self.n(0, 1)
            unit, suffix = F(1, 10**p), ""
        lo = max(0, floor(v / unit) - self.pick([0, 0, 1, 5]))
        hi = max(lo + 1, ceil(v / unit) + self.pick([0, 1, 1, 5]))
        if 1800 <= lo < hi <= 2100 and unit == 1:  # `1865–1866` is a span of years (docs/numbers.md)
            fig = span(F(lo), F(hi), f"between {prefix}{lo} and {hi}")
            return fig, (v in fig.reading) if meant else None
        a, b = dec_text(lo, p), dec_text(hi, p)
        text = self.pick([f"{prefix}{a}-{b}{suffix}", f"{prefix}{a}–{b}{suffix}", f"{prefix}{a} – {b}{suffix}",
                          f"between {prefix}{a} and {b}{suffix}"])
        fig = span(lo * unit, hi * unit, text)
        return fig, (v in fig.reading) if meant else None

    def bound_claim(self, q: str, var: str | None = None) -> Claim:
        """``q > 2 million``, ``q <= 7.22``, ``q != 5``, ``q < about 200``: the figure as written."""
        role = self.role[q]
        v = self.truth[q]
        op = self.pick(COMPARE)
        target = v if self.coin(0.6) else self.nudged(v, role)
        fig = self.bound_figure(target, role)
        if op != "!=" and fig.written >= 0 and not fig.form.startswith("exactly") and self.coin(0.15):
            return bound_about(q, op, fig, self.t, var)
        return bound(q, op, fig, var)

    def within_claim(self, q: str, var: str | None = None) -> Claim:
        """``q in A..B``, ends as written, any number form (signs, scales, currencies)."""
        role = self.role[q]
        v = self.truth[q]
        width = abs(v) * self.pick([F(0), F(1, 20), F(1, 5)]) + (1 if role in ("count", "real") else 0)
        lo_v = v - width * self.pick([F(1), F(1, 2), F(-1, 2)])
        hi_v = v + width * self.pick([F(1), F(1, 2), F(-1, 2)])
        if role != "real" or "in-forms" in self.avoid:
            lo_v = max(lo_v, F(0))
        if "in-forms" in self.avoid:  # digits only
            a, b = exact(floor(lo_v)), exact(ceil(hi_v))
        else:
            a = self.bound_figure(lo_v, role)
            b = self.bound_figure(hi_v, role)
        if a.written > b.written:
            a, b = b, a
        return within(q, a, b, var, meant=(a.written <= v <= b.written) or None)

    def not_equal_claim(self, q: str) -> Claim:
        v = self.truth[q]
        target = v if self.coin(0.3) else self.nudged(v, self.role[q])
        return bound(q, "!=", self.bound_figure(target, self.role[q]))

    # -- two quantities -------------------------------------------------------------------

    def share_claim(self, x: str, y: str) -> Claim:
        """``x = 42.7% of y`` and its kin: qualifiers, ranges, fractions, factors, bounds."""
        vx, vy = self.truth[x], self.truth[y]
        ratio = vx / vy if vy else F(0)
        how = self.pick(["percent", "percent", "percent", "qualified", "range", "fraction", "bound", "factor"])
        if how == "range" and "ranges" in self.avoid:
            how = "percent"
        if how == "fraction":
            word = min(FRACTIONS, key=lambda w: abs(FRACTIONS[w] - ratio))
            if self.wrong():
                word = self.pick(list(FRACTIONS))
            return share(x, fraction_word(word), y, meant=(vy > 0 and vx == FRACTIONS[word] * vy) or None)
        if how == "factor" and ratio >= 1:
            k = round(ratio)
            if k in (2, 3) and self.coin():
                word = {2: "twice", 3: "three times"}[k]
                return share(x, factor_word(word), y, meant=(vy > 0 and vx == k * vy) or None)
            p = self.n(0, 1)
            m = round(ratio * 10**p)
            fig = exact(m) if p == 0 else rounded(m, p)
            return factor(x, fig, y, meant=(fig.reading.low * vy <= vx <= fig.reading.high * vy) or None)
        bad = self.wrong()
        nudge = self.pick([-1, 1]) if bad else 0
        p = self.n(0, 1) if how in ("bound", "qualified") else self.n(0, 2)
        if how == "bound":
            fig = percent(max(0, round(ratio * 100 * 10**p) + nudge), p)
            return share_bound(x, self.pick(COMPARE), exactly(fig) if "bounds" in self.avoid else fig, y)
        if how == "qualified":
            # open-ended readings (`more than 40% of y`) are refused by tallycheck; not generated (see the findings)
            word = self.pick(["about", "nearly", "just over", "up to"])
            fig = qualified(word, percent(max(1, round(ratio * 100 * 10**p) + nudge), p), self.t)
            return share(x, fig, y, meant=(vy > 0 and ratio in fig.reading) or None)
        if how == "range":
            fig, _ = self.range_figure(ratio, "share", None)
            return share(x, fig, y, meant=(vy > 0 and ratio in fig.reading) or None)
        fig = percent(max(0, round(ratio * 100 * 10**p) + nudge), p)
        return share(x, fig, y, meant=(vy > 0 and not bad) or None)

    def mean_claim(self, s: str, n: str) -> Claim:
        """``score / n = 7.22`` (a rounded mean; ``n > 0`` presupposed), or a bound on it."""
        vs, vn = self.truth[s], self.truth[n]
        ratio = vs / vn if vn else F(0)
        bad = self.wrong()
        if bad:
            ratio = self.nudged(ratio, "ratio")
        p = self.n(0, 3)
        m = max(0, round(ratio * 10**p) + (self.pick([-1, 1]) if self.wrong() else 0))
        fig = exact(m) if p == 0 else rounded(m, p)
        if self.coin(0.25):
            return mean_bound(s, n, self.pick(COMPARE), exact(round(ratio)) if "bounds" in self.avoid else fig)
        return mean(s, n, fig, meant=(vn > 0 and not bad and vs / vn in fig.reading) or None)

    def difference_claim(self, x: str, y: str) -> Claim:
        """``x - y = 12``, ``x = y + 2.5``, ``x = y - 3``, ``x - y > 10``."""
        d = self.truth[x] - self.truth[y]
        bad = self.wrong()
        target = self.nudged(d, "real") if bad else d
        if self.coin(0.3):
            return difference_bound(x, y, self.pick(COMPARE), self.bound_figure(target, "real"))
        if target.denominator == 1:
            fig = exact(int(abs(target)))
        else:
            fig = self.decimal_figure(abs(target), 0, 1, 2)
        return difference(x, y, fig, target < 0, self.coin(), meant=None if bad else True)

    def relation_claim(self, x: str, y: str) -> Claim:
        """``x > y``, ``x = y``, ``x != y``, ``x ~ y`` between quantities."""
        op = self.pick(["<", "<=", ">", ">=", "!=", "=", "~"])
        if op == "~" and "real" in (self.role[x], self.role[y]):
            op = "="
        return relation(x, op, y, self.t)

    def sum_claim(self, total: str, parts: list[str]) -> Claim:
        return total_of(total, parts, meant=True)

    # -- statements -------------------------------------------------------------------------

    def single(self, q: str) -> Claim:
        maker = self.pick(["figure", "figure", "figure", "bound", "within", "not-equal"])
        return {"figure": self.figure_claim, "bound": self.bound_claim, "within": self.within_claim,
                "not-equal": self.not_equal_claim}[maker](q)

    def state(self, claim: Claim) -> None:
        """Write a claim on a line (alone, with a quote, as a tag, beside another)."""
        if claim.style == "tag":
            self.quote_of([claim])
            return
        if claim.style == "structured" and self.tag_expression(claim) and self.coin(0.15):
            self.quote_of([replace(claim, text="{" + claim.text + "}", style="tag-expression")])
            return
        quote = self.pick([None, None, "as reported", "the figures given"])
        self.add([claim], quote=quote)

    @staticmethod
    def tag_expression(claim: Claim) -> bool:
        """``{Q REL EXPR}``: a single quantity on the left, no `in`."""
        head = claim.text.split(" ", 2)
        return len(head) == 3 and head[1] in ("=", "!=", "<", "<=", ">", ">=", "~") and "/" not in claim.text

    def quote_of(self, claims: list[Claim]) -> None:
        pieces: list[str | int] = []
        for i, c in enumerate(claims):
            if i == 0:
                pieces.append(self.pick(FILLERS) + " ")
            else:
                pieces.append(self.pick([" to "] + TAIL_FILLERS))
            pieces.append(i)
        pieces.append(self.pick(AFTERS))
        self.add(claims, pieces, quoted=True)

    def flush(self, claims: list[Claim]) -> None:
        """State claims, joining some tags into one quote and some phrases into `A x to B y`."""
        tags = [c for c in claims if c.style == "tag"]
        phrases = [c for c in claims if c.style == "phrase"]
        for c in claims:
            if c.style not in ("tag", "phrase"):
                self.state(c)
        while tags:
            k = self.n(1, min(3, len(tags)))
            self.quote_of(tags[:k])
            tags = tags[k:]
        while phrases:
            if len(phrases) >= 2 and self.coin(0.3):
                self.add(phrases[:2], [0, " to ", 1])
                phrases = phrases[2:]
            else:
                self.add([phrases[0]], quote=self.pick([None, "in the words of the report"]))
                phrases = phrases[1:]


# -- groups of quantities ------------------------------------------------------------------


def group_hierarchy(g: Gen) -> None:
    """A total under ``define`` (nested, ``sum(prefix.*)``, or number words as names)."""
    big = g.pick([12, 60, 400, 5000, 80000, 3_000_000])
    tricky = not g.tricky_used and "names" not in g.avoid and g.coin(0.3)
    if tricky:
        g.tricky_used = True
        children = list(g.pick(TRICKY))
        for c in children:
            g.tricky.add(c)
        top = g.name(["total", "voters", "turnout_count"])
        dotted = False
    else:
        top = g.name(TOPS)
        k = g.n(2, 4)
        dotted = g.coin(0.6)
        parts = g.draw(st.lists(st.sampled_from(PARTS), min_size=k, max_size=k, unique=True))
        children = [f"{top}.{p}" if dotted else g.name([p + "_" + top.split("_")[0]]) for p in parts]
    values = [F(g.n(0, big)) for _ in children]
    if sum(values) == 0:
        values[0] = F(1)
    nested = None
    if not tricky and g.coin(0.3):
        nested = children[0]
        subs = [f"{nested}.{p}" for p in ("one_a", "two_b")] if g.coin(0.3) else [f"{nested}.{p}" for p in ("adults", "minors")]
        sub_values = [F(g.n(0, int(values[0]))) for _ in subs[:1]]
        sub_values.append(values[0] - sub_values[0])
        for s_, v in zip(subs, sub_values):
            g.quantity(s_, "count", v)
        g.definitions.append(sum_definition(nested, subs))
    for c, v in zip(children, values):
        g.quantity(c, "count", v)
    g.quantity(top, "count", sum(values))
    claims: list[Claim] = []
    subs = [q for q in g.truth if nested and q.startswith(nested + ".")]
    nodes = [top] + children + subs
    for _ in range(g.n(1, 10)):
        kind = g.pick(["single", "single", "share", "share", "relation", "difference"])
        if kind == "single":
            claims.append(g.single(g.pick(nodes)))
        elif kind == "share" and subs and g.coin(0.3):
            claims.append(g.share_claim(g.pick(subs), nested))
        elif kind == "share":
            claims.append(g.share_claim(g.pick(children), top))
        elif kind == "relation":
            a, b = g.draw(st.permutations(children))[:2]
            claims.append(g.relation_claim(a, b))
        else:
            a, b = g.draw(st.permutations(children))[:2]
            claims.append(g.difference_claim(a, b))
    # sum(top.*) sums the quantities written under top. anywhere: only when each child is
    written = {v for c in claims for v in c.variables} | ({nested} if nested else set())
    if dotted and set(children) <= written and g.coin(0.4):
        g.definitions.append(sum_definition(top, children, f"{top} = sum({top}.*)"))
    elif g.coin(0.75):
        g.definitions.append(sum_definition(top, children))
    else:
        claims.append(g.sum_claim(top, children))
    g.flush(claims)


def group_shares(g: Gen) -> None:
    """Amount shares adding up to exactly 100% (a definition), claimed as percentages."""
    tricky = not g.tricky_used and "names" not in g.avoid and g.coin(0.3)
    if tricky:
        g.tricky_used = True
        parts = list(g.pick(TRICKY))
        for p in parts:
            g.tricky.add(p)
    else:
        prefix = g.name(SHARES)
        k = g.n(2, 4)
        parts = [f"{prefix}.{p}" for p in SHARE_PARTS[:k]]
    weights = [g.n(0, 1000) for _ in parts]
    if sum(weights) == 0:
        weights[0] = 1
    for p, w in zip(parts, weights):
        g.quantity(p, "share", F(w, sum(weights)))
    g.definitions.append(shares_definition(parts))
    claims = []
    for _ in range(g.n(1, 6)):
        kind = g.pick(["figure", "figure", "bound", "within", "relation"])
        q = g.pick(parts)
        if kind == "figure":
            claims.append(g.figure_claim(q))
        elif kind == "bound":
            claims.append(g.bound_claim(q))
        elif kind == "within" and q not in g.tricky:
            claims.append(g.within_claim(q))
        else:
            a, b = g.draw(st.permutations(parts))[:2]
            claims.append(g.relation_claim(a, b))
    g.flush(claims)


def group_mean(g: Gen) -> None:
    """A mean of integer answers: ``score / respondents = 7.22`` with the base bounded."""
    s, n = g.name(SCORES), g.name(BASES)
    vn = g.n(1, 150)
    g.quantity(n, "count", F(vn))
    g.quantity(s, "count", F(g.n(vn, 10 * vn)))
    claims = [g.mean_claim(s, n)]
    for _ in range(g.n(0, 3)):
        kind = g.pick(["mean", "base", "base", "score"])
        if kind == "mean":
            claims.append(g.mean_claim(s, n))
        elif kind == "base":
            claims.append(g.pick([g.figure_claim, g.bound_claim, g.within_claim])(n))
        else:
            claims.append(g.single(s))
    g.flush(claims)


def group_money(g: Gen) -> None:
    """Amounts in the story's one currency, with scale words: ``$3bn``, ``£80.7bn..£87.7bn``."""
    top = g.name(MONEY)
    unit = g.pick([1, 1000, 10**6, 10**8])
    parts = [f"{top}.{p}" for p in g.draw(st.lists(st.sampled_from(MONEY_PARTS), min_size=2, max_size=3, unique=True))]
    values = [F(g.n(1, 200) * unit) for _ in parts]
    for p, v in zip(parts, values):
        g.quantity(p, "money", v)
    g.quantity(top, "money", sum(values))
    g.definitions.append(sum_definition(top, parts))
    claims = []
    for _ in range(g.n(1, 6)):
        kind = g.pick(["figure", "figure", "bound", "within", "share"])
        q = g.pick([top] + parts)
        if kind == "figure":
            claims.append(g.figure_claim(q))
        elif kind == "bound":
            claims.append(g.bound_claim(q))
        elif kind == "within":
            claims.append(g.within_claim(q))
        else:
            claims.append(g.share_claim(g.pick(parts), top))
    g.flush(claims)


def group_real(g: Gen) -> None:
    """Signed quantities: ``r = -12.5``, ``r in -5..-3``, ``define net = gain - loss``."""
    r = g.name(REALS)
    g.quantity(r, "real", F(g.n(-3000, 3000), g.pick([1, 10, 100])))
    claims = []
    qs = [r]
    if g.coin(0.5):
        gain, loss = g.name(["gain", "inflow", "hired"]), g.name(["loss", "outflow", "fired"])
        net = g.name(["net", "net_change", "balance_net"])
        g.quantity(gain, "count", F(g.n(0, 500)))
        g.quantity(loss, "count", F(g.n(0, 500)))
        g.quantity(net, "real", g.truth[gain] - g.truth[loss])
        g.definitions.append(difference_definition(net, gain, loss))
        qs += [net, gain, loss]
        if g.coin(0.5):
            claims.append(g.difference_claim(gain, loss))
    for _ in range(g.n(1, 5)):
        q = g.pick(qs)
        kind = g.pick(["figure", "bound", "within", "not-equal"])
        claims.append({"figure": g.figure_claim, "bound": g.bound_claim, "within": g.within_claim,
                       "not-equal": g.not_equal_claim}[kind](q))
    g.flush(claims)


def group_cumulative(g: Gen) -> None:
    """A cumulative count dated by ``Q@DATE``, by its source's date, or by a dataset row's date."""
    q = g.name(CUMULATIVE)
    g.cumulative.append(q)
    dates = sorted(g.draw(st.lists(st.sampled_from(DATES), min_size=2, max_size=4, unique=True)))
    v = F(g.n(0, 300))
    g.quantity(q, "count", v)
    for d in dates:
        g.truth[f"{q}@{d}"] = g.truth[q] = v
        for _ in range(g.n(1, 2)):
            var = f"{q}@{d}"
            claim = g.figure_claim(q, var) if g.coin(0.7) else g.bound_claim(q, var)
            dated = [s for s in g.sources if s.declared and s.date == d]
            how = g.pick(["at", "source", "row"])
            if how == "source" and dated and claim.style in ("structured", "phrase", "tag"):
                src = g.pick(dated).id  # the claim takes its source's date
                if claim.style == "tag":
                    g.add([claim], [g.pick(FILLERS) + " ", 0], quoted=True, source=src)
                else:
                    g.add([claim], source=src)
            elif how == "row" and claim.style in ("value", "structured") and not (claim.tolerant and g.t != TEN_PERCENT):
                # a dataset's numbers are read with the default tolerance, not the .tally file's
                src = g.pick(DATA_SOURCES)
                g.add([claim], source=src, date=d, place="values" if claim.style == "value" else "claims")
            else:
                at = f"{q}@{d}"
                text = claim.text.replace(q, at, 1) if claim.style != "tag" else claim.text.replace("{" + q + "}", "{" + at + "}")
                claim = replace(claim, text=text, quantity=at if claim.quantity else None)
                src = g.pick([s for s in g.sources if s.declared]).id
                if claim.style == "tag":
                    g.add([claim], [g.pick(FILLERS) + " ", 0], quoted=True, source=src)
                elif claim.style == "value":
                    g.add([replace(claim, style="phrase")], source=src)
                else:
                    g.add([claim], source=src)
        v = v + g.n(0, 40)
    del g.truth[q]  # only dated variables: every claim about q is dated


def group_pair(g: Gen) -> None:
    """Two quantities related by a factor, a fraction, a difference or a comparison."""
    role = g.pick(["count", "count", "money"])
    pool = COUNTS if role == "count" else MONEY
    x, y = g.name(pool), g.name(pool)
    vy = F(g.n(1, 400) * (1 if role == "count" else 1000))
    how = g.pick(["twice", "thrice", "half", "third", "plus", "minus", "scaled"])
    vx = {
        "twice": 2 * vy,
        "thrice": 3 * vy,
        "half": vy / 2,
        "third": vy / 3,
        "plus": vy + g.n(0, 50),
        "minus": max(F(0), vy - g.n(0, 50)),
        "scaled": vy * F(g.n(10, 40), 10),
    }[how]
    if role == "count":
        vx = F(round(vx))
    g.quantity(x, role, vx)
    g.quantity(y, role, vy)
    claims = []
    for _ in range(g.n(1, 5)):
        kind = g.pick(["share", "share", "difference", "relation", "single", "mean"])
        if kind == "share":
            claims.append(g.share_claim(x, y))
        elif kind == "difference":
            claims.append(g.difference_claim(x, y))
        elif kind == "relation":
            claims.append(g.relation_claim(x, y))
        elif kind == "mean" and role == "count":
            claims.append(g.mean_claim(x, y))
        else:
            claims.append(g.single(g.pick([x, y])))
    g.flush(claims)


def group_bounds(g: Gen) -> None:
    """One quantity under many bounds, qualifiers, ranges and `!=` from several sources."""
    role = g.pick(["count", "count", "money", "share"])
    pool = {"count": COUNTS, "money": MONEY, "share": ["turnout", "approval", "support"]}[role]
    q = g.name(pool)
    v = {
        "count": F(g.pick([g.n(0, 30), g.pick([6, 12]), g.n(100, 999), g.n(1000, 99999), g.n(10**6, 5 * 10**6)])),
        "money": F(g.n(1, 5000) * g.pick([1, 10**3, 10**6])),
        "share": F(g.n(0, 1000), 1000),
    }[role]
    g.quantity(q, role, v)
    claims = []
    for _ in range(g.n(2, 8)):
        claims.append(g.pick([g.figure_claim, g.figure_claim, g.bound_claim, g.within_claim, g.not_equal_claim])(q))
    g.flush(claims)


GROUPS = [group_hierarchy, group_shares, group_mean, group_money, group_real, group_cumulative, group_pair, group_bounds]


# -- the story -------------------------------------------------------------------------------


@st.composite
def stories(draw, max_claims: int = 60, groups=None, avoid=frozenset()) -> Story:
    t = draw(st.sampled_from([TEN_PERCENT] * 4 + [F(1, 20), F(1, 5)]))
    currency = draw(st.sampled_from("$£€"))
    ids = draw(st.lists(st.sampled_from(SOURCES), min_size=1, max_size=5, unique=True))
    sources = []
    for sid in ids:
        name = draw(st.sampled_from([None, None] + NAMES))
        date = draw(st.sampled_from([None, None] + DATES))
        sources.append(Source(sid, name, date))
    error_rate = draw(st.sampled_from([0.0, 0.0, 0.05, 0.1, 0.25]))
    g = Gen(draw, t, currency, sources, error_rate, avoid)
    for _ in range(draw(st.integers(1, 12))):
        group = draw(st.sampled_from(groups or GROUPS))
        before = (len(g.statements), len(g.definitions), len(g.cumulative))
        group(g)
        if sum(len(s_.claims) for s_ in g.statements) > max_claims and before[0]:
            del g.statements[before[0]:], g.definitions[before[1]:], g.cumulative[before[2]:]
            break
    statements = g.statements
    datasets = draw(st.booleans()) and draw(st.booleans())
    declared = [s.id for s in sources]
    for s_ in statements:
        if s_.source is not None:
            continue
        s_.source = draw(st.sampled_from(declared))
        (c, *more) = s_.claims
        movable = not more and not s_.quoted and not (c.tolerant and t != TEN_PERCENT)
        if datasets and movable and draw(st.booleans()):
            if c.style == "value":
                s_.place = "values"
            else:
                s_.place = "claims"
            if draw(st.booleans()):
                s_.source = draw(st.sampled_from(DATA_SOURCES))
        elif draw(st.integers(0, 9)) == 0:
            s_.attributed = True
        if s_.place == "tally" and c.style == "value":
            s_.claims = [replace(c, style="phrase")]
    for s_ in statements:
        if s_.place == "tally" and s_.source in DATA_SOURCES:
            s_.source = declared[0]
    order = draw(st.permutations(range(len(statements))))
    statements = [statements[i] for i in order]
    used_sources = {s_.source for s_ in statements}
    for extra in sorted(used_sources - set(declared)):
        sources.append(Source(extra, declared=False))
    title = draw(st.sampled_from([None, "A story", "Casualties and votes"]))
    return Story(
        kinds=dict(g.kinds),
        cumulative=list(g.cumulative),
        explicit_counts=list(g.explicit_counts),
        definitions=list(g.definitions),
        statements=statements,
        sources=sources,
        truth=dict(g.truth),
        approximate=t,
        title=title,
        definitions_last=draw(st.integers(0, 4)) == 0,
    )
