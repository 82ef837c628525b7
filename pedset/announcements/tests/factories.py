import factory

from pedset.accounts.tests.factories import UserFactory
from pedset.announcements.models import Announcement
from pedset.communities.tests.factories import CommunityFactory


class AnnouncementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Announcement

    community = factory.SubFactory(CommunityFactory)
    author = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Методический семинар № {n}")
    body = "Приглашаем на **семинар** по обновлённым ФГОС.\n\n- место: актовый зал\n- время: 15:00"
