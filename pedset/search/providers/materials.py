"""Methodical materials: title, annotation, type, level, subject and tags.

Who finds a material is exactly who may open it: pedset.materials.selectors.visible_materials
(drafts only by their authors, the bank by the community's members and the experts, the cabinet
by everybody, anonymous visitors too).
"""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import pgettext_lazy

from pedset.materials.models import Material, MaterialStatus
from pedset.materials.selectors import visible_materials
from pedset.search.registry import Entry, Provider, Shown, register

SNIPPET_FIELDS = frozenset({"summary", "tags"})


class MaterialProvider(Provider):
    kind = "material"
    label = pgettext_lazy("search kinds", "Materials")
    item_label = pgettext_lazy("search result", "material")
    order = 10

    def searchable_ids(self):
        return Material.objects.order_by("pk").values_list("pk", flat=True)

    def load(self, ids):
        materials = (
            Material.objects.filter(pk__in=list(ids))
            .select_related("subject")
            .prefetch_related("tags")
        )
        return {m.pk: m for m in materials}

    def entry(self, material):
        tags = ", ".join(tag.name for tag in material.tags.all())
        return Entry(
            title=material.title,
            sections=[
                ("summary", material.summary),
                ("type", str(material.get_material_type_display())),
                ("subject", material.subject.name if material.subject else ""),
                ("level", str(material.get_level_display())),
                ("tags", tags),
            ],
            date=material.submitted_at or material.created_at,
            community_id=material.community_id,
        )

    def visible(self, viewer):
        return Q(object_id__in=visible_materials(viewer).values("pk"))

    def show(self, viewer, ids):
        materials = (
            visible_materials(viewer)
            .filter(pk__in=list(ids))
            .select_related("community", "subject")
            .prefetch_related("tags")
        )
        shown = {}
        for material in materials:
            meta = [material.community.name, str(material.get_material_type_display())]
            if material.subject:
                meta.append(material.subject.name)
            badge = (
                "" if material.status == MaterialStatus.INCLUDED else material.get_status_display()
            )
            shown[material.pk] = Shown(
                url=reverse("materials:detail", args=[material.pk]),
                title=material.title,
                entry=self.entry(material),
                meta=meta,
                badge=str(badge),
                # type and subject are in the meta line already
                fields=SNIPPET_FIELDS,
            )
        return shown


register(MaterialProvider())
