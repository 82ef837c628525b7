"""The catalogue /cabinet/ and a community's cabinet page: open to everyone, filters, counts,
order, pagination, query budgets."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from pedset.accounts.tests.factories import SubjectFactory
from pedset.cabinet import services
from pedset.cabinet.tests.factories import CouncilMemberFactory, cabinet_entry
from pedset.communities.tests.factories import CommunityFactory, MembershipFactory
from pedset.materials.models import Level, MaterialType, Tag

pytestmark = pytest.mark.django_db

CATALOGUE = reverse("cabinet:catalogue")


def titles(response) -> set[str]:
    return {entry.material.title for entry in response.context["page_obj"].object_list}


def test_an_anonymous_visitor_sees_included_materials_with_their_order(client):
    # Given an entry of the cabinet
    entry = cabinet_entry(authors=2)

    # When an anonymous visitor opens the catalogue
    response = client.get(CATALOGUE)

    # Then the material is listed with its authors, the order and links to the material and
    # the order's verification page
    assert response.status_code == 200
    body = response.content.decode()
    assert entry.material.title in body
    assert entry.authors_text in body
    assert f"Приказ № {entry.order.number} от" in body
    assert f'href="/materials/{entry.material_id}/"' in body
    assert entry.order.verification_code in body


def test_a_withdrawn_entry_leaves_the_catalogue(client, make_person):
    # Given two entries, one withdrawn by a coordinator
    kept = cabinet_entry()
    gone = cabinet_entry()
    coordinator = make_person("coordinator", gone.community)
    services.entry_withdraw(actor=coordinator, entry=gone, reason="Нарушены авторские права.")

    # When the catalogue is opened, then only the other is there
    assert titles(client.get(CATALOGUE)) == {kept.material.title}
    # and the material and the entry are no longer public (a copyright claim must take it down)
    assert client.get(reverse("cabinet:entry", args=[gone.pk])).status_code == 404
    assert client.get(reverse("materials:detail", args=[gone.material.pk])).status_code == 302
    gone.material.refresh_from_db()
    assert gone.material.status == "withdrawn"
    # while the coordinator still reads on the entry's page that it was withdrawn, and why
    client.force_login(coordinator)
    page = client.get(reverse("cabinet:entry", args=[gone.pk])).content.decode()
    assert "Исключён из виртуального методического кабинета" in page
    assert "Нарушены авторские права." in page


def test_each_filter_narrows_the_catalogue(client):
    # Given entries differing in one respect each
    community = CommunityFactory()
    maths, history = SubjectFactory(name="Математика"), SubjectFactory(name="История")
    base = cabinet_entry(community=community, subject=maths)
    by_subject = cabinet_entry(community=community, subject=history)
    by_level = cabinet_entry(community=community, subject=maths, level=Level.NOO)
    by_type = cabinet_entry(community=community, subject=maths, material_type=MaterialType.KIM)
    by_year = cabinet_entry(
        community=community,
        subject=maths,
        included_at=timezone.now() - datetime.timedelta(days=800),
    )
    recommended = cabinet_entry(community=community, subject=maths, recommended=True)
    elsewhere = cabinet_entry(subject=maths)
    everything = {
        e.material.title
        for e in (base, by_subject, by_level, by_type, by_year, recommended, elsewhere)
    }
    author = by_level.material.authors.get().user
    organisation = by_type.material.authors.get().user.organisation

    # When the catalogue is filtered, then each filter leaves the matching entries only
    assert titles(client.get(CATALOGUE)) == everything
    assert titles(client.get(CATALOGUE, {"subject": history.pk})) == {by_subject.material.title}
    assert titles(client.get(CATALOGUE, {"level": Level.NOO})) == {by_level.material.title}
    assert titles(client.get(CATALOGUE, {"material_type": MaterialType.KIM})) == {
        by_type.material.title
    }
    assert titles(client.get(CATALOGUE, {"year": by_year.year})) == {by_year.material.title}
    assert titles(client.get(CATALOGUE, {"recommended": "on"})) == {recommended.material.title}
    assert titles(client.get(CATALOGUE, {"organisation": organisation.pk})) == {
        by_type.material.title
    }
    assert titles(client.get(CATALOGUE, {"community": elsewhere.community_id})) == {
        elsewhere.material.title
    }
    # the author by surname, whatever its case
    assert titles(client.get(CATALOGUE, {"author": author.last_name.lower()})) == {
        by_level.material.title
    }
    assert titles(client.get(CATALOGUE, {"author": author.last_name})) == {by_level.material.title}
    # and filters combine
    assert titles(client.get(CATALOGUE, {"subject": maths.pk, "level": Level.NOO})) == {
        by_level.material.title
    }
    assert titles(client.get(CATALOGUE, {"subject": history.pk, "level": Level.NOO})) == set()


def test_counts_beside_the_filters_keep_the_other_filters():
    # Given two ООО entries (one recommended) and one НОО entry
    cabinet_entry(level=Level.OOO)
    cabinet_entry(level=Level.OOO, recommended=True)
    cabinet_entry(level=Level.NOO)
    from pedset.cabinet.selectors import CatalogueFilters, catalogue_counts

    # When the counts are taken with the level ООО chosen
    counts = catalogue_counts(CatalogueFilters(level=Level.OOO))

    # Then the level counts ignore the chosen level, the recommended count respects it
    assert counts.level == {Level.OOO: 2, Level.NOO: 1}
    assert counts.recommended == 1


def test_sorting_by_downloads_and_rating(client):
    # Given three entries with different downloads and ratings
    few = cabinet_entry()
    many = cabinet_entry()
    unrated = cabinet_entry()
    for entry, downloads, rating_sum, rating_count in (
        (few, 3, 10, 2),  # 5.0
        (many, 30, 8, 2),  # 4.0
        (unrated, 0, 0, 0),
    ):
        material = entry.material
        material.downloads_count = downloads
        material.rating_sum, material.rating_count = rating_sum, rating_count
        material.save()

    def order(sort):
        page = client.get(CATALOGUE, {"sort": sort}).context["page_obj"]
        return [entry.pk for entry in page.object_list]

    # Then each order is as asked; the newest first by default
    assert order("downloads") == [many.pk, few.pk, unrated.pk]
    assert order("rating") == [few.pk, many.pk, unrated.pk]
    assert order("new") == [unrated.pk, many.pk, few.pk]


def test_pagination_keeps_the_filters(client):
    # Given 25 НОО entries and one ООО entry
    for _ in range(25):
        cabinet_entry(level=Level.NOO)
    cabinet_entry(level=Level.OOO)

    # When the first filtered page is opened
    response = client.get(CATALOGUE, {"level": Level.NOO})

    # Then it counts 25, shows 20 and its next link keeps the filter
    assert response.context["page_obj"].paginator.count == 25
    assert len(response.context["page_obj"].object_list) == 20
    assert "level=noo&amp;page=2" in response.content.decode()
    second = client.get(CATALOGUE, {"level": Level.NOO, "page": 2})
    assert len(second.context["page_obj"].object_list) == 5


@pytest.mark.parametrize(
    "query",
    [
        {"subject": "abc"},
        {"subject": "-1"},
        {"level": "xyz"},
        {"material_type": "<script>"},
        {"year": "99999999999999999999"},
        {"year": "2026.5"},
        {"organisation": "1 OR 1=1"},
        {"community": "\x00"},
        {"sort": "price"},
        {"page": "last"},
        {"page": "-5"},
        {"author": "x" * 5000},
        {"author": "%_'\""},
        {"recommended": "maybe"},
    ],
)
def test_bad_filter_values_never_break_the_page(client, query):
    # Given an entry
    cabinet_entry()

    # When the catalogue is asked with a nonsense value, then it answers 200
    assert client.get(CATALOGUE, query).status_code == 200


def _entries_with_tags(count, community=None):
    tags = [Tag.objects.get_or_create(name=f"тег {n}")[0] for n in range(3)]
    for _ in range(count):
        entry = cabinet_entry(community=community, authors=2, subject=SubjectFactory())
        entry.material.tags.set(tags)


@pytest.mark.parametrize("size", [5, 50])
def test_catalogue_query_budget(client, django_assert_max_num_queries, size):
    # Given entries with two authors and three tags each
    _entries_with_tags(size)

    # When an anonymous visitor opens the catalogue, then the queries do not grow with the data
    with django_assert_max_num_queries(12):
        response = client.get(CATALOGUE)
    assert response.status_code == 200


@pytest.mark.parametrize("size", [5, 50])
def test_community_cabinet_query_budget(client, django_assert_max_num_queries, size):
    # Given a community with a council of three and entries
    community = CommunityFactory()
    _entries_with_tags(size, community)
    for _ in range(3):
        CouncilMemberFactory(community=community)

    # When its cabinet page is opened, then the queries stay the same (one of them: the
    # council's published names, for this anonymous reader)
    with django_assert_max_num_queries(15):
        response = client.get(reverse("cabinet:community", args=[community.slug]))
    assert response.status_code == 200
    assert len(response.context["council"]) == 3


def test_the_community_page_lists_its_council_and_only_its_entries(client):
    # Given a community with a chair and an entry, and another community's entry
    community = CommunityFactory()
    chair = CouncilMemberFactory(community=community, role="chair")
    own = cabinet_entry(community=community)
    other = cabinet_entry()

    # When its cabinet page is opened by a member (outsiders see the names the holders
    # published, test_security.py)
    client.force_login(MembershipFactory(community=community).user)
    response = client.get(reverse("cabinet:community", args=[community.slug]))

    # Then the council is listed with roles and only the community's entries are shown
    body = response.content.decode()
    assert chair.user.get_full_name() in body
    assert "председатель совета" in body
    assert titles(response) == {own.material.title}
    assert other.material.title not in body


def test_an_unknown_community_is_404(client):
    assert client.get(reverse("cabinet:community", args=["no-such"])).status_code == 404
    assert client.get(reverse("cabinet:entry", args=[999999])).status_code == 404
