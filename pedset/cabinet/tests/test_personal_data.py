"""Personal-data hooks of the cabinet: export of seats and authorship, erasure ends seats."""

import pytest

from pedset.cabinet import personal_data, policies
from pedset.cabinet.models import CouncilRole
from pedset.cabinet.tests.factories import CouncilMemberFactory, cabinet_entry

pytestmark = pytest.mark.django_db


def test_export_lists_seats_and_entries_of_the_person():
    # Given a person who sits on a council and authored an included material
    entry = cabinet_entry()
    author = entry.material.authors.get().user
    CouncilMemberFactory(community=entry.community, user=author, role=CouncilRole.SECRETARY)
    cabinet_entry()  # somebody else's

    # When their data is exported
    data = personal_data.export(author)

    # Then it has their seat and their entry only
    assert [s["role"] for s in data["council_seats"]] == ["secretary"]
    assert [e["material_id"] for e in data["cabinet_entries"]] == [entry.material_id]
    assert data["cabinet_entries"][0]["order_number"] == entry.order.number


def test_erase_ends_open_seats():
    # Given a chair
    seat = CouncilMemberFactory(role=CouncilRole.CHAIR)
    assert policies.is_council_chair(seat.user, seat.community)

    # When their data is erased
    categories = personal_data.erase(seat.user)

    # Then the seat is ended (history kept) and the category is named for the act
    seat.refresh_from_db()
    assert seat.until is not None
    assert categories
    policies.forget_cached_seats(seat.user)
    assert not policies.is_council_chair(seat.user, seat.community)
    assert personal_data.erase(seat.user) == []
