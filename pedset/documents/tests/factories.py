"""Documents for tests. `DocumentFactory` writes a registry row without rendering files (fast, for
lists and permissions); tests of rendering call services.document_issue for real."""

import secrets

import factory
from django.utils import timezone

from pedset.communities.tests.factories import CommunityFactory
from pedset.documents.content import DocumentContent, Signature
from pedset.documents.models import Document, DocumentKind


def order_content(**overrides) -> DocumentContent:
    values = {
        "heading": "ПРИКАЗ",
        "title": "О включении материалов в виртуальный методический кабинет",
        "paragraphs": (
            "В соответствии с Положением о виртуальном методическом кабинете и на основании "
            "экспертного заключения",
        ),
        "operative_word": "ПРИКАЗЫВАЮ:",
        "items": (
            "Включить методическую разработку «Проектная деятельность на уроках истории» "
            "в виртуальный методический кабинет.",
            "Контроль за исполнением приказа оставляю за собой.",
        ),
        "signature": Signature("Координатор сетевого сообщества", "М. П. Иванова"),
        "place": "г. Нальчик",
    }
    values.update(overrides)
    return DocumentContent(**values)


def certificate_content(**overrides) -> DocumentContent:
    values = {
        "heading": "СВИДЕТЕЛЬСТВО О ПУБЛИКАЦИИ",
        "title": "Проектная деятельность на уроках истории",
        "paragraphs": (
            "подтверждает, что в виртуальном методическом кабинете опубликована "
            "методическая разработка",
        ),
        "signature": Signature("Координатор сетевого сообщества", "М. П. Иванова"),
        "place": "г. Нальчик",
    }
    values.update(overrides)
    return DocumentContent(**values)


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document
        skip_postgeneration_save = True

    community = factory.SubFactory(CommunityFactory)
    kind = DocumentKind.PUBLICATION_CERTIFICATE
    year = 2026
    sequence = factory.Sequence(lambda n: n + 1)
    number = factory.LazyAttribute(lambda o: f"С-{o.year}/{o.sequence:04d}")
    title = factory.Sequence(lambda n: f"Свидетельство о публикации № {n}")
    recipient = None
    recipient_name = factory.LazyAttribute(
        lambda o: o.recipient.get_full_name() if o.recipient else ""
    )
    content = factory.LazyAttribute(
        lambda o: {**certificate_content().as_dict(), "date": "2026-03-05"}
    )
    content_hash = "0" * 64
    verification_code = factory.LazyFunction(lambda: secrets.token_hex(6).upper())
    issued_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def rehash(obj, create, extracted, **kwargs):
        from pedset.documents.services import document_hash

        obj.content_hash = document_hash(obj)
        if create:
            Document.objects.filter(pk=obj.pk).update(content_hash=obj.content_hash)
