"""Writes to the search index (implemented by the search app)."""


def index_update(kind: str, pk) -> None:
    """Index (or re-index) one object; removes it when it no longer exists or is not searchable."""


def index_remove(kind: str, pk) -> None:
    """Drop one object from the index."""
