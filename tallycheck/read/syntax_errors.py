"""Turning lark's parse errors into plain, located messages (lark's ``match_examples``)."""

from __future__ import annotations

import unicodedata

from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

# Not a parse error: the QUOTE terminal takes an unclosed quote to the end of the line (so
# that a long one is read in linear time) and tallycheck.read.parse says so.
UNCLOSED_QUOTE = "a quote is not closed: it needs a closing `\"`"

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
    "a range before a quantity is written `200-250 killed` or `200 – 250 killed` (`200 - 250` subtracts)": [
        "200 - 250 killed",
        "one - two killed",
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
    "<END-OF-FILE>": "the end of the line",
    "SETTING_VALUE": "a value",
    "ENDASH": "–",
    "__ANON_0": "..",
    "__ANON_1": ".*",
}


def describe(error: UnexpectedInput, parse_line) -> str:
    """A plain sentence for a parse error of one line."""
    label = None
    char = _failing_character(error)
    try:
        label = error.match_examples(parse_line, EXAMPLES, use_accepts=True)
        if char is not None and label is not None and not _fails_on(parse_line, EXAMPLES[label], char):
            label = None
    except Exception:  # match_examples re-parses; an odd example must never hide the error
        label = None
    if char is not None and not (char.isprintable() and not char.isspace()):
        return f"unexpected character {_character(char)}"  # the one thing to do is to delete it
    if char is not None:
        found = f"unexpected character {char!r}"
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


def _failing_character(error: UnexpectedInput) -> str | None:
    """The character no terminal could start at, when that is the error: lark's own
    UnexpectedCharacters, or the catch-all SETTING_VALUE that only ``set NAME`` expects."""
    if isinstance(error, UnexpectedCharacters):
        return error.char
    token = getattr(error, "token", None)
    if isinstance(error, UnexpectedToken) and token.type == "SETTING_VALUE" and token.value:
        return token.value[0]
    return None


def _fails_on(parse_line, examples: list[str], char: str) -> bool:
    """Whether one of ``examples`` fails on the character ``char``: a label matched by the
    parser's state alone must also be about the character found (a form feed after a claim
    is not a quote left open)."""
    for example in examples:
        try:
            parse_line(example)
        except UnexpectedInput as e:
            if _failing_character(e) == char:
                return True
        except Exception:
            continue
    return False


def _character(char: str) -> str:
    """An invisible character as a message shows it, named (``'\\u200f' (RIGHT-TO-LEFT MARK,
    U+200F), an invisible character…``), so that the user knows what to delete."""
    name = unicodedata.name(char, "") or {"\t": "TAB", "\n": "LINE FEED", "\r": "CARRIAGE RETURN",
                                          "\x0c": "FORM FEED", "\x00": "NUL"}.get(char, "a control character")
    return f"{char!r} ({name}, U+{ord(char):04X}), an invisible character: delete it or write a space"
