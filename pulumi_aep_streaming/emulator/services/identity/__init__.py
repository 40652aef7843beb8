"""Identity Service: identity namespaces (``/data/core/idnamespace``)."""
