"""No request produces a server error: every URL of the site, as several people, with GET,
an empty POST and a POST of garbage. Ids that exist, ids that don't, malformed tokens."""

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from pedset.communities.models import MembershipStatus
from pedset.communities.tests.factories import CommunityFactory, MembershipFactory
from pedset.organisations.tests.factories import OrganisationFactory
from pedset.privacy.models import ConsentKind, ConsentSource
from pedset.privacy.services import consent_give
from pedset.privacy.tests.factories import ConsentTextFactory

pytestmark = pytest.mark.django_db

GARBAGE = {
    "email": "not an e-mail",
    "password": "",
    "password1": "x",
    "password2": "y",
    "reason": "x" * 20_000,
    "name": "<script>alert(1)</script>" * 50,
    "q": "' OR 1=1 --",
    "page": "-1",
    "role": "emperor",
    "kind": "nonsense",
    "time_zone": "Mars/Olympus",
    "language": "xx",
    "member_cap": "-5",
    "creation_order_date": "31.02.2026",
    "organisation": "999999",
    "subjects": ["abc", "999999"],
    "confirm": "maybe",
    "next": "https://evil.example/",
    "file": "not a file",
    "on": "2",
    "field": "password",
}


def _site_patterns():
    """(route, pattern) for every URL except Django's own admin."""

    def walk(patterns, prefix=""):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if route.startswith("django-admin/"):
                continue
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern):
                yield route, pattern

    return list(walk(get_resolver().url_patterns))


CONVERTER_KEYS = {"int": "IntConverter", "str": "StringConverter", "slug": "SlugConverter"}


def _fill(route: str, values: dict) -> str:
    """The route with each <conv:name> replaced by the value for that name (else its type).
    ``values["by_route"]`` gives other values to the routes under a prefix (the longest wins):
    the ids of the objects of that app."""
    prefixes = [p for p in values.get("by_route", {}) if route.startswith(p)]
    own = values["by_route"][max(prefixes, key=len)] if prefixes else {}

    def value(match):
        converter, name = match.group(1) or "str", match.group(2)
        if name in own:
            return str(own[name])
        return str(values.get(name, values[CONVERTER_KEYS[converter]]))

    return re.sub(r"<(?:(\w+):)?(\w+)>", value, route)


def _world(make_person):
    """A community with a pending request, a consent, an organisation: real ids to aim at."""
    operator = OrganisationFactory(operates_platform=True)
    ConsentTextFactory(operator=operator)
    ConsentTextFactory(operator=operator, kind=ConsentKind.PUBLICATION)
    community = CommunityFactory(operator=operator)
    pending = MembershipFactory(community=community, status=MembershipStatus.PENDING)
    member = MembershipFactory(community=community)
    consent = consent_give(user=member.user, operator=operator, source=ConsentSource.JOIN)
    return {
        "community": community,
        "existing": {
            "slug": community.slug,
            "pk": pending.pk,
            "operator_pk": operator.pk,
            "kind": "processing",
            "fmt": "csv",
            "token": "garbage-token",
            "uidb64": "MQ",
            "IntConverter": pending.pk,
            "StringConverter": "x",
            "SlugConverter": community.slug,
            "by_route": _activities(community, member.user),
        },
        "member_pk": member.user.pk,
        "consent_pk": consent.pk,
    }


