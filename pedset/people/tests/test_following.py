"""Following people, the feed of what they publish, and its digest."""

import datetime
import io

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from pedset.communities.tests.factories import CommunityFactory, MembershipFactory
from pedset.core.models import Notification
from pedset.events.models import EventRole, EventStatus
from pedset.events.tests.factories import EventFactory, event_person
from pedset.forum.tests.factories import SectionFactory, make_topic
from pedset.materials.models import MaterialStatus
from pedset.materials.tests.factories import material_with_author
from pedset.messaging.models import Block
from pedset.people import selectors, services
from pedset.people.models import Follow, SpaceSettings

pytestmark = pytest.mark.django_db


def follow_through_the_page(client, reader, person):
    client.force_login(reader)
    return client.post(f"/people/{person.pk}/follow/", follow=True)


def test_a_member_follows_a_colleague_once_and_unfollows(client, person, colleague):
    # when a colleague presses «Follow» twice
    response = follow_through_the_page(client, colleague, person)
    assert "Вы подписались" in response.content.decode()
    follow_through_the_page(client, colleague, person)
    # then there is one subscription, the page offers «Unfollow» and counts one follower
    assert Follow.objects.filter(follower=colleague, followed=person).count() == 1
    html = client.get(f"/accounts/people/{person.pk}/").content.decode()
    assert "Отписаться" in html and "1 подписчик" in html
    # when they unfollow, it is gone
    client.post(f"/people/{person.pk}/unfollow/")
    assert not Follow.objects.exists()


def test_nobody_follows_themselves_or_someone_who_blocked_them(client, person, colleague):
    response = follow_through_the_page(client, person, person)
    assert "Нельзя подписаться на самого себя" in response.content.decode()
    Block.objects.create(blocker=person, blocked=colleague)
    response = follow_through_the_page(client, colleague, person)
    assert "Нельзя подписаться на этого человека" in response.content.decode()
    assert not Follow.objects.exists()


def test_a_page_one_may_not_see_cannot_be_followed(client, person, stranger):
    client.force_login(stranger)
    assert client.post(f"/people/{person.pk}/follow/").status_code == 404
    assert client.post("/people/987654321/follow/").status_code == 404
    assert client.get(f"/people/{person.pk}/follow/").status_code == 405
    assert not Follow.objects.exists()


def test_following_needs_a_login(client, person):
    response = client.post(f"/people/{person.pk}/follow/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Follow.objects.exists()


def test_the_lists_of_follows_and_followers_are_the_owners(client, person, colleague):
    services.follow(actor=colleague, person=person)
    client.force_login(person)
    assert colleague.last_name in client.get("/people/followers/").content.decode()
    client.force_login(colleague)
    html = client.get("/people/following/").content.decode()
    assert person.last_name in html and "отписаться" in html
    # a follower's list shows only their own follows, never someone else's followers
    assert person.last_name not in client.get("/people/followers/").content.decode()


def test_the_feed_shows_what_the_followed_publish_and_the_reader_may_open(
    client, community, person, colleague
):
    # given a colleague following the person
    services.follow(actor=colleague, person=person)
    # and the person published a material, a topic and an announced event, and keeps drafts
    material_with_author(
        community=community, author=person, status=MaterialStatus.SUBMITTED, title="Новый кейс"
    )
    material_with_author(community=community, author=person, title="Черновой кейс")
    make_topic(SectionFactory(community=community), person, title="Тема для обсуждения")
    event_person(EventFactory(community=community, title="Объявленный семинар"), user=person)
    draft = EventFactory(
        community=community,
        title="Семинар в черновике",
        status=EventStatus.DRAFT,
        published_at=None,
    )
    event_person(draft, EventRole.ORGANISER, user=person)
    # and a topic in another community's forum the colleague does not read
    other = CommunityFactory()
    MembershipFactory(community=other, user=person)
    make_topic(SectionFactory(community=other), person, title="Тема чужого форума")
    # when the colleague opens the feed
    client.force_login(colleague)
    html = client.get("/people/feed/").content.decode()
    # then they see the three publications, each with its author
    for title in ("Новый кейс", "Тема для обсуждения", "Объявленный семинар"):
        assert title in html
    assert person.last_name in html
    # and nothing closed to them
    for title in ("Черновой кейс", "Семинар в черновике", "Тема чужого форума"):
        assert title not in html


def test_the_feed_respects_the_followed_persons_space(client, community, person, colleague):
    services.follow(actor=colleague, person=person)
    SpaceSettings.objects.create(user=person, materials="me")
    material_with_author(
        community=community, author=person, status=MaterialStatus.SUBMITTED, title="Закрытый кейс"
    )
    client.force_login(colleague)
    assert "Закрытый кейс" not in client.get("/people/feed/").content.decode()


def test_the_feed_pages_newest_first_and_survives_bad_page_numbers(
    client, community, person, colleague
):
    services.follow(actor=colleague, person=person)
    section = SectionFactory(community=community)
    start = timezone.now() - datetime.timedelta(days=30)
    for n in range(selectors.FEED_PAGE + 3):
        with time_machine.travel(start + datetime.timedelta(hours=n)):
            make_topic(section, person, title=f"Тема номер {n:02d}")
    client.force_login(colleague)
    first = client.get("/people/feed/").content.decode()
    assert "Тема номер 22" in first and "Тема номер 02" not in first
    second = client.get("/people/feed/", {"page": 2}).content.decode()
    assert "Тема номер 02" in second and "Тема номер 22" not in second
    for bad in ("abc", "-5", "99999999999999999999", ""):
        assert client.get("/people/feed/", {"page": bad}).status_code == 200


def test_the_digest_tells_a_follower_once_of_what_is_new(community, person, colleague):
    section = SectionFactory(community=community)
    start = timezone.now().replace(microsecond=0)
    with time_machine.travel(start):
        services.follow(actor=colleague, person=person)
    # what was there before the follow is not news
    with time_machine.travel(start - datetime.timedelta(days=1)):
        make_topic(section, person, title="Старая тема")
    with time_machine.travel(start + datetime.timedelta(hours=1)):
        make_topic(section, person, title="Новая тема 1")
        make_topic(section, person, title="Новая тема 2")
    with time_machine.travel(start + datetime.timedelta(hours=2)):
        call_command("following_digest", stdout=io.StringIO())
        call_command("following_digest", stdout=io.StringIO())
    [notice] = Notification.objects.filter(recipient=colleague, kind="following")
    assert "2 новые публикации" in notice.title and person.last_name not in notice.title
    assert notice.url == "/people/feed/"
    # a later publication makes a second notice at the next run
    with time_machine.travel(start + datetime.timedelta(hours=3)):
        make_topic(section, person, title="Новая тема 3")
    with time_machine.travel(start + datetime.timedelta(hours=4)):
        call_command("following_digest", stdout=io.StringIO())
    assert Notification.objects.filter(recipient=colleague, kind="following").count() == 2
