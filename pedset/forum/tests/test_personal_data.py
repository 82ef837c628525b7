"""The forum's personal-data hooks: the export holds the person's posts and follows; on
withdrawal the posts stay, signed «Бывший участник», and only the subscriptions go."""

import pytest
from django.urls import reverse

from pedset.forum import personal_data, services
from pedset.forum.models import Post, SectionFollow, TopicFollow, TopicReadMark
from pedset.forum.tests import uploads

pytestmark = pytest.mark.django_db


@pytest.fixture
def written(general, member, other_member):
    topic = services.topic_create(
        actor=member,
        section=general,
        title="Мой вопрос",
        body="Первый текст",
        files=[uploads.pdf()],
    )
    services.post_edit(actor=member, post=topic.posts.get(), body="Исправленный текст")
    services.post_create(actor=other_member, topic=topic, body="Чужой ответ")
    services.section_follow_set(actor=member, section=general, follow=True)
    return topic


def test_export_holds_posts_with_topic_time_and_text_and_follows(written, member, community):
    # when the person's data is exported
    data = personal_data.export(member)
    # then their post is there with its topic, time, text, earlier version and file name
    (post,) = data["forum_posts"]
    assert post["topic"]["title"] == "Мой вопрос"
    assert post["community"]["slug"] == community.slug
    assert post["text"] == "Исправленный текст"
    assert post["created_at"] and post["edited_at"]
    assert [v["text"] for v in post["earlier_versions"]] == ["Первый текст"]
    assert post["attachments"][0]["name"] == "plan.pdf"
    # and nobody else's post, and the topics they started and what they follow
    assert "Чужой ответ" not in str(data)
    assert [t["title"] for t in data["forum_topics_started"]] == ["Мой вопрос"]
    assert [f["topic"]["title"] for f in data["forum_followed_topics"]] == ["Мой вопрос"]
    assert [f["section"]["title"] for f in data["forum_followed_sections"]] == ["Общий раздел"]


def test_withdrawal_keeps_the_posts_signed_former_participant(
    client, written, member, other_member
):
    from pedset.organisations.tests.factories import OrganisationFactory
    from pedset.privacy.services import consent_revoke_all
    from pedset.privacy.tests.factories import ConsentTextFactory

    ConsentTextFactory(operator=OrganisationFactory(operates_platform=True))
    full_name = member.get_full_name()
    # when the author withdraws from the platform
    act = consent_revoke_all(user=member)
    # then the posts stay, the subscriptions and read marks go, and the act says so
    assert Post.objects.filter(author=member).count() == 1
    assert not TopicFollow.objects.filter(user=member).exists()
    assert not SectionFollow.objects.filter(user=member).exists()
    assert not TopicReadMark.objects.filter(user=member).exists()
    assert "подписки на темы и разделы форума" in act.destroyed
    # and a reader sees the post signed «Бывший участник»
    client.force_login(other_member)
    page = client.get(reverse("forum:topic", args=[written.pk]) + "?page=1").content.decode()
    assert "Бывший участник" in page and "Исправленный текст" in page
    assert full_name not in page


def test_erase_without_subscriptions_names_nothing(member):
    assert personal_data.erase(member) == []
