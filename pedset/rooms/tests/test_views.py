"""Pages of rooms: entering by POST only, messages instead of errors, the set-up form, the
panel on the event's page."""

import datetime

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from pedset.communities.models import Role
from pedset.communities.tests.factories import MembershipFactory
from pedset.events.models import EventStatus, Registration
from pedset.events.tests.factories import EventFactory, registered
from pedset.rooms.models import Provider, Room, RoomJoin
from pedset.rooms.tests.conftest import SECRET
from pedset.rooms.tests.factories import opens_at, room_for

pytestmark = pytest.mark.django_db

LINK = "https://telemost.yandex.ru/j/12345678901234"


@pytest.fixture
def event():
    return EventFactory()


@pytest.fixture
def coordinator(event):
    return MembershipFactory(community=event.community, role=Role.COORDINATOR).user


@pytest.fixture
def participant(event):
    return registered(event).user


def _during(event):
    return time_machine.travel(event.starts_at + datetime.timedelta(minutes=5), tick=False)


def _messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def _join(client, event):
    return client.post(reverse("rooms:join", args=[event.pk]))


# --- Entering -----------------------------------------------------------------------------------


def test_post_redirects_a_participant_to_the_room_and_marks_attendance(
    client, event, participant, no_conferencing
):
    room_for(event)
    client.force_login(participant)
    with _during(event):
        response = _join(client, event)
    assert response.status_code == 302 and response["Location"] == LINK
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
    assert RoomJoin.objects.filter(user=participant).count() == 1
    assert Registration.objects.get(user=participant).attendance_source == "room"


@pytest.mark.parametrize("method", ["get", "head"])
def test_a_get_never_joins(client, event, participant, no_conferencing, method):
    # given a link preview or a prefetch of the join address, then 405 and nothing recorded
    room_for(event)
    client.force_login(participant)
    with _during(event):
        response = getattr(client, method)(reverse("rooms:join", args=[event.pk]))
    assert response.status_code == 405
    assert not RoomJoin.objects.exists()
    assert Registration.objects.get(user=participant).attended_at is None


def test_anonymous_get_is_405_and_post_goes_to_login(client, event, no_conferencing):
    room_for(event)
    with _during(event):
        assert client.get(reverse("rooms:join", args=[event.pk])).status_code == 405
        response = _join(client, event)
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    assert LINK not in response["Location"]
    assert not RoomJoin.objects.exists()


def test_outside_the_window_a_russian_message_and_back_to_the_event(
    client, participant, no_conferencing
):
    moscow = datetime.timezone(datetime.timedelta(hours=3))
    event = EventFactory(
        starts_at=datetime.datetime(2026, 10, 5, 14, 0, tzinfo=moscow),
        ends_at=datetime.datetime(2026, 10, 5, 15, 30, tzinfo=moscow),
    )
    person = registered(event).user
    room_for(event)
    client.force_login(person)
    with time_machine.travel(datetime.datetime(2026, 10, 5, 13, 44, tzinfo=moscow), tick=False):
        response = _join(client, event)
        # and a reader living in Yakutsk sees their own time
        person.time_zone = "Asia/Yakutsk"
        person.save(update_fields=["time_zone"])
        yakutsk = _join(client, event)
    assert response.status_code == 302
    assert response["Location"] == reverse("events:detail", args=[event.pk])
    assert _messages(response) == ["Вход в комнату откроется за 15 минут до начала (в 13:45 МСК)."]
    assert _messages(yakutsk)[-1] == (
        "Вход в комнату откроется за 15 минут до начала (в 19:45 ЯКТ)."
    )
    assert not RoomJoin.objects.exists()


def test_after_the_window_the_room_is_closed(client, event, participant, no_conferencing):
    room_for(event)
    client.force_login(participant)
    with time_machine.travel(event.ends_at + datetime.timedelta(minutes=31), tick=False):
        response = _join(client, event)
    assert response["Location"] == reverse("events:detail", args=[event.pk])
    assert _messages(response) == ["Мероприятие завершилось: комната закрыта."]


