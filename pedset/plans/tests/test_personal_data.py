"""The person's data archive lists the plan items they answer for; nothing else of the plan."""

import pytest

from pedset.plans.personal_data import export
from pedset.plans.tests.factories import PlanItemFactory, plan_of

pytestmark = pytest.mark.django_db


def test_export_lists_the_items_the_person_answers_for(community, member, colleague):
    mine = PlanItemFactory(plan=plan_of(community, 2026), responsible=[member, colleague])
    PlanItemFactory(plan=plan_of(community, 2026), responsible=[colleague])
    data = export(member)["work_plan_items"]
    assert [row["id"] for row in data] == [mine.pk]
    assert data[0]["topic"] == mine.topic
    assert data[0]["year"] == 2026
    assert data[0]["community"] == community.name
    assert colleague.last_name not in str(data)
