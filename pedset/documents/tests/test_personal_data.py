"""The personal-data hook: the person's documents are in their export; erasure keeps the
documents (official records) but cuts them from the account."""

import pytest
from django.urls import reverse
from django.utils import timezone

from pedset.accounts.tests.factories import UserFactory
from pedset.documents import personal_data
from pedset.documents.models import Document
from pedset.documents.tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db


def test_export_lists_the_persons_documents():
    holder = UserFactory()
    first = DocumentFactory(recipient=holder, title="Свидетельство")
    revoked = DocumentFactory(
        recipient=holder, revoked_at=timezone.now(), revocation_reason="Ошибка"
    )
    DocumentFactory(recipient=UserFactory(), title="Чужое")
    rows = personal_data.export(holder)["documents"]
    assert [row["id"] for row in rows] == [first.pk, revoked.pk]
    assert rows[0]["title"] == "Свидетельство"
    assert rows[0]["issued_to"] == holder.get_full_name()
    assert rows[0]["number"] == first.number
    assert rows[0]["verification_code"] == first.verification_code
    assert rows[1]["revocation_reason"] == "Ошибка"


def test_erase_keeps_the_document_but_cuts_it_from_the_account(client):
    # given a certificate issued to a person
    holder = UserFactory(last_name="Петрова", first_name="Анна", patronymic="Сергеевна")
    document = DocumentFactory(recipient=holder)
    hash_before = document.content_hash
    # when the person's data are erased
    categories = personal_data.erase(holder)
    # then the registry row stays as issued, without the link to the account
    assert categories and "официальн" in categories[0]
    document.refresh_from_db()
    assert document.recipient is None
    assert document.recipient_name == "Петрова Анна Сергеевна"
    assert document.content_hash == hash_before
    assert not Document.objects.filter(recipient=holder).exists()
    # and the public page still shows only what was printed, as initials and surname
    page = client.get(reverse("documents:verify", args=[document.verification_code]))
    text = page.content.decode()
    assert "А. С. Петрова" in text and "Анна" not in text
    assert "Документ действителен" in text
    # erasing again finds nothing
    assert personal_data.erase(holder) == []


def test_the_registry_finds_both_hooks():
    from pedset.privacy.registry import erase_hooks, export_hooks

    assert "documents" in {hook.app_label for hook in export_hooks()}
    assert "documents" in {hook.app_label for hook in erase_hooks()}
