"""The search page: /search/?q=…&kind=…&community=…"""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import render

from pedset.core import ratelimit
from pedset.core.audit import client_ip
from pedset.search import registry, selectors
from pedset.search.forms import SearchForm

RATE_SCOPE = "search"


def _rate_limited_minutes(request) -> int:
    """Searching costs the database more than reading a page: each person (or, for anonymous
    visitors, each address — a school shares one) gets SEARCH_LIMIT searches per window."""
    if request.user.is_authenticated:
        ident, limit = f"user:{request.user.pk}", settings.SEARCH_LIMIT
    else:
        ident, limit = f"ip:{client_ip(request) or '-'}", settings.SEARCH_LIMIT_PER_IP
    return ratelimit.take(RATE_SCOPE, ident, limit=limit, window=settings.SEARCH_WINDOW)


def search(request):
    form = SearchForm(request.GET if "q" in request.GET else None)
    context = {"form": form, "outcome": None, "limited_minutes": 0}
    status = 200
    if form.is_bound and form.is_valid():
        minutes = _rate_limited_minutes(request)
        if minutes:
            context["limited_minutes"] = minutes
            status = 429
        else:
            kind = form.cleaned_data["kind"]
            outcome = selectors.search(
                request.user,
                form.terms,
                kind=kind,
                community=form.cleaned_data["community"],
            )
            page = Paginator(outcome.hits, selectors.PAGE_SIZE).get_page(request.GET.get("page"))
            context.update(
                outcome=outcome,
                page_obj=page,
                results=selectors.present(request.user, list(page.object_list), form.terms),
                kind=kind,
                tabs=[
                    (p.kind, p.label, outcome.counts.get(p.kind, 0)) for p in registry.providers()
                ],
                candidates_cap=selectors.CANDIDATES_PER_KIND,
            )
    return render(request, "search/results.html", context, status=status)
