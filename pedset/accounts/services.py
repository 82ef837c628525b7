"""Every write about accounts: registration, confirmation, sessions, passwords, profile, roles.

Each service runs in one transaction; e-mails leave after commit. The privacy app calls
user_sessions_end() and user_deactivate() when consent is revoked: keep their signatures.
"""

from __future__ import annotations

from importlib import import_module

from django.conf import settings
from django.contrib.auth import authenticate, update_session_auth_hash
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _

from pedset.accounts import throttle
from pedset.accounts.models import PlatformRole, User, UserSession, Visibility
from pedset.accounts.policies import CONTACT_FIELDS
from pedset.core.audit import audit_record
from pedset.core.models import AuditEvent
from pedset.core.notify import notify, send_email_after_commit
from pedset.core.policies import forget_cached_roles
from pedset.privacy.models import ConsentKind, ConsentSource
from pedset.privacy.services import (
    ConsentUnavailable,
    consent_give,
    current_consent_text,
    platform_operator,
    publication_consent_revoke,
)
from pedset.search.index import schedule_update

Action = AuditEvent.Action
CONFIRMATION_SALT = "pedset.accounts.email-confirmation"


# --- Errors the views turn into Russian messages ----------------------------------------------


class EmailTaken(Exception):
    """Somebody is already registered with this e-mail (compared case-insensitively)."""


class RegistrationUnavailable(Exception):
    """No platform operator or no consent text: nobody can agree to processing, so no account."""


class LoginFailed(Exception):
    """Wrong e-mail or password (deliberately not saying which)."""


class EmailNotConfirmed(Exception):
    def __init__(self, user):
        super().__init__(user.pk)
        self.user = user


class Throttled(Exception):
    def __init__(self, minutes: int):
        super().__init__(minutes)
        self.minutes = minutes


class ConfirmationLinkExpired(Exception):
    pass


class ConfirmationLinkInvalid(Exception):
    pass


class LastPlatformAdmin(Exception):
    """The platform must keep at least one active administrator."""


def _request_language() -> str:
    language = translation.get_language()
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def _send_mail(*, user: User, subject, template: str, context: dict) -> None:
    """An e-mail in the person's own language, sent after the transaction commits."""
    with translation.override(user.language or settings.LANGUAGE_CODE):
        body = render_to_string(
            template,
            {"person": user, "SITE_NAME": settings.SITE_NAME, "SITE_URL": settings.SITE_URL}
            | context,
        )
        subject = f"{settings.SITE_NAME}: {subject}"
    send_email_after_commit(to=user.email, subject=subject, body=body)


# --- Registration and e-mail confirmation -----------------------------------------------------


def registration_consent_text():
    """The consent text a new person agrees to, or None when registration cannot take place."""
    operator = platform_operator()
    if operator is None:
        return None
    return current_consent_text(operator, ConsentKind.PROCESSING)


@transaction.atomic
def user_register(
    *,
    email: str,
    last_name: str,
    first_name: str,
    patronymic: str = "",
    organisation=None,
    password: str,
    request=None,
) -> User:
    """Create the account with its consent to processing and send the confirmation link.

    Login stays closed until the e-mail is confirmed (email_confirmed_at); is_active stays True
    because is_active=False means "deactivated" (consent revoked, blocked) everywhere else.
    """
    text = registration_consent_text()
    if text is None:
        raise RegistrationUnavailable
    email = normalise_email(email)
    if User.objects.filter(email__iexact=email).exists():
        raise EmailTaken
    try:
        with transaction.atomic():
            user = User.objects.create_user(
                email=email,
                password=password,
                last_name=last_name,
                first_name=first_name,
                patronymic=patronymic,
                organisation=organisation,
                language=_request_language(),
            )
    except IntegrityError:  # the same e-mail registered by a parallel request
        raise EmailTaken from None
    try:
        consent_give(
            user=user, operator=text.operator, source=ConsentSource.REGISTRATION, request=request
        )
    except ConsentUnavailable:
        raise RegistrationUnavailable from None
    audit_record(
        Action.REGISTERED,
        actor=user,
        target=user,
        subject_user=user,
        data={"consent_version": text.version, "operator": text.operator_id},
        request=request,
    )
    email_confirmation_send(user)
    schedule_update("member", user.pk)
    return user


