"""The fast path for common lines reads exactly what the grammar reads, or steps aside."""

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from lark import Token

from tallycheck.read.fastline import read_common_line
from tallycheck.read.parse import parse_document, parse_line_with_grammar

NAMES = [
    "x", "s1.total", "a.b-c", "total_2024", "été.x", "x_", "US", "k", "m", "q.a.b",
    # names the grammar reads otherwise: number words, keywords, currency codes
    "five", "one-two", "a", "an", "half.x", "EUR5x", "source", "define", "in", "of", "sum",
    "to", "count", "set", "title", "x-5", "bn", "usd", "percent",
    # number words as names (a lone word that is not a number on its own), and lone words
    # that are numbers on their own (the build stage reads them both ways)
    "no", "yes", "some", "over", "per", "plus", "about", "an.x", "a-b", "no_x", "twenty-one", "half",
    "one", "twice", "thousands", "No", "A",
]
NUMBERS = [
    "0", "5", "248", "1,234", "12,345,678", "1234.5", "5.00", "42.7%", "3%", "100%", "05",
    # forms left to the grammar, or errors there
    "1,23", "12,5", "5k", "-5", "+3", "1 234", "~5", "5.", ".5", "5e3", "5 %", "5m", "5+",
    "5,000.25", "1,2345", "2012-13", "5 million", "five",
    # lone number words, hyphen ranges (a range without spaces, a subtraction with them),
    # signed and scaled figures
    "half", "twice", "a", "no", "a dozen", "30-50%", "1.2-1.5 million", "200–250", "200 – 250", "30 - 50",
    "$1-2bn", "250-200", "-12.5", "- 5", "−5", "1 million", "£80.7bn", "-£1.5m",
]
RELS = ["=", "!=", "<=", ">=", "<", ">", "~", "==", "=<", "in"]
WS = ["", " ", "  ", "\t"]
QUOTES = [None, '"about 5"', '"x {q} y"', '"a # b"', '"esc \\" q"', '""', '"5 000"']

names = st.sampled_from(NAMES) | st.from_regex(r"[a-zA-Z_][a-zA-Z0-9_.\-]{0,8}", fullmatch=True)
ws = st.sampled_from(WS)


@st.composite
def claim_lines(draw):
    parts = [draw(st.sampled_from(["", "  ", "\t", " "])), draw(names), draw(dates), draw(ws), draw(st.sampled_from(RELS))]
    parts += [draw(ws), draw(st.sampled_from(NUMBERS))]
    if draw(st.booleans()):
        parts += [" ", draw(st.sampled_from(["of", "of ", "OF", "off"])), draw(ws), " ", draw(names)]
    q = draw(st.sampled_from(QUOTES))
    if q is not None:
        parts += [draw(st.sampled_from([" ", "  ", ""])), q]
    parts.append(draw(st.sampled_from(["", " ", "  # note", "\t"])))
    return "".join(parts)


#: a date after a claim's quantity (``deaths@2024-01-31``), written well or not
dates = st.sampled_from(["", "", "@2024-01-31", " @ 2024-01-31", "@2024-02-30", "@2024-1-31", "@", "@x"])

ENDS = ["-5", "-3", "1 million", "1.5 million", "£80.7bn", "£87.7bn", "-£2bn", "+3", "five", "about 5"]  # range ends
QUALIFIERS = ["", "more than ", "fewer  than ", "less than ", "at least ", "at most ", "up to ", "about ",
              "around ", "nearly ", "almost ", "over ", "under ", "roughly ", "approximately ", "more\tthan ",
              "some ", "about about ", "more than about ", "not ", "exactly ", "-", "+"]


@st.composite
def other_claim_lines(draw):
    """Phrase claims, ratios and ranges: `N q`, `more than N q`, `a / b = N`, `q in N..M`."""
    indent = draw(st.sampled_from(["", "  ", "\t"]))
    shape = draw(st.sampled_from(["phrase", "ratio", "within"]))
    if shape == "phrase":
        body = f"{draw(st.sampled_from(QUALIFIERS))}{draw(st.sampled_from(NUMBERS))}{draw(st.sampled_from([' ', '  ', '']))}{draw(names)}"
        if draw(st.booleans()):
            body += f" to {draw(st.sampled_from(NUMBERS))} {draw(names)}"
    elif shape == "ratio":
        body = f"{draw(names)}{draw(ws)}/{draw(ws)}{draw(names)}{draw(ws)}{draw(st.sampled_from(RELS))}{draw(ws)}{draw(st.sampled_from(NUMBERS))}"
    else:
        body = f"{draw(names)}{draw(dates)} {draw(st.sampled_from(['in', 'in ', 'IN']))} {draw(st.sampled_from(NUMBERS + ENDS))}{draw(st.sampled_from(['..', ' .. ', '.', '...']))}{draw(st.sampled_from(NUMBERS + ENDS))}"
    q = draw(st.sampled_from(QUOTES))
    if q is not None:
        body += draw(st.sampled_from([" ", "  ", ""])) + q
    return indent + body + draw(st.sampled_from(["", " ", "  # note"]))


@settings(max_examples=1500, suppress_health_check=[HealthCheck.too_slow])
@given(other_claim_lines())
@example('  184 s2.part0  "184 of them"')
@example('  more than 2954 s9.crowd  "more than 2954 people"')
@example('  s0.score / s0.respondents = 5.42  "an average score of 5.42"')
@example('  s7.displaced in 70763..71391  "between 70763 and 71391 displaced"')
@example("  a in 1..5")
@example("  deaths@2024-01-31 in 3..5")
@example("  x in -5..-3")
@example("  x in £80.7bn..£87.7bn")
def test_fast_phrases_ratios_and_ranges_equal_the_grammar(line):
    _check(line)


