"""Generated inputs for the tests of --jobs: lines of rules and rows of datasets mixing
every feature that ties statements together (sources, blocks, sums, declarations, dates,
quoted cells) with lines that are wrong."""

from hypothesis import strategies as st

QUANTITIES = st.sampled_from(["s0.a", "s0.b", "s0.total", "s1.a", "s1.x.y", "s2.n", "s2.m", "t", "deaths"])
SOURCES = st.sampled_from(["p", "q", "r", "agency", "src-1", "5bad"])
VALUES = st.sampled_from(["5", "1,234", "about 250", "more than 3", "12%", "between 2 and 3", "seven", "x", "",
                          "\"1,000\"", "-2", "0.5"])


@st.composite
def rules_line(draw) -> str:
    kind = draw(st.integers(0, 8))
    q1, q2, q3 = draw(QUANTITIES), draw(QUANTITIES), draw(QUANTITIES)
    if kind == 0:
        return f"define {q1} = {q2} + {q3}"
    if kind == 1:
        return f"define {q1} >= sum({draw(st.sampled_from(['s0', 's1', 's2', 's1.x']))}.*)"
    if kind == 2:
        return f"{draw(st.sampled_from(['count', 'amount', 'real', 'cumulative']))} {q1}, {q2}"
    if kind == 3:
        return f"source {draw(SOURCES)} \"A name\" 2024-01-0{draw(st.integers(1, 9))}"
    if kind == 4:
        return f"  {q1} = {draw(st.integers(0, 20))}"
    if kind == 5:
        return f"{draw(SOURCES)}: {q1} <= {draw(st.integers(0, 20))}"
    if kind == 6:
        return "set approximate 10%"
    if kind == 7:
        return f"define {q1} = = 3"
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
