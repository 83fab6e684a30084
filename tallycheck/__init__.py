"""tallycheck: exact consistency checking of published numeric claims.

The pipeline, one module per stage:

    read      tallycheck.parse       text -> Document (statements) + diagnostics
    numbers   tallycheck.numbers     one number text -> Reading (exact interval + rule)
    build     tallycheck.build       Document -> constraints over quantities + diagnostics
    solve     tallycheck.solve       constraints -> verdicts, minimal conflicts, ranges
    check     tallycheck.check       the pipeline end to end -> Report
    show      tallycheck.formats.*   Report -> text / json / ... (pure functions)
"""

__version__ = "0.1.0"
