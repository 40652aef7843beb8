"""Real-Time Customer Profile: merge policies and the Profile Access API (``/data/core/ups``)."""
