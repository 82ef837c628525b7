"""The communication journey of issue 3 («How it is shown»), as people do it in Chromium.

a. a member posts a topic in the community's forum; another member reports the post, choosing
   a reason from the rules of conduct and adding a comment; the moderator opens the community's
   reports queue and hides the post with a reason; the author sees «Скрыто модератором:
   <причина>» under the post and in their notification; another reader sees only the trace;
   the coordinator reads the entry in the moderation log: who, what, why;
b. two members exchange private messages: from the colleague's profile («Написать сообщение»),
   the unread badge and the inbox count, the reply, the reply seen by the first.

Only the starting data is made directly (the community with its default sections and its
people); everything else is clicked through the pages, each person signing in through the
login form in a browser of their own. axe-core checks every distinct page.
"""

import re
from types import SimpleNamespace

import pytest
from playwright.sync_api import expect

from pedset.accounts.tests.factories import UserFactory
from pedset.communities.models import Role
from pedset.communities.tests.factories import CommunityFactory, MembershipFactory
from tests.e2e import steps

pytestmark = pytest.mark.django_db(transaction=True)

COMMUNITY = "Синергия"
SECTION = "Общий раздел"  # created with every community (forum.services.section_create_defaults)
TOPIC = "Итоги методической недели"
POST = "Коллеги, делюсь итогами недели. Кто не пришёл на семинар — лентяи и неучи."
FLAG_COMMENT = "Автор называет коллег лентяями и неучами."
HIDE_REASON = "Оскорбление участников сообщества (раздел 4 правил поведения)."


def teacher(last_name, first_name, patronymic):
    """A synthetic member of the community."""
    return UserFactory(last_name=last_name, first_name=first_name, patronymic=patronymic)


@pytest.fixture
def world(db):
    from pedset.forum.services import section_create_defaults

    community = CommunityFactory(slug="sinergiya", name=COMMUNITY)
    section_create_defaults(community=community)
    people = SimpleNamespace(
        author=teacher("Зимина", "Ольга", "Петровна"),
        reporter=teacher("Крылов", "Денис", "Андреевич"),
        reader=teacher("Соколова", "Ирина", "Львовна"),
        moderator=teacher("Громов", "Павел", "Сергеевич"),
        coordinator=teacher("Белова", "Нина", "Аркадьевна"),
    )
    roles = {"moderator": Role.MODERATOR, "coordinator": Role.COORDINATOR}
    for name, person in vars(people).items():
        MembershipFactory(community=community, user=person, role=roles.get(name, Role.MEMBER))
    return SimpleNamespace(community=community, **vars(people))


def signed_in(new_page, browser_login, person):
    page = new_page()
    browser_login(page, person)
    expect(steps.header(page).get_by_role("link", name="Моя страница")).to_be_visible()
    return page


# --- a. a post, a report, a moderator's decision, the author told, the log ----------------------


