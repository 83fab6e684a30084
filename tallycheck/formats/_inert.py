"""Text from the inputs made inert: shown as the characters it is, never acting on the
terminal, the CI runner or the viewer that displays a report.

Every format passes each text that came from the inputs (titles, source names, quantity
names, claims, quotes, messages, file names) through :func:`visible` at its one point of
escaping (``md``/``code`` in markdown, ``e`` in html, ``command`` in github, ``_x`` in
junit, the whole document in sarif, the report's records in text); json keeps the data
exact and escapes the same characters in its encoding (:func:`json_text`).

- Characters that act instead of showing -- C0 controls but tab and line feed, DEL, the
  C1 range, bidirectional controls (U+061C, U+200E/F, U+202A-E, U+2066-9), invisible
  joiners and marks (U+200B, U+2060-4, U+FEFF), the line and paragraph separators
  U+2028/U+2029, lone surrogates and the non-characters U+FFFE/U+FFFF -- are written as
  Python writes them in a string: ``\\x1b``, ``\\r``, ``\\u202e``.  A line feed is kept
  where the format shows lines (``newlines=True``), otherwise written ``\\n``.
- The two ways a line of a CI log becomes a GitHub Actions workflow command cannot come
  from the inputs: ``::`` at the start of a line (after blanks) is written ``\\x3a:``, and
  ``##[`` (a command anywhere in a line, for the runner's older syntax) ``##\\x5b``.

A backslash is left as it is, so ``\\x1b`` typed in an input shows the same as an escaped
ESC; what matters is that neither acts.
"""

from __future__ import annotations

import re
from dataclasses import fields, is_dataclass

from ..diagnostics import Diagnostic

_ACTING = (
    "\x00-\x08\x0b-\x1f\x7f-\x9f"  # C0 but tab and line feed, DEL, C1
    "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"  # bidirectional controls
    "\u200b\u2060-\u2064\ufeff"  # invisible joiners and marks
    "\u2028\u2029"  # line and paragraph separators
    "\ud800-\udfff\ufffe\uffff"  # lone surrogates, non-characters
)
_ACTING_OR_LF = re.compile(f"[{_ACTING}\n]")
_ACTING_ONLY = re.compile(f"[{_ACTING}]")
# what the Actions runner reads as a workflow command: `::` first on a line (it trims the
# line's leading white space first, Unicode's included), `##[` anywhere in a line
_COMMAND = re.compile(r"(?m)^(\s*):(?=:)|(##)\[")
_NAMED = {"\r": "\\r", "\n": "\\n"}


def _escape(m: re.Match) -> str:
    ch = m.group()
    named = _NAMED.get(ch)
    if named is not None:
        return named
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _uncommand(m: re.Match) -> str:
    return f"{m.group(1)}\\x3a" if m.group(2) is None else "##\\x5b"


def visible(text: str, newlines: bool = False) -> str:
    """``text`` with every character that would act (see the module) written visibly; line
    feeds kept when ``newlines``."""
    text = (_ACTING_ONLY if newlines else _ACTING_OR_LF).sub(_escape, text)
    if ":" in text or "##[" in text:
        text = _COMMAND.sub(_uncommand, text)
    return text


def inert_record(value, newlines: bool = False):
    """A report record (or a report) with every text in it passed through :func:`visible`:
    the same object when nothing needed it.  Generic over the records' fields, so a field
    added later is covered without a word here."""
    if isinstance(value, str):
        return visible(value, newlines)
    if isinstance(value, tuple):
        items = tuple(inert_record(v, newlines) for v in value)
        return value if all(a is b for a, b in zip(items, value)) else items
    if isinstance(value, Diagnostic):  # cut to its line first, then escaped: Diagnostic.render(visible)
        return value
    if is_dataclass(value) and not isinstance(value, type):
        names = _FIELDS.get(type(value))
        if names is None:
            names = _FIELDS[type(value)] = tuple(f.name for f in fields(value))
        old = [getattr(value, n) for n in names]
        new = [inert_record(v, newlines) for v in old]
        if all(a is b for a, b in zip(new, old)):
            return value
        return type(value)(**dict(zip(names, new)))
    return value


_FIELDS: dict[type, tuple[str, ...]] = {}

# JSON: the data stays exact; the same characters (and `##[`) are written as JSON escapes,
# so the file read raw -- in a log, a diff, an editor -- is as inert as the formats above.
# JSON's own syntax is ASCII, so these can only be inside strings.
_JSON_ACTING = re.compile(f"[{_ACTING}]|##\\[")


def _json_escape(m: re.Match) -> str:
    found = m.group()
    return "##\\u005b" if found == "##[" else f"\\u{ord(found):04x}"


def json_text(encoded: str) -> str:
    """JSON text (as ``json`` writes it with ``ensure_ascii=False``) with the characters of
    :func:`visible` written as ``\\uXXXX`` escapes: the same data, read back.

    Most records are ASCII and printable (no C0 control, no DEL), which leaves nothing to
    escape but ``##[``: two checks in C, not the pattern's scan (a sixth of the JSON's time
    at 100k claims), and the same text for any string."""
    if encoded.isascii() and encoded.isprintable() and "##[" not in encoded:
        return encoded
    return _JSON_ACTING.sub(_json_escape, encoded)
