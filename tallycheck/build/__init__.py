"""Stage 3, building: documents -> a :class:`~tallycheck.build.model.Model`.

Sources resolved, options applied, every number read (``tallycheck.numbers``) and every
claim turned into exact linear constraints (``constraints``; ``fastbuild`` is its fast path
for the commonest claims, property-tested equal to it).
"""
