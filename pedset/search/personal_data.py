"""Personal-data hook of search: the index holds the stems of a person's profile (never the text,
never contacts); on withdrawal of consent the person's entry goes at once, in the same
transaction. Posts and materials stay indexed: their content stays on the site, and the index
keeps no author names. Nothing to export: the index is derived from the profile, which accounts
exports.
"""

from django.utils.translation import pgettext_lazy

from pedset.search.models import SearchDocument

PROFILE_IN_INDEX = pgettext_lazy("personal data category", "profile words in the search index")


def erase(user) -> list[str]:
    from pedset.search.backends import backend

    ids = list(
        SearchDocument.objects.filter(kind="member", object_id=user.pk).values_list("id", flat=True)
    )
    if not ids:
        return []
    SearchDocument.objects.filter(id__in=ids).delete()
    backend().forget(ids)
    return [str(PROFILE_IN_INDEX)]
