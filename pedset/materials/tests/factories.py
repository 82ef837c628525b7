"""Factories of the materials bank. Other apps' tests use MaterialFactory and
material_with_author(); extend freely, keep these names and defaults."""

import factory
from django.utils import timezone

from pedset.communities.tests.factories import CommunityFactory, MembershipFactory
from pedset.materials.models import (
    Level,
    Licence,
    Material,
    MaterialAuthor,
    MaterialStatus,
    MaterialType,
)


class MaterialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Material

    community = factory.SubFactory(CommunityFactory)
    title = factory.Sequence(lambda n: f"Проектная деятельность на уроках биологии, часть {n}")
    summary = "Методическая разработка серии уроков с проектными заданиями для 7 класса."
    material_type = MaterialType.METHODICAL
    level = Level.OOO
    licence = Licence.CC_BY
    status = MaterialStatus.DRAFT
    created_by = factory.LazyAttribute(lambda o: MembershipFactory(community=o.community).user)
    authorship_consent_at = factory.LazyFunction(timezone.now)


def material_with_author(*, community=None, author=None, status=MaterialStatus.DRAFT, **fields):
    """A material whose creator is an active member of its community and its first author."""
    community = community or CommunityFactory()
    if author is None:
        author = MembershipFactory(community=community).user
    material = MaterialFactory(community=community, created_by=author, status=status, **fields)
    MaterialAuthor.objects.create(material=material, user=author, position=0)
    if status != MaterialStatus.DRAFT:
        material.round_number = 1
        material.submitted_at = timezone.now()
        material.save(update_fields=["round_number", "submitted_at"])
    return material
