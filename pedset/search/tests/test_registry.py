"""A new kind joins search by one provider module, without a change in the core: here a
provider of organisations, registered for the test only, is indexed, found, ranked among the
other kinds and shown on the page with its own tab (events join this way with issue 5)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from pedset.materials.models import MaterialStatus
from pedset.materials.tests.factories import material_with_author
from pedset.organisations.models import Organisation
from pedset.organisations.tests.factories import OrganisationFactory
from pedset.search import registry
from pedset.search.registry import Entry, Provider, Shown
from pedset.search.tests.factories import found, reindex

pytestmark = pytest.mark.django_db


class OrganisationProvider(Provider):
    kind = "organisation"
    label = "Организации"
    item_label = "организация"
    order = 40
    recency = False

    def searchable_ids(self):
        return Organisation.objects.order_by("pk").values_list("pk", flat=True)

    def load(self, ids):
        return Organisation.objects.in_bulk(list(ids))

    def entry(self, organisation):
        return Entry(
            title=organisation.short_name,
            sections=[("full_name", organisation.full_name)],
            date=timezone.now(),
        )

    def visible(self, viewer):
        return Q()  # the registry of organisations is public

    def show(self, viewer, ids):
        return {
            o.pk: Shown(url="/organisations/", title=o.short_name, entry=self.entry(o))
            for o in Organisation.objects.filter(pk__in=list(ids))
        }


@pytest.fixture
def with_organisations(monkeypatch):
    registry.providers()  # the real providers first
    monkeypatch.setitem(registry._providers, "organisation", OrganisationProvider())


def test_a_new_provider_is_searched_and_shown_like_the_others(client, with_organisations):
    school = OrganisationFactory(
        short_name="Гимназия «Созвездие»", full_name="МБОУ гимназия «Созвездие» города N"
    )
    material = material_with_author(
        status=MaterialStatus.INCLUDED, title="Созвездие Большой Медведицы"
    )
    reindex()
    hits = found(AnonymousUser(), "созвездие")
    assert ("organisation", school.pk) in hits and ("material", material.pk) in hits
    html = client.get(reverse("search:search"), {"q": "созвездие"}).content.decode()
    assert "Организации" in html and "организация" in html
    assert "Гимназия «<mark>Созвездие</mark>»" in html
    html = client.get(
        reverse("search:search"), {"q": "созвездие", "kind": "organisation"}
    ).content.decode()
    assert html.count('class="card"') == 1
