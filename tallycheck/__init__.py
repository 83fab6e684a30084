"""tallycheck: exact consistency checking of published numeric claims.

The pipeline, one subpackage per stage, in the order data flows:

    read      tallycheck.read       files and text -> documents of statements (+ diagnostics)
    numbers   tallycheck.numbers    one number text -> Reading (an exact interval + its rule)
    build     tallycheck.build      documents -> Model: claims as linear constraints
    solve     tallycheck.solve      constraints -> verdicts, minimal conflicts, ranges
    report    tallycheck.report     model + solver answers -> Report
    formats   tallycheck.formats    Report -> text / json / ... (pure functions)
    commands  tallycheck.commands   the command line (tallycheck.cli: main(argv) -> int)

tallycheck.pipeline runs the stages for one process; tallycheck.run cuts a big input
into parts and runs them (local processes or Dask).
"""

__version__ = "0.1.0"
