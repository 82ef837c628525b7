import factory

from pedset.organisations.models import Organisation


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    full_name = factory.Sequence(
        lambda n: f"Муниципальное бюджетное общеобразовательное учреждение «Средняя школа № {n}»"
    )
    short_name = factory.Sequence(lambda n: f"МБОУ СОШ № {n}")
    kind = Organisation.Kind.SCHOOL
    district = "Тестовый район"
    address = factory.Sequence(lambda n: f"с. Тестовое, ул. Школьная, д. {n}")
