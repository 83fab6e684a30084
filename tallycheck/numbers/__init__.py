"""Number reading (SPEC §3): text -> exact interval with its reason."""
