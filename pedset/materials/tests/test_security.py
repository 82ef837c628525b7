"""Security review of the bank: co-authors who have not confirmed are not published, the names
of commenters reach readers from outside the community only with their consent, and ratings
are throttled."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from pedset.communities.tests.factories import MembershipFactory
from pedset.materials import services
from pedset.materials.models import MaterialStatus
from pedset.materials.services import ActionRefused
from pedset.materials.tests.factories import add_author, add_comment, material_with_author
from pedset.privacy.models import Consent, ConsentKind
from pedset.privacy.tests.factories import ConsentTextFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()
    yield
    cache.clear()


def publish_name(person):
    """The person's consent to publishing their full name (as the profile settings record it)."""
    text = ConsentTextFactory(kind=ConsentKind.PUBLICATION, version=person.pk)
    Consent.objects.create(
        user=person,
        consent_text=text,
        operator=text.operator,
        kind=ConsentKind.PUBLICATION,
        field="full_name",
        version=text.version,
        text_hash=text.text_hash,
        source="profile",
    )


def test_an_unconfirmed_coauthor_of_a_material_in_revision_is_not_published(
    client, community, author, colleague
):
    # Given a material returned for revision to which its author has just added a co-author
    # who has not confirmed yet
    material = material_with_author(
        community=community, author=author, status=MaterialStatus.REVISION
    )
    material.authors.update(confirmed_at=material.created_at)
    newcomer = MembershipFactory(community=community, user__last_name="Неподтверждённая").user
    add_author(material, newcomer)

    # When another member opens the material and the bank
    client.force_login(colleague)
    page = client.get(reverse("materials:detail", args=[material.pk])).content.decode()
    bank = client.get(reverse("materials:bank", args=[community.slug])).content.decode()

    # Then the first author is named, the unconfirmed co-author is not
    assert author.last_name in page and author.last_name in bank
    assert "Неподтверждённая" not in page
    assert "Неподтверждённая" not in bank

    # and once the co-author confirms, they are published
    services.coauthorship_confirm(actor=newcomer, material=material)
    page = client.get(reverse("materials:detail", args=[material.pk])).content.decode()
    assert "Неподтверждённая" in page


def test_commenters_names_reach_outsiders_only_with_their_consent(
    client, community, author, colleague
):
    # Given a material of the cabinet with comments by two members, one of whom consented to
    # publishing their name
    material = material_with_author(
        community=community, author=author, status=MaterialStatus.INCLUDED
    )
    silent = MembershipFactory(community=community, user__last_name="Безсогласия").user
    public = MembershipFactory(community=community, user__last_name="Публичная").user
    publish_name(public)
    add_comment(material, silent, "Первый отзыв")
    add_comment(material, public, "Второй отзыв")
    url = reverse("materials:detail", args=[material.pk])

    # When an anonymous visitor reads it
    with translation.override("ru"):
        page = client.get(url).content.decode()

    # Then both comments are there, the name of the one who did not consent is not
    assert "Первый отзыв" in page and "Второй отзыв" in page
    assert "Безсогласия" not in page
    assert "Участник сообщества" in page
    assert "Публичная" in page

    # and a member of the community sees both names, as in the members directory
    client.force_login(colleague)
    page = client.get(url).content.decode()
    assert "Безсогласия" in page and "Публичная" in page


def test_ratings_are_throttled(community, author, colleague, settings):
    # Given a submitted material and a member who keeps changing their rating
    material = material_with_author(
        community=community, author=author, status=MaterialStatus.SUBMITTED
    )
    for score in [1, 2] * (services.RATING_LIMIT // 2):
        services.rating_set(actor=colleague, material=material, score=score)

    # When they go on within the window, then it is refused and nothing changes
    with translation.override("ru"), pytest.raises(ActionRefused, match="слишком часто"):
        services.rating_set(actor=colleague, material=material, score=5)
    material.refresh_from_db()
    assert material.rating_count == 1 and material.rating_sum == 2
