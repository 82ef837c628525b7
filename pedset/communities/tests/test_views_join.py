"""Joining in two steps (rules, then consent), withdrawing and leaving, through the pages."""

import pytest
from django.urls import reverse
from django.utils import timezone

from pedset.accounts.tests.factories import UserFactory
from pedset.communities.models import MemberKind, Membership, MembershipStatus, Role
from pedset.communities.tests.factories import CommunityFactory, MembershipFactory
from pedset.core.models import AuditEvent
from pedset.organisations.tests.factories import OrganisationFactory
from pedset.privacy.models import Consent, ConsentSource
from pedset.privacy.tests.factories import ConsentTextFactory

pytestmark = pytest.mark.django_db


def urls(community):
    return (
        reverse("communities:join", args=[community.slug]),
        reverse("communities:join_consent", args=[community.slug]),
    )


def test_two_step_join_records_rules_consent_and_request(
    client, signed_in, community, consent_text
):
    person = UserFactory()
    signed_in(person)
    rules_url, consent_url = urls(community)

    # step 1 shows the rules; accepting them leads to step 2
    page = client.get(rules_url).content.decode()
    assert community.rules_of_conduct in page and "Шаг 1 из 2" in page
    response = client.post(rules_url, {"accept_rules": "on", "motivation": "Учитель истории"})
    assert response.status_code == 302 and response["Location"] == consent_url
    assert not Membership.objects.exists()  # nothing is written before the last step

    # step 2 shows the operator and its current consent text
    page = client.get(consent_url).content.decode()
    assert community.operator.full_name in page
    assert consent_text.text in page and "Шаг 2 из 2" in page

    response = client.post(consent_url, {"consent": "on"}, follow=True)

    assert "Заявка отправлена" in response.content.decode()
    membership = Membership.objects.get(user=person, community=community)
    assert membership.status == MembershipStatus.PENDING
    assert membership.motivation == "Учитель истории"
    assert membership.rules_accepted_at is not None
    consent = Consent.objects.get(user=person)
    assert consent.source == ConsentSource.JOIN and membership.consent == consent
    assert AuditEvent.objects.filter(action=AuditEvent.Action.MEMBERSHIP_REQUESTED).exists()


def test_rules_must_be_accepted(client, signed_in, community, consent_text):
    signed_in(UserFactory())
    rules_url, consent_url = urls(community)
    response = client.post(rules_url, {"motivation": "без галочки"})
    assert response.status_code == 200
    assert "Чтобы продолжить, примите правила поведения." in response.content.decode()
    # and step 2 cannot be reached directly
    response = client.post(consent_url, {"consent": "on"}, follow=True)
    assert "Сначала прочитайте и примите правила поведения." in response.content.decode()
    assert not Membership.objects.exists()


def test_too_long_motivation_is_a_message(client, signed_in, community, consent_text):
    signed_in(UserFactory())
    response = client.post(urls(community)[0], {"accept_rules": "on", "motivation": "я" * 2001})
    assert response.status_code == 200
    assert "не более 2000" in response.content.decode()


def test_consent_must_be_given(client, signed_in, community, consent_text):
    signed_in(UserFactory())
    rules_url, consent_url = urls(community)
    client.post(rules_url, {"accept_rules": "on"})
    response = client.post(consent_url, {})
    assert response.status_code == 200
    assert "Для вступления требуется согласие на обработку персональных данных." in (
        response.content.decode()
    )
    assert not Membership.objects.exists() and not Consent.objects.exists()


def test_existing_consent_is_acknowledged_and_not_asked_again(
    client, signed_in, community, consent_text
):
    from pedset.privacy.services import consent_give

    person = UserFactory()
    consent_give(user=person, operator=community.operator, source=ConsentSource.REGISTRATION)
    signed_in(person)
    rules_url, consent_url = urls(community)
    client.post(rules_url, {"accept_rules": "on"})

    page = client.get(consent_url).content.decode()
    assert "Вы уже дали согласие этому оператору" in page
    assert 'name="consent"' not in page

    client.post(consent_url, {})
    assert Membership.objects.filter(user=person, status=MembershipStatus.PENDING).exists()
    assert Consent.objects.filter(user=person).count() == 1


def test_operator_without_consent_text_blocks_joining(client, signed_in, community):
    signed_in(UserFactory())
    rules_url, consent_url = urls(community)
    client.post(rules_url, {"accept_rules": "on"})
    page = client.get(consent_url).content.decode()
    assert "Оператор ещё не опубликовал текст согласия" in page
    client.post(consent_url, {"consent": "on"})
    assert not Membership.objects.exists()


def test_without_approval_the_person_is_a_member_at_once(client, signed_in, consent_text):
    community = CommunityFactory(join_requires_approval=False, operator=consent_text.operator)
    signed_in(UserFactory())
    rules_url, consent_url = urls(community)
    client.post(rules_url, {"accept_rules": "on"})
    response = client.post(consent_url, {"consent": "on"}, follow=True)
    assert "Теперь вы участник сообщества" in response.content.decode()
    assert Membership.objects.get().status == MembershipStatus.ACTIVE


