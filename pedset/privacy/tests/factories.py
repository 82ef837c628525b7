import factory

from pedset.organisations.tests.factories import OrganisationFactory
from pedset.privacy.models import ConsentKind, ConsentText


class ConsentTextFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConsentText

    operator = factory.SubFactory(OrganisationFactory)
    kind = ConsentKind.PROCESSING
    version = 1
    title = "Согласие на обработку персональных данных"
    text = "Я даю согласие оператору на обработку моих персональных данных (152-ФЗ)."