def test_a_reported_post_is_hidden_with_a_reason_the_author_sees_and_the_log_keeps(
    page, new_page, world, axe, browser_login
):
    author = world.author

    # the author posts a topic in the community's forum
    browser_login(page, author)
    steps.open_section(page, COMMUNITY, SECTION, axe=axe)  # the forum list, index and section
    page.get_by_role("link", name="Новая тема").click()
    expect(page.get_by_role("heading", level=1, name="Новая тема")).to_be_visible()
    axe(page)
    page.get_by_label("Название темы").fill(TOPIC)
    page.get_by_label(re.compile(r"^Текст:?$")).fill(POST)
    page.get_by_role("button", name="Опубликовать").click()
    expect(steps.messages(page)).to_contain_text("Тема создана.")
    expect(page.get_by_role("heading", level=1, name=TOPIC)).to_be_visible()
    expect(page.locator("main article")).to_contain_text(POST)
    axe(page)

    # another member reads it and reports the post: a reason from the rules, and a comment
    reporter = signed_in(new_page, browser_login, world.reporter)
    steps.open_topic(reporter, COMMUNITY, SECTION, TOPIC, axe=axe)
    post = reporter.locator("main article").filter(has_text=POST)
    post.get_by_role("link", name=re.compile("^Пожаловаться модераторам")).click()
    expect(reporter.get_by_role("heading", level=1, name="Жалоба модераторам")).to_be_visible()
    expect(reporter.locator("main blockquote")).to_contain_text(POST)
    axe(reporter)
    reporter.get_by_label("Оскорбление").check()
    reporter.get_by_label("Комментарий").fill(FLAG_COMMENT)
    reporter.get_by_role("button", name="Отправить жалобу").click()
    expect(steps.messages(reporter)).to_contain_text("Жалоба отправлена модераторам")
    expect(reporter.get_by_role("heading", level=1, name=TOPIC)).to_be_visible()

    # the moderator opens the community's queue and hides the post, giving the reason
    moderator = signed_in(new_page, browser_login, world.moderator)
    steps.open_community(moderator, COMMUNITY)
    axe(moderator)  # the community page with its management links
    moderator.get_by_role("link", name="Жалобы модераторам").click()
    expect(moderator.get_by_role("heading", level=1)).to_have_text(
        f"Жалобы модераторам: {COMMUNITY}"
    )
    item = moderator.locator("main section.card").filter(has_text=POST)
    expect(item).to_contain_text(author.get_full_name())
    expect(item).to_contain_text("Оскорбление")
    expect(item).to_contain_text(FLAG_COMMENT)
    axe(moderator)
    item.get_by_label("Причина решения").fill(HIDE_REASON)
    item.get_by_role("button", name="Скрыть", exact=True).click()
    expect(steps.messages(moderator)).to_contain_text("Готово. Авторам жалоб сообщено о решении.")
    expect(moderator.get_by_text("Жалоб, ожидающих решения, нет.")).to_be_visible()
    axe(moderator)

    # the author sees the trace with the reason under the post, and still their own text ...
    page.reload()
    mine = page.locator("main article").filter(has_text=POST)
    expect(mine).to_contain_text(f"Скрыто модератором: {HIDE_REASON}")
    expect(mine).to_contain_text("Этот текст видите только вы и модераторы.")
    axe(page)
    # ... and the notification that says why
    steps.open_notifications(page)
    notice = page.locator("main article.card").filter(
        has_text=f"Модератор скрыл ваше сообщение № 1 в теме «{TOPIC}»"
    )
    expect(notice).to_contain_text(f"Причина: {HIDE_REASON}")
    expect(notice).not_to_contain_text(world.reporter.last_name)  # reporters stay unnamed
    axe(page)
    notice.get_by_role("link", name=re.compile("^Модератор скрыл ваше сообщение")).click()
    expect(page.get_by_role("heading", level=1, name=TOPIC)).to_be_visible()

    # another reader sees only the trace, not the text
    reader = signed_in(new_page, browser_login, world.reader)
    steps.open_topic(reader, COMMUNITY, SECTION, TOPIC)
    trace = reader.locator("main article").first
    expect(trace).to_contain_text(f"Скрыто модератором: {HIDE_REASON}")
    expect(reader.locator("main")).not_to_contain_text(POST)
    expect(trace.get_by_role("link", name=re.compile("^Пожаловаться"))).to_have_count(0)
    axe(reader)

    # the coordinator reads the moderation log: the moderator, the action, the reason
    coordinator = signed_in(new_page, browser_login, world.coordinator)
    steps.open_community(coordinator, COMMUNITY)
    coordinator.get_by_role("link", name="Журнал модерации").click()
    expect(coordinator.get_by_role("heading", level=1)).to_have_text(
        f"Журнал модерации: {COMMUNITY}"
    )
    entry = coordinator.get_by_role("row").filter(has_text=HIDE_REASON)
    expect(entry).to_have_count(1)
    expect(entry).to_contain_text(world.moderator.get_full_name())
    expect(entry).to_contain_text("Сообщение скрыто")
    expect(entry).to_contain_text(f"сообщение в теме «{TOPIC}»")
    expect(entry).to_contain_text(author.get_full_name())
    axe(coordinator)

    from pedset.moderation.models import Flag, ModerationAction

    assert ModerationAction.objects.filter(action="hide", actor=world.moderator).count() == 1
    assert Flag.objects.get().status == Flag.Status.ACTIONED


