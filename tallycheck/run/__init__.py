"""Big inputs: one plan, two executors (see docs/performance.md).

    scan.py       the cheap scan of any input: which lines must be checked together
    plan.py       pieces joined into groups that never need each other, packed into shards
    shard.py      one shard checked whole (read, build, solve, assemble): its part of the report
    merge.py      the parts put together: the report one process gives, byte for byte
    executors.py  where tasks run: local worker processes (--jobs), or a Dask cluster
    check.py      all of it for a run (``check_paths``), and :class:`~tallycheck.run.check.Run`

Each shard goes through the stages of one process (tallycheck.pipeline).
"""
