"""Dates, as every reader takes them: a real calendar date written YYYY-MM-DD.

One rule for a ``source`` line's date and a ``Q@DATE`` in a ``.tally`` file (and in a
dataset's claim cell or a tag), an article's front matter ``date:``, and a dataset's date
column: ``2024-13-45`` and ``2024-02-30`` are refused with a located error, never taken as
written (a cumulative quantity's dates order its figures, so an impossible date would
make a false "never decreases" contradiction).
"""

from __future__ import annotations

import datetime
import re

DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")  # ASCII digits: `\d` also takes `٢`


def date_problem(text: str) -> str | None:
    """None when ``text`` is a real date written YYYY-MM-DD; else a plain message saying why not."""
    if not DATE.fullmatch(text):
        return f"{text!r} is not a date: write YYYY-MM-DD"
    try:
        datetime.date.fromisoformat(text)
    except ValueError as e:
        return f"{text!r} is not a date: {e} (write YYYY-MM-DD)"
    return None


def valid_date(text: str) -> bool:
    return date_problem(text) is None