# --- b. two members exchange private messages --------------------------------------------------

SUBJECT = "Открытый урок в четверг"
FIRST = "Денис Андреевич, приглашаю на **открытый урок** по истории в четверг, 3-й урок."
REPLY = "Ольга Петровна, спасибо, обязательно приду!"


def test_b_two_members_exchange_private_messages(page, new_page, world, axe, browser_login):
    writer, addressee = world.author, world.reporter

    # Olga finds Denis among the members and writes to him from his profile
    browser_login(page, writer)
    steps.open_community(page, COMMUNITY)
    page.get_by_role("link", name="Участники", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="Участники")).to_be_visible()
    axe(page)
    page.get_by_role("link", name=addressee.get_full_name()).click()
    expect(page.get_by_role("heading", level=1, name=addressee.get_full_name())).to_be_visible()
    axe(page)  # a colleague's profile with «Написать сообщение»
    page.get_by_role("link", name="Написать сообщение").click()
    expect(page.get_by_role("heading", level=1, name="Новое сообщение")).to_be_visible()
    expect(page.get_by_label(addressee.get_full_name(), exact=False)).to_be_checked()
    axe(page)
    page.get_by_label("Тема").fill(SUBJECT)
    page.get_by_label("Сообщение").fill(FIRST)
    page.get_by_role("button", name="Отправить").click()
    expect(steps.messages(page)).to_contain_text("Сообщение отправлено.")
    expect(page.get_by_role("heading", level=1, name=SUBJECT)).to_be_visible()
    expect(page.locator("main strong", has_text="открытый урок")).to_be_visible()
    axe(page)

    # Denis sees the unread badge in the header and the count in his inbox
    reader = signed_in(new_page, browser_login, addressee)
    expect(steps.private_messages_link(reader).locator(".badge")).to_contain_text("1")
    steps.open_private_messages(reader)
    expect(reader.locator("#unread-total")).to_contain_text("1 непрочитанное")
    conversation = reader.locator("main article").filter(has_text=SUBJECT)
    expect(conversation).to_contain_text(writer.get_full_name())
    axe(reader)
    # he opens it, reads and replies
    conversation.get_by_role("link", name=SUBJECT).click()
    expect(reader.get_by_role("heading", level=1, name=SUBJECT)).to_be_visible()
    expect(reader.locator("main strong", has_text="открытый урок")).to_be_visible()
    expect(steps.private_messages_link(reader).locator(".badge")).to_have_count(0)
    axe(reader)
    reader.get_by_label("Сообщение").fill(REPLY)
    reader.get_by_role("button", name="Отправить").click()
    expect(reader.locator("main ol").get_by_text(REPLY)).to_be_visible()
    steps.open_private_messages(reader)
    expect(reader.locator("#unread-total")).to_contain_text("Непрочитанных сообщений нет")

    # Olga, back on the home page (the conversation page itself would mark it read), sees the
    # reply: the badge, the count, the text
    steps.header(page).get_by_role("link", name="Педсеть").click()
    expect(page.get_by_role("heading", level=1, name="Педсеть")).to_be_visible()
    axe(page)  # the home page, signed in, with the badges
    expect(steps.private_messages_link(page).locator(".badge")).to_contain_text("1")
    steps.open_private_messages(page)
    expect(page.locator("#unread-total")).to_contain_text("1 непрочитанное")
    axe(page)
    page.locator("main").get_by_role("link", name=SUBJECT).click()
    expect(page.locator("main ol").get_by_text(REPLY)).to_be_visible()
    expect(steps.private_messages_link(page).locator(".badge")).to_have_count(0)

    from pedset.messaging.models import Message

    assert list(Message.objects.order_by("id").values_list("author_id", "body")) == [
        (writer.pk, FIRST),
        (addressee.pk, REPLY),
    ]
