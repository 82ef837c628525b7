"""Targets of the consultation policies for the role × action table
(pedset/core/permission_table.py, targets "consultations:<name>"). Each takes the table's fresh
community and the person in the actor's position and returns the arguments after the user.
The line is open to the community's members; questions are by a separate ordinary member and
answered by a separate expert. Speakers and organisers of the event are not actors here:
pedset/consultations/tests/test_policies.py covers them."""

from pedset.communities.tests.factories import MembershipFactory
from pedset.consultations.tests import factories


def _question(community, **fields):
    return factories.QuestionFactory(event=factories.open_line(community=community), **fields)


def open_line(community, user=None):
    """An announced line of the community, open for questions now."""
    return (factories.open_line(community=community),)


def open_question(community, user=None):
    """Another member's question awaiting an answer."""
    return (_question(community),)


def answered_question(community, user=None):
    """Another member's question answered by a separate expert, not published."""
    return (factories.answered(_question(community)),)


def published_question(community, user=None):
    return (factories.answered(_question(community), published=True),)


def hidden_question(community, user=None):
    """Another member's question hidden by a moderator."""
    return (factories.hidden(_question(community)),)


def own_question(community, user):
    """The actor's own question awaiting an answer (the anonymous visitor, who cannot ask, gets
    another member's). Built directly: whether the actor could have asked is not the point."""
    author = user if getattr(user, "pk", None) else MembershipFactory(community=community).user
    return (_question(community, author=author),)
