"""Query budgets: the bank (20 a page), «Мои материалы» and the material page cost the same
number of queries for small and large data — 2 vs 40 materials in the bank, 2 vs 40 comments
and 1 vs 10 files on the page, 1 vs 10 co-authors on a draft's page. Each budget is today's count plus 2; an N+1 blows it at the
larger size."""

import pytest
from django.urls import reverse

from pedset.communities.models import Role
from pedset.communities.tests.factories import MembershipFactory
from pedset.materials.tests.factories import (
    add_author,
    add_comment,
    add_file,
    add_link,
    material_with_author,
)

pytestmark = pytest.mark.django_db


def fill_bank(community, size):
    authors = [MembershipFactory(community=community).user for _ in range(5)]
    for i in range(size):
        material = material_with_author(
            community=community, author=authors[i % 5], status="submitted", title=f"Материал {i}"
        )
        add_author(material, authors[(i + 1) % 5])
        material.tags.create(name=f"тег {i}")
        material.tags.create(name=f"ещё тег {i}")
    return authors


@pytest.mark.parametrize("size", [2, 40])
def test_bank_budget(client, community, colleague, size, django_assert_max_num_queries):
    fill_bank(community, size)
    client.force_login(colleague)
    with django_assert_max_num_queries(15):
        response = client.get(reverse("materials:bank", args=[community.slug]), {"sort": "rating"})
    assert response.status_code == 200
    assert response.content.decode().count('<th scope="row">') == min(size, 20)


@pytest.mark.parametrize("size", [2, 40])
def test_my_materials_budget(client, community, size, django_assert_max_num_queries):
    authors = fill_bank(community, size)
    client.force_login(authors[0])
    # 10 today: one more than before for the count of materials awaiting my confirmation.
    with django_assert_max_num_queries(12):
        response = client.get(reverse("materials:mine"))
    assert response.status_code == 200


@pytest.mark.parametrize(("comments", "files"), [(2, 1), (40, 10)])
def test_material_page_budget(
    client, community, author, comments, files, django_assert_max_num_queries
):
    material = material_with_author(community=community, author=author, status="submitted")
    people = [MembershipFactory(community=community).user for _ in range(4)]
    add_author(material, people[0])
    for i in range(files):
        add_file(material, name=f"файл {i}.pdf")
        add_link(material, url=f"https://rutube.ru/video/{i}/")
    for i in range(comments):
        add_comment(material, people[i % 4], f"Комментарий {i}")
    reader = MembershipFactory(community=community).user
    moderator = MembershipFactory(community=community, role=Role.MODERATOR).user
    for person in (reader, moderator):
        client.force_login(person)
        with django_assert_max_num_queries(23):
            response = client.get(reverse("materials:detail", args=[material.pk]))
        assert response.status_code == 200
        assert response.content.decode().count('id="comment-') >= comments


@pytest.mark.parametrize("coauthors", [1, 10])
def test_draft_page_budget_with_coauthor_states(
    client, community, author, coauthors, django_assert_max_num_queries
):
    # given a draft naming unconfirmed co-authors (the page shows each one's state)
    material = material_with_author(community=community, author=author)
    people = [MembershipFactory(community=community).user for _ in range(coauthors)]
    for person in people:
        add_author(material, person)
    add_file(material)
    # then the first author and a co-author (who sees «Вас указали соавтором») cost the same
    for person in (author, people[-1]):
        client.force_login(person)
        with django_assert_max_num_queries(16):
            response = client.get(reverse("materials:detail", args=[material.pk]))
        assert response.status_code == 200
        assert response.content.decode().count("ожидает подтверждения") >= coauthors - 1
