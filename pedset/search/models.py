"""The search index: one row per searchable object, holding its words as Russian stems.

Only stems are stored (never the original text, never contact fields): snippets are built from
the live object when a result is shown. Both databases search the same stems: PostgreSQL through
a GIN expression index over ``to_tsvector('simple', title_stems || ' ' || body_stems)``, SQLite
through the FTS5 table ``search_fts`` kept in sync by pedset.search.services (migration 0002
creates whichever the database supports).
"""

from django.db import models


class SearchDocument(models.Model):
    # The provider's kind (pedset.search.registry): "material", "post", "member", …
    kind = models.CharField(max_length=20)
    object_id = models.PositiveBigIntegerField()
    # The community the object belongs to (None for people, who belong to several).
    community = models.ForeignKey(
        "communities.Community", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # What recency is measured from (submission, post time, registration).
    date = models.DateTimeField()
    # Space-separated stems, in text order (pedset.search.text.stems).
    title_stems = models.TextField(blank=True)
    body_stems = models.TextField(blank=True)
    # Number of stems in title and body: the document length of the BM25 ranking.
    length = models.PositiveIntegerField(default=0)
    # Stems per field, for kinds whose fields are visible to different readers (people's
    # profiles): a match must lie in fields the reader may see. Empty for other kinds.
    field_stems = models.JSONField(default=dict, blank=True)
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_document_once")
        ]
        indexes = [models.Index(fields=["kind", "date"])]

    def __str__(self):
        return f"{self.kind}:{self.object_id}"
