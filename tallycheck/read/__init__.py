"""Stage 1, reading: files and text -> documents of statements as written.

Which files to read (``inputs``), options from config files (``config``), the ``.tally``
language (``grammar`` over ``grammars/tally.lark``, ``parse``, and ``fastline``, its fast
path for the commonest lines, property-tested equal to the grammar), annotated articles
(``prose``) and datasets (``datasets``).  The records read are in ``syntax``.
"""
