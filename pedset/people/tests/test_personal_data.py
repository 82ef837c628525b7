import pytest

from pedset.people import personal_data, services
from pedset.people.models import FeedMark, Follow, SpaceSettings

pytestmark = pytest.mark.django_db


def test_export_and_erase_follows_and_settings(person, colleague, community):
    from pedset.communities.tests.factories import MembershipFactory

    third = MembershipFactory(community=community).user
    services.follow(actor=person, person=colleague)
    services.follow(actor=third, person=person)
    SpaceSettings.objects.create(user=person, documents="members")

    data = personal_data.export(person)
    assert [row["user_id"] for row in data["following"]] == [colleague.pk]
    assert data["followers_count"] == 1
    assert data["space_settings"]["documents"] == "members"

    erased = personal_data.erase(person)
    assert erased == [
        "подписки на других участников и их подписки",
        "настройки личного пространства",
    ]
    assert not Follow.objects.filter(follower=person).exists()
    assert not Follow.objects.filter(followed=person).exists()
    assert not SpaceSettings.objects.filter(user=person).exists()
    assert not FeedMark.objects.filter(user=person).exists()
    # other people's follows stay
    services.follow(actor=third, person=colleague)
    assert Follow.objects.filter(follower=third).count() == 1
