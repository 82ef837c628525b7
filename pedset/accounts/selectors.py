"""Reads about people, each with the joins its page needs."""

from __future__ import annotations

from django.contrib.auth.tokens import default_token_generator
from django.db.models import Prefetch
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode

from pedset.accounts.models import PlatformRole, User

MAX_PK = 2**63 - 1  # beyond it the databases raise instead of finding nothing


def _public_consents():
    from pedset.privacy.models import Consent, ConsentKind

    return Prefetch(
        "consents",
        queryset=Consent.objects.filter(kind=ConsentKind.PUBLICATION, revoked_at__isnull=True),
        to_attr="public_consents",  # read by accounts.policies.published_fields
    )


def profile_person(pk: int) -> User | None:
    """A person for the profile page: organisation, subjects and public consents in 3 queries."""
    if not 0 < pk <= MAX_PK:
        return None
    return (
        User.objects.select_related("organisation")
        .prefetch_related("subjects", _public_consents())
        .filter(pk=pk)
        .first()
    )


def person_for_avatar(pk: int) -> User | None:
    if not 0 < pk <= MAX_PK:
        return None
    return User.objects.prefetch_related(_public_consents()).filter(pk=pk).first()


def person_communities(person: User):
    """The person's active memberships with their communities (names are public)."""
    from pedset.communities.models import Membership, MembershipStatus

    return (
        Membership.objects.filter(user=person, status=MembershipStatus.ACTIVE)
        .select_related("community")
        .order_by("community__closed_at", "community__name")
    )


def published_field_names(user: User) -> set[str]:
    from pedset.privacy.models import ConsentKind

    return set(
        user.consents.filter(kind=ConsentKind.PUBLICATION, revoked_at__isnull=True).values_list(
            "field", flat=True
        )
    )


def publication_consent_text():
    """The platform operator's current text of consent to distribution, if published."""
    from pedset.privacy.models import ConsentKind
    from pedset.privacy.services import current_consent_text, platform_operator

    operator = platform_operator()
    return current_consent_text(operator, ConsentKind.PUBLICATION) if operator else None


def user_by_email(email: str) -> User | None:
    email = (email or "").strip()
    if not email:
        return None
    return User.objects.filter(email__iexact=email).first()


def user_for_reset_token(uidb64: str, token: str) -> User | None:
    """The active person a password reset link was made for, if the link is still valid."""
    try:
        pk = int(force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError):
        return None
    if not 0 < pk <= MAX_PK:
        return None
    user = User.objects.filter(pk=pk, is_active=True, anonymised_at__isnull=True).first()
    if user is None or not default_token_generator.check_token(user, token):
        return None
    return user


def platform_role_holders():
    """Everybody holding a platform role, for the roles page (one query)."""
    return (
        PlatformRole.objects.select_related("user")
        .filter(user__is_active=True)
        .order_by("role", "user__last_name", "user__first_name", "user__id")
    )
