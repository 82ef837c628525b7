"""The audit-log pages of a community and of the platform."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from pedset.communities import services
from pedset.communities.models import MembershipStatus, Role
from pedset.communities.tests.factories import CommunityFactory, MembershipFactory
from pedset.core.audit import audit_record
from pedset.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_community_admin_sees_the_communitys_events(client, signed_in, community):
    admin = MembershipFactory(community=community, role=Role.ADMINISTRATOR).user
    target = MembershipFactory(community=community)
    services.membership_set_role(actor=admin, membership=target, role=Role.MODERATOR)
    request = MembershipFactory(community=community, status=MembershipStatus.PENDING)
    services.membership_reject(actor=admin, membership=request, reason="Не педагог района")
    other = CommunityFactory(name="Чужое сообщество")
    audit_record(AuditEvent.Action.COMMUNITY_CLOSED, community=other, reason="чужая причина")
    signed_in(admin)

    page = client.get(reverse("communities:audit", args=[community.slug])).content.decode()

    assert "Изменение роли" in page and "Заявка отклонена" in page
    assert "участник → модератор" in page
    assert "Не педагог района" in page
    assert admin.get_full_name() in page
    assert target.user.get_full_name() in page
    assert "чужая причина" not in page


def test_former_participant_is_shown_as_such(client, signed_in, community):
    admin = MembershipFactory(community=community, role=Role.ADMINISTRATOR).user
    former = MembershipFactory(community=community).user
    audit_record(
        AuditEvent.Action.MEMBERSHIP_LEFT, actor=former, community=community, subject_user=former
    )
    former_name = former.get_full_name()
    former.anonymised_at = timezone.now()
    former.is_active = False
    former.save()
    signed_in(admin)

    page = client.get(reverse("communities:audit", args=[community.slug])).content.decode()

    assert "Бывший участник" in page
    assert former_name not in page


def test_filter_by_action_and_date(client, signed_in, community):
    admin = MembershipFactory(community=community, role=Role.ADMINISTRATOR).user
    audit_record(AuditEvent.Action.MEMBERSHIP_LEFT, community=community, reason="ушёл сам")
    audit_record(
        AuditEvent.Action.MEMBERSHIP_REJECTED, community=community, reason="отказано-в-приёме"
    )
    signed_in(admin)
    url = reverse("communities:audit", args=[community.slug])

    page = client.get(url, {"action": AuditEvent.Action.MEMBERSHIP_REJECTED}).content.decode()
    assert "отказано-в-приёме" in page and "ушёл сам" not in page

    today = timezone.localdate()
    page = client.get(url, {"date_from": today.isoformat()}).content.decode()
    assert "отказано-в-приёме" in page
    tomorrow = (today + datetime.timedelta(days=1)).isoformat()
    page = client.get(url, {"date_from": tomorrow}).content.decode()
    assert "отказано-в-приёме" not in page and "Событий нет." in page


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"date_from": "2026-02-31"}, "Введите правильную дату"),
        ({"action": "hack"}, "Выберите корректный вариант"),
        ({"date_from": "2026-05-02", "date_to": "2026-05-01"}, "Начальная дата позже конечной"),
    ],
)
def test_bad_filters_are_messages(client, signed_in, community, params, message):
    admin = MembershipFactory(community=community, role=Role.ADMINISTRATOR).user
    signed_in(admin)
    response = client.get(reverse("communities:audit", args=[community.slug]), params)
    assert response.status_code == 200
    assert message in response.content.decode()


@pytest.mark.parametrize(
    "actor", ["member", "coordinator", "moderator", "registered", "education_authority"]
)
def test_others_cannot_see_the_community_audit(client, signed_in, make_person, actor):
    community = CommunityFactory()
    signed_in(make_person(actor, community))
    assert client.get(reverse("communities:audit", args=[community.slug])).status_code == 403


def test_platform_admin_sees_every_event(client, signed_in, make_person):
    first = CommunityFactory(name="Первое")
    second = CommunityFactory(name="Второе")
    audit_record(AuditEvent.Action.COMMUNITY_CLOSED, community=first, reason="причина-1")
    audit_record(AuditEvent.Action.COMMUNITY_CLOSED, community=second, reason="причина-2")
    audit_record(AuditEvent.Action.LOGIN_FAILED, reason="причина-3")
    signed_in(make_person("platform_admin"))

    page = client.get(reverse("communities:platform_audit")).content.decode()

    assert "причина-1" in page and "причина-2" in page and "причина-3" in page
    assert "Первое" in page and "Второе" in page


@pytest.mark.parametrize("actor", ["community_admin", "education_authority", "registered"])
def test_only_platform_admin_sees_the_platform_audit(client, signed_in, make_person, actor):
    signed_in(make_person(actor, CommunityFactory()))
    assert client.get(reverse("communities:platform_audit")).status_code == 403
