"""The entry point other apps use to keep the search index current (no signals: explicit calls).

    schedule_update("material", material.pk)   # after the material changed
    schedule_remove("material", material.pk)   # after it was deleted or hidden

Kinds: "material", "post", "member" (events join with issue 5). Both run after the current
transaction commits, so a rolled-back change never reaches the index. They are "robust": a
failure to index is logged and never turns the user's already committed action into an error
(``manage.py search_reindex`` repairs the index).
"""

from __future__ import annotations

from django.db import transaction


def schedule_update(kind: str, pk) -> None:
    from pedset.search.services import index_update

    transaction.on_commit(lambda: index_update(kind, pk), robust=True)


def schedule_remove(kind: str, pk) -> None:
    from pedset.search.services import index_remove

    transaction.on_commit(lambda: index_remove(kind, pk), robust=True)