@st.composite
def statement_lines(draw):
    kind = draw(st.sampled_from(["title", "source", "define", "declare"]))
    if kind == "title":
        line = draw(st.sampled_from(["title", "titles", " title", "TITLE"])) + draw(ws)
        line += draw(st.sampled_from(QUOTES[1:] + ['"x", 5', '"unclosed', "'single'", "x"]))
        return line + draw(st.sampled_from(["", " ", "  # note", "\t", " x"]))
    if kind == "source":
        line = f"{draw(st.sampled_from(['source', 'sources', ' source']))}{draw(st.sampled_from([' ', '  ', '']))}{draw(names)}"
        q = draw(st.sampled_from(QUOTES))
        if q is not None:
            line += draw(st.sampled_from([" ", ""])) + q
        date = draw(st.sampled_from([None, "2024-01-31", "2024-02-30", "2024-1-31", "20240131", "2024-01-31x"]))
        if date is not None:
            line += draw(st.sampled_from([" ", "  ", "\t", ""])) + date
        return line + draw(ws)
    if kind == "define":
        terms = draw(st.lists(names, min_size=1, max_size=4))
        sep = draw(st.sampled_from([" + ", "+", " - ", " +  "]))
        if draw(st.booleans()):
            return f"define {sep.join(terms)}{draw(ws)}={draw(ws)}{draw(st.sampled_from(NUMBERS))}{draw(ws)}"
        return f"define {draw(names)}{draw(ws)}={draw(ws)}{sep.join(terms)}{draw(ws)}"
    k = draw(st.sampled_from(["count", "amount", "real", "cumulative", "counts"]))
    sep = draw(st.sampled_from([", ", ",", " , ", " "]))
    return f"{k} {sep.join(draw(st.lists(names, min_size=1, max_size=4)))}{draw(ws)}"


def _comparable(item):
    """Tokens compare by text only; compare their columns too."""
    if isinstance(item, Token):
        return ("TOKEN", str(item), item.column)
    if isinstance(item, (list, tuple)):
        return tuple(_comparable(x) for x in item)
    return item


def _check(line):
    fast = read_common_line(line, "f.tally", 7)
    if fast is None:
        return
    slow, problem = parse_line_with_grammar(line, "f.tally", 7)
    assert problem is None, f"fast path read {line!r}, the grammar refuses it: {problem.message}"
    assert _comparable(fast) == _comparable(slow), line


@settings(max_examples=1500, suppress_health_check=[HealthCheck.too_slow])
@given(claim_lines())
@example('  s1.b > 4671  "about 4672"')
@example("  x = 19% of s1.total")
@example("  x ~ 5")
@example("  a = 50.3% of total")
@example("  no ~ 5")
@example("  x = 30-50% of y")
@example("  deaths@2024-01-31 = 120")
@example("  deaths @ 2024-01-31 >= 5")
def test_fast_claims_equal_the_grammar(line):
    _check(line)


@settings(max_examples=800, suppress_health_check=[HealthCheck.too_slow])
@given(statement_lines())
@example("define total = yes + no + undecided")
@example("define a + b + no = 100%")
@example("count a, no, five")
@example('source s1 "Outlet 1" 2024-01-31')
@example("source s1 2024-02-29")
def test_fast_statements_equal_the_grammar(line):
    _check(line)


COMMON = [
    "source mod",
    'source simonyan "Margarita Simonyan"',
    "count s1.total, s1.a, s1.b",
    "amount budget",
    "define s1.total = s1.a + s1.b",
    "  s1.total = 5,782",
    "  s1.a = 1110",
    '  s1.b > 4671  "about 4672"',
    "  s1.a = 19% of s1.total",
    "  share <= 42.7%",
    '  184 s2.part0  "184 of them"',
    '  more than 2954 s9.crowd  "more than 2954 people"',
    '  s0.score / s0.respondents = 5.42  "an average score of 5.42"',
    '  s7.displaced in 70763..71391  "between 70763 and 71391 displaced"',
    "define s4.share0 + s4.share1 + s4.share2 = 100%",
    'title "Synthetic editorial dataset: 100 claims, seed 1"',
]


def test_the_common_shapes_take_the_fast_path():
    for line in COMMON:
        assert read_common_line(line, "f.tally", 1) is not None, line
        _check(line)


def test_a_whole_document_reads_the_same_with_and_without_the_fast_path(monkeypatch):
    text = "\n".join(['title "T"', "count s1.total, s1.a, s1.b", "define s1.total = s1.a + s1.b", "source a"]
                     + COMMON[5:-1]) + "\n"
    fast = parse_document(text, "f.tally")
    monkeypatch.setattr("tallycheck.read.parse.read_common_line", lambda *a: None)
    slow = parse_document(text, "f.tally")
    assert _comparable(fast.claims) == _comparable(slow.claims)
    assert fast.defines == slow.defines and fast.declares == slow.declares and fast.sources == slow.sources
    assert fast.title == slow.title == "T"


@settings(max_examples=3000, suppress_health_check=[HealthCheck.too_slow])
@given(names | st.from_regex(r"(?i:(?:eur|usd|gbp|uah|rub|one|two|half|a|an|about|dozen|mid)[a-z0-9_.\-]{0,4})", fullmatch=True))
def test_the_quick_name_check_agrees_with_the_number_terminals(name):
    """A name is plain when it is no keyword and no number terminal matches at its start;
    the quick check (currency codes, first words of number words) must never say otherwise."""
    from tallycheck.read.fastline import _KEYWORDS, _is_plain, _number_starts

    assert _is_plain(name) == (name not in _KEYWORDS and not any(p.match(name) for p in _number_starts()))
