"""Pages of the documents registry. Thin: policies decide, selectors read, services write."""

from __future__ import annotations

import re

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _

from pedset.communities.models import Community
from pedset.communities.services import ActionRefused
from pedset.core import ratelimit
from pedset.core.audit import client_ip
from pedset.documents import policies, selectors, services
from pedset.documents.forms import RegistryFilterForm, RevokeForm, VerifyForm
from pedset.documents.names import initials_of

PAGE_SIZE = 30
VERIFY_SCOPE = "document_verify"


# --- Public verification ---------------------------------------------------------------------


def verify_form(request):
    """/verify/: type a code; a valid one leads to its page."""
    form = VerifyForm(request.GET or None)
    if form.is_valid():
        return redirect("documents:verify", code=form.cleaned_data["code"])
    return render(request, "documents/verify_form.html", {"form": form})


def verify(request, code):
    """/verify/<code>/: what was issued, to whom (initials and surname), valid or revoked, and
    whether the stored record still matches its hash. Unknown codes from one address are counted:
    past DOCUMENT_VERIFY_LIMIT in a window, that address gets 429 for every code."""
    address = client_ip(request) or "unknown"
    if ratelimit.is_limited(VERIFY_SCOPE, address, settings.DOCUMENT_VERIFY_LIMIT):
        return render(request, "documents/verify_limited.html", status=429)
    normalised = services.normalise_code(code)
    document = selectors.document_by_code(normalised)
    if document is None:
        ratelimit.hit(VERIFY_SCOPE, address, settings.DOCUMENT_VERIFY_WINDOW)
        return render(
            request,
            "documents/verify_unknown.html",
            {"code": code[:64], "form": VerifyForm()},
            status=404,
        )
    if normalised != code:
        return redirect("documents:verify", code=normalised)
    printed = document.content if isinstance(document.content, dict) else {}
    heading = str(printed.get("heading", ""))
    return render(
        request,
        "documents/verify.html",
        {
            "document": document,
            "organisation": printed.get("organisation", ""),
            "community_name": printed.get("community", ""),
            # the printed heading only when it says more than the type («ДИПЛОМ I степени»)
            "heading": heading if heading.lower() != document.get_kind_display().lower() else "",
            "holder": initials_of(document.recipient_name),
            "intact": services.document_hash(document) == document.content_hash,
            "can_download": policies.can_download_document(request.user, document),
        },
    )


# --- The person's documents and the community's registry -------------------------------------


@login_required
def my_documents(request):
    page = Paginator(selectors.documents_of_person(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "documents/mine.html", {"page_obj": page})


@login_required
def community_registry(request, slug):
    community = Community.objects.filter(slug=slug).first()
    if community is None:
        raise Http404
    if not policies.can_view_registry(request.user, community):
        raise PermissionDenied
    form = RegistryFilterForm(request.GET or None, years=selectors.registry_years(community))
    kind, year = "", None
    if form.is_valid():
        kind, year = form.cleaned_data["kind"], form.cleaned_data["year"]
    documents = selectors.registry_documents(community, kind=kind, year=year)
    page = Paginator(documents, PAGE_SIZE).get_page(request.GET.get("page"))
    for document in page:
        # One question per row without queries: roles are memoised on the user.
        document.can_revoke = policies.can_revoke_document(request.user, document)
    return render(
        request,
        "documents/registry.html",
        {"community": community, "form": form, "page_obj": page},
    )


@login_required
def document_revoke(request, pk):
    document = selectors.document_by_pk(pk)
    if document is None:
        raise Http404
    if not policies.can_revoke_document(request.user, document):
        if not policies.can_download_document(request.user, document):
            raise Http404
        raise PermissionDenied
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.document_revoke(
                actor=request.user, document=document, reason=form.cleaned_data["reason"]
            )
        except ActionRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(
                request, _("Document № %(number)s is revoked.") % {"number": document.number}
            )
            if document.community_id:
                return redirect("documents:registry", slug=document.community.slug)
            return redirect("documents:verify", code=document.verification_code)
    return render(request, "documents/revoke.html", {"document": document, "form": form})


# --- Files ------------------------------------------------------------------------------------

UNSAFE_IN_NAME = re.compile(r"[^\w\s№.-]+")


def download_name(document, extension: str) -> str:
    """«Свидетельство о публикации № С-2026-0015.pdf»: Russian, no slashes or quotes."""
    with translation.override("ru"):
        kind = str(document.get_kind_display())
    name = f"{kind[:1].upper()}{kind[1:]} № {document.number}".replace("/", "-")
    name = " ".join(UNSAFE_IN_NAME.sub("-", name).split())
    return f"{name}.{extension}"


CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _download(request, pk, extension):
    document = selectors.document_by_pk(pk)
    if document is None or not policies.can_download_document(request.user, document):
        raise Http404
    stored = getattr(document, extension)
    if not stored:
        raise Http404
    try:
        handle = stored.open("rb")
    except (OSError, ValueError):
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=download_name(document, extension),
        content_type=CONTENT_TYPES[extension],
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def download_pdf(request, pk):
    return _download(request, pk, "pdf")


@login_required
def download_docx(request, pk):
    return _download(request, pk, "docx")
