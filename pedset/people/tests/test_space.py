"""The personal space on the profile page: each part shows the person's items the reader may
see anyway, and only the parts the person opened to the reader."""

import datetime

import pytest
from django.utils import timezone

from pedset.communities.tests.factories import CommunityFactory, MembershipFactory
from pedset.documents.tests.factories import DocumentFactory
from pedset.events.models import EventRole, EventStatus
from pedset.events.tests.factories import EventFactory, event_person, registered
from pedset.forum.tests.factories import SectionFactory, make_topic
from pedset.groups.models import Group, GroupMembership
from pedset.materials.models import MaterialStatus
from pedset.materials.tests.factories import add_author, material_with_author
from pedset.people.models import SpaceSettings
from pedset.review.tests.factories import (
    assignment,
    open_round,
    submitted_material,
    submitted_review,
)

pytestmark = pytest.mark.django_db


def page(client, person, reader=None):
    if reader is not None:
        client.force_login(reader)
    response = client.get(f"/accounts/people/{person.pk}/")
    return response.status_code, response.content.decode()


def test_a_colleague_sees_the_persons_materials_events_groups_and_topics(
    client, community, person, colleague
):
    # given a person with a material in the cabinet, one in the bank and a draft
    included = material_with_author(
        community=community, author=person, status=MaterialStatus.INCLUDED, title="Кабинетный"
    )
    material_with_author(
        community=community, author=person, status=MaterialStatus.SUBMITTED, title="В банке"
    )
    material_with_author(community=community, author=person, title="Черновик автора")
    # and an event they speak at, a draft event they organise, a group, a forum topic
    webinar = EventFactory(community=community, title="Вебинар о чтении")
    event_person(webinar, EventRole.SPEAKER, user=person)
    draft = EventFactory(
        community=community, title="Черновое событие", status=EventStatus.DRAFT, published_at=None
    )
    event_person(draft, EventRole.ORGANISER, user=person)
    group = Group.objects.create(
        community=community, kind="association", name="Объединение «Книга»"
    )
    GroupMembership.objects.create(group=group, user=person, role="leader")
    make_topic(SectionFactory(community=community), person, title="Как учить смысловому чтению")
    # when a colleague opens the person's page
    status, html = page(client, person, colleague)
    # then they see the space with what they may open
    assert status == 200 and 'id="space"' in html
    assert "Кабинетный" in html and "В банке" in html
    assert html.index("Кабинетный") < html.index("В банке")  # the cabinet comes first
    assert "Вебинар о чтении" in html and "Объединение «Книга»" in html
    assert "Как учить смысловому чтению" in html
    # and never what is closed to them elsewhere
    assert "Черновик автора" not in html and "Черновое событие" not in html
    assert included.title in html
    # and no «seen by» labels: those are for the owner
    assert "видят:" not in html


def test_attendance_and_documents_stay_with_the_owner_until_opened(
    client, community, person, colleague
):
    past = EventFactory(
        community=community,
        title="Семинар, где был",
        starts_at=timezone.now() - datetime.timedelta(days=3),
        ends_at=timezone.now() - datetime.timedelta(days=3, hours=-2),
    )
    registered(past, person, attended=True)
    DocumentFactory(community=community, recipient=person, title="Сертификат участника семинара")
    DocumentFactory(
        community=community,
        recipient=person,
        title="Отозванный сертификат",
        revoked_at=timezone.now(),
    )
    _status, html = page(client, person, colleague)
    assert "Семинар, где был" not in html and "Сертификат участника семинара" not in html
    # the owner sees both, marked «only me», with the way to change it
    _status, own = page(client, person, person)
    assert "Семинар, где был" in own and "Сертификат участника семинара" in own
    assert "видят: только я" in own and "/people/space/settings/" in own
    assert "Отозванный сертификат" not in own
    # once opened to the members of their communities, the colleague sees them, linked to /verify/
    SpaceSettings.objects.create(user=person, attended="members", documents="members")
    _status, html = page(client, person, colleague)
    assert "Семинар, где был" in html and "Сертификат участника семинара" in html
    space = html.split('id="space"')[1]
    assert "/verify/" in space and "/documents/" not in space  # the check page, never the file


def test_expertise_is_told_in_numbers_without_the_materials(client, community, person, colleague):
    # given the person reviewed a material as an expert
    material = submitted_material(community=community, title="Рецензируемая разработка")
    submitted_review(assignment(open_round(material), person, status="accepted"))
    _status, html = page(client, person, colleague)
    # then the colleague reads how many conclusions, and in which community, not which material
    assert "1 экспертное заключение" in html and community.name in html
    assert "Рецензируемая разработка" not in html


def test_people_outside_see_no_space_and_anonymous_visitors_no_page(
    client, community, person, stranger, publish_name
):
    material_with_author(community=community, author=person, status=MaterialStatus.SUBMITTED)
    # the stranger may not even open the page (no shared community, nothing published)
    status, _html = page(client, person, stranger)
    assert status == 404
    # with the name published and materials shown to everyone, the stranger sees the part, but
    # only the items they may open: a bank material of another community is not among them
    publish_name(person, community)
    SpaceSettings.objects.create(user=person, materials="everyone")
    included = material_with_author(
        community=community, author=person, status=MaterialStatus.INCLUDED, title="Для всех"
    )
    client.logout()
    status, html = page(client, person)
    assert status == 200 and "Для всех" in html
    assert html.count("/materials/") == html.count(f"/materials/{included.pk}/")


def test_an_unconfirmed_coauthor_is_not_shown_as_the_author(client, community, person, colleague):
    other = MembershipFactory(community=community).user
    material = material_with_author(community=community, author=other, title="Чужая разработка")
    material.status = MaterialStatus.REVISION
    material.submitted_at = timezone.now()
    material.save()
    add_author(material, person)  # named, not confirmed
    _status, html = page(client, person, colleague)
    assert "Чужая разработка" not in html


def test_a_topic_in_a_community_the_reader_is_not_in_is_not_shown(
    client, community, person, publish_name
):
    other = CommunityFactory()
    MembershipFactory(community=other, user=person)
    make_topic(SectionFactory(community=other), person, title="Тема другого сообщества")
    make_topic(SectionFactory(community=community), person, title="Тема нашего сообщества")
    reader = MembershipFactory(community=community).user
    _status, html = page(client, person, reader)
    assert "Тема нашего сообщества" in html and "Тема другого сообщества" not in html