def test_a_member_who_did_not_register_is_refused(client, event, no_conferencing):
    room_for(event)
    client.force_login(MembershipFactory(community=event.community).user)
    with _during(event):
        assert _join(client, event).status_code == 403
    assert not RoomJoin.objects.exists()


def test_a_draft_or_missing_event_is_not_found(client, participant, no_conferencing):
    draft = EventFactory(status=EventStatus.DRAFT, published_at=None)
    room_for(draft)
    client.force_login(participant)
    with _during(draft):
        assert _join(client, draft).status_code == 404
        assert client.post(reverse("rooms:join", args=[999999])).status_code == 404


def test_bbb_down_is_a_message_not_a_server_error(
    client, event, participant, coordinator, bbb, settings
):
    from pedset.rooms import services

    services.room_configure(actor=coordinator, event=event, provider=Provider.BIGBLUEBUTTON)
    bbb.mode, bbb.slow_seconds = "slow", 2
    settings.ROOM_HTTP_TIMEOUT = 0.2
    client.force_login(participant)
    with _during(event):
        response = _join(client, event)
    assert response.status_code == 302
    assert response["Location"] == reverse("events:detail", args=[event.pk])
    assert _messages(response) == ["Сервер вебинаров не отвечает, попробуйте через минуту."]
    assert not RoomJoin.objects.exists()


def test_bbb_join_redirects_to_the_signed_join_call(client, event, participant, coordinator, bbb):
    from pedset.rooms import services

    services.room_configure(actor=coordinator, event=event, provider=Provider.BIGBLUEBUTTON)
    client.force_login(participant)
    with _during(event):
        response = _join(client, event)
    assert response.status_code == 302 and response["Location"].startswith(bbb.url + "api/join?")
    assert SECRET not in response["Location"]


# --- Setting up ---------------------------------------------------------------------------------


def test_the_configure_page_offers_what_is_set_up_and_never_shows_secrets(
    client, event, coordinator, bbb, settings
):
    settings.JITSI_URL = ""
    client.force_login(coordinator)
    response = client.get(reverse("rooms:configure", args=[event.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert 'value="bbb"' in content and 'value="link"' in content and 'value="jitsi"' not in content
    assert SECRET not in content and settings.BBB_URL not in content
    # when BBB is chosen, then the room is kept and its passwords appear nowhere on the page
    response = client.post(reverse("rooms:configure", args=[event.pk]), {"provider": "bbb"})
    assert response.status_code == 302
    room = Room.objects.get(event=event)
    page = client.get(reverse("rooms:configure", args=[event.pk])).content.decode()
    assert room.moderator_secret not in page and room.attendee_secret not in page


def test_a_link_is_set_up_through_the_form(client, event, coordinator, no_conferencing):
    client.force_login(coordinator)
    response = client.post(
        reverse("rooms:configure", args=[event.pk]), {"provider": "link", "external_url": LINK}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("events:detail", args=[event.pk])
    assert Room.objects.get(event=event).external_url == LINK
    assert _messages(response) == ["Онлайн-комната подготовлена."]


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"provider": "link", "external_url": ""}, "Укажите ссылку на комнату."),
        ({"provider": "link", "external_url": "javascript:alert(1)"}, "веб-адресом"),
        ({"provider": "link", "external_url": "https://e.ru/" + "a" * 600}, "не более 500"),
        ({"provider": "bbb"}, "Выберите корректный вариант"),
        ({"provider": "zoom"}, "Выберите корректный вариант"),
        ({"external_url": LINK}, "Обязательное поле"),
    ],
)
def test_bad_input_is_a_form_error_and_changes_nothing(
    client, event, coordinator, no_conferencing, data, error
):
    client.force_login(coordinator)
    response = client.post(reverse("rooms:configure", args=[event.pk]), data)
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not Room.objects.exists()


def test_a_member_may_not_configure(client, event, participant, no_conferencing):
    client.force_login(participant)
    assert client.get(reverse("rooms:configure", args=[event.pk])).status_code == 403
    response = client.post(
        reverse("rooms:configure", args=[event.pk]), {"provider": "link", "external_url": LINK}
    )
    assert response.status_code == 403
    assert not Room.objects.exists()


