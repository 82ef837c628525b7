"""The community page's «Методическая работа» block: the bank, the cabinet and, for those who run
them, the expertise desk, the council and the registry of documents."""

from django import template
from django.utils import timezone

register = template.Library()


@register.inclusion_tag("materials/_community_links.html", takes_context=True)
def methodical_work_links(context, community):
    from pedset.cabinet import policies as cabinet_policies
    from pedset.documents import policies as documents_policies
    from pedset.materials import policies as materials_policies
    from pedset.review import policies as review_policies
    from pedset.review.selectors import overdue_count

    request = context.get("request")
    user = getattr(request, "user", None)
    can_view_desk = review_policies.can_view_expertise_desk(user, community)
    return {
        "community": community,
        "can_create": materials_policies.can_create_material(user, community),
        "can_view_desk": can_view_desk,
        "overdue": overdue_count(community, timezone.now()) if can_view_desk else 0,
        "can_manage_criteria": review_policies.can_manage_criteria(user, community),
        "can_manage_council": cabinet_policies.can_manage_council(user, community),
        "can_view_registry": documents_policies.can_view_registry(user, community),
    }


@register.inclusion_tag("materials/_my_methodical_work.html", takes_context=True)
def my_methodical_work(context):
    """The home page's «Моя методическая работа»: my materials, my documents and, for experts
    with work to do (the badge counts it) and those who run expertise, «Моя экспертиза».
    Two queries, on the home page only (not in the header of every page)."""
    from pedset.review import policies as review_policies
    from pedset.review.selectors import open_work_count

    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"show": False}
    open_work = open_work_count(user)
    shows_expertise = bool(open_work) or review_policies.desk_communities(user).exists()
    return {"show": True, "shows_expertise": shows_expertise, "open_work": open_work}


@register.filter
def published_authors(material):
    """The material's authors as everyone sees them (policies.published_authors: not the
    co-authors yet to confirm). Reads the prefetched authors."""
    from pedset.materials import policies

    return policies.published_authors(material)
