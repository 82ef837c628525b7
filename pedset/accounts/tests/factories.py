import random

import factory
from django.utils import timezone
from faker import Faker
from faker.providers.person.ru_RU import Provider as RuPerson

from pedset.accounts.models import Subject, User

fake = Faker("ru_RU")

# Surnames in a shuffled cycle rather than drawn at random: Faker has 250, and two people of one
# test sharing a surname by chance (18 % for ten people) made "the name is not shown" checks
# flaky. Any 250 people made one after another now have different surnames.
_SURNAMES = list(RuPerson.last_names_male)
random.Random(2026).shuffle(_SURNAMES)

DEFAULT_PASSWORD = "Педсеть-тест-2026"


class SubjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subject
        django_get_or_create = ("name",)

    name = factory.Iterator(["Русский язык", "Математика", "История", "Биология", "Физика"])


class UserFactory(factory.django.DjangoModelFactory):
    """A synthetic teacher (Faker ru_RU), confirmed e-mail, password DEFAULT_PASSWORD."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"teacher{n}@example.test")
    last_name = factory.Sequence(lambda n: _SURNAMES[n % len(_SURNAMES)])
    first_name = factory.LazyFunction(fake.first_name_male)
    patronymic = factory.LazyFunction(fake.middle_name_male)
    position = "учитель"
    email_confirmed_at = factory.LazyFunction(timezone.now)
    password = factory.PostGenerationMethodCall("set_password", DEFAULT_PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()
