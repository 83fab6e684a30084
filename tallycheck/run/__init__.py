"""Running big inputs: how a run is cut into independent parts and where they are checked.

Each part goes through the same pipeline (``tallycheck.pipeline``); see docs/performance.md.
"""
