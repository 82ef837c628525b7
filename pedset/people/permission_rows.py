"""This app's rows of the one role × action table (pedset/core/permission_table.py merges them);
the same format and targets as there."""

ROWS: dict[str, tuple[str, str, frozenset[str]]] = {}
