"""tallycheck: exact consistency checking of published numeric claims.

The pipeline, one module per stage:

    read      tallycheck.read.parse       text -> Document (statements) + diagnostics
    numbers   tallycheck.numbers     one number text -> Reading (exact interval + rule)
    build     tallycheck.build.builder       Document -> constraints over quantities + diagnostics
    solve     tallycheck.solve       constraints -> verdicts, minimal conflicts, ranges
    check     tallycheck.pipeline       the pipeline end to end -> Report
    show      tallycheck.formats.*   Report -> text / json / ... (pure functions)
"""

__version__ = "0.1.0"
