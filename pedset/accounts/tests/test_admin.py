import pytest

from pedset.accounts.models import PlatformRole, User
from pedset.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    return client


def test_admin_pages_of_people_open(superuser_client):
    person = UserFactory()
    PlatformRole.objects.create(user=person, role=PlatformRole.Role.EDUCATION_AUTHORITY)
    for path in (
        "/django-admin/accounts/user/",
        "/django-admin/accounts/user/?q=teacher",
        "/django-admin/accounts/user/add/",
        f"/django-admin/accounts/user/{person.pk}/change/",
        "/django-admin/accounts/subject/",
        "/django-admin/accounts/usersession/",
    ):
        assert superuser_client.get(path).status_code == 200, path


def test_admin_creates_a_person_by_email(superuser_client):
    response = superuser_client.post(
        "/django-admin/accounts/user/add/",
        {
            "email": "Novaya@Example.test",
            "last_name": "Новая",
            "first_name": "Ольга",
            "usable_password": "true",
            "password1": "Длинный-пароль-2026",
            "password2": "Длинный-пароль-2026",
        },
    )
    assert response.status_code == 302
    assert User.objects.filter(email="novaya@example.test").exists()
