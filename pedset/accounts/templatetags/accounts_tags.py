from django import template

from pedset.accounts.avatars import avatar_url as _avatar_url

register = template.Library()


@register.filter
def avatar_url(person) -> str:
    """{{ person|avatar_url }}: the permission-checked photo address ("" when there is none).

    Show it only where accounts.policies.visible_profile_fields includes "avatar".
    """
    return _avatar_url(person)
