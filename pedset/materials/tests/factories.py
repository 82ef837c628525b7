"""Factories of the materials bank. Other apps' tests use MaterialFactory and
material_with_author(); extend freely, keep these names and defaults."""

import factory
from django.db.models import F
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


# --- Added with the bank of materials (issue 4) ------------------------------------------------

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


def add_author(material, user, *, position=None):
    """Names ``user`` as the next co-author."""
    if position is None:
        position = material.authors.count()
    return MaterialAuthor.objects.create(material=material, user=user, position=position)


def add_file(material, *, name="план.pdf", content=PDF_BYTES, kind="pdf", **fields):
    """A stored file of the material (the content is not checked here: the services check)."""
    from django.core.files.base import ContentFile

    from pedset.core.uploads import KINDS
    from pedset.materials.models import MaterialFile

    row = MaterialFile(
        material=material,
        original_name=name,
        content_type=KINDS[kind][0],
        kind=kind,
        size=len(content),
        sha256="0" * 64,
        round_number=fields.pop("round_number", max(material.round_number, 1)),
        uploaded_by=fields.pop("uploaded_by", material.created_by),
        **fields,
    )
    row.file.save(f"test.{name.rsplit('.', 1)[-1]}", ContentFile(content), save=False)
    row.save()
    return row


def add_link(material, url="https://rutube.ru/video/0123456789abcdef/", title="Урок", **fields):
    from pedset.materials.models import MaterialLink

    fields.setdefault("round_number", max(material.round_number, 1))
    return MaterialLink.objects.create(material=material, url=url, title=title, **fields)


def add_comment(material, author, body="Полезная разработка, спасибо!", **fields):
    from pedset.materials.models import MaterialComment

    comment = MaterialComment.objects.create(material=material, author=author, body=body, **fields)
    if comment.hidden_at is None:
        Material.objects.filter(pk=material.pk).update(comments_count=F("comments_count") + 1)
    return comment


def permission_target(name: str, community, user):
    """The objects the permission table passes to the materials' policies ("material_<name>"):
    drafts, submitted, rejected and included materials of another ordinary member or of the
    actor ("own_…"; for an anonymous actor another member's), a comment, a file;
    "coauthored_draft": another member's draft naming the actor as a co-author who has not
    confirmed yet."""
    is_person = getattr(user, "is_authenticated", False)
    other = MembershipFactory(community=community).user
    if name == "coauthored_draft":
        material = material_with_author(community=community, author=other)
        if is_person:
            add_author(material, user)
        return material
    own = name.startswith("own_")
    author = user if own and is_person else other
    kind = name.removeprefix("own_")
    status = {
        "draft": MaterialStatus.DRAFT,
        "submitted": MaterialStatus.SUBMITTED,
        "rejected": MaterialStatus.REJECTED,
        "included": MaterialStatus.INCLUDED,
        "comment": MaterialStatus.SUBMITTED,
        "file": MaterialStatus.SUBMITTED,
    }[kind]
    material = material_with_author(
        community=community, author=other if kind == "comment" else author, status=status
    )
    if kind == "comment":
        return add_comment(material, author)
    if kind == "file":
        return add_file(material)
    return material
