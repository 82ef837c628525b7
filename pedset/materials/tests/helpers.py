"""Shortcuts of the materials' tests."""

from pedset.core.tests import uploads
from pedset.materials import services
from pedset.materials.models import Level, Licence, MaterialType


def fields(**changes) -> dict:
    """The fields of a valid material."""
    values = {
        "title": "Проектная деятельность на уроках биологии",
        "summary": "Серия уроков с проектными заданиями для 7 класса.",
        "material_type": MaterialType.METHODICAL,
        "level": Level.OOO,
        "licence": Licence.CC_BY,
    }
    values.update(changes)
    return values


def draft(actor, community, *, files=None, **changes):
    """A draft made through the service, with one PDF unless told otherwise."""
    if files is None:
        files = [uploads.pdf("план.pdf")]
    return services.material_create(
        actor=actor, community=community, files=files, **fields(**changes)
    )


def submitted(actor, community, **changes):
    """A draft submitted by ``actor`` after its co-authors confirmed their participation."""
    material = draft(actor, community, **changes)
    for coauthor in changes.get("coauthors") or ():
        services.coauthorship_confirm(actor=coauthor, material=material)
    return services.material_submit(actor=actor, material=material, authorship_consent=True)
