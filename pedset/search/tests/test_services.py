"""The index follows the apps' services (no signals): after commit, what changed is re-indexed,
what must not be found is dropped; the full rebuild puts everything back."""

import io
import logging

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import CommandError, call_command

from pedset.accounts import services as account_services
from pedset.communities.tests.factories import CommunityFactory, MembershipFactory
from pedset.core.testing import make_person
from pedset.forum import services as forum_services
from pedset.forum.models import Section
from pedset.forum.services import section_create_defaults
from pedset.forum.tests.factories import make_topic
from pedset.materials.models import MaterialStatus
from pedset.materials.tests.factories import material_with_author
from pedset.organisations.tests.factories import OrganisationFactory
from pedset.privacy.models import ConsentKind
from pedset.privacy.tests.factories import ConsentTextFactory
from pedset.search import index, services
from pedset.search.models import SearchDocument
from pedset.search.tests.factories import found_ids, reindex

pytestmark = pytest.mark.django_db


@pytest.fixture
def community(db):
    community = CommunityFactory()
    section_create_defaults(community=community)
    return community


@pytest.fixture
def general(community):
    return Section.objects.get(community=community, kind=Section.Kind.REGULAR)


@pytest.fixture
def member(community):
    return MembershipFactory(community=community).user


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """Runs the callbacks the services schedule after commit (the test's transaction never
    commits)."""

    def run(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args, **kwargs)

    return run


def test_a_new_topic_and_reply_are_found_after_commit(general, member, run_on_commit):
    topic = run_on_commit(
        forum_services.topic_create,
        actor=member,
        section=general,
        title="Экскурсия в планетарий",
        body="Кто поедет в **планетарий** с классом?",
    )
    reply = run_on_commit(
        forum_services.post_create, actor=member, topic=topic, body="Мы поедем в апреле"
    )
    first = topic.posts.get(position=1)
    assert found_ids(member, "планетарий", "post") == [first.pk]
    assert found_ids(member, "экскурсия", "post") == [first.pk]  # the title, with post No. 1
    assert found_ids(member, "апрель", "post") == [reply.pk]


def test_nothing_reaches_the_index_before_commit(general, member):
    # given a topic created in a transaction that has not committed
    forum_services.topic_create(
        actor=member, section=general, title="Незавершённое", body="Текст без коммита"
    )
    # then the index does not know it yet
    assert not SearchDocument.objects.exists()


def test_an_edit_replaces_the_old_words(general, member, run_on_commit):
    post = make_topic(general, member, bodies=["Про слонов"]).posts.get()
    reindex()
    run_on_commit(forum_services.post_edit, actor=member, post=post, body="Про жирафов")
    assert found_ids(member, "жираф", "post") == [post.pk]
    assert found_ids(member, "слон", "post") == []


def test_a_renamed_topic_is_found_by_its_new_title(community, general, member, run_on_commit):
    moderator = make_person("moderator", community)
    topic = make_topic(general, member, title="Старое название", posts=3)
    reindex()
    run_on_commit(
        forum_services.topic_rename,
        actor=moderator,
        topic=topic,
        title="Новое заглавие",
        reason="Персональные данные в названии",
    )
    first = topic.posts.get(position=1)
    assert found_ids(member, "заглавие", "post") == [first.pk]
    assert found_ids(member, "старое название", "post") == []


def test_a_split_gives_the_new_topic_title_to_its_first_post(
    community, general, member, run_on_commit
):
    moderator = make_person("moderator", community)
    topic = make_topic(general, member, title="Общая тема", posts=4)
    reindex()
    new_topic = run_on_commit(
        forum_services.topic_split,
        actor=moderator,
        topic=topic,
        first_position=3,
        title="Отдельный вопрос",
        section=general,
        reason="Другая тема",
    )
    opener = new_topic.posts.get(position=1)
    assert found_ids(member, "отдельный вопрос", "post") == [opener.pk]


def test_a_profile_change_is_indexed(community, member, run_on_commit):
    colleague = MembershipFactory(community=community).user
    reindex()
    run_on_commit(
        account_services.profile_update,
        actor=member,
        user=member,
        values={"about": "Веду кружок робототехники"},
    )
    assert found_ids(colleague, "робототехника", "member") == [member.pk]


def test_a_new_account_is_indexed_on_registration(db, run_on_commit):
    # given the platform operator with its consent texts
    operator = OrganisationFactory(operates_platform=True)
    ConsentTextFactory(operator=operator, kind=ConsentKind.PROCESSING)
    # when somebody registers
    person = run_on_commit(
        account_services.user_register,
        email="novikova@example.test",
        last_name="Новикова",
        first_name="Алла",
        password="Педсеть-тест-2026",
    )
    # then the profile is in the index, found once the person joins a community
    assert SearchDocument.objects.filter(kind="member", object_id=person.pk).exists()


def test_update_of_a_vanished_object_drops_it(general, member):
    post = make_topic(general, member, bodies=["Временное"]).posts.get()
    reindex()
    post.topic.delete()
    services.index_update("post", post.pk)
    assert not SearchDocument.objects.filter(kind="post").exists()


def test_unknown_kinds_are_logged_not_raised(db, caplog):
    with caplog.at_level(logging.WARNING, logger="pedset.search.services"):
        services.index_update("album", 1)
        services.index_remove("album", 1)
    assert "album" in caplog.text


def test_a_failing_index_update_never_breaks_the_committed_action(
    general, member, monkeypatch, django_capture_on_commit_callbacks, caplog
):
    # given an index that fails (the database hiccups, a bug)
    def broken(kind, pk):
        raise RuntimeError("index is down")

    monkeypatch.setattr(services, "index_update", broken)
    # when a service schedules an update and its transaction commits
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        index.schedule_update("post", 1)
    # then the failure is logged, not raised
    assert "index is down" in caplog.text


# --- The full rebuild ------------------------------------------------------------------------


def test_reindex_command_indexes_every_kind_and_drops_stale_entries(community, general, member):
    material_with_author(community=community, status=MaterialStatus.INCLUDED, title="Звёздное небо")
    make_topic(general, member, posts=3)
    SearchDocument.objects.create(
        kind="post", object_id=999_999, date="2026-01-01T00:00:00Z", title_stems="сирот"
    )
    out = io.StringIO()
    call_command("search_reindex", "--batch", "2", stdout=out)
    assert "material: 1 indexed" in out.getvalue()
    assert "post: 3 indexed" in out.getvalue()
    kinds = set(SearchDocument.objects.values_list("kind", flat=True))
    assert kinds == {"material", "post", "member"}
    assert not SearchDocument.objects.filter(object_id=999_999).exists()
    assert found_ids(AnonymousUser(), "звездное небо", "material")


def test_reindex_command_can_rebuild_one_kind(community, general, member):
    make_topic(general, member, posts=2)
    call_command("search_reindex", "--kind", "post", stdout=io.StringIO())
    assert set(SearchDocument.objects.values_list("kind", flat=True)) == {"post"}


def test_reindex_command_refuses_unknown_kinds(db):
    with pytest.raises(CommandError, match="Unknown kind"):
        call_command("search_reindex", "--kind", "events")


def test_reindex_twice_gives_the_same_index(community, general, member):
    material_with_author(community=community, status=MaterialStatus.INCLUDED)
    make_topic(general, member, posts=5)

    def snapshot():
        return sorted(
            SearchDocument.objects.values_list("kind", "object_id", "title_stems", "body_stems")
        )

    reindex()
    first = snapshot()
    reindex()
    assert snapshot() == first
    assert found_ids(member, "сообщение", "post")  # the FTS rows were rebuilt as well
