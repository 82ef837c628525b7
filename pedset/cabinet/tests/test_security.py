"""Security review of the public cabinet pages: the council's names and organisations reach
readers from outside the community only as the holders published them (152-FZ)."""

import pytest
from django.urls import reverse

from pedset.cabinet.tests.factories import CouncilMemberFactory
from pedset.communities.tests.factories import CommunityFactory, MembershipFactory
from pedset.organisations.tests.factories import OrganisationFactory
from pedset.privacy.models import Consent, ConsentKind
from pedset.privacy.tests.factories import ConsentTextFactory

pytestmark = pytest.mark.django_db


def publish(person, field):
    text = ConsentTextFactory(kind=ConsentKind.PUBLICATION, version=person.pk * 10 + len(field))
    Consent.objects.create(
        user=person,
        consent_text=text,
        operator=text.operator,
        kind=ConsentKind.PUBLICATION,
        field=field,
        version=text.version,
        text_hash=text.text_hash,
        source="profile",
    )


def test_outsiders_see_only_the_council_names_that_were_published(client):
    # Given a council of two: a chair who published nothing, a member who published the name
    community = CommunityFactory()
    school = OrganisationFactory(short_name="МБОУ СОШ № 77")
    chair = MembershipFactory(
        community=community, user__last_name="Закрытова", user__organisation=school
    ).user
    CouncilMemberFactory(community=community, user=chair, role="chair")
    member = MembershipFactory(community=community, user__last_name="Открытова").user
    CouncilMemberFactory(community=community, user=member)
    publish(member, "full_name")
    url = reverse("cabinet:community", args=[community.slug])

    # When an anonymous visitor opens the community's cabinet
    body = client.get(url).content.decode()

    # Then the seats are listed with their roles, but only the published name is there
    assert "председатель совета" in body
    assert "Открытова" in body
    assert "Закрытова" not in body and "МБОУ СОШ № 77" not in body
    assert "имя не публикуется" in body

    # and a member of the community sees the whole council
    client.force_login(MembershipFactory(community=community).user)
    body = client.get(url).content.decode()
    assert "Закрытова" in body and "МБОУ СОШ № 77" in body
