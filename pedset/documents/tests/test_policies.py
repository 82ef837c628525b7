"""Policies beyond the permission table: platform documents, revoked documents, suspension."""

import datetime

import pytest
from django.utils import timezone

from pedset.accounts.models import PlatformRole
from pedset.accounts.tests.factories import UserFactory
from pedset.communities.models import Role
from pedset.communities.tests.factories import MembershipFactory
from pedset.documents import policies
from pedset.documents.models import DocumentKind
from pedset.documents.tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db


def platform_admin():
    return PlatformRole.objects.create(
        user=UserFactory(), role=PlatformRole.Role.ADMINISTRATOR
    ).user


def test_platform_documents_belong_to_the_holder_and_platform_administrators():
    holder = UserFactory()
    document = DocumentFactory(community=None, recipient=holder, kind=DocumentKind.DIPLOMA)
    order = DocumentFactory(community=None, kind=DocumentKind.ORDER)
    admin = platform_admin()
    assert policies.can_download_document(holder, document)
    assert policies.can_download_document(admin, document)
    assert policies.can_download_document(admin, order)
    assert not policies.can_download_document(UserFactory(), document)
    assert not policies.can_download_document(UserFactory(), order)
    assert policies.can_revoke_document(admin, document)
    assert not policies.can_revoke_document(holder, document)


def test_a_holder_who_left_still_has_their_certificate():
    document = DocumentFactory()
    holder = UserFactory()
    document.recipient = holder
    assert policies.can_download_document(holder, document)


def test_closed_account_downloads_nothing():
    holder = UserFactory(is_active=False)
    document = DocumentFactory(recipient=holder)
    assert not policies.can_download_document(holder, document)


def test_revoked_documents_are_not_revoked_again():
    document = DocumentFactory(revoked_at=timezone.now())
    assert not policies.can_revoke_document(platform_admin(), document)


def test_suspended_coordinator_cannot_revoke():
    from pedset.moderation.models import Suspension

    document = DocumentFactory()
    coordinator = MembershipFactory(community=document.community, role=Role.COORDINATOR).user
    assert policies.can_revoke_document(coordinator, document)
    Suspension.objects.create(
        community=document.community,
        user=coordinator,
        ends_at=timezone.now() + datetime.timedelta(days=3),
        reason="нарушение правил",
    )
    coordinator = type(coordinator).objects.get(pk=coordinator.pk)  # fresh role caches
    assert not policies.can_revoke_document(coordinator, document)
    assert policies.can_view_registry(coordinator, document.community)
