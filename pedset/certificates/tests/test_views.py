"""The certificates panel of the event page, the issue button and the revocation page."""

import pytest
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation

from pedset.certificates.models import EventAward
from pedset.certificates.services import certificates_issue_for_event
from pedset.certificates.tests.factories import award, member
from pedset.communities.models import Role
from pedset.communities.tests.factories import CommunityFactory, MembershipFactory
from pedset.documents.models import Document
from pedset.events.models import EventRole, EventStatus
from pedset.events.tests.factories import EventFactory, event_person, past_event, registered

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_pdf")]


def coordinator(community):
    return MembershipFactory(community=community, role=Role.COORDINATOR).user


def panel(event, user) -> str:
    request = RequestFactory().get(f"/events/{event.pk}/")
    request.user = user
    template = Template("{% load certificates_tags %}{% certificates_panel event %}")
    return template.render(Context({"event": event, "request": request}))


def texts(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def levels(response) -> list[int]:
    return [m.level for m in get_messages(response.wsgi_request)]


# --- The panel ----------------------------------------------------------------------------


def test_the_manager_sees_counts_and_the_button(community):
    event = past_event(community=community)
    for _ in range(3):
        registered(event, attended=True)
    registered(event)  # absent
    with translation.override("ru"):
        html = panel(event, coordinator(community))
    assert "Имеют право на документ: 3. Выдано: 0. Ещё не выдано: 3." in html
    assert "Выдать сертификаты (3)" in html
    assert reverse("certificates:issue", args=[event.pk]) in html


def test_after_issuing_the_manager_sees_the_list_with_revoke_links(community):
    event = past_event(community=community)
    holder = registered(event, attended=True).user
    lead = coordinator(community)
    [issued] = certificates_issue_for_event(actor=lead, event=event).issued
    html = panel(event, lead)
    assert holder.get_full_name() in html
    assert issued.document.number in html
    assert reverse("certificates:revoke", args=[issued.pk]) in html
    assert reverse("certificates:issue", args=[event.pk]) not in html  # nothing missing


def test_an_organiser_sees_the_list_but_the_files_stay_with_the_registry(community):
    event = past_event(community=community)
    holder = registered(event, attended=True).user
    [issued] = certificates_issue_for_event(actor=None, event=event).issued
    organiser = event_person(event, EventRole.ORGANISER).user
    html = panel(event, organiser)
    assert holder.get_full_name() in html
    assert reverse("documents:verify", args=[issued.document.verification_code]) in html
    assert reverse("documents:pdf", args=[issued.document.pk]) not in html
    assert reverse("certificates:revoke", args=[issued.pk]) in html


def test_a_holder_sees_only_their_own_document(community):
    event = past_event(community=community)
    holder = registered(event, attended=True).user
    other = registered(event, attended=True).user
    certificates_issue_for_event(actor=None, event=event)
    mine = EventAward.objects.get(user=holder).document
    html = panel(event, holder)
    assert mine.number in html
    assert reverse("documents:pdf", args=[mine.pk]) in html
    assert reverse("documents:verify", args=[mine.verification_code]) in html
    assert other.get_full_name() not in html
    assert reverse("certificates:issue", args=[event.pk]) not in html


def test_nobody_else_sees_anything(community):
    event = past_event(community=community)
    registered(event, attended=True)
    certificates_issue_for_event(actor=None, event=event)
    for user in (AnonymousUser(), member(community), member(CommunityFactory())):
        assert "certificates-heading" not in panel(event, user)


def test_before_the_end_the_manager_is_told_when(community):
    event = EventFactory(community=community)
    html = panel(event, coordinator(community))
    assert reverse("certificates:issue", args=[event.pk]) not in html
    assert "certificates-heading" in html


@pytest.mark.parametrize("size", [3, 30])
def test_the_panel_costs_the_same_for_3_and_30_documents(
    community, size, django_assert_max_num_queries
):
    event = past_event(community=community)
    for _ in range(size):
        award(event)
    for _ in range(size):
        registered(event, attended=True)
    lead = coordinator(community)
    with django_assert_max_num_queries(10):
        html = panel(event, lead)
    assert html.count(reverse("documents:verify", args=["X"])[:-2]) >= size


def test_the_event_page_carries_the_panel(client, community):
    event = past_event(community=community)
    holder = registered(event, attended=True).user
    [issued] = certificates_issue_for_event(actor=None, event=event).issued
    client.force_login(holder)
    page = client.get(reverse("events:detail", args=[event.pk])).content.decode()
    assert 'id="certificates"' in page and issued.document.number in page
    client.force_login(coordinator(community))
    page = client.get(reverse("events:detail", args=[event.pk])).content.decode()
    assert holder.get_full_name() in page


# --- Issuing ------------------------------------------------------------------------------


def test_the_button_issues_and_says_how_many(client, community):
    event = past_event(community=community)
    registered(event, attended=True)
    registered(event, attended=True)
    lead = coordinator(community)
    client.force_login(lead)
    response = client.post(reverse("certificates:issue", args=[event.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("events:detail", args=[event.pk]) + "#certificates"
    assert EventAward.objects.filter(event=event).count() == 2
    assert any("2" in text for text in texts(response))
    # pressing again issues nothing and says so
    response = client.post(reverse("certificates:issue", args=[event.pk]))
    assert EventAward.objects.filter(event=event).count() == 2
    said = texts(response)  # both messages: the redirects were not followed
    assert len(said) == 2 and not any(ch.isdigit() for ch in said[-1])


def test_issuing_too_early_is_refused_with_a_message(client, community):
    event = EventFactory(community=community)
    registered(event, attended=True)
    client.force_login(coordinator(community))
    response = client.post(reverse("certificates:issue", args=[event.pk]))
    assert response.status_code == 302
    assert texts(response) and not Document.objects.exists()


def test_issuing_needs_post_the_right_and_a_visible_event(client, community):
    event = past_event(community=community)
    registered(event, attended=True)
    url = reverse("certificates:issue", args=[event.pk])
    # anonymous → the login page
    assert client.post(url).status_code == 302 and not EventAward.objects.exists()
    # GET is not allowed
    client.force_login(coordinator(community))
    assert client.get(url).status_code == 405
    # an ordinary member → 403
    client.force_login(member(community))
    assert client.post(url).status_code == 403
    # a coordinator of another community → 403 (the event is public), a draft → 404
    client.force_login(coordinator(CommunityFactory()))
    assert client.post(url).status_code == 403
    event.status = EventStatus.DRAFT
    event.save()
    assert client.post(url).status_code == 404
    # an unknown event → 404
    assert client.post(reverse("certificates:issue", args=[999999])).status_code == 404
    assert not EventAward.objects.exists()


def test_a_failure_is_reported_not_raised(client, community, monkeypatch):
    event = past_event(community=community)
    registered(event, attended=True)

    def broken(**kwargs):
        raise RuntimeError("storage is down")

    monkeypatch.setattr("pedset.certificates.services.certificates_issue_for_event", broken)
    client.force_login(coordinator(community))
    response = client.post(reverse("certificates:issue", args=[event.pk]))
    assert response.status_code == 302
    assert levels(response) == [messages.ERROR] and not EventAward.objects.exists()


def test_with_a_task_worker_the_button_only_enqueues(client, community, settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    event = past_event(community=community)
    registered(event, attended=True)
    client.force_login(coordinator(community))
    response = client.post(reverse("certificates:issue", args=[event.pk]))
    assert response.status_code == 302
    assert levels(response) == [messages.INFO] and not EventAward.objects.exists()


# --- Revoking -----------------------------------------------------------------------------


def test_the_revocation_page(client, community):
    event = past_event(community=community)
    holder = registered(event, attended=True).user
    lead = coordinator(community)
    [issued] = certificates_issue_for_event(actor=lead, event=event).issued
    url = reverse("certificates:revoke", args=[issued.pk])
    client.force_login(lead)
    # the page shows the document and a form
    response = client.get(url)
    assert response.status_code == 200
    assert issued.document.number in response.content.decode()
    # an empty or too long reason is refused with a message, nothing changes
    for reason in ("", "   ", "я" * 2001):
        response = client.post(url, {"reason": reason})
        assert response.status_code == 200
        assert response.context["form"].errors
    issued.document.refresh_from_db()
    assert not issued.document.is_revoked
    # a reason revokes it and leads back to the event
    response = client.post(url, {"reason": "Участие не подтверждено"})
    assert response.status_code == 302
    issued.document.refresh_from_db()
    assert issued.document.is_revoked and issued.user == holder
    # a revoked document cannot be revoked again
    assert client.get(url).status_code == 403


def test_revoke_with_reissue_from_the_page(client, community):
    event = past_event(community=community)
    registered(event, attended=True)
    lead = coordinator(community)
    [issued] = certificates_issue_for_event(actor=lead, event=event).issued
    client.force_login(lead)
    response = client.post(
        reverse("certificates:revoke", args=[issued.pk]),
        {"reason": "Ошибка в фамилии", "reissue": "on"},
    )
    assert response.status_code == 302
    [new] = EventAward.objects.filter(event=event)
    assert new.document != issued.document and not new.document.is_revoked
    assert len(texts(response)) == 2


def test_revoking_is_for_those_who_run_the_event(client, community):
    event = past_event(community=community)
    holder = registered(event, attended=True).user
    [issued] = certificates_issue_for_event(actor=None, event=event).issued
    url = reverse("certificates:revoke", args=[issued.pk])
    # the holder and another member do not see the page (404: the list is not theirs)
    for user in (holder, member(community), coordinator(CommunityFactory())):
        client.force_login(user)
        assert client.post(url, {"reason": "Хочу"}).status_code == 404
    # an organiser of the event may revoke
    organiser = event_person(event, EventRole.ORGANISER).user
    client.force_login(organiser)
    assert client.post(url, {"reason": "Ошибка в списке"}).status_code == 302
    issued.document.refresh_from_db()
    assert issued.document.is_revoked
    assert client.get(reverse("certificates:revoke", args=[999999])).status_code == 404


def test_a_suspended_coordinator_may_not_issue(client, community):
    from pedset.moderation.models import Suspension

    event = past_event(community=community)
    registered(event, attended=True)
    lead = coordinator(community)
    Suspension.objects.create(
        community=community,
        user=lead,
        ends_at=timezone.now() + timezone.timedelta(days=3),
        reason="Нарушение правил",
        issued_by=coordinator(community),
    )
    client.force_login(lead)
    assert client.post(reverse("certificates:issue", args=[event.pk])).status_code == 403
    assert not EventAward.objects.exists()
