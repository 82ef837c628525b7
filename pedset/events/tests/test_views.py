"""Pages of events: who sees and does what, and every bad input answered with a message."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from pedset.accounts.tests.factories import UserFactory
from pedset.communities.tests.factories import CommunityFactory
from pedset.events.models import (
    Audience,
    CalendarFeed,
    Event,
    EventForm,
    EventMaterial,
    EventPerson,
    EventRole,
    EventStatus,
    Registration,
    RegistrationStatus,
)
from pedset.events.tests.factories import EventFactory, event_person, registered
from pedset.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return response.content.decode()


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def valid_post(**changes):
    data = {
        "form": EventForm.WEBINAR,
        "title": "Вебинар «Проектная деятельность в начальной школе»",
        "description": "Программа вебинара.",
        "starts_at": "2031-03-05T14:00",
        "ends_at": "2031-03-05T15:30",
        "venue": "",
        "audience": Audience.COMMUNITY,
        "registration_required": "on",
        "capacity": "30",
        "registration_closes_at": "",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


# --- Creating ----------------------------------------------------------------------------------


def test_create_in_two_steps_with_times_in_the_community_zone(client, community, coordinator):
    community.time_zone = "Asia/Yakutsk"
    community.save()
    client.force_login(coordinator)
    # the first step asks for the form
    response = client.get(f"/events/c/{community.slug}/new/")
    assert 'name="form"' in text(response) and 'name="title"' not in text(response)
    # a webinar's page has registration but no entries; a contest's has entries
    webinar_page = text(client.get(f"/events/c/{community.slug}/new/?form=webinar"))
    assert 'name="capacity"' in webinar_page and 'name="submissions_close_at"' not in webinar_page
    contest_page = text(client.get(f"/events/c/{community.slug}/new/?form=contest"))
    assert 'name="submissions_close_at"' in contest_page
    line_page = text(client.get(f"/events/c/{community.slug}/new/?form=consultation_line"))
    assert 'name="capacity"' not in line_page and 'name="venue"' not in line_page
    # when the webinar is saved with 14:00 typed
    response = client.post(f"/events/c/{community.slug}/new/", valid_post())
    event = Event.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/events/{event.pk}/"
    # then 14:00 is Yakutsk time (05:00 UTC) and it is a draft with 30 places
    assert event.starts_at == datetime.datetime(2031, 3, 5, 5, 0, tzinfo=datetime.UTC)
    assert (event.status, event.capacity) == (EventStatus.DRAFT, 30)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": ""}, "Укажите название мероприятия."),
        ({"title": "Я" * 301}, "не более 300"),
        ({"ends_at": "2031-03-05T13:00"}, "заканчиваться позже"),
        ({"ends_at": "завтра"}, "Введите дату и время"),
        ({"starts_at": "1900-01-01T10:00"}, "между 2000 и 2100"),
        ({"starts_at": "9999-12-31T23:59"}, "между 2000 и 2100"),
        ({"capacity": "0"}, "больше либо равно 1"),
        ({"capacity": "-5"}, "больше либо равно 1"),
        ({"capacity": "много"}, "целое число"),
        ({"registration_closes_at": "2031-03-05T16:00"}, "до окончания мероприятия"),
        ({"audience": Audience.INVITED}, "хотя бы одну"),
        ({"audience": "all"}, "Выберите корректный вариант"),
    ],
)
def test_bad_input_is_answered_on_the_form(client, community, coordinator, changes, message):
    client.force_login(coordinator)
    response = client.post(f"/events/c/{community.slug}/new/", valid_post(**changes))
    assert response.status_code == 200
    assert message in text(response)
    assert not Event.objects.exists()


def test_invited_organisations_need_the_invited_audience(client, community, coordinator):
    school = OrganisationFactory()
    client.force_login(coordinator)
    response = client.post(
        f"/events/c/{community.slug}/new/",
        {**valid_post(), "invited_organisations": [school.pk]},
    )
    assert "приглашаются, только" in text(response)
    response = client.post(
        f"/events/c/{community.slug}/new/",
        {**valid_post(audience=Audience.INVITED), "invited_organisations": [school.pk]},
    )
    assert response.status_code == 302
    assert list(Event.objects.get().invited_organisations.all()) == [school]


def test_create_from_a_plan_item(client, community, coordinator):
    from pedset.plans.models import PlanItem, WorkPlan

    plan = WorkPlan.objects.create(community=community, year=2031)
    item = PlanItem.objects.create(
        plan=plan,
        form=EventForm.MASTER_CLASS,
        topic="Мастер-класс «Скрайбинг на уроке»",
        starts_on=datetime.date(2031, 4, 10),
        ends_on=datetime.date(2031, 4, 10),
    )
    client.force_login(coordinator)
    # the page is filled in from the item
    page = text(client.get(f"/events/c/{community.slug}/new/?plan_item={item.pk}"))
    assert "Скрайбинг на уроке" in page and 'value="2031-04-10T10:00"' in page
    assert f'name="plan_item" value="{item.pk}"' in page
    assert "мастер-класс" in page.lower()
    # and the event saved from it carries it out
    response = client.post(
        f"/events/c/{community.slug}/new/",
        valid_post(form=EventForm.MASTER_CLASS, plan_item=str(item.pk)),
    )
    assert response.status_code == 302
    assert Event.objects.get().plan_item == item


def test_a_plan_item_of_another_community_or_garbage_is_not_found(client, community, coordinator):
    from pedset.plans.models import PlanItem, WorkPlan

    other = WorkPlan.objects.create(community=CommunityFactory(), year=2031)
    item = PlanItem.objects.create(
        plan=other,
        form=EventForm.SEMINAR,
        topic="Чужой семинар",
        starts_on=datetime.date(2031, 4, 10),
        ends_on=datetime.date(2031, 4, 10),
    )
    client.force_login(coordinator)
    for value in (str(item.pk), "abc", "99999999"):
        assert client.get(f"/events/c/{community.slug}/new/?plan_item={value}").status_code == 404
        response = client.post(f"/events/c/{community.slug}/new/", valid_post(plan_item=value))
        assert response.status_code == 404
    assert not Event.objects.exists()


def test_only_managers_create(client, community, member):
    assert client.get(f"/events/c/{community.slug}/new/").status_code == 302  # to login
    client.force_login(member)
    assert client.get(f"/events/c/{community.slug}/new/").status_code == 403
    assert client.post(f"/events/c/{community.slug}/new/", valid_post()).status_code == 403
    assert client.get("/events/c/no-such-community/new/").status_code == 404


def test_edit_keeps_the_form_and_refuses_others(client, community, coordinator, member):
    event = EventFactory(community=community)
    client.force_login(member)
    assert client.get(f"/events/{event.pk}/edit/").status_code == 403
    client.force_login(coordinator)
    page = text(client.get(f"/events/{event.pk}/edit/"))
    assert event.title in page
    response = client.post(
        f"/events/{event.pk}/edit/", valid_post(title="Новое название", form=EventForm.CONTEST)
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.title, event.form) == ("Новое название", EventForm.WEBINAR)
    draft = EventFactory(status=EventStatus.DRAFT)
    assert client.get(f"/events/{draft.pk}/edit/").status_code == 404  # another community's draft


# --- The event's page --------------------------------------------------------------------------


def test_drafts_are_hidden_from_everyone_but_those_running_them(client, community, member):
    draft = EventFactory(community=community, status=EventStatus.DRAFT)
    response = client.get(f"/events/{draft.pk}/")
    assert response.status_code == 302  # to login
    client.force_login(member)
    assert client.get(f"/events/{draft.pk}/").status_code == 404
    assert client.get("/events/99999999/").status_code == 404
    organiser = event_person(draft, EventRole.ORGANISER).user
    client.force_login(organiser)
    assert client.get(f"/events/{draft.pk}/").status_code == 200


def test_a_draft_cancelled_before_it_was_announced_stays_private(client, community, coordinator):
    # given a draft that was never announced
    from pedset.events.services import event_cancel

    draft = EventFactory(community=community, status=EventStatus.DRAFT, published_at=None)
    # when the coordinator cancels it
    event_cancel(actor=coordinator, event=draft, reason="Перенесено на следующий год")
    # then anonymous visitors see neither the page, nor its calendar file, nor the list entry
    assert client.get(f"/events/{draft.pk}/").status_code == 302  # to login
    assert client.get(f"/events/{draft.pk}/event.ics").status_code in {302, 404}
    assert draft.title not in text(client.get(f"/events/c/{community.slug}/?when=past"))
    assert draft.title not in text(client.get(f"/events/c/{community.slug}/"))
    # and those running it still do
    client.force_login(coordinator)
    assert client.get(f"/events/{draft.pk}/").status_code == 200


def test_names_are_shown_only_to_the_audience(client, community, member):
    # given an event with a speaker and a participant
    event = EventFactory(community=community, description="**Важно:** приходите заранее")
    speaker = event_person(event, EventRole.SPEAKER, topic="Наставничество").user
    # an anonymous visitor sees the announcement without names
    page = text(client.get(f"/events/{event.pk}/"))
    assert event.title in page and "<strong>Важно:</strong>" in page
    assert speaker.last_name not in page and "Наставничество" not in page
    # an outsider too
    client.force_login(UserFactory())
    assert speaker.last_name not in text(client.get(f"/events/{event.pk}/"))
    # a member of the community sees the speaker and the topic
    client.force_login(member)
    page = text(client.get(f"/events/{event.pk}/"))
    assert speaker.last_name in page and "Наставничество" in page


def test_register_waiting_list_and_cancel_through_the_page(client, community, members):
    event = EventFactory(community=community, capacity=1)
    first, second = members(2)
    client.force_login(first)
    assert "Зарегистрироваться" in text(client.get(f"/events/{event.pk}/"))
    response = client.post(f"/events/{event.pk}/register/", follow=True)
    assert "Вы зарегистрированы" in text(response)
    client.force_login(second)
    page = text(client.get(f"/events/{event.pk}/"))
    assert "Встать в лист ожидания" in page and "свободно 0" in page
    response = client.post(f"/events/{event.pk}/register/", follow=True)
    assert "под номером 1" in text(response)
    # the second registration of the same person is refused with a message
    response = client.post(f"/events/{event.pk}/register/", follow=True)
    assert "Вы уже зарегистрированы" in text(response) or "нельзя" in text(response)
    # the first cancels, the second moves up
    client.force_login(first)
    client.post(f"/events/{event.pk}/unregister/")
    assert Registration.objects.get(user=second).status == RegistrationStatus.REGISTERED
    # cancelling again is refused with a message, nothing changes
    response = client.post(f"/events/{event.pk}/unregister/", follow=True)
    assert "не зарегистрированы" in text(response)


def test_register_is_refused_with_a_reason(client, community):
    event = EventFactory(community=community)
    outsider = UserFactory()
    client.force_login(outsider)
    assert "только для своей аудитории" in text(client.get(f"/events/{event.pk}/"))
    response = client.post(f"/events/{event.pk}/register/", follow=True)
    assert "только для своей аудитории" in text(response)
    assert not Registration.objects.exists()
    assert client.get(f"/events/{event.pk}/register/").status_code == 405


def test_materials_and_recording_for_participants_only(client, community, members, settings):
    event = EventFactory(community=community, recording_url="https://rutube.ru/video/abc/")
    EventMaterial.objects.create(event=event, title="Программа", url="https://example.ru/p")
    participant, member = members(2)
    registered(event, participant)
    page = text(client.get(f"/events/{event.pk}/"))
    assert "Программа" not in page and "rutube" not in page
    client.force_login(member)
    page = text(client.get(f"/events/{event.pk}/"))
    assert "Программа" in page and "rutube" not in page
    client.force_login(participant)
    assert "https://rutube.ru/video/abc/" in text(client.get(f"/events/{event.pk}/"))


# --- Running the event -------------------------------------------------------------------------


def started(community, **fields):
    now = timezone.now()
    return EventFactory(
        community=community,
        starts_at=now - datetime.timedelta(hours=1),
        ends_at=now + datetime.timedelta(hours=1),
        **fields,
    )


def test_manage_page_is_for_those_running_the_event(client, community, coordinator, member):
    event = EventFactory(community=community)
    client.force_login(member)
    assert client.get(f"/events/{event.pk}/manage/").status_code == 403
    foreign_draft = EventFactory(status=EventStatus.DRAFT)
    client.force_login(coordinator)
    assert client.get(f"/events/{foreign_draft.pk}/manage/").status_code == 404
    assert client.get(f"/events/{event.pk}/manage/").status_code == 200


def test_attendance_through_the_manage_page(client, community, coordinator, members):
    event = started(community, capacity=1)
    a, b = members(2)
    ra = registered(event, a)
    rb = registered(event, b, status=RegistrationStatus.WAITLISTED)
    client.force_login(coordinator)
    page = text(client.get(f"/events/{event.pk}/manage/"))
    assert a.last_name in page and "№ 1" in page
    client.post(f"/events/{event.pk}/attendance/", {"attended": [ra.pk, rb.pk]})
    ra.refresh_from_db(), rb.refresh_from_db()
    assert ra.attended_at and rb.attended_at and rb.status == RegistrationStatus.REGISTERED
    # a foreign registration id: a message and nothing changes
    foreign = registered(started(CommunityFactory()))
    response = client.post(
        f"/events/{event.pk}/attendance/", {"attended": [foreign.pk]}, follow=True
    )
    assert "обновите страницу" in text(response)
    ra.refresh_from_db()
    assert ra.attended_at is not None
    response = client.post(f"/events/{event.pk}/attendance/", {"attended": ["x"]}, follow=True)
    assert "обновите страницу" in text(response)


def test_a_walk_in_is_marked_on_the_manage_page(client, community, coordinator, members):
    # given an open day under way with no registration, and two members of the community
    event = started(community, form="open_day", registration_required=False)
    came, other = members(2)
    client.force_login(coordinator)
    page = text(client.get(f"/events/{event.pk}/manage/"))
    assert "Пришли без регистрации" in page and came.last_name in page
    # when the coordinator marks one of them
    response = client.post(
        f"/events/{event.pk}/attendance/add/", {"present-user": came.pk}, follow=True
    )
    # then they are on the list, present
    assert "отмечен(а) присутствующим(ей)" in text(response)
    row = Registration.objects.get(event=event, user=came)
    assert row.attended_at is not None
    # bad input: a message on the form, nothing changes
    for bad in ({"present-user": "x"}, {"present-user": 987654321}, {}):
        response = client.post(f"/events/{event.pk}/attendance/add/", bad)
        assert response.status_code == 400
        assert "Выберите" in text(response) or "Обязательное" in text(response)
    assert Registration.objects.filter(event=event).count() == 1
    assert not Registration.objects.filter(user=other).exists()


def test_attendance_before_the_start_is_refused(client, community, coordinator, member):
    event = EventFactory(community=community)
    row = registered(event, member)
    client.force_login(coordinator)
    response = client.post(f"/events/{event.pk}/attendance/", {"attended": [row.pk]}, follow=True)
    assert "с начала объявленного мероприятия" in text(response)
    row.refresh_from_db()
    assert row.attended_at is None


def test_people_materials_and_recording_forms(client, community, coordinator, member, media_files):
    event = EventFactory(community=community)
    client.force_login(coordinator)
    # a speaker from the community
    response = client.post(
        f"/events/{event.pk}/people/",
        {"user": member.pk, "role": EventRole.SPEAKER, "topic": "Кейс-метод"},
    )
    assert response.status_code == 302
    assert EventPerson.objects.get(event=event).topic == "Кейс-метод"
    # an outsider cannot be chosen
    outsider = UserFactory()
    response = client.post(
        f"/events/{event.pk}/people/", {"user": outsider.pk, "role": EventRole.SPEAKER}
    )
    assert response.status_code == 400 and "Выберите корректный вариант" in text(response)
    # a bad role, a too long topic
    response = client.post(f"/events/{event.pk}/people/", {"user": member.pk, "role": "boss"})
    assert response.status_code == 400
    # a link that is not http(s)
    response = client.post(
        f"/events/{event.pk}/materials/link/",
        {"link-url": "javascript:alert(1)", "link-title": "x"},
    )
    assert response.status_code == 400 and "http://" in text(response)
    # a file that is not what its name says
    response = client.post(
        f"/events/{event.pk}/materials/file/",
        {"file-file": SimpleUploadedFile("план.pdf", b"<html>not a pdf</html>")},
    )
    assert response.status_code == 400
    assert media_files() == []
    # no file at all
    response = client.post(f"/events/{event.pk}/materials/file/", {"file-title": "x"})
    assert response.status_code == 400 and "Выберите файл" in text(response)
    # a bank number that does not exist
    response = client.post(
        f"/events/{event.pk}/materials/bank/", {"material": "/materials/999999/"}
    )
    assert response.status_code == 400 and "нет в банке" in text(response)
    response = client.post(f"/events/{event.pk}/materials/bank/", {"material": "что-то"})
    assert response.status_code == 400
    # a good file is stored and downloadable by members
    response = client.post(
        f"/events/{event.pk}/materials/file/",
        {"file-file": SimpleUploadedFile("программа.pdf", b"%PDF-1.4\n%%EOF\n"), "file-title": ""},
    )
    assert response.status_code == 302
    item = EventMaterial.objects.get(event=event)
    client.force_login(member)
    download = client.get(f"/events/materials/{item.pk}/")
    assert download.status_code == 200 and "attachment" in download["Content-Disposition"]
    client.logout()
    assert client.get(f"/events/materials/{item.pk}/").status_code == 404
    # the recording: bad then good
    client.force_login(coordinator)
    response = client.post(f"/events/{event.pk}/recording/", {"recording_url": "ftp://x.ru/v"})
    assert response.status_code == 400
    client.post(f"/events/{event.pk}/recording/", {"recording_url": "https://vk.com/video1"})
    assert Event.objects.get(pk=event.pk).recording_url == "https://vk.com/video1"
    assert EventMaterial.objects.count() == 1


def test_foreign_ids_are_not_found(client, community, coordinator):
    other_event = EventFactory(status=EventStatus.DRAFT)
    other_person = event_person(other_event, EventRole.SPEAKER)
    other_material = EventMaterial.objects.create(
        event=other_event, title="x", url="https://example.ru"
    )
    client.force_login(coordinator)
    assert client.post(f"/events/people/{other_person.pk}/remove/").status_code == 404
    assert client.post(f"/events/materials/{other_material.pk}/remove/").status_code == 404
    assert client.post("/events/people/99999999/remove/").status_code == 404
    assert (
        client.post(f"/events/{other_event.pk}/recording/", {"recording_url": ""}).status_code
        == 404
    )
    assert EventPerson.objects.filter(pk=other_person.pk).exists()
    assert EventMaterial.objects.filter(pk=other_material.pk).exists()


def test_publish_and_cancel_pages(client, community, coordinator):
    event = EventFactory(community=community, status=EventStatus.DRAFT, published_at=None)
    client.force_login(coordinator)
    client.post(f"/events/{event.pk}/publish/")
    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED
    response = client.post(f"/events/{event.pk}/cancel/", {"reason": ""})
    assert response.status_code == 200 and "Укажите причину отмены" in text(response)
    response = client.post(f"/events/{event.pk}/cancel/", {"reason": "я" * 2001})
    assert response.status_code == 200
    assert Event.objects.get(pk=event.pk).status == EventStatus.PUBLISHED
    client.post(f"/events/{event.pk}/cancel/", {"reason": "Болезнь ведущего"})
    assert Event.objects.get(pk=event.pk).status == EventStatus.CANCELLED
    assert client.get(f"/events/{event.pk}/cancel/").status_code == 403


# --- Lists -------------------------------------------------------------------------------------


def test_community_list_filters(client, community, coordinator):
    webinar = EventFactory(community=community, title="Вебинар про ФГОС")
    contest = EventFactory(community=community, form=EventForm.CONTEST, title="Конкурс эссе")
    draft = EventFactory(community=community, status=EventStatus.DRAFT, title="Черновой семинар")
    old = EventFactory(
        community=community,
        title="Прошлогодний семинар",
        starts_at=timezone.now() - datetime.timedelta(days=60),
        ends_at=timezone.now() - datetime.timedelta(days=60, hours=-1),
    )
    page = text(client.get(f"/events/c/{community.slug}/"))
    assert webinar.title in page and contest.title in page
    assert draft.title not in page and old.title not in page
    page = text(client.get(f"/events/c/{community.slug}/?past=1"))
    assert old.title in page and webinar.title not in page
    page = text(client.get(f"/events/c/{community.slug}/?form=contest"))
    assert contest.title in page and webinar.title not in page
    month = webinar.starts_at.astimezone(datetime.UTC).strftime("%Y-%m")
    page = text(client.get(f"/events/c/{community.slug}/?month={month}"))
    assert webinar.title in page
    page = text(client.get(f"/events/c/{community.slug}/?month=2000-01"))
    assert webinar.title not in page
    # bad filters are ignored with a message on the field, never an error
    for query in ("month=13-2026", "month=2026-13", "form=nothing", "past=zzz", "page=-1"):
        response = client.get(f"/events/c/{community.slug}/?{query}")
        assert response.status_code == 200
    assert "Выберите месяц" in text(client.get(f"/events/c/{community.slug}/?month=xx"))
    client.force_login(coordinator)
    assert draft.title in text(client.get(f"/events/c/{community.slug}/"))


def test_my_events_page_and_feed_reset(client, community, member, settings):
    settings.SITE_URL = "https://pedset.example.ru"
    event = EventFactory(community=community, capacity=1, title="Вебинар о наставничестве")
    registered(event)
    registered(event, member, status=RegistrationStatus.WAITLISTED)
    running = EventFactory(community=community, title="Семинар, который я веду")
    event_person(running, EventRole.ORGANISER, user=member)
    client.force_login(member)
    page = text(client.get("/events/mine/"))
    assert "Вебинар о наставничестве" in page and "лист ожидания, № 1" in page
    assert "Семинар, который я веду" in page and "организатор" in page
    token = CalendarFeed.objects.get(user=member).token
    assert f"https://pedset.example.ru/events/feed/{token}.ics" in page
    client.post("/events/mine/calendar/reset/")
    assert CalendarFeed.objects.get(user=member).token != token
    assert client.get("/events/mine/calendar/reset/").status_code == 405


def test_the_community_page_shows_the_events_block(client, community, coordinator, member):
    event = EventFactory(community=community, title="Фестиваль педагогических идей")
    EventFactory(community=community, title="Скрытый черновик", status=EventStatus.DRAFT)
    page = text(client.get(f"/communities/{community.slug}/"))
    assert event.title in page and "Скрытый черновик" not in page
    assert "Создать мероприятие" not in page
    client.force_login(coordinator)
    page = text(client.get(f"/communities/{community.slug}/"))
    assert "Создать мероприятие" in page
    assert re.search(r'href="/events/mine/"', page)


# --- Markup for screen readers -----------------------------------------------------------------

ID = re.compile(r'\sid="([^"]*)"')


def repeated_ids(page: str) -> set[str]:
    ids = ID.findall(page)
    return {value for value in ids if ids.count(value) > 1}


def test_every_id_on_the_manage_page_is_unique(client, community, coordinator, members):
    # given a started event with registrations (a tick each) and every form of the page
    event = started(community)
    for person in members(3):
        registered(event, person)
    client.force_login(coordinator)
    # when its manage page is shown, and shown again with the errors of the link form
    page = text(client.get(f"/events/{event.pk}/manage/"))
    again = client.post(
        f"/events/{event.pk}/materials/link/", {"link-url": "ftp://x.ru", "link-title": "x"}
    )
    # then the two «title» fields are told apart by their form's prefix and no id repeats
    assert 'id="id_file-title"' in page and 'id="id_link-title"' in page
    assert repeated_ids(page) == set()
    assert again.status_code == 400 and repeated_ids(text(again)) == set()
    assert 'aria-describedby="id_link-url_error"' in text(again)
    assert 'id="id_link-url_error"' in text(again)


def test_a_file_is_added_with_the_form_s_prefix(client, community, coordinator, media_files):
    event = EventFactory(community=community)
    client.force_login(coordinator)
    response = client.post(
        f"/events/{event.pk}/materials/file/",
        {
            "file-file": SimpleUploadedFile("программа.pdf", b"%PDF-1.4\n%%EOF\n"),
            "file-title": "Программа вебинара",
        },
    )
    assert response.status_code == 302
    assert EventMaterial.objects.get(event=event).title == "Программа вебинара"


def test_each_attendance_tick_is_named_after_its_person(client, community, coordinator, members):
    event = started(community)
    first, second = members(2)
    rows = [registered(event, first), registered(event, second)]
    client.force_login(coordinator)
    page = text(client.get(f"/events/{event.pk}/manage/"))
    for row in rows:
        label = re.search(rf'<label for="attended-{row.pk}">(.*?)</label>', page).group(1)
        assert label == (
            f'присутствовал(а)<span class="visually-hidden"> — {row.user.get_full_name()}</span>'
        )


def test_invited_organisations_are_a_named_group_with_one_picker(client, community, coordinator):
    OrganisationFactory(short_name="МБОУ СОШ № 2")
    OrganisationFactory(short_name="МАОУ Гимназия № 5")
    client.force_login(coordinator)
    page = text(client.get(f"/events/c/{community.slug}/new/?form=webinar"))
    # the ticks are a fieldset named by its legend, and the help describes the fieldset
    group = re.search(
        r'<fieldset class="field" aria-describedby="id_invited_organisations_helptext">\s*'
        r"<legend>Приглашённые организации</legend>(.*?)</fieldset>",
        page,
        re.S,
    )
    assert group is not None
    assert 'id="id_invited_organisations_helptext"' in group.group(1)
    # the picker's class is on the list (pedset.js looks for div.person-picker[id]), not on
    # every tick; its filter's label is on the first tick, where pedset.js reads it
    assert '<div id="id_invited_organisations" class="person-picker">' in group.group(1)
    assert page.count("person-picker") == 1
    assert group.group(1).count('data-filter-label="Найти по названию"') == 1


def test_the_choice_of_form_starts_with_an_invitation_to_choose(client, community, coordinator):
    client.force_login(coordinator)
    page = text(client.get(f"/events/c/{community.slug}/new/"))
    assert '<option value="" selected>— выберите —</option>' in page


# --- An event from an item of the work plan ----------------------------------------------------


def plan_item_with_people(community, *people, **fields):
    from pedset.plans.models import PlanItem, WorkPlan

    plan = WorkPlan.objects.create(community=community, year=2031)
    item = PlanItem.objects.create(
        plan=plan,
        form=EventForm.WEBINAR,
        topic="Вебинар «Функциональная грамотность»",
        starts_on=datetime.date(2031, 4, 10),
        ends_on=datetime.date(2031, 4, 10),
        **fields,
    )
    item.responsible.set(people)
    return item


def test_the_item_s_audience_and_result_start_the_description(client, community, coordinator):
    item = plan_item_with_people(
        community,
        audience="учителя математики 5–9 классов",
        expected_result="Банк заданий по функциональной грамотности.",
    )
    client.force_login(coordinator)
    page = text(client.get(f"/events/c/{community.slug}/new/?plan_item={item.pk}"))
    assert (
        ">\nУчастники: учителя математики 5–9 классов\n\n"
        "Ожидаемый результат: Банк заданий по функциональной грамотности.</textarea>"
    ) in page
    # an item that says neither leaves the description empty
    bare = plan_item_with_people(CommunityFactory())
    bare.plan.community = community
    bare.plan.year = 2032
    bare.plan.save()
    page = text(client.get(f"/events/c/{community.slug}/new/?plan_item={bare.pk}"))
    assert 'id="id_description">\n</textarea>' in page


def test_the_item_s_responsible_people_are_offered_as_organisers(
    client, community, coordinator, members
):
    # given an item whose responsible are the coordinator, two members, a person of another
    # community and a member whose account is blocked
    first, second, blocked = members(3)
    blocked.is_active = False
    blocked.save()
    stranger = UserFactory()
    item = plan_item_with_people(community, coordinator, first, second, stranger, blocked)
    client.force_login(coordinator)
    url = f"/events/c/{community.slug}/new/?plan_item={item.pk}"

    # when the coordinator opens the form, then the members are offered, ticked, as a group;
    # the coordinator (organiser anyway), the stranger and the blocked member are not
    page = text(client.get(url))
    group = re.search(r"<legend>Организаторы</legend>(.*?)</fieldset>", page, re.S).group(1)
    for person in (first, second):
        assert re.search(rf'value="{person.pk}"[^>]* id="id_organisers_\d" checked>', group)
    for person in (coordinator, stranger, blocked):
        assert f'value="{person.pk}"' not in group

    # when it is saved with one of them ticked, then both the coordinator and that member
    # are the organisers, and the member is told
    response = client.post(
        url,
        valid_post(form=EventForm.WEBINAR, plan_item=str(item.pk), organisers=[first.pk]),
    )
    assert response.status_code == 302
    event = Event.objects.get()
    organisers = set(
        EventPerson.objects.filter(event=event, role=EventRole.ORGANISER).values_list(
            "user_id", flat=True
        )
    )
    assert organisers == {coordinator.pk, first.pk}
    from pedset.core.models import Notification

    assert Notification.objects.filter(recipient=first, kind="event").exists()
    assert not Notification.objects.filter(recipient=second).exists()


@pytest.mark.parametrize("chosen", ["stranger", "blocked", "garbage"])
def test_only_offered_people_become_organisers(client, community, coordinator, members, chosen):
    first, blocked = members(2)
    blocked.is_active = False
    blocked.save()
    stranger = UserFactory()
    item = plan_item_with_people(community, first, stranger, blocked)
    value, error = {
        "stranger": (stranger.pk, "Выберите корректный вариант"),
        "blocked": (blocked.pk, "Выберите корректный вариант"),
        "garbage": ("x", "неверным значением"),
    }[chosen]
    client.force_login(coordinator)
    response = client.post(
        f"/events/c/{community.slug}/new/",
        valid_post(plan_item=str(item.pk), organisers=[first.pk, value]),
    )
    assert response.status_code == 200
    assert error in text(response)
    assert not Event.objects.exists() and not EventPerson.objects.exists()


def test_no_organisers_are_offered_without_a_plan_item(client, community, coordinator, member):
    client.force_login(coordinator)
    page = text(client.get(f"/events/c/{community.slug}/new/?form=webinar"))
    assert 'name="organisers"' not in page
    # and one sent anyway is ignored
    response = client.post(f"/events/c/{community.slug}/new/", valid_post(organisers=[member.pk]))
    assert response.status_code == 302
    assert list(EventPerson.objects.values_list("user_id", flat=True)) == [coordinator.pk]


def test_a_refused_organiser_keeps_the_event_unsaved(
    client, community, coordinator, member, monkeypatch
):
    # given naming the organiser is refused (say the person left the community meanwhile)
    from pedset.events import services

    def refuse(**kwargs):
        raise services.ActionRefused("Назначить организатором можно только участника.")

    monkeypatch.setattr(services, "event_person_add", refuse)
    item = plan_item_with_people(community, member)
    client.force_login(coordinator)
    response = client.post(
        f"/events/c/{community.slug}/new/",
        valid_post(plan_item=str(item.pk), organisers=[member.pk]),
    )
    # then the form says so and neither the event nor its first organiser is saved
    assert response.status_code == 200
    assert "Назначить организатором можно только участника." in text(response)
    assert not Event.objects.exists() and not EventPerson.objects.exists()
