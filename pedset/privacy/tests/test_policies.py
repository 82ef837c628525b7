"""Every privacy policy answered for every actor of the permission table."""

import pytest

from pedset.communities.tests.factories import CommunityFactory
from pedset.core.testing import ACTORS
from pedset.privacy import policies
from pedset.privacy.models import Consent

pytestmark = pytest.mark.django_db

PRESENT = {a for a in ACTORS if a not in {"anonymous", "revoked"}}

# policy -> the actors for whom it answers True
EXPECTED = {
    "can_manage_own_consents": PRESENT,
    "can_withdraw_from_platform": PRESENT,
    "can_export_own_data": PRESENT,
    "can_revoke_own_consent": PRESENT,
    "can_revoke_foreign_consent": set(),
    "can_view_consent_text": set(ACTORS),
    "can_manage_consent_texts": {"platform_admin"},
    "can_view_destruction_acts": {"platform_admin"},
}


def ask(policy: str, user, own_consent, foreign_consent) -> bool:
    if policy == "can_revoke_own_consent":
        return policies.can_revoke_consent(user, own_consent)
    if policy == "can_revoke_foreign_consent":
        return policies.can_revoke_consent(user, foreign_consent)
    if policy == "can_view_consent_text":
        return policies.can_view_consent_text(user, foreign_consent.consent_text)
    return getattr(policies, policy)(user)


@pytest.mark.parametrize("actor", ACTORS)
def test_privacy_policies_for_every_actor(actor, make_person, platform_org, give):
    community = CommunityFactory(operator=platform_org)
    user = make_person(actor, community)
    stranger = make_person("member", community)
    foreign = give(stranger, platform_org)
    own = (
        Consent(user_id=user.pk, revoked_at=None)
        if user.is_authenticated
        else Consent(user_id=None, revoked_at=None)
    )

    answers = {policy: ask(policy, user, own, foreign) for policy in EXPECTED}

    assert answers == {policy: actor in allowed for policy, allowed in EXPECTED.items()}


def test_a_revoked_consent_cannot_be_revoked_again(person):
    from django.utils import timezone

    consent = person.consents.get()
    assert policies.can_revoke_consent(person, consent)
    consent.revoked_at = timezone.now()
    assert not policies.can_revoke_consent(person, consent)
