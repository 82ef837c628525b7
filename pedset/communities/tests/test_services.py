"""The writes: joining, deciding, leaving, roles, creating, editing and closing."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from pedset.accounts.tests.factories import UserFactory
from pedset.communities import services
from pedset.communities.models import Community, MemberKind, Membership, MembershipStatus, Role
from pedset.communities.services import ActionRefused
from pedset.communities.tests.factories import CommunityFactory, MembershipFactory
from pedset.core import ratelimit
from pedset.core.models import AuditEvent, Notification
from pedset.organisations.tests.factories import OrganisationFactory
from pedset.privacy.models import Consent, ConsentSource
from pedset.privacy.tests.factories import ConsentTextFactory

pytestmark = pytest.mark.django_db

Action = AuditEvent.Action
CAP_MESSAGE = "Достигнута предельная численность сообщества (150)."


def ask_to_join(user, community, *, consent=True, motivation=""):
    return services.membership_request(
        actor=user,
        community=community,
        rules_accepted_at=timezone.now(),
        consent_given=consent,
        motivation=motivation,
    )


def fill(community, n):
    MembershipFactory.create_batch(n, community=community)


# --- Joining -------------------------------------------------------------------------------


def test_request_creates_pending_membership_with_consent_and_audit(community, consent_text):
    # given a confirmed person
    person = UserFactory()

    # when they ask to join, accepting the rules and consenting
    membership = ask_to_join(person, community, motivation="Хочу обмениваться опытом")

    # then a pending request exists with the rules time, the consent and an audit entry
    assert membership.status == MembershipStatus.PENDING
    assert membership.rules_accepted_at is not None
    assert membership.motivation == "Хочу обмениваться опытом"
    consent = Consent.objects.get(user=person, operator=community.operator)
    assert membership.consent == consent
    assert consent.source == ConsentSource.JOIN
    assert consent.version == consent_text.version
    event = AuditEvent.objects.get(action=Action.MEMBERSHIP_REQUESTED)
    assert event.community == community and event.subject_user_id == person.pk


def test_request_tells_the_managers_in_the_site(community, consent_text):
    coordinator = MembershipFactory(community=community, role=Role.COORDINATOR).user
    ask_to_join(UserFactory(), community)
    assert Notification.objects.filter(recipient=coordinator, kind="join_request").exists()


def test_existing_consent_of_current_version_is_reused(community, consent_text):
    # given a person who already consented to this operator (another community, same operator)
    person = UserFactory()
    first = ask_to_join(person, CommunityFactory(operator=community.operator))

    # when they join without ticking consent again, then the same consent is used
    membership = ask_to_join(person, community, consent=False)
    assert membership.consent_id == first.consent_id
    assert Consent.objects.filter(user=person).count() == 1


def test_consent_of_an_older_version_must_be_given_again(community, consent_text):
    person = UserFactory()
    ask_to_join(person, CommunityFactory(operator=community.operator))
    ConsentTextFactory(operator=community.operator, version=2, text="Новая редакция согласия")

    with pytest.raises(ActionRefused, match="требуется согласие на обработку"):
        ask_to_join(person, community, consent=False)
    membership = ask_to_join(person, community, consent=True)
    assert membership.consent.version == 2


def test_request_without_consent_is_refused_and_changes_nothing(community, consent_text):
    person = UserFactory()
    with pytest.raises(ActionRefused, match="требуется согласие на обработку"):
        ask_to_join(person, community, consent=False)
    assert not Membership.objects.exists()
    assert not Consent.objects.exists()


def test_request_without_rules_is_refused(community, consent_text):
    with pytest.raises(ActionRefused, match="примите правила поведения"):
        services.membership_request(
            actor=UserFactory(), community=community, rules_accepted_at=None, consent_given=True
        )
    assert not Membership.objects.exists()


def test_request_when_operator_has_no_consent_text_is_refused(community):
    with pytest.raises(ActionRefused, match="не опубликовал текст согласия"):
        ask_to_join(UserFactory(), community)
    assert not Membership.objects.exists()


def test_too_long_motivation_is_refused(community, consent_text):
    with pytest.raises(ActionRefused, match="слишком длинное"):
        ask_to_join(UserFactory(), community, motivation="а" * 2001)
    assert not Membership.objects.exists()


def test_joining_twice_is_refused(community, consent_text):
    person = UserFactory()
    ask_to_join(person, community)
    with pytest.raises(ActionRefused, match="уже на рассмотрении"):
        ask_to_join(person, community)
    assert Membership.objects.filter(user=person).count() == 1


def test_member_cannot_ask_again(community, consent_text):
    member = MembershipFactory(community=community).user
    with pytest.raises(ActionRefused, match="уже участник"):
        ask_to_join(member, community)


def test_joining_a_closed_community_is_refused(community, consent_text):
    community.closed_at = timezone.now()
    community.save()
    with pytest.raises(ActionRefused, match="закрыто"):
        ask_to_join(UserFactory(), community)
    assert not Membership.objects.exists()


def test_unconfirmed_email_cannot_join(community, consent_text):
    with pytest.raises(ActionRefused, match="Подтвердите адрес электронной почты"):
        ask_to_join(UserFactory(email_confirmed_at=None), community)


def test_organisation_community_needs_the_persons_organisation(consent_text):
    community = CommunityFactory(
        member_kind=MemberKind.ORGANISATIONS, operator=consent_text.operator
    )
    with pytest.raises(ActionRefused, match="Укажите вашу организацию"):
        ask_to_join(UserFactory(organisation=None), community)

    school = OrganisationFactory()
    membership = ask_to_join(UserFactory(organisation=school), community)
    assert membership.organisation == school


def test_persons_community_does_not_record_an_organisation(community, consent_text):
    membership = ask_to_join(UserFactory(organisation=OrganisationFactory()), community)
    assert membership.organisation is None


def test_without_approval_membership_is_active_at_once(consent_text):
    community = CommunityFactory(join_requires_approval=False, operator=consent_text.operator)
    membership = ask_to_join(UserFactory(), community)
    assert membership.status == MembershipStatus.ACTIVE
    assert membership.decided_at is not None


def test_without_approval_the_cap_still_holds(consent_text):
    community = CommunityFactory(
        join_requires_approval=False, operator=consent_text.operator, member_cap=150
    )
    fill(community, 150)
    with pytest.raises(ActionRefused) as refusal:
        ask_to_join(UserFactory(), community)
    assert refusal.value.message == CAP_MESSAGE
    assert Membership.objects.filter(community=community).count() == 150


# --- Decisions -----------------------------------------------------------------------------


def test_approve_activates_audits_and_tells_the_applicant(
    community, mailoutbox, django_capture_on_commit_callbacks
):
    coordinator = MembershipFactory(community=community, role=Role.COORDINATOR).user
    request = MembershipFactory(community=community, status=MembershipStatus.PENDING)

    with django_capture_on_commit_callbacks(execute=True):
        services.membership_approve(actor=coordinator, membership=request)

    request.refresh_from_db()
    assert request.status == MembershipStatus.ACTIVE
    assert request.decided_by == coordinator
    event = AuditEvent.objects.get(action=Action.MEMBERSHIP_APPROVED)
    assert event.actor == coordinator and event.subject_user_id == request.user_id
    assert Notification.objects.filter(recipient=request.user, kind="membership").exists()
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [request.user.email]
    assert "одобрена" in mailoutbox[0].subject


def test_approving_over_the_cap_changes_nothing(community):
    admin = MembershipFactory(community=community, role=Role.ADMINISTRATOR).user
    fill(community, 149)  # with the administrator: 150 of 150
    request = MembershipFactory(community=community, status=MembershipStatus.PENDING)

    with pytest.raises(ActionRefused) as refusal:
        services.membership_approve(actor=admin, membership=request)

    assert refusal.value.message == CAP_MESSAGE
    request.refresh_from_db()
    assert request.status == MembershipStatus.PENDING
    assert not AuditEvent.objects.filter(action=Action.MEMBERSHIP_APPROVED).exists()


def test_approving_twice_is_refused(community):
    admin = MembershipFactory(community=community, role=Role.ADMINISTRATOR).user
    request = MembershipFactory(community=community, status=MembershipStatus.PENDING)
    services.membership_approve(actor=admin, membership=request)
    with pytest.raises(ActionRefused, match="уже принято решение"):
        services.membership_approve(actor=admin, membership=request)
    assert AuditEvent.objects.filter(action=Action.MEMBERSHIP_APPROVED).count() == 1


def test_reject_records_reason_and_mails_it(
    community, mailoutbox, django_capture_on_commit_callbacks
):
    admin = MembershipFactory(community=community, role=Role.ADMINISTRATOR).user
    request = MembershipFactory(community=community, status=MembershipStatus.PENDING)

    with django_capture_on_commit_callbacks(execute=True):
        services.membership_reject(
            actor=admin, membership=request, reason="  Сообщество только для учителей района  "
        )

    request.refresh_from_db()
    assert request.status == MembershipStatus.REJECTED
    assert request.rejection_reason == "Сообщество только для учителей района"
    event = AuditEvent.objects.get(action=Action.MEMBERSHIP_REJECTED)
    assert event.reason == "Сообщество только для учителей района"
    note = Notification.objects.get(recipient=request.user, kind="membership")
    assert "Сообщество только для учителей района" in note.body
    assert "Сообщество только для учителей района" in mailoutbox[0].body


@pytest.mark.parametrize("reason", ["", "   ", "а" * 2001])
def test_reject_needs_a_sensible_reason(community, reason):
    admin = MembershipFactory(community=community, role=Role.ADMINISTRATOR).user
    request = MembershipFactory(community=community, status=MembershipStatus.PENDING)
    with pytest.raises(ActionRefused):
        services.membership_reject(actor=admin, membership=request, reason=reason)
    request.refresh_from_db()
    assert request.status == MembershipStatus.PENDING


@pytest.mark.parametrize("actor", ["member", "expert", "moderator", "registered", "pending"])
def test_only_managers_decide(community, make_person, actor):
    request = MembershipFactory(community=community, status=MembershipStatus.PENDING)
    with pytest.raises(PermissionDenied):
        services.membership_approve(actor=make_person(actor, community), membership=request)
    with pytest.raises(PermissionDenied):
        services.membership_reject(
            actor=make_person(actor, community), membership=request, reason="нет"
        )


def test_platform_admin_decides_anywhere(community, make_person):
    request = MembershipFactory(community=community, status=MembershipStatus.PENDING)
    services.membership_approve(actor=make_person("platform_admin"), membership=request)
    request.refresh_from_db()
    assert request.is_active


# --- Leaving and rejoining -----------------------------------------------------------------


def test_leave_keeps_history_and_rejoining_works(community, consent_text):
    membership = MembershipFactory(community=community)
    person = membership.user

    services.membership_leave(actor=person, community=community)
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.LEFT and membership.left_at is not None
    assert AuditEvent.objects.filter(action=Action.MEMBERSHIP_LEFT).count() == 1

    again = ask_to_join(person, community)
    assert again.pk != membership.pk and again.is_pending
    assert Membership.objects.filter(user=person, community=community).count() == 2


def test_rejected_person_may_ask_again(community, consent_text):
    person = UserFactory()
    MembershipFactory(
        community=community, user=person, status=MembershipStatus.REJECTED, rejection_reason="x"
    )
    assert ask_to_join(person, community).is_pending


def test_withdrawing_a_pending_request(community):
    request = MembershipFactory(community=community, status=MembershipStatus.PENDING)
    services.membership_leave(actor=request.user, community=community)
    request.refresh_from_db()
    assert request.status == MembershipStatus.LEFT
    event = AuditEvent.objects.get(action=Action.MEMBERSHIP_LEFT)
    assert event.data["withdrawn_request"] is True


def test_leaving_without_membership_is_refused(community):
    with pytest.raises(ActionRefused, match="не участник"):
        services.membership_leave(actor=UserFactory(), community=community)


def test_last_administrator_cannot_leave(community):
    admin = MembershipFactory(community=community, role=Role.ADMINISTRATOR)
    with pytest.raises(ActionRefused, match="единственный администратор"):
        services.membership_leave(actor=admin.user, community=community)
    admin.refresh_from_db()
    assert admin.is_active


# --- Roles ---------------------------------------------------------------------------------


def test_set_role_audits_old_and_new(community):
    admin = MembershipFactory(community=community, role=Role.ADMINISTRATOR).user
    member = MembershipFactory(community=community)

    services.membership_set_role(actor=admin, membership=member, role=Role.COORDINATOR)

    member.refresh_from_db()
    assert member.role == Role.COORDINATOR
    event = AuditEvent.objects.get(action=Action.ROLE_CHANGED)
    assert event.data == {"old": "member", "new": "coordinator"}
    assert event.subject_user_id == member.user_id


def test_role_change_is_seen_in_the_same_request(community):
    from pedset.core.policies import community_role

    admin_membership = MembershipFactory(community=community, role=Role.ADMINISTRATOR)
    admin = admin_membership.user
    other = MembershipFactory(community=community, role=Role.ADMINISTRATOR)
    assert community_role(admin, community) == Role.ADMINISTRATOR  # memoised

    services.membership_set_role(actor=admin, membership=admin_membership, role=Role.MEMBER)

    assert community_role(admin, community) == Role.MEMBER
    assert other.role == Role.ADMINISTRATOR


def test_last_administrator_cannot_be_demoted(community):
    admin = MembershipFactory(community=community, role=Role.ADMINISTRATOR)
    with pytest.raises(ActionRefused, match="хотя бы один администратор"):
        services.membership_set_role(actor=admin.user, membership=admin, role=Role.MEMBER)
    admin.refresh_from_db()
    assert admin.role == Role.ADMINISTRATOR
    assert not AuditEvent.objects.filter(action=Action.ROLE_CHANGED).exists()


def test_unknown_role_is_refused(community):
    admin = MembershipFactory(community=community, role=Role.ADMINISTRATOR).user
    member = MembershipFactory(community=community)
    with pytest.raises(ActionRefused):
        services.membership_set_role(actor=admin, membership=member, role="king")


def test_roles_only_for_active_members(community):
    admin = MembershipFactory(community=community, role=Role.ADMINISTRATOR).user
    pending = MembershipFactory(community=community, status=MembershipStatus.PENDING)
    with pytest.raises(ActionRefused):
        services.membership_set_role(actor=admin, membership=pending, role=Role.EXPERT)


@pytest.mark.parametrize("actor", ["coordinator", "moderator", "member"])
def test_only_administrators_assign_roles(community, make_person, actor):
    member = MembershipFactory(community=community)
    with pytest.raises(PermissionDenied):
        services.membership_set_role(
            actor=make_person(actor, community), membership=member, role=Role.EXPERT
        )


# --- Communities ---------------------------------------------------------------------------


def community_data(operator, **overrides):
    data = {
        "slug": "sinergiya",
        "name": "Синергия",
        "summary": "",
        "goals": "Цели",
        "tasks": "",
        "regulation_text": "Положение",
        "member_cap": 150,
        "join_requires_approval": True,
        "rules_of_conduct": "Правила",
        "group_application_days": 7,
        "expertise_days": 10,
        "deadline_day_kind": "working",
        "time_zone": "Asia/Yakutsk",
        "operator": operator,
        "member_kind": MemberKind.ORGANISATIONS,
        "creation_order_number": "125-од",
        "creation_order_date": datetime.date(2024, 9, 1),
    }
    data.update(overrides)
    return data


def test_create_community_audits(make_person):
    admin = make_person("platform_admin")
    community = services.community_create(actor=admin, data=community_data(OrganisationFactory()))
    assert community.created_by == admin
    event = AuditEvent.objects.get(action=Action.COMMUNITY_CREATED)
    assert event.community == community
    assert event.data["order_number"] == "125-од"


def test_only_platform_admin_creates(make_person, community):
    with pytest.raises(PermissionDenied):
        services.community_create(
            actor=make_person("community_admin", community),
            data=community_data(OrganisationFactory()),
        )
    assert Community.objects.count() == 1


def test_update_records_a_diff_of_changed_fields(community):
    admin = MembershipFactory(community=community, role=Role.ADMINISTRATOR).user
    old_name = community.name

    changes = services.community_update(
        actor=admin,
        community=community,
        data={"name": "Новое имя", "goals": community.goals, "member_cap": 100},
    )

    assert set(changes) == {"name", "member_cap"}
    event = AuditEvent.objects.get(action=Action.COMMUNITY_SETTINGS_CHANGED)
    assert event.data["changed"]["name"] == {"before": old_name, "after": "Новое имя"}
    assert event.data["changed"]["member_cap"] == {"before": 150, "after": 100}


def test_update_without_changes_writes_nothing(community):
    admin = MembershipFactory(community=community, role=Role.ADMINISTRATOR).user
    assert (
        services.community_update(actor=admin, community=community, data={"name": community.name})
        == {}
    )
    assert not AuditEvent.objects.exists()


def test_cap_below_current_members_is_refused(community):
    admin = MembershipFactory(community=community, role=Role.ADMINISTRATOR).user
    fill(community, 4)
    with pytest.raises(ActionRefused, match="меньше текущего числа участников"):
        services.community_update(actor=admin, community=community, data={"member_cap": 3})
    community.refresh_from_db()
    assert community.member_cap == 150


def test_community_admin_cannot_change_founding_details(community):
    admin = MembershipFactory(community=community, role=Role.ADMINISTRATOR).user
    with pytest.raises(PermissionDenied):
        services.community_update(
            actor=admin, community=community, data={"operator": OrganisationFactory()}
        )


def test_member_kind_cannot_change_with_members(community, make_person):
    fill(community, 1)
    with pytest.raises(ActionRefused, match="вид участников"):
        services.community_update(
            actor=make_person("platform_admin"),
            community=community,
            data={"member_kind": MemberKind.ORGANISATIONS},
        )


def test_close_records_order_rejects_pending_and_refuses_edits(community, make_person):
    admin = make_person("platform_admin")
    pending = MembershipFactory(community=community, status=MembershipStatus.PENDING)

    services.community_close(
        actor=admin,
        community=community,
        order_number="77-од",
        order_date=community.creation_order_date + datetime.timedelta(days=30),
        reason="Реорганизация методической службы",
    )

    community.refresh_from_db()
    assert community.is_closed
    assert community.closure_order_number == "77-од"
    assert community.closure_reason == "Реорганизация методической службы"
    event = AuditEvent.objects.get(action=Action.COMMUNITY_CLOSED)
    assert event.reason == "Реорганизация методической службы"
    pending.refresh_from_db()
    assert pending.status == MembershipStatus.REJECTED
    assert "77-од" in pending.rejection_reason
    with pytest.raises(PermissionDenied):
        services.community_update(actor=admin, community=community, data={"name": "x"})
    with pytest.raises(ActionRefused, match="уже закрыто"):
        services.community_close(
            actor=admin,
            community=community,
            order_number="78-од",
            order_date=community.creation_order_date + datetime.timedelta(days=31),
            reason="ещё раз",
        )


def test_closure_order_before_creation_order_is_refused(community, make_person):
    with pytest.raises(ActionRefused):
        services.community_close(
            actor=make_person("platform_admin"),
            community=community,
            order_number="1",
            order_date=community.creation_order_date - datetime.timedelta(days=1),
            reason="ошибка",
        )
    community.refresh_from_db()
    assert not community.is_closed


def test_deactivated_applicant_is_neither_listed_nor_approved(community):
    from pedset.communities import selectors

    admin = MembershipFactory(community=community, role=Role.ADMINISTRATOR).user
    request = MembershipFactory(community=community, status=MembershipStatus.PENDING)
    request.user.is_active = False
    request.user.anonymised_at = timezone.now()
    request.user.save()

    assert list(selectors.join_requests(community)) == []
    with pytest.raises(ActionRefused, match="больше не действует"):
        services.membership_approve(actor=admin, membership=request)
    request.refresh_from_db()
    assert request.is_pending


# --- Flooding the managers with requests ----------------------------------------------------


def withdraw(person, community):
    services.membership_leave(actor=person, community=community)


def told(community):
    return Notification.objects.filter(kind="join_request", url__contains=community.slug).count()


def test_join_requests_are_limited_per_person_with_a_russian_message(
    community, consent_text, settings
):
    settings.JOIN_REQUEST_LIMIT, settings.JOIN_REQUEST_WINDOW = 3, 3600
    MembershipFactory(community=community, role=Role.COORDINATOR)
    person = UserFactory()
    start = datetime.datetime(2026, 11, 20, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        for _ in range(3):
            ask_to_join(person, community)
            withdraw(person, community)
    with (
        time_machine.travel(start + datetime.timedelta(minutes=15), tick=False),
        pytest.raises(ActionRefused) as refusal,
    ):
        ask_to_join(person, community)
    assert refusal.value.message == (
        "Вы отправили слишком много заявок на вступление за короткое время. "
        "Повторите попытку через 45 минут."
    )
    assert not Membership.objects.filter(user=person, status=MembershipStatus.PENDING).exists()
    assert Membership.objects.filter(user=person).count() == 3
    # once the window ends (the cache expires the counter; Redis ignores time travel, so the
    # test ends it by hand), asking works again
    ratelimit.reset(services.JOIN_REQUEST_SCOPE, str(person.pk))
    assert ask_to_join(person, community).is_pending


def test_the_join_request_limit_spans_communities_but_not_people(consent_text, settings):
    settings.JOIN_REQUEST_LIMIT = 2
    operator = consent_text.operator
    person = UserFactory()
    ask_to_join(person, CommunityFactory(operator=operator))
    ask_to_join(person, CommunityFactory(operator=operator))
    third = CommunityFactory(operator=operator)
    with pytest.raises(ActionRefused, match="слишком много заявок"):
        ask_to_join(person, third)
    assert not Membership.objects.filter(user=person, community=third).exists()
    assert ask_to_join(UserFactory(), third).is_pending


def test_a_refused_request_for_bad_input_does_not_use_up_the_limit(
    community, consent_text, settings
):
    settings.JOIN_REQUEST_LIMIT = 1
    person = UserFactory()
    with pytest.raises(ActionRefused, match="требуется согласие"):
        ask_to_join(person, community, consent=False)
    assert ask_to_join(person, community).is_pending


def test_asking_again_soon_after_withdrawing_does_not_tell_the_managers_again(
    community, consent_text
):
    coordinator = MembershipFactory(community=community, role=Role.COORDINATOR).user
    person = UserFactory()
    start = datetime.datetime(2026, 11, 20, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        ask_to_join(person, community)
        withdraw(person, community)
    assert told(community) == 1
    with time_machine.travel(start + datetime.timedelta(hours=23), tick=False):
        again = ask_to_join(person, community)
    assert again.is_pending  # the request itself is queued for the managers to see
    assert told(community) == 1
    assert Notification.objects.filter(recipient=coordinator).count() == 1
    # someone else's request is still told
    ask_to_join(UserFactory(), community)
    assert told(community) == 2


def test_asking_again_a_day_after_withdrawing_tells_the_managers(community, consent_text):
    MembershipFactory(community=community, role=Role.COORDINATOR)
    person = UserFactory()
    start = datetime.datetime(2026, 11, 20, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        ask_to_join(person, community)
        withdraw(person, community)
    with time_machine.travel(start + datetime.timedelta(hours=25), tick=False):
        ask_to_join(person, community)
    assert told(community) == 2


def test_a_member_who_left_and_asks_again_is_told_to_the_managers(community, consent_text):
    """Leaving after membership is not a withdrawn request: the managers hear of the new one."""
    MembershipFactory(community=community, role=Role.COORDINATOR)
    membership = MembershipFactory(community=community, decided_at=timezone.now())
    withdraw(membership.user, community)
    ask_to_join(membership.user, community)
    assert told(community) == 1
