"""Targets of the permission table (pedset/core/permission_table.py) for the certificates app:
each ``<name>(community, user)`` returns the arguments of the policy after the user."""

from pedset.certificates.tests.factories import award
from pedset.events.tests.factories import past_event


def ended_event(community, user):
    """An announced webinar of the community that ended yesterday."""
    return (past_event(community=community),)


def member_award(community, user):
    """A participant's certificate of an ended event, issued to an ordinary member."""
    return (award(past_event(community=community)),)
