"""Who sees a question in each state, whose names are printed, who answers: the rules of the
docstring of pedset/consultations/policies.py, person by person."""

import pytest
from django.contrib.auth.models import AnonymousUser

from pedset.accounts.models import PlatformRole
from pedset.communities.models import Role
from pedset.communities.tests.factories import MembershipFactory
from pedset.consultations import policies, selectors
from pedset.consultations.tests.factories import QuestionFactory, answered, hidden, open_line
from pedset.events.models import Audience

pytestmark = pytest.mark.django_db

PEOPLE = (
    "asker",
    "colleague",
    "expert",
    "speaker",
    "organiser",
    "coordinator",
    "community_admin",
    "moderator",
    "outsider",
    "anonymous",
    "platform_admin",
)


@pytest.fixture
def people(request, line, community, outsider):
    """Everyone of PEOPLE, as fresh objects (no memoised roles carried between questions)."""
    from pedset.accounts.tests.factories import UserFactory

    admin = MembershipFactory(community=community, role=Role.ADMINISTRATOR).user
    platform_admin = UserFactory()
    PlatformRole.objects.create(user=platform_admin, role=PlatformRole.Role.ADMINISTRATOR)
    found = {name: request.getfixturevalue(name) for name in PEOPLE[:6] + ("moderator",)}
    found.update(
        community_admin=admin,
        outsider=outsider,
        anonymous=AnonymousUser(),
        platform_admin=platform_admin,
    )
    return found


def _fresh(user):
    if not user.is_authenticated:
        return user
    return type(user).objects.get(pk=user.pk)


def _question(line, asker, state, *, show_name=False):
    question = QuestionFactory(event=line, author=asker, show_author_name=show_name)
    if state in ("answered", "published"):
        answered(question, published=state == "published")
    if state == "hidden":
        hidden(answered(question))
    return question


MANAGERS_AND_ANSWERERS = {
    "asker",
    "expert",
    "speaker",
    "organiser",
    "coordinator",
    "community_admin",
    "platform_admin",
}
SEES = {
    "open": MANAGERS_AND_ANSWERERS,
    "answered": MANAGERS_AND_ANSWERERS,
    "published": set(PEOPLE),
    "hidden": {"asker", "moderator", "coordinator", "community_admin", "platform_admin"},
}


@pytest.mark.parametrize("state", list(SEES))
def test_who_sees_a_question(line, people, state):
    # given a question of the member «asker» in the state
    question = _question(line, people["asker"], state)

    # when each person asks whether they may see it, then the docstring's rule answers
    seen = {
        name for name, user in people.items() if policies.can_view_question(_fresh(user), question)
    }
    assert seen == SEES[state]


NAME_ON_PUBLISHED = {
    # The asker agreed: signed-in people of the audience (the community's members) see the name.
    True: MANAGERS_AND_ANSWERERS | {"colleague", "moderator"},
    # The asker did not: only those who received the question.
    False: MANAGERS_AND_ANSWERERS,
}


@pytest.mark.parametrize("show_name", [True, False])
def test_whose_name_a_published_question_shows(line, people, show_name):
    question = _question(line, people["asker"], "published", show_name=show_name)
    shown = {
        name for name, user in people.items() if policies.asker_name_visible(_fresh(user), question)
    }
    assert shown == NAME_ON_PUBLISHED[show_name]


def test_the_name_on_a_line_open_to_everyone_reaches_any_signed_in_person(community, outsider):
    # given a line for every registered user and a published question whose asker agreed
    line = open_line(community=community, audience=Audience.EVERYONE)
    asker = MembershipFactory(community=community).user
    question = _question(line, asker, "published", show_name=True)
    # then a person from outside the community sees the name, an anonymous visitor never
    assert policies.asker_name_visible(outsider, question)
    assert not policies.asker_name_visible(AnonymousUser(), question)


def test_on_a_hidden_question_only_the_asker_and_moderators_see_the_name(line, people):
    question = _question(line, people["asker"], "hidden", show_name=True)
    shown = {
        name
        for name, user in people.items()
        if policies.can_view_question(_fresh(user), question)
        and policies.asker_name_visible(_fresh(user), question)
    }
    assert shown == SEES["hidden"]


def test_answerers_names_are_shown_to_signed_in_readers_only(line, people):
    question = _question(line, people["asker"], "published")
    for name, user in people.items():
        assert policies.answerer_name_visible(user, question) is (name != "anonymous"), name


def test_the_answerers_are_the_experts_and_the_speakers(line, people, community):
    # given also an expert of another community and a suspended expert of this one
    from pedset.consultations.tests.factories import suspend

    MembershipFactory(role=Role.EXPERT)
    suspended = MembershipFactory(community=community, role=Role.EXPERT).user
    suspend(suspended, community)

    # when the answerers are read
    ids = set(selectors.answerers(line).values_list("pk", flat=True))

    # then they are the expert and the speaker (the policy agrees), not the suspended expert
    assert ids == {people["expert"].pk, people["speaker"].pk}
    for name, user in people.items():
        assert policies.is_answerer(_fresh(user), line) is (name in {"expert", "speaker"}), name
    # and the suspended expert is still an answerer by role, but may not answer now
    question = QuestionFactory(event=line)
    assert policies.is_answerer(suspended, line)
    assert not policies.can_answer_question(suspended, question)


def test_an_expert_is_no_answerer_of_another_form_of_event(community, expert):
    from pedset.events.tests.factories import EventFactory

    webinar = EventFactory(community=community)
    assert not policies.is_answerer(expert, webinar)
    assert not policies.can_view_question_queue(expert, webinar)
    assert not policies.can_ask_question(expert, webinar)


def test_the_queue_is_for_answerers_and_managers(line, people):
    allowed = {
        name
        for name, user in people.items()
        if policies.can_view_question_queue(_fresh(user), line)
    }
    assert allowed == MANAGERS_AND_ANSWERERS - {"asker"}


def test_nobody_writes_in_a_closed_community(line, people):
    from django.utils import timezone

    question = answered(QuestionFactory(event=line, author=people["asker"]))
    open_one = QuestionFactory(event=line, author=people["asker"])
    line.community.closed_at = timezone.now()
    line.community.save()
    for name, user in people.items():
        user = _fresh(user)
        assert not policies.can_ask_question(user, line), name
        assert not policies.can_answer_question(user, open_one), name
        assert not policies.can_publish_question(user, question), name
        assert not policies.can_hide_question(user, question), name
    # but the moderators still read what was hidden
    hidden(question)
    assert policies.can_view_question(_fresh(people["moderator"]), question)


def test_withdrawal_only_while_unanswered(line, asker):
    question = QuestionFactory(event=line, author=asker)
    assert policies.can_withdraw_question(asker, question)
    answered(question)
    assert not policies.can_withdraw_question(asker, question)
