"""Stage 5, reporting: a model and the solver's answers -> a :class:`~tallycheck.report.records.Report`.

``assemble`` puts the report together, ``explain`` reads each certificate as arithmetic a
reader can follow, ``baseline`` records and compares known conflicts.  The report's records
are in ``records``; showing it is ``tallycheck.formats``.
"""
