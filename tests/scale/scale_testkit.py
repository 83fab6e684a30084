"""Generated inputs for the tests of --jobs and Dask: lines of rules, rows of datasets
(.csv in both layouts, .jsonl) and annotated articles, mixing every feature that ties
statements together (sources, blocks, sums, declarations, dates, quoted cells, keywords
used as names) with lines that are wrong."""

import json

from hypothesis import strategies as st

# Names the scan must not take for keywords (`source` or `count` can name a quantity), number
# words it may leave out (`five`: never a quantity), and `sum`, which is never a name.
QUANTITIES = st.sampled_from(["s0.a", "s0.b", "s0.total", "s1.a", "s1.x.y", "s2.n", "s2.m", "t", "deaths", "source",
                              "count", "title", "five", "sum", "s0"])
SOURCES = st.sampled_from(["p", "q", "r", "agency", "src-1", "5bad", "define"])
VALUES = st.sampled_from(["5", "1,234", "about 250", "more than 3", "12%", "between 2 and 3", "seven", "x", "",
                          "\"1,000\"", "-2", "0.5"])


@st.composite
def rules_line(draw) -> str:
    kind = draw(st.integers(0, 11))
    q1, q2, q3 = draw(QUANTITIES), draw(QUANTITIES), draw(QUANTITIES)
    indent = draw(st.sampled_from(["", "", "  "]))
    if kind == 0:
        return f"{indent}define {q1} = {q2} + {q3}"
    if kind == 1:
        return f"define {q1} >= sum({draw(st.sampled_from(['s0', 's1', 's2', 's1.x']))}.*)"
    if kind == 2:
        return f"{indent}{draw(st.sampled_from(['count', 'amount', 'real', 'cumulative']))} {q1}, {q2}"
    if kind == 3:
        return f"source {draw(SOURCES)} \"A name\" 2024-01-0{draw(st.integers(1, 9))}"
    if kind in (4, 9):
        quote = draw(st.sampled_from(["", ' "said so"', f' "about {draw(st.integers(1, 9))}{{{q2}}} more"', " # x"]))
        return f"  {q1} = {draw(st.integers(0, 20))}{quote}"
    if kind == 5:
        return f"{indent}{draw(SOURCES)}: {q1} <= {draw(st.integers(0, 20))}"
    if kind == 6:
        return f"{indent}set approximate {draw(st.sampled_from(['10%', '1%', 'x']))}"
    if kind == 7:
        return f"define {q1} = = 3"
    if kind == 8:
        return f"  {q1}@2024-01-0{draw(st.integers(1, 3))} = {draw(st.integers(0, 20))}"
    if kind == 10:
        return draw(st.sampled_from(["", "# a comment", "\f", "title \"t\"", "source", "  x y z", "count = 5"]))
    return f"{q1} ~ {draw(st.integers(0, 20))}"


@st.composite
def data_row(draw, claims: bool = False) -> str:
    date = draw(st.sampled_from(["", "2024-01-02", "2024-01-05", "2024-13-01"]))
    quote = draw(st.sampled_from(["", "plain", "\"with, a comma\"", "\"two\nlines\"", "\"a \"\"quoted\"\" word\""]))
    if claims:  # source, claim, date, quote
        claim = draw(st.sampled_from(["{q} = {n}", "about {n} {q}", "{q} + {r} = {n}", "{q} >= sum(s1.*)", "{q} ~ {n}",
                                      "\"{q} {n}\"", "src: {q} = {n}", "{n}", "{q} in 1..{n}"]))
        value = claim.format(q=draw(QUANTITIES), r=draw(QUANTITIES), n=draw(st.integers(0, 20)))
        return f"{draw(SOURCES)},{value},{date},{quote}"
    return f"{draw(SOURCES)},{draw(QUANTITIES)},{draw(VALUES)},{date},{quote}"


@st.composite
def jsonl_row(draw) -> str:
    """A .jsonl row, now and then without a column or not an object at all."""
    row = {"source": draw(SOURCES), "quantity": draw(QUANTITIES), "value": draw(VALUES)}
    if draw(st.integers(0, 9)) == 0:
        row.pop(draw(st.sampled_from(sorted(row))))
    if draw(st.integers(0, 19)) == 0:
        return "[1, 2]"
    return json.dumps(row)


@st.composite
def article(draw) -> str:
    """An annotated article: front matter naming a source, tags about the quantities."""
    tags = draw(st.lists(st.tuples(st.integers(1, 20), QUANTITIES), min_size=1, max_size=4))
    body = " ".join(f"then {n}{{{q}}} of them." for n, q in tags)
    source = draw(st.sampled_from(["agency", "p", "writer"]))
    return f"---\nsource: {source}\ntitle: An article\ndate: 2024-01-0{draw(st.integers(1, 3))}\n---\n{body}\n"
