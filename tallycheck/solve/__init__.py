"""The exact solver (SPEC §5)."""
