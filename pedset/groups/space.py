"""A group's space: its forum section, materials, events, plan (and album, from the gallery).

Contract between the groups workflow (pedset/groups/services.py) and the apps that hold the
space (forum, materials, events, plans): the workflow calls ``space_create`` inside the
transaction that creates the group, and ``space_close`` inside the one that closes it. The group
page shows the space with ``{% load group_space %}{% group_space group %}``.
"""

from __future__ import annotations


def space_create(*, group) -> None:
    """Make the parts of the space that exist from the start (the forum section). Idempotent."""


def space_close(*, group) -> None:
    """The group is closed: its space is kept as a record and becomes read-only."""
