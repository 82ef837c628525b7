"""Accounts pages. Thin: forms check input, services write, policies decide who may."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET

from pedset.accounts import forms, policies, selectors, services
from pedset.accounts.avatars import avatar_url
from pedset.core.views import safe_next
from pedset.privacy.services import ConsentUnavailable


def _set_language_cookie(response, language: str):
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


def _posted(request):
    """The POST data, bound even when empty: an empty submission must get its messages."""
    return request.POST if request.method == "POST" else None


def _throttled_message(kind: str, minutes: int) -> str:
    if kind == "login":
        text = _("Too many unsuccessful login attempts. Try again in %(minutes)s min.")
    else:
        text = _("Too many requests. Try again in %(minutes)s min.")
    return text % {"minutes": minutes}


# --- Registration and confirmation ------------------------------------------------------------


@never_cache
@sensitive_post_parameters("password1", "password2")
def register(request):
    if request.user.is_authenticated:
        return redirect("core:home")
    consent_text = services.registration_consent_text()
    if consent_text is None:
        return render(
            request,
            "accounts/register.html",
            {"unavailable": True},
            status=400 if request.method == "POST" else 200,
        )
    form = forms.RegistrationForm(_posted(request), consent_text=consent_text)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.user_register(
                email=data["email"],
                last_name=data["last_name"],
                first_name=data["first_name"],
                patronymic=data["patronymic"],
                organisation=data["organisation"],
                password=data["password1"],
                request=request,
            )
        except services.EmailTaken:
            form.add_error("email", forms.DUPLICATE_EMAIL)
        except services.RegistrationUnavailable:
            return render(request, "accounts/register.html", {"unavailable": True}, status=400)
        else:
            request.session["registered_email"] = user.email
            return redirect("accounts:register_done")
    return render(
        request,
        "accounts/register.html",
        {"form": form, "consent_text": consent_text},
        status=400 if form.is_bound else 200,
    )


@require_GET
def register_done(request):
    return render(
        request,
        "accounts/register_done.html",
        {
            "email": request.session.get("registered_email", ""),
            "form": forms.EmailForm(initial={"email": request.session.get("registered_email")}),
            "days": settings.EMAIL_CONFIRMATION_MAX_AGE // 86400,
        },
    )


@never_cache
@require_GET
def confirm_email(request, token: str):
    problem = None
    try:
        user, newly = services.email_confirm(token=token, request=request)
    except services.ConfirmationLinkExpired:
        problem = _(
            "The confirmation link has expired. Enter your e-mail and we will send a new one."
        )
    except services.ConfirmationLinkInvalid:
        problem = _(
            "The confirmation link is damaged or not valid. Check that you copied it whole, "
            "or ask for a new one."
        )
    if problem:
        return render(
            request,
            "accounts/confirm_resend.html",
            {"problem": problem, "form": forms.EmailForm()},
            status=400,
        )
    if newly:
        messages.success(request, _("Your e-mail is confirmed. You can log in now."))
    else:
        messages.info(request, _("This e-mail was already confirmed. You can log in."))
    if request.user.is_authenticated:
        return redirect("core:home")
    return redirect(_login_url(user.email))


def _login_url(email: str) -> str:
    return f"{reverse('accounts:login')}?{urlencode({'email': email})}"


@never_cache
def confirm_resend(request):
    form = forms.EmailForm(_posted(request), initial={"email": request.GET.get("email", "")})
    if request.method == "POST" and form.is_valid():
        try:
            services.email_confirmation_resend(email=form.cleaned_data["email"], request=request)
        except services.Throttled as limited:
            form.add_error(None, _throttled_message("email", limited.minutes))
        else:
            messages.success(
                request,
                _(
                    "If an account with this e-mail is waiting for confirmation, we have sent "
                    "a new link to it."
                ),
            )
            return redirect("accounts:login")
    return render(
        request,
        "accounts/confirm_resend.html",
        {"form": form},
        status=400 if form.is_bound else 200,
    )


# --- Login and logout -------------------------------------------------------------------------


@never_cache
@sensitive_post_parameters("password")
def login_view(request):
    next_url = safe_next(request, fallback="")
    if request.user.is_authenticated:
        return redirect(next_url or settings.LOGIN_REDIRECT_URL)
    form = forms.LoginForm(_posted(request), initial={"email": request.GET.get("email", "")})
    unconfirmed_email = ""
    if request.method == "POST" and form.is_valid():
        try:
            user = services.login_attempt(
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password"],
                request=request,
            )
        except services.Throttled as limited:
            form.add_error(None, _throttled_message("login", limited.minutes))
        except services.LoginFailed:
            form.add_error(None, _("Wrong e-mail or password."))
        except services.EmailNotConfirmed as error:
            unconfirmed_email = error.user.email
            form.add_error(
                None,
                _(
                    "Your e-mail is not confirmed yet. Follow the link in the letter we sent "
                    "after registration, or ask for a new letter."
                ),
            )
        else:
            services.session_open(user=user, request=request)
            response = redirect(next_url or settings.LOGIN_REDIRECT_URL)
            return _set_language_cookie(response, user.language)
    return render(
        request,
        "accounts/login.html",
        {"form": form, "next": next_url, "unconfirmed_email": unconfirmed_email},
        status=400 if form.is_bound else 200,
    )


@never_cache
def logout_view(request):
    if request.method == "POST":
        services.session_close(request=request)
        return redirect(settings.LOGOUT_REDIRECT_URL)
    if not request.user.is_authenticated:
        return redirect(settings.LOGOUT_REDIRECT_URL)
    return render(request, "accounts/logout.html")


# --- Passwords --------------------------------------------------------------------------------


@never_cache
def password_reset(request):
    form = forms.EmailForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.password_reset_request(email=form.cleaned_data["email"], request=request)
        except services.Throttled as limited:
            form.add_error(None, _throttled_message("email", limited.minutes))
        else:
            return redirect("accounts:password_reset_done")
    return render(
        request,
        "accounts/password_reset.html",
        {"form": form},
        status=400 if form.is_bound else 200,
    )


@require_GET
def password_reset_done(request):
    return render(
        request,
        "accounts/password_reset_done.html",
        {"hours": settings.PASSWORD_RESET_TIMEOUT // 3600},
    )


@never_cache
@sensitive_post_parameters("new_password1", "new_password2")
def password_reset_confirm(request, uidb64: str, token: str):
    user = selectors.user_for_reset_token(uidb64, token)
    if user is None:
        return render(request, "accounts/password_reset_invalid.html", status=400)
    form = forms.NewPasswordForm(user, _posted(request))
    if request.method == "POST" and form.is_valid():
        services.password_reset_complete(
            user=user, new_password=form.cleaned_data["new_password1"], request=request
        )
        messages.success(request, _("The password has been changed. Log in with the new one."))
        return redirect(_login_url(user.email))
    return render(
        request,
        "accounts/password_set.html",
        {"form": form},
        status=400 if form.is_bound else 200,
    )


@never_cache
@login_required
@sensitive_post_parameters("old_password", "new_password1", "new_password2")
def password_change(request):
    form = forms.ChangePasswordForm(request.user, _posted(request))
    throttled = ""
    if request.method == "POST":
        minutes = services.password_change_minutes_left(request.user)
        if minutes is not None:
            # Not even checked: the answer must not tell whether the old password was right.
            form = forms.ChangePasswordForm(request.user)
            throttled = _throttled_message("password", minutes)
        elif form.is_valid():
            ended = services.password_change(
                actor=request.user, new_password=form.cleaned_data["new_password1"], request=request
            )
            text = _("The password has been changed.")
            if ended:
                text += " " + _("You have been logged out on your other devices.")
            messages.success(request, text)
            return redirect("accounts:settings")
        elif "old_password" in form.errors:
            services.password_change_failed(request.user)
    return render(
        request,
        "accounts/password_change.html",
        {"form": form, "throttled": throttled},
        status=400 if request.method == "POST" else 200,
    )


# --- Settings ---------------------------------------------------------------------------------


@never_cache
@login_required
def settings_view(request):
    user = request.user
    if not policies.can_edit_profile(user, user):
        raise PermissionDenied
    published = selectors.published_field_names(user)
    publication_text = selectors.publication_consent_text()
    section = request.POST.get("section") if request.method == "POST" else None
    bound = request.POST if section else None

    profile_form = forms.ProfileForm(
        bound if section == "profile" else None,
        request.FILES if section == "profile" else None,
        user=user,
    )
    contacts_form = forms.ContactsForm(
        bound if section == "contacts" else None,
        user=user,
        published=published,
        publication_text=publication_text,
    )
    preferences_form = forms.PreferencesForm(bound if section == "preferences" else None, user=user)

    status = 200
    if request.method == "POST":
        status = 400
        if section == "profile" and profile_form.is_valid():
            data = profile_form.cleaned_data
            services.profile_update(
                actor=user,
                user=user,
                values=profile_form.values(),
                subjects=list(data["subjects"]),
                avatar=data["avatar"],
                avatar_clear=data.get("avatar_clear", False),
                request=request,
            )
            messages.success(request, _("The profile has been saved."))
            return redirect("accounts:settings")
        if section == "contacts" and contacts_form.is_valid():
            try:
                services.contacts_update(
                    actor=user,
                    user=user,
                    values=contacts_form.values(),
                    public=contacts_form.public_fields,
                    request=request,
                )
            except ConsentUnavailable:
                contacts_form.add_error(
                    None,
                    _(
                        "The platform operator has not published a text of consent to "
                        "distribution yet, so no field can be shown to everyone for now."
                    ),
                )
            else:
                messages.success(request, _("Contacts and visibility have been saved."))
                return redirect("accounts:settings")
        if section == "preferences" and preferences_form.is_valid():
            services.preferences_update(
                actor=user, user=user, values=preferences_form.values(), request=request
            )
            messages.success(request, _("The preferences have been saved."))
            response = redirect("accounts:settings")
            return _set_language_cookie(response, user.language)
        if section not in {"profile", "contacts", "preferences"}:
            messages.error(request, _("Unknown settings section: nothing has been saved."))

    return render(
        request,
        "accounts/settings.html",
        {
            "profile_form": profile_form,
            "contacts_form": contacts_form,
            "preferences_form": preferences_form,
            "publication_text": publication_text,
            "avatar_src": avatar_url(user),
        },
        status=status,
    )


# --- Profile page and avatar ------------------------------------------------------------------


def profile(request, pk: int):
    person = selectors.profile_person(pk)
    if person is None or not policies.can_view_profile(request.user, person):
        raise Http404
    fields = policies.visible_profile_fields(request.user, person)
    return render(
        request,
        "accounts/profile.html",
        {
            "person": person,
            "fields": fields,
            "is_self": request.user.is_authenticated and request.user.pk == person.pk,
            "can_edit": policies.can_edit_profile(request.user, person),
            "avatar_src": avatar_url(person) if "avatar" in fields else "",
            "memberships": selectors.person_communities(person),
        },
    )


@require_GET
def avatar(request, pk: int):
    person = selectors.person_for_avatar(pk)
    if person is None or not person.avatar or not policies.can_view_avatar(request.user, person):
        raise Http404
    try:
        handle = person.avatar.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    response = FileResponse(handle, content_type="image/jpeg")
    # Private: shared caches must not keep a photo that only some people may see.
    response["Cache-Control"] = "private, max-age=86400"
    response["Vary"] = "Cookie"
    return response


# --- Platform roles ---------------------------------------------------------------------------


@never_cache
@login_required
def platform_roles(request):
    if not policies.can_manage_platform_roles(request.user):
        raise PermissionDenied
    form = forms.PlatformRoleForm(_posted(request), initial={"action": "grant"})
    if request.method == "POST" and form.is_valid():
        person, role = form.person, form.cleaned_data["role"]
        label = dict(forms.PlatformRole.Role.choices)[role]
        name = person.get_full_name()
        try:
            if form.cleaned_data["action"] == form.GRANT:
                done = services.platform_role_grant(
                    actor=request.user, user=person, role=role, request=request
                )
                text = (
                    _("%(name)s is now: %(role)s.")
                    if done
                    else _("%(name)s already has the role: %(role)s.")
                )
            else:
                done = services.platform_role_revoke(
                    actor=request.user, user=person, role=role, request=request
                )
                text = (
                    _("The role %(role)s has been withdrawn from %(name)s.")
                    if done
                    else _("%(name)s does not have the role: %(role)s.")
                )
        except services.LastPlatformAdmin:
            form.add_error(
                None,
                _(
                    "This is the last platform administrator: appoint another one before "
                    "withdrawing this role."
                ),
            )
        else:
            (messages.success if done else messages.info)(
                request, text % {"name": name, "role": label}
            )
            return redirect("accounts:platform_roles")
    return render(
        request,
        "accounts/platform_roles.html",
        {"form": form, "holders": selectors.platform_role_holders()},
        status=400 if form.is_bound else 200,
    )
