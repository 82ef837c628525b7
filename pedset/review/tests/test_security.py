"""Security review of the expertise pages: an author who also runs the expertise of the
community learns nothing of the experts of their own material before the decision, and a draft
is never shown through the expertise pages to anyone but its authors."""

import pytest
from django.urls import reverse

from pedset.communities.models import Role
from pedset.communities.tests.factories import CommunityFactory, MembershipFactory
from pedset.materials.models import MaterialStatus
from pedset.materials.tests.factories import material_with_author
from pedset.review.models import AssignmentStatus
from pedset.review.tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def community():
    return CommunityFactory()


@pytest.fixture
def author_coordinator(community):
    return MembershipFactory(community=community, role=Role.COORDINATOR).user


@pytest.fixture
def own_reviewed(community, author_coordinator):
    """A material of the coordinator with a separate expert's submitted review, undecided."""
    material = factories.submitted_material(community=community, author=author_coordinator)
    expert = factories.expert_in(community, user__last_name="Экспертова")
    done = factories.assignment(
        factories.open_round(material), expert, status=AssignmentStatus.ACCEPTED
    )
    factories.submitted_review(done)
    return material, done


def test_an_author_coordinator_cannot_open_the_assignment_of_their_own_material(
    client, own_reviewed, author_coordinator
):
    # Given a coordinator whose own material has an expert's review, no decision yet
    material, done = own_reviewed
    client.force_login(author_coordinator)

    # When they open the expert's assignment page by its id
    response = client.get(reverse("review:assignment", args=[done.pk]))

    # Then it is refused: the page would name the expert and show the review
    assert response.status_code == 403
    assert "Экспертова" not in response.content.decode()


def test_another_coordinator_still_reads_the_assignment(client, community, own_reviewed):
    # Given a second coordinator of the community, not an author
    _material, done = own_reviewed
    client.force_login(MembershipFactory(community=community, role=Role.COORDINATOR).user)

    # When they open the assignment, then they see it with the expert's name
    response = client.get(reverse("review:assignment", args=[done.pk]))
    assert response.status_code == 200
    assert "Экспертова" in response.content.decode()


def test_the_desk_hides_the_experts_of_the_viewers_own_material(
    client, community, own_reviewed, author_coordinator
):
    # Given the coordinator's own material in review (one expert working, one reviewed)
    material, _done = own_reviewed
    working = factories.expert_in(community, user__last_name="Работающая")
    factories.assignment(factories.open_round(material), working)
    # and another member's material with an expert
    other = factories.submitted_material(community=community)
    factories.assignment(
        factories.open_round(other), factories.expert_in(community, user__last_name="Чужова")
    )
    client.force_login(author_coordinator)

    # When the coordinator opens the desk
    page = client.get(reverse("review:desk", args=[community.slug])).content.decode()

    # Then the other material's expert is named, the experts of their own are not
    assert "Чужова" in page
    assert "Работающая" not in page and "Экспертова" not in page
    assert material.title in page


def test_a_draft_is_not_shown_on_the_expertise_page(client, community, author_coordinator):
    # Given a member's draft (never submitted)
    author = MembershipFactory(community=community).user
    draft = material_with_author(
        community=community, author=author, status=MaterialStatus.DRAFT, title="Тайный черновик"
    )

    # When a coordinator of the community opens its expertise page by id
    client.force_login(author_coordinator)
    response = client.get(reverse("review:material", args=[draft.pk]))

    # Then it is refused and the title does not appear; its author still opens it
    assert response.status_code == 403
    assert "Тайный черновик" not in response.content.decode()
    client.force_login(author)
    assert client.get(reverse("review:material", args=[draft.pk])).status_code == 200