def test_full_community_without_approval_refuses(client, signed_in, consent_text):
    community = CommunityFactory(
        join_requires_approval=False, operator=consent_text.operator, member_cap=2
    )
    MembershipFactory.create_batch(2, community=community)
    signed_in(UserFactory())
    rules_url, consent_url = urls(community)
    client.post(rules_url, {"accept_rules": "on"})
    response = client.post(consent_url, {"consent": "on"}, follow=True)
    assert "Достигнута предельная численность сообщества (2)." in response.content.decode()
    assert Membership.objects.filter(community=community).count() == 2


def test_representative_joins_for_their_organisation(client, signed_in, consent_text):
    community = CommunityFactory(
        member_kind=MemberKind.ORGANISATIONS, operator=consent_text.operator
    )
    school = OrganisationFactory(full_name="МБОУ «Олёкминская СОШ № 1»")
    signed_in(UserFactory(organisation=school))
    rules_url, consent_url = urls(community)
    assert "МБОУ «Олёкминская СОШ № 1»" in client.get(rules_url).content.decode()
    client.post(rules_url, {"accept_rules": "on"})
    client.post(consent_url, {"consent": "on"})
    assert Membership.objects.get().organisation == school


def test_person_without_organisation_is_refused_with_a_message(client, signed_in, consent_text):
    community = CommunityFactory(
        member_kind=MemberKind.ORGANISATIONS, operator=consent_text.operator
    )
    signed_in(UserFactory(organisation=None))
    response = client.post(urls(community)[0], {"accept_rules": "on"}, follow=True)
    assert "Укажите вашу организацию в профиле" in response.content.decode()
    assert not Membership.objects.exists()


def test_joining_twice_is_a_message(client, signed_in, community, consent_text):
    pending = MembershipFactory(community=community, status=MembershipStatus.PENDING)
    signed_in(pending.user)
    response = client.post(urls(community)[0], {"accept_rules": "on"}, follow=True)
    assert "уже на рассмотрении" in response.content.decode()
    assert Membership.objects.count() == 1


def test_joining_a_closed_community_is_a_message(client, signed_in, consent_text):
    community = CommunityFactory(closed_at=timezone.now(), operator=consent_text.operator)
    signed_in(UserFactory())
    for url in urls(community):
        response = client.post(url, {"accept_rules": "on", "consent": "on"}, follow=True)
        assert "Сообщество закрыто и не принимает новых участников." in response.content.decode()
    assert not Membership.objects.exists()


def test_unconfirmed_email_cannot_join(client, signed_in, community, consent_text):
    signed_in(UserFactory(email_confirmed_at=None))
    response = client.post(urls(community)[0], {"accept_rules": "on"}, follow=True)
    assert "Подтвердите адрес электронной почты" in response.content.decode()


def test_anonymous_is_sent_to_log_in(client, community):
    response = client.get(urls(community)[0])
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_leaving_and_rejoining(client, signed_in, community, consent_text):
    membership = MembershipFactory(community=community)
    signed_in(membership.user)
    leave_url = reverse("communities:leave", args=[community.slug])

    assert "Выйти из сообщества" in client.get(leave_url).content.decode()
    response = client.post(leave_url, follow=True)
    assert "Вы вышли из сообщества." in response.content.decode()
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.LEFT

    rules_url, consent_url = urls(community)
    client.post(rules_url, {"accept_rules": "on"})
    client.post(consent_url, {"consent": "on"})
    assert Membership.objects.filter(user=membership.user, community=community).count() == 2


def test_withdrawing_a_request(client, signed_in, community):
    pending = MembershipFactory(community=community, status=MembershipStatus.PENDING)
    signed_in(pending.user)
    response = client.post(reverse("communities:leave", args=[community.slug]), follow=True)
    assert "Заявка отозвана." in response.content.decode()
    pending.refresh_from_db()
    assert pending.status == MembershipStatus.LEFT


def test_leaving_without_membership_is_a_message(client, signed_in, community):
    signed_in(UserFactory())
    response = client.post(reverse("communities:leave", args=[community.slug]), follow=True)
    assert "Вы не участник этого сообщества." in response.content.decode()


def test_last_administrator_cannot_leave(client, signed_in, community):
    admin = MembershipFactory(community=community, role=Role.ADMINISTRATOR)
    signed_in(admin.user)
    response = client.post(reverse("communities:leave", args=[community.slug]), follow=True)
    assert "Вы единственный администратор сообщества" in response.content.decode()
    admin.refresh_from_db()
    assert admin.is_active


def test_newer_consent_version_is_asked_again(client, signed_in, community, consent_text):
    from pedset.privacy.services import consent_give

    person = UserFactory()
    consent_give(user=person, operator=community.operator, source=ConsentSource.REGISTRATION)
    ConsentTextFactory(operator=community.operator, version=2, text="Вторая редакция")
    signed_in(person)
    rules_url, consent_url = urls(community)
    client.post(rules_url, {"accept_rules": "on"})
    page = client.get(consent_url).content.decode()
    assert "Вторая редакция" in page and 'name="consent"' in page
