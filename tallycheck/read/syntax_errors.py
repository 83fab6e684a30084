"""Turning lark's parse errors into plain, located messages (lark's ``match_examples``)."""

from __future__ import annotations

from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

# Each message is matched to an error by example lines that fail the same way.
EXAMPLES: dict[str, list[str]] = {
    "a claim needs a relation (`returned = 248`) or a number before the quantity (`248 returned`)": [
        "returned 248",
        "returned.swap five",
        "x y",
    ],
    "the relation has nothing on its right-hand side": [
        "returned =",
        "x >=",
        "define x =",
        "x = 5 +",
    ],
    "a quote is not closed: it needs a closing `\"`": [
        'returned = 248 "the return',
        '"an additional 75{x} soldiers',
    ],
    "a `source` line needs an id first: `source mod \"Russian Ministry of Defense\" 2024-01-31`": [
        'source "Ministry"',
        "source 2024-01-31",
        "source",
    ],
    "a parenthesis is not closed": [
        "x = (a + b",
        "x = sum(a.*",
    ],
    "`define` needs a relation: `define total = a + b`": [
        "define total",
        "define",
    ],
    "a kind declaration lists quantity names: `count returned, released`": [
        "count 5",
        "count",
        "real",
    ],
    "`set` needs an option and a value: `set approximate 10%`": [
        "set",
        "set approximate",
    ],
    "`title` needs a quoted name: `title \"Return of 248 servicemen\"`": [
        "title",
        "title Return",
    ],
    "a range inside a structured claim is written `x in 200..250`": [
        "x in 200",
        "x in 200-250",
    ],
}

TERMINAL_NAMES = {
    "NAME": "a quantity name",
    "NUMLIT": "a number",
    "APPROXLIT": "a number",
    "NUMWORDS": "a number in words",
    "QUOTE": 'a quote "…"',
    "REL": "a relation (= != < <= > >= ~)",
    "DATE": "a date YYYY-MM-DD",
    "URL": "a <URL>",
    "PLUS": "+",
    "MINUS": "-",
    "STAR": "*",
    "SLASH": "/",
    "LPAR": "(",
    "RPAR": ")",
    "COLON": ":",
    "COMMA": ",",
    "IN": "in",
    "OF": "of",
    "TO": "to",
    "AT": "@",
    "$END": "the end of the line",
    "SETTING_VALUE": "a value",
}


def describe(error: UnexpectedInput, parse_line) -> str:
    """A plain sentence for a parse error of one line."""
    label = None
    try:
        label = error.match_examples(parse_line, EXAMPLES, use_accepts=True)
    except Exception:  # match_examples re-parses; an odd example must never hide the error
        label = None
    if isinstance(error, UnexpectedCharacters):
        found = f"unexpected character {error.char!r}"
    elif isinstance(error, UnexpectedEOF):
        found = "the line ends too early"
    elif isinstance(error, UnexpectedToken):
        tok = error.token
        shown = tok.value if len(tok.value) <= 24 else tok.value[:20] + "…"
        found = "the line ends too early" if tok.type == "$END" else f"unexpected {shown!r}"
    else:
        found = "cannot read this line"
    if label:
        return f"{found}: {label}"
    expected = sorted({TERMINAL_NAMES.get(t, t.lower().strip("_")) for t in getattr(error, "expected", ()) or ()})
    if expected:
        return f"{found}; expected {', '.join(expected)}"
    return found