def _activities(community, member) -> dict:
    """Events, a room, a plan item, a contest with an entry, a consultation question and an
    award of the community: the ids each activity route is aimed at (issue 5)."""
    from pedset.certificates.tests.factories import award
    from pedset.consultations.tests.factories import QuestionFactory, open_line
    from pedset.contests.models import EntryFile
    from pedset.contests.tests.factories import contest, criterion, entry, juror, nomination
    from pedset.events.models import EventMaterial
    from pedset.events.tests.factories import (
        EventFactory,
        event_person,
        past_event,
        registered,
    )
    from pedset.plans.tests.factories import PlanItemFactory, plan_of, this_year
    from pedset.rooms.tests.factories import room_for

    webinar = EventFactory(community=community, capacity=1)
    room_for(webinar)
    registered(webinar, member)
    speaker = event_person(webinar)
    link = EventMaterial.objects.create(
        event=webinar, title="Программа", url="https://example.org/programme.pdf"
    )
    held = past_event(community=community)
    registered(held, attended=True)
    given = award(held)
    item = PlanItemFactory(plan=plan_of(community))
    running = contest(community)
    made = entry(running, nomination=nomination(running), with_file=True)
    line = open_line(community=community)
    question = QuestionFactory(event=line)
    return {
        "events/": {"pk": webinar.pk},
        "events/people/": {"pk": speaker.pk},
        "events/materials/": {"pk": link.pk},
        "rooms/": {"pk": webinar.pk},
        "plans/": {"year": this_year(), "pk": item.pk},
        "contests/": {"pk": running.pk},
        "contests/nominations/": {"pk": made.nomination_id},
        "contests/criteria/": {"pk": criterion(running).pk},
        "contests/jurors/": {"pk": juror(running).pk},
        "contests/entries/": {"pk": made.pk},
        "contests/files/": {"pk": EntryFile.objects.get(entry=made).pk},
        "certificates/event/": {"pk": held.pk},
        "certificates/award/": {"pk": given.pk},
        "consultations/line/": {"pk": line.pk},
        "consultations/": {"pk": question.pk},
    }


MISSING = {
    "slug": "no-such-community",
    "pk": 987654321,
    "operator_pk": 987654321,
    "kind": "nonsense",
    "fmt": "exe",
    "token": "x" * 500,
    "uidb64": "!!!",
    "IntConverter": 987654321,
    "StringConverter": "%00",
    "SlugConverter": "no-such",
}


@pytest.mark.parametrize("actor", ["anonymous", "member", "coordinator", "platform_admin"])
def test_no_url_answers_with_a_server_error(actor, make_person):
    world = _world(make_person)
    client = Client(raise_request_exception=True)
    person = make_person(actor, world["community"])
    if actor != "anonymous":
        client.force_login(person)
    failures = []
    answered_ok = set()
    requests = [
        ("GET", {}),
        ("GET", {"page": "abc", "q": "<b>", "action": "x", "organisation": "y"}),
        ("POST", {}),
        ("POST", GARBAGE),
    ]
    # every GET first, then the POSTs: a POST may legitimately change the world (leave, logout)
    for method, data in requests:
        for route, _pattern in _site_patterns():
            for values in (world["existing"], MISSING):
                path = "/" + _fill(route, values)
                if actor != "anonymous":
                    client.force_login(person)  # the walk also POSTs to logout
                try:
                    if method == "GET":
                        response = client.get(path, data)
                    else:
                        response = client.post(path, data)
                except Exception as error:  # noqa: BLE001 - any exception is the finding
                    failures.append(f"{method} {path} {data and 'with data'}: {error!r}")
                    continue
                if response.status_code >= 500:
                    failures.append(f"{method} {path}: {response.status_code}")
                elif method == "GET" and response.status_code == 200:
                    answered_ok.add(route)
    assert not failures, "\n".join(failures[:30])
    # the routes were really reached, not answered 404 for a badly filled path
    assert {
        "",
        "communities/<slug:slug>/",
        "organisations/",
        "privacy/policy/",
        "cabinet/",
        "cabinet/c/<slug:slug>/",
        "verify/",
        "search/",
        "events/c/<slug:slug>/",
        "events/<int:pk>/",
        "events/<int:pk>/event.ics",
        "plans/c/<slug:slug>/<int:year>/",
        "consultations/line/<int:pk>/",
    } <= answered_ok
    if actor != "anonymous":
        assert {
            "materials/mine/",
            "documents/my/",
            "expertise/mine/",
            "events/mine/",
        } <= answered_ok
    if actor == "coordinator":
        assert {
            "communities/<slug:slug>/requests/",
            "events/<int:pk>/manage/",
            "rooms/<int:pk>/configure/",
            "plans/c/<slug:slug>/items/<int:pk>/edit/",
            "contests/<int:pk>/setup/",
            "contests/<int:pk>/entries/",
            "contests/entries/<int:pk>/",
            "certificates/award/<int:pk>/revoke/",
            "consultations/line/<int:pk>/queue/",
            "consultations/<int:pk>/",
        } <= answered_ok
    if actor == "platform_admin":
        assert {
            "communities/new/",
            "privacy/consent-texts/",
            "organisations/import/",
        } <= answered_ok