def test_the_end_button(client, event, coordinator, participant, bbb):
    from pedset.rooms import services

    services.room_configure(actor=coordinator, event=event, provider=Provider.BIGBLUEBUTTON)
    with _during(event):
        services.room_join(user=coordinator, event=event)
        client.force_login(participant)
        assert client.post(reverse("rooms:end", args=[event.pk])).status_code == 403
        client.force_login(coordinator)
        assert client.get(reverse("rooms:end", args=[event.pk])).status_code == 405
        response = client.post(reverse("rooms:end", args=[event.pk]))
    assert response["Location"] == reverse("events:detail", args=[event.pk])
    assert _messages(response) == ["Встреча завершена."]
    assert Room.objects.get(event=event).ended_at is not None
    assert len(bbb.calls("end")) == 1


def test_the_recording_button(client, event, coordinator, bbb):
    from pedset.rooms import services

    room = services.room_configure(actor=coordinator, event=event, provider=Provider.BIGBLUEBUTTON)
    client.force_login(coordinator)
    response = client.post(reverse("rooms:recording", args=[event.pk]))
    assert _messages(response)[0].startswith("На сервере пока нет записи")
    bbb.recordings[room.meeting_id] = [
        {"record_id": "r", "formats": [("presentation", "https://bbb.example.ru/playback/r")]}
    ]
    response = client.post(reverse("rooms:recording", args=[event.pk]))
    assert _messages(response)[-1] == "Ссылка на запись сохранена на странице мероприятия."
    event.refresh_from_db()
    assert event.recording_url == "https://bbb.example.ru/playback/r"


# --- The panel ----------------------------------------------------------------------------------


def _panel(event, user) -> str:
    from django.contrib.auth.models import AnonymousUser
    from django.middleware.csrf import get_token

    request = RequestFactory().get(f"/events/{event.pk}/")
    request.user = user or AnonymousUser()
    get_token(request)
    template = Template("{% load rooms_tags %}{% rooms_panel event %}")
    return template.render(Context({"event": event, "request": request}))


def test_the_panel_shows_a_post_join_button_to_a_participant_within_the_window(
    event, participant, no_conferencing
):
    room_for(event)
    with _during(event):
        html = _panel(event, participant)
    assert 'method="post"' in html and reverse("rooms:join", args=[event.pk]) in html
    assert "Войти в комнату" in html
    assert LINK not in html
    assert reverse("rooms:configure", args=[event.pk]) not in html


def test_before_the_window_the_panel_says_when_the_room_opens(event, participant, no_conferencing):
    room_for(event)
    with time_machine.travel(opens_at(event) - datetime.timedelta(minutes=1), tick=False):
        html = _panel(event, participant)
    assert "Вход в комнату откроется за 15 минут до начала" in html
    assert reverse("rooms:join", args=[event.pk]) not in html


def test_after_the_window_the_panel_says_it_is_closed(event, participant, no_conferencing):
    room_for(event)
    with time_machine.travel(event.ends_at + datetime.timedelta(hours=2), tick=False):
        html = _panel(event, participant)
    assert "комната закрыта" in html and reverse("rooms:join", args=[event.pk]) not in html


@pytest.mark.parametrize(
    "kind", ["anonymous", "registered", "pending", "member", "education_authority"]
)
def test_the_panel_shows_nothing_to_people_who_may_not_enter(
    event, make_person, no_conferencing, kind
):
    room_for(event)
    user = make_person(kind, event.community)
    with _during(event):
        html = _panel(event, None if kind == "anonymous" else user)
    assert html.strip() == ""


def test_the_panel_gives_managers_the_settings_link_and_bbb_buttons(event, coordinator, bbb):
    room_for(event, Provider.BIGBLUEBUTTON)
    with _during(event):
        html = _panel(event, coordinator)
    assert reverse("rooms:configure", args=[event.pk]) in html
    assert reverse("rooms:join", args=[event.pk]) in html and "вы входите как модератор" in html
    assert reverse("rooms:end", args=[event.pk]) in html
    assert reverse("rooms:recording", args=[event.pk]) in html
    assert SECRET not in html and "moderator-secret" not in html


