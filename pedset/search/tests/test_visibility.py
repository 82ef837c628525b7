"""Search finds only what the reader may open: for each kind, for every position the
permission table knows, the answer of search equals the owning app's policy."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from pedset.accounts import services as account_services
from pedset.accounts.models import Visibility
from pedset.accounts.policies import can_view_profile
from pedset.accounts.tests.factories import UserFactory
from pedset.communities.tests.factories import CommunityFactory, MembershipFactory
from pedset.core.testing import ACTORS, make_person
from pedset.forum import services as forum_services
from pedset.forum.models import Section
from pedset.forum.policies import can_view_post_body
from pedset.forum.services import section_create_defaults
from pedset.forum.tests.factories import make_topic
from pedset.materials.models import MaterialStatus
from pedset.materials.policies import can_view_material
from pedset.materials.tests.factories import material_with_author
from pedset.search.models import SearchDocument
from pedset.search.tests.factories import found_ids, publish, reindex

pytestmark = pytest.mark.django_db


@pytest.fixture
def community(db):
    community = CommunityFactory()
    section_create_defaults(community=community)
    return community


# --- Materials ---------------------------------------------------------------------------------


@pytest.mark.parametrize("status", list(MaterialStatus))
def test_a_material_is_found_exactly_by_those_who_may_open_it(community, status):
    # given a material in each status and a person in each position
    material = material_with_author(
        community=community, status=status, title="Гербарий лекарственных растений"
    )
    people = {actor: make_person(actor, community) for actor in ACTORS}
    people["author"] = material.created_by
    reindex()
    # then search agrees with materials.policies.can_view_material for everyone
    for actor, person in people.items():
        hits = found_ids(person, "гербарий растений", "material")
        expected = can_view_material(person, material)
        assert (hits == [material.pk]) is expected, (status, actor)


def test_a_draft_is_never_found_by_a_stranger(community):
    draft = material_with_author(community=community, title="Черновик тайной разработки")
    reindex()
    stranger = make_person("member", community)
    admin = make_person("platform_admin")
    assert found_ids(stranger, "тайной разработки", "material") == []
    assert found_ids(admin, "тайной разработки", "material") == []
    assert found_ids(AnonymousUser(), "тайной разработки", "material") == []
    assert found_ids(draft.created_by, "тайной разработки", "material") == [draft.pk]


# --- Forum posts ---------------------------------------------------------------------------------


@pytest.fixture
def general(community):
    return Section.objects.get(community=community, kind=Section.Kind.REGULAR)


def test_a_post_is_found_exactly_by_those_who_may_read_it(community, general):
    author = MembershipFactory(community=community).user
    topic = make_topic(general, author, bodies=["Обсуждаем астрономию в седьмом классе"])
    post = topic.posts.get()
    people = {actor: make_person(actor, community) for actor in ACTORS}
    reindex()
    for actor, person in people.items():
        hits = found_ids(person, "астрономия", "post")
        assert (hits == [post.pk]) is can_view_post_body(person, post), actor


def test_hidden_and_deleted_posts_are_never_found(
    community, general, django_capture_on_commit_callbacks
):
    # given two posts found by the members
    author = MembershipFactory(community=community).user
    moderator = make_person("moderator", community)
    topic = make_topic(
        general, author, posts=2, bodies=["Оскорбительная реплика", "Ещё одна реплика"]
    )
    first, second = topic.posts.order_by("position")
    reindex()
    assert set(found_ids(author, "реплика", "post")) == {first.pk, second.pk}
    # when a moderator hides one and deletes the other (through the forum's services)
    with django_capture_on_commit_callbacks(execute=True):
        forum_services.post_hide(actor=moderator, post=first, reason="Грубость")
        forum_services.post_delete(actor=moderator, post=second, reason="Спам")
    # then nobody finds them — not the author, not the moderator
    for reader in (author, moderator, make_person("platform_admin")):
        assert found_ids(reader, "реплика", "post") == []
    assert not SearchDocument.objects.filter(kind="post").exists()
    # and a restored post is found again
    with django_capture_on_commit_callbacks(execute=True):
        forum_services.post_restore(actor=moderator, post=first, reason="Ошибка")
    assert found_ids(author, "реплика", "post") == [first.pk]


def test_a_missed_index_update_still_never_shows_a_hidden_post(community, general):
    # given a post hidden without the index being told (say, the update failed)
    author = MembershipFactory(community=community).user
    post = make_topic(general, author, bodies=["Скрытая реплика"]).posts.get()
    reindex()
    post.hidden_at = timezone.now()
    post.save()
    # then the reader's filter still leaves it out
    assert found_ids(author, "скрытая реплика", "post") == []


# --- Members -------------------------------------------------------------------------------------


def teacher_of(community, **fields):
    person = UserFactory(
        last_name="Звездочётова",
        first_name="Ангелина",
        patronymic="Павловна",
        position="учитель астрономии",
        about="Веду кружок юных космонавтов.",
        phone="+7 900 123-45-67",
        phone_visibility=Visibility.EVERYONE,
        contact_email="zvezda-private@example.test",
        contact_email_visibility=Visibility.EVERYONE,
        messenger="orbitalnaya_svyaz",
        messenger_visibility=Visibility.EVERYONE,
        **fields,
    )
    MembershipFactory(community=community, user=person)
    return person


def test_a_person_is_found_by_name_exactly_by_those_who_may_see_the_name(community):
    person = teacher_of(community)
    people = {actor: make_person(actor, community) for actor in ACTORS}
    reindex()
    for actor, viewer in people.items():
        hits = found_ids(viewer, "Звездочётова", "member")
        assert (hits == [person.pk]) is can_view_profile(viewer, person), actor


def test_a_published_name_is_found_by_everybody_but_hidden_fields_are_not(community):
    # given a person who published the name and the position, not «about me»
    person = teacher_of(community)
    publish(person, "full_name", "position")
    colleague = make_person("member", community)
    stranger = make_person("member", CommunityFactory())
    reindex()
    for viewer in (AnonymousUser(), stranger):
        assert found_ids(viewer, "Звездочётова", "member") == [person.pk]
        assert found_ids(viewer, "учитель астрономии", "member") == [person.pk]
        # the words of a field the viewer may not see find nothing, not even with the name
        assert found_ids(viewer, "космонавтов", "member") == []
        assert found_ids(viewer, "Звездочётова космонавтов", "member") == []
    assert found_ids(colleague, "Звездочётова космонавтов", "member") == [person.pk]


def test_contact_fields_are_never_indexed(community):
    person = teacher_of(community)
    publish(person, "full_name", "phone", "contact_email", "messenger")
    colleague = make_person("member", community)
    reindex()
    document = SearchDocument.objects.get(kind="member", object_id=person.pk)
    stored = " ".join([document.title_stems, document.body_stems, str(document.field_stems)])
    for secret in ("900", "4567", "zvezda", "private", "orbitalnaya", "svyaz", "example"):
        assert secret not in stored
        assert found_ids(colleague, secret, "member") == []


def test_people_outside_every_community_are_not_found(community):
    loner = UserFactory(last_name="Одиночкина")
    publish(loner, "full_name")
    reindex()
    assert found_ids(make_person("platform_admin"), "Одиночкина", "member") == []


def test_deactivated_and_erased_people_leave_the_index(
    community, django_capture_on_commit_callbacks
):
    person = teacher_of(community)
    colleague = make_person("member", community)
    reindex()
    assert found_ids(colleague, "Звездочётова", "member") == [person.pk]
    with django_capture_on_commit_callbacks(execute=True):
        account_services.user_deactivate(actor=person, user=person, reason="Прошу закрыть")
    assert found_ids(colleague, "Звездочётова", "member") == []
    assert not SearchDocument.objects.filter(kind="member", object_id=person.pk).exists()


def test_the_erase_hook_drops_the_profile_at_once(community):
    from pedset.search.personal_data import erase

    person = teacher_of(community)
    reindex()
    assert len(erase(person)) == 1  # one category in the act of destruction
    assert not SearchDocument.objects.filter(kind="member", object_id=person.pk).exists()
    assert erase(person) == []
