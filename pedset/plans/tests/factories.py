"""Factories of the work plan. Other apps' tests may use PlanItemFactory (an item of this year's
plan of a new community) and plan_of(community, year)."""

import datetime

import factory
from django.utils import timezone

from pedset.communities.tests.factories import CommunityFactory
from pedset.events.models import EventForm
from pedset.plans.models import PlanItem, PlanItemStatus, WorkPlan


def this_year() -> int:
    return timezone.localdate().year


class WorkPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkPlan
        django_get_or_create = ("community", "year")

    community = factory.SubFactory(CommunityFactory)
    year = factory.LazyFunction(this_year)


def plan_of(community, year=None) -> WorkPlan:
    return WorkPlanFactory(community=community, year=year or this_year())


class PlanItemFactory(factory.django.DjangoModelFactory):
    """A planned seminar in March of the plan's year."""

    class Meta:
        model = PlanItem
        skip_postgeneration_save = True

    plan = factory.SubFactory(WorkPlanFactory)
    position = factory.Sequence(lambda n: n)
    form = EventForm.SEMINAR
    topic = factory.Sequence(lambda n: f"Семинар «Формирующее оценивание на уроках», № {n}")
    starts_on = factory.LazyAttribute(lambda o: datetime.date(o.plan.year, 3, 10))
    ends_on = factory.LazyAttribute(lambda o: o.starts_on)
    audience = "учителя математики 5–9 классов"
    expected_result = "Методические рекомендации для учителей района"
    status = PlanItemStatus.PLANNED

    @factory.post_generation
    def responsible(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.responsible.set(extracted)
