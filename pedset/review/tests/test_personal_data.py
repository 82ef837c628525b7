"""The expertise's personal-data hooks: export of one's assignments, reviews and decisions;
erasure of the reasons for declining (reviews stay as the community's record)."""

import pytest

from pedset.privacy.registry import personal_data_hooks
from pedset.review import personal_data
from pedset.review.models import Assignment, AssignmentStatus, Review
from pedset.review.tests import factories

pytestmark = pytest.mark.django_db


def test_the_hook_is_registered():
    assert "review" in {hook.app_label for hook in personal_data_hooks()}


def test_export_and_erase():
    # Given an expert with a submitted review in one round and a declined invitation in another
    material = factories.submitted_material()
    done = factories.assignment(factories.open_round(material), status=AssignmentStatus.ACCEPTED)
    factories.submitted_review(done)
    other = factories.open_round(factories.submitted_material(community=material.community))
    declined = factories.assignment(
        other, done.expert, status=AssignmentStatus.DECLINED, decline_reason="Болею до пятницы."
    )
    # When exported
    data = personal_data.export(done.expert)
    rows = {row["id"]: row for row in data["expertise_assignments"]}
    assert rows[done.pk]["review"]["conclusion"].startswith("Материал актуален")
    assert rows[done.pk]["review"]["scores"][0]["score"] == 3
    assert rows[declined.pk]["decline_reason"] == "Болею до пятницы."
    # When erased: the reason is gone, the review stays
    assert personal_data.erase(done.expert)
    assert Assignment.objects.get(pk=declined.pk).decline_reason == ""
    assert Review.objects.filter(assignment=done).exists()
    assert personal_data.erase(done.expert) == []
