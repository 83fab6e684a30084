"""Number reading (SPEC §3): text -> exact interval with its reason.

The one number reader of tallycheck: structured claims, phrase claims, ``{Q}`` tags,
dataset values and ``tallycheck extract`` all read numbers here.  See docs/numbers.md.
"""

from .before import number_before
from .mentions import find_mentions
from .reader import read_number
from .reading import (
    MAX_DIGITS, MAX_EXPONENT, MAX_TEXT, MAX_WORDS, Mention, NumberError, ReadOptions, Reading,
)
from .words import NUMBER_WORDS, VOCABULARY

__all__ = [
    "MAX_DIGITS", "MAX_EXPONENT", "MAX_TEXT", "MAX_WORDS", "Mention", "NUMBER_WORDS", "NumberError",
    "ReadOptions", "Reading", "VOCABULARY", "find_mentions", "number_before", "read_number",
]
