"""Targets of the contests policies for the role × action table (pedset/core/permission_table.py,
targets named "contests:<name>"). Each takes the table's fresh community and the person in the
actor's position (AnonymousUser for "anonymous") and returns the arguments after the user.

Every event is an announced contest of the community (for its members unless the name says
otherwise) made by a separate coordinator; entries are another ordinary member's unless the
name says the actor's. Organisers named on the event are not actors here:
pedset/contests/tests/test_policies.py covers them, and the jury's conflicts of interest."""

from django.utils import timezone

from pedset.contests.tests import factories
from pedset.core.policies import is_active_user
from pedset.events.models import Audience
from pedset.events.tests.factories import EventFactory
from pedset.organisations.tests.factories import OrganisationFactory


def contest(community, user=None):
    """Entries accepted for another week; nothing published."""
    return (factories.contest(community),)


def everyone_contest(community, user=None):
    """Open to every registered user of the platform."""
    return (factories.contest(community, audience=Audience.EVERYONE),)


def closed_contest(community, user=None):
    """Entries no longer accepted (the deadline was yesterday), the results not yet published."""
    return (factories.closed_contest(community),)


def published_results(community, user=None):
    """Entries closed and the results published."""
    event = factories.closed_contest(community, results_published_at=timezone.now())
    return (event,)


def webinar(community, user=None):
    """A webinar: a form that takes no entries."""
    return (EventFactory(community=community),)


def others_entry(community, user=None):
    """An admitted entry of another member to an open contest."""
    return (factories.entry(factories.contest(community)),)


def own_entry(community, user):
    """The actor's own admitted entry to an open contest (another member's for those who cannot
    hold one)."""
    event = factories.contest(community)
    author = user if is_active_user(user) else None
    return (factories.entry(event, author),)


def juror_contest(community, user):
    """An open contest on whose jury the actor sits (made directly, whatever their role)."""
    event = factories.contest(community)
    if is_active_user(user):
        factories.juror(event, user)
    return (event,)


def judged_entry(community, user):
    """Another member's admitted entry to a contest on whose jury the actor sits."""
    (event,) = juror_contest(community, user)
    return (factories.entry(event),)


def judged_entry_published(community, user):
    """The same after the results were published."""
    (event,) = juror_contest(community, user)
    made = factories.entry(event)
    event.results_published_at = timezone.now()
    event.save(update_fields=["results_published_at"])
    return (made,)


def own_entry_as_juror(community, user):
    """The actor sits on the jury and co-wrote the entry (a conflict of interest)."""
    (event,) = juror_contest(community, user)
    coauthors = [user] if is_active_user(user) else []
    return (factories.entry(event, coauthors=coauthors),)


def same_organisation_entry(community, user):
    """The actor sits on the jury; the entry comes from the actor's organisation."""
    (event,) = juror_contest(community, user)
    organisation = OrganisationFactory()
    if is_active_user(user):
        user.organisation = organisation
        user.save(update_fields=["organisation"])
    return (factories.entry(event, organisation_id=organisation.pk),)
