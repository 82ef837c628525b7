"""Pages of the work plan: who sees what (names only for members), forms with bad input, foreign
ids answering 404, exports and the import page."""

import datetime
import io
import re

import pytest
import time_machine
from django.urls import reverse

from pedset.communities.models import Role
from pedset.communities.tests.factories import CommunityFactory, MembershipFactory
from pedset.events.models import EventStatus
from pedset.events.tests.factories import EventFactory, past_event, registered
from pedset.plans.models import PlanItem, PlanItemStatus, WorkPlan
from pedset.plans.tests.factories import PlanItemFactory, plan_of
from pedset.plans.tests.helpers import workbook_bytes

pytestmark = pytest.mark.django_db

YEAR = 2026
NOW = datetime.datetime(2026, 5, 15, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def year_url(community, year=YEAR):
    return reverse("plans:year", args=[community.slug, year])


@pytest.fixture
def item(community, member):
    return PlanItemFactory(
        plan=plan_of(community, YEAR),
        topic="Мастер-класс «Смысловое чтение»",
        starts_on=datetime.date(YEAR, 6, 1),
        ends_on=datetime.date(YEAR, 6, 3),
        responsible=[member],
        responsible_text="методист ИМЦ Петрова Н. А.",
    )


# --- Reading -----------------------------------------------------------------------------------


def test_the_current_year_is_the_community_s(client, community, item):
    response = client.get(reverse("plans:plan", args=[community.slug]))
    assert response.status_code == 200
    assert "План работы сообщества" in response.content.decode()
    assert item.topic in response.content.decode()


def test_anonymous_visitors_see_the_plan_without_names(client, community, item, member):
    # when an anonymous visitor opens the plan
    html = client.get(year_url(community)).content.decode()

    # then the item is shown, the names are not, and there are no exports or edit links
    assert item.topic in html
    assert member.last_name not in html
    assert "Петрова" not in html
    assert "скрыто" in html
    assert reverse("plans:export_docx", args=[community.slug, YEAR]) not in html
    assert reverse("plans:item_edit", args=[community.slug, item.pk]) not in html


@pytest.mark.parametrize("actor", ["registered", "pending", "education_authority"])
def test_outsiders_see_no_names_either(client, community, item, member, make_person, actor):
    client.force_login(make_person(actor, community))
    html = client.get(year_url(community)).content.decode()
    assert item.topic in html
    assert member.last_name not in html


def test_members_see_names_and_exports_but_no_edit_links(
    client, community, item, colleague, member
):
    client.force_login(colleague)
    html = client.get(year_url(community)).content.decode()
    assert member.get_full_name() in html
    assert "методист ИМЦ Петрова Н. А." in html
    assert reverse("plans:export_xlsx", args=[community.slug, YEAR]) in html
    assert reverse("plans:item_edit", args=[community.slug, item.pk]) not in html
    assert reverse("plans:item_create", args=[community.slug, YEAR]) not in html


def test_coordinators_see_the_actions_and_the_event_button(client, community, coordinator, item):
    done = PlanItemFactory(plan=item.plan, status=PlanItemStatus.DONE)
    client.force_login(coordinator)
    html = client.get(year_url(community)).content.decode()
    create_event = reverse("events:create", args=[community.slug])
    assert f"{create_event}?plan_item={item.pk}" in html
    assert f"{create_event}?plan_item={done.pk}" not in html  # a done item needs no event
    for name in ("item_edit", "item_status", "item_delete"):
        assert reverse(f"plans:{name}", args=[community.slug, item.pk]) in html
    assert reverse("plans:approve", args=[community.slug, YEAR]) in html
    assert reverse("plans:import", args=[community.slug, YEAR]) in html


def test_plan_versus_actual_lists_events_and_counts(client, community, coordinator, member, item):
    # given a held event with 3 registered (2 attended), an announced future one, a draft
    held = past_event(community=community, plan_item=item, title="Мастер-класс, часть 1")
    registered(held, attended=True)
    registered(held, attended=True)
    registered(held)
    EventFactory(community=community, plan_item=item, title="Мастер-класс, часть 2")
    EventFactory(
        community=community, plan_item=item, status=EventStatus.DRAFT, title="Черновик встречи"
    )
    PlanItemFactory(plan=item.plan, status=PlanItemStatus.CANCELLED, status_note="Не состоялось")

    # when a member opens the plan
    client.force_login(member)
    html = client.get(year_url(community)).content.decode()

    # then both announced events are listed, the draft is not, and the summary counts
    assert "Мастер-класс, часть 1" in html
    assert "проведено: зарегистрировано 3, присутствовали 2" in html
    assert "Мастер-класс, часть 2" in html
    assert "Черновик встречи" not in html
    assert "Не состоялось" in html
    summary = html.split('id="plan-summary"')[1].split("</dl>")[0]
    assert "<dt>Пунктов в плане</dt><dd>2</dd>" in summary
    assert "<dt>Отменено</dt><dd>1</dd>" in summary
    assert "<dt>Проведено мероприятий</dt><dd>1" in summary
    assert "зарегистрировано 3, присутствовали 2" in summary

    # and the coordinator also sees the draft
    client.force_login(coordinator)
    assert "Черновик встречи" in client.get(year_url(community)).content.decode()


def test_year_switcher_and_empty_years(client, community, item):
    html = client.get(year_url(community, YEAR + 1)).content.decode()
    assert "Плана работы на 2027 год пока нет." in html
    assert f'href="{year_url(community, YEAR)}"' in html
    assert not WorkPlan.objects.filter(year=YEAR + 1).exists()  # reading creates nothing


@pytest.mark.parametrize("year", [1999, 2101, 99999])
def test_years_outside_the_range_are_404(client, community, year):
    assert client.get(year_url(community, year)).status_code == 404


def test_an_unknown_community_is_404(client):
    assert client.get(reverse("plans:plan", args=["no-such-community"])).status_code == 404


# --- Exports -----------------------------------------------------------------------------------


def test_exports_are_for_members(client, community, item, member, make_person):
    docx = reverse("plans:export_docx", args=[community.slug, YEAR])
    xlsx = reverse("plans:export_xlsx", args=[community.slug, YEAR])
    response = client.get(docx)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(make_person("registered", community))
    assert client.get(xlsx).status_code == 403
    client.force_login(member)
    response = client.get(docx)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    from docx import Document

    assert item.topic in [
        c.text for c in Document(io.BytesIO(response.content)).tables[0].rows[1].cells
    ]
    response = client.get(xlsx)
    assert response.status_code == 200
    from openpyxl import load_workbook

    assert load_workbook(io.BytesIO(response.content)).worksheets[0]["C4"].value == item.topic
    # a year without a plan has nothing to export
    assert (
        client.get(reverse("plans:export_docx", args=[community.slug, YEAR + 1])).status_code == 404
    )


# --- Items -------------------------------------------------------------------------------------


def item_post(**changes):
    data = {
        "form": "seminar",
        "topic": "Семинар «Наставничество в школе»",
        "starts_on": "2026-09-10",
        "ends_on": "2026-09-11",
        "responsible_text": "",
        "audience": "молодые учителя",
        "expected_result": "Программа наставничества",
    }
    data.update(changes)
    return data


def test_the_coordinator_adds_an_item(client, community, coordinator, member):
    client.force_login(coordinator)
    response = client.post(
        reverse("plans:item_create", args=[community.slug, YEAR]),
        item_post(responsible=[member.pk], starts_on="10.09.2026", ends_on=""),
    )
    item = PlanItem.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{year_url(community)}#item-{item.pk}"
    assert (item.starts_on, item.ends_on) == (datetime.date(2026, 9, 10),) * 2
    assert list(item.responsible.all()) == [member]


def test_the_form_offers_only_active_members(client, community, coordinator, member):
    stranger = MembershipFactory().user
    client.force_login(coordinator)
    html = client.get(reverse("plans:item_create", args=[community.slug, YEAR])).content.decode()
    assert member.get_full_name() in html
    assert stranger.get_full_name() not in html
    assert 'class="person-picker"' in html


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"topic": ""}, "Укажите тему пункта."),
        ({"topic": "т" * 501}, "Тема слишком длинная"),
        ({"form": ""}, "Выберите форму мероприятия."),
        ({"form": "lecture"}, "Выберите корректный вариант"),
        (
            {"starts_on": "2026-09-12", "ends_on": "2026-09-10"},
            "Дата окончания раньше даты начала.",
        ),
        ({"starts_on": "2025-12-30", "ends_on": "2026-01-02"}, "в пределах 2026 года"),
        ({"starts_on": ""}, "Укажите дату начала."),
        ({"starts_on": "32.13.2026"}, "Введите дату в виде ДД.ММ.ГГГГ."),
        ({"audience": "а" * 501}, "не более 500 символов"),
        ({"responsible": ["abc"]}, "является неверным значением"),
    ],
)
def test_bad_input_is_a_form_error_and_changes_nothing(
    client, community, coordinator, changes, message
):
    client.force_login(coordinator)
    response = client.post(
        reverse("plans:item_create", args=[community.slug, YEAR]), item_post(**changes)
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not PlanItem.objects.exists()
    assert not WorkPlan.objects.exists()


def test_a_member_of_another_community_cannot_be_made_responsible(client, community, coordinator):
    stranger = MembershipFactory().user
    client.force_login(coordinator)
    response = client.post(
        reverse("plans:item_create", args=[community.slug, YEAR]),
        item_post(responsible=[stranger.pk]),
    )
    assert response.status_code == 400
    assert not PlanItem.objects.exists()


@pytest.mark.parametrize("name", ["item_create", "import", "approve"])
def test_members_may_not_write(client, community, member, item, name):
    client.force_login(member)
    url = reverse(f"plans:{name}", args=[community.slug, YEAR])
    assert client.get(url).status_code == 403
    assert client.post(url, item_post()).status_code == 403
    assert PlanItem.objects.count() == 1


def test_anonymous_writers_are_sent_to_log_in(client, community, item):
    url = reverse("plans:item_edit", args=[community.slug, item.pk])
    response = client.post(url, item_post())
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("name", ["item_edit", "item_status", "item_delete"])
def test_items_of_another_community_are_404(client, community, coordinator, name):
    # given an item of another community and this community's coordinator
    foreign = PlanItemFactory(plan=plan_of(CommunityFactory(), YEAR))
    client.force_login(coordinator)

    # when they reach it through their own community's address, or a missing id
    url = reverse(f"plans:{name}", args=[community.slug, foreign.pk])
    missing = reverse(f"plans:{name}", args=[community.slug, foreign.pk + 1000])

    # then it is not found, and nothing changes
    assert client.get(url).status_code == 404
    assert client.post(url, {"status": "done", **item_post()}).status_code == 404
    assert client.get(missing).status_code == 404
    foreign.refresh_from_db()
    assert foreign.status == PlanItemStatus.PLANNED


def test_editing_keeps_the_form_filled(client, community, coordinator, item, member):
    client.force_login(coordinator)
    url = reverse("plans:item_edit", args=[community.slug, item.pk])
    html = client.get(url).content.decode()
    assert 'value="2026-06-01"' in html
    assert f'value="{member.pk}"' in html and "checked" in html
    response = client.post(url, item_post(topic="Новая тема", responsible=[member.pk]))
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.topic == "Новая тема"


def test_cancel_needs_a_note_on_the_status_page(client, community, coordinator, item):
    client.force_login(coordinator)
    url = reverse("plans:item_status", args=[community.slug, item.pk])
    response = client.post(url, {"status": "cancelled", "note": ""})
    assert response.status_code == 400
    assert "Укажите причину отмены" in response.content.decode()
    response = client.post(url, {"status": "unknown", "note": ""})
    assert response.status_code == 400
    item.refresh_from_db()
    assert item.status == PlanItemStatus.PLANNED
    response = client.post(url, {"status": "cancelled", "note": "Карантин в школах района"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.status, item.status_note) == ("cancelled", "Карантин в школах района")


def test_deleting_an_item_that_events_carry_is_refused(client, community, coordinator, item):
    EventFactory(community=community, plan_item=item)
    client.force_login(coordinator)
    url = reverse("plans:item_delete", args=[community.slug, item.pk])
    html = client.get(url).content.decode()
    assert "отмените его с пояснением" in html
    assert 'class="btn btn-danger"' not in html
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:item_status", args=[community.slug, item.pk])
    assert PlanItem.objects.filter(pk=item.pk).exists()
    assert (
        reverse("plans:item_delete", args=[community.slug, item.pk])
        not in client.get(year_url(community)).content.decode()
    )


def test_deleting_a_free_item(client, community, coordinator, item):
    client.force_login(coordinator)
    response = client.post(reverse("plans:item_delete", args=[community.slug, item.pk]))
    assert response.status_code == 302
    assert not PlanItem.objects.filter(pk=item.pk).exists()


def test_approval_through_the_page(client, community, coordinator, item):
    client.force_login(coordinator)
    url = reverse("plans:approve", args=[community.slug, YEAR])
    assert "1 пункт" in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    item.plan.refresh_from_db()
    assert item.plan.approved_by == coordinator
    html = client.get(year_url(community)).content.decode()
    assert "Утверждён 15 мая 2026" in html
    assert url not in html
    # a second approval says so
    response = client.post(url, follow=True)
    assert "План уже утверждён." in response.content.decode()
    # a year without a plan
    assert client.get(reverse("plans:approve", args=[community.slug, YEAR + 1])).status_code == 404


# --- Import ------------------------------------------------------------------------------------


def test_the_import_page_reports_each_bad_row_and_imports_nothing(client, community, coordinator):
    client.force_login(coordinator)
    url = reverse("plans:import", args=[community.slug, YEAR])
    html = client.get(url).content.decode()
    assert reverse("plans:template", args=[community.slug]) in html
    content = workbook_bytes(
        [
            ["1", "Вебинар", "Тема", "14.04.2026", "14.04.2026"],
            ["2", "Вебинар", "Тема", "20.05.2026", "10.05.2026"],
        ]
    )
    upload = io.BytesIO(content)
    upload.name = "план.xlsx"
    response = client.post(url, {"file": upload})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Строка 3, «Сроки»: дата окончания раньше даты начала" in html
    assert "Ничего не загружено: в 1 строке из 2 есть ошибки." in html
    assert not PlanItem.objects.exists()


def test_the_import_page_imports_a_good_file(client, community, coordinator):
    client.force_login(coordinator)
    upload = io.BytesIO(workbook_bytes([["1", "Вебинар", "Тема", "14.04.2026", ""]]))
    upload.name = "plan.xlsx"
    response = client.post(reverse("plans:import", args=[community.slug, YEAR]), {"file": upload})
    assert response.status_code == 302
    assert PlanItem.objects.count() == 1


def test_the_import_page_refuses_a_wrong_file(client, community, coordinator):
    client.force_login(coordinator)
    url = reverse("plans:import", args=[community.slug, YEAR])
    upload = io.BytesIO(b"<html><script>alert(1)</script></html>")
    upload.name = "plan.xlsx"
    response = client.post(url, {"file": upload})
    assert response.status_code == 400
    assert "не соответствует" in response.content.decode()
    response = client.post(url, {})
    assert "Выберите файл плана" in response.content.decode()
    assert not PlanItem.objects.exists()


def test_a_file_name_with_a_path_is_refused(client, community, coordinator):
    client.force_login(coordinator)
    boundary = "plansboundary"
    content = workbook_bytes([["1", "Вебинар", "Тема", "14.04.2026", ""]])
    body = (
        (
            f"--{boundary}\r\n"
            'Content-Disposition: form-data; name="file"; filename="../../plan.xlsx"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        + content
        + f"\r\n--{boundary}--\r\n".encode()
    )
    response = client.generic(
        "POST",
        reverse("plans:import", args=[community.slug, YEAR]),
        body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )
    assert response.status_code == 400
    assert "путь к папке" in response.content.decode()
    assert not PlanItem.objects.exists()


def test_the_template_download(client, community, coordinator, member):
    url = reverse("plans:template", args=[community.slug])
    client.force_login(member)
    assert client.get(url).status_code == 403
    client.force_login(coordinator)
    response = client.get(url)
    assert response.status_code == 200
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert sheet["B1"].value == "Форма"


def test_a_closed_community_shows_its_plan_read_only(client, community, coordinator, item):
    community.closed_at = NOW
    community.save()
    client.force_login(coordinator)
    html = client.get(year_url(community)).content.decode()
    assert item.topic in html
    assert reverse("plans:item_edit", args=[community.slug, item.pk]) not in html
    assert client.get(reverse("plans:item_edit", args=[community.slug, item.pk])).status_code == 403


def test_platform_admin_runs_any_plan(client, community, make_person, item):
    client.force_login(make_person("platform_admin"))
    response = client.post(
        reverse("plans:item_status", args=[community.slug, item.pk]), {"status": "done"}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == PlanItemStatus.DONE


def test_administrator_of_the_community_edits(client, community, item):
    admin = MembershipFactory(community=community, role=Role.ADMINISTRATOR).user
    client.force_login(admin)
    assert client.get(reverse("plans:item_edit", args=[community.slug, item.pk])).status_code == 200


# --- The table's markup, and the held event that asks for the item to be marked done -----------


def row_of(html: str, item) -> str:
    return html.split(f'<tr id="item-{item.pk}">')[1].split("</tr>")[0]


def test_the_actions_have_their_own_cell_and_name_their_item(client, community, coordinator, item):
    other = PlanItemFactory(plan=item.plan, topic="Семинар «Цифровые ресурсы»")
    client.force_login(coordinator)
    html = client.get(year_url(community)).content.decode()
    assert '<th scope="col"><span class="visually-hidden">Действия</span></th>' in html
    for shown in (item, other):
        row = row_of(html, shown)
        # the row's header is the form and the topic only
        header = row.split('<th scope="row">')[1].split("</th>")[0]
        assert "<a " not in header and shown.topic in header
        # the buttons are in the last cell, each named with the item's topic
        last_cell = row.rsplit("<td", 1)[1]
        hidden = f'<span class="visually-hidden"> «{shown.topic}»</span>'
        for words, url in (
            ("Изменить", reverse("plans:item_edit", args=[community.slug, shown.pk])),
            ("Статус", reverse("plans:item_status", args=[community.slug, shown.pk])),
            ("Удалить", reverse("plans:item_delete", args=[community.slug, shown.pk])),
            (
                "Создать мероприятие по пункту",
                f"{reverse('events:create', args=[community.slug])}?plan_item={shown.pk}",
            ),
        ):
            assert f'href="{url}">{words}{hidden}</a>' in last_cell


def test_members_have_no_actions_column(client, community, member, item):
    client.force_login(member)
    html = client.get(year_url(community)).content.decode()
    assert "Действия" not in html
    assert row_of(html, item).count("<td") == 6


def test_a_held_event_asks_the_editor_to_mark_the_item_done(
    client, community, coordinator, member, item
):
    # given the item's event is held, a done item with a held event, an item whose event is
    # still to come
    past_event(community=community, plan_item=item)
    done = PlanItemFactory(plan=item.plan, status=PlanItemStatus.DONE)
    past_event(community=community, plan_item=done)
    coming = PlanItemFactory(plan=item.plan, status=PlanItemStatus.IN_PROGRESS)
    EventFactory(community=community, plan_item=coming)
    hint = "Мероприятие проведено — отметьте пункт выполненным."
    status_url = reverse("plans:item_status", args=[community.slug, item.pk])

    # when the coordinator opens the plan, then only the held item's row asks, with its button
    client.force_login(coordinator)
    html = client.get(year_url(community)).content.decode()
    assert html.count(hint) == 1
    assert hint in row_of(html, item)
    assert (
        f'href="{status_url}?status=done">Отметить выполненным'
        f'<span class="visually-hidden"> «{item.topic}»</span></a>'
    ) in row_of(html, item)
    # and the status is not changed by itself
    item.refresh_from_db()
    assert item.status == PlanItemStatus.PLANNED

    # when a member opens the plan, then nothing asks them
    client.force_login(member)
    assert hint not in client.get(year_url(community)).content.decode()


def test_the_status_page_offers_the_status_it_is_asked_for(client, community, coordinator, item):
    client.force_login(coordinator)
    url = reverse("plans:item_status", args=[community.slug, item.pk])
    # the statuses are a group named by its legend
    html = client.get(url).content.decode()
    assert "<legend>Статус</legend>" in html
    assert re.search(r'value="planned"[^>]*checked', html)
    # ?status=done ticks «выполнено» but saves nothing
    html = client.get(f"{url}?status=done").content.decode()
    assert re.search(r'value="done"[^>]*checked', html)
    assert not re.search(r'value="planned"[^>]*checked', html)
    item.refresh_from_db()
    assert item.status == PlanItemStatus.PLANNED
    # an unknown status is ignored
    html = client.get(f"{url}?status=boss").content.decode()
    assert re.search(r'value="planned"[^>]*checked', html)


def test_the_item_form_asks_to_choose_the_form_and_groups_the_responsible(
    client, community, coordinator, member
):
    client.force_login(coordinator)
    html = client.get(reverse("plans:item_create", args=[community.slug, YEAR])).content.decode()
    assert '<option value="" selected>— выберите —</option>' in html
    group = re.search(
        r'<fieldset class="field" aria-describedby="id_responsible_helptext">\s*'
        r"<legend>Ответственные</legend>(.*?)</fieldset>",
        html,
        re.S,
    )
    assert group is not None and member.get_full_name() in group.group(1)
    assert '<div id="id_responsible" class="person-picker">' in group.group(1)
    assert html.count("person-picker") == 1