def test_the_panel_invites_managers_to_set_up_a_missing_room(
    event, coordinator, participant, no_conferencing
):
    with _during(event):
        assert "Подготовить онлайн-комнату" in _panel(event, coordinator)
        assert "Организаторы ещё не подготовили онлайн-комнату." in _panel(event, participant)


def test_the_panel_is_empty_for_forms_without_a_room(coordinator, no_conferencing):
    contest = EventFactory(
        community=MembershipFactory(user=coordinator, role=Role.COORDINATOR).community,
        form="contest",
    )
    assert _panel(contest, coordinator).strip() == ""


@pytest.mark.parametrize("size", [3, 30])
def test_the_panel_costs_the_same_whatever_the_number_of_participants(
    event, participant, no_conferencing, django_assert_max_num_queries, size
):
    room = room_for(event)
    for _ in range(size):
        registration = registered(event)
        RoomJoin.objects.create(room=room, user=registration.user)
    event = EventFactory._meta.model.objects.select_related("community").get(pk=event.pk)
    with _during(event), django_assert_max_num_queries(6):
        html = _panel(event, participant)
    assert "Войти в комнату" in html


def test_the_event_page_carries_the_panel(client, event, participant, no_conferencing):
    # given the events app's page, when a registered participant opens it during the event,
    # then the join button is there and the external link is not
    room_for(event)
    client.force_login(participant)
    with _during(event):
        html = client.get(reverse("events:detail", args=[event.pk])).content.decode()
    assert reverse("rooms:join", args=[event.pk]) in html and "Войти в комнату" in html
    assert LINK not in html


def test_the_only_system_is_named_not_offered(client, event, coordinator, no_conferencing):
    # given only the external link is set up on the platform
    client.force_login(coordinator)
    html = client.get(reverse("rooms:configure", args=[event.pk])).content.decode()
    # then there is no group of one radio button: the page names the system, a hidden field
    # sends it, and saving works as before
    assert 'type="radio"' not in html and "<legend>" not in html
    assert "<strong>Система видеосвязи:</strong> внешняя ссылка" in html
    assert '<input type="hidden" name="provider" value="link"' in html
    response = client.post(
        reverse("rooms:configure", args=[event.pk]), {"provider": "link", "external_url": LINK}
    )
    assert response.status_code == 302


def test_a_room_of_a_system_no_longer_set_up_moves_to_the_only_one(
    client, event, coordinator, bbb, settings
):
    from pedset.rooms import services

    services.room_configure(actor=coordinator, event=event, provider=Provider.BIGBLUEBUTTON)
    settings.BBB_URL = settings.BBB_SECRET = settings.JITSI_URL = ""
    client.force_login(coordinator)
    html = client.get(reverse("rooms:configure", args=[event.pk])).content.decode()
    assert '<input type="hidden" name="provider" value="link"' in html


def test_several_systems_are_a_group_named_by_its_legend(client, event, coordinator, bbb, settings):
    settings.JITSI_URL = ""
    client.force_login(coordinator)
    html = client.get(reverse("rooms:configure", args=[event.pk])).content.decode()
    group = html.split("<legend>Система видеосвязи</legend>")[1].split("</fieldset>")[0]
    assert 'type="radio" name="provider" value="bbb"' in group
    assert 'type="radio" name="provider" value="link"' in group


def test_the_breadcrumbs_lead_through_the_community_s_events(
    client, event, coordinator, no_conferencing
):
    client.force_login(coordinator)
    html = client.get(reverse("rooms:configure", args=[event.pk])).content.decode()
    crumbs = html.split('<nav class="breadcrumbs"')[1].split("</nav>")[0]
    community = event.community
    expected = [
        f'<a href="{reverse("communities:list")}">Сообщества</a>',
        f'<a href="{reverse("communities:detail", args=[community.slug])}">{community.name}</a>',
        f'<a href="{reverse("events:community", args=[community.slug])}">Мероприятия</a>',
        f'<a href="{reverse("events:detail", args=[event.pk])}">',
        '<span aria-current="page">Онлайн-комната</span>',
    ]
    positions = [crumbs.index(part) for part in expected]
    assert positions == sorted(positions)