def _email_fingerprint(email: str) -> str:
    return salted_hmac(CONFIRMATION_SALT, email, algorithm="sha256").hexdigest()[:20]


def email_confirmation_token(user: User) -> str:
    # The e-mail enters only as a keyed hash: a link for an old address stops working.
    return signing.dumps(
        {"u": user.pk, "e": _email_fingerprint(user.email)},
        salt=CONFIRMATION_SALT,
    )


def email_confirmation_send(user: User) -> None:
    link = settings.SITE_URL + reverse(
        "accounts:confirm_email", args=[email_confirmation_token(user)]
    )
    _send_mail(
        user=user,
        subject=_("confirm your e-mail address"),
        template="accounts/email/confirm_email.txt",
        context={"link": link, "days": settings.EMAIL_CONFIRMATION_MAX_AGE // 86400},
    )


@transaction.atomic
def email_confirm(*, token: str, request=None) -> tuple[User, bool]:
    """Confirm the address the link was sent to. Returns (person, confirmed just now)."""
    try:
        payload = signing.loads(
            token, salt=CONFIRMATION_SALT, max_age=settings.EMAIL_CONFIRMATION_MAX_AGE
        )
    except signing.SignatureExpired:
        raise ConfirmationLinkExpired from None
    except (signing.BadSignature, ValueError, TypeError):
        raise ConfirmationLinkInvalid from None
    if not isinstance(payload, dict):
        raise ConfirmationLinkInvalid
    user = User.objects.select_for_update().filter(pk=payload.get("u"), is_active=True).first()
    if user is None or _email_fingerprint(user.email) != payload.get("e"):
        raise ConfirmationLinkInvalid
    if user.email_confirmed_at is not None:
        return user, False
    user.email_confirmed_at = timezone.now()
    user.save(update_fields=["email_confirmed_at"])
    audit_record(
        Action.EMAIL_CONFIRMED, actor=user, target=user, subject_user=user, request=request
    )
    return user, True


def email_confirmation_resend(*, email: str, request=None) -> None:
    """Send a fresh link if an unconfirmed account has this e-mail; say nothing either way."""
    email = normalise_email(email)
    _throttle_request(throttle.RESEND_SCOPE, email, request)
    user = User.objects.filter(
        email__iexact=email, is_active=True, email_confirmed_at__isnull=True
    ).first()
    if user is not None:
        email_confirmation_send(user)


def _throttle_request(scope: str, email: str, request) -> None:
    """Count one e-mail-sending request per address and per e-mail, or refuse it."""
    per_email, per_ip = throttle.reset_limits(scope)
    pairs = [(per_email, email), (per_ip, throttle.ip_ident(request))]
    minutes = throttle.minutes_left(pairs)
    if minutes is not None:
        raise Throttled(minutes)
    for limit, ident in pairs:
        throttle.hit(limit, ident)


# --- Login, logout, sessions ------------------------------------------------------------------


def email_fingerprint(email: str) -> str:
    """A keyed hash of an e-mail address: repeated attacks on one address can be told apart in
    the audit log without the log holding the address (it outlives the person's consent)."""
    from django.utils.crypto import salted_hmac

    return salted_hmac("pedset.audit.email", email.lower()).hexdigest()[:32]


def _login_failed(email: str, reason: str, request) -> None:
    person = User.objects.filter(email__iexact=email).only("pk").first() if email else None
    # A known person is identified by subject_user; an unknown address only by its fingerprint.
    data = {"reason": reason}
    if person is None and email:
        data["email_fingerprint"] = email_fingerprint(email[:254])
    audit_record(Action.LOGIN_FAILED, subject_user=person, data=data, request=request)


def login_attempt(*, email: str, password: str, request) -> User:
    """The person whose e-mail and password these are, if they may log in now.

    Throttled per e-mail and per address: when limited, even the right password is refused.
    """
    email = normalise_email(email)
    per_email, per_ip = throttle.login_limits()
    ip = throttle.ip_ident(request)
    minutes = throttle.minutes_left([(per_email, email), (per_ip, ip)])
    if minutes is not None:
        _login_failed(email, "throttled", request)
        raise Throttled(minutes)
    user = authenticate(request, email=email, password=password)
    if user is None:
        throttle.hit(per_email, email)
        throttle.hit(per_ip, ip)
        _login_failed(email, "invalid_credentials", request)
        raise LoginFailed
    if user.email_confirmed_at is None:
        _login_failed(email, "email_not_confirmed", request)
        raise EmailNotConfirmed(user)
    throttle.reset(per_email, email)
    return user


def _session_store(key: str | None = None):
    return import_module(settings.SESSION_ENGINE).SessionStore(session_key=key)


def _session_record(user: User, request) -> None:
    if request.session.session_key is None:
        request.session.save()
    UserSession.objects.get_or_create(
        session_key=request.session.session_key, defaults={"user": user}
    )


@transaction.atomic
def session_open(*, user: User, request) -> None:
    """Log the person in and remember the session, so that it can be ended from elsewhere."""
    auth_login(request, user, backend="pedset.accounts.backends.EmailBackend")
    # Forget sessions that expired on their own.
    for row in UserSession.objects.filter(user=user):
        if not _session_store().exists(row.session_key):
            row.delete()
    _session_record(user, request)
    audit_record(Action.LOGIN, actor=user, target=user, subject_user=user, request=request)


@transaction.atomic
def session_close(*, request) -> None:
    user = request.user
    if user.is_authenticated:
        UserSession.objects.filter(session_key=request.session.session_key).delete()
        audit_record(Action.LOGOUT, actor=user, target=user, subject_user=user, request=request)
    auth_logout(request)


def user_sessions_end(user, except_key: str | None = None) -> int:
    """End every recorded session of the person except ``except_key``. Returns how many."""
    rows = UserSession.objects.filter(user=user)
    if except_key:
        rows = rows.exclude(session_key=except_key)
    keys = list(rows.values_list("session_key", flat=True))
    for key in keys:
        _session_store(key).delete()
    UserSession.objects.filter(session_key__in=keys).delete()
    return len(keys)


@transaction.atomic
def user_deactivate(*, actor, user, reason: str, request=None) -> None:
    """Close the account: no login, every session ended. Content and history stay."""
    was_active = user.is_active
    if was_active:
        user.is_active = False
        user.save(update_fields=["is_active"])
        schedule_update("member", user.pk)  # inactive: the index drops the person
    ended = user_sessions_end(user)
    forget_cached_roles(user)
    if was_active:
        audit_record(
            Action.ACCOUNT_DEACTIVATED,
            actor=actor,
            target=user,
            subject_user=user,
            reason=reason,
            data={"sessions_ended": ended},
            request=request,
        )


# --- Passwords --------------------------------------------------------------------------------


def password_change_minutes_left(user) -> int | None:
    """Guessing the old password from a stolen session is throttled like the login form."""
    return throttle.minutes_left([(throttle.password_change_limit(), str(user.pk))])


def password_change_failed(user) -> None:
    throttle.hit(throttle.password_change_limit(), str(user.pk))


def _password_notice(user: User) -> None:
    _send_mail(
        user=user,
        subject=_("your password has been changed"),
        template="accounts/email/password_changed.txt",
        context={"reset_link": settings.SITE_URL + reverse("accounts:password_reset")},
    )


@transaction.atomic
def password_change(*, actor: User, new_password: str, request) -> int:
    """Set a new password; every other session of the person ends, this one goes on."""
    old_key = request.session.session_key
    actor.set_password(new_password)
    actor.save(update_fields=["password"])
    ended = user_sessions_end(actor, except_key=old_key)
    update_session_auth_hash(request, actor)  # cycles this session's key
    UserSession.objects.filter(session_key=old_key).delete()
    _session_record(actor, request)
    throttle.reset(throttle.password_change_limit(), str(actor.pk))
    audit_record(
        Action.PASSWORD_CHANGED,
        actor=actor,
        target=actor,
        subject_user=actor,
        data={"sessions_ended": ended},
        request=request,
    )
    _password_notice(actor)
    return ended


def password_reset_request(*, email: str, request=None) -> None:
    """Mail a reset link if an active account has this e-mail. The answer never tells which."""
    email = normalise_email(email)
    _throttle_request(throttle.RESET_SCOPE, email, request)
    user = User.objects.filter(
        email__iexact=email, is_active=True, anonymised_at__isnull=True
    ).first()
    if user is None or not user.has_usable_password():
        return
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    link = settings.SITE_URL + reverse("accounts:password_reset_confirm", args=[uid, token])
    _send_mail(
        user=user,
        subject=_("password reset"),
        template="accounts/email/password_reset.txt",
        context={"link": link, "hours": settings.PASSWORD_RESET_TIMEOUT // 3600},
    )


@transaction.atomic
def password_reset_complete(*, user: User, new_password: str, request=None) -> int:
    """Set the password from a reset link; all sessions end. The link proves the mailbox, so
    an unconfirmed e-mail becomes confirmed."""
    user.set_password(new_password)
    fields = ["password"]
    if user.email_confirmed_at is None:
        user.email_confirmed_at = timezone.now()
        fields.append("email_confirmed_at")
        audit_record(
            Action.EMAIL_CONFIRMED,
            actor=user,
            target=user,
            subject_user=user,
            data={"via": "password_reset"},
            request=request,
        )
    user.save(update_fields=fields)
    ended = user_sessions_end(user)
    per_email, _per_ip = throttle.login_limits()
    throttle.reset(per_email, user.email)
    audit_record(
        Action.PASSWORD_RESET,
        actor=user,
        target=user,
        subject_user=user,
        data={"sessions_ended": ended},
        request=request,
    )
    _password_notice(user)
    return ended


# --- Profile ----------------------------------------------------------------------------------


def _profile_changed(actor, user, section: str, fields: list[str], request) -> None:
    if fields:
        audit_record(
            Action.PROFILE_CHANGED,
            actor=actor,
            target=user,
            subject_user=user,
            data={"section": section, "fields": sorted(fields)},
            request=request,
        )


def _assign(user: User, values: dict) -> list[str]:
    changed = []
    for name, value in values.items():
        if getattr(user, name) != value:
            setattr(user, name, value)
            changed.append(name)
    return changed


@transaction.atomic
def profile_update(
    *,
    actor,
    user: User,
    values: dict,
    subjects=None,
    avatar=None,
    avatar_clear: bool = False,
    request=None,
) -> list[str]:
    """Name, work and about; ``avatar`` is an already validated, re-encoded file."""
    changed = _assign(user, values)
    model_fields = list(changed)
    if subjects is not None:
        new_ids = {s.pk for s in subjects}
        if set(user.subjects.values_list("pk", flat=True)) != new_ids:
            user.subjects.set(new_ids)
            changed.append("subjects")
    old_avatar = user.avatar.name if user.avatar else ""
    if avatar is not None:
        user.avatar.save(avatar.name, avatar, save=False)
    elif avatar_clear and old_avatar:
        user.avatar = ""
    if (user.avatar.name or "") != old_avatar:
        changed.append("avatar")
        model_fields.append("avatar")
        if old_avatar:
            storage = user.avatar.storage
            transaction.on_commit(lambda: storage.delete(old_avatar))
    if model_fields:
        user.save(update_fields=model_fields)
    if changed:
        schedule_update("member", user.pk)
    _profile_changed(actor, user, "profile", changed, request)
    return changed


@transaction.atomic
def contacts_update(*, actor, user: User, values: dict, public: set[str], request=None):
    """Contact fields with their visibility, and which fields everyone may see.

    ``public`` lists the fields the person ticked consent to distribution for; a contact field
    is public only with visibility «все». New public fields get a consent to the operator's
    current text; fields no longer public get their consent revoked.
    """
    changed = _assign(user, values)
    public = set(public)
    for field in CONTACT_FIELDS:
        if getattr(user, f"{field}_visibility") != Visibility.EVERYONE:
            public.discard(field)
    published = set(
        user.consents.filter(kind=ConsentKind.PUBLICATION, revoked_at__isnull=True).values_list(
            "field", flat=True
        )
    )
    newly_public = sorted(public - published)
    if newly_public:
        operator = platform_operator()
        if operator is None:
            raise ConsentUnavailable(None)
        for field in newly_public:
            consent_give(
                user=user,
                operator=operator,
                source=ConsentSource.PROFILE,
                kind=ConsentKind.PUBLICATION,
                field=field,
                request=request,
            )
    for field in sorted(published - public):
        publication_consent_revoke(user=user, field=field, request=request)
    if changed:
        user.save(update_fields=changed)
    _profile_changed(actor, user, "contacts", changed, request)
    return changed


@transaction.atomic
def preferences_update(*, actor, user: User, values: dict, request=None) -> list[str]:
    """Time zone, language, version for the visually impaired."""
    changed = _assign(user, values)
    if changed:
        user.save(update_fields=changed)
    if request is not None and "accessible_mode" in values:
        request.session["accessible_mode"] = user.accessible_mode
    _profile_changed(actor, user, "preferences", changed, request)
    return changed


# --- Platform roles ---------------------------------------------------------------------------


def _role_notice(user: User, role: str, granted: bool) -> None:
    label = PlatformRole.Role(role).label
    with translation.override(user.language or settings.LANGUAGE_CODE):
        title = (
            _("You have been given the platform role: %(role)s")
            if granted
            else _("Your platform role has been withdrawn: %(role)s")
        ) % {"role": label}
        notify(user, kind="platform_role", title=str(title), url=reverse("core:home"))


@transaction.atomic
def platform_role_grant(*, actor, user: User, role: str, request=None) -> bool:
    """Give a platform role. False when the person already has it."""
    _row, created = PlatformRole.objects.get_or_create(user=user, role=role)
    forget_cached_roles(user)
    if created:
        audit_record(
            Action.PLATFORM_ROLE_CHANGED,
            actor=actor,
            target=user,
            subject_user=user,
            data={"role": role, "change": "granted"},
            request=request,
        )
        _role_notice(user, role, granted=True)
    return created


@transaction.atomic
def platform_role_revoke(*, actor, user: User, role: str, request=None) -> bool:
    """Withdraw a platform role. False when the person did not have it."""
    if role == PlatformRole.Role.ADMINISTRATOR:
        # Lock the administrators' rows: two parallel revocations cannot both pass the check.
        list(
            PlatformRole.objects.select_for_update()
            .filter(role=PlatformRole.Role.ADMINISTRATOR)
            .values_list("pk", flat=True)
        )
        others = User.objects.filter(is_active=True, anonymised_at__isnull=True).filter(
            Q(is_superuser=True)
            | (Q(platform_roles__role=PlatformRole.Role.ADMINISTRATOR) & ~Q(pk=user.pk))
        )
        holds = PlatformRole.objects.filter(user=user, role=role).exists()
        if holds and not others.exists():
            raise LastPlatformAdmin
    deleted, _detail = PlatformRole.objects.filter(user=user, role=role).delete()
    forget_cached_roles(user)
    if deleted:
        audit_record(
            Action.PLATFORM_ROLE_CHANGED,
            actor=actor,
            target=user,
            subject_user=user,
            data={"role": role, "change": "revoked"},
            request=request,
        )
        _role_notice(user, role, granted=False)
    return bool(deleted)
