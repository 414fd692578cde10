"""The search index: one row per indexed object, whatever its type.

The full-text part lives beside these tables and is backend-specific (created by
migrations 0002 and 0003): an FTS5 virtual table ``search_fts`` on SQLite; on
PostgreSQL a ``tsv`` tsvector column and a ``pairs`` one (consecutive terms, for
phrases), each with a GIN index. Both are fed with the terms of Majlis's own
analyzer (`majlis.text.analyze`), so the two backends agree.
Rows here are written only by `majlis.search.index`.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Entry(models.Model):
    type_key = models.CharField(_("type"), max_length=60)
    object_id = models.CharField(max_length=64)
    title = models.CharField(_("title"), max_length=500)
    text = models.TextField(_("text"), blank=True)  # original text, for snippets
    url = models.CharField(max_length=500, blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    body_id = models.BigIntegerField(null=True, blank=True)
    public = models.BooleanField(default=True)
    indexed = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "search_entry"
        constraints = [models.UniqueConstraint(fields=["type_key", "object_id"], name="search_entry_unique_object")]
        indexes = [
            models.Index(fields=["type_key", "public"], name="search_entry_type_public"),
            models.Index(fields=["date"], name="search_entry_date"),
            models.Index(fields=["body_id"], name="search_entry_body"),
        ]

    def __str__(self) -> str:
        return f"{self.type_key}:{self.object_id}"


class EntryPerson(models.Model):
    """People an entry is about (speakers, participants, owners): the speaker filter."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="people")
    person_id = models.BigIntegerField(db_index=True)

    class Meta:
        db_table = "search_entry_person"
        constraints = [models.UniqueConstraint(fields=["entry", "person_id"], name="search_entry_person_unique")]


class Vector(models.Model):
    """A dense embedding of (a chunk of) an entry, tagged with the model that made it.

    Vectors of different models are never compared: every read filters on `model`.
    """

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="vectors")
    model = models.CharField(max_length=100)
    chunk = models.PositiveIntegerField(default=0)
    dim = models.PositiveIntegerField()
    data = models.BinaryField()  # float32, little-endian, L2-normalised

    class Meta:
        db_table = "search_vector"
        constraints = [models.UniqueConstraint(fields=["entry", "model", "chunk"], name="search_vector_unique_chunk")]
        indexes = [models.Index(fields=["model"], name="search_vector_model")]
