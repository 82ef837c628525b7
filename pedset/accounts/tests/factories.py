import factory
from django.utils import timezone
from faker import Faker

from pedset.accounts.models import Subject, User

fake = Faker("ru_RU")

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
    last_name = factory.LazyFunction(fake.last_name_male)
    first_name = factory.LazyFunction(fake.first_name_male)
    patronymic = factory.LazyFunction(fake.middle_name_male)
    position = "учитель"
    email_confirmed_at = factory.LazyFunction(timezone.now)
    password = factory.PostGenerationMethodCall("set_password", DEFAULT_PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()
