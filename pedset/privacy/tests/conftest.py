import pytest

from pedset.organisations.tests.factories import OrganisationFactory
from pedset.privacy.models import ConsentKind, ConsentSource
from pedset.privacy.tests.factories import ConsentTextFactory


@pytest.fixture
def platform_org(db):
    """The platform operator with its processing (v1) and publication (v1) texts."""
    org = OrganisationFactory(operates_platform=True, short_name="МКУ «Методический центр»")
    ConsentTextFactory(operator=org, kind=ConsentKind.PROCESSING)
    ConsentTextFactory(
        operator=org,
        kind=ConsentKind.PUBLICATION,
        title="Согласие на распространение персональных данных",
        text="Я разрешаю сделать общедоступными выбранные мной сведения профиля.",
    )
    return org


@pytest.fixture
def community_org(db):
    """A school that runs communities, with its processing text (v1)."""
    org = OrganisationFactory()
    ConsentTextFactory(
        operator=org, text="Согласие оператору сообщества на обработку персональных данных."
    )
    return org


@pytest.fixture
def give(rf):
    """give(user, operator, kind=..., field=...) -> Consent, recorded as from a request."""
    from pedset.privacy.services import consent_give

    def _give(user, operator, kind=ConsentKind.PROCESSING, field="", ip="10.0.0.7"):
        request = rf.post("/", REMOTE_ADDR=ip)
        return consent_give(
            user=user,
            operator=operator,
            source=ConsentSource.REGISTRATION,
            kind=kind,
            field=field,
            request=request,
        )

    return _give


@pytest.fixture
def person(db, platform_org, give):
    """A teacher registered on the platform: consent to the platform operator given."""
    from pedset.accounts.tests.factories import UserFactory

    user = UserFactory()
    give(user, platform_org)
    return user


@pytest.fixture
def colleague_setup(person, community_org, give):
    """The person (coordinator) and a colleague (the administrator) in one community."""
    from pedset.accounts.tests.factories import UserFactory
    from pedset.communities.models import Role
    from pedset.communities.tests.factories import CommunityFactory, MembershipFactory

    community = CommunityFactory(operator=community_org)
    give(person, community_org)
    MembershipFactory(user=person, community=community, role=Role.COORDINATOR)
    colleague = UserFactory()
    MembershipFactory(user=colleague, community=community, role=Role.ADMINISTRATOR)
    return community, colleague
