"""The forum's pages: who may see them, reading with place-keeping pagination and unread
markers, posting with quotes, preview and files, editing with history, following, and the
moderators' controls. Every bad input gets a Russian message and changes nothing."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from pedset.communities.models import MembershipStatus, Role
from pedset.communities.tests.factories import CommunityFactory, MembershipFactory
from pedset.forum import services
from pedset.forum.models import (
    Attachment,
    Post,
    Section,
    SectionFollow,
    Topic,
    TopicFollow,
    TopicReadMark,
)
from pedset.forum.tests import uploads
from pedset.forum.tests.factories import make_topic
from pedset.moderation.models import ModerationAction, Suspension

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"forum:{name}", args=args)


def page_text(response):
    return response.content.decode()


@pytest.fixture
def topic(general, member):
    return make_topic(general, member, title="Формирующее оценивание", posts=1)


# --- Who reads ----------------------------------------------------------------------------


def test_anonymous_people_are_sent_to_log_in(client, community, topic):
    for path in (url("index", community.slug), url("topic", topic.pk), url("home")):
        response = client.get(path)
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize("actor", ["registered", "pending", "education_authority"])
def test_non_members_get_404_everywhere(client, community, general, topic, make_person, actor):
    client.force_login(make_person(actor, community))
    post = topic.posts.get()
    paths = [
        url("index", community.slug),
        url("section", general.pk),
        url("topic", topic.pk),
        url("topic_last", topic.pk),
        url("post", post.pk),
        url("reply", topic.pk),
        url("topic_create", general.pk),
        url("post_revisions", post.pk),
        url("post_edit", post.pk),
    ]
    for path in paths:
        assert client.get(path).status_code == 404, path
    assert client.post(url("reply", topic.pk), {"body": "Ответ"}).status_code == 404
    assert Post.objects.count() == 1


def test_a_member_who_left_no_longer_reads(client, community, member, topic):
    member.memberships.update(status=MembershipStatus.LEFT)
    client.force_login(member)
    assert client.get(url("topic", topic.pk)).status_code == 404


def test_members_and_the_platform_administrator_read(client, community, topic, make_person):
    for actor in ("member", "expert", "moderator", "coordinator", "platform_admin"):
        client.force_login(make_person(actor, community))
        assert client.get(url("index", community.slug)).status_code == 200
        assert client.get(url("topic", topic.pk) + "?page=1").status_code == 200


def test_unknown_ids_answer_404(client, member, community):
    client.force_login(member)
    for path in (
        url("index", "no-such"),
        url("section", 987654),
        url("topic", 987654),
        url("post", 987654),
        url("attachment", 987654),
        url("post_edit", 987654),
        url("post_hide", 987654),
    ):
        assert client.get(path).status_code == 404, path


def test_another_communitys_forum_is_404_for_a_member(client, member):
    other = CommunityFactory()
    services.section_create_defaults(community=other)
    section = Section.objects.filter(community=other).first()
    foreign = make_topic(section, MembershipFactory(community=other).user)
    client.force_login(member)
    assert client.get(url("section", section.pk)).status_code == 404
    assert client.get(url("topic", foreign.pk)).status_code == 404


def test_the_community_page_links_to_the_forum_for_readers_only(client, community, member):
    from pedset.accounts.tests.factories import UserFactory

    link = f'href="{url("index", community.slug)}"'
    client.force_login(member)
    assert link in page_text(client.get(reverse("communities:detail", args=[community.slug])))
    client.force_login(UserFactory())
    assert link not in page_text(client.get(reverse("communities:detail", args=[community.slug])))


# --- Index and sections -------------------------------------------------------------------


def test_index_lists_sections_with_counts_and_last_post(client, community, general, member):
    make_topic(general, member, title="Первая", posts=3)
    last = make_topic(general, member, title="Свежая тема", posts=2)
    client.force_login(member)
    page = page_text(client.get(url("index", community.slug)))
    assert "Общий раздел" in page and "Обсуждение действий модераторов" in page
    assert "<td>2</td>" in page and "<td>5</td>" in page
    assert "Свежая тема" in page and url("topic_last", last.pk) in page
    assert "тем пока нет" in page  # the discussion section is empty


def test_section_lists_pinned_topics_first_with_unread_markers(client, general, member):
    old_pinned = make_topic(general, member, title="Правила раздела", is_pinned=True)
    read = make_topic(general, member, title="Прочитанная")
    unread = make_topic(general, member, title="С новыми ответами", posts=3)
    TopicReadMark.objects.create(user=member, topic=read, last_read_position=1)
    TopicReadMark.objects.create(user=member, topic=unread, last_read_position=1)
    TopicReadMark.objects.create(user=member, topic=old_pinned, last_read_position=1)
    client.force_login(member)
    page = page_text(client.get(url("section", general.pk)))
    assert page.index("Правила раздела") < page.index("С новыми ответами")
    assert "закреплена" in page
    row = page[page.index("С новыми ответами") : page.index("Прочитанная")]
    assert "есть новые сообщения" in row
    assert "есть новые сообщения" not in page[page.index("Прочитанная") :]


def test_a_never_opened_topic_is_marked_new(client, general, member, other_member):
    make_topic(general, other_member, title="Незнакомая тема")
    client.force_login(member)
    assert ">новая<" in page_text(client.get(url("section", general.pk)))


def test_the_discussion_section_explains_itself(client, discussion_section, member):
    client.force_login(member)
    page = page_text(client.get(url("section", discussion_section.pk)))
    assert "обсуждаются только в этом разделе" in page


# --- Topic page: pages that keep their place, unread markers ------------------------------


def test_topic_pages_hold_20_posts(client, general, member):
    topic = make_topic(general, member, posts=45)
    client.force_login(member)
    page = page_text(client.get(url("topic", topic.pk) + "?page=2"))
    assert "Сообщение номер 21" in page and "Сообщение номер 40" in page
    assert "Сообщение номер 20<" not in page and "Сообщение номер 41" not in page
    assert "Страница 2 из 3" in page


def test_a_post_link_leads_to_its_page_and_anchor(client, general, member):
    topic = make_topic(general, member, posts=45)
    post = topic.posts.get(position=41)
    client.force_login(member)
    response = client.get(url("post", post.pk))
    assert response.status_code == 302
    assert response.url == f"{url('topic', topic.pk)}?page=3#post-{post.pk}"
    assert f'id="post-{post.pk}"' in page_text(client.get(response.url))


def test_garbage_page_numbers_do_not_break_the_page(client, general, member):
    topic = make_topic(general, member, posts=3)
    client.force_login(member)
    for value in ("abc", "-1", "0", "99999", "1e9"):
        assert client.get(url("topic", topic.pk), {"page": value}).status_code == 200


def test_the_topic_opens_at_the_first_unread_post(client, general, member, other_member):
    topic = make_topic(general, other_member, posts=30)
    TopicReadMark.objects.create(user=member, topic=topic, last_read_position=22)
    first_unread = topic.posts.get(position=23)
    client.force_login(member)
    response = client.get(url("topic", topic.pk))
    assert response.url == f"{url('topic', topic.pk)}?page=2#post-{first_unread.pk}"


def test_new_posts_are_marked_and_reading_moves_the_mark(client, general, member, other_member):
    topic = make_topic(general, other_member, posts=5)
    TopicReadMark.objects.create(user=member, topic=topic, last_read_position=3)
    client.force_login(member)
    page = page_text(client.get(url("topic", topic.pk) + "?page=1"))
    assert page.count(">новое<") == 2
    assert TopicReadMark.objects.get(user=member, topic=topic).last_read_position == 5
    # a second visit opens at page 1 (nothing unread) and shows no "new" markers
    again = client.get(url("topic", topic.pk))
    assert again.status_code == 200 and ">новое<" not in page_text(again)


def test_last_post_link(client, general, member):
    topic = make_topic(general, member, posts=21)
    last = topic.posts.get(position=21)
    client.force_login(member)
    assert client.get(url("topic_last", topic.pk)).url.endswith(f"?page=2#post-{last.pk}")


def test_user_text_is_rendered_safely(client, general, member):
    topic = make_topic(
        general,
        member,
        bodies=[
            "**жирно** <script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)>"
        ],
    )
    client.force_login(member)
    page = page_text(client.get(url("topic", topic.pk) + "?page=1"))
    assert "<strong>жирно</strong>" in page
    assert "<script>alert(1)" not in page
    assert 'href="javascript' not in page
    assert "<img src=x" not in page


def test_author_roles_are_named(client, general, moderator, member):
    topic = make_topic(general, moderator)
    client.force_login(member)
    assert 'class="tag">Модератор<' in page_text(client.get(url("topic", topic.pk) + "?page=1"))


# --- Creating topics and replying ---------------------------------------------------------


def test_a_member_creates_a_topic(client, general, member):
    client.force_login(member)
    response = client.post(
        url("topic_create", general.pk),
        {"title": "Методическая неделя", "body": "Предлагаю **план**."},
        follow=True,
    )
    topic = Topic.objects.get()
    assert response.redirect_chain[-1][0] == f"{url('topic', topic.pk)}?page=1"
    page = page_text(response)
    assert "Тема создана." in page and "<strong>план</strong>" in page
    assert TopicFollow.objects.filter(user=member, topic=topic).exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title": "", "body": "Текст"}, "Укажите название темы."),
        ({"title": "Тема", "body": "   "}, "Напишите текст сообщения."),
        ({"title": "Т" * 201, "body": "Текст"}, "не более 200 знаков"),
        ({"title": "Тема", "body": "я" * 20_001}, "не более 20\u00a0000 знаков"),
        ({}, "Укажите название темы."),
    ],
)
def test_bad_topics_are_refused_in_russian(client, general, member, data, message):
    client.force_login(member)
    response = client.post(url("topic_create", general.pk), data)
    assert response.status_code == 200
    assert message in page_text(response)
    assert not Topic.objects.exists()


def test_preview_renders_without_publishing(client, general, member):
    client.force_login(member)
    response = client.post(
        url("topic_create", general.pk),
        {"title": "Тема", "body": "*курсив*", "preview": "1"},
    )
    page = page_text(response)
    assert "Предпросмотр" in page and "<em>курсив</em>" in page
    assert not Topic.objects.exists()


def test_reply_lands_on_the_new_post(client, general, member, other_member):
    topic = make_topic(general, other_member, posts=20)
    client.force_login(member)
    response = client.post(url("reply", topic.pk), {"body": "Двадцать первый"})
    new = Post.objects.get(topic=topic, position=21)
    assert response.url == f"{url('topic', topic.pk)}?page=2#post-{new.pk}"


def test_quote_prefills_the_reply(client, topic, member, other_member):
    post = topic.posts.get()
    client.force_login(other_member)
    page = page_text(client.get(url("reply", topic.pk), {"quote": post.pk}))
    # the quotation names the post by reference, never its author (it would outlive consent)
    assert f"&gt; [Сообщение № 1]({url('post', post.pk)}):" in page
    assert "&gt; Сообщение номер 1" in page
    form = page[page.index("<textarea") : page.index("</textarea>")]
    for name in (member.first_name, member.last_name, member.get_full_name()):
        assert name not in form
    topic_page = page_text(client.get(url("topic", topic.pk) + "?page=1"))
    assert f"{url('reply', topic.pk)}?quote={post.pk}" in topic_page
    assert "Цитировать" in topic_page


def test_a_published_quote_links_to_the_quoted_post(client, topic, member, other_member):
    post = topic.posts.get()
    client.force_login(other_member)
    prefilled = services.post_quote(post)
    client.post(url("reply", topic.pk), {"body": prefilled + "Согласна."})
    page = page_text(client.get(url("topic", topic.pk) + "?page=1"))
    quote = page[page.index("<blockquote>") : page.index("</blockquote>")]
    assert f'<a href="{url("post", post.pk)}"' in quote and "Сообщение № 1</a>" in quote
    assert member.last_name not in quote
    # and the link leads to the quoted post
    assert client.get(url("post", post.pk)).url.endswith(f"#post-{post.pk}")


@pytest.mark.parametrize("quote", ["abc", "987654", "²", "-1", "9" * 5000, "99999999999"])
def test_quoting_a_post_that_is_not_there_is_404(client, topic, member, quote):
    client.force_login(member)
    assert client.get(url("reply", topic.pk), {"quote": quote}).status_code == 404


def test_quoting_a_post_of_another_topic_is_404(client, general, topic, member):
    other = make_topic(general, member, title="Другая")
    client.force_login(member)
    response = client.get(url("reply", topic.pk), {"quote": other.posts.get().pk})
    assert response.status_code == 404


def test_replying_in_a_locked_topic_is_refused_with_a_message(client, general, member):
    topic = make_topic(general, member, is_locked=True)
    client.force_login(member)
    response = client.post(url("reply", topic.pk), {"body": "Ответ"}, follow=True)
    assert "Тема закрыта: отвечать в ней могут только модераторы." in page_text(response)
    assert Post.objects.count() == 1


def test_a_moderator_replies_in_a_locked_topic(client, general, member, moderator):
    topic = make_topic(general, member, is_locked=True)
    client.force_login(moderator)
    client.post(url("reply", topic.pk), {"body": "Подводим итог"})
    assert Post.objects.filter(topic=topic, author=moderator).exists()


def test_a_suspended_member_is_told_why(client, community, general, member, moderator):
    topic = make_topic(general, moderator)
    Suspension.objects.create(
        community=community,
        user=member,
        reason="Оскорбления",
        ends_at=timezone.now() + timezone.timedelta(days=7),
    )
    client.force_login(member)
    page = page_text(client.get(url("topic", topic.pk) + "?page=1"))
    assert "приостановил ваше право публиковать сообщения" in page
    assert 'id="reply"' not in page
    response = client.post(url("reply", topic.pk), {"body": "Ответ"}, follow=True)
    assert "приостановил" in page_text(response)
    response = client.post(
        url("topic_create", general.pk), {"title": "Т", "body": "Б"}, follow=True
    )
    assert "приостановил" in page_text(response)
    assert Post.objects.count() == 1


def test_nothing_is_posted_in_a_closed_community(client, community, general, member):
    topic = make_topic(general, member)
    community.closed_at = timezone.now()
    community.save()
    client.force_login(member)
    page = page_text(client.get(url("topic", topic.pk) + "?page=1"))
    assert "Сообщество закрыто" in page
    response = client.post(url("reply", topic.pk), {"body": "Ответ"}, follow=True)
    assert "Сообщество закрыто" in page_text(response)
    assert Post.objects.count() == 1


def test_the_platform_administrator_reads_but_is_told_only_members_write(
    client, community, topic, make_person
):
    client.force_login(make_person("platform_admin", community))
    page = page_text(client.get(url("topic", topic.pk) + "?page=1"))
    assert "Писать на форуме сообщества могут только его участники." in page


def test_the_rate_limit_answers_with_the_wait(client, general, member, settings):
    settings.FORUM_POST_LIMIT = 1
    topic = make_topic(general, member)
    client.force_login(member)
    client.post(url("reply", topic.pk), {"body": "Первый"})
    response = client.post(url("reply", topic.pk), {"body": "Второй"})
    assert response.status_code == 200
    assert "слишком часто" in page_text(response) and "секунд" in page_text(response)
    assert Post.objects.count() == 2


# --- Attachments --------------------------------------------------------------------------


def test_files_are_attached_and_served_as_downloads(client, topic, member, other_member):
    client.force_login(other_member)
    client.post(
        url("reply", topic.pk),
        {
            "body": "План и фото",
            "attachments": [uploads.pdf("план.pdf"), uploads.image("фото.jpg", "JPEG")],
        },
    )
    files = list(Attachment.objects.order_by("id"))
    assert [f.content_type for f in files] == ["application/pdf", "image/jpeg"]
    client.force_login(member)
    page = page_text(client.get(url("topic", topic.pk) + "?page=1"))
    assert "план.pdf" in page and url("attachment", files[0].pk) in page
    response = client.get(url("attachment", files[0].pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ([uploads.text_as("план.pdf", size=10 * 1024 * 1024)], "не соответствует его имени"),
        ([uploads.pdf("большой.pdf", size=10 * 1024 * 1024 + 1)], "слишком большой"),
        ([uploads.pdf(f"{i}.pdf") for i in range(6)], "не более 5 файлов"),
        ([uploads.plain_zip()], "Архивы ZIP не принимаются"),
        (
            [uploads.text_as("скрипт.exe", content_type="application/x-msdownload")],
            "не принимаются",
        ),
        ([uploads.fake_jpeg()], "не соответствует его имени"),
        ([uploads.ooxml("план.pdf")], "по содержимому — DOCX"),
        ([uploads.text_as("пусто.pdf", size=0)], "пуст"),
    ],
)
def test_bad_files_are_refused_and_nothing_is_posted(client, topic, member, files, message):
    client.force_login(member)
    response = client.post(url("reply", topic.pk), {"body": "С файлами", "attachments": files})
    assert response.status_code == 200
    assert message in page_text(response)
    assert Post.objects.count() == 1 and not Attachment.objects.exists()


@pytest.mark.parametrize(
    "upload",
    [
        uploads.ole2("plan.doc"),
        uploads.ole2("table.xls"),
        uploads.ole2("slides.ppt"),
        uploads.ooxml("plan.docx"),
        uploads.ooxml("table.xlsx", "xl/workbook.xml"),
        uploads.ooxml("slides.pptx", "ppt/presentation.xml"),
        uploads.odf("plan.odt"),
        uploads.odf("table.ods", "application/vnd.oasis.opendocument.spreadsheet"),
        uploads.odf("slides.odp", "application/vnd.oasis.opendocument.presentation"),
        uploads.image("photo.png"),
        uploads.image("photo.jpeg", "JPEG"),
    ],
    ids=lambda u: u.name,
)
def test_every_accepted_kind_is_accepted(client, topic, member, upload):
    client.force_login(member)
    client.post(url("reply", topic.pk), {"body": "Файл", "attachments": [upload]})
    assert Attachment.objects.get().original_name == upload.name


def test_a_hidden_posts_files_are_for_its_author_and_moderators(
    client, topic, member, other_member, moderator
):
    post = services.post_create(actor=other_member, topic=topic, body="Файл", files=[uploads.pdf()])
    attachment = post.attachments.get()
    services.post_hide(actor=moderator, post=post, reason="Нарушение")
    client.force_login(member)
    assert client.get(url("attachment", attachment.pk)).status_code == 404
    client.force_login(other_member)
    assert client.get(url("attachment", attachment.pk)).status_code == 200
    client.force_login(moderator)
    assert client.get(url("attachment", attachment.pk)).status_code == 200


def test_files_of_another_community_are_404(client, member):
    other = CommunityFactory()
    services.section_create_defaults(community=other)
    author = MembershipFactory(community=other).user
    topic = services.topic_create(
        actor=author,
        section=Section.objects.filter(community=other).first(),
        title="Чужая",
        body="Файл",
        files=[uploads.pdf()],
    )
    client.force_login(member)
    attachment = Attachment.objects.get(post__topic=topic)
    assert client.get(url("attachment", attachment.pk)).status_code == 404


# --- Editing and history ------------------------------------------------------------------


def test_the_author_edits_and_readers_see_it_was_edited(client, topic, member, other_member):
    post = topic.posts.get()
    client.force_login(member)
    response = client.post(url("post_edit", post.pk), {"body": "Исправленный текст"})
    assert response.url.endswith(f"#post-{post.pk}")
    client.force_login(other_member)
    page = page_text(client.get(url("topic", topic.pk) + "?page=1"))
    assert "Исправленный текст" in page and "изменено" in page
    assert "История правок" not in page  # only the author and moderators see the history
    assert client.get(url("post_revisions", post.pk)).status_code == 404


def test_the_author_and_moderators_see_the_history(client, topic, member, moderator):
    post = topic.posts.get()
    services.post_edit(actor=member, post=post, body="Вторая версия")
    for person in (member, moderator):
        client.force_login(person)
        assert "История правок (1)" in page_text(client.get(url("topic", topic.pk) + "?page=1"))
        page = page_text(client.get(url("post_revisions", post.pk)))
        assert "Сообщение номер 1" in page and "Вторая версия" in page


def test_another_member_cannot_edit(client, topic, other_member):
    client.force_login(other_member)
    post = topic.posts.get()
    assert client.get(url("post_edit", post.pk)).status_code == 403
    assert client.post(url("post_edit", post.pk), {"body": "Чужое"}).status_code == 403
    post.refresh_from_db()
    assert post.body == "Сообщение номер 1"


def test_a_moderator_edit_without_a_reason_is_refused(client, topic, moderator):
    post = topic.posts.get()
    client.force_login(moderator)
    response = client.post(url("post_edit", post.pk), {"body": "Правка", "reason": ""})
    assert "Укажите причину: её увидит автор." in page_text(response)
    post.refresh_from_db()
    assert post.body == "Сообщение номер 1"


def test_an_empty_edit_is_refused(client, topic, member):
    post = topic.posts.get()
    client.force_login(member)
    response = client.post(url("post_edit", post.pk), {"body": " "})
    assert response.status_code == 200 and "Напишите текст сообщения." in page_text(response)


# --- Following ----------------------------------------------------------------------------


def test_follow_and_unfollow_a_topic_and_a_section(client, general, topic, other_member):
    client.force_login(other_member)
    client.post(url("topic_follow", topic.pk), {"follow": "1"})
    client.post(url("section_follow", general.pk), {"follow": "1"})
    assert TopicFollow.objects.filter(user=other_member, topic=topic).exists()
    assert SectionFollow.objects.filter(user=other_member, section=general).exists()
    assert "Не следить за темой" in page_text(client.get(url("topic", topic.pk) + "?page=1"))
    client.post(url("topic_follow", topic.pk), {"follow": "0"})
    client.post(url("section_follow", general.pk), {"follow": "0"})
    assert not TopicFollow.objects.filter(user=other_member).exists()
    assert not SectionFollow.objects.filter(user=other_member).exists()


def test_following_is_a_post_only_action(client, topic, member):
    client.force_login(member)
    assert client.get(url("topic_follow", topic.pk)).status_code == 405


# --- Moderation through the pages ---------------------------------------------------------


def test_hidden_post_trace_for_readers_text_for_author_and_moderators(
    client, topic, member, other_member, moderator
):
    reply = services.post_create(actor=other_member, topic=topic, body="Резкий ответ")
    client.force_login(moderator)
    response = client.post(url("post_hide", reply.pk), {"reason": "Оскорбление"})
    assert response.url.endswith(f"#post-{reply.pk}")
    assert ModerationAction.objects.filter(action="hide", post=reply).exists()
    # a reader sees the trace with the reason, not the text
    client.force_login(member)
    page = page_text(client.get(url("topic", topic.pk) + "?page=1"))
    assert "Скрыто модератором: Оскорбление" in page and "Резкий ответ" not in page
    # the author sees their text with the reason
    client.force_login(other_member)
    page = page_text(client.get(url("topic", topic.pk) + "?page=1"))
    assert "Скрыто модератором: Оскорбление" in page and "Резкий ответ" in page
    assert "Этот текст видите только вы и модераторы." in page
    # a moderator sees both, and the control to restore
    client.force_login(moderator)
    page = page_text(client.get(url("topic", topic.pk) + "?page=1"))
    assert "Резкий ответ" in page and url("post_restore", reply.pk) in page


def test_deleted_post_trace_and_text_for_moderators_only(client, topic, other_member, moderator):
    reply = services.post_create(actor=other_member, topic=topic, body="Угроза")
    client.force_login(moderator)
    client.post(url("post_delete", reply.pk), {"reason": "Угрозы запрещены"})
    client.force_login(other_member)
    page = page_text(client.get(url("topic", topic.pk) + "?page=1"))
    assert "Удалено модератором: Угрозы запрещены" in page and ">Угроза<" not in page
    client.force_login(moderator)
    assert "<p>Угроза</p>" in page_text(client.get(url("topic", topic.pk) + "?page=1"))


def test_a_moderation_action_without_a_reason_is_refused_in_russian(client, topic, moderator):
    post = topic.posts.get()
    client.force_login(moderator)
    for name in ("post_hide", "post_delete"):
        response = client.post(url(name, post.pk), {"reason": "  "})
        assert response.status_code == 200
        assert "Укажите причину: её увидит автор." in page_text(response)
    response = client.post(url("topic_lock", topic.pk), {"reason": "я" * 2001})
    assert "не более 2000 знаков" in page_text(response)
    assert not ModerationAction.objects.exists()


def test_moderator_controls_are_only_for_moderators(client, topic, member, moderator):
    client.force_login(member)
    page = page_text(client.get(url("topic", topic.pk) + "?page=1"))
    assert "Модерация темы" not in page and url("post_hide", topic.posts.get().pk) not in page
    assert client.post(url("post_hide", topic.posts.get().pk), {"reason": "x"}).status_code == 403
    assert client.post(url("topic_lock", topic.pk), {"reason": "x"}).status_code == 403
    client.force_login(moderator)
    page = page_text(client.get(url("topic", topic.pk) + "?page=1"))
    assert "Модерация темы" in page and url("topic_lock", topic.pk) in page


def test_lock_pin_move_and_split_through_the_pages(
    client, community, general, discussion_section, member, other_member, moderator
):
    topic = make_topic(general, member, posts=3)
    client.force_login(moderator)
    client.post(url("topic_lock", topic.pk), {"reason": "Обсуждение завершено"})
    client.post(url("topic_pin", topic.pk), {"reason": "Важная тема"})
    topic.refresh_from_db()
    assert topic.is_locked and topic.is_pinned
    response = client.post(
        url("topic_move", topic.pk), {"section": discussion_section.pk, "reason": "Не по теме"}
    )
    assert response.status_code == 302
    topic.refresh_from_db()
    assert topic.section == discussion_section
    response = client.get(url("topic_split", topic.pk), {"from": "2"})
    assert 'value="2"' in page_text(response)
    response = client.post(
        url("topic_split", topic.pk),
        {
            "first_position": "2",
            "title": "Отдельная тема",
            "section": general.pk,
            "reason": "Отдельный вопрос",
        },
    )
    new = Topic.objects.get(title="Отдельная тема")
    assert response.url == f"{url('topic', new.pk)}?page=1"
    assert new.posts_count == 2
    assert set(ModerationAction.objects.values_list("action", flat=True)) == {
        "lock",
        "pin",
        "move",
        "split",
    }


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"section": "987654", "reason": "Причина"}, "Выберите раздел этого же сообщества."),
        ({"section": "abc", "reason": "Причина"}, "Выберите раздел этого же сообщества."),
        ({"reason": "Причина"}, "Обязательное поле."),
    ],
)
def test_bad_moves_are_refused(client, topic, moderator, data, message):
    client.force_login(moderator)
    response = client.post(url("topic_move", topic.pk), data)
    assert response.status_code == 200 and message in page_text(response)
    assert not ModerationAction.objects.exists()


def test_moving_to_a_foreign_section_is_refused(client, topic, moderator):
    other = CommunityFactory()
    services.section_create_defaults(community=other)
    foreign = Section.objects.filter(community=other).first()
    client.force_login(moderator)
    response = client.post(url("topic_move", topic.pk), {"section": foreign.pk, "reason": "x"})
    assert "Выберите раздел этого же сообщества." in page_text(response)
    topic.refresh_from_db()
    assert topic.section.community_id != other.pk


@pytest.mark.parametrize("start", ["²", "٣", "9" * 5000, "99999999999", "-2", "abc"])
def test_odd_split_starts_are_ignored_not_500(client, general, member, moderator, start):
    topic = make_topic(general, member, posts=3)
    client.force_login(moderator)
    response = client.get(url("topic_split", topic.pk), {"from": start})
    assert response.status_code == 200
    assert 'name="first_position"' in page_text(response)


def test_a_moderator_renames_a_topic_and_it_is_logged(
    client, community, general, member, moderator, django_capture_on_commit_callbacks
):
    from pedset.core.models import Notification

    topic = make_topic(general, member, title="Иванова — взяточница")
    client.force_login(moderator)
    page = page_text(client.get(url("topic", topic.pk) + "?page=1"))
    assert url("topic_rename", topic.pk) in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("topic_rename", topic.pk),
            {"title": "  Вопрос об   оценивании ", "reason": "Клевета в названии (п. 4.2)"},
        )
    assert response.status_code == 302
    topic.refresh_from_db()
    assert topic.title == "Вопрос об оценивании"
    entry = ModerationAction.objects.get()
    assert (entry.action, entry.topic, entry.actor, entry.target_user) == (
        "edit",
        topic,
        moderator,
        member,
    )
    assert entry.reason == "Клевета в названии (п. 4.2)"
    assert entry.data == {"old_title": "Иванова — взяточница", "new_title": "Вопрос об оценивании"}
    # the author is told why, without the old title
    note = Notification.objects.get(recipient=member, kind="moderation")
    assert "Вопрос об оценивании" in note.title
    assert "Причина: Клевета в названии (п. 4.2)" in note.body
    assert "взяточница" not in note.title + note.body


def test_renaming_rewrites_the_old_title_in_followers_notices(
    community, general, member, other_member, moderator, django_capture_on_commit_callbacks
):
    from pedset.core.models import Notification

    topic = services.topic_create(
        actor=member, section=general, title="Иванова — взяточница", body="Текст"
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.post_create(actor=other_member, topic=topic, body="Ответ")
    services.topic_rename(
        actor=moderator, topic=topic, title="Вопрос об оценивании", reason="Клевета"
    )
    note = Notification.objects.get(recipient=member, kind="forum_reply")
    assert "взяточница" not in note.title and "Вопрос об оценивании" in note.title


@pytest.mark.parametrize("actor", ["member", "expert"])
def test_only_moderators_rename_topics(client, community, general, make_person, actor):
    person = make_person(actor, community)
    topic = make_topic(general, person, title="Моя тема")
    client.force_login(person)
    page = page_text(client.get(url("topic", topic.pk) + "?page=1"))
    assert url("topic_rename", topic.pk) not in page
    assert client.get(url("topic_rename", topic.pk)).status_code == 403
    response = client.post(url("topic_rename", topic.pk), {"title": "Другая", "reason": "x"})
    assert response.status_code == 403
    with pytest.raises(PermissionDenied):
        services.topic_rename(actor=person, topic=topic, title="Другая", reason="x")
    topic.refresh_from_db()
    assert topic.title == "Моя тема" and not ModerationAction.objects.exists()


def test_non_members_cannot_even_see_the_rename_page(client, community, topic, make_person):
    client.force_login(make_person("registered", community))
    assert (
        client.post(url("topic_rename", topic.pk), {"title": "Т", "reason": "x"}).status_code == 404
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title": "Новое", "reason": ""}, "Укажите причину: её увидит автор."),
        ({"title": "Новое", "reason": "   "}, "Укажите причину: её увидит автор."),
        ({"title": "", "reason": "Клевета"}, "Укажите название темы."),
        ({"title": "т" * 201, "reason": "Клевета"}, "Название слишком длинное"),
        ({"title": "Формирующее оценивание", "reason": "Клевета"}, "У темы уже такое название."),
    ],
)
def test_bad_renames_are_refused_in_russian(client, topic, moderator, data, message):
    client.force_login(moderator)
    response = client.post(url("topic_rename", topic.pk), data)
    assert response.status_code == 200 and message in page_text(response)
    topic.refresh_from_db()
    assert topic.title == "Формирующее оценивание" and not ModerationAction.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"first_position": "1", "title": "Т", "reason": "x"}, "Выберите сообщение с № 2 по № 3"),
        ({"first_position": "9", "title": "Т", "reason": "x"}, "Выберите сообщение с № 2 по № 3"),
        ({"first_position": "два", "title": "Т", "reason": "x"}, "Укажите номер сообщения."),
        ({"first_position": "2", "title": "", "reason": "x"}, "Укажите название темы."),
        ({"first_position": "2", "title": "Т", "reason": ""}, "Укажите причину"),
    ],
)
def test_bad_splits_are_refused(client, general, member, moderator, data, message):
    topic = make_topic(general, member, posts=3)
    client.force_login(moderator)
    response = client.post(url("topic_split", topic.pk), {"section": general.pk, **data})
    assert response.status_code == 200 and message in page_text(response)
    assert Topic.objects.count() == 1


# --- Sections -----------------------------------------------------------------------------


def test_the_coordinator_adds_and_renames_a_section(client, community, make_person):
    coordinator = make_person("coordinator", community)
    client.force_login(coordinator)
    response = client.post(
        url("section_create", community.slug),
        {"title": "Начальная школа", "description": "Для учителей 1–4 классов"},
    )
    section = Section.objects.get(title="Начальная школа")
    assert response.url == url("section", section.pk)
    assert section.kind == "regular"
    client.post(
        url("section_edit", section.pk),
        {"title": "Начальные классы", "description": "", "position": "5"},
    )
    section.refresh_from_db()
    assert (section.title, section.position) == ("Начальные классы", 5)


def test_members_cannot_manage_sections(client, community, general, member):
    client.force_login(member)
    assert client.get(url("section_create", community.slug)).status_code == 403
    assert client.post(url("section_edit", general.pk), {"title": "x"}).status_code == 403


def test_a_section_needs_a_title(client, community, make_person):
    client.force_login(make_person("community_admin", community))
    response = client.post(url("section_create", community.slug), {"title": " "})
    assert "Укажите название раздела." in page_text(response)
    assert Section.objects.filter(community=community).count() == 2


def test_my_forums(client, community, member):
    client.force_login(member)
    page = page_text(client.get(url("home")))
    assert community.name in page and url("index", community.slug) in page


def test_role_change_is_seen_at_once(client, community, topic, member):
    # a member made moderator gets the controls on the next page
    membership = member.memberships.get()
    membership.role = Role.MODERATOR
    membership.save()
    client.force_login(member)
    assert "Модерация темы" in page_text(client.get(url("topic", topic.pk) + "?page=1"))
