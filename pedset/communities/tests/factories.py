import datetime

import factory
from django.utils import timezone

from pedset.accounts.tests.factories import UserFactory
from pedset.communities.models import Community, Membership, MembershipStatus, Role
from pedset.organisations.tests.factories import OrganisationFactory


class CommunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Community

    slug = factory.Sequence(lambda n: f"community-{n}")
    name = factory.Sequence(lambda n: f"Сетевое сообщество педагогов № {n}")
    summary = "Сообщество учителей района"
    regulation_text = "1. Общие положения. Настоящее положение определяет цели и задачи сообщества."
    goals = "Повышение профессиональной компетентности педагогов."
    tasks = "Обмен опытом; методическая поддержка."
    rules_of_conduct = "Запрещены оскорбления, угрозы, клевета и разглашение персональных данных."
    operator = factory.SubFactory(OrganisationFactory)
    creation_order_number = factory.Sequence(lambda n: f"{n}-од")
    creation_order_date = datetime.date(2026, 9, 1)
    member_cap = 150


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    community = factory.SubFactory(CommunityFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.MEMBER
    status = MembershipStatus.ACTIVE
    rules_accepted_at = factory.LazyFunction(timezone.now)
    decided_at = factory.LazyAttribute(
        lambda o: timezone.now() if o.status == MembershipStatus.ACTIVE else None
    )
