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
    """The route with each <conv:name> replaced by the value for that name (else its type)."""

    def value(match):
        converter, name = match.group(1) or "str", match.group(2)
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
        },
        "member_pk": member.user.pk,
        "consent_pk": consent.pk,
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
    } <= answered_ok
    if actor != "anonymous":
        assert {"materials/mine/", "documents/my/", "expertise/mine/"} <= answered_ok
    if actor == "coordinator":
        assert "communities/<slug:slug>/requests/" in answered_ok
    if actor == "platform_admin":
        assert {
            "communities/new/",
            "privacy/consent-texts/",
            "organisations/import/",
        } <= answered_ok
