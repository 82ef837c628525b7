"""Views and downloads per day (F1): a person's repeated views within a day count once, each
day has its own row, downloads count, only numbers are stored, and the upsert survives two
requests counting at once."""

import datetime
import threading

import pytest
import time_machine
from django.db import connection
from django.urls import reverse

from pedset.materials import services
from pedset.materials.models import Material, MaterialDailyStat
from pedset.materials.tests.factories import add_file, material_with_author

pytestmark = pytest.mark.django_db

NOON = datetime.datetime(2026, 3, 10, 9, 0, tzinfo=datetime.UTC)  # 12:00 in Moscow


@pytest.fixture
def material(community, author):
    return material_with_author(community=community, author=author, status="submitted")


def stats(material):
    return list(
        MaterialDailyStat.objects.filter(material=material)
        .order_by("day")
        .values_list("day", "views", "downloads")
    )


def test_repeated_views_of_a_person_within_a_day_count_once(client, material, colleague):
    with time_machine.travel(NOON, tick=False):
        client.force_login(colleague)
        for _ in range(3):
            assert client.get(reverse("materials:detail", args=[material.pk])).status_code == 200
        assert stats(material) == [(datetime.date(2026, 3, 10), 1, 0)]
        # a second person's view counts
        from pedset.communities.tests.factories import MembershipFactory

        other = MembershipFactory(community=material.community).user
        client.force_login(other)
        client.get(reverse("materials:detail", args=[material.pk]))
    assert stats(material) == [(datetime.date(2026, 3, 10), 2, 0)]
    material.refresh_from_db()
    assert material.views_count == 2


def test_two_days_make_two_rows(client, material, colleague):
    client.force_login(colleague)
    with time_machine.travel(NOON, tick=False) as traveller:
        client.get(reverse("materials:detail", args=[material.pk]))
        traveller.shift(datetime.timedelta(days=1))
        client.get(reverse("materials:detail", args=[material.pk]))
        client.get(reverse("materials:detail", args=[material.pk]))
    assert stats(material) == [
        (datetime.date(2026, 3, 10), 1, 0),
        (datetime.date(2026, 3, 11), 1, 0),
    ]
    material.refresh_from_db()
    assert material.views_count == 2


def test_the_day_is_the_communitys(material, colleague):
    # given a community in Yakutsk (UTC+9): 20:00 UTC on 10 March is 11 March there
    material.community.time_zone = "Asia/Yakutsk"
    material.community.save()
    with time_machine.travel(datetime.datetime(2026, 3, 10, 20, 0, tzinfo=datetime.UTC)):
        services.material_view_count(material=material, viewer="u1")
    assert stats(material) == [(datetime.date(2026, 3, 11), 1, 0)]


def test_downloads_are_counted_once_a_day_per_person(client, material, colleague):
    pdf = add_file(material)
    second = add_file(material, name="второй.pdf")
    client.force_login(colleague)
    with time_machine.travel(NOON, tick=False):
        for _ in range(2):
            b"".join(client.get(reverse("materials:file", args=[pdf.pk])).streaming_content)
        client.get(reverse("materials:file", args=[second.pk]))
    assert stats(material) == [(datetime.date(2026, 3, 10), 0, 2)]
    material.refresh_from_db()
    assert material.downloads_count == 2


def test_anonymous_visitors_of_the_cabinet_are_counted(client, community, author):
    material = material_with_author(community=community, author=author, status="included")
    with time_machine.travel(NOON, tick=False):
        client.get(reverse("materials:detail", args=[material.pk]))
        client.get(reverse("materials:detail", args=[material.pk]))
        client.get(reverse("materials:detail", args=[material.pk]), REMOTE_ADDR="10.1.1.1")
    assert stats(material) == [(datetime.date(2026, 3, 10), 2, 0)]


def test_only_numbers_are_stored():
    columns = {field.name for field in MaterialDailyStat._meta.get_fields()}
    assert columns == {"id", "material", "day", "views", "downloads"}


def test_the_upsert_adds_to_a_row_inserted_meanwhile(material, monkeypatch):
    """The path taken when another request inserted today's row between our update and our
    insert: the insert fails on the unique constraint and the update is made again."""
    from django.db.models import QuerySet

    # given the other request's row, inserted after our update found nothing
    day = datetime.date(2026, 3, 10)
    MaterialDailyStat.objects.create(material=material, day=day, views=5)
    real_update = QuerySet.update
    calls = []

    def update_that_ran_too_early(self, **kwargs):
        calls.append(kwargs)
        if len(calls) == 1:
            return 0
        return real_update(self, **kwargs)

    monkeypatch.setattr(QuerySet, "update", update_that_ran_too_early)
    # when we count, then our insert fails on the constraint and the update is made again
    services._bump_daily(material.pk, day, "views")
    assert len(calls) == 2
    assert stats(material) == [(day, 6, 0)]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_views_all_count_on_postgresql(community, author):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL)")
    material = material_with_author(community=community, author=author, status="submitted")
    barrier = threading.Barrier(8)
    errors = []

    def view(n):
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            services.material_view_count(material=material, viewer=f"u{n}")
        except Exception as error:  # noqa: BLE001
            errors.append(error)
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=view, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert MaterialDailyStat.objects.get(material=material).views == 8
    assert Material.objects.get(pk=material.pk).views_count == 8
